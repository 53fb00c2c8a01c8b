package allocation_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/allocation"
	"github.com/ontschot/ontschot/ledger"
)

// pct is a percentage share; amt an amount share.
func pct(r ledger.Ratio) allocation.Share     { return allocation.Share{Percent: r} }
func amt(c ledger.Cents) allocation.Share     { return allocation.Share{Amount: c} }
func cents(cs ...ledger.Cents) []ledger.Cents { return cs }

var splitTests = []struct {
	name   string
	total  ledger.Cents
	shares []allocation.Share
	want   []ledger.Cents
}{
	{"OneCentOverThree", 1, []allocation.Share{pct(3333), pct(3333), pct(3334)}, cents(0, 0, 1)},
	{"TwoCentsOverThreeTiesToEarlier", 2, []allocation.Share{pct(3333), pct(3333), pct(3334)}, cents(1, 0, 1)},
	{"HundredAsThirds", 100_00, []allocation.Share{pct(3333), pct(3333), pct(3334)}, cents(33_33, 33_33, 33_34)},
	{"HundredAsThreeTimes3333LeavesOneCent", 100_00, []allocation.Share{pct(3333), pct(3333), pct(3333)}, cents(33_33, 33_33, 33_33)},
	// 10.00 × 33.33% is 3.333 three times: the floors leave one cent, and
	// 99.99% of 10.00 rounds half up to 10.00; equal remainders: the first.
	{"TenAsThreeTimes3333TiesToFirst", 10_00, []allocation.Share{pct(3333), pct(3333), pct(3333)}, cents(3_34, 3_33, 3_33)},
	{"TenLargestRemainderInTheMiddle", 10_00, []allocation.Share{pct(3333), pct(3334), pct(3333)}, cents(3_33, 3_34, 3_33)},
	// 10.01: quotas 3.336333, 3.336333, 3.337334; two cents left: the
	// largest remainder, then the earlier of the tied two.
	{"TenOneTwoCentsLeft", 10_01, []allocation.Share{pct(3333), pct(3333), pct(3334)}, cents(3_34, 3_33, 3_34)},
	{"AmountPlusHalvesOfRest", 250_00, []allocation.Share{amt(100_00), pct(5000), pct(5000)}, cents(100_00, 75_00, 75_00)},
	{"PercentBeforeAmount", 250_00, []allocation.Share{pct(5000), amt(100_00), pct(5000)}, cents(75_00, 100_00, 75_00)},
	{"OddCentHalves", 100_01, []allocation.Share{pct(5000), pct(5000)}, cents(50_01, 50_00)},
	{"OddCentHalvesAfterAmount", 100_02, []allocation.Share{amt(1), pct(5000), pct(5000)}, cents(1, 50_01, 50_00)},
	{"AmountsOnlyWhole", 100_00, []allocation.Share{amt(60_00), amt(40_00)}, cents(60_00, 40_00)},
	{"AmountsOnlyLeaveRest", 100_00, []allocation.Share{amt(60_00)}, cents(60_00)},
	{"AmountAndHalfOfRest", 100_00, []allocation.Share{amt(40_00), pct(5000)}, cents(40_00, 30_00)},
	{"WholeAsOneLine", 123_45, []allocation.Share{pct(10000)}, cents(123_45)},
	{"HalfOfOneCentRoundsUp", 1, []allocation.Share{pct(5000)}, cents(1)},
	{"HalfOfThreeCentsRoundsUp", 3, []allocation.Share{pct(5000)}, cents(2)},
	{"QuarterOfOneCentRoundsDown", 1, []allocation.Share{pct(2500)}, cents(0)},
	{"TinyShareOfLargeAmount", 1_000_000_00, []allocation.Share{pct(1), pct(9999)}, cents(100_00, 999_900_00)},
	{"SevenWays", 1_00, []allocation.Share{pct(1428), pct(1428), pct(1428), pct(1429), pct(1429), pct(1429), pct(1429)}, cents(14, 14, 14, 15, 15, 14, 14)},
	{"MaxAmountWhole", ledger.MaxAmount, []allocation.Share{pct(3333), pct(3333), pct(3334)}, cents(33_330_000_000, 33_330_000_000, 33_340_000_000)},
}

func TestSplit(t *testing.T) {
	for _, tt := range splitTests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := allocation.Split(tt.total, tt.shares)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tt.want) {
				t.Fatalf("Split(%s) = %v; want %v", tt.total, got, tt.want)
			}
		})
	}
}

var splitErrorTests = []struct {
	name   string
	total  ledger.Cents
	shares []allocation.Share
	fields []string
	reason string // in the first field's reason, or the message without fields
}{
	{"ErrNoLines", 100_00, nil, []string{"lines"}, "at least one line"},
	{"ErrBoth", 100_00, []allocation.Share{{Amount: 10_00, Percent: 5000}}, []string{"lines[0]"}, "both an amount (10.00) and a percentage (50.00)"},
	{"ErrNeither", 100_00, []allocation.Share{amt(10_00), {}}, []string{"lines[1]"}, "neither an amount nor a percentage"},
	{"ErrNegativeAmount", 100_00, []allocation.Share{amt(-1_00)}, []string{"lines[0].amount"}, "-1.00 is negative"},
	{"ErrNegativePercent", 100_00, []allocation.Share{amt(10_00), pct(-500)}, []string{"lines[1].percentage"}, "-5.00 is negative"},
	{"ErrPercentOver100", 100_00, []allocation.Share{pct(10001)}, []string{"lines[0].percentage"}, "100.01 is more than 100"},
	{"ErrAmountOverTotal", 100_00, []allocation.Share{amt(100_01)}, []string{"lines[0].amount"}, "100.01 is more than the payout's 100.00"},
	{"ErrSeveralLines", 100_00, []allocation.Share{{}, amt(5_00), {Amount: 1, Percent: 1}, pct(-1)},
		[]string{"lines[0]", "lines[2]", "lines[3].percentage"}, "neither"},
	{"ErrAmountsOverTotal", 100_00, []allocation.Share{amt(60_00), amt(50_00)}, []string{"lines"},
		"the amounts add up to 110.00, 10.00 more than the payout's 100.00"},
	{"ErrPercentagesOver100", 100_00, []allocation.Share{pct(6000), pct(4001)}, []string{"lines"}, "the percentages add up to 100.01%"},
	{"ErrNoRestForPercentages", 100_00, []allocation.Share{amt(100_00), pct(5000)}, []string{"lines"}, "already add up to the payout's 100.00"},
	{"ErrNoRestAndPercentagesOver100", 100_00, []allocation.Share{amt(100_00), pct(5000), pct(6000)}, []string{"lines", "lines"}, "already add up"},
	{"ErrZeroTotal", 0, []allocation.Share{pct(10000)}, nil, "cannot split an amount of 0.00"},
	{"ErrTotalOverMax", ledger.MaxAmount + 1, []allocation.Share{pct(10000)}, nil, "cannot split"},
}

func TestSplitErrors(t *testing.T) {
	for _, tt := range splitErrorTests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := allocation.Split(tt.total, tt.shares)
			if err == nil {
				t.Fatalf("Split = %v; want an error", got)
			}
			code, fields := fieldsOf(t, err)
			if got, want := code, ledger.EINVALID; got != want {
				t.Fatalf("code = %s; want %s", got, want)
			}
			if !slices.Equal(fields, tt.fields) {
				t.Fatalf("fields = %q; want %q (%v)", fields, tt.fields, err)
			}
			var e *ledger.Error
			errors.As(err, &e)
			text := e.Message
			if len(e.Fields) > 0 {
				text = e.Fields[0].Reason
			}
			if !strings.Contains(text, tt.reason) {
				t.Fatalf("reason %q does not say %q", text, tt.reason)
			}
		})
	}
}

// TestSplitProperties splits many random totals over random percentages
// (most adding up to 100%, some less) and random amounts, and checks that
// the parts add up exactly to what they must, and that every percentage
// part is within one cent of its exact quota.
func TestSplitProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(2026, 14))
	for n := 0; n < 20000; n++ {
		total := ledger.Cents(1 + rng.Int64N(int64(ledger.MaxPayout)))
		if n%4 == 0 {
			total = ledger.Cents(1 + rng.Int64N(1000)) // small totals stress the rounding
		}
		lines := 1 + rng.IntN(8)
		// Cut 100% into lines pieces at random points (pieces may be 0,
		// which makes that line an amount line instead).
		cuts := []int64{0, int64(ledger.RatioOne)}
		for range lines - 1 {
			cuts = append(cuts, rng.Int64N(int64(ledger.RatioOne)+1))
		}
		slices.Sort(cuts)
		short := n%3 == 0 // percentages add up to less than 100%
		if short {
			cuts[len(cuts)-1] -= rng.Int64N(cuts[len(cuts)-1] - cuts[len(cuts)-2] + 1)
		}
		var shares []allocation.Share
		var amounts ledger.Cents
		for i := 1; i < len(cuts); i++ {
			p := ledger.Ratio(cuts[i] - cuts[i-1])
			if p == 0 {
				a := 1 + ledger.Cents(rng.Int64N(int64(total)/int64(lines)+1))
				if amounts+a >= total {
					continue
				}
				amounts += a
				shares = append(shares, amt(a))
				continue
			}
			shares = append(shares, pct(p))
		}
		if len(shares) == 0 {
			continue
		}
		parts, err := allocation.Split(total, shares)
		if err != nil {
			t.Fatalf("Split(%s, %v): %v", total, shares, err)
		}
		rest := int64(total - amounts)
		var sum ledger.Cents
		var percent int64
		for i, s := range shares {
			sum += parts[i]
			if s.Amount != 0 {
				if parts[i] != s.Amount {
					t.Fatalf("Split(%s, %v)[%d] = %s; want the amount %s", total, shares, i, parts[i], s.Amount)
				}
				continue
			}
			percent += int64(s.Percent)
			// |part − rest×p/10000| < 1, times 10000.
			if d := int64(parts[i])*10000 - rest*int64(s.Percent); d <= -10000 || d >= 10000 {
				t.Fatalf("Split(%s, %v)[%d] = %s; more than a cent from its quota", total, shares, i, parts[i])
			}
		}
		want := total
		if percent != 10000 && percent != 0 {
			want = amounts + ledger.Cents((rest*percent+5000)/10000)
		}
		if percent == 0 {
			want = amounts
		}
		if sum != want {
			t.Fatalf("Split(%s, %v) = %v, adding up to %s; want %s", total, shares, parts, sum, want)
		}
	}
}

func TestResolve(t *testing.T) {
	t.Run("DropsZeroLines", func(t *testing.T) {
		lines := []allocation.Line{
			{AllocationLine: ledger.AllocationLine{Target: ledger.TargetMaatwerk}, Percent: 3333},
			{AllocationLine: ledger.AllocationLine{Target: ledger.Target(ledger.LawWmo), Taakveld: "6.60"}, Percent: 3333},
			{AllocationLine: ledger.AllocationLine{Target: ledger.TargetParty, PartyName: "Menzis"}, Percent: 3334},
		}
		got, kept, err := allocation.Resolve(1, lines)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(kept, []int{2}) {
			t.Fatalf("kept = %v; want [2]: the two lines of 0.00 are dropped", kept)
		}
		want := []ledger.AllocationLine{{Target: ledger.TargetParty, PartyName: "Menzis", Amount: 1}}
		if !slices.Equal(got, want) {
			t.Fatalf("Resolve = %+v; want %+v", got, want)
		}
	})
	t.Run("AmountsAndPercentages", func(t *testing.T) {
		lines := []allocation.Line{
			{AllocationLine: ledger.AllocationLine{Target: ledger.Target(ledger.LawWgs), Taakveld: "6.3", EconomicCategory: ledger.EconInKind, Amount: 100_00}},
			{AllocationLine: ledger.AllocationLine{Target: ledger.TargetParty, PartyID: "PTY-1"}, Percent: 5000},
			{AllocationLine: ledger.AllocationLine{Target: ledger.TargetMaatwerk}, Percent: 5000},
		}
		got, kept, err := allocation.Resolve(250_01, lines)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(kept, []int{0, 1, 2}) {
			t.Fatalf("kept = %v; want every line", kept)
		}
		want := []ledger.AllocationLine{
			{Target: ledger.Target(ledger.LawWgs), Taakveld: "6.3", EconomicCategory: ledger.EconInKind, Amount: 100_00},
			{Target: ledger.TargetParty, PartyID: "PTY-1", Amount: 75_01},
			{Target: ledger.TargetMaatwerk, Amount: 75_00},
		}
		if !slices.Equal(got, want) {
			t.Fatalf("Resolve = %+v; want %+v", got, want)
		}
	})
	t.Run("ErrFromSplit", func(t *testing.T) {
		lines := []allocation.Line{
			{AllocationLine: ledger.AllocationLine{Target: ledger.TargetMaatwerk, Amount: 10_00}},
			{AllocationLine: ledger.AllocationLine{Target: ledger.TargetMaatwerk, Amount: 10_00}, Percent: 5000},
		}
		_, _, err := allocation.Resolve(100_00, lines)
		code, fields := fieldsOf(t, err)
		if code != ledger.EINVALID || !slices.Equal(fields, []string{"lines[1]"}) {
			t.Fatalf("Resolve error = %v; want EINVALID on lines[1]", err)
		}
	})
}

func ExampleSplit() {
	// 250.00: 100.00 to one budget, the other 150.00 half and half.
	parts, _ := allocation.Split(250_00, []allocation.Share{{Amount: 100_00}, {Percent: 5000}, {Percent: 5000}})
	fmt.Println(parts)
	// A third each of 100.00.
	parts, _ = allocation.Split(100_00, []allocation.Share{{Percent: 3333}, {Percent: 3333}, {Percent: 3334}})
	fmt.Println(parts)
	// Output:
	// [100.00 75.00 75.00]
	// [33.33 33.33 33.34]
}
