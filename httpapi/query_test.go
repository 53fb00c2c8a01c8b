package httpapi_test

import (
	"strings"
	"testing"
)

// TestQueryMistakes: every mistake in a read's query is a 400 told in the
// same words, whichever layer found it; a page size that is not one says
// which sizes are; a filter value that names nothing (a category, a pot)
// is refused as a status that is not one is, instead of an empty list.
func TestQueryMistakes(t *testing.T) {
	e := newEnv(t, 1000_00)
	tests := []struct {
		path, field, reason string
	}{
		{"/api/v1/payouts?limit=0", "limit", `"0" is not a page size: give a whole number from 1 to 500`},
		{"/api/v1/payouts?limit=501", "limit", `"501" is not a page size: give a whole number from 1 to 500`},
		{"/api/v1/payouts?limit=abc", "limit", `"abc" is not a page size: give a whole number from 1 to 500`},
		{"/api/v1/payouts?limit=-1", "limit", `"-1" is not a page size: give a whole number from 1 to 500`},
		{"/api/v1/payouts?limit=", "limit", `"" is not a page size: give a whole number from 1 to 500`},
		{"/api/v1/receivables?limit=501", "limit", `"501" is not a page size: give a whole number from 1 to 500`},
		{"/api/v1/payment-batches?limit=0", "limit", `"0" is not a page size: give a whole number from 1 to 500`},
		{"/api/v1/allocation-queue?limit=501", "limit", `"501" is not a page size: give a whole number from 1 to 500`},
		{"/api/v1/journal/transactions?limit=1001", "limit", `"1001" is not a page size: give a whole number from 1 to 1000`},
		{"/api/v1/payouts?status=bogus", "status", `"bogus" is not a status`},
		{"/api/v1/payouts?category=nope", "category", `"nope" is not a category; use one of `},
		{"/api/v1/payouts?potId=POT-nope", "potId", `"POT-nope" is not a pot`},
		{"/api/v1/receivables?status=bogus", "status", ""},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			p := wantProblem(t, e.do("GET", tt.path, auditor, nil), 400, "INVALID")
			if want := "The request is not valid; correct " + tt.field + " and try again"; p.Title != "The request is not valid" || p.Detail != want {
				t.Errorf("title %q, detail %q; want %q, %q", p.Title, p.Detail, "The request is not valid", want)
			}
			wantParam(t, p, tt.field)
			if len(p.InvalidParams) != 1 || !strings.HasPrefix(p.InvalidParams[0].Reason, tt.reason) {
				t.Errorf("invalidParams %+v; want only %s: %s…", p.InvalidParams, tt.field, tt.reason)
			}
		})
	}
	// A category that is one filters as before.
	want(t, e.do("GET", "/api/v1/payouts?category=rent_arrears&potId="+string(e.pot.ID)+"&limit=500", auditor, nil), 200)
}

// TestProblemNotHTMLEscaped: problem details and answers are JSON for
// programs and people, not for pasting into HTML: "<token>" is written as
// it is, not as \u003ctoken\u003e.
func TestProblemNotHTMLEscaped(t *testing.T) {
	e := newEnv(t, 0)
	r := e.do("GET", "/api/v1/pots", "", nil)
	want(t, r, 401)
	if body := string(r.Body); !strings.Contains(body, "Bearer <token>") || strings.Contains(body, `\u003c`) {
		t.Fatalf("the problem is HTML-escaped:\n%s", body)
	}
}
