package allocation

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/ontschot/ontschot/ledger"
)

// Suggestion is where the rule table says a payout's cost belongs. Finance
// accepts it or books something else; which it did is recorded per rule so
// the table can be improved.
type Suggestion struct {
	// RuleID is the rule that made the suggestion, or "" when no rule
	// could: then the suggestion is maatwerk proper.
	RuleID string `json:"ruleId"`
	// Reason is the rule's reason, in Dutch.
	Reason string `json:"reason"`
	// Lines is one line for the payout's whole amount.
	Lines []ledger.AllocationLine `json:"lines"`
	// Candidates is set for a party rule: every candidate party with what it
	// bore so far, in the order NextParty considered them (the chosen one
	// first).
	Candidates []ledger.PartyLoad `json:"candidates,omitempty"`
	// Skipped lists the rules before RuleID that matched the payout but
	// could not make a line, each with why, as an English sentence.
	Skipped []string `json:"skipped,omitempty"`
}

// NoRuleReason is the Reason of a suggestion that no rule made.
const NoRuleReason = "Geen regel is van toepassing: de pot draagt de kosten zelf (maatwerk)."

// Suggest proposes an allocation of a payout's cost from the rule table.
//
// It takes the first rule, in table order, that matches the payout
// (AllocationRule.Matches on its category, whether the resident is under 18,
// and urgency) and can make a line for the payout's whole Amount:
//
//   - For a law, the first of the rule's taakvelden that list accepts for
//     the law in the booking year (PayoutFact.BookingYear: the year of the
//     approval; the code list changes over the years). The economic category is the
//     rule's, or else derived from the payout as
//     ledger.Payout.EconomicCategory does: 4.1.1 for cash to the resident
//     that is not bound to a good or service, 3.4.1 for everything else.
//   - For an outside party, the candidates are the registered parties the
//     rule names (matched by name, ignoring case and extra spaces) and every
//     registered party of the rule's kind; NextParty picks the one whose
//     turn it is, and the line carries its PartyID and PartyName.
//   - For maatwerk, a plain line.
//
// A rule that matches but cannot make a line (no taakveld valid that year, no
// registered candidate party, a target that is not one) is recorded in
// Skipped and the next rule is tried. When no rule makes a line the
// suggestion is one maatwerk line with RuleID "" and NoRuleReason. f must not
// be nil; the inputs are not modified.
func Suggest(f *ledger.PayoutFact, rules []ledger.AllocationRule, list ledger.TaakveldList, parties []ledger.Party, loads []ledger.PartyLoad) Suggestion {
	var skipped []string
	for i := range rules {
		r := &rules[i]
		if !r.Matches(f.Category, f.ResidentUnder18, f.Urgency) {
			continue
		}
		s, why := suggestBy(r, f, list, parties, loads)
		if why != "" {
			skipped = append(skipped, fmt.Sprintf("Rule %s matched, but %s.", r.ID, why))
			continue
		}
		s.Skipped = skipped
		return s
	}
	return Suggestion{
		Reason:  NoRuleReason,
		Lines:   []ledger.AllocationLine{{Target: ledger.TargetMaatwerk, Amount: f.Amount}},
		Skipped: skipped,
	}
}

// suggestBy makes rule r's suggestion for f, or says why it cannot.
func suggestBy(r *ledger.AllocationRule, f *ledger.PayoutFact, list ledger.TaakveldList, parties []ledger.Party, loads []ledger.PartyLoad) (Suggestion, string) {
	s := Suggestion{RuleID: r.ID, Reason: r.Reason}
	if law, ok := r.Target.Law(); ok {
		year := f.BookingYear()
		for _, code := range r.Taakvelden {
			if list.Check(law, code, year) != nil {
				continue
			}
			econ := r.EconomicCategory
			if econ == "" {
				p := ledger.Payout{PaidTo: f.PaidTo, SpendingBound: f.SpendingBound}
				econ = p.EconomicCategory()
			}
			s.Lines = []ledger.AllocationLine{{Target: r.Target, Taakveld: code, EconomicCategory: econ, Amount: f.Amount}}
			return s, ""
		}
		valid := strings.Join(list.ValidCodes(law, year), ", ")
		if valid == "" {
			valid = "none"
		}
		return s, fmt.Sprintf("none of its taakvelden (%s) is valid for %s in booking year %d (valid then: %s); add one to the rule",
			strings.Join(r.Taakvelden, ", "), law, year, valid)
	}
	switch r.Target {
	case ledger.TargetMaatwerk:
		s.Lines = []ledger.AllocationLine{{Target: ledger.TargetMaatwerk, Amount: f.Amount}}
		return s, ""
	case ledger.TargetParty:
		cands := candidates(r, parties)
		if len(cands) == 0 {
			var want []string
			if len(r.Parties) > 0 {
				want = append(want, "named "+strings.Join(r.Parties, " or "))
			}
			if r.PartyKind != "" {
				want = append(want, "of kind "+string(r.PartyKind))
			}
			return s, fmt.Sprintf("no registered party is %s; register one or change the rule", strings.Join(want, ", or "))
		}
		p, considered := NextParty(cands, loads)
		s.Lines = []ledger.AllocationLine{{Target: ledger.TargetParty, PartyID: p.ID, PartyName: p.Name, Amount: f.Amount}}
		s.Candidates = considered
		return s, ""
	}
	return s, fmt.Sprintf("its target %q is not a law, party or maatwerk; correct the rule table", r.Target)
}

// candidates returns the registered parties rule r names, in the rule's
// order, then those of its kind in registration order, each once.
func candidates(r *ledger.AllocationRule, parties []ledger.Party) []ledger.Party {
	var out []ledger.Party
	seen := map[ledger.PartyID]bool{}
	take := func(p ledger.Party) {
		if !seen[p.ID] {
			seen[p.ID] = true
			out = append(out, p)
		}
	}
	for _, name := range r.Parties {
		for _, p := range parties {
			if sameName(p.Name, name) {
				take(p)
			}
		}
	}
	if r.PartyKind != "" {
		for _, p := range parties {
			if p.Kind == r.PartyKind {
				take(p)
			}
		}
	}
	return out
}

// sameName reports whether two party names are the same, ignoring case and
// extra spaces.
func sameName(a, b string) bool {
	return strings.EqualFold(strings.Join(strings.Fields(a), " "), strings.Join(strings.Fields(b), " "))
}

// NextParty applies "the cheapest solution prevails; every organisation
// takes its turn" to outside parties that share no budget: among the
// candidates, the one that has borne the least so far takes the next cost.
//
// A candidate's load is the sum of the loads with its PartyID (none means
// nothing borne, no turns). Candidates are ordered by amount borne, then by
// fewest turns, then by name ignoring case, then by name byte for byte, then
// by id; the first is chosen. It returns the chosen party and every
// candidate's load in that order, carrying the candidate's id and name. A
// candidate listed twice counts once. With no candidates it returns the zero
// Party and nil.
func NextParty(candidates []ledger.Party, loads []ledger.PartyLoad) (ledger.Party, []ledger.PartyLoad) {
	if len(candidates) == 0 {
		return ledger.Party{}, nil
	}
	type cand struct {
		p ledger.Party
		l ledger.PartyLoad
	}
	borne := loadsByParty(loads)
	var cs []cand
	seen := map[ledger.PartyID]bool{}
	for _, p := range candidates {
		if seen[p.ID] {
			continue
		}
		seen[p.ID] = true
		l := borne[p.ID]
		l.PartyID, l.PartyName = p.ID, p.Name
		cs = append(cs, cand{p, l})
	}
	slices.SortStableFunc(cs, func(a, b cand) int {
		return cmp.Or(
			cmp.Compare(a.l.Borne, b.l.Borne),
			cmp.Compare(a.l.Turns, b.l.Turns),
			compareNames(a.p.Name, b.p.Name),
			cmp.Compare(a.p.ID, b.p.ID))
	})
	out := make([]ledger.PartyLoad, len(cs))
	for i, c := range cs {
		out[i] = c.l
	}
	return cs[0].p, out
}

// loadsByParty adds up the loads per party.
func loadsByParty(loads []ledger.PartyLoad) map[ledger.PartyID]ledger.PartyLoad {
	m := make(map[ledger.PartyID]ledger.PartyLoad, len(loads))
	for _, l := range loads {
		sum := m[l.PartyID]
		sum.Turns += l.Turns
		sum.Borne += l.Borne
		m[l.PartyID] = sum
	}
	return m
}

// compareNames orders names ignoring case, then byte for byte.
func compareNames(a, b string) int {
	return cmp.Or(cmp.Compare(strings.ToLower(a), strings.ToLower(b)), cmp.Compare(a, b))
}

// Rotation is the standing of "every organisation takes its turn": every
// registered party with its load (the sum of its loads; zero turns and 0.00
// when it has none), sorted by name ignoring case, then byte for byte, then
// by id. Loads of parties that are not in parties are left out. The result
// is empty, not nil, when there are no parties.
func Rotation(parties []ledger.Party, loads []ledger.PartyLoad) []ledger.PartyLoad {
	borne := loadsByParty(loads)
	ps := slices.Clone(parties)
	slices.SortStableFunc(ps, func(a, b ledger.Party) int {
		return cmp.Or(compareNames(a.Name, b.Name), cmp.Compare(a.ID, b.ID))
	})
	out := make([]ledger.PartyLoad, 0, len(ps))
	for _, p := range ps {
		l := borne[p.ID]
		l.PartyID, l.PartyName = p.ID, p.Name
		out = append(out, l)
	}
	return out
}

// Same reports whether two sets of lines are the same allocation, in any
// order: each line of a pairs with its own line of b that has the same
// target, taakveld, economic category and amount, and the same party: the
// same PartyID when both lines have one, else the same PartyName ignoring
// case and extra spaces. Receivable ids are ignored. Values are compared as
// given: resolve a derived economic category or a party's id before
// comparing. It is how a store decides whether finance followed a
// suggestion.
func Same(a, b []ledger.AllocationLine) bool {
	if len(a) != len(b) {
		return false
	}
	// A line naming its party by name alone may equal a line with an id
	// and one without, so equality is not transitive and a greedy pairing
	// could miss a perfect one; find a maximum matching (Kuhn's algorithm:
	// at most 20 lines on each side in practice).
	matchOfB := make([]int, len(b))
	for j := range matchOfB {
		matchOfB[j] = -1
	}
	var try func(i int, seen []bool) bool
	try = func(i int, seen []bool) bool {
		for j := range b {
			if seen[j] || !sameLine(&a[i], &b[j]) {
				continue
			}
			seen[j] = true
			if matchOfB[j] < 0 || try(matchOfB[j], seen) {
				matchOfB[j] = i
				return true
			}
		}
		return false
	}
	for i := range a {
		if !try(i, make([]bool, len(b))) {
			return false
		}
	}
	return true
}

// sameLine reports whether two lines are the same part of an allocation.
func sameLine(x, y *ledger.AllocationLine) bool {
	if x.Target != y.Target || x.Taakveld != y.Taakveld || x.EconomicCategory != y.EconomicCategory || x.Amount != y.Amount {
		return false
	}
	if x.PartyID != "" && y.PartyID != "" {
		return x.PartyID == y.PartyID
	}
	return sameName(x.PartyName, y.PartyName)
}
