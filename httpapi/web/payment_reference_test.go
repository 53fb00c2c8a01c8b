package web_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestPaymentReferenceOnTheForm: the request form takes the payee's own
// reference for the payment (optional); one the bank would change is
// refused beside its field in Dutch, kept as typed; one that fits is booked
// and shown on the payout's page.
func TestPaymentReferenceOnTheForm(t *testing.T) {
	e := newEnv(t, caseworker)
	b := e.browser(t)
	b.signIn(caseworker)
	wantText(t, wantStatus(t, b.get("/aanvragen/nieuw"), http.StatusOK), `name="payee.reference"`, "Betalingskenmerk (niet verplicht)")

	v := e.requestForm("250")
	v.Set("payee.reference", "Factuur_2026_12")
	got := wantStatus(t, b.submit("/aanvragen/nieuw", "/aanvragen/nieuw", v), http.StatusBadRequest)
	if msg := fieldError(got, "payee-reference"); !strings.Contains(msg, "letters zonder accenten") || !strings.Contains(msg, "“_”") {
		t.Errorf("beside the reference: %q; want what it may hold and what to replace, in Dutch", msg)
	}
	if typed := inputValue(got, "payee-reference"); typed != "Factuur_2026_12" {
		t.Errorf("the reference holds %q; want it as typed", typed)
	}
	wantText(t, got, `href="#payee-reference"`, "Betalingskenmerk")

	v = e.requestForm("250")
	v.Set("payee.reference", "Huurcontract 88123")
	done := wantStatus(t, b.submit("/aanvragen/nieuw", "/aanvragen/nieuw", v), http.StatusSeeOther)
	if p := e.payoutOf(done.Location); p.Payee.Reference != "Huurcontract 88123" {
		t.Fatalf("booked payee %+v; want the reference", p.Payee)
	}
	wantText(t, b.get(done.Location), "betalingskenmerk Huurcontract 88123")
}
