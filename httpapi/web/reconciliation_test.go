package web_test

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/ledger"
	bt "github.com/ontschot/ontschot/ledger/bankfile/bankfiletest"
	"github.com/ontschot/ontschot/ledger/ledgertest"
)

// TestReconciliationPage: finance and auditors see a statement of the
// pot's account beside the ledger in Dutch, each difference explained (a
// payment not yet booked, a charge nobody recognised), and download the
// PDF and both CSVs; the bank page links to it. Before any statement the
// page says to import one; a rekening that is no IBAN or an afschrift the
// account lacks is a 400 in Dutch; caseworkers and partners are refused.
func TestReconciliationPage(t *testing.T) {
	e := newEnv(t, finance, auditor, caseworker, partner)
	ctx := context.Background()
	b := e.browser(t)
	b.signIn(finance)

	none := wantStatus(t, b.get("/financien/bank/afstemming"), http.StatusOK)
	wantText(t, none, "<h1>Afstemming bank en grootboek</h1>", "Er is nog geen afschrift van een betaalrekening ingelezen.")
	wantText(t, wantStatus(t, b.get("/financien/bank"), http.StatusOK), `href="/financien/bank/afstemming"`)

	acct := ledgertest.DebtorAccount()
	acct.IBAN = bt.DebtorIBAN
	if _, err := e.store.SetDebtorAccount(ctx, ledgertest.Finance, e.pot.ID, acct, ""); err != nil {
		t.Fatal(err)
	}
	var ids []ledger.PayoutID
	for _, amount := range []ledger.Cents{250_00, 99_95} {
		p, err := e.store.RequestPayout(ctx, ledgertest.Alderman, ledgertest.ValidRequest(e.pot.ID, amount))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, p.ID)
	}
	if _, err := e.store.CreatePaymentBatch(ctx, ledgertest.Finance, ledger.NewPaymentBatch{}); err != nil {
		t.Fatal(err)
	}
	today := ledger.DateOf(e.clock.Now())
	// The bank books the first payout and a charge, not (yet) the second;
	// the partner's contribution came in.
	file := bt.BalancedStatement(bt.DebtorIBAN, "AFS-WEB-1", today, today, 100000_00, 100000_00+50000_00-250_00-3_10,
		bt.Booking{Ref: "WEB-IN", Amount: 50000_00, Booked: today},
		bt.Booking{Ref: "WEB-PAY", PayoutID: ids[0], Amount: 250_00, Debit: true, Booked: today},
		bt.Booking{Ref: "WEB-FEE", PayoutID: "NOTPROVIDED", Amount: 3_10, Debit: true, Booked: today})
	wantStatus(t, b.upload("afschrift.xml", file), http.StatusOK)

	for _, user := range []string{finance, auditor} {
		u := e.browser(t)
		u.signIn(user)
		p := wantStatus(t, u.get("/financien/bank/afstemming"), http.StatusOK)
		// The charge nobody recognises needs action, the payment not
		// yet booked does not: the headline counts the one, apart.
		wantText(t, p, "Afschrift AFS-WEB-1", bt.DebtorIBAN+" (Gemeente Leeuwarden)", "Doorbraakpot 2026",
			"Betaald, nog niet door de bank geboekt", "€ 99,95", string(ids[1]),
			"Niet herkende boeking", "− € 3,10", "Boeking WEB-FEE van 10 maart 2026 hoort bij geen betaling",
			"1 verschil vraagt actie", "<h3>Vraagt actie</h3>", "<h3>Tijdsverschillen en boekingen alleen in het grootboek</h3>",
			`aria-current="page">AFS-WEB-1</a>`,
			`href="/financien/bank/afstemming/afstemming.pdf?afschrift=AFS-WEB-1&rekening=`+bt.DebtorIBAN+`"`,
			`afstemming.csv?afschrift=AFS-WEB-1&rekening=`+bt.DebtorIBAN+`&indeling=nl"`)
		if strings.Contains(p.Body, "Onverklaard:") || strings.Contains(p.Body, "Elk verschil is verklaard") || strings.Contains(p.Body, "niet gegeven") {
			t.Errorf("%s: the page calls part of it unexplained, all of it explained, or a balance not given:\n%s", user, p.Body)
		}
		action, timing := strings.Index(p.Body, "<h3>Vraagt actie</h3>"), strings.Index(p.Body, "<h3>Tijdsverschillen")
		if fee, late := strings.Index(p.Body, "WEB-FEE"), strings.Index(p.Body, string(ids[1])); !(action < fee && fee < timing && timing < late) {
			t.Errorf("%s: the charge is not under Vraagt actie, or the payment not under Tijdsverschillen", user)
		}
	}
	named := wantStatus(t, b.get("/financien/bank/afstemming?rekening=NL35+BNGH+0285+1704+12&afschrift=AFS-WEB-1"), http.StatusOK)
	wantText(t, named, "Afschrift AFS-WEB-1")

	q := "?rekening=" + bt.DebtorIBAN + "&afschrift=AFS-WEB-1"
	pdf := wantStatus(t, b.get("/financien/bank/afstemming/afstemming.pdf"+q), http.StatusOK)
	if !strings.HasPrefix(pdf.Body, "%PDF-") || !strings.Contains(pdf.Header.Get("Content-Disposition"), "afstemming-nl35bngh0285170412-afs-web-1.pdf") {
		t.Errorf("the PDF: %s", pdf.Header.Get("Content-Disposition"))
	}
	wantText(t, wantStatus(t, b.get("/financien/bank/afstemming/afstemming.csv"+q), http.StatusOK), "verschil,paid_not_booked,", "99.95")
	wantText(t, wantStatus(t, b.get("/financien/bank/afstemming/afstemming.csv"+q+"&indeling=nl"), http.StatusOK), "verschil;unmatched;", "-3,10")
	wantStatus(t, b.get("/financien/bank/afstemming/afstemming.csv"+q+"&indeling=excel"), http.StatusBadRequest)
	wantStatus(t, b.get("/financien/bank/afstemming/afstemming.xlsx"+q), http.StatusNotFound)
	// Without the account, the statement's account is asked for (not a
	// payee's IBAN).
	noAcct := wantStatus(t, b.get("/financien/bank/afstemming/afstemming.csv?afschrift=AFS-WEB-1"), http.StatusBadRequest)
	wantText(t, noAcct, "Kies de betaalrekening (het IBAN) van het afschrift")
	if strings.Contains(noAcct.Body, "ontvanger") {
		t.Errorf("no account asks for a payee's IBAN:\n%s", noAcct.Body)
	}

	// A statement that gives only its closing balance shows it; only
	// the opening is not given.
	closingOnly := regexp.MustCompile(`(?m)^.*<Cd>OPBD</Cd>.*\n`).ReplaceAllString(string(
		bt.BalancedStatement(bt.DebtorIBAN, "AFS-WEB-2", today, today, 100000_00, 123456_78)), "")
	wantStatus(t, b.upload("afschrift2.xml", []byte(closingOnly)), http.StatusOK)
	only := wantStatus(t, b.get("/financien/bank/afstemming?rekening="+bt.DebtorIBAN+"&afschrift=AFS-WEB-2"), http.StatusOK)
	wantText(t, only, "€ 123.456,78", "Het afschrift geeft niet beide saldi")
	if n := strings.Count(only.Body, "niet gegeven"); n != 1 {
		t.Errorf("a statement with only its closing balance says %d times that a balance is not given:\n%s", n, only.Body)
	}

	wantText(t, wantStatus(t, b.get("/financien/bank/afstemming?rekening=NL00BANK0123456789"), http.StatusBadRequest), "Geen afstemming te tonen")
	wantText(t, wantStatus(t, b.get("/financien/bank/afstemming"+q+"9"), http.StatusBadRequest),
		"Rekening "+bt.DebtorIBAN+" heeft geen afschrift “AFS-WEB-19”")
	wantText(t, wantStatus(t, b.get("/financien/bank/afstemming?rekening="+bt.DebtorIBAN2), http.StatusOK),
		"Er is geen afschrift van rekening "+bt.DebtorIBAN2+" ingelezen")

	for _, user := range []string{caseworker, partner} {
		u := e.browser(t)
		u.signIn(user)
		wantStatus(t, u.get("/financien/bank/afstemming"), http.StatusForbidden)
		wantStatus(t, u.get("/financien/bank/afstemming/afstemming.pdf"+q), http.StatusForbidden)
	}
}
