package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/ledgertest"
)

// TestNotificationsPage: a request above the caseworker's mandate shows at
// once in the team lead's navigation as one unread notification; the page
// /meldingen says in Dutch that it waits for a decision, with the amount,
// category and pot and a link to the request, never the payee or the
// case, and marks it read; the count is gone then. The caseworker is told
// of the decision; a partner's page has none.
func TestNotificationsPage(t *testing.T) {
	e := newEnv(t, caseworker, teamlead, partner)
	ctx := context.Background()
	cw := ledger.Actor{User: caseworker, Role: ledger.RoleCaseworker}
	req := ledgertest.ValidRequest(e.pot.ID, 2400_00)
	p, err := e.store.RequestPayout(ctx, cw, req)
	if err != nil || p.Status != ledger.StatusPending {
		t.Fatalf("request: %v %v", p.Status, err)
	}

	tl := e.browser(t)
	tl.signIn(teamlead)
	home := wantStatus(t, tl.get("/beoordelen"), http.StatusOK)
	wantText(t, home, `<a href="/meldingen">Meldingen <span class="count">1<span class="visually-hidden"> ongelezen</span></span></a>`)
	list := wantStatus(t, tl.get("/meldingen"), http.StatusOK)
	wantText(t, list, "Nieuw", "Een aanvraag wacht op uw besluit", "€ 2.400,00", "Doorbraakpot", `<a href="/aanvragen/`+string(p.ID)+`">Naar de aanvraag`)
	for _, secret := range []string{req.Payee.Name, "NL91", req.CaseRef} {
		if strings.Contains(list.Body, secret) {
			t.Errorf("the notifications page shows %q", secret)
		}
	}
	again := wantStatus(t, tl.get("/meldingen"), http.StatusOK)
	if strings.Contains(again.Body, `class="count"`) || strings.Contains(again.Body, ">Nieuw<") {
		t.Error("a notification shown once is still unread")
	}
	if _, err := e.store.DecidePayout(ctx, ledger.Actor{User: teamlead, Role: ledger.RoleTeamlead}, ledger.Decision{PayoutID: p.ID, Outcome: ledger.OutcomeReject, Note: "Eerst de schuldhulp afronden."}); err != nil {
		t.Fatal(err)
	}
	c := e.browser(t)
	c.signIn(caseworker)
	wantText(t, wantStatus(t, c.get("/meldingen"), http.StatusOK), "Uw aanvraag is afgewezen")

	pb := e.browser(t)
	pb.signIn(partner)
	wantText(t, wantStatus(t, pb.get("/meldingen"), http.StatusOK), "U heeft geen meldingen.")
	wantStatus(t, tl.get("/meldingen?na=nope"), http.StatusBadRequest)
}
