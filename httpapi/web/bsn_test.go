package web_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestBSNInFormKey: the forms carry their idempotency key in a hidden
// field, which a person can change. The store checks every key it stores
// (ledger.CheckIdempotencyKey), so a key that holds a BSN books nothing
// and the form comes back with a new key; with a proper key it books.
func TestBSNInFormKey(t *testing.T) {
	e := newEnv(t, caseworker)
	b := e.browser(t)
	b.signIn(caseworker)
	before := e.payoutCount()
	for _, key := range []string{"123456782", "k-111.222.333", "１１１２２２３３３"} {
		v := e.requestForm("100,00")
		v.Set("sleutel", key)
		got := b.submit("/aanvragen/nieuw", "/aanvragen/nieuw", v)
		if got.Status == http.StatusSeeOther || got.Status >= 500 {
			t.Fatalf("a form with the key %q: status %d; want the form back with what is wrong", key, got.Status)
		}
		if n := e.payoutCount(); n != before {
			t.Fatalf("a form with the key %q booked a payout", key)
		}
		wantText(t, got, "De sleutel van dit formulier kon niet worden gebruikt")
		if strings.Contains(got.Body, `value="`+key+`"`) {
			t.Fatalf("the form came back with the key %q", key)
		}
	}
	v := e.requestForm("100,00")
	v.Set("sleutel", "5d9f6c2e-3b1a-4c8e-9f4a-2b7e1d0c3a55")
	wantStatus(t, b.submit("/aanvragen/nieuw", "/aanvragen/nieuw", v), http.StatusSeeOther)
}
