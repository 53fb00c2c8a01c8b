package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/ledger"
)

// TestStatementPageSigns: the statement page writes the pot's course as
// the PDF does, each figure with the sign it has in the sum ("+ € …" for
// what comes in, "− € 600,15" with a minus sign for the payouts), never
// "-€ 600,15".
func TestStatementPageSigns(t *testing.T) {
	e := newEnv(t, partner, caseworker)
	for i := 0; i < 6; i++ {
		e.approved(ledger.Cents(100_00 + i))
	}
	b := e.browser(t)
	b.signIn(partner)
	v := wantStatus(t, b.get("/partner/"+string(e.pot.ID)+"/2026-Q1"), http.StatusOK)
	wantText(t, v, "<td class=\"num\">− € 600,15</td>", "<td class=\"num\">+ € ")
	if strings.Contains(v.Body, "-€") {
		t.Error("the statement page writes an amount as -€")
	}
}
