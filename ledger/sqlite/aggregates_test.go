package sqlite_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ontschot/ontschot/allocation"
	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/ledgertest"
	"github.com/ontschot/ontschot/ledger/storage"
)

// aggregateFile makes a ledger with a random history (see
// ledgertest.RandomHistory) and returns its path.
func aggregateFile(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "ledger.db")
	clock := ledgertest.NewClock(ledgertest.Start)
	s, err := storage.Open(path, storage.Options{Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	ledgertest.RandomHistory(t, s, clock, 5, 150, nil)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestVerifyNamesChangedAggregates: the aggregates of payout facts answer
// the pages and reports, so an attacker with the file who changes them
// would make the figures lie without touching a record. Verify recomputes
// them from the payouts and names each kind of change.
func TestVerifyNamesChangedAggregates(t *testing.T) {
	path := aggregateFile(t)
	if v := verifyFile(t, path); !v.OK {
		t.Fatalf("before: %v", v.Failure)
	}
	for _, c := range []struct {
		name, sql, want string
	}{
		{"less regret", `UPDATE fact_cells SET b = 0 WHERE kind = 'regret' AND b > 0`, "aggregate cell regret"},
		{"more spent", `UPDATE fact_cells SET a = a + 100 WHERE kind = 'regret'`, "aggregate cell regret"},
		{"a case less", `DELETE FROM fact_cells WHERE kind = 'signal_cases'`, "aggregate cell signal_cases"},
		{"a queue cell moved", `UPDATE fact_cells SET day = '2020-01-01' WHERE kind = 'queue' AND (pot_id, key, day, sub) = (SELECT pot_id, key, day, sub FROM fact_cells WHERE kind = 'queue' LIMIT 1)`, "aggregate cell queue"},
		{"a cost gone from the queue", `DELETE FROM fact_index WHERE kind = 'queue'`, "queue list"},
		{"a payout added to a signal", `INSERT INTO fact_index SELECT kind, 'category-other', payout_id, pot_id, day, at, case_hash, amount FROM fact_index WHERE kind = 'signal' AND key <> 'category-other' LIMIT 1`, "signal list"},
		{"a flag moved", `UPDATE fact_index SET day = '2026-01-01' WHERE kind = 'flagged'`, "flagged list"},
		{"an unknown cell", `INSERT INTO fact_cells VALUES ('regret', 'POT-X', 'other', '2026-01-01', '', 1, 1, 0, 0, 0)`, "aggregate cell regret"},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "copy.db")
			copyFile(t, path, p)
			rawExec(t, p, c.sql)
			v := verifyFile(t, p)
			if v.OK || !strings.Contains(v.Failure.Error(), c.want) || !strings.Contains(v.Failure.Error(), "outside ontschot") {
				t.Fatalf("after %s: %+v; want a failure naming %q", c.sql, v.Failure, c.want)
			}
		})
	}
}

// TestAggregatesBuiltWhenAsked: a ledger that asks for its aggregates (an
// upgraded one, or one whose aggregates an attacker emptied and marked to
// be built) gets them built from its payouts when it is opened, equal to
// those kept as it went, and verifies.
func TestAggregatesBuiltWhenAsked(t *testing.T) {
	path := aggregateFile(t)
	before := answers(t, path)
	rawExec(t, path, `DELETE FROM fact_cells`, `DELETE FROM fact_index`,
		`INSERT INTO fact_cells VALUES ('regret', 'POT-X', 'other', '2026-01-01', '', 1, 1, 0, 0, 0)`,
		`INSERT INTO aggregate_rebuilds (name) VALUES ('payout_facts')`)
	if after := answers(t, path); after != before {
		t.Fatalf("built anew, the answers are\n%s\nbut were\n%s", after, before)
	}
	if v := verifyFile(t, path); !v.OK {
		t.Fatalf("after the build: %v", v.Failure)
	}
}

// answers opens the ledger and returns what the analyses answer from the
// aggregates, as text.
func answers(t *testing.T, path string) string {
	t.Helper()
	now := ledgertest.Start.Add(200 * 24 * time.Hour)
	s, err := storage.Open(path, storage.Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	svc := &allocation.Service{Store: s, Now: func() time.Time { return now }}
	pots, err := s.Pots(ctx)
	if err != nil || len(pots) == 0 {
		t.Fatalf("pots: %v, %v", pots, err)
	}
	q, err := svc.Queue(ctx, allocation.QueueQuery{})
	if err != nil {
		t.Fatal(err)
	}
	r, err := svc.Regret(ctx, &pots[0], 0)
	if err != nil {
		t.Fatal(err)
	}
	sg, err := svc.Signals(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	tl, err := svc.Timeliness(ctx, pots[0].ID, ledgertest.Finance)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, it := range q.Items {
		ids = append(ids, string(it.Fact.ID))
	}
	return strings.Join([]string{strings.Join(ids, ","), sprint(q.Totals), sprint(r), sprint(sg), sprint(tl)}, "\n")
}

func sprint(v any) string { return fmt.Sprintf("%+v", v) }

// TestVerifyNamesARebuildMarkedByHand: an attacker with the file who
// changes the aggregates of a running server and marks them to be built
// (so a check that skipped a ledger awaiting its build would pass them)
// is named by the server's next full verification; the figures are
// checked all the same.
func TestVerifyNamesARebuildMarkedByHand(t *testing.T) {
	path := aggregateFile(t)
	s, err := storage.Open(path, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	rawExec(t, path, `UPDATE fact_cells SET b = 0 WHERE kind = 'regret'`, `INSERT INTO aggregate_rebuilds (name) VALUES ('x')`)
	v, err := s.Verify(context.Background(), ledger.VerifyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if v.OK || !strings.Contains(v.Failure.Error(), "aggregate_rebuilds") {
		t.Fatalf("a rebuild marked by hand on a running ledger: %+v", v.Failure)
	}
	failures, err := s.CheckAggregates(context.Background())
	if err != nil || len(failures) < 2 || !strings.Contains(failures[1].Problem, "aggregate cell regret") {
		t.Fatalf("the changed cells are checked all the same: %v, %v", failures, err)
	}
}
