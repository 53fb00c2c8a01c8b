package allocation_test

import (
	"slices"
	"testing"
	"time"

	"github.com/ontschot/ontschot/allocation"
	"github.com/ontschot/ontschot/ledger"
)

// requested returns a fact requested at noon on the date, stuck since
// stuck days before, with the status; decided (when not negative) days after
// the request.
func requested(id ledger.PayoutID, d ledger.Date, stuck int, s ledger.Status, decided int) ledger.PayoutFact {
	f := ledger.PayoutFact{ID: id, PotID: "POT-1", Amount: 10_00, Category: "transport", CaseRef: "zaak-" + string(id),
		Status: s, ValueDate: d, StuckSince: d.AddDays(-stuck), RequestedAt: at(d)}
	if decided >= 0 {
		f.DecidedAt = at(d.AddDays(decided))
	}
	return f
}

func instant(f ledger.PayoutFact) ledger.PayoutFact {
	f.OwnMandate, f.DecidedAt = true, f.RequestedAt
	return f
}

var forPayoutTests = []struct {
	name string
	fact ledger.PayoutFact
	want allocation.PayoutTimeliness
}{
	{"Stuck56", requested("PAY-1", day(2026, 3, 2), 56, ledger.StatusApproved, 3),
		allocation.PayoutTimeliness{StuckDays: 56, WaitDays: 3}},
	{"Stuck57", requested("PAY-1", day(2026, 3, 2), 57, ledger.StatusApproved, 3),
		allocation.PayoutTimeliness{StuckDays: 57, StuckTooLong: true, WaitDays: 3}},
	// Requested at 23:30 UTC on 1 March: 2 March in Amsterdam, 56 days
	// after 5 January.
	{"StuckToAmsterdamRequestDate", ledger.PayoutFact{Status: ledger.StatusPaid, StuckSince: day(2026, 1, 5),
		RequestedAt: time.Date(2026, 3, 1, 23, 30, 0, 0, time.UTC), OwnMandate: true},
		allocation.PayoutTimeliness{StuckDays: 56, Instant: true}},
	{"NoStuckSince", with(requested("PAY-1", day(2026, 3, 2), 0, ledger.StatusApproved, 1), func(f *ledger.PayoutFact) { f.StuckSince = ledger.Date{} }),
		allocation.PayoutTimeliness{WaitDays: 1}},
	{"StuckSinceAfterRequest", requested("PAY-1", day(2026, 3, 2), -10, ledger.StatusApproved, 1),
		allocation.PayoutTimeliness{WaitDays: 1}},
	{"Instant", instant(requested("PAY-1", day(2026, 3, 2), 10, ledger.StatusApproved, -1)),
		allocation.PayoutTimeliness{StuckDays: 10, Instant: true}},
	{"InstantThenPaid", instant(requested("PAY-1", day(2026, 1, 2), 10, ledger.StatusPaid, -1)),
		allocation.PayoutTimeliness{StuckDays: 10, Instant: true}},
	{"Decided14", requested("PAY-1", day(2026, 3, 2), 0, ledger.StatusApproved, 14),
		allocation.PayoutTimeliness{WaitDays: 14}},
	{"Decided15", requested("PAY-1", day(2026, 3, 2), 0, ledger.StatusPaid, 15),
		allocation.PayoutTimeliness{WaitDays: 15, SlowDecision: true}},
	{"Rejected15", requested("PAY-1", day(2026, 3, 2), 0, ledger.StatusRejected, 15),
		allocation.PayoutTimeliness{WaitDays: 15, SlowDecision: true}},
	{"ReversedAfterDecision", requested("PAY-1", day(2026, 3, 2), 0, ledger.StatusReversed, 20),
		allocation.PayoutTimeliness{WaitDays: 20, SlowDecision: true}},
	{"ReversedWithoutDecision", requested("PAY-1", day(2026, 3, 2), 0, ledger.StatusReversed, -1),
		allocation.PayoutTimeliness{}},
	{"Waiting14", requested("PAY-1", day(2026, 6, 16), 0, ledger.StatusPending, -1),
		allocation.PayoutTimeliness{Waiting: true, WaitDays: 14}},
	{"WaitingAlreadySlow", requested("PAY-1", day(2026, 6, 15), 60, ledger.StatusPending, -1),
		allocation.PayoutTimeliness{StuckDays: 60, StuckTooLong: true, Waiting: true, WaitDays: 15, SlowDecision: true}},
	{"WaitingRequestedToday", requested("PAY-1", day(2026, 6, 30), 0, ledger.StatusPending, -1),
		allocation.PayoutTimeliness{Waiting: true}},
}

func TestForPayout(t *testing.T) {
	today := day(2026, 6, 30)
	for _, tt := range forPayoutTests {
		t.Run(tt.name, func(t *testing.T) {
			if got, want := allocation.ForPayout(&tt.fact, today), tt.want; got != want {
				t.Fatalf("ForPayout = %+v; want %+v", got, want)
			}
		})
	}
}

var percentileTests = []struct {
	name        string
	waits       []int
	median, p90 int
}{
	{"None", nil, 0, 0},
	{"One", []int{7}, 7, 7},
	{"Two", []int{20, 4}, 4, 20},
	{"Ten", []int{3, 1, 4, 1, 5, 9, 2, 6, 5, 3}, 3, 6},                    // sorted 1 1 2 3 3 4 5 5 6 9: ranks 5 and 9
	{"Eleven", []int{0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100}, 50, 90}, // ranks 6 and 10
}

func TestForPotPercentiles(t *testing.T) {
	today := day(2026, 6, 30)
	for _, tt := range percentileTests {
		t.Run(tt.name, func(t *testing.T) {
			// Instant approvals and waiting requests do not count.
			facts := []ledger.PayoutFact{
				instant(requested("PAY-I", day(2026, 1, 5), 0, ledger.StatusApproved, -1)),
				requested("PAY-W", day(2026, 1, 5), 0, ledger.StatusPending, -1),
			}
			for i, w := range tt.waits {
				s := ledger.StatusApproved
				if i%3 == 2 {
					s = ledger.StatusRejected
				}
				facts = append(facts, requested(ledger.PayoutID("PAY-"+itoa(i)), day(2026, 2, 1), 0, s, w))
			}
			pt := allocation.ForPot(facts, today)
			if got, want := pt.MedianWaitDays, tt.median; got != want {
				t.Fatalf("median = %d; want %d", got, want)
			}
			if got, want := pt.P90WaitDays, tt.p90; got != want {
				t.Fatalf("p90 = %d; want %d", got, want)
			}
			if got, want := pt.Decided, len(tt.waits); got != want {
				t.Fatalf("decided = %d; want %d", got, want)
			}
		})
	}
}

func TestForPot(t *testing.T) {
	today := day(2026, 6, 30)
	facts := []ledger.PayoutFact{
		requested("PAY-A", day(2026, 5, 1), 57, ledger.StatusApproved, 2),        // stuck too long
		requested("PAY-B", day(2026, 4, 1), 10, ledger.StatusRejected, 15),       // slow
		instant(requested("PAY-C", day(2026, 3, 1), 100, ledger.StatusPaid, -1)), // instant, stuck too long
		requested("PAY-D", day(2026, 6, 1), 0, ledger.StatusPending, -1),         // waiting 29 days: slow
		requested("PAY-E", day(2026, 6, 20), 0, ledger.StatusPending, -1),        // waiting 10 days
		requested("PAY-F", day(2026, 2, 1), 56, ledger.StatusReversed, 14),       // decided, neither
		requested("PAY-G", day(2026, 4, 1), 0, ledger.StatusApproved, 30),        // slow, same request time as PAY-B
		requested("PAY-H", day(2026, 1, 1), 0, ledger.StatusReversed, -1),        // no decision recorded
		requested("PAY-I", day(2026, 1, 10), 0, ledger.StatusApproved, 0),        // decided the same day by an approver
	}
	pt := allocation.ForPot(facts, today)
	if pt.Requests != 9 || pt.Instant != 1 || pt.Decided != 5 || pt.Waiting != 2 {
		t.Fatalf("requests %d, instant %d, decided %d, waiting %d; want 9, 1, 5, 2", pt.Requests, pt.Instant, pt.Decided, pt.Waiting)
	}
	// Waits of the decided: 2, 15, 14, 30, 0; sorted 0 2 14 15 30: ranks
	// 3 and 5.
	if pt.MedianWaitDays != 14 || pt.P90WaitDays != 30 {
		t.Fatalf("median %d, p90 %d; want 14 and 30", pt.MedianWaitDays, pt.P90WaitDays)
	}
	if pt.SlowDecisions != 3 || pt.StuckTooLong != 2 {
		t.Fatalf("slow %d, stuck %d; want 3 and 2", pt.SlowDecisions, pt.StuckTooLong)
	}
	var ids []ledger.PayoutID
	for _, f := range pt.Flagged {
		ids = append(ids, f.PayoutID)
	}
	if want := []ledger.PayoutID{"PAY-C", "PAY-B", "PAY-G", "PAY-A", "PAY-D"}; !slices.Equal(ids, want) {
		t.Fatalf("flagged %v; want %v", ids, want)
	}
	if got, want := pt.Flagged[0].Timeliness, (allocation.PayoutTimeliness{StuckDays: 100, StuckTooLong: true, Instant: true}); got != want {
		t.Fatalf("flagged timeliness = %+v; want %+v", got, want)
	}
	t.Run("Empty", func(t *testing.T) {
		pt := allocation.ForPot(nil, today)
		if pt.Flagged == nil || len(pt.Flagged) != 0 || pt.Requests != 0 || pt.MedianWaitDays != 0 {
			t.Fatalf("ForPot(nil) = %#v; want zeros and an empty list", pt)
		}
	})
}
