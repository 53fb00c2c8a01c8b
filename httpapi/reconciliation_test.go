package httpapi_test

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

// TestReconciliationOverHTTP: finance and auditors read a statement
// reconciled with the ledger as JSON (checked against the OpenAPI
// document), as the accountant's PDF and as CSV in both dialects, and the
// accounts with their statements to choose from; an IBAN that is none or
// a statement the account lacks is a 400 naming the field, an account
// without statements a 404; every other role is refused.
func TestReconciliationOverHTTP(t *testing.T) {
	e := newEnv(t, 10000_00)
	ctx := context.Background()
	acct := ledgertest.DebtorAccount()
	acct.IBAN = bt.DebtorIBAN
	if _, err := e.store.SetDebtorAccount(ctx, ledgertest.Finance, e.pot.ID, acct, ""); err != nil {
		t.Fatal(err)
	}
	paid, err := e.store.RequestPayout(ctx, ledgertest.Alderman, ledgertest.ValidRequest(e.pot.ID, 125_50))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.store.CreatePaymentBatch(ctx, ledgertest.Finance, ledger.NewPaymentBatch{}); err != nil {
		t.Fatal(err)
	}
	today := ledger.DateOf(e.clock.Now())
	// The bank books the payout and a charge that matches nothing; the
	// partner's money came in the same day.
	const opening = 500000_00
	closing := ledger.Cents(opening + 10000_00 - 125_50 - 4_95)
	file := bt.BalancedStatement(bt.DebtorIBAN, "AFS-1", today, today, opening, closing,
		bt.Booking{Ref: "AFS1-IN", Amount: 10000_00, Booked: today},
		bt.Booking{Ref: "AFS1-PAY", PayoutID: paid.ID, Amount: 125_50, Debit: true, Booked: today},
		bt.Booking{Ref: "AFS1-FEE", PayoutID: "NOTPROVIDED", Amount: 4_95, Debit: true, Booked: today})
	want(t, e.do("POST", "/api/v1/bank-files", finance, file, "Content-Type", "application/xml"), 201)

	path := "/api/v1/bank-reconciliation?iban=" + bt.DebtorIBAN + "&statement=AFS-1"
	for _, user := range []string{finance, auditor} {
		var r struct {
			IBAN, StatementID, BankMovement, LedgerMovement, Difference, Unexplained, Checkpoint string
			BankOpening, BankClosing                                                             *string
			NeedsAction                                                                          int
			Pots                                                                                 []struct {
				Name string
				Year int
			}
			Items []struct {
				Kind, Amount, TextNl string
				NeedsAction          bool
			}
		}
		want(t, e.do("GET", path, user, nil), 200).JSON(t, &r)
		if r.IBAN != bt.DebtorIBAN || r.StatementID != "AFS-1" || r.BankMovement != "9869.55" || r.LedgerMovement != "9874.50" ||
			r.Difference != "-4.95" || r.Unexplained != "0.00" || r.BankOpening == nil || *r.BankOpening != "500000.00" ||
			r.BankClosing == nil || *r.BankClosing != "509869.55" || r.Checkpoint == "" || len(r.Pots) != 1 || r.Pots[0].Year != 2026 {
			t.Fatalf("%s reads %+v", user, r)
		}
		// The charge is the difference, and it needs action; the
		// payment and the money in are on both sides.
		if len(r.Items) != 1 || r.Items[0].Kind != "unmatched" || r.Items[0].Amount != "-4.95" || r.Items[0].TextNl == "" ||
			!r.Items[0].NeedsAction || r.NeedsAction != 1 {
			t.Fatalf("the differences: %+v", r)
		}
	}
	// The newest statement when none is named.
	want(t, e.do("GET", "/api/v1/bank-reconciliation?iban="+bt.DebtorIBAN, finance, nil), 200)

	// A statement that gives only its closing balance: the closing is
	// there, the opening absent (not "0.00").
	closingOnly := regexp.MustCompile(`(?m)^.*<Cd>OPBD</Cd>.*\n`).ReplaceAllString(
		string(bt.BalancedStatement(bt.DebtorIBAN, "AFS-2", today, today, 0, closing)), "")
	want(t, e.do("POST", "/api/v1/bank-files", finance, []byte(closingOnly), "Content-Type", "application/xml"), 201)
	var only map[string]any
	want(t, e.do("GET", "/api/v1/bank-reconciliation?iban="+bt.DebtorIBAN+"&statement=AFS-2", finance, nil), 200).JSON(t, &only)
	if _, ok := only["bankOpening"]; ok || only["bankClosing"] != closing.String() || only["balancesGiven"] != false {
		t.Fatalf("a statement with only its closing balance: %v", only)
	}

	pdf := want(t, e.do("GET", path, auditor, nil, "Accept", "application/pdf"), 200)
	if !strings.HasPrefix(string(pdf.Body), "%PDF-") || !strings.Contains(pdf.Header.Get("Content-Disposition"), "afstemming-nl35bngh0285170412-afs-1.pdf") {
		t.Fatalf("the PDF: %q, %.20q", pdf.Header.Get("Content-Disposition"), pdf.Body)
	}
	csv := want(t, e.do("GET", path, finance, nil, "Accept", "text/csv"), 200)
	if !strings.Contains(string(csv.Body), "verschil,unmatched,") || !strings.Contains(string(csv.Body), "-4.95") {
		t.Fatalf("the CSV:\n%s", csv.Body)
	}
	nl := want(t, e.do("GET", path+"&csvDialect=dutch", finance, nil, "Accept", "text/csv"), 200)
	if !strings.Contains(string(nl.Body), "verschil;unmatched;") || !strings.Contains(string(nl.Body), "-4,95") {
		t.Fatalf("the Dutch CSV:\n%s", nl.Body)
	}

	var list struct {
		Accounts []struct {
			IBAN       string
			Statements []struct{ ID, Opening, Closing string }
		}
	}
	want(t, e.do("GET", "/api/v1/bank-statements", auditor, nil), 200).JSON(t, &list)
	// AFS-2, of the same day, sorts first; its opening is absent.
	if len(list.Accounts) != 1 || list.Accounts[0].IBAN != bt.DebtorIBAN || len(list.Accounts[0].Statements) != 2 ||
		list.Accounts[0].Statements[1].ID != "AFS-1" || list.Accounts[0].Statements[1].Opening != "500000.00" ||
		list.Accounts[0].Statements[0].Opening != "" {
		t.Fatalf("the accounts: %+v", list)
	}

	for q, field := range map[string]string{
		"iban=NL00BANK0123456789": "iban",
		"iban=":                   "iban",
		"iban=" + bt.DebtorIBAN + "&statement=AFS-9":          "statement",
		"iban=" + bt.DebtorIBAN + "&csvDialect=excel":         "csvDialect",
		"iban=" + bt.DebtorIBAN + "&account=" + bt.DebtorIBAN: "account",
	} {
		wantParam(t, wantProblem(t, e.do("GET", "/api/v1/bank-reconciliation?"+q, finance, nil), 400, ledger.EINVALID), field)
	}
	wantProblem(t, e.do("GET", "/api/v1/bank-reconciliation?iban="+bt.DebtorIBAN2, finance, nil), 404, ledger.ENOTFOUND)
	for _, user := range []string{caseworker, teamlead, manager, alderman, partner, admin} {
		wantProblem(t, e.do("GET", path, user, nil), http.StatusForbidden, ledger.EFORBIDDEN)
		wantProblem(t, e.do("GET", "/api/v1/bank-statements", user, nil), http.StatusForbidden, ledger.EFORBIDDEN)
	}
}
