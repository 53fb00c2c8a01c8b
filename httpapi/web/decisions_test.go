package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/ledgertest"
)

// currentNav returns the navigation entry marked as the current page ("" for
// none; every one, comma-separated, when there are several).
func currentNav(p page) string {
	var out []string
	for _, m := range regexp.MustCompile(`<a href="[^"]*" aria-current="page">([^<]*)</a>`).FindAllStringSubmatch(p.Body, -1) {
		out = append(out, m[1])
	}
	return strings.Join(out, ",")
}

// TestDecisionContext: an approver deciding another's request sees the money the
// pot has available and the earlier decisions in the category, with "Te
// beoordelen" as the current page; the confirmation names the request and
// what was decided; the inbox shows a zaak URL by a short label.
func TestDecisionContext(t *testing.T) {
	e := newEnv(t, caseworker, teamlead)
	ctx := context.Background()
	cw := ledger.Actor{User: caseworker, Role: ledger.RoleCaseworker}
	// An earlier decision in the category: approved at once.
	if _, err := e.store.RequestPayout(ctx, cw, ledgertest.ValidRequest(e.pot.ID, 350_00)); err != nil {
		t.Fatal(err)
	}
	waiting := func(amount ledger.Cents, ref string) ledger.Payout {
		t.Helper()
		req := ledgertest.ValidRequest(e.pot.ID, amount)
		req.CaseRef = ref
		p, err := e.store.RequestPayout(ctx, cw, req)
		if err != nil || p.Status != ledger.StatusPending {
			t.Fatalf("request %s: %v, %v", amount, p.Status, err)
		}
		return p
	}
	zaak := "https://open-zaak.gemeente.example.nl/zaken/api/v1/zaken/3fa85f64-5717-4562-b3fc-2c963f66afa6"
	first := waiting(2400_00, "WIJK-2026-0107")
	second := waiting(1800_00, zaak)

	b := e.browser(t)
	b.signIn(teamlead)

	t.Run("the inbox names a zaak URL by its start", func(t *testing.T) {
		inbox := wantStatus(t, b.get("/beoordelen"), http.StatusOK)
		wantText(t, inbox, `<a href="/aanvragen/`+string(second.ID)+`">zaak 3fa85f64…</a>`)
		if strings.Contains(inbox.Body, ">"+zaak+"<") {
			t.Error("the inbox shows the whole zaak URL as a link's text")
		}
		if got := currentNav(inbox); got != "Te beoordelen" {
			t.Errorf("current page in the navigation: %q; want Te beoordelen", got)
		}
	})

	t.Run("the decision page: the money available, earlier decisions, the inbox current", func(t *testing.T) {
		p := wantStatus(t, b.get("/aanvragen/"+string(first.ID)), http.StatusOK)
		// 50,000.00 in, 350.00 spent, 2,400.00 and 1,800.00 held.
		wantText(t, p, "Beschikbaar in Doorbraakpot 2026: <strong>€ 45.450,00</strong>", "Eerdere besluiten in deze categorie", "€ 350,00")
		if got := currentNav(p); got != "Te beoordelen" {
			t.Errorf("an approver deciding another's request sees %q as the current page; want Te beoordelen", got)
		}
	})

	t.Run("the confirmation names the request and the decision", func(t *testing.T) {
		path := "/aanvragen/" + string(first.ID)
		got := wantStatus(t, b.submit(path, path+"/besluit", url.Values{"decision": {"approve"}, "note": {"Akkoord, ontruiming voorkomen."}, "sleutel": {"k1"}}), http.StatusSeeOther)
		inbox := wantStatus(t, b.get(got.Location), http.StatusOK)
		want := "Uw besluit is vastgelegd: de aanvraag voor zaak WIJK-2026-0107 van € 2.400,00 (Huurachterstand) uit Doorbraakpot 2026 is goedgekeurd."
		wantText(t, inbox, want)
		if n := strings.Count(inbox.Body, "Uw besluit is vastgelegd"); n != 1 {
			t.Errorf("the confirmation is shown %d times", n)
		}
		path = "/aanvragen/" + string(second.ID)
		got = wantStatus(t, b.submit(path, path+"/besluit", url.Values{"decision": {"reject"}, "note": {"Eerst de gewone route via de bijstand."}, "sleutel": {"k2"}}), http.StatusSeeOther)
		wantText(t, b.get(got.Location), "Uw besluit is vastgelegd: de aanvraag voor zaak 3fa85f64… van € 1.800,00 (Huurachterstand) uit Doorbraakpot 2026 is afgewezen.")
		// An address that names another request, or none, says no more
		// than that a decision was recorded.
		wantText(t, b.get("/beoordelen?melding=besloten&besloten=PAY-nope"), "Uw besluit is vastgelegd.")
	})

	t.Run("one's own request is under Mijn aanvragen", func(t *testing.T) {
		c := e.browser(t)
		c.signIn(caseworker)
		p := wantStatus(t, c.get("/aanvragen/"+string(first.ID)), http.StatusOK)
		if got := currentNav(p); got != "Mijn aanvragen" {
			t.Errorf("the requester sees %q as the current page; want Mijn aanvragen", got)
		}
	})
}

// payAll pays the pot's approved payouts in a payment batch (giving the pot
// its bank account first), so they can be evaluated.
func (e *env) payAll() {
	e.t.Helper()
	ctx := context.Background()
	pot, err := e.store.Pot(ctx, e.pot.ID)
	if err != nil {
		e.t.Fatal(err)
	}
	if pot.DebtorAccount == nil {
		if _, err := e.store.SetDebtorAccount(ctx, ledgertest.Finance, e.pot.ID, ledgertest.DebtorAccount(), ""); err != nil {
			e.t.Fatal(err)
		}
	}
	if _, err := e.store.CreatePaymentBatch(ctx, ledgertest.Finance, ledger.NewPaymentBatch{PotID: e.pot.ID}); err != nil {
		e.t.Fatal(err)
	}
}
