package allocation_test

import (
	"reflect"
	"slices"
	"testing"

	"github.com/ontschot/ontschot/allocation"
	"github.com/ontschot/ontschot/ledger"
)

// spent returns an approved fact of amount in the category on the date.
func spent(id ledger.PayoutID, category string, amount ledger.Cents, d ledger.Date) ledger.PayoutFact {
	return ledger.PayoutFact{ID: id, PotID: "POT-1", Amount: amount, Category: category, CaseRef: "zaak-" + string(id),
		Status: ledger.StatusApproved, ValueDate: d}
}

// evaluated returns f with its current evaluation.
func evaluated(f ledger.PayoutFact, outcome ledger.EvalOutcome, regretted ledger.Cents) ledger.PayoutFact {
	f.Evaluated, f.EvalOutcome, f.Regretted = true, outcome, regretted
	return f
}

func status(f ledger.PayoutFact, s ledger.Status) ledger.PayoutFact {
	f.Status = s
	return f
}

func TestRegretOver(t *testing.T) {
	today := day(2026, 6, 30)
	facts := []ledger.PayoutFact{
		// Regretted first, then revised to effective: counts 0.
		evaluated(spent("PAY-1", "transport", 100_00, day(2026, 1, 10)), ledger.EvalEffective, 0),
		evaluated(status(spent("PAY-2", "rent_arrears", 200_00, day(2026, 2, 1)), ledger.StatusPaid), ledger.EvalPartial, 50_00),
		// Reversed: not spending, so its regret does not count.
		evaluated(status(spent("PAY-3", "rent_arrears", 300_00, day(2026, 3, 1)), ledger.StatusReversed), ledger.EvalRegret, 300_00),
		spent("PAY-4", "transport", 400_00, day(2026, 6, 29)),
		evaluated(status(spent("PAY-5", "transport", 500_00, day(2026, 5, 1)), ledger.StatusPending), ledger.EvalRegret, 500_00),
		status(spent("PAY-6", "transport", 600_00, day(2026, 5, 1)), ledger.StatusRejected),
		evaluated(spent("PAY-7", "transport", 700_00, day(2025, 12, 31)), ledger.EvalRegret, 700_00), // before from
		evaluated(spent("PAY-8", "transport", 800_00, day(2026, 7, 1)), ledger.EvalRegret, 800_00),   // after to
		spent("PAY-9", "dental_care", 50_00, day(2026, 3, 31)),                                       // 91 days: old
	}
	got := allocation.RegretOver(facts, day(2026, 1, 1), today, today, ledger.DefaultRegretThreshold)
	want := allocation.RegretFigures{
		From: day(2026, 1, 1), To: today,
		Payouts: 4, Evaluated: 2,
		Spent: 750_00, Regretted: 50_00, Ratio: 667, Status: allocation.StatusOK,
		OldSpent: 350_00, UnevaluatedOld: 50_00, UnevaluatedOldShare: 1429,
		ByCategory: []allocation.CategoryRegret{
			{Category: "rent_arrears", Payouts: 1, Spent: 200_00, Regretted: 50_00, Ratio: 2500},
			{Category: "dental_care", Payouts: 1, Spent: 50_00},
			{Category: "transport", Payouts: 2, Spent: 500_00},
		},
	}
	compareFigures(t, got, want)
}

func compareFigures(t *testing.T, got, want allocation.RegretFigures) {
	t.Helper()
	if !slices.Equal(got.ByCategory, want.ByCategory) {
		t.Fatalf("by category = %+v; want %+v", got.ByCategory, want.ByCategory)
	}
	got.ByCategory, want.ByCategory = nil, nil
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("figures = %+v; want %+v", got, want)
	}
}

var regretStatusTests = []struct {
	name      string
	spent     ledger.Cents
	regretted ledger.Cents
	threshold ledger.Ratio
	ratio     ledger.Ratio
	want      allocation.Status
}{
	{"NothingSpent", 0, 0, 2000, 0, allocation.StatusOK},
	{"NothingRegretted", 100_00, 0, 2000, 0, allocation.StatusOK},
	{"JustBelowWarning", 100_00, 15_99, 2000, 1599, allocation.StatusOK},
	{"ExactlyAtWarning", 100_00, 16_00, 2000, 1600, allocation.StatusWarning},
	{"ExactlyAtThreshold", 100_00, 20_00, 2000, 2000, allocation.StatusWarning},
	{"OneCentAboveThreshold", 100_00, 20_01, 2000, 2001, allocation.StatusBreach},
	// The rounded ratio is 0.2000 either way; the status is exact.
	{"OneCentAboveRoundsToThreshold", 10000_00, 2000_01, 2000, 2000, allocation.StatusBreach},
	{"OneCentBelowRoundsToThreshold", 10000_00, 1999_99, 2000, 2000, allocation.StatusWarning},
	{"OneCentBelowWarningRoundsToIt", 10000_00, 1599_99, 2000, 1600, allocation.StatusOK},
	// 80% of 0.2001 is 0.16008: 160.08 of 1000.00 is a warning, 160.07 not.
	{"FractionalWarningAt", 1000_00, 160_08, 2001, 1601, allocation.StatusWarning},
	{"BelowFractionalWarningAt", 1000_00, 160_07, 2001, 1601, allocation.StatusOK},
	{"ZeroThresholdIsDefault", 100_00, 20_01, 0, 2001, allocation.StatusBreach},
	{"ZeroThresholdIsDefaultNotBreach", 100_00, 20_00, 0, 2000, allocation.StatusWarning},
	{"AllRegretted", 100_00, 100_00, 2000, 10000, allocation.StatusBreach},
	// Regretted×100,000 overflows an int64 here.
	{"HugeAtThreshold", 500_000_000_000_000, 100_000_000_000_000, 2000, 2000, allocation.StatusWarning},
	{"HugeAboveThreshold", 500_000_000_000_000, 100_000_000_000_001, 2000, 2000, allocation.StatusBreach},
	{"HugeBelowWarning", 500_000_000_000_000, 79_999_999_999_999, 2000, 1600, allocation.StatusOK},
}

func TestRegretStatus(t *testing.T) {
	today := day(2026, 6, 30)
	for _, tt := range regretStatusTests {
		t.Run(tt.name, func(t *testing.T) {
			var facts []ledger.PayoutFact
			if tt.spent > 0 {
				// Two payouts, so the sums are what is compared.
				half := tt.spent / 2
				facts = []ledger.PayoutFact{
					evaluated(spent("PAY-1", "transport", half, today), ledger.EvalPartial, tt.regretted),
					spent("PAY-2", "transport", tt.spent-half, today),
				}
			}
			fig := allocation.RegretOver(facts, today, today, today, tt.threshold)
			if got, want := fig.Status, tt.want; got != want {
				t.Fatalf("status = %s; want %s (%s of %s)", got, want, fig.Regretted, fig.Spent)
			}
			if got, want := fig.Ratio, tt.ratio; got != want {
				t.Fatalf("ratio = %s; want %s", got, want)
			}
		})
	}
}

func TestRegretOldSpending(t *testing.T) {
	today := day(2026, 6, 30)
	facts := []ledger.PayoutFact{
		spent("PAY-89", "transport", 1_00, today.AddDays(-89)),
		spent("PAY-90", "transport", 2_00, today.AddDays(-90)),
		spent("PAY-91", "transport", 4_00, today.AddDays(-91)),
		evaluated(spent("PAY-92", "transport", 8_00, today.AddDays(-92)), ledger.EvalEffective, 0),
		status(spent("PAY-93", "transport", 16_00, today.AddDays(-93)), ledger.StatusReversed),
	}
	fig := allocation.RegretOver(facts, today.AddDays(-365), today, today, 2000)
	if got, want := fig.OldSpent, ledger.Cents(12_00); got != want {
		t.Fatalf("old spent = %s; want %s", got, want)
	}
	if got, want := fig.UnevaluatedOld, ledger.Cents(4_00); got != want {
		t.Fatalf("unevaluated old = %s; want %s", got, want)
	}
	if got, want := fig.UnevaluatedOldShare, ledger.Ratio(3333); got != want {
		t.Fatalf("unevaluated old share = %s; want %s", got, want)
	}
	t.Run("NoneOld", func(t *testing.T) {
		fig := allocation.RegretOver(facts[:2], today.AddDays(-365), today, today, 2000)
		if fig.OldSpent != 0 || fig.UnevaluatedOld != 0 || fig.UnevaluatedOldShare != 0 {
			t.Fatalf("figures = %+v; want no old spending", fig)
		}
	})
}

func TestRegretOverWindowEdges(t *testing.T) {
	from, to := day(2026, 4, 1), day(2026, 4, 30)
	facts := []ledger.PayoutFact{
		spent("PAY-1", "transport", 1, from.AddDays(-1)),
		spent("PAY-2", "transport", 2, from),
		spent("PAY-3", "transport", 4, to),
		spent("PAY-4", "transport", 8, to.AddDays(1)),
	}
	fig := allocation.RegretOver(facts, from, to, day(2026, 6, 30), 2000)
	if got, want := fig.Spent, ledger.Cents(6); got != want {
		t.Fatalf("spent = %s; want %s", got, want)
	}
	t.Run("Empty", func(t *testing.T) {
		fig := allocation.RegretOver(facts, to, from, day(2026, 6, 30), 2000)
		if fig.Payouts != 0 || fig.Spent != 0 || fig.Status != allocation.StatusOK || fig.ByCategory == nil {
			t.Fatalf("figures = %+v; want nothing, ok, and an empty breakdown", fig)
		}
	})
}

func TestRegret(t *testing.T) {
	today := day(2026, 6, 30)
	facts := []ledger.PayoutFact{
		spent("PAY-1", "transport", 1, day(2025, 6, 30)),
		spent("PAY-2", "transport", 2, day(2025, 7, 1)),
		spent("PAY-3", "transport", 4, day(2025, 12, 31)),
		spent("PAY-4", "transport", 8, day(2026, 1, 1)),
		spent("PAY-5", "transport", 16, today),
		spent("PAY-6", "transport", 32, today.AddDays(1)),
	}
	r := allocation.Regret(facts, today, 2000)
	if r.Threshold != 2000 || r.WarningAt != 1600 {
		t.Fatalf("threshold %s, warning at %s; want 0.20 and 0.16", r.Threshold, r.WarningAt)
	}
	if r.Year.From != day(2026, 1, 1) || r.Year.To != today || r.Year.Spent != 24 {
		t.Fatalf("year %s to %s spent %s; want 2026-01-01 to %s spent 0.24", r.Year.From, r.Year.To, r.Year.Spent, today)
	}
	if r.LastTwelveMonths.From != day(2025, 7, 1) || r.LastTwelveMonths.To != today || r.LastTwelveMonths.Spent != 30 {
		t.Fatalf("last twelve months %s to %s spent %s; want 2025-07-01 to %s spent 0.30",
			r.LastTwelveMonths.From, r.LastTwelveMonths.To, r.LastTwelveMonths.Spent, today)
	}
	t.Run("LeapDay", func(t *testing.T) {
		r := allocation.Regret(nil, day(2028, 2, 29), 2000)
		if got, want := r.LastTwelveMonths.From, day(2027, 3, 1); got != want {
			t.Fatalf("last twelve months from %s; want %s", got, want)
		}
	})
	t.Run("DefaultThreshold", func(t *testing.T) {
		r := allocation.Regret(nil, today, 0)
		if r.Threshold != ledger.DefaultRegretThreshold || r.WarningAt != 1600 {
			t.Fatalf("threshold %s, warning at %s; want the default", r.Threshold, r.WarningAt)
		}
	})
	t.Run("WarningAtRoundsHalfUp", func(t *testing.T) {
		if got, want := allocation.Regret(nil, today, 2001).WarningAt, ledger.Ratio(1601); got != want {
			t.Fatalf("warning at %s; want %s", got, want)
		}
		if got, want := allocation.Regret(nil, today, 1999).WarningAt, ledger.Ratio(1599); got != want {
			t.Fatalf("warning at %s; want %s", got, want)
		}
	})
}
