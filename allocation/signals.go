package allocation

import (
	"cmp"
	"slices"

	"github.com/ontschot/ontschot/ledger"
)

// SignalKind says what a signal groups payouts by.
type SignalKind string

// Signal kinds.
const (
	SignalCategory SignalKind = "category" // the payout category
	SignalRule     SignalKind = "rule"     // a rule or procedure the payouts deviate from
)

// DefaultSignalThreshold is how many distinct cases make a signal: "if you
// meet something three times, it probably needs policy".
const DefaultSignalThreshold = 3

// Signal is a pattern worth policy: the same category, or the same deviated
// rule, met in enough cases within twelve months.
type Signal struct {
	// ID is stable across calls and URL-safe (see SignalID).
	ID   string     `json:"id"`
	Kind SignalKind `json:"kind"`
	// Key is the category code, or the normalised rule (NormalizeRule).
	Key string `json:"key,omitempty"`
	// Label is the category code, or the rule as first written: as the
	// earliest payout wrote it, without surrounding spaces.
	Label string `json:"label,omitempty"`
	// Redacted is set on a rule signal whose reader may not see the case of
	// every payout in it: Key and Label, a weighing's words, are then
	// empty (see Signal.For).
	Redacted bool `json:"redacted,omitempty"`
	// Cases counts the distinct case references, Payouts the payouts, and
	// Total their amount.
	Cases   int          `json:"cases"`
	Payouts int          `json:"payouts"`
	Total   ledger.Cents `json:"total"`
	// Pots are the pots the payouts came from, sorted.
	Pots []ledger.PotID `json:"pots"`
	// First and Last are the earliest and latest value dates.
	First ledger.Date `json:"first"`
	Last  ledger.Date `json:"last"`
	// PayoutIDs lists the payouts in date order: from the Service, the
	// latest SignalPayoutLimit of them (Payouts counts them all).
	PayoutIDs []ledger.PayoutID `json:"payoutIds"`
	// TakenUp records that the signal was taken up in policy, if it was.
	TakenUp *ledger.SignalUptake `json:"takenUp,omitempty"`

	// requesters, when not nil, are everyone who requested a payout in
	// the signal, for For (the Service's signals list only the latest
	// payouts).
	requesters []string
}

// NormalizeRule returns the form in which deviated rules are compared:
// lower case, with every run of white space one space and none at either
// end. "Max  één  keer per jaar " and "max één keer per jaar" are the same
// rule.
func NormalizeRule(s string) string { return ledger.NormalizeRule(s) }

// SignalID returns the stable, URL-safe id of a signal: "category-" and the
// category code for a category; "rule-" and the first 16 hex digits of the
// SHA-256 of the normalised rule for a rule (so the rule may be given in any
// case or spacing). Any other kind gets its name, "-", and the key's hash.
func SignalID(kind SignalKind, key string) string { return ledger.SignalID(string(kind), key) }

// Signals finds the categories and deviated rules met in at least threshold
// distinct cases (threshold below 1 means DefaultSignalThreshold) within the
// twelve months up to today.
//
// It considers the payouts that are approved, paid or still waiting for a
// decision (not rejected, not reversed) with a value date within the twelve
// months that end today, as Regret's LastTwelveMonths: after the same date a
// year ago and not after today (1 July 2025 to 30 June 2026). Each is
// grouped by its category (when it has one), and by each rule it deviates
// from after NormalizeRule: a payout that deviates from two rules counts in
// both, the same rule listed twice in one payout counts once, and an empty
// rule not at all. Cases are distinct case references compared exactly (an
// empty reference is one case).
//
// A signal carries the uptake whose SignalID equals its ID, the latest by At
// when there are several. Signals are sorted by cases, most first, then by
// total, highest first, then by ID. The result is empty, not nil, when there
// are none.
func Signals(facts []ledger.PayoutFact, today ledger.Date, threshold int, uptakes []ledger.SignalUptake) []Signal {
	// Date order, so labels come from the earliest payout and the payout
	// ids are listed in order.
	in := make([]*ledger.PayoutFact, len(facts))
	for i := range facts {
		in[i] = &facts[i]
	}
	slices.SortStableFunc(in, func(a, b *ledger.PayoutFact) int {
		if c := compareDates(a.ValueDate, b.ValueDate); c != 0 {
			return c
		}
		if c := a.RequestedAt.Compare(b.RequestedAt); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	t := NewSignalTally(today, threshold)
	for _, f := range in {
		t.Add(f)
	}
	return t.Signals(uptakes)
}

// compareDates orders dates, earliest first.
func compareDates(a, b ledger.Date) int {
	switch {
	case a.Before(b):
		return -1
	case a.After(b):
		return 1
	}
	return 0
}
