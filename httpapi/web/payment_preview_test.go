package web_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"testing"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/ledgertest"
)

// confirmation is the preview page's confirmation, as its form posts it.
func confirmation(t *testing.T, p page) url.Values {
	t.Helper()
	v := url.Values{}
	for _, name := range []string{"csrf", "sleutel", "potId", "executionDate", "plan"} {
		value := hiddenValue(p, name)
		if value == "" && name != "potId" {
			t.Fatalf("the preview has no %s to confirm with:\n%s", name, p.Body)
		}
		v.Set(name, html.UnescapeString(value))
	}
	return v
}

// TestPaymentPreview: the payments page's form shows what the run would pay
// (how many, how much, per pot and account, which go as instant payments)
// and books nothing; only the confirmation books, exactly what was shown;
// a confirmation of a preview that no longer fits books nothing and shows
// the new one; a post without a preview's plan books nothing either.
func TestPaymentPreview(t *testing.T) {
	e := newEnv(t, finance, caseworker)
	ctx := context.Background()
	if _, err := e.store.SetDebtorAccount(ctx, ledgertest.Finance, e.pot.ID, ledgertest.DebtorAccount(), ""); err != nil {
		t.Fatal(err)
	}
	urgent := e.approved(300_00) // ValidRequest is urgent
	r := ledgertest.ValidRequest(e.pot.ID, 120_50)
	r.Urgency = ledger.UrgencyNormal
	if _, err := e.store.RequestPayout(ctx, ledger.Actor{User: caseworker, Role: ledger.RoleCaseworker}, r); err != nil {
		t.Fatal(err)
	}
	b := e.browser(t)
	b.signIn(finance)
	unpaid := func() int {
		t.Helper()
		page, err := e.store.Payouts(ctx, ledger.PayoutFilter{Status: ledger.StatusApproved, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		return len(page.Payouts)
	}

	form := wantStatus(t, b.get("/financien/betalingen"), http.StatusOK)
	wantText(t, form, `action="/financien/betalingen/voorbeeld"`, "Bekijk wat er betaald wordt")
	p := wantStatus(t, b.get("/financien/betalingen/voorbeeld?potId=&executionDate=2026-03-12"), http.StatusOK)
	wantText(t, p, "Er is nog niets geboekt", "<strong>Uitbetalingen:</strong> 2", "€ 420,50", "12 maart 2026",
		"<strong>Direct overgemaakt (spoed):</strong> 1 uitbetaling, € 300,00", "Doorbraakpot 2026", "Gemeente Leeuwarden<br>NL11 BNGH 0002 2200 01",
		`href="/aanvragen/`+string(urgent.ID)+`"`, "Woonstichting De Kern", "Bevestigen: 2 uitbetalingen van samen € 420,50 betalen")
	if n := unpaid(); n != 2 {
		t.Fatalf("after the preview %d payouts are approved and unpaid; want both: a preview books nothing", n)
	}

	// A post without a plan (one click, as the page of an earlier release
	// did) shows the preview and books nothing.
	wantText(t, wantStatus(t, b.submit("/financien/betalingen", "/financien/betalingen", url.Values{"executionDate": {"2026-03-12"}}), http.StatusOK),
		"Er is nog niets geboekt")
	if n := unpaid(); n != 2 {
		t.Fatalf("a post without a plan booked: %d unpaid", n)
	}

	// Approved after the preview: its confirmation books nothing, says so
	// and shows the new preview to confirm.
	e.approved(80_00)
	stale := confirmation(t, p)
	got := wantStatus(t, b.post("/financien/betalingen", stale), http.StatusConflict)
	wantText(t, got, "Er is niets geboekt", "nu zouden er 3 uitbetalingen in het betaalbestand komen, samen € 500,50", "Bevestigen: 3 uitbetalingen")
	if n := unpaid(); n != 3 {
		t.Fatalf("the stale confirmation booked: %d unpaid", n)
	}
	done := wantStatus(t, b.post("/financien/betalingen", confirmation(t, got)), http.StatusSeeOther)
	wantText(t, b.get(done.Location), "Het betaalbestand is gemaakt")
	list, err := e.store.PaymentBatches(ctx, ledger.PaymentBatchFilter{})
	if err != nil || len(list.Batches) != 1 || list.Batches[0].Payouts != 3 || list.Batches[0].Amount != 500_50 || list.Batches[0].ExecutionDate != ledger.NewDate(2026, 3, 12) {
		t.Fatalf("batches %+v, %v; want the 3 payouts confirmed, on the day chosen", list.Batches, err)
	}
	// The confirmation sent again (a double click) books nothing more.
	wantStatus(t, b.post("/financien/betalingen", confirmation(t, got)), http.StatusSeeOther)
	if list, _ := e.store.PaymentBatches(ctx, ledger.PaymentBatchFilter{}); list.Total != 1 {
		t.Fatalf("%d batches after the confirmation was sent twice; want 1", list.Total)
	}
	// Nothing left: the preview says so on the payments page, with the
	// status the API gives the same dry run (409: the request was right,
	// there is nothing to pay).
	wantText(t, wantStatus(t, b.get("/financien/betalingen/voorbeeld?executionDate=2026-03-12"), http.StatusConflict), "Er is geen betaalbestand gemaakt", "niets om in een betaalbestand te zetten")
}
