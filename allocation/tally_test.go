package allocation_test

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/ontschot/ontschot/allocation"
	"github.com/ontschot/ontschot/ledger"
)

// randomFacts makes n facts over the year before today, of every status,
// partly allocated, some in the same day (ties by id).
func randomFacts(rng *rand.Rand, n int, today ledger.Date) []ledger.PayoutFact {
	statuses := []ledger.Status{ledger.StatusApproved, ledger.StatusPaid, ledger.StatusPending, ledger.StatusRejected, ledger.StatusReversed}
	facts := make([]ledger.PayoutFact, n)
	for i := range facts {
		vd := today.AddDays(-rng.IntN(200))
		amount := ledger.Cents(100 + rng.IntN(500_00))
		f := ledger.PayoutFact{ID: ledger.PayoutID(fmt.Sprintf("PAY-%05d", (i*7919)%100003)), PotID: "POT-A", Amount: amount,
			Status: statuses[rng.IntN(len(statuses))], ValueDate: vd, RequestedAt: at(vd), Category: []string{"rent_arrears", "transport"}[rng.IntN(2)]}
		if rng.IntN(3) == 0 {
			f.DecidedAt = at(vd.AddDays(rng.IntN(10)))
		}
		switch rng.IntN(3) {
		case 0:
			f.Allocated = amount
		case 1:
			f.Allocated = amount / 2
		}
		facts[i] = f
	}
	return facts
}

// TestQueueTallyKeepsThePage compares the tally of a page with the whole
// queue: the same first items in the same order, the same totals and the
// same count, for every band and page size, however the facts come.
func TestQueueTallyKeepsThePage(t *testing.T) {
	today := day(2026, time.June, 30)
	rng := rand.New(rand.NewPCG(1, 2))
	for round := range 20 {
		facts := randomFacts(rng, 50+rng.IntN(700), today)
		all, totals := allocation.Queue(facts, today, nil)
		for _, band := range append([]allocation.AgeBand{""}, allocation.AgeBands...) {
			var want []allocation.QueueItem
			for _, it := range all {
				if band == "" || it.Band == band {
					want = append(want, it)
				}
			}
			for _, limit := range []int{1, 7, 100, 0} {
				tally := allocation.NewQueueTally(today, band, limit)
				for i := range facts {
					tally.Add(&facts[i])
				}
				got := tally.Items()
				page := want
				if limit > 0 && len(page) > limit {
					page = page[:limit]
				}
				if len(got) != len(page) || (len(page) > 0 && !reflect.DeepEqual(got, page)) {
					t.Fatalf("round %d, band %q, limit %d: %d items, want %d (or in another order)", round, band, limit, len(got), len(page))
				}
				if tally.Matched() != len(want) || !reflect.DeepEqual(tally.Totals(), totals) {
					t.Fatalf("round %d, band %q, limit %d: matched %d totals %v; want %d %v", round, band, limit, tally.Matched(), tally.Totals(), len(want), totals)
				}
			}
		}
	}
}

// TestTalliesMatchTheSliceFunctions feeds the tallies one fact at a time
// and compares them with the functions over the whole slice.
func TestTalliesMatchTheSliceFunctions(t *testing.T) {
	today := day(2026, time.June, 30)
	facts := randomFacts(rand.New(rand.NewPCG(3, 4)), 600, today)
	from := day(2026, time.January, 1)
	rt := allocation.NewRegretTally(from, today, today, 0)
	tt := allocation.NewTimelinessTally(today)
	for i := range facts {
		rt.Add(&facts[i])
		tt.Add(&facts[i])
	}
	if got, want := rt.Figures(), allocation.RegretOver(facts, from, today, today, 0); !reflect.DeepEqual(got, want) {
		t.Fatalf("regret tally %+v; want %+v", got, want)
	}
	if got, want := tt.Result(), allocation.ForPot(facts, today); !reflect.DeepEqual(got, want) {
		t.Fatalf("timeliness tally %+v; want %+v", got, want)
	}
	// A figure asked for twice is the same: Result and Figures do not
	// consume the tally.
	if !reflect.DeepEqual(rt.Figures(), rt.Figures()) || !reflect.DeepEqual(tt.Result(), tt.Result()) {
		t.Fatal("asking a tally twice gives another answer")
	}
}
