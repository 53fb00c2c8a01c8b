package httpapi_test

import (
	"strings"
	"testing"
)

// TestQueryMistakes: every mistake in a read's query is a 400 told in the
// same words, whichever layer found it; a page size that is not one says
// which sizes are; a filter value that names nothing (a category, a pot, a
// party, a payout) is refused as a status that is not one is, on every
// route, instead of an empty list or a 404.
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
		{"/api/v1/receivables?potId=POT-nope", "potId", `"POT-nope" is not a pot`},
		{"/api/v1/receivables?partyId=PTY-nope", "partyId", `"PTY-nope" is not a party`},
		{"/api/v1/receivables?payoutId=PAY-nope", "payoutId", `"PAY-nope" is not a payout`},
		{"/api/v1/allocation-queue?potId=POT-nope", "potId", `"POT-nope" is not a pot`},
		{"/api/v1/legitimacy-reports/2026-Q1?potId=POT-nope", "potId", `"POT-nope" is not a pot`},
		{"/api/v1/finance-views/2026-Q1?potId=POT-nope", "potId", `"POT-nope" is not a pot`},
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
	// Values that name something filter as before; every mistake of one
	// request is in one answer.
	want(t, e.do("GET", "/api/v1/payouts?category=rent_arrears&potId="+string(e.pot.ID)+"&limit=500", auditor, nil), 200)
	want(t, e.do("GET", "/api/v1/allocation-queue?potId="+string(e.pot.ID), auditor, nil), 200)
	p := wantProblem(t, e.do("GET", "/api/v1/payouts?category=nope&potId=POT-nope&limit=0&status=bogus", auditor, nil), 400, "INVALID")
	if len(p.InvalidParams) != 4 {
		t.Errorf("one answer for four mistakes: %+v", p.InvalidParams)
	}
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
