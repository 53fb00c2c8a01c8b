package allocation

import (
	"github.com/ontschot/ontschot/ledger"
)

// AgeBand groups the finance queue by how long a cost has waited for its
// allocation.
type AgeBand string

// Age bands, in the order reports list them.
const (
	BandRecent  AgeBand = "0-30"  // booked at most 30 days ago
	BandOlder   AgeBand = "31-90" // 31 to 90 days ago
	BandOverdue AgeBand = "90+"   // more than 90 days ago
)

// AgeBands lists the bands in order, youngest first.
var AgeBands = []AgeBand{BandRecent, BandOlder, BandOverdue}

// Band returns the band of a cost booked days ago: 0-30 up to and including
// 30 days (and for a negative age, a cost booked after today), 31-90 up to and
// including 90, 90+ beyond.
func Band(days int) AgeBand {
	switch {
	case days <= 30:
		return BandRecent
	case days <= 90:
		return BandOlder
	}
	return BandOverdue
}

// QueueItem is a spent payout whose cost is not yet fully allocated.
type QueueItem struct {
	// Fact is the payout. It is not encoded: PayoutFact has no JSON form,
	// and the HTTP layer shows the payout as its own resource.
	Fact ledger.PayoutFact `json:"-"`
	// Unallocated is the amount no allocation line assigns yet.
	Unallocated ledger.Cents `json:"unallocated"`
	// AgeDays is how many days ago the cost was booked; Band groups it.
	AgeDays int     `json:"ageDays"`
	Band    AgeBand `json:"band"`
	// Suggestion is the rule table's suggestion, when Queue was given a
	// suggest function.
	Suggestion Suggestion `json:"suggestion"`
}

// BandTotal sums the queue in one age band: the number of payouts and their
// unallocated amount.
type BandTotal struct {
	Band    AgeBand      `json:"band"`
	Payouts int          `json:"payouts"`
	Amount  ledger.Cents `json:"amount"`
}

// Queue is finance's work list: every spent payout (approved or paid, not
// reversed) whose Allocated is less than its Amount, oldest first, ties by
// payout id.
//
// A payout's age is the number of days from the day its cost was booked to
// today: the Amsterdam calendar day of DecidedAt when it has one, else its
// ValueDate; a cost booked after today has age 0. The band totals list every
// band of AgeBands in order, with zeros for an empty band, and sum the
// unallocated amounts. When suggest is not nil it is called once per item
// with a pointer to the item's own copy of the fact, and its answer is the
// item's Suggestion; with nil the suggestions are left empty. The items are
// an empty, non-nil slice when nothing waits.
func Queue(facts []ledger.PayoutFact, today ledger.Date, suggest func(*ledger.PayoutFact) Suggestion) ([]QueueItem, []BandTotal) {
	t := NewQueueTally(today, "", 0)
	for i := range facts {
		t.Add(&facts[i])
	}
	items := t.Items()
	if suggest != nil {
		for i := range items {
			items[i].Suggestion = suggest(&items[i].Fact)
		}
	}
	return items, t.Totals()
}
