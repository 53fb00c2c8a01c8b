package web_test

import (
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// TestBSNAdviceMatchesServer: each text field of the request form carries
// (for the page's live check) the advice the server gives when a BSN is
// sent in it, and the advice fits the field: a case reference is told to
// use a pseudonymous case number, a name to leave the number out, free
// text not to use the case reference field.
func TestBSNAdviceMatchesServer(t *testing.T) {
	e := newEnv(t, caseworker)
	b := e.browser(t)
	b.signIn(caseworker)
	form := wantStatus(t, b.get("/aanvragen/nieuw"), http.StatusOK)
	advice := func(id string) string {
		m := regexp.MustCompile(`id="` + regexp.QuoteMeta(id) + `"[^>]*data-bsn="([^"]*)"`).FindStringSubmatch(form.Body)
		if m == nil {
			t.Fatalf("the field %s has no advice for a BSN", id)
		}
		return html.UnescapeString(m[1])
	}
	for _, tt := range []struct{ field, value, fits string }{
		{"caseRef", "111.222.333", "Gebruik een pseudoniem zaaknummer"},
		{"payee.name", "J. Jansen 111 222 333", "Schrijf alleen de naam"},
		{"payee.reference", "Factuur 111 222 333", "Vul het factuur- of contractnummer"},
		{"justification.situation", "Huurachterstand van drie maanden, bsn 111 222 333.", "Laat het nummer weg"},
		{"justification.residentInvolvement", "Belt zelf, 111.222.333", "Laat het nummer weg"},
		{"justification.expectedReturn", "Woning behouden 111 222 333", "Laat het nummer weg"},
		{"justification.deviatesFrom", "Regel 111 222 333", "Schrijf alleen de naam"},
		{"justification.regularRouteTried", "Bijstand voor 111 222 333", "Laat het nummer weg"},
	} {
		v := e.requestForm("100")
		v.Set(tt.field, tt.value)
		got := wantStatus(t, b.submit("/aanvragen/nieuw", "/aanvragen/nieuw", v), http.StatusBadRequest)
		id := strings.NewReplacer(".", "-").Replace(tt.field)
		server := fieldError(got, id)
		if live := advice(id); live != server {
			t.Errorf("%s: the live check says %q; the server %q", tt.field, live, server)
		}
		if !strings.Contains(server, tt.fits) {
			t.Errorf("%s: the server says %q; want advice for this field (%q)", tt.field, server, tt.fits)
		}
	}
}
