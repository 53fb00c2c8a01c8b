package httpapi_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/ledger"
)

func TestStatementsOverHTTP(t *testing.T) {
	e := newEnv(t, 10000_00)
	for range 6 {
		e.requestPayout(caseworker, "120.00")
	}
	path := "/api/v1/pots/" + string(e.pot.ID) + "/statements/2026-Q1"
	r := want(t, e.do("GET", path, partner, nil, "Accept", "application/pdf"), 200)
	if r.Header.Get("Content-Type") != "application/pdf" || !bytes.HasPrefix(r.Body, []byte("%PDF-")) ||
		!strings.Contains(r.Header.Get("Content-Disposition"), "verantwoording-doorbraakpot-2026-Q1-de-friesland.pdf") {
		t.Fatalf("PDF answer: %s, %s, %q", r.Header.Get("Content-Type"), r.Header.Get("Content-Disposition"), r.Body[:min(20, len(r.Body))])
	}
	r = want(t, e.do("GET", path, partner, nil, "Accept", "text/csv"), 200)
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "text/csv") || !bytes.Contains(r.Body, []byte("uitgaven per categorie,Huurachterstand,6,720.00")) {
		t.Fatalf("CSV answer: %s\n%s", r.Header.Get("Content-Type"), r.Body)
	}
	var st struct {
		Recipient struct{ Name string } `json:"recipient"`
		Opening   string                `json:"opening"`
		Closing   string                `json:"closing"`
		Payouts   string                `json:"payouts"`
		Journal   struct {
			Verified bool  `json:"verified"`
			HeadSeq  int64 `json:"headSeq"`
		} `json:"journal"`
	}
	want(t, e.do("GET", path, partner, nil, "Accept", "application/json"), 200).JSON(t, &st)
	if st.Recipient.Name != "De Friesland" || st.Opening != "0.00" || st.Payouts != "720.00" || st.Closing != "9280.00" || !st.Journal.Verified || st.Journal.HeadSeq == 0 {
		t.Fatalf("statement = %+v", st)
	}
	// Without Accept: JSON; finance may address it to a partner.
	want(t, e.do("GET", path+"?partnerId="+string(e.insurer.ID), finance, nil), 200).JSON(t, &st)
	if st.Recipient.Name != "De Friesland" {
		t.Fatalf("statement for finance, addressed = %+v", st)
	}
	wantProblem(t, e.do("GET", path, partner2, nil), 404, ledger.ENOTFOUND)
	wantParam(t, wantProblem(t, e.do("GET", path+"?partnerId="+string(e.other.ID), partner, nil), 400, ledger.EINVALID), "partnerId")
	wantProblem(t, e.do("GET", path, finance, nil, "Accept", "image/png"), 406, "NOT_ACCEPTABLE")
	wantParam(t, wantProblem(t, e.do("GET", "/api/v1/pots/"+string(e.pot.ID)+"/statements/2026-03", finance, nil), 400, ledger.EINVALID), "quarter")
	wantProblem(t, e.do("GET", "/api/v1/pots/"+string(e.pot.ID)+"/statements/2027-Q1", finance, nil), 400, ledger.EINVALID)
}

func TestFinanceAndLegitimacyOverHTTP(t *testing.T) {
	e := newEnv(t, 10000_00)
	// A period that has not begun is a mistake in the period field, with
	// advice, for both reports.
	for _, path := range []string{"/api/v1/finance-views/2027-Q1", "/api/v1/legitimacy-reports/2027-Q1"} {
		p := wantProblem(t, e.do("GET", path, finance, nil), 400, ledger.EINVALID)
		wantParam(t, p, "period")
		if !strings.Contains(p.InvalidParams[0].Reason, "has not begun yet; a") {
			t.Errorf("%s: %q gives no advice", path, p.InvalidParams[0].Reason)
		}
	}
	p, _ := e.requestPayout(caseworker, "100.00")
	want(t, e.allocate(p.ID, finance, map[string]any{"lines": []map[string]any{{"target": "wgs", "taakveld": "6.3", "amount": "100.00"}}}), 201)
	var v struct {
		Lines []struct {
			Taakveld string `json:"taakveld"`
			Amount   string `json:"amount"`
		} `json:"lines"`
	}
	want(t, e.do("GET", "/api/v1/finance-views/2026-Q1", finance, nil), 200).JSON(t, &v)
	if len(v.Lines) != 1 || v.Lines[0].Taakveld != "6.3" || v.Lines[0].Amount != "100.00" {
		t.Fatalf("finance view = %+v", v)
	}
	for _, accept := range []string{"application/pdf", "text/csv"} {
		r := want(t, e.do("GET", "/api/v1/finance-views/2026?potId="+string(e.pot.ID), alderman, nil, "Accept", accept), 200)
		if !strings.HasPrefix(r.Header.Get("Content-Type"), accept) {
			t.Fatalf("finance view as %s: %s", accept, r.Header.Get("Content-Type"))
		}
		r = want(t, e.do("GET", "/api/v1/legitimacy-reports/2026-03", auditor, nil, "Accept", accept), 200)
		if !strings.HasPrefix(r.Header.Get("Content-Type"), accept) {
			t.Fatalf("legitimacy as %s: %s", accept, r.Header.Get("Content-Type"))
		}
	}
	var l struct {
		Requests      int    `json:"requests"`
		MandateShare  string `json:"mandateShare"`
		FourEyesShare string `json:"fourEyesShare"`
	}
	want(t, e.do("GET", "/api/v1/legitimacy-reports/2026-Q1", manager, nil), 200).JSON(t, &l)
	if l.Requests != 1 || l.MandateShare != "1.00" {
		t.Fatalf("legitimacy = %+v", l)
	}
	wantParam(t, wantProblem(t, e.do("GET", "/api/v1/finance-views/Q1", finance, nil), 400, ledger.EINVALID), "period")
	wantProblem(t, e.do("GET", "/api/v1/legitimacy-reports/2026-Q1", caseworker, nil), 403, ledger.EFORBIDDEN)
}

func TestPaymentBatchesOverHTTP(t *testing.T) {
	e := newEnv(t, 10000_00)
	p, _ := e.requestPayout(caseworker, "100.00")
	e.requestPayout(caseworker, "3000.00") // waits for a decision: not paid
	wantProblem(t, e.do("POST", "/api/v1/payment-batches", finance, map[string]any{}), 409, ledger.ECONFLICT)
	pr := wantProblem(t, e.do("PUT", "/api/v1/pots/"+string(e.pot.ID)+"/debtor-account", finance,
		map[string]any{"name": "Gemeente Leeuwarden", "iban": "NL11BNGH0002220001", "bic": "BNG", "town": "Leeuwarden", "country": "NL"}), 400, ledger.EINVALID)
	wantParam(t, pr, "bic")
	var pot struct {
		DebtorAccount struct{ IBAN string } `json:"debtorAccount"`
	}
	want(t, e.do("PUT", "/api/v1/pots/"+string(e.pot.ID)+"/debtor-account", admin,
		map[string]any{"name": "Gemeente Leeuwarden", "iban": "NL11 BNGH 0002 2200 01", "bic": "BNGHNL2G", "town": "Leeuwarden", "country": "NL"}), 200).JSON(t, &pot)
	if pot.DebtorAccount.IBAN != "NL11BNGH0002220001" {
		t.Fatalf("pot = %+v", pot)
	}
	wantParam(t, wantProblem(t, e.do("POST", "/api/v1/payment-batches", finance, map[string]any{"executionDate": "2026-01-01"}), 400, ledger.EINVALID), "executionDate")
	// More than a year ahead is a mistake in the year, for a run and for
	// its preview alike.
	for _, dry := range []bool{false, true} {
		far := wantProblem(t, e.do("POST", "/api/v1/payment-batches", finance, map[string]any{"executionDate": "2100-03-10", "dryRun": dry}), 400, ledger.EINVALID)
		wantParam(t, far, "executionDate")
	}
	var b struct {
		ID      string `json:"id"`
		Payouts int    `json:"payouts"`
		Amount  string `json:"amount"`
		File    string `json:"file"`
	}
	r := want(t, e.do("POST", "/api/v1/payment-batches", finance, map[string]any{"potId": string(e.pot.ID)}, "Idempotency-Key", "pay-1"), 201)
	r.JSON(t, &b)
	if b.Payouts != 1 || b.Amount != "100.00" || r.Header.Get("Location") != b.File {
		t.Fatalf("batch = %+v", b)
	}
	again := want(t, e.do("POST", "/api/v1/payment-batches", finance, map[string]any{"potId": string(e.pot.ID)}, "Idempotency-Key", "pay-1"), 201)
	if !bytes.Equal(again.Body, r.Body) {
		t.Fatalf("the retry answered another batch:\n%s\n%s", again.Body, r.Body)
	}
	x1 := want(t, e.do("GET", b.File, finance, nil, "Accept", "application/xml"), 200)
	x2 := want(t, e.do("GET", b.File, auditor, nil, "Accept", "application/xml"), 200)
	if !bytes.Equal(x1.Body, x2.Body) || !bytes.Contains(x1.Body, []byte("<EndToEndId>"+p.ID+"</EndToEndId>")) || !strings.HasPrefix(x1.Header.Get("Content-Type"), "application/xml") {
		t.Fatalf("file:\n%s", x1.Body)
	}
	var list struct {
		PaymentBatches []map[string]any `json:"paymentBatches"`
	}
	want(t, e.do("GET", "/api/v1/payment-batches", auditor, nil), 200).JSON(t, &list)
	if len(list.PaymentBatches) != 1 {
		t.Fatalf("batches = %+v", list)
	}
	var paid payout
	want(t, e.do("GET", "/api/v1/payouts/"+p.ID, finance, nil), 200).JSON(t, &paid)
	if paid.Status != "paid" {
		t.Fatalf("payout status = %s; want paid", paid.Status)
	}
	wantProblem(t, e.do("POST", "/api/v1/payment-batches", finance, map[string]any{}), 409, ledger.ECONFLICT)
	wantProblem(t, e.do("POST", "/api/v1/payouts/"+p.ID+"/reversals", finance, map[string]any{"reason": "Te laat bedacht"}), 409, ledger.ECONFLICT)
	wantProblem(t, e.do("GET", "/api/v1/payment-batches/BAT-01ARZ3NDEKTSV4RRFFQ69G5FAV", finance, nil), 404, ledger.ENOTFOUND)
	if b := e.balance(); b["unpaid"] != "0.00" || b["available"] != "6900.00" {
		t.Fatalf("balance = %v", b)
	}
}
