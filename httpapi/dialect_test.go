package httpapi_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/ledger"
)

// TestCSVDialectOverHTTP: every CSV document of the API comes in the
// standard dialect unless csvDialect=dutch asks for the one a spreadsheet
// in Dutch reads (semicolons, decimal commas, a byte order mark); any other
// value is a 400 naming csvDialect, whatever the media type, together with
// the request's other mistakes.
func TestCSVDialectOverHTTP(t *testing.T) {
	e := newEnv(t, 10000_00)
	for range 6 {
		e.requestPayout(caseworker, "120.50")
	}
	statement := "/api/v1/pots/" + string(e.pot.ID) + "/statements/2026-Q1"
	for _, tt := range []struct {
		path, user, standard, dutch string
	}{
		{statement, partner, "uitgaven per categorie,Huurachterstand,6,723.00\n", "uitgaven per categorie;Huurachterstand;6;723,00\n"},
		{"/api/v1/finance-views/2026-Q1", finance, "niet toegerekend,,,,0-30 dagen per 2026-03-10,6,723.00\n", "niet toegerekend;;;;0-30 dagen per 2026-03-10;6;723,00\n"},
		{"/api/v1/legitimacy-reports/2026-Q1", auditor, "kengetal,bedrag aangevraagd,723.00,,\n", "kengetal;bedrag aangevraagd;723,00;;\n"},
	} {
		std := want(t, e.do("GET", tt.path, tt.user, nil, "Accept", "text/csv"), 200)
		same := want(t, e.do("GET", tt.path+"?csvDialect=standard", tt.user, nil, "Accept", "text/csv"), 200)
		nl := want(t, e.do("GET", tt.path+"?csvDialect=dutch", tt.user, nil, "Accept", "text/csv"), 200)
		if bytes.HasPrefix(std.Body, []byte("\ufeff")) || !bytes.Contains(std.Body, []byte(tt.standard)) || !bytes.Equal(std.Body, same.Body) {
			t.Errorf("%s in the standard dialect:\n%s", tt.path, std.Body)
		}
		if !bytes.HasPrefix(nl.Body, []byte("\ufeffsectie;")) || !bytes.Contains(nl.Body, []byte(tt.dutch)) {
			t.Errorf("%s in the Dutch dialect:\n%s", tt.path, nl.Body)
		}
		if ct := nl.Header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
			t.Errorf("%s in the Dutch dialect is %s", tt.path, ct)
		}
		p := wantProblem(t, e.do("GET", tt.path+"?csvDialect=excel", tt.user, nil, "Accept", "application/pdf"), 400, ledger.EINVALID)
		wantParam(t, p, "csvDialect")
		for _, f := range p.InvalidParams {
			if f.Field == "csvDialect" && (!strings.Contains(f.Reason, "standard") || !strings.Contains(f.Reason, "dutch")) {
				t.Errorf("%s: csvDialect=excel is refused with %q", tt.path, f.Reason)
			}
		}
	}
	// One answer names every mistake of the request.
	p := wantProblem(t, e.do("GET", "/api/v1/legitimacy-reports/2026-Q1?csvDialect=nl&limit=0", auditor, nil), 400, ledger.EINVALID)
	wantParam(t, p, "csvDialect")
	wantParam(t, p, "limit")
	p = wantProblem(t, e.do("GET", "/api/v1/pots/"+string(e.pot.ID)+"/statements/2026-03?csvDialect=nl", finance, nil), 400, ledger.EINVALID)
	wantParam(t, p, "csvDialect")
	wantParam(t, p, "quarter")
}
