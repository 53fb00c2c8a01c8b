package httpapi_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ontschot/ontschot/httpapi"
	"github.com/ontschot/ontschot/ledger"
)

// slowFacts is a store whose reads of payout facts and of their aggregates
// wait until released, so a heavy read can be held inside the gate.
type slowFacts struct {
	ledger.Store
	entered chan struct{}
	release chan struct{}
	once    sync.Once
	freed   sync.Once
}

// free lets the held reads go on.
func (s *slowFacts) free() { s.freed.Do(func() { close(s.release) }) }

func (s *slowFacts) PayoutFacts(ctx context.Context, f ledger.FactFilter, fn func(*ledger.PayoutFact) error) error {
	s.once.Do(func() { close(s.entered) })
	select {
	case <-s.release:
	case <-ctx.Done():
		return ctx.Err()
	}
	return s.Store.PayoutFacts(ctx, f, fn)
}

func (s *slowFacts) Aggregates(ctx context.Context, fn func(ledger.AggregateReader) error) error {
	s.once.Do(func() { close(s.entered) })
	select {
	case <-s.release:
	case <-ctx.Done():
		return ctx.Err()
	}
	return s.Store.Aggregates(ctx, fn)
}

// TestHeavyReadsAreBounded holds the one slot of the gate with a queue
// that reads slowly: another heavy read is answered 503 with Retry-After
// (not left hanging), a light read is answered at once, and the first
// read completes when released.
func TestHeavyReadsAreBounded(t *testing.T) {
	slow := &slowFacts{entered: make(chan struct{}), release: make(chan struct{})}
	e := newEnvConfig(t, 10000_00, func(s ledger.Store) ledger.Store { slow.Store = s; return slow },
		func(c *httpapi.Config) { c.HeavyReads, c.HeavyWait = 1, 200*time.Millisecond })
	t.Cleanup(slow.free) // before the server closes, even when the test fails
	first := make(chan int, 1)
	go func() {
		r := e.do("GET", "/api/v1/allocation-queue?limit=1", finance, nil)
		first <- r.Status
	}()
	select {
	case <-slow.entered:
	case <-time.After(10 * time.Second):
		t.Fatal("the first heavy read never started")
	}
	for _, path := range []string{"/api/v1/signals", "/api/v1/allocation-queue?limit=1", "/api/v1/pots/" + string(e.pot.ID) + "/regret",
		"/api/v1/finance-views/2026-Q1", "/api/v1/legitimacy-reports/2026-Q1"} {
		start := time.Now()
		r := want(t, e.do("GET", path, auditor, nil), 503)
		wantProblem(t, r, 503, "UNAVAILABLE")
		if r.Header.Get("Retry-After") != "1" || !strings.Contains(r.Problem(t).Detail, "ask again in 1 seconds") {
			t.Fatalf("%s: Retry-After %q, detail %q", path, r.Header.Get("Retry-After"), r.Problem(t).Detail)
		}
		if waited := time.Since(start); waited > 5*time.Second {
			t.Fatalf("%s was answered after %s; it should give up after the gate's wait", path, waited)
		}
	}
	// Light reads do not pass the gate.
	want(t, e.do("GET", "/api/v1/pots", auditor, nil), 200)
	want(t, e.do("GET", "/api/v1/payouts?limit=1", auditor, nil), 200)
	slow.free()
	if st := <-first; st != 200 {
		t.Fatalf("the held queue answered %d; want 200", st)
	}
	// With the slot free again, a heavy read gets in.
	want(t, e.do("GET", "/api/v1/signals", auditor, nil), 200)
	// The metrics show the refusals.
	m := want(t, e.do("GET", "/metrics", auditor, nil), 200)
	if !strings.Contains(string(m.Body), "ontschot_heavy_reads_refused_total 5") || !strings.Contains(string(m.Body), "ontschot_heavy_reads_slots 1") {
		t.Fatalf("metrics lack the gate's figures:\n%s", m.Body)
	}
}

// TestHeavyRoutesExist keeps the gate's list in step with the routes.
func TestHeavyRoutesExist(t *testing.T) {
	known := map[string]bool{}
	for _, rt := range httpapi.Routes() {
		known[rt.Method+" "+rt.Path] = true
	}
	for _, key := range httpapi.HeavyRoutes() {
		if !known[key] {
			t.Errorf("the gate names %s, which is not a route", key)
		}
	}
}
