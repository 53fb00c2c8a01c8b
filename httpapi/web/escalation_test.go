package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/ledgertest"
)

// TestDashboardEscalationDays: a pot's page says its own escalation days,
// in Dutch that reads right for one working day ("1 werkdag", not
// "1 werkdagen": remindAfter may be 1).
func TestDashboardEscalationDays(t *testing.T) {
	e := newEnv(t, auditor)
	if _, err := e.store.SetMandates(context.Background(), ledgertest.Admin, e.pot.ID, ledgertest.Ladder(),
		ledger.Escalation{RemindAfter: 1, EscalateAfter: 3}, ""); err != nil {
		t.Fatal(err)
	}
	b := e.browser(t)
	b.signIn(auditor)
	d := wantStatus(t, b.get("/potten/"+string(e.pot.ID)), http.StatusOK)
	wantText(t, d, "langer dan 1 werkdag op een besluit", "na meer dan 3 werkdagen gaat de aanvraag naar het volgende niveau")
	if strings.Contains(d.Body, "1 werkdagen") {
		t.Error(`the page says "1 werkdagen"`)
	}
}
