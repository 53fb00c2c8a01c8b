package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/httpapi/apitest"
	"github.com/ontschot/ontschot/ledger"
)

// TestBadPayoutRequests sends the mistakes clients make and checks each
// gets a 400 that names the field and says what to fix, and that nothing
// was booked.
func TestBadPayoutRequests(t *testing.T) {
	e := newEnv(t, 10000_00)
	with := func(change func(b map[string]any)) map[string]any {
		b := e.payoutBody("100.00")
		change(b)
		return b
	}
	just := func(b map[string]any) map[string]any { return b["justification"].(map[string]any) }
	tests := []struct {
		name  string
		body  any
		field string // "" when the problem names no field
		want  string // a piece of the reason or detail
	}{
		{"MalformedJSON", `{"potId": "x",`, "", "ends too early"},
		{"SyntaxError", `{"potId": "x",,}`, "", "not valid JSON"},
		{"NotAnObject", `[1, 2]`, "", "JSON object"},
		{"TwoValues", `{} {}`, "", "more than one JSON value"},
		{"EmptyBody", ``, "", "JSON body is required"},
		{"UnknownField", with(func(b map[string]any) { b["bsn"] = "x" }), "bsn", "not a field of this request"},
		{"UnknownNestedField", with(func(b map[string]any) { just(b)["diagnosis"] = "x" }), "justification.diagnosis", "not a field"},
		{"AmountAsNumber", with(func(b map[string]any) { b["amount"] = 125.5 }), "amount", "decimal string"},
		{"SeverityAsString", with(func(b map[string]any) { just(b)["severity"] = "4" }), "justification.severity", "whole number"},
		{"DeviationsNotAList", with(func(b map[string]any) { just(b)["deviatesFrom"] = "Pw art. 35" }), "justification.deviatesFrom", "a list"},
		{"ThreeDecimals", with(func(b map[string]any) { b["amount"] = "125.505" }), "amount", "at most two"},
		{"DutchComma", with(func(b map[string]any) { b["amount"] = "125,50" }), "amount", "decimal point"},
		{"ZeroAmount", with(func(b map[string]any) { b["amount"] = "0.00" }), "amount", "greater than 0.00"},
		{"NegativeAmount", with(func(b map[string]any) { b["amount"] = "-5.00" }), "amount", "positive"},
		{"AbsurdAmount", with(func(b map[string]any) { b["amount"] = "1000000.01" }), "amount", "maximum"},
		{"InvalidIBAN", with(func(b map[string]any) { b["payee"].(map[string]any)["iban"] = "NL91ABNA0417164301" }), "payee.iban", "check digits"},
		{"BSNCaseRef", with(func(b map[string]any) { b["caseRef"] = "123456782" }), "caseRef", "BSN"},
		{"BSNInSituation", with(func(b map[string]any) {
			just(b)["situation"] = "Bewoner met bsn 1234.56.782 heeft een huurachterstand."
		}), "justification.situation", "BSN"},
		{"NoJustification", with(func(b map[string]any) { delete(b, "justification") }), "justification", "required"},
		{"EmptyJustification", with(func(b map[string]any) { b["justification"] = map[string]any{} }), "justification.situation", "required"},
		{"NoPayee", with(func(b map[string]any) { delete(b, "payee") }), "payee", "required"},
		{"BadUrgency", with(func(b map[string]any) { b["urgency"] = "asap" }), "urgency", "normal"},
		{"UnknownCategory", with(func(b map[string]any) { b["category"] = "holiday" }), "category", "rent_arrears"},
		{"BadDate", with(func(b map[string]any) { just(b)["stuckSince"] = "01-12-2025" }), "justification.stuckSince", "YYYY-MM-DD"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := e.for_(t)
			r := e.do("POST", "/api/v1/payouts", caseworker, tt.body)
			p := wantProblem(t, r, 400, ledger.EINVALID)
			text := p.Detail
			if tt.field != "" {
				wantParam(t, p, tt.field)
				for _, f := range p.InvalidParams {
					if f.Field == tt.field {
						text = f.Reason
					}
				}
			}
			if !strings.Contains(text, tt.want) {
				t.Fatalf("%q does not say %q", text, tt.want)
			}
		})
	}
	if b := e.balance(); b["spent"] != "0.00" || b["held"] != "0.00" {
		t.Fatalf("bad requests booked something: %v", b)
	}
	var page struct{ Payouts []any }
	want(t, e.do("GET", "/api/v1/payouts", finance, nil), 200).JSON(t, &page)
	if len(page.Payouts) != 0 {
		t.Fatalf("%d payouts after bad requests only", len(page.Payouts))
	}
}

func TestEveryMistakeAtOnce(t *testing.T) {
	e := newEnv(t, 10000_00)
	b := e.payoutBody("1.005")
	b["payee"].(map[string]any)["iban"] = "NL00"
	b["caseRef"] = "123456782"
	b["justification"].(map[string]any)["severity"] = 9
	p := wantProblem(t, e.do("POST", "/api/v1/payouts", caseworker, b), 400, ledger.EINVALID)
	for _, f := range []string{"amount", "payee.iban", "caseRef", "justification.severity"} {
		wantParam(t, p, f)
	}
}

func TestHTTPMistakes(t *testing.T) {
	e := newEnv(t, 10000_00)
	t.Run("OversizeBody", func(t *testing.T) {
		e := e.for_(t)
		b := e.payoutBody("100.00")
		b["justification"].(map[string]any)["situation"] = strings.Repeat("x", 2<<20)
		wantProblem(t, e.do("POST", "/api/v1/payouts", caseworker, b), 413, "TOO_LARGE")
	})
	t.Run("TrailingSlash", func(t *testing.T) {
		e := e.for_(t)
		for _, path := range []string{"/api/v1/pots/", "/api/v1/payouts/", "/api/v1/pots/" + string(e.pot.ID) + "/"} {
			r := e.do("GET", path, caseworker, nil)
			p := wantProblem(t, r, 404, ledger.ENOTFOUND)
			if r.Header.Get("Location") != "" || !strings.Contains(p.Detail, "never end in a slash") {
				t.Fatalf("%s: %s (Location %q)", path, r.Body, r.Header.Get("Location"))
			}
		}
	})
	t.Run("WrongMethod", func(t *testing.T) {
		e := e.for_(t)
		r := e.do("DELETE", "/api/v1/pots", admin, nil)
		wantProblem(t, r, 405, "METHOD_NOT_ALLOWED")
		if r.Header.Get("Allow") != "GET, POST" {
			t.Fatalf("Allow = %q; want GET, POST", r.Header.Get("Allow"))
		}
		r = e.do("PATCH", "/api/v1/payouts/PAY-01ARZ3NDEKTSV4RRFFQ69G5FAV", admin, nil)
		wantProblem(t, r, 405, "METHOD_NOT_ALLOWED")
		if r.Header.Get("Allow") != "GET" {
			t.Fatalf("Allow = %q; want GET", r.Header.Get("Allow"))
		}
	})
	t.Run("UnsupportedMediaType", func(t *testing.T) {
		e := e.for_(t)
		r := e.api.Do(apitest.Request{Method: "POST", Path: "/api/v1/payouts", Token: e.tokens[caseworker], Body: "potId=x",
			Header: http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}})
		wantProblem(t, r, 415, "UNSUPPORTED_MEDIA_TYPE")
	})
	t.Run("NotText", func(t *testing.T) {
		// Bytes that are not text reach no engine: PostgreSQL would refuse
		// them with an internal error where SQLite finds nothing.
		e := e.for_(t)
		for _, path := range []string{"/api/v1/payouts?category=%FF", "/api/v1/payouts?potId=%00", "/api/v1/payouts/PAY-%FF", "/api/v1/pots/%00"} {
			p := wantProblem(t, e.do("GET", path, finance, nil), 400, ledger.EINVALID)
			if !strings.Contains(p.Detail, "not text") {
				t.Errorf("%s: %s", path, p.Detail)
			}
		}
		b := e.payoutBody("100.00")
		r := e.api.Do(apitest.Request{Method: "POST", Path: "/api/v1/payouts", Token: e.tokens[caseworker], Body: b,
			Header: http.Header{"Idempotency-Key": {"sleutel\xff"}}})
		wantProblem(t, r, 400, ledger.EINVALID)
	})
	t.Run("UnknownQueryKey", func(t *testing.T) {
		e := e.for_(t)
		wantParam(t, wantProblem(t, e.do("GET", "/api/v1/payouts?stauts=approved", finance, nil), 400, ledger.EINVALID), "stauts")
		wantParam(t, wantProblem(t, e.do("GET", "/api/v1/pots?year=2026", finance, nil), 400, ledger.EINVALID), "year")
	})
	t.Run("BadIdempotencyKey", func(t *testing.T) {
		e := e.for_(t)
		wantParam(t, wantProblem(t, e.do("POST", "/api/v1/payouts", caseworker, e.payoutBody("1.00"), "Idempotency-Key", "has spaces"), 400, ledger.EINVALID), "Idempotency-Key")
		wantParam(t, wantProblem(t, e.do("POST", "/api/v1/payouts", caseworker, e.payoutBody("1.00"), "Idempotency-Key", strings.Repeat("k", 256)), 400, ledger.EINVALID), "Idempotency-Key")
	})
	t.Run("BadDecisions", func(t *testing.T) {
		e := e.for_(t)
		p, _ := e.requestPayout(caseworker, "2000.00")
		wantParam(t, wantProblem(t, e.do("POST", "/api/v1/payouts/"+p.ID+"/decisions", teamlead, map[string]any{"decision": "maybe"}), 400, ledger.EINVALID), "decision")
		wantParam(t, wantProblem(t, e.do("POST", "/api/v1/payouts/"+p.ID+"/decisions", teamlead, map[string]any{"decision": "reject"}), 400, ledger.EINVALID), "note")
		wantParam(t, wantProblem(t, e.do("POST", "/api/v1/payouts/"+p.ID+"/reversals", finance, map[string]any{}), 400, ledger.EINVALID), "reason")
	})
	t.Run("BadPots", func(t *testing.T) {
		e := e.for_(t)
		pot := func(change func(b map[string]any)) map[string]any {
			b := map[string]any{"name": "X", "year": 2026, "recoveryPolicy": "refund",
				"mandates": []map[string]any{{"role": "caseworker", "limit": "1500.00"}, {"role": "manager"}}}
			change(b)
			return b
		}
		cases := []struct {
			body  map[string]any
			field string
		}{
			{pot(func(b map[string]any) { b["recoveryPolicy"] = "keep" }), "recoveryPolicy"},
			{pot(func(b map[string]any) { b["regretThreshold"] = "0" }), "regretThreshold"},
			{pot(func(b map[string]any) { b["regretThreshold"] = "20%" }), "regretThreshold"},
			{pot(func(b map[string]any) { b["overdraftLimit"] = "-1" }), "overdraftLimit"},
			{pot(func(b map[string]any) { b["mandates"] = []map[string]any{} }), "mandates"},
			{pot(func(b map[string]any) {
				b["mandates"] = []map[string]any{{"role": "caseworker", "limit": "5000.00"}, {"role": "teamlead", "limit": "1500.00"}}
			}), "mandates[1].limit"},
			{pot(func(b map[string]any) { b["mandates"] = []map[string]any{{"role": "finance", "limit": "5.00"}} }), "mandates[0].role"},
			{pot(func(b map[string]any) { b["mandates"] = []map[string]any{{"role": "caseworker", "limit": "1.005"}} }), "mandates[0].limit"},
			{pot(func(b map[string]any) { b["remindAfter"] = 0 }), "remindAfter"},
			{pot(func(b map[string]any) { b["remindAfter"] = "2" }), "remindAfter"},
			{pot(func(b map[string]any) { b["remindAfter"] = 2.5 }), "remindAfter"},
			{pot(func(b map[string]any) { b["remindAfter"] = 60 }), "remindAfter"},
			{pot(func(b map[string]any) { b["escalateAfter"] = 61 }), "escalateAfter"},
			{pot(func(b map[string]any) { b["remindAfter"], b["escalateAfter"] = 4, 4 }), "escalateAfter"},
			{pot(func(b map[string]any) { b["remindAfter"] = 6 }), "escalateAfter"}, // after the default 5
		}
		for _, c := range cases {
			wantParam(t, wantProblem(t, e.do("POST", "/api/v1/pots", admin, c.body), 400, ledger.EINVALID), c.field)
		}
	})
	t.Run("PotEscalation", func(t *testing.T) {
		e := e.for_(t)
		var p struct {
			ID            string
			RemindAfter   int
			EscalateAfter int
		}
		want(t, e.do("POST", "/api/v1/pots", admin, map[string]any{"name": "Pot met termijnen", "year": 2026, "recoveryPolicy": "report",
			"mandates": []map[string]any{{"role": "caseworker", "limit": "1500.00"}, {"role": "manager"}}, "escalateAfter": 10}), 201).JSON(t, &p)
		if p.RemindAfter != 2 || p.EscalateAfter != 10 {
			t.Fatalf("a pot made with escalateAfter 10: %+v", p)
		}
		path := "/api/v1/pots/" + p.ID + "/mandates"
		ladder := []map[string]any{{"role": "caseworker", "limit": "1500.00"}, {"role": "manager"}}
		// Out of order with the pot's own escalation: refused, nothing changed.
		r := wantProblem(t, e.do("PUT", path, admin, map[string]any{"mandates": ladder, "remindAfter": 12}), 400, ledger.EINVALID)
		wantParam(t, r, "escalateAfter")
		r = wantProblem(t, e.do("PUT", path, admin, map[string]any{"mandates": ladder, "escalateAfter": 0}), 400, ledger.EINVALID)
		wantParam(t, r, "escalateAfter")
		// The least it takes is 2, not 1: an escalation comes after a reminder.
		if len(r.InvalidParams) != 1 || !strings.Contains(r.InvalidParams[0].Reason, "of 2 or more") {
			t.Errorf("escalateAfter 0: %+v; want the reason to ask for 2 or more", r.InvalidParams)
		}
		want(t, e.do("PUT", path, admin, map[string]any{"mandates": ladder, "remindAfter": 3}), 200).JSON(t, &p)
		if p.RemindAfter != 3 || p.EscalateAfter != 10 {
			t.Fatalf("after remindAfter 3: %+v", p)
		}
		want(t, e.do("PUT", path, admin, map[string]any{"mandates": ladder}), 200).JSON(t, &p)
		want(t, e.do("GET", "/api/v1/pots/"+p.ID, auditor, nil), 200).JSON(t, &p)
		if p.RemindAfter != 3 || p.EscalateAfter != 10 {
			t.Fatalf("a ladder without days changed them: %+v", p)
		}
	})
	t.Run("BadContributions", func(t *testing.T) {
		e := e.for_(t)
		path := "/api/v1/pots/" + string(e.pot.ID) + "/contributions"
		c := func(amount, date string) map[string]any {
			return map[string]any{"partnerId": string(e.insurer.ID), "amount": amount, "valueDate": date, "reference": "x"}
		}
		wantParam(t, wantProblem(t, e.do("POST", path, finance, c("0", "2026-03-01")), 400, ledger.EINVALID), "amount")
		wantParam(t, wantProblem(t, e.do("POST", path, finance, c("10.00", "2026-03-11")), 400, ledger.EINVALID), "valueDate")
		wantParam(t, wantProblem(t, e.do("POST", path, finance, c("10.00", "1-3-2026")), 400, ledger.EINVALID), "valueDate")
		wantProblem(t, e.do("POST", "/api/v1/pots/POT-01ARZ3NDEKTSV4RRFFQ69G5FAV/contributions", finance, c("10.00", "2026-03-01")), 404, ledger.ENOTFOUND)
	})
}
