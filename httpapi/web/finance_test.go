package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/ledgertest"
)

// approved books an approved payout of amount by the caseworker.
func (e *env) approved(amount ledger.Cents) ledger.Payout {
	e.t.Helper()
	req := ledgertest.ValidRequest(e.pot.ID, amount)
	p, err := e.store.RequestPayout(context.Background(), ledger.Actor{User: caseworker, Role: ledger.RoleCaseworker}, req)
	if err != nil || p.Status != ledger.StatusApproved {
		e.t.Fatalf("request %s: %+v, %v", amount, p.Status, err)
	}
	return p
}

func TestAllocation(t *testing.T) {
	e := newEnv(t, finance, caseworker)
	ctx := context.Background()
	gemeente, err := e.store.CreateParty(ctx, ledgertest.Finance, ledger.NewParty{Name: "Zorgkantoor Friesland", Kind: ledger.PartyHealthInsurer})
	if err != nil {
		t.Fatal(err)
	}
	p := e.approved(1000_00)
	b := e.browser(t)
	b.signIn(finance)
	path := "/financien/toerekenen/" + string(p.ID)

	t.Run("the queue holds the payout with its suggestion", func(t *testing.T) {
		q := wantStatus(t, b.get("/financien"), http.StatusOK)
		wantText(t, q, "€ 1.000,00", "Wet gemeentelijke schuldhulpverlening 6.3", "Huurachterstand is een bedreigende schuld", path)
	})

	t.Run("the form is filled in with the suggestion", func(t *testing.T) {
		f := wantStatus(t, b.get(path), http.StatusOK)
		if !strings.Contains(f.Body, `<option value="wgs" selected>`) || !strings.Contains(f.Body, `<option value="6.3" selected>`) || inputValue(f, "lines-0-amount") != "1000,00" {
			t.Errorf("the suggestion is not filled in:\n%s", f.Body)
		}
	})

	t.Run("a wrong taakveld is named beside its line, the lines kept", func(t *testing.T) {
		v := url.Values{
			"lines[0].target": {"wmo"}, "lines[0].taakveld": {"6.3"}, "lines[0].amount": {"600"},
			// An empty row between lines is skipped.
			"lines[2].target": {"party"}, "lines[2].party": {string(gemeente.ID)}, "lines[2].percent": {"50"},
		}
		got := wantStatus(t, b.submit(path, path, v), http.StatusBadRequest)
		if msg := fieldError(got, "lines-0-taakveld"); !strings.Contains(msg, "hoort bij") || !strings.Contains(msg, "6.711") {
			t.Errorf("beside the taakveld: %q", msg)
		}
		if inputValue(got, "lines-0-amount") != "600" || inputValue(got, "lines-1-percent") != "50" {
			t.Errorf("the lines typed were not kept")
		}
		if as, _ := e.store.Allocations(ctx, p.ID); len(as) != 0 {
			t.Fatalf("a refused allocation was booked: %+v", as)
		}
	})

	t.Run("amounts above the payout: said at the top", func(t *testing.T) {
		v := url.Values{"lines[0].target": {"maatwerk"}, "lines[0].amount": {"1.200,00"}}
		got := wantStatus(t, b.submit(path, path, v), http.StatusBadRequest)
		wantText(t, got, "Er is 1 veld niet goed ingevuld")
		if msg := fieldError(got, "lines-0-amount"); !strings.Contains(msg, "meer dan de uitbetaling") {
			t.Errorf("beside the amount: %q\n%s", msg, got.Body)
		}
		got = wantStatus(t, b.submit(path, path, url.Values{"lines[0].target": {"maatwerk"}, "lines[0].amount": {"10"}, "lines[0].percent": {"5"}}), http.StatusBadRequest)
		if msg := fieldError(got, "lines-0-amount"); !strings.Contains(msg, "niet allebei") {
			t.Errorf("amount and percentage: %q", msg)
		}
		wantText(t, b.submit(path, path, url.Values{}), "Vul minstens één regel in")
	})

	t.Run("a split books exactly", func(t *testing.T) {
		v := url.Values{
			"lines[0].target": {"wmo"}, "lines[0].taakveld": {"6.714"}, "lines[0].amount": {"333,33"},
			"lines[1].target": {"party"}, "lines[1].party": {string(gemeente.ID)}, "lines[1].percent": {"50"},
			"lines[2].target": {"maatwerk"}, "lines[2].percent": {"50"},
		}
		got := wantStatus(t, b.submit(path, path, v), http.StatusSeeOther)
		if got.Location != "/financien?melding=toegerekend" {
			t.Errorf("after booking: %q", got.Location)
		}
		as, err := e.store.Allocations(ctx, p.ID)
		if err != nil || len(as) != 1 {
			t.Fatalf("allocations: %+v, %v", as, err)
		}
		var sum ledger.Cents
		for _, l := range as[0].Lines {
			sum += l.Amount
		}
		if sum != 1000_00 || as[0].Lines[0].Amount != 333_33 || as[0].Lines[1].Amount+as[0].Lines[2].Amount != 666_67 {
			t.Fatalf("lines %+v add up to %s", as[0].Lines, sum)
		}
		if strings.Contains(b.get("/financien").Body, path) {
			t.Error("an allocated payout is still in the queue")
		}
	})

	t.Run("a correction needs a note and shows the current lines", func(t *testing.T) {
		f := wantStatus(t, b.get(path), http.StatusOK)
		wantText(t, f, "verplicht bij een correctie", "Eerdere versies")
		if inputValue(f, "lines-0-amount") != "333,33" {
			t.Errorf("the form does not show the current allocation")
		}
		// A missing note is a mistake in the form: 400, as the API answers.
		got := wantStatus(t, b.submit(path, path, url.Values{"lines[0].target": {"maatwerk"}, "lines[0].amount": {"1000"}}), http.StatusBadRequest)
		if msg := fieldError(got, "note"); !strings.Contains(msg, "waarom") {
			t.Errorf("beside the note: %q", msg)
		}
	})

	t.Run("receivables: settle with a Dutch refusal first", func(t *testing.T) {
		page, err := e.store.Receivables(ctx, ledger.ReceivableFilter{})
		rs := page.Receivables
		if err != nil || len(rs) != 1 {
			t.Fatalf("receivables %+v, %v", rs, err)
		}
		rc := rs[0]
		list := wantStatus(t, b.get("/financien/vorderingen"), http.StatusOK)
		wantText(t, list, "Zorgkantoor Friesland: € 333,34", "Nog open: <strong>€ 333,34</strong>")
		settle := "/financien/vorderingen/" + string(rc.ID)
		got := wantStatus(t, b.submit("/financien/vorderingen", settle, url.Values{"amount": {"400"}, "valueDate": {"2026-03-10"}, "reference": {"Betaling ZK"}}), http.StatusBadRequest)
		wantText(t, got, "Er staat nog € 333,34 open")
		if v := inputValue(got, "amount-"+string(rc.ID)); v != "400" {
			t.Errorf("the amount typed was lost: %q", v)
		}
		got = wantStatus(t, b.submit("/financien/vorderingen", settle, url.Values{"amount": {"333,34"}, "valueDate": {"2026-03-10"}, "reference": {"Betaling ZK"}}), http.StatusSeeOther)
		wantText(t, b.get(got.Location), "De betaling van de partij is vastgelegd.")
		if rc, _ := e.store.Receivable(ctx, rc.ID); rc.Status != ledger.ReceivableSettled {
			t.Fatalf("receivable %s", rc.Status)
		}
		wantText(t, b.get("/financien/vorderingen?status=settled"), "Helemaal betaald.")
	})
}

func TestPeriodsAndPayments(t *testing.T) {
	e := newEnv(t, finance, caseworker)
	ctx := context.Background()
	b := e.browser(t)
	b.signIn(finance)

	t.Run("closing a period needs a confirmation", func(t *testing.T) {
		p := wantStatus(t, b.get("/financien/perioden"), http.StatusOK)
		wantText(t, p, "februari 2026", "4e kwartaal 2025")
		if strings.Contains(p.Body, `value="2026-03"`) {
			t.Error("the running month is offered for closing")
		}
		got := wantStatus(t, b.submit("/financien/perioden", "/financien/perioden", url.Values{"period": {"2026-02"}}), http.StatusBadRequest)
		if msg := fieldError(got, "confirm"); !strings.Contains(msg, "niet terug te draaien") {
			t.Errorf("beside the confirmation: %q", msg)
		}
		if !strings.Contains(got.Body, `<option value="2026-02" selected>`) {
			t.Error("the period chosen was lost")
		}
		got = wantStatus(t, b.submit("/financien/perioden", "/financien/perioden", url.Values{"period": {"2026-03"}, "confirm": {"ja"}}), http.StatusBadRequest)
		if msg := fieldError(got, "period"); !strings.Contains(msg, "nog niet voorbij") {
			t.Errorf("closing the running month: %q", msg)
		}
		got = wantStatus(t, b.submit("/financien/perioden", "/financien/perioden", url.Values{"period": {"2026-02"}, "confirm": {"ja"}}), http.StatusSeeOther)
		wantText(t, b.get(got.Location), "De periode is afgesloten.", "fien")
		closed, _ := e.store.ClosedPeriods(ctx)
		if len(closed) != 1 || closed[0].Label != "2026-02" {
			t.Fatalf("closed %+v", closed)
		}
	})

	t.Run("payments: a pot without an account is named", func(t *testing.T) {
		e.approved(300_00)
		p := wantStatus(t, b.get("/financien/betalingen"), http.StatusOK)
		wantText(t, p, "ontbreekt", "€ 300,00")
		// The form was right; the pot lacks an account: 409, as the API.
		got := wantStatus(t, b.submit("/financien/betalingen", "/financien/betalingen", url.Values{"executionDate": {"2026-03-10"}}), http.StatusConflict)
		wantText(t, got, "Er is geen betaalbestand gemaakt", "stel eerst de rekening van de pot in")
	})

	t.Run("payments: a SEPA file to download", func(t *testing.T) {
		if _, err := e.store.SetDebtorAccount(ctx, ledgertest.Finance, e.pot.ID, ledgertest.DebtorAccount(), ""); err != nil {
			t.Fatal(err)
		}
		got := wantStatus(t, b.submit("/financien/betalingen", "/financien/betalingen", url.Values{"executionDate": {"2026-03-09"}}), http.StatusBadRequest)
		if msg := fieldError(got, "executionDate"); msg == "" {
			t.Errorf("no message beside a date in the past:\n%s", got.Body)
		}
		got = wantStatus(t, b.get("/financien/betalingen/voorbeeld?executionDate=2027-03-11"), http.StatusBadRequest)
		wantText(t, got, "11 maart 2027 ligt meer dan een jaar vooruit; kies een dag tot en met ")
		// The run is previewed, then confirmed (TestPaymentPreview).
		preview := wantStatus(t, b.get("/financien/betalingen/voorbeeld?executionDate=2026-03-11"), http.StatusOK)
		got = wantStatus(t, b.post("/financien/betalingen", confirmation(t, preview)), http.StatusSeeOther)
		page := wantStatus(t, b.get(got.Location), http.StatusOK)
		wantText(t, page, "Het betaalbestand is gemaakt", "€ 300,00", "Er staan geen goedgekeurde uitbetalingen klaar")
		list, _ := e.store.PaymentBatches(ctx, ledger.PaymentBatchFilter{})
		batches := list.Batches
		if len(batches) != 1 {
			t.Fatalf("batches %+v", batches)
		}
		file := b.get("/financien/betalingen/" + string(batches[0].ID))
		wantStatus(t, file, http.StatusOK)
		if ct := file.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/xml") || !strings.Contains(file.Header.Get("Content-Disposition"), string(batches[0].ID)+".xml") {
			t.Errorf("file headers %v", file.Header)
		}
		if !strings.Contains(file.Body, "pain.001.001.09") || !strings.Contains(file.Body, "<InstdAmt Ccy=\"EUR\">300.00</InstdAmt>") {
			t.Errorf("not a payment file:\n%s", file.Body)
		}
	})
}

// TestQueuePages: the queue page continues after the cursor of a "Volgende"
// link and says so; a cursor that is not one (an old or mangled link)
// shows the first page, as the first page.
func TestQueuePages(t *testing.T) {
	e := newEnv(t, finance, caseworker)
	first, second := e.approved(100_00), e.approved(200_00)
	b := e.browser(t)
	b.signIn(finance)

	q := wantStatus(t, b.get("/financien"), http.StatusOK)
	wantText(t, q, string(first.ID), string(second.ID))
	if strings.Contains(q.Body, "Naar de oudste") {
		t.Errorf("the first page links to itself")
	}
	// The page after the first cost: its cursor is its booked day and id.
	after := ledger.DateOf(first.Decision.At).String() + "." + string(first.ID)
	if first.ID > second.ID {
		after = ledger.DateOf(second.Decision.At).String() + "." + string(second.ID)
		first, second = second, first
	}
	next := wantStatus(t, b.get("/financien?na="+url.QueryEscape(after)), http.StatusOK)
	wantText(t, next, string(second.ID), "Volgende 1 van 2", "Naar de oudste")
	if strings.Contains(next.Body, "/financien/toerekenen/"+string(first.ID)) {
		t.Errorf("the next page lists the cost before its cursor again")
	}
	bad := wantStatus(t, b.get("/financien?na=onzin"), http.StatusOK)
	wantText(t, bad, string(first.ID), string(second.ID))
	if strings.Contains(bad.Body, "Volgende 2 van 2") || strings.Contains(bad.Body, "Naar de oudste") {
		t.Errorf("a mangled cursor shows the first page as a later one:\n%s", bad.Body)
	}
}
