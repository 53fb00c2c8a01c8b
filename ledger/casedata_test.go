package ledger

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

// markedPayout is a payout whose every case field holds "MARKER" (severity
// and the stuck-since day are checked by value).
func markedPayout() Payout {
	return Payout{ID: "PAY-1", PotID: "POT-1", Amount: 100_00, Category: "rent_arrears", Urgency: UrgencyUrgent, Status: StatusReversed,
		Payee: Payee{Name: "MARKER payee", IBAN: "MARKERIBAN"}, CaseRef: "MARKER-REF", ResidentUnder18: true,
		Justification: Justification{Situation: "MARKER situation", Severity: 4, ResidentInvolvement: "MARKER involvement",
			ExpectedReturn: "MARKER return", DeviatesFrom: []string{"MARKER rule"}, RegularRouteTried: "MARKER route", StuckSince: DateOf(time.Now())},
		RequestedBy: "carla", RequestedRole: RoleCaseworker,
		Decision: &PayoutDecision{Outcome: OutcomeApprove, By: "tom", Role: RoleTeamlead, Note: "MARKER decision"},
		Reversal: &PayoutReversal{By: "fien", Role: RoleFinance, Reason: "MARKER reversal"}}
}

// stringsIn lists every string in v, however deep.
func stringsIn(v reflect.Value) []string {
	switch v.Kind() {
	case reflect.String:
		return []string{v.String()}
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		return stringsIn(v.Elem())
	case reflect.Struct:
		var out []string
		for i := range v.NumField() {
			out = append(out, stringsIn(v.Field(i))...)
		}
		return out
	case reflect.Slice, reflect.Array:
		var out []string
		for i := range v.Len() {
			out = append(out, stringsIn(v.Index(i))...)
		}
		return out
	}
	return nil
}

func marked(v any) []string {
	var out []string
	for _, s := range stringsIn(reflect.ValueOf(v)) {
		if strings.Contains(s, "MARKER") {
			out = append(out, s)
		}
	}
	return out
}

var (
	requester = Actor{User: "carla", Role: RoleCaseworker}
	colleague = Actor{User: "kees", Role: RoleCaseworker}
	readers   = map[Actor]bool{ // reader -> sees carla's case
		requester: true, colleague: false,
		{User: "tom", Role: RoleTeamlead}: true, {User: "mia", Role: RoleManager}: true, {User: "wim", Role: RoleAlderman}: true,
		{User: "fien", Role: RoleFinance}: true, {User: "anna", Role: RoleAuditor}: true,
		{User: "beheer", Role: RoleAdmin}: false, {User: "lezer", Role: RolePartner, Partner: "PRT-1"}: false,
	}
)

func TestPayoutFor(t *testing.T) {
	for reader, sees := range readers {
		p := markedPayout()
		got := p.For(reader)
		if sees {
			if !reflect.DeepEqual(got, p) {
				t.Errorf("%s (%s) sees the case but got %+v", reader.User, reader.Role, got)
			}
			continue
		}
		if m := marked(got); len(m) > 0 || got.Justification.Severity != 0 || !got.Justification.StuckSince.IsZero() || got.ResidentUnder18 {
			t.Errorf("%s (%s) may not see the case but reads %q, severity %d, stuck since %s, under 18 %v",
				reader.User, reader.Role, m, got.Justification.Severity, got.Justification.StuckSince, got.ResidentUnder18)
		}
		if got.Amount != p.Amount || got.Decision == nil || got.Decision.By != "tom" || got.Reversal == nil || got.Reversal.By != "fien" {
			t.Errorf("%s (%s) lost what is not case data: %+v", reader.User, reader.Role, got)
		}
		if p.Decision.Note == "" || p.Reversal.Reason == "" {
			t.Errorf("For emptied the original's decision or reversal, not a copy's")
		}
	}
}

func TestAllocationAndEvaluationFor(t *testing.T) {
	a := Allocation{PayoutID: "PAY-1", Version: 1, Lines: []AllocationLine{{Target: TargetMaatwerk, Amount: 100_00}},
		Note: "MARKER note", ReversalNote: "payout reversed: MARKER reason", By: "fien", Role: RoleFinance}
	e := Evaluation{PayoutID: "PAY-1", Version: 1, Outcome: EvalPartial, Regretted: 10_00, Note: "MARKER evaluation", By: "carla"}
	for reader, sees := range readers {
		ga, ge := a.For(reader, "carla"), e.For(reader, "carla")
		if sees != (len(marked(ga)) > 0) || sees != (len(marked(ge)) > 0) {
			t.Errorf("%s (%s), who sees the case: %v, reads the notes %q and %q", reader.User, reader.Role, sees, marked(ga), marked(ge))
		}
		if len(ga.Lines) != 1 || ge.Outcome != EvalPartial || ge.Regretted != 10_00 {
			t.Errorf("%s (%s) lost what is not case data: %+v, %+v", reader.User, reader.Role, ga, ge)
		}
	}
}

func TestSeesEveryCase(t *testing.T) {
	for reader := range readers {
		every := reader.SeesEveryCase()
		for _, requester := range []string{"carla", "kees", "someone", ""} {
			if every && !reader.SeesCase(requester) {
				t.Errorf("%s (%s) sees every case but not %q's", reader.User, reader.Role, requester)
			}
		}
		if !every && reader.SeesCase("someone") {
			t.Errorf("%s (%s) sees someone else's case but not every case", reader.User, reader.Role)
		}
	}
	if colleague.SeesCase("") {
		t.Errorf("a caseworker sees the case of a payout whose requester is unknown")
	}
}
