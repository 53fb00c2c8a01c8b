package allocation_test

import (
	"slices"
	"testing"
	"time"

	"github.com/ontschot/ontschot/allocation"
	"github.com/ontschot/ontschot/ledger"
)

var bandTests = []struct {
	days int
	want allocation.AgeBand
}{
	{-3, allocation.BandRecent},
	{0, allocation.BandRecent},
	{30, allocation.BandRecent},
	{31, allocation.BandOlder},
	{90, allocation.BandOlder},
	{91, allocation.BandOverdue},
	{4000, allocation.BandOverdue},
}

func TestBand(t *testing.T) {
	for _, tt := range bandTests {
		t.Run(string(tt.want)+"/"+itoa(tt.days), func(t *testing.T) {
			if got, want := allocation.Band(tt.days), tt.want; got != want {
				t.Fatalf("Band(%d) = %s; want %s", tt.days, got, want)
			}
		})
	}
}

// queued returns an approved fact of amount booked (value date) days
// before today, without a decision time.
func queued(id ledger.PayoutID, amount, allocated ledger.Cents, today ledger.Date, days int) ledger.PayoutFact {
	return ledger.PayoutFact{ID: id, PotID: "POT-1", Amount: amount, Allocated: allocated, Category: "transport",
		Status: ledger.StatusApproved, ValueDate: today.AddDays(-days)}
}

func TestQueue(t *testing.T) {
	today := day(2026, 6, 30)
	facts := []ledger.PayoutFact{
		queued("PAY-A", 100_00, 0, today, 10),
		queued("PAY-B", 200_00, 50_00, today, 31),
		with(queued("PAY-C", 300_00, 0, today, 91), func(f *ledger.PayoutFact) { f.Status = ledger.StatusPaid }),
		queued("PAY-D", 400_00, 400_00, today, 200),                                                                   // fully allocated
		with(queued("PAY-E", 500_00, 0, today, 200), func(f *ledger.PayoutFact) { f.Status = ledger.StatusPending }),  // not spent
		with(queued("PAY-F", 600_00, 0, today, 200), func(f *ledger.PayoutFact) { f.Status = ledger.StatusRejected }), // not spent
		with(queued("PAY-G", 700_00, 0, today, 200), func(f *ledger.PayoutFact) { f.Status = ledger.StatusReversed }), // not spent
		queued("PAY-0", 1_00, 0, today, 31), // same age as PAY-B: by id
		queued("PAY-H", 2_00, 0, today, 90),
		queued("PAY-I", 3_00, 0, today, -5), // value date after today: age 0
		queued("PAY-J", 4_00, 0, today, 30),
		// Decided at 23:30 UTC on 5 April, which is 6 April in Amsterdam:
		// 85 days before today, whatever its value date says.
		with(queued("PAY-K", 5_00, 0, today, 300), func(f *ledger.PayoutFact) {
			f.DecidedAt = time.Date(2026, 4, 5, 23, 30, 0, 0, time.UTC)
		}),
	}
	var calls []ledger.PayoutID
	items, totals := allocation.Queue(facts, today, func(f *ledger.PayoutFact) allocation.Suggestion {
		calls = append(calls, f.ID)
		return allocation.Suggestion{RuleID: "rule-" + string(f.ID)}
	})
	want := []struct {
		id          ledger.PayoutID
		unallocated ledger.Cents
		age         int
		band        allocation.AgeBand
	}{
		{"PAY-C", 300_00, 91, allocation.BandOverdue},
		{"PAY-H", 2_00, 90, allocation.BandOlder},
		{"PAY-K", 5_00, 85, allocation.BandOlder},
		{"PAY-0", 1_00, 31, allocation.BandOlder},
		{"PAY-B", 150_00, 31, allocation.BandOlder},
		{"PAY-J", 4_00, 30, allocation.BandRecent},
		{"PAY-A", 100_00, 10, allocation.BandRecent},
		{"PAY-I", 3_00, 0, allocation.BandRecent},
	}
	if got, want := len(items), len(want); got != want {
		t.Fatalf("%d items; want %d: %+v", got, want, items)
	}
	for i, w := range want {
		it := items[i]
		if it.Fact.ID != w.id || it.Unallocated != w.unallocated || it.AgeDays != w.age || it.Band != w.band {
			t.Fatalf("item %d = %s %s %d days %s; want %s %s %d days %s", i,
				it.Fact.ID, it.Unallocated, it.AgeDays, it.Band, w.id, w.unallocated, w.age, w.band)
		}
		if got, want := it.Suggestion.RuleID, "rule-"+string(w.id); got != want {
			t.Fatalf("item %d suggestion = %q; want %q", i, got, want)
		}
	}
	if got, want := len(calls), len(want); got != want {
		t.Fatalf("suggest called %d times; want %d", got, want)
	}
	wantTotals := []allocation.BandTotal{
		{Band: allocation.BandRecent, Payouts: 3, Amount: 107_00},
		{Band: allocation.BandOlder, Payouts: 4, Amount: 158_00},
		{Band: allocation.BandOverdue, Payouts: 1, Amount: 300_00},
	}
	if !slices.Equal(totals, wantTotals) {
		t.Fatalf("totals = %+v; want %+v", totals, wantTotals)
	}

	t.Run("NilSuggest", func(t *testing.T) {
		items, _ := allocation.Queue(facts[:1], today, nil)
		if got, want := len(items), 1; got != want {
			t.Fatalf("%d items; want %d", got, want)
		}
		if s := items[0].Suggestion; s.RuleID != "" || s.Lines != nil {
			t.Fatalf("suggestion = %+v; want none", s)
		}
	})
	t.Run("Empty", func(t *testing.T) {
		items, totals := allocation.Queue(facts[3:7], today, nil)
		if items == nil || len(items) != 0 {
			t.Fatalf("items = %#v; want an empty slice", items)
		}
		want := []allocation.BandTotal{{Band: allocation.BandRecent}, {Band: allocation.BandOlder}, {Band: allocation.BandOverdue}}
		if !slices.Equal(totals, want) {
			t.Fatalf("totals = %+v; want %+v", totals, want)
		}
	})
	t.Run("SuggestionsFromRules", func(t *testing.T) {
		rules := ledger.DefaultAllocationRules()
		items, _ := allocation.Queue(facts[:1], today, func(f *ledger.PayoutFact) allocation.Suggestion {
			return allocation.Suggest(f, rules, taakvelden, nil, nil)
		})
		if got, want := items[0].Suggestion.Lines, []ledger.AllocationLine{lawLine(wmo, "6.60", ledger.EconInKind, 100_00)}; !slices.Equal(got, want) {
			t.Fatalf("lines = %+v; want %+v", got, want)
		}
	})
}
