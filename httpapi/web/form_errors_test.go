package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestRequestFormSaysEveryMistakeAtOnce: an unknown category is a mistake
// in the form (400, not 409), said with the other fields' mistakes and
// listing the categories by their Dutch labels; a one-letter payee name is
// too short for the bank, not a matter of script.
func TestRequestFormSaysEveryMistakeAtOnce(t *testing.T) {
	e := newEnv(t, caseworker)
	b := e.browser(t)
	b.signIn(caseworker)
	v := e.requestForm("100,00")
	v.Set("category", "nope")
	v.Set("payee.name", "X")
	got := wantStatus(t, b.submit("/aanvragen/nieuw", "/aanvragen/nieuw", v), http.StatusBadRequest)
	wantText(t, got, "Kies een categorie uit de lijst; “nope” is geen categorie (", "Huurachterstand",
		"Te kort voor de bank: een naam heeft minstens 2 letters")
	_, list, _ := strings.Cut(got.Body, "is geen categorie (")
	list, _, _ = strings.Cut(list, ")")
	if strings.Contains(list, "_") || !strings.Contains(list, "Tandarts") {
		t.Errorf("the categories are listed as %q; want their Dutch labels", list)
	}
	if strings.Contains(got.Body, "Latijnse letters") {
		t.Error("a one-letter name is said to be in another script")
	}
	if n := e.payoutCount(); n != 0 {
		t.Fatalf("%d payouts booked", n)
	}
}

// TestAllocationFormUnknownPartyAtOnce: a party that does not exist is a
// mistake in the form, said at once with the other lines' mistakes (a
// taakveld of another law, a row without a target), and on its own a 400
// too, never a 409 after the rest is fixed.
func TestAllocationFormUnknownPartyAtOnce(t *testing.T) {
	e := newEnv(t, finance, caseworker)
	p := e.approved(1000_00)
	b := e.browser(t)
	b.signIn(finance)
	path := "/financien/toerekenen/" + string(p.ID)
	got := wantStatus(t, b.submit(path, path, url.Values{
		"lines[0].target": {"party"}, "lines[0].party": {"PTY-nope"}, "lines[0].amount": {"100"},
		"lines[1].target": {"jeugdwet"}, "lines[1].taakveld": {"6.711"}, "lines[1].amount": {"600"},
	}), http.StatusBadRequest)
	wantText(t, got, "Er zijn 2 velden niet goed ingevuld", `href="#lines-0-party"`, `href="#lines-1-taakveld"`)
	if msg := fieldError(got, "lines-0-party"); !strings.Contains(msg, "PTY-nope") {
		t.Errorf("beside the party: %q", msg)
	}
	got = wantStatus(t, b.submit(path, path, url.Values{
		"lines[0].target": {"party"}, "lines[0].party": {"PTY-nope"}, "lines[0].amount": {"100"},
	}), http.StatusBadRequest)
	if msg := fieldError(got, "lines-0-party"); !strings.Contains(msg, "PTY-nope") {
		t.Errorf("beside the party: %q", msg)
	}
}

// TestPaymentPreviewUnknownPot: a pot that does not exist is a mistake in
// the form (400, said beside the pot), as the API names potId.
func TestPaymentPreviewUnknownPot(t *testing.T) {
	e := newEnv(t, finance, caseworker)
	e.approved(100_00)
	b := e.browser(t)
	b.signIn(finance)
	got := wantStatus(t, b.get("/financien/betalingen/voorbeeld?potId=POT-nope"), http.StatusBadRequest)
	if msg := fieldError(got, "potId"); !strings.Contains(msg, "bestaat niet") {
		t.Errorf("beside the pot: %q", msg)
	}
}

// TestReportAddressMistakes: a CSV layout that is none, a period out of
// range or no period in a PDF's or CSV's name, and a pot that does not
// exist are mistakes in the address (400) that say what was wrong, never
// "not found" for a file that is a CSV; the page keeps its picker.
func TestReportAddressMistakes(t *testing.T) {
	e := newEnv(t, finance)
	b := e.browser(t)
	b.signIn(finance)
	for _, tt := range []struct{ path, want string }{
		{"/overzichten/financieel/2026-Q1.csv?indeling=xx", "Er is geen CSV-indeling “xx”"},
		{"/overzichten/legitimiteit/2026-Q1.csv?indeling=xx", "Er is geen CSV-indeling “xx”"},
		{"/overzichten/financieel/1999.csv", "2000"},
		{"/overzichten/financieel/abc.pdf", "“abc”"},
		{"/overzichten/financieel/2026-Q1.csv?pot=nope", "Pot “nope” bestaat niet"},
		{"/overzichten/financieel?pot=nope", "Pot “nope” bestaat niet"},
	} {
		got := wantStatus(t, b.get(tt.path), http.StatusBadRequest)
		wantText(t, got, tt.want)
		if strings.Contains(got.Body, "een overzicht is er als PDF of als CSV") {
			t.Errorf("%s says the file is no PDF or CSV", tt.path)
		}
	}
	wantText(t, wantStatus(t, b.get("/overzichten/financieel?pot=nope"), http.StatusBadRequest), `<option value="2026-Q1"`)
	wantStatus(t, b.get("/overzichten/financieel/2026-Q1.txt"), http.StatusNotFound)
}
