package allocation

import (
	"cmp"
	"math/bits"

	"github.com/ontschot/ontschot/ledger"
)

// Status says how a regret ratio stands against the pot's threshold.
type Status string

// Regret statuses.
const (
	StatusOK      Status = "ok"      // below 80% of the threshold
	StatusWarning Status = "warning" // from 80% of the threshold up to and including the threshold
	StatusBreach  Status = "breach"  // above the threshold: the pot is being used badly
)

// OldAfterDays is the age in days beyond which spending should have been
// evaluated: spending with a value date more than this many days before today
// counts as old.
const OldAfterDays = 90

// CategoryRegret is regret within one payout category.
type CategoryRegret struct {
	Category  string       `json:"category"`
	Payouts   int          `json:"payouts"`
	Spent     ledger.Cents `json:"spent"`
	Regretted ledger.Cents `json:"regretted"`
	// Ratio is Regretted/Spent, as RegretFigures.Ratio.
	Ratio ledger.Ratio `json:"ratio"`
}

// RegretFigures is regret over a range of value dates.
type RegretFigures struct {
	From ledger.Date `json:"from"`
	To   ledger.Date `json:"to"`
	// Payouts counts the spent payouts, Evaluated those with an evaluation.
	Payouts   int `json:"payouts"`
	Evaluated int `json:"evaluated"`
	// Spent is their amount; Regretted the regretted amount of their
	// current evaluations.
	Spent     ledger.Cents `json:"spent"`
	Regretted ledger.Cents `json:"regretted"`
	// Ratio is Regretted/Spent rounded half up to 1/10,000; 0 when nothing
	// was spent. Status is decided on the exact amounts, not on Ratio.
	Ratio  ledger.Ratio `json:"ratio"`
	Status Status       `json:"status"`
	// OldSpent is the spending with a value date more than OldAfterDays
	// before today; UnevaluatedOld the part of it without an evaluation,
	// and UnevaluatedOldShare UnevaluatedOld/OldSpent (0 when OldSpent is
	// 0). They keep the ratio from looking good just because nobody
	// evaluates.
	OldSpent            ledger.Cents `json:"oldSpent"`
	UnevaluatedOld      ledger.Cents `json:"unevaluatedOld"`
	UnevaluatedOldShare ledger.Ratio `json:"unevaluatedOldShare"`
	// ByCategory breaks the figures down per category that has spending,
	// most regretted first, ties by category code. It is empty, not nil,
	// when nothing was spent.
	ByCategory []CategoryRegret `json:"byCategory"`
}

// RegretReport is a pot's regret this calendar year and over the last twelve
// months, against its threshold.
type RegretReport struct {
	// Threshold is the share of spending that may be regretted; WarningAt
	// is 80% of it, rounded half up to 1/10,000 (for display: statuses are
	// decided exactly).
	Threshold ledger.Ratio `json:"threshold"`
	WarningAt ledger.Ratio `json:"warningAt"`
	// Year runs from 1 January of today's year to today;
	// LastTwelveMonths from the day after the same date a year ago to
	// today.
	Year             RegretFigures `json:"year"`
	LastTwelveMonths RegretFigures `json:"lastTwelveMonths"`
}

// RegretOver computes the regret figures of the payouts with a value date
// from from to to, both inclusive.
//
// Only spending counts: approved or paid payouts (ledger.PayoutFact.Spent).
// A reversed payout is not spending, so its regret does not count either.
// Regretted adds up the Regretted of the evaluated payouts: a fact carries
// its current evaluation, so a revision to effective after an earlier regret
// counts 0. A payout is old when its value date lies more than OldAfterDays
// days before today (91 days is old, 90 is not).
//
// The status compares exactly, in integers: breach when Regretted/Spent is
// above threshold, warning when it is at least 80% of threshold (and not
// above threshold), ok otherwise, and ok when nothing was spent. A threshold
// of 0 or less means ledger.DefaultRegretThreshold, as it does for a new pot.
func RegretOver(facts []ledger.PayoutFact, from, to, today ledger.Date, threshold ledger.Ratio) RegretFigures {
	t := NewRegretTally(from, to, today, threshold)
	for i := range facts {
		t.Add(&facts[i])
	}
	return t.Figures()
}

// Regret computes a pot's regret report from its payout facts: this
// calendar year (1 January of today's year to today) and the last twelve
// months (from the day after the same date a year ago to today: 1 July 2025
// to 30 June 2026, and 1 March 2027 to 29 February 2028), as RegretOver
// does, against threshold (0 or less meaning ledger.DefaultRegretThreshold).
func Regret(facts []ledger.PayoutFact, today ledger.Date, threshold ledger.Ratio) RegretReport {
	threshold = regretThreshold(threshold)
	return RegretReport{
		Threshold:        threshold,
		WarningAt:        (threshold*8 + 5) / 10,
		Year:             RegretOver(facts, ledger.NewDate(today.Year(), 1, 1), today, today, threshold),
		LastTwelveMonths: RegretOver(facts, twelveMonthsBefore(today), today, today, threshold),
	}
}

// twelveMonthsBefore returns the first day of the twelve months that end
// with today: the day after the same date a year earlier. It is
// today.AddDays(1).AddMonths(-12) rather than today.AddMonths(-12).AddDays(1):
// the two differ only on 29 February, where a year earlier does not exist
// and time.AddDate would normalise 29 February 2027 to 1 March, losing that
// day from the window.
func twelveMonthsBefore(today ledger.Date) ledger.Date {
	return today.AddDays(1).AddMonths(-12)
}

func regretThreshold(t ledger.Ratio) ledger.Ratio {
	if t <= 0 {
		return ledger.DefaultRegretThreshold
	}
	return t
}

// regretStatus compares regretted/spent with threshold/10,000 exactly:
// breach when regretted×10,000 > threshold×spent, warning when
// regretted×10,000×10 ≥ 8×threshold×spent. The products are computed in 128
// bits, so no sum of amounts can overflow them.
func regretStatus(regretted, spent ledger.Cents, threshold ledger.Ratio) Status {
	if spent <= 0 {
		return StatusOK
	}
	r := uint64(max(regretted, 0))
	switch {
	case cmpProducts(r, uint64(ledger.RatioOne), uint64(threshold), uint64(spent)) > 0:
		return StatusBreach
	case cmpProducts(r, 10*uint64(ledger.RatioOne), 8*uint64(threshold), uint64(spent)) >= 0:
		return StatusWarning
	}
	return StatusOK
}

// cmpProducts compares a×b with c×d without overflow.
func cmpProducts(a, b, c, d uint64) int {
	hi1, lo1 := bits.Mul64(a, b)
	hi2, lo2 := bits.Mul64(c, d)
	return cmp.Or(cmp.Compare(hi1, hi2), cmp.Compare(lo1, lo2))
}
