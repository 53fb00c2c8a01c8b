package sqlite_test

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/ledgertest"
	"github.com/ontschot/ontschot/ledger/storage"
)

var benchPayouts = flag.Int("payouts", 1_000_000, "payouts stored for BenchmarkBalance and BenchmarkVerify")

var benchLedger = flag.String("ledger", "", "a ledger file (as 'ontschot demo --payouts N' makes) that BenchmarkVerify and BenchmarkVerifyIncremental copy and verify, instead of the one-pot ledger of -payouts")

// benchStore opens a store with one richly funded pot.
func benchStore(b *testing.B, path string) (*ledger.Service, ledger.PotID) {
	b.Helper()
	s, err := storage.Open(path, storage.Options{})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	pots, err := s.Pots(ctx)
	if err != nil {
		b.Fatal(err)
	}
	if len(pots) > 0 {
		return s, pots[0].ID
	}
	partner, err := s.CreatePartner(ctx, ledgertest.Admin, ledger.NewPartner{Name: "Gemeente", Kind: ledger.KindMunicipality})
	if err != nil {
		b.Fatal(err)
	}
	pot, err := s.CreatePot(ctx, ledgertest.Admin, ledger.NewPot{Name: "Pot", Year: ledger.DateOf(time.Now()).Year(),
		RecoveryPolicy: ledger.PolicyRefund, Mandates: ledgertest.Ladder()})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := s.Contribute(ctx, ledgertest.Finance, ledger.NewContribution{PotID: pot.ID, PartnerID: partner.ID,
		Amount: ledger.MaxAmount, ValueDate: ledger.DateOf(time.Now()), Reference: "Bijdrage"}); err != nil {
		b.Fatal(err)
	}
	return s, pot.ID
}

// BenchmarkRequestPayout measures durable (synchronous=FULL) approved payouts
// per second through the service on SQLite, with one requester and with 32
// at once (ledgertest.BenchRequestPayout).
func BenchmarkRequestPayout(b *testing.B) {
	ledgertest.BenchRequestPayout(b, func(b *testing.B) []ledger.Store {
		s, err := storage.Open(filepath.Join(b.TempDir(), "bench.db"), storage.Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { s.Close() })
		return []ledger.Store{s}
	})
}

// bigLedger returns a store holding *benchPayouts approved payouts, built
// once and kept in the temporary directory between runs.
func bigLedger(b *testing.B) (*ledger.Service, ledger.PotID) {
	b.Helper()
	path := filepath.Join(os.TempDir(), fmt.Sprintf("ontschot-bench-%d.db", *benchPayouts))
	s, pot := benchStore(b, path)
	ctx := context.Background()
	page, err := s.Payouts(ctx, ledger.PayoutFilter{Limit: 1})
	if err != nil {
		b.Fatal(err)
	}
	if len(page.Payouts) > 0 {
		return s, pot // built by an earlier run
	}
	start := time.Now()
	var next atomic.Int64
	var wg sync.WaitGroup
	req := ledgertest.ValidRequest(pot, 1_00)
	for range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for next.Add(1) <= int64(*benchPayouts) {
				if _, err := s.RequestPayout(ctx, ledgertest.Caseworker, req); err != nil {
					b.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	b.Logf("stored %d payouts in %s (%s)", *benchPayouts, time.Since(start).Round(time.Second), path)
	return s, pot
}

// BenchmarkBalance reads a pot's balance with a million payouts stored: it
// must not depend on the length of the history.
func BenchmarkBalance(b *testing.B) {
	s, pot := bigLedger(b)
	defer s.Close()
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := s.Balance(ctx, pot); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPayoutsPage reads the newest page of 50 payouts of a pot with a
// million payouts stored.
func BenchmarkPayoutsPage(b *testing.B) {
	s, pot := bigLedger(b)
	defer s.Close()
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		if _, err := s.Payouts(ctx, ledger.PayoutFilter{PotID: pot, Status: ledger.StatusApproved}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerify recomputes the whole journal of a million payouts (or
// of a copy of -ledger). Its memory must stay flat: besides the
// allocations per run it reports the peak of the live heap while Verify
// runs (peak-heap-MB), which must not grow with the number of payouts, and
// the time per million transactions (s/Mtx).
func BenchmarkVerify(b *testing.B) {
	s := verifyLedger(b)
	defer s.Close()
	ctx := context.Background()
	runtime.GC()
	peak := watchHeap()
	b.ReportAllocs()
	b.ResetTimer()
	var transactions int64
	for b.Loop() {
		v, err := s.Verify(ctx, ledger.VerifyOptions{})
		if err != nil || !v.OK {
			b.Fatal(err, v.Failure)
		}
		transactions = v.Transactions
	}
	b.StopTimer()
	b.ReportMetric(float64(transactions), "transactions")
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N)/float64(transactions)*1e6, "s/Mtx")
	b.ReportMetric(float64(peak())/(1<<20), "peak-heap-MB")
}

// BenchmarkVerifyIncremental verifies what 1,000 payouts appended since
// the last verification: the journal's length must not matter. Each round
// books the payouts (not timed) and verifies from the checkpoint the round
// before recorded.
func BenchmarkVerifyIncremental(b *testing.B) {
	s := verifyLedger(b)
	defer s.Close()
	ctx := context.Background()
	start := time.Now()
	v, err := s.Verify(ctx, ledger.VerifyOptions{Record: true})
	if err != nil || !v.OK || !v.Recorded {
		b.Fatal(err, v.Failure)
	}
	b.Logf("the full verification that recorded the checkpoint: %d transactions in %s", v.Transactions, time.Since(start).Round(time.Millisecond))
	pots, err := s.Pots(ctx)
	if err != nil {
		b.Fatal(err)
	}
	year := ledger.DateOf(time.Now()).Year()
	var pot ledger.PotID
	for _, p := range pots {
		if p.Year == year {
			pot = p.ID
		}
	}
	if pot == "" {
		b.Fatalf("the ledger has no pot of %d to book payouts in", year)
	}
	const payouts = 1000
	req := ledgertest.ValidRequest(pot, 1_00)
	runtime.GC()
	peak := watchHeap()
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		var wg sync.WaitGroup
		var next atomic.Int64
		for range 16 {
			wg.Go(func() {
				for next.Add(1) <= payouts {
					if _, err := s.RequestPayout(ctx, ledgertest.Caseworker, req); err != nil {
						b.Error(err)
						return
					}
				}
			})
		}
		wg.Wait()
		b.StartTimer()
		v, err := s.Verify(ctx, ledger.VerifyOptions{Incremental: true, Record: true})
		if err != nil || !v.OK || v.Full || v.Transactions < payouts {
			b.Fatal(err, v.Failure, v.Full, v.Transactions)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(peak())/(1<<20), "peak-heap-MB")
}

// verifyLedger opens the ledger the verification benchmarks read: a copy of
// -ledger in the test's directory, or the one of -payouts.
func verifyLedger(b *testing.B) *ledger.Service {
	b.Helper()
	if *benchLedger == "" {
		s, _ := bigLedger(b)
		return s
	}
	path := filepath.Join(b.TempDir(), "ledger.db")
	for _, suffix := range []string{"", "-wal"} {
		from, err := os.Open(*benchLedger + suffix)
		if suffix != "" && os.IsNotExist(err) {
			continue
		}
		if err != nil {
			b.Fatal(err)
		}
		to, err := os.Create(path + suffix)
		if err != nil {
			b.Fatal(err)
		}
		_, err = io.Copy(to, from)
		from.Close()
		if err := errors.Join(err, to.Close()); err != nil {
			b.Fatal(err)
		}
	}
	s, err := storage.Open(path, storage.Options{})
	if err != nil {
		b.Fatal(err)
	}
	return s
}

// watchHeap samples the live heap every few milliseconds until the
// function it returns is called, which returns the highest sample.
func watchHeap() func() uint64 {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	var peak atomic.Uint64
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(sample)
			if v := sample[0].Value.Uint64(); v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() uint64 {
		close(done)
		<-stopped
		return peak.Load()
	}
}
