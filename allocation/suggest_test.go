package allocation_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/allocation"
	"github.com/ontschot/ontschot/ledger"
)

var (
	yes, no = true, false

	wmo             = ledger.Target(ledger.LawWmo)
	jeugdwet        = ledger.Target(ledger.LawJeugdwet)
	participatiewet = ledger.Target(ledger.LawParticipatiewet)
	wgs             = ledger.Target(ledger.LawWgs)

	taakvelden = ledger.DefaultTaakvelden()
)

// testRules exercise the conditions and the order of the table.
var testRules = []ledger.AllocationRule{
	{ID: "urgent-rent", Category: "rent_arrears", Urgency: ledger.UrgencyUrgent, Target: ledger.TargetMaatwerk, Reason: "Spoed."},
	{ID: "rent", Category: "rent_arrears", Target: wgs, Taakvelden: []string{"6.3", "6.71"}, Reason: "Schuld."},
	{ID: "minor", ResidentUnder18: &yes, Target: jeugdwet, Taakvelden: []string{"6.751", "6.72d", "6.72"}, Reason: "Jeugd."},
	{ID: "adult-dental", Category: "dental_care", ResidentUnder18: &no, Target: participatiewet, Taakvelden: []string{"6.3"},
		EconomicCategory: ledger.EconCash, Reason: "Bijstand."},
	{ID: "catch-all", Target: ledger.TargetMaatwerk, Reason: "Maatwerk."},
}

// fact returns an approved payout fact of 100.00 in the category, booked on
// 2026-03-02, paid to a provider.
func fact(category string) ledger.PayoutFact {
	return ledger.PayoutFact{
		ID: "PAY-1", PotID: "POT-1", Amount: 100_00, Category: category, CaseRef: "zaak-1",
		Urgency: ledger.UrgencyNormal, PaidTo: ledger.PaidToProvider, SpendingBound: true,
		Status: ledger.StatusApproved, ValueDate: day(2026, 3, 2),
	}
}

// with returns f changed by fn.
func with(f ledger.PayoutFact, fn func(*ledger.PayoutFact)) ledger.PayoutFact {
	fn(&f)
	return f
}

func lawLine(target ledger.Target, taakveld string, econ ledger.EconomicCategory, amount ledger.Cents) ledger.AllocationLine {
	return ledger.AllocationLine{Target: target, Taakveld: taakveld, EconomicCategory: econ, Amount: amount}
}

func maatwerkLine(amount ledger.Cents) ledger.AllocationLine {
	return ledger.AllocationLine{Target: ledger.TargetMaatwerk, Amount: amount}
}

var suggestTests = []struct {
	name  string
	fact  ledger.PayoutFact
	rules []ledger.AllocationRule
	rule  string
	lines []ledger.AllocationLine
}{
	{"UrgencyMatches", with(fact("rent_arrears"), func(f *ledger.PayoutFact) { f.Urgency = ledger.UrgencyUrgent }),
		testRules, "urgent-rent", []ledger.AllocationLine{maatwerkLine(100_00)}},
	{"UrgencyDoesNotMatch", fact("rent_arrears"),
		testRules, "rent", []ledger.AllocationLine{lawLine(wgs, "6.3", ledger.EconInKind, 100_00)}},
	{"CategoryBeforeUnder18InTableOrder", with(fact("rent_arrears"), func(f *ledger.PayoutFact) { f.ResidentUnder18 = true }),
		testRules, "rent", []ledger.AllocationLine{lawLine(wgs, "6.3", ledger.EconInKind, 100_00)}},
	{"Under18True", with(fact("dental_care"), func(f *ledger.PayoutFact) { f.ResidentUnder18 = true }),
		testRules, "minor", []ledger.AllocationLine{lawLine(jeugdwet, "6.751", ledger.EconInKind, 100_00)}},
	{"Under18FalseWithRuleCategory", fact("dental_care"),
		testRules, "adult-dental", []ledger.AllocationLine{lawLine(participatiewet, "6.3", ledger.EconCash, 100_00)}},
	{"NoConditionsMatchesAnything", fact("bookkeeping"),
		testRules, "catch-all", []ledger.AllocationLine{maatwerkLine(100_00)}},
	{"CashToResident", with(fact("rent_arrears"), func(f *ledger.PayoutFact) { f.PaidTo, f.SpendingBound = ledger.PaidToResident, false }),
		testRules, "rent", []ledger.AllocationLine{lawLine(wgs, "6.3", ledger.EconCash, 100_00)}},
	{"BoundToResidentIsInKind", with(fact("rent_arrears"), func(f *ledger.PayoutFact) { f.PaidTo = ledger.PaidToResident }),
		testRules, "rent", []ledger.AllocationLine{lawLine(wgs, "6.3", ledger.EconInKind, 100_00)}},
	{"UnboundToProviderIsInKind", with(fact("rent_arrears"), func(f *ledger.PayoutFact) { f.SpendingBound = false }),
		testRules, "rent", []ledger.AllocationLine{lawLine(wgs, "6.3", ledger.EconInKind, 100_00)}},
	{"WholeAmountEvenWhenPartlyAllocated", with(fact("rent_arrears"), func(f *ledger.PayoutFact) { f.Amount, f.Allocated = 1234_56, 1000_00 }),
		testRules, "rent", []ledger.AllocationLine{lawLine(wgs, "6.3", ledger.EconInKind, 1234_56)}},
	{"NoRuleMatches", fact("bookkeeping"), testRules[:3], "", []ledger.AllocationLine{maatwerkLine(100_00)}},
	{"NoRules", fact("bookkeeping"), nil, "", []ledger.AllocationLine{maatwerkLine(100_00)}},

	// A code list changes over the years: the first code valid in the
	// booking year wins.
	{"Wmo2024", with(fact("transport"), func(f *ledger.PayoutFact) { f.ValueDate = day(2024, 12, 31) }),
		ledger.DefaultAllocationRules(), "transport", []ledger.AllocationLine{lawLine(wmo, "6.6", ledger.EconInKind, 100_00)}},
	{"Wmo2025", with(fact("transport"), func(f *ledger.PayoutFact) { f.ValueDate = day(2025, 1, 1) }),
		ledger.DefaultAllocationRules(), "transport", []ledger.AllocationLine{lawLine(wmo, "6.60", ledger.EconInKind, 100_00)}},
	{"Wgs2022", with(fact("bookkeeping"), func(f *ledger.PayoutFact) { f.ValueDate = day(2022, 6, 1) }),
		ledger.DefaultAllocationRules(), "bookkeeping", []ledger.AllocationLine{lawLine(wgs, "6.71", ledger.EconInKind, 100_00)}},
	{"Wgs2023", with(fact("bookkeeping"), func(f *ledger.PayoutFact) { f.ValueDate = day(2023, 1, 1) }),
		ledger.DefaultAllocationRules(), "bookkeeping", []ledger.AllocationLine{lawLine(wgs, "6.3", ledger.EconInKind, 100_00)}},
}

func TestSuggest(t *testing.T) {
	for _, tt := range suggestTests {
		t.Run(tt.name, func(t *testing.T) {
			s := allocation.Suggest(&tt.fact, tt.rules, taakvelden, nil, nil)
			if got, want := s.RuleID, tt.rule; got != want {
				t.Fatalf("rule = %q; want %q (skipped %q)", got, want, s.Skipped)
			}
			if !slices.Equal(s.Lines, tt.lines) {
				t.Fatalf("lines = %+v; want %+v", s.Lines, tt.lines)
			}
			wantReason := allocation.NoRuleReason
			if i := slices.IndexFunc(tt.rules, func(r ledger.AllocationRule) bool { return r.ID == tt.rule }); i >= 0 {
				wantReason = tt.rules[i].Reason
			}
			if got, want := s.Reason, wantReason; got != want {
				t.Fatalf("reason = %q; want %q", got, want)
			}
			if len(s.Skipped) != 0 || len(s.Candidates) != 0 {
				t.Fatalf("skipped %q, candidates %+v; want none", s.Skipped, s.Candidates)
			}
		})
	}
}

// Insurers and a housing corporation. The insurers' ids run against their
// names, so a test sees whether names or ids decided; "menzis" is registered
// in lower case to show that names order ignoring case.
var (
	cz       = ledger.Party{ID: "PTY-3", Name: "CZ", Kind: ledger.PartyHealthInsurer}
	menzis   = ledger.Party{ID: "PTY-2", Name: "menzis", Kind: ledger.PartyHealthInsurer}
	zilveren = ledger.Party{ID: "PTY-1", Name: "Zilveren Kruis", Kind: ledger.PartyHealthInsurer}
	woonstad = ledger.Party{ID: "PTY-W", Name: "Woonstad", Kind: ledger.PartyHousingCorporation}
	insurers = []ledger.Party{zilveren, menzis, cz}
)

func TestSuggestSkips(t *testing.T) {
	rules := []ledger.AllocationRule{
		{ID: "old-wmo", Category: "transport", Target: wmo, Taakvelden: []string{"6.71a", "6.5"}, Reason: "Oud."},
		{ID: "hearing", Category: "transport", Target: ledger.TargetParty, PartyKind: ledger.PartyHealthInsurer, Reason: "Zvw."},
		{ID: "named", Category: "transport", Target: ledger.TargetParty, Parties: []string{"De Friesland"}, PartyKind: ledger.PartyGovernmentAgency, Reason: "X."},
		{ID: "bad-target", Category: "transport", Target: "bank", Reason: "X."},
		{ID: "wmo", Category: "transport", Target: wmo, Taakvelden: []string{"6.60"}, Reason: "Wmo."},
	}
	f := fact("transport")
	s := allocation.Suggest(&f, rules, taakvelden, []ledger.Party{woonstad}, nil)
	if got, want := s.RuleID, "wmo"; got != want {
		t.Fatalf("rule = %q; want %q", got, want)
	}
	if got, want := s.Lines, []ledger.AllocationLine{lawLine(wmo, "6.60", ledger.EconInKind, 100_00)}; !slices.Equal(got, want) {
		t.Fatalf("lines = %+v; want %+v", got, want)
	}
	want := []string{
		"Rule old-wmo matched, but none of its taakvelden (6.71a, 6.5) is valid for wmo in booking year 2026 (valid then: 6.1, 6.21, 6.23, 6.60, ",
		"Rule hearing matched, but no registered party is of kind health_insurer; register one or change the rule.",
		"Rule named matched, but no registered party is named De Friesland, or of kind government_agency; register one or change the rule.",
		`Rule bad-target matched, but its target "bank" is not a law, party or maatwerk; correct the rule table.`,
	}
	if got, want := len(s.Skipped), len(want); got != want {
		t.Fatalf("skipped %q; want %d", s.Skipped, want)
	}
	for i := range want {
		if !strings.HasPrefix(s.Skipped[i], want[i]) {
			t.Fatalf("skipped[%d] = %q; want it to start %q", i, s.Skipped[i], want[i])
		}
	}

	t.Run("FallBackToMaatwerk", func(t *testing.T) {
		s := allocation.Suggest(&f, rules[:2], taakvelden, nil, nil)
		if got, want := s.RuleID, ""; got != want {
			t.Fatalf("rule = %q; want %q", got, want)
		}
		if got, want := s.Lines, []ledger.AllocationLine{maatwerkLine(100_00)}; !slices.Equal(got, want) {
			t.Fatalf("lines = %+v; want %+v", got, want)
		}
		if got, want := len(s.Skipped), 2; got != want {
			t.Fatalf("skipped %q; want %d", s.Skipped, want)
		}
	})
	t.Run("NoCodesThatYear", func(t *testing.T) {
		f := with(f, func(f *ledger.PayoutFact) { f.ValueDate = day(2010, 1, 1) })
		s := allocation.Suggest(&f, rules[4:], taakvelden, nil, nil)
		if got, want := s.Skipped, []string{"Rule wmo matched, but none of its taakvelden (6.60) is valid for wmo in booking year 2010 (valid then: none); add one to the rule."}; !slices.Equal(got, want) {
			t.Fatalf("skipped %q; want %q", got, want)
		}
	})
}

func TestSuggestParty(t *testing.T) {
	rule := ledger.AllocationRule{ID: "hearing", Category: "hearing_aid", Target: ledger.TargetParty,
		Parties: []string{"  woonSTAD ", "Unknown"}, PartyKind: ledger.PartyHealthInsurer, Reason: "Zvw."}
	parties := []ledger.Party{zilveren, woonstad, menzis, cz}
	loads := []ledger.PartyLoad{
		{PartyID: "PTY-W", Turns: 1, Borne: 50_00},
		{PartyID: "PTY-3", Turns: 2, Borne: 80_00},
		{PartyID: "PTY-2", Turns: 1, Borne: 80_00},
	}
	f := fact("hearing_aid")
	s := allocation.Suggest(&f, []ledger.AllocationRule{rule}, taakvelden, parties, loads)
	if got, want := s.RuleID, "hearing"; got != want {
		t.Fatalf("rule = %q; want %q", got, want)
	}
	// Zilveren Kruis has borne nothing, Woonstad (named by the rule) 50.00,
	// then menzis and CZ 80.00 each, menzis in fewer turns.
	if got, want := s.Lines, []ledger.AllocationLine{{Target: ledger.TargetParty, PartyID: "PTY-1", PartyName: "Zilveren Kruis", Amount: 100_00}}; !slices.Equal(got, want) {
		t.Fatalf("lines = %+v; want %+v", got, want)
	}
	wantCands := []ledger.PartyLoad{
		{PartyID: "PTY-1", PartyName: "Zilveren Kruis"},
		{PartyID: "PTY-W", PartyName: "Woonstad", Turns: 1, Borne: 50_00},
		{PartyID: "PTY-2", PartyName: "menzis", Turns: 1, Borne: 80_00},
		{PartyID: "PTY-3", PartyName: "CZ", Turns: 2, Borne: 80_00},
	}
	if !slices.Equal(s.Candidates, wantCands) {
		t.Fatalf("candidates = %+v; want %+v", s.Candidates, wantCands)
	}
	if got, want := loads[0].PartyName, ""; got != want {
		t.Fatalf("Suggest changed its loads: name %q", got)
	}
}

// defaultRuleTests run the shipped rule table over every category, in the
// booking years around the code list's changes.
var defaultRuleTests = []struct {
	category string
	under18  bool
	year     int
	rule     string
	target   ledger.Target
	taakveld string
}{
	{"hearing_aid", false, 2026, "hearing-aid", ledger.TargetParty, ""},
	{"dental_care", false, 2026, "dental-care", participatiewet, "6.3"},
	{"dental_care", false, 2022, "dental-care", participatiewet, "6.3"},
	{"transport", false, 2026, "transport", wmo, "6.60"},
	{"transport", false, 2023, "transport", wmo, "6.6"},
	{"bookkeeping", false, 2026, "bookkeeping", wgs, "6.3"},
	{"bookkeeping", false, 2020, "bookkeeping", wgs, "6.71"},
	{"driving_lessons", false, 2026, "driving-lessons", participatiewet, "6.5"},
	{"rent_arrears", false, 2026, "rent-arrears", wgs, "6.3"},
	{"energy_debt", false, 2026, "energy-debt", wgs, "6.3"},
	{"temporary_housing", false, 2026, "temporary-housing", wmo, "6.812"},
	{"temporary_housing", false, 2024, "temporary-housing", wmo, "6.81b"},
	{"temporary_housing", false, 2022, "temporary-housing", wmo, "6.81"},
	{"foster_care", false, 2026, "foster-care", jeugdwet, "6.761"},
	{"foster_care", false, 2023, "foster-care", jeugdwet, "6.73a"},
	{"foster_care", false, 2019, "foster-care", jeugdwet, "6.72"},
	{"deposit", false, 2026, "deposit", participatiewet, "6.3"},
	{"civic_integration", false, 2026, "civic-integration", ledger.TargetMaatwerk, ""},
	{"school_costs", true, 2026, "youth-other", jeugdwet, "6.751"},
	{"school_costs", true, 2024, "youth-other", jeugdwet, "6.72d"},
	{"school_costs", true, 2017, "youth-other", jeugdwet, "6.72"},
	{"dental_care", true, 2026, "dental-care", participatiewet, "6.3"},
	{"school_costs", false, 2026, "maatwerk", ledger.TargetMaatwerk, ""},
}

func TestSuggestDefaultRules(t *testing.T) {
	rules := ledger.DefaultAllocationRules()
	parties := []ledger.Party{menzis, woonstad, {ID: "PTY-F", Name: "De Friesland", Kind: ledger.PartyHealthInsurer}}
	for _, tt := range defaultRuleTests {
		t.Run(fmt.Sprintf("%s/under18=%t/%d", tt.category, tt.under18, tt.year), func(t *testing.T) {
			f := with(fact(tt.category), func(f *ledger.PayoutFact) {
				f.ResidentUnder18 = tt.under18
				f.ValueDate = day(tt.year, 6, 15)
			})
			s := allocation.Suggest(&f, rules, taakvelden, parties, nil)
			if got, want := s.RuleID, tt.rule; got != want {
				t.Fatalf("rule = %q; want %q (skipped %q)", got, want, s.Skipped)
			}
			if len(s.Skipped) != 0 {
				t.Fatalf("skipped %q", s.Skipped)
			}
			if got, want := len(s.Lines), 1; got != want {
				t.Fatalf("%d lines; want %d", got, want)
			}
			l := s.Lines[0]
			if l.Target != tt.target || l.Taakveld != tt.taakveld || l.Amount != f.Amount {
				t.Fatalf("line = %+v; want %s %s %s", l, tt.target, tt.taakveld, f.Amount)
			}
			if law, ok := l.Target.Law(); ok {
				if err := taakvelden.Check(law, l.Taakveld, tt.year); err != nil {
					t.Fatalf("suggested taakveld: %v", err)
				}
				if got, want := l.EconomicCategory, ledger.EconInKind; got != want {
					t.Fatalf("economic category = %s; want %s", got, want)
				}
			}
			if l.Target == ledger.TargetParty {
				// Both insurers have borne nothing: De Friesland comes
				// first by name.
				if got, want := l.PartyID, ledger.PartyID("PTY-F"); got != want {
					t.Fatalf("party = %s; want %s", got, want)
				}
				if got, want := len(s.Candidates), 2; got != want {
					t.Fatalf("%d candidates; want %d", got, want)
				}
			}
		})
	}
}

var nextPartyTests = []struct {
	name       string
	candidates []ledger.Party
	loads      []ledger.PartyLoad
	want       ledger.PartyID
	order      []ledger.PartyID
}{
	{"NoLoadsByName", insurers, nil, "PTY-3", []ledger.PartyID{"PTY-3", "PTY-2", "PTY-1"}},
	{"LeastBorne", insurers, []ledger.PartyLoad{{PartyID: "PTY-3", Turns: 1, Borne: 10_00}, {PartyID: "PTY-2", Turns: 5, Borne: 9_99}, {PartyID: "PTY-1", Turns: 1, Borne: 10_01}},
		"PTY-2", []ledger.PartyID{"PTY-2", "PTY-3", "PTY-1"}},
	{"TieByTurns", insurers, []ledger.PartyLoad{{PartyID: "PTY-3", Turns: 3, Borne: 10_00}, {PartyID: "PTY-2", Turns: 2, Borne: 10_00}, {PartyID: "PTY-1", Turns: 1, Borne: 10_00}},
		"PTY-1", []ledger.PartyID{"PTY-1", "PTY-2", "PTY-3"}},
	{"TieByNameIgnoringCase", []ledger.Party{zilveren, menzis}, nil, "PTY-2", []ledger.PartyID{"PTY-2", "PTY-1"}},
	{"TieByNameBytes", []ledger.Party{{ID: "PTY-1", Name: "de friesland"}, {ID: "PTY-2", Name: "De Friesland"}}, nil, "PTY-2", []ledger.PartyID{"PTY-2", "PTY-1"}},
	{"TieById", []ledger.Party{{ID: "PTY-2", Name: "X"}, {ID: "PTY-1", Name: "X"}}, nil, "PTY-1", []ledger.PartyID{"PTY-1", "PTY-2"}},
	{"LoadsAddUpAndOthersIgnored", insurers, []ledger.PartyLoad{
		{PartyID: "PTY-3", Turns: 1, Borne: 10_00}, {PartyID: "PTY-X", Borne: 1}, {PartyID: "PTY-3", Turns: 1, Borne: 10_00},
		{PartyID: "PTY-2", Turns: 1, Borne: 15_00}, {PartyID: "PTY-1", Turns: 1, Borne: 20_01}},
		"PTY-2", []ledger.PartyID{"PTY-2", "PTY-3", "PTY-1"}},
	{"DuplicateCandidateOnce", []ledger.Party{cz, cz, menzis}, nil, "PTY-3", []ledger.PartyID{"PTY-3", "PTY-2"}},
	{"NoCandidates", nil, []ledger.PartyLoad{{PartyID: "PTY-3"}}, "", nil},
}

func TestNextParty(t *testing.T) {
	for _, tt := range nextPartyTests {
		t.Run(tt.name, func(t *testing.T) {
			p, loads := allocation.NextParty(tt.candidates, tt.loads)
			if got, want := p.ID, tt.want; got != want {
				t.Fatalf("NextParty = %s; want %s", got, want)
			}
			var order []ledger.PartyID
			for _, l := range loads {
				order = append(order, l.PartyID)
			}
			if !slices.Equal(order, tt.order) {
				t.Fatalf("order = %v; want %v", order, tt.order)
			}
		})
	}
}

// TestNextPartyTakesTurns simulates ten successive costs among three
// insurers: each goes to NextParty, whose load then grows by the cost. The
// expected sequence was worked out by hand: the least borne goes first,
// ties go to fewer turns, then to the name, ignoring case.
func TestNextPartyTakesTurns(t *testing.T) {
	steps := []struct {
		cost ledger.Cents
		want ledger.PartyID
	}{
		{100_00, "PTY-3"}, // all 0.00: CZ by name
		{50_00, "PTY-2"},  // menzis and Zilveren Kruis 0.00: menzis by name (ignoring case)
		{50_00, "PTY-1"},  // Zilveren Kruis 0.00
		{50_00, "PTY-2"},  // menzis and Zilveren Kruis 50.00 in one turn each: menzis by name
		{50_00, "PTY-1"},  // Zilveren Kruis 50.00
		{30_00, "PTY-3"},  // all 100.00: CZ in one turn, the others in two
		{200_00, "PTY-2"}, // menzis and Zilveren Kruis 100.00 in two turns: menzis by name
		{30_00, "PTY-1"},  // Zilveren Kruis 100.00
		{10_00, "PTY-3"},  // CZ and Zilveren Kruis 130.00: CZ in two turns, Zilveren Kruis three
		{5_00, "PTY-1"},   // Zilveren Kruis 130.00 against CZ 140.00
	}
	var loads []ledger.PartyLoad
	for i, s := range steps {
		p, _ := allocation.NextParty(insurers, loads)
		if got, want := p.ID, s.want; got != want {
			t.Fatalf("cost %d (%s) goes to %s; want %s (loads %+v)", i+1, s.cost, got, want, loads)
		}
		j := slices.IndexFunc(loads, func(l ledger.PartyLoad) bool { return l.PartyID == p.ID })
		if j < 0 {
			loads = append(loads, ledger.PartyLoad{PartyID: p.ID})
			j = len(loads) - 1
		}
		loads[j].Turns++
		loads[j].Borne += s.cost
	}
	want := []ledger.PartyLoad{
		{PartyID: "PTY-3", PartyName: "CZ", Turns: 3, Borne: 140_00},
		{PartyID: "PTY-2", PartyName: "menzis", Turns: 3, Borne: 300_00},
		{PartyID: "PTY-1", PartyName: "Zilveren Kruis", Turns: 4, Borne: 135_00},
	}
	if got := allocation.Rotation(insurers, loads); !slices.Equal(got, want) {
		t.Fatalf("Rotation = %+v; want %+v", got, want)
	}
}

func TestRotation(t *testing.T) {
	t.Run("EveryPartySortedByName", func(t *testing.T) {
		parties := []ledger.Party{woonstad, zilveren, menzis, cz}
		loads := []ledger.PartyLoad{
			{PartyID: "PTY-W", PartyName: "old name", Turns: 1, Borne: 5_00},
			{PartyID: "PTY-W", Turns: 2, Borne: 7_00},
			{PartyID: "PTY-GONE", Turns: 9, Borne: 99_00},
		}
		want := []ledger.PartyLoad{
			{PartyID: "PTY-3", PartyName: "CZ"},
			{PartyID: "PTY-2", PartyName: "menzis"},
			{PartyID: "PTY-W", PartyName: "Woonstad", Turns: 3, Borne: 12_00},
			{PartyID: "PTY-1", PartyName: "Zilveren Kruis"},
		}
		if got := allocation.Rotation(parties, loads); !slices.Equal(got, want) {
			t.Fatalf("Rotation = %+v; want %+v", got, want)
		}
		if got, want := parties[0].ID, woonstad.ID; got != want {
			t.Fatalf("Rotation reordered its parties: first %s", got)
		}
	})
	t.Run("NoParties", func(t *testing.T) {
		got := allocation.Rotation(nil, []ledger.PartyLoad{{PartyID: "PTY-3", Borne: 1}})
		if got == nil || len(got) != 0 {
			t.Fatalf("Rotation = %#v; want an empty slice", got)
		}
	})
}

func partyLine(id ledger.PartyID, name string, amount ledger.Cents) ledger.AllocationLine {
	return ledger.AllocationLine{Target: ledger.TargetParty, PartyID: id, PartyName: name, Amount: amount}
}

var sameTests = []struct {
	name string
	a, b []ledger.AllocationLine
	want bool
}{
	{"BothEmpty", nil, []ledger.AllocationLine{}, true},
	{"Identical", []ledger.AllocationLine{lawLine(wmo, "6.60", ledger.EconInKind, 10_00)}, []ledger.AllocationLine{lawLine(wmo, "6.60", ledger.EconInKind, 10_00)}, true},
	{"OrderDoesNotMatter",
		[]ledger.AllocationLine{lawLine(wmo, "6.60", ledger.EconInKind, 10_00), maatwerkLine(5_00)},
		[]ledger.AllocationLine{maatwerkLine(5_00), lawLine(wmo, "6.60", ledger.EconInKind, 10_00)}, true},
	{"OtherAmount", []ledger.AllocationLine{maatwerkLine(5_00)}, []ledger.AllocationLine{maatwerkLine(5_01)}, false},
	{"OtherTarget", []ledger.AllocationLine{lawLine(wmo, "6.3", ledger.EconInKind, 1)}, []ledger.AllocationLine{lawLine(wgs, "6.3", ledger.EconInKind, 1)}, false},
	{"OtherTaakveld", []ledger.AllocationLine{lawLine(wmo, "6.60", ledger.EconInKind, 1)}, []ledger.AllocationLine{lawLine(wmo, "6.6", ledger.EconInKind, 1)}, false},
	{"OtherEconomicCategory", []ledger.AllocationLine{lawLine(wmo, "6.60", ledger.EconInKind, 1)}, []ledger.AllocationLine{lawLine(wmo, "6.60", ledger.EconCash, 1)}, false},
	{"OtherLength", []ledger.AllocationLine{maatwerkLine(5_00)}, []ledger.AllocationLine{maatwerkLine(2_50), maatwerkLine(2_50)}, false},
	{"RepeatedLinesCount", []ledger.AllocationLine{maatwerkLine(1), maatwerkLine(1), maatwerkLine(2)},
		[]ledger.AllocationLine{maatwerkLine(1), maatwerkLine(2), maatwerkLine(2)}, false},
	{"PartyByID", []ledger.AllocationLine{partyLine("PTY-2", "Menzis", 1)}, []ledger.AllocationLine{partyLine("PTY-2", "Menzis Zorg", 1)}, true},
	{"OtherPartyID", []ledger.AllocationLine{partyLine("PTY-2", "Menzis", 1)}, []ledger.AllocationLine{partyLine("PTY-3", "Menzis", 1)}, false},
	{"PartyByNameIgnoringCase", []ledger.AllocationLine{partyLine("PTY-2", "Menzis", 1)}, []ledger.AllocationLine{partyLine("", " menzis ", 1)}, true},
	{"OtherPartyName", []ledger.AllocationLine{partyLine("PTY-2", "Menzis", 1)}, []ledger.AllocationLine{partyLine("", "CZ", 1)}, false},
	{"IDAgainstNameOnly", []ledger.AllocationLine{partyLine("PTY-2", "", 1)}, []ledger.AllocationLine{partyLine("", "Menzis", 1)}, false},
	{"ReceivableIgnored", []ledger.AllocationLine{{Target: ledger.TargetParty, PartyID: "PTY-2", Amount: 1, ReceivableID: "RCV-1"}},
		[]ledger.AllocationLine{partyLine("PTY-2", "", 1)}, true},
	// The name-only line fits both lines of b, the id line only the first:
	// pairing greedily in order would fail.
	{"MatchingNotGreedy",
		[]ledger.AllocationLine{partyLine("", "Menzis", 1), partyLine("PTY-1", "Menzis", 1)},
		[]ledger.AllocationLine{partyLine("PTY-1", "Menzis", 1), partyLine("PTY-2", "Menzis", 1)}, true},
}

func TestSame(t *testing.T) {
	for _, tt := range sameTests {
		t.Run(tt.name, func(t *testing.T) {
			if got, want := allocation.Same(tt.a, tt.b), tt.want; got != want {
				t.Fatalf("Same(a, b) = %t; want %t", got, want)
			}
			if got, want := allocation.Same(tt.b, tt.a), tt.want; got != want {
				t.Fatalf("Same(b, a) = %t; want %t", got, want)
			}
		})
	}
}
