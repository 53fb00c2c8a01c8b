package web_test

import (
	"net/http"
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
