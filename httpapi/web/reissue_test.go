package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ontschot/ontschot/ledger"
	bt "github.com/ontschot/ontschot/ledger/bankfile/bankfiletest"
	"github.com/ontschot/ontschot/ledger/ledgertest"
)

// TestCaseworkerPaysAReturnedPayoutAgain: the bank sends a payout back
// (AC01, a wrong IBAN). Its requester finds on its page a form with the
// payee as it was; a wrong IBAN is refused beside the field, the form kept;
// the corrected payee makes a new payout, approved by the old decision,
// which names the one it pays again, and the returned payout names it and
// offers the form no more; a second try is refused saying it was paid
// again already. Finance, who may not pay again, sees no form and is
// refused a post; "Mijn aanvragen" links the two.
func TestCaseworkerPaysAReturnedPayoutAgain(t *testing.T) {
	e := newEnv(t, finance, caseworker, caseworker2)
	ctx := context.Background()
	cw := ledger.Actor{User: caseworker, Role: ledger.RoleCaseworker}
	p, err := e.store.RequestPayout(ctx, cw, ledgertest.ValidRequest(e.pot.ID, bt.AmountA2))
	if err != nil {
		t.Fatal(err)
	}
	account := ledgertest.DebtorAccount()
	account.IBAN = ledger.IBAN(bt.DebtorIBAN)
	if _, err := e.store.SetDebtorAccount(ctx, ledgertest.Finance, e.pot.ID, account, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := e.store.CreatePaymentBatch(ctx, ledgertest.Finance, ledger.NewPaymentBatch{PotID: e.pot.ID}); err != nil {
		t.Fatal(err)
	}
	e.clock.SetDate(2026, time.March, 11)
	file := camt053(bt.DebtorIBAN, "2026-03-11", camtEntry("2026031100000009", p.ID, p.Amount, "2026-03-11", false, "AC01"))
	path := "/aanvragen/" + string(p.ID)

	fin := e.browser(t)
	fin.signIn(finance)
	wantStatus(t, fin.upload("afschrift.xml", file), http.StatusOK)
	seen := wantStatus(t, fin.get(path), http.StatusOK)
	if strings.Contains(seen.Body, `id="opnieuw-betalen"`) {
		t.Error("finance is offered the form to pay a returned payout again")
	}
	wantText(t, seen, "De aanvrager, of een beoordelaar met een mandaat voor dit bedrag op deze pot, kan de begunstigde verbeteren")
	wantStatus(t, fin.submit(path, path+"/opnieuw", url.Values{"payee.name": {"Woonstichting De Kern"}, "payee.iban": {"NL44RABO0123456789"}}), http.StatusForbidden)

	// Another caseworker may neither see the case nor send its money
	// elsewhere, even by posting the form by hand.
	other := e.browser(t)
	other.signIn(caseworker2)
	n := e.payoutCount()
	refused := wantStatus(t, other.submit("/aanvragen", path+"/opnieuw", url.Values{"payee.name": {"Eigen Rekening"}, "payee.iban": {"NL44RABO0123456789"}}), http.StatusConflict)
	wantText(t, refused, "Alleen "+caseworker+", die uitbetaling "+string(p.ID)+" aanvroeg, of een beoordelaar met een mandaat")
	if strings.Contains(refused.Body, "WIJK-2026-0042") || e.payoutCount() != n {
		t.Error("another caseworker's refused post shows the case or pays the money")
	}

	c := e.browser(t)
	c.signIn(caseworker)
	page := wantStatus(t, c.get(path), http.StatusOK)
	wantText(t, page, "Begunstigde verbeteren en opnieuw betalen", `action="/aanvragen/`+string(p.ID)+`/opnieuw"`)
	if got := inputValue(page, "payee-iban"); got != "NL91 ABNA 0417 1643 00" {
		t.Errorf("the form offers the IBAN %q to correct; want the payee's", got)
	}
	if got := inputValue(page, "payee-name"); got != "Woonstichting De Kern" {
		t.Errorf("the form offers the name %q; want the payee's", got)
	}

	bad := wantStatus(t, c.submit(path, path+"/opnieuw", url.Values{"payee.name": {"Woonstichting De Kern"}, "payee.iban": {"NL44 RABO 0123 4567 88"}}), http.StatusBadRequest)
	if msg := fieldError(bad, "payee-iban"); !strings.Contains(msg, "controlecijfers") {
		t.Errorf("a wrong IBAN is refused with %q beside the field", msg)
	}
	if got := inputValue(bad, "payee-iban"); got != "NL44 RABO 0123 4567 88" {
		t.Errorf("the refused form keeps %q; want what was typed", got)
	}

	done := c.submit(path, path+"/opnieuw", url.Values{"payee.name": {"Woonstichting De Kern"}, "payee.iban": {"NL44 RABO 0123 4567 89"}, "payee.reference": {"HUUR 2026-03"}})
	if done.Status != http.StatusSeeOther || !strings.Contains(done.Location, "melding=opnieuw") {
		t.Fatalf("paying again: %d to %q\n%s", done.Status, done.Location, done.Body)
	}
	again := e.payoutOf(strings.TrimSuffix(done.Location, "?melding=opnieuw"))
	if again.ReissueOf != p.ID || again.Status != ledger.StatusApproved || again.Payee.IBAN != "NL44RABO0123456789" || again.Payee.Reference != "HUUR 2026-03" {
		t.Fatalf("the payout paid again: %+v", again)
	}
	shown := wantStatus(t, c.get(done.Location), http.StatusOK)
	wantText(t, shown, "De begunstigde is verbeterd.", `Deze uitbetaling betaalt <a href="/aanvragen/`+string(p.ID)+`">uitbetaling `+string(p.ID)+`</a> opnieuw`,
		"Goedgekeurd met het besluit over de teruggekomen uitbetaling")

	old := wantStatus(t, c.get(path), http.StatusOK)
	wantText(t, old, `Opnieuw betaald aan een verbeterde begunstigde: <a href="/aanvragen/`+string(again.ID)+`">`)
	if strings.Contains(old.Body, `id="opnieuw-betalen"`) {
		t.Error("a payout paid again still offers the form")
	}
	twice := c.post(path+"/opnieuw", url.Values{"csrf": {csrfOf(t, page.Body)}, "payee.name": {"Woonstichting De Kern"}, "payee.iban": {"NL44 RABO 0123 4567 89"}})
	wantStatus(t, twice, http.StatusConflict)
	wantText(t, twice, "is al opnieuw betaald, als uitbetaling "+string(again.ID))

	list := wantStatus(t, c.get("/aanvragen"), http.StatusOK)
	wantText(t, list, `opnieuw betaald als <a href="/aanvragen/`+string(again.ID)+`">`, `betaalt <a href="/aanvragen/`+string(p.ID)+`">`)
}
