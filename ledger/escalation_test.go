package ledger_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/ontschot/ontschot/ledger"
)

// TestEscalationFieldsSayWhatHelps: a pot's escalation days out of range
// are refused naming each field, and an escalation not after the reminder
// is refused only against a reminder in its range: "give more than 70"
// (or more than 60, the most escalateAfter may be) asks for what the range
// refuses, so a reminder out of range is the only thing to correct.
func TestEscalationFieldsSayWhatHelps(t *testing.T) {
	ladder := []ledger.MandateLevel{{Role: ledger.RoleCaseworker, Limit: 1500_00}, {Role: ledger.RoleManager, Unlimited: true}}
	for _, c := range []struct {
		e    ledger.Escalation
		want []string
	}{
		{ledger.Escalation{RemindAfter: 60}, []string{"remindAfter"}},
		{ledger.Escalation{RemindAfter: 70, EscalateAfter: 9}, []string{"remindAfter"}},
		{ledger.Escalation{RemindAfter: 9999999999}, []string{"remindAfter"}},
		{ledger.Escalation{RemindAfter: -1, EscalateAfter: 61}, []string{"remindAfter", "escalateAfter"}},
		{ledger.Escalation{RemindAfter: 6}, []string{"escalateAfter"}}, // after the default 5
		{ledger.Escalation{RemindAfter: 4, EscalateAfter: 4}, []string{"escalateAfter"}},
		{ledger.Escalation{RemindAfter: 59, EscalateAfter: 60}, nil},
	} {
		req := ledger.NewPot{Name: "Pot", Year: 2026, RecoveryPolicy: ledger.PolicyReport, Mandates: ladder, Escalation: c.e}
		err := req.Validate()
		var got []string
		var e *ledger.Error
		if errors.As(err, &e) {
			for _, f := range e.Fields {
				got = append(got, f.Field)
			}
		} else if err != nil {
			t.Fatalf("%+v: %v", c.e, err)
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%+v: the fields refused are %v (%v); want %v", c.e, got, err, c.want)
		}
	}
}
