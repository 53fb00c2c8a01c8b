package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ontschot/ontschot/ledger"
)

func TestRequestForm(t *testing.T) {
	e := newEnv(t, caseworker, caseworker2, teamlead, manager, finance)
	b := e.browser(t)
	b.signIn(caseworker)

	t.Run("shows the money available and the user's own mandate", func(t *testing.T) {
		p := wantStatus(t, b.get("/aanvragen/nieuw"), http.StatusOK)
		wantText(t, p, "Beschikbaar: € 50.000,00. Uw mandaat: tot € 1.500,00.", `data-limit="150000"`, `data-deciders="teamleider, manager of wethouder"`,
			"Doorbraakpot 2026", "Huurachterstand")
	})

	t.Run("within the mandate: approved at once", func(t *testing.T) {
		got := wantStatus(t, b.submit("/aanvragen/nieuw", "/aanvragen/nieuw", e.requestForm("1.250,50")), http.StatusSeeOther)
		p := e.payoutOf(got.Location)
		if p.Status != ledger.StatusApproved || p.Amount != 1250_50 || p.RequestedBy != caseworker {
			t.Fatalf("booked %+v", p)
		}
		if len(p.Justification.DeviatesFrom) != 2 || p.Urgency != ledger.UrgencyUrgent {
			t.Errorf("the weighing was not taken over: %+v", p.Justification)
		}
		page := wantStatus(t, b.get(got.Location), http.StatusOK)
		wantText(t, page, "Goedgekeurd", "Binnen het mandaat van de aanvrager: meteen goedgekeurd", "Huurachterstand van drie maanden")
	})

	t.Run("above the mandate: waits for whom", func(t *testing.T) {
		got := wantStatus(t, b.submit("/aanvragen/nieuw", "/aanvragen/nieuw", e.requestForm("2400")), http.StatusSeeOther)
		p := e.payoutOf(got.Location)
		if p.Status != ledger.StatusPending {
			t.Fatalf("status %s; want pending", p.Status)
		}
		wantText(t, b.get(got.Location), "Wacht op besluit", "Een besluit is nodig van: <strong>teamleider, manager of wethouder</strong>")
	})

	t.Run("refused input is shown again, every field as typed, nothing booked", func(t *testing.T) {
		before := e.payoutCount()
		v := e.requestForm("12.500")
		v.Set("payee.iban", "NL91 ABNA 0417 1643 01")
		v.Set("caseRef", "")
		v.Set("justification.situation", "Meneer met BSN 111222333 zit vast.")
		v.Set("justification.stuckSince", "2030-01-01")
		v.Set("category", "")
		got := wantStatus(t, b.submit("/aanvragen/nieuw", "/aanvragen/nieuw", v), http.StatusBadRequest)
		for id, want := range map[string]string{
			"amount":                   "Is dit 12500 euro of 12,500 euro?",
			"payee-iban":               "de controlecijfers passen niet",
			"caseRef":                  "Vul het zaaknummer in",
			"justification-situation":  "burgerservicenummer",
			"justification-stuckSince": "in de toekomst",
			"category":                 "Kies een categorie",
		} {
			if msg := fieldError(got, id); !strings.Contains(msg, want) {
				t.Errorf("beside %s: %q; want it to say %q", id, msg, want)
			}
		}
		wantText(t, got, "zijn 6 velden niet goed ingevuld", `href="#payee-iban"`)
		for id, typed := range map[string]string{"amount": "12.500", "payee-iban": "NL91 ABNA 0417 1643 01", "payee-name": "Woonstichting De Kern", "justification-stuckSince": "2030-01-01"} {
			if got := inputValue(got, id); got != typed {
				t.Errorf("%s holds %q; want what was typed, %q", id, got, typed)
			}
		}
		if got := textareaValue(got, "justification-deviatesFrom"); got != "Participatiewet art. 35 (bijzondere bijstand)\nBeleidsregel huurschuld" {
			t.Errorf("deviations: %q", got)
		}
		if !strings.Contains(got.Body, `<option value="4" selected>`) || !strings.Contains(got.Body, `value="urgent" checked`) {
			t.Error("the severity or the urgency chosen was lost")
		}
		if n := e.payoutCount(); n != before {
			t.Fatalf("a refused request booked %d payouts", n-before)
		}
	})

	t.Run("more than is available: a Dutch message, the form kept", func(t *testing.T) {
		alder := e.browser(t)
		alder.signIn(manager)
		got := wantStatus(t, alder.submit("/aanvragen/nieuw", "/aanvragen/nieuw", e.requestForm("24.000,00")), http.StatusSeeOther)
		_ = got
		got = wantStatus(t, alder.submit("/aanvragen/nieuw", "/aanvragen/nieuw", e.requestForm("24.000,00")), http.StatusConflict)
		wantText(t, got, "De aanvraag is niet geboekt", "te veel")
		if v := inputValue(got, "amount"); v != "24.000,00" {
			t.Errorf("amount holds %q", v)
		}
	})

	t.Run("sending the same form twice books it once", func(t *testing.T) {
		form := b.get("/aanvragen/nieuw")
		v := e.requestForm("75")
		v.Set("csrf", csrfOf(t, form.Body))
		v.Set("sleutel", inputValue(form, "sleutel"))
		if v.Get("sleutel") == "" {
			// The key is a hidden field without an id: read it by name.
			v.Set("sleutel", hiddenValue(form, "sleutel"))
		}
		before := e.payoutCount()
		first := wantStatus(t, b.post("/aanvragen/nieuw", v), http.StatusSeeOther)
		second := wantStatus(t, b.post("/aanvragen/nieuw", v), http.StatusSeeOther)
		if first.Location != second.Location || e.payoutCount() != before+1 {
			t.Fatalf("two posts of one form: %q and %q, %d booked", first.Location, second.Location, e.payoutCount()-before)
		}
	})

	t.Run("similar decisions: amount and outcome, no person", func(t *testing.T) {
		p := wantStatus(t, b.get("/aanvragen/vergelijkbaar?categorie=rent_arrears"), http.StatusOK)
		wantText(t, p, "Eerdere besluiten in deze categorie", "€ 1.250,50", "goedgekeurd")
		for _, private := range []string{"WIJK-2026-0042", "Woonstichting De Kern", "NL91", caseworker} {
			if strings.Contains(p.Body, private) {
				t.Errorf("similar decisions show %q", private)
			}
		}
		wantText(t, b.get("/aanvragen/vergelijkbaar?categorie=dental"), "Nog geen eerdere besluiten")
	})

	t.Run("my requests list only mine, with their status", func(t *testing.T) {
		other := e.browser(t)
		other.signIn(caseworker2)
		wantText(t, other.get("/aanvragen"), "U heeft nog geen aanvragen gedaan")
		p := wantStatus(t, b.get("/aanvragen"), http.StatusOK)
		wantText(t, p, "€ 1.250,50", "goedgekeurd", "wacht op besluit", "Huurachterstand")
		// A colleague does not see the case of my request.
		mine := e.firstPayout(caseworker)
		page := other.get("/aanvragen/" + string(mine.ID))
		if page.Status == http.StatusOK && strings.Contains(page.Body, "WIJK-2026-0042") {
			t.Error("a colleague sees the case reference of another caseworker's request")
		}
	})
}

// hiddenValue returns the value of a hidden input by name.
func hiddenValue(p page, name string) string {
	i := strings.Index(p.Body, `name="`+name+`" value="`)
	if i < 0 {
		return ""
	}
	rest := p.Body[i+len(`name="`+name+`" value="`):]
	return rest[:strings.IndexByte(rest, '"')]
}

// firstPayout returns the user's oldest payout.
func (e *env) firstPayout(user string) ledger.Payout {
	e.t.Helper()
	page, err := e.store.Payouts(context.Background(), ledger.PayoutFilter{RequestedBy: user, Limit: 500})
	if err != nil || len(page.Payouts) == 0 {
		e.t.Fatalf("payouts of %s: %v", user, err)
	}
	return page.Payouts[len(page.Payouts)-1]
}

func TestDecisions(t *testing.T) {
	e := newEnv(t, caseworker, teamlead, manager)
	cw := e.browser(t)
	cw.signIn(caseworker)
	above := e.payoutOf(wantStatus(t, cw.submit("/aanvragen/nieuw", "/aanvragen/nieuw", e.requestForm("2.400,00")), http.StatusSeeOther).Location)
	tooHigh := e.payoutOf(wantStatus(t, cw.submit("/aanvragen/nieuw", "/aanvragen/nieuw", e.requestForm("7.000,00")), http.StatusSeeOther).Location)
	tl := e.browser(t)
	tl.signIn(teamlead)

	t.Run("the inbox holds what the approver may decide", func(t *testing.T) {
		p := wantStatus(t, tl.get("/beoordelen"), http.StatusOK)
		wantText(t, p, "€ 2.400,00", "1 andere aanvraag wacht op een besluit dat u niet kunt nemen")
		if strings.Contains(p.Body, "€ 7.000,00") {
			t.Error("the inbox shows a request above the teamlead's mandate")
		}
		page := wantStatus(t, tl.get("/aanvragen/"+string(tooHigh.ID)), http.StatusOK)
		if strings.Contains(page.Body, `action="/aanvragen/`+string(tooHigh.ID)+`/besluit"`) {
			t.Error("the decision form is offered above the approver's mandate")
		}
		wantText(t, page, "manager of wethouder")
	})

	t.Run("the weighing in full, then a decision form", func(t *testing.T) {
		p := wantStatus(t, tl.get("/aanvragen/"+string(above.ID)), http.StatusOK)
		wantText(t, p, "Integrale afweging", "Bijzondere bijstand aangevraagd en afgewezen wegens vermogen.", "4 van 5 (zeer ernstig)", "Uw besluit")
	})

	t.Run("a rejection needs a note; the choice is kept", func(t *testing.T) {
		got := wantStatus(t, tl.submit("/aanvragen/"+string(above.ID), "/aanvragen/"+string(above.ID)+"/besluit", url.Values{"decision": {"reject"}}), http.StatusBadRequest)
		if msg := fieldError(got, "note"); msg == "" {
			t.Errorf("no message beside the note:\n%s", got.Body)
		}
		if !strings.Contains(got.Body, `value="reject" checked`) {
			t.Error("the choice to reject was lost")
		}
		wantText(t, tl.submit("/aanvragen/"+string(above.ID), "/aanvragen/"+string(above.ID)+"/besluit", url.Values{}), "Kies goedkeuren of afwijzen.")
	})

	t.Run("approve", func(t *testing.T) {
		got := wantStatus(t, tl.submit("/aanvragen/"+string(above.ID), "/aanvragen/"+string(above.ID)+"/besluit", url.Values{"decision": {"approve"}, "note": {"Akkoord."}}), http.StatusSeeOther)
		if got.Location != "/beoordelen?besloten="+string(above.ID)+"&melding=besloten" {
			t.Errorf("after deciding: %q", got.Location)
		}
		wantText(t, tl.get(got.Location), "Uw besluit is vastgelegd: de aanvraag voor zaak WIJK-2026-0042 van € 2.400,00 (Huurachterstand) uit Doorbraakpot 2026 is goedgekeurd.")
		if p := e.payoutOf("/aanvragen/" + string(above.ID)); p.Status != ledger.StatusApproved || p.Decision.By != teamlead {
			t.Fatalf("after approval: %+v", p.Decision)
		}
		wantText(t, cw.get("/aanvragen/"+string(above.ID)), "Goedgekeurd door tom (teamleider)")
	})

	t.Run("never one's own request", func(t *testing.T) {
		mgr := e.browser(t)
		mgr.signIn(manager)
		own := e.payoutOf(wantStatus(t, mgr.submit("/aanvragen/nieuw", "/aanvragen/nieuw", e.requestForm("30.000,00")), http.StatusSeeOther).Location)
		_ = own
		// 30,000 is above the manager's own mandate: it waits for the
		// alderman, and the manager cannot decide it.
		page := wantStatus(t, mgr.get("/aanvragen/"+string(own.ID)), http.StatusOK)
		if strings.Contains(page.Body, "/besluit") {
			t.Error("the requester is offered the decision on their own request")
		}
		got := mgr.submit("/aanvragen/"+string(own.ID), "/aanvragen/"+string(own.ID)+"/besluit", url.Values{"decision": {"approve"}})
		wantStatus(t, got, http.StatusBadRequest)
		wantText(t, got, "zelf")
		if p := e.payoutOf("/aanvragen/" + string(own.ID)); p.Status != ledger.StatusPending {
			t.Fatalf("own request decided: %s", p.Status)
		}
	})

	t.Run("a caseworker cannot decide", func(t *testing.T) {
		got := cw.submit("/aanvragen/"+string(tooHigh.ID), "/aanvragen/"+string(tooHigh.ID)+"/besluit", url.Values{"decision": {"approve"}})
		wantStatus(t, got, http.StatusForbidden)
		wantText(t, got, "Geen toegang", "consulent")
	})
}

func TestEvaluation(t *testing.T) {
	e := newEnv(t, caseworker)
	b := e.browser(t)
	b.signIn(caseworker)
	p := e.payoutOf(wantStatus(t, b.submit("/aanvragen/nieuw", "/aanvragen/nieuw", e.requestForm("400")), http.StatusSeeOther).Location)
	if strings.Contains(b.get("/aanvragen").Body, "Evaluaties die klaarliggen") {
		t.Error("an evaluation is due at once")
	}
	// Approved, not paid: no evaluation form yet, and none is due.
	path := "/aanvragen/" + string(p.ID)
	unpaid := wantStatus(t, b.get(path), http.StatusOK)
	wantText(t, unpaid, "U kunt deze uitbetaling evalueren zodra het geld is betaald")
	if strings.Contains(unpaid.Body, `action="`+path+`/evaluatie"`) {
		t.Error("the evaluation form is offered before the money was paid")
	}
	got := wantStatus(t, b.submit(path, path+"/evaluatie", url.Values{"outcome": {"effective"}, "note": {"Meteen goed gegaan."}}), http.StatusBadRequest)
	wantText(t, got, "nog niet betaald")
	e.clock.Set(e.clock.Now().Add(61 * 24 * time.Hour))
	b.signIn(caseworker) // the session ended long ago
	if strings.Contains(b.get("/aanvragen").Body, "Evaluaties die klaarliggen") {
		t.Error("an evaluation of an unpaid payout is due")
	}
	e.payAll()
	wantText(t, b.get("/aanvragen"), "Evaluaties die klaarliggen", "Evalueren")

	got = wantStatus(t, b.submit(path, path+"/evaluatie", url.Values{"outcome": {"partial"}, "regrettedAmount": {"400,00"}, "note": {"Deels."}}), http.StatusBadRequest)
	if msg := fieldError(got, "regrettedAmount"); !strings.Contains(msg, "kies dan ‘spijt’") {
		t.Errorf("beside the amount: %q", msg)
	}
	if inputValue(got, "regrettedAmount") != "400,00" || textareaValue(got, "note") != "Deels." {
		t.Error("the evaluation typed was lost")
	}
	got = wantStatus(t, b.submit(path, path+"/evaluatie", url.Values{"outcome": {"partial"}, "regrettedAmount": {"100"}, "note": {"Een deel van de schuld bleek niet nodig."}}), http.StatusSeeOther)
	wantText(t, b.get(got.Location), "De evaluatie is vastgelegd.", "deels spijt", "€ 100,00")
	if strings.Contains(b.get("/aanvragen").Body, "Evaluaties die klaarliggen") {
		t.Error("an evaluated payout is still due")
	}
}
