package allocation_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/ontschot/ontschot/allocation"
	"github.com/ontschot/ontschot/ledger"
)

// benchFacts returns n payouts of a year: twelve categories, a rule or two
// each, a fifth of them evaluated.
func benchFacts(n int) []ledger.PayoutFact {
	cats := []string{"rent_arrears", "dental_care", "hearing_aid", "transport", "bookkeeping", "driving_lessons",
		"temporary_housing", "energy_debt", "foster_care", "deposit", "civic_integration", "other"}
	start := ledger.NewDate(2026, time.January, 1)
	facts := make([]ledger.PayoutFact, n)
	for i := range facts {
		f := &facts[i]
		f.ID = ledger.PayoutID(fmt.Sprintf("PAY-%026d", i))
		f.PotID = "POT-A"
		f.Amount = ledger.Cents(100_00 + i%5000*100)
		f.Category = cats[i%len(cats)]
		f.CaseRef = fmt.Sprintf("CASE-%d", i%(n/3+1))
		f.DeviatesFrom = []string{"Regel " + cats[i%7], "Regel " + cats[(i+3)%11]}
		f.Status = ledger.StatusApproved
		f.ValueDate = start.AddDays(i % 330)
		f.StuckSince = f.ValueDate.AddDays(-(i % 90))
		f.RequestedAt = f.ValueDate.Start().Add(9 * time.Hour)
		f.DecidedAt = f.RequestedAt.Add(time.Duration(i%20) * 24 * time.Hour)
		if i%5 == 0 {
			f.Evaluated, f.EvalOutcome, f.Regretted = true, ledger.EvalPartial, f.Amount/3
		}
	}
	return facts
}

func BenchmarkRegret(b *testing.B) {
	facts := benchFacts(100_000)
	today := ledger.NewDate(2026, time.November, 25)
	b.ReportAllocs()
	for b.Loop() {
		allocation.Regret(facts, today, ledger.DefaultRegretThreshold)
	}
}

func BenchmarkSignals(b *testing.B) {
	facts := benchFacts(100_000)
	today := ledger.NewDate(2026, time.November, 25)
	b.ReportAllocs()
	for b.Loop() {
		allocation.Signals(facts, today, 3, nil)
	}
}

func BenchmarkForPot(b *testing.B) {
	facts := benchFacts(100_000)
	today := ledger.NewDate(2026, time.November, 25)
	b.ReportAllocs()
	for b.Loop() {
		allocation.ForPot(facts, today)
	}
}

func BenchmarkSplit(b *testing.B) {
	shares := []allocation.Share{{Amount: 100_00}, {Percent: 3333}, {Percent: 3333}, {Percent: 3334}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := allocation.Split(1234_56, shares); err != nil {
			b.Fatal(err)
		}
	}
}
