package ledger

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
)

// AllocationRule is one row of the rule table that suggests where a
// payout's cost belongs. A rule matches a payout by category, whether the
// resident is under 18, and urgency (an empty condition matches anything);
// the first rule that matches makes the suggestion. Finance accepts or
// changes it, and which it did is recorded per rule so the table can be
// improved.
type AllocationRule struct {
	ID string `json:"id"`
	// Conditions.
	Category        string  `json:"category,omitempty"`
	ResidentUnder18 *bool   `json:"residentUnder18,omitempty"`
	Urgency         Urgency `json:"urgency,omitempty"`
	// Suggestion. For a law: Taakvelden lists candidate codes, and the
	// first valid for the payout's booking year is suggested (the list
	// changes over the years); EconomicCategory overrides the one derived
	// from the payout. For a party: Parties names the organisations that
	// could bear it, or PartyKind selects every registered party of that
	// kind; with several, the one that has borne least takes its turn.
	Target           Target           `json:"target"`
	Taakvelden       []string         `json:"taakvelden,omitempty"`
	EconomicCategory EconomicCategory `json:"economicCategory,omitempty"`
	Parties          []string         `json:"parties,omitempty"`
	PartyKind        PartyKind        `json:"partyKind,omitempty"`
	// Reason explains the rule to finance, in Dutch.
	Reason string `json:"reason"`
}

// Matches reports whether the rule applies to a payout.
func (r *AllocationRule) Matches(category string, under18 bool, urgency Urgency) bool {
	return (r.Category == "" || r.Category == category) &&
		(r.ResidentUnder18 == nil || *r.ResidentUnder18 == under18) &&
		(r.Urgency == "" || r.Urgency == urgency)
}

var ruleID = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,63}$`)

// ValidateRules checks a whole rule table.
func ValidateRules(rules []AllocationRule) error {
	var fe fieldErrors
	seen := map[string]bool{}
	for i := range rules {
		r := &rules[i]
		f := "rules[" + itoa(i) + "]"
		r.Reason = strings.TrimSpace(r.Reason)
		if !ruleID.MatchString(r.ID) {
			fe.add(f+".id", msgNotARuleID, Quoted(r.ID))
		} else if seen[r.ID] {
			fe.add(f+".id", msgRuleIDTwice, Quoted(r.ID))
		} else {
			fe.checkNoBSN(f+".id", r.ID)
		}
		seen[r.ID] = true
		if r.Category != "" && !categoryCode.MatchString(r.Category) {
			fe.add(f+".category", msgRuleCategory, Quoted(r.Category))
		}
		// Codes and names the table refers to are stored as written.
		for j, c := range r.Taakvelden {
			fe.checkNoBSN(f+".taakvelden["+itoa(j)+"]", c)
		}
		for j, p := range r.Parties {
			fe.checkNoBSN(f+".parties["+itoa(j)+"]", p)
		}
		if r.Urgency != "" && r.Urgency != UrgencyNormal && r.Urgency != UrgencyUrgent {
			fe.add(f+".urgency", msgRuleUrgency, Quoted(r.Urgency))
		}
		_, isLaw := r.Target.Law()
		switch {
		case !r.Target.Valid():
			fe.add(f+".target", msgNotATarget, Quoted(r.Target))
		case isLaw:
			if len(r.Taakvelden) == 0 {
				fe.add(f+".taakvelden", msgRuleTaakvelden, r.Target)
			}
			if r.EconomicCategory != "" && !r.EconomicCategory.Valid() {
				fe.add(f+".economicCategory", msgRuleEconomicCategory, Quoted(r.EconomicCategory))
			}
		case r.Target == TargetParty:
			if len(r.Parties) == 0 && r.PartyKind == "" {
				fe.add(f+".parties", msgRuleParties)
			}
		}
		fe.checkText(f+".reason", r.Reason, 3, 300)
	}
	return fe.err(nounRuleTable)
}

//go:embed data/allocation-rules.json
var defaultRules []byte

// DefaultAllocationRules returns the rule table shipped in the binary; a
// store starts with it and an admin can replace it.
func DefaultAllocationRules() []AllocationRule {
	var rules []AllocationRule
	if err := json.Unmarshal(defaultRules, &rules); err != nil {
		panic(fmt.Sprintf("the embedded rule table is invalid: %v", err))
	}
	if err := ValidateRules(rules); err != nil {
		panic(fmt.Sprintf("the embedded rule table is invalid: %v", err))
	}
	return rules
}

// RuleStats counts what finance did with a rule's suggestions.
type RuleStats struct {
	RuleID string `json:"ruleId"`
	// Followed counts allocations that booked the suggestion unchanged;
	// Changed those that booked something else.
	Followed int `json:"followed"`
	Changed  int `json:"changed"`
}
