package apitest

import (
	"strings"
	"testing"
	"time"

	"github.com/ontschot/ontschot/httpapi"
)

// Tokens are the secrets of one user per role, by role name. The walk needs
// caseworker, teamlead, manager, alderman, finance, auditor and admin.
type Tokens map[string]string

// WalkContract walks the API's contract on an empty ledger whose clock reads
// a day in 2026: it registers a partner, creates a pot, records a
// contribution, requests payouts within and above the mandate, has the
// requester, a level too low and the right level decide, runs out of money,
// retries with an idempotency key, reverses a payout, allocates and
// pays them, evaluates one, reads the regret ratio and verifies the journal. Every answer is also checked against the OpenAPI document.
func WalkContract(t *testing.T, c *Client, tok Tokens, year int) {
	t.Helper()
	do := func(method, path, role string, body any, header ...string) *Response {
		t.Helper()
		req := Request{Method: method, Path: path, Token: tok[role], Body: body}
		for i := 0; i+1 < len(header); i += 2 {
			if req.Header == nil {
				req.Header = map[string][]string{}
			}
			req.Header.Set(header[i], header[i+1])
		}
		return c.Do(req)
	}
	expect := func(r *Response, status int) *Response {
		t.Helper()
		if r.Status != status {
			t.Fatalf("status %d; want %d\n%s", r.Status, status, r.Body)
		}
		return r
	}
	problem := func(r *Response, status int, code string) httpapi.Problem {
		t.Helper()
		expect(r, status)
		p := r.Problem(t)
		if p.Code != code {
			t.Fatalf("problem %+v; want code %s", p, code)
		}
		return p
	}
	var prt struct{ ID string }
	expect(do("POST", "/api/v1/partners", "admin", map[string]any{"name": "Gemeente Leeuwarden", "kind": "municipality"}), 201).JSON(t, &prt)
	var pot struct {
		ID       string
		Mandates []map[string]string
	}
	r := expect(do("POST", "/api/v1/pots", "admin", map[string]any{
		"name": "Maatwerkbudget", "year": year, "recoveryPolicy": "report", "regretThreshold": "0.20", "overdraftLimit": "0.00",
		"mandates": []map[string]any{{"role": "caseworker", "limit": "1500.00"}, {"role": "teamlead", "limit": "5000.00"}, {"role": "manager", "limit": "25000.00"}, {"role": "alderman"}},
	}), 201)
	r.JSON(t, &pot)
	if r.Header.Get("Location") != "/api/v1/pots/"+pot.ID || len(pot.Mandates) != 4 || pot.Mandates[3]["limit"] != "" {
		t.Fatalf("created pot = %+v, Location %q", pot, r.Header.Get("Location"))
	}
	expect(do("POST", "/api/v1/pots/"+pot.ID+"/contributions", "finance", map[string]any{
		"partnerId": prt.ID, "amount": "10000.00", "valueDate": itoa(year) + "-01-02", "reference": "Eerste termijn"}), 201)
	balance := func() map[string]string {
		t.Helper()
		var p struct{ Balance map[string]string }
		expect(do("GET", "/api/v1/pots/"+pot.ID, "finance", nil), 200).JSON(t, &p)
		return p.Balance
	}
	if b := balance(); b["contributed"] != "10000.00" || b["available"] != "10000.00" {
		t.Fatalf("balance after the contribution = %v", b)
	}
	body := func(amount string) map[string]any {
		return map[string]any{
			"potId": pot.ID, "amount": amount, "caseRef": "WIJK-2026-0042", "category": "rent_arrears", "urgency": "urgent",
			"payee": map[string]any{"name": "Woonstichting De Kern", "iban": "NL91 ABNA 0417 1643 00"},
			"justification": map[string]any{
				"situation": "Huurachterstand van drie maanden; ontruiming dreigt binnen twee weken.", "severity": 4,
				"residentInvolvement": "Bewoner heeft zelf een budgetplan opgesteld.", "expectedReturn": "Behoud van de woning.",
				"deviatesFrom": []string{"Participatiewet art. 35"}, "regularRouteTried": "Bijzondere bijstand afgewezen.",
				"stuckSince": itoa(year) + "-01-01",
			},
		}
	}
	type payout struct {
		ID       string
		Status   string
		Decision *struct {
			DecidedBy  string
			OwnMandate bool
			Mandate    map[string]string
		}
	}
	var p payout
	expect(do("POST", "/api/v1/payouts", "caseworker", body("1500.00")), 201).JSON(t, &p)
	if p.Status != "approved" || p.Decision == nil || !p.Decision.OwnMandate || p.Decision.Mandate["limit"] != "1500.00" {
		t.Fatalf("payout within the mandate = %+v", p)
	}
	var held payout
	expect(do("POST", "/api/v1/payouts", "caseworker", body("6000.00")), 201).JSON(t, &held)
	if held.Status != "pending_approval" {
		t.Fatalf("payout above the mandate = %+v", held)
	}
	if b := balance(); b["available"] != "2500.00" || b["held"] != "6000.00" {
		t.Fatalf("balance with a hold = %v", b)
	}
	decisions := "/api/v1/payouts/" + held.ID + "/decisions"
	problem(do("POST", decisions, "caseworker", map[string]any{"decision": "approve"}), 403, "FORBIDDEN")
	if d := problem(do("POST", decisions, "teamlead", map[string]any{"decision": "approve"}), 403, "MANDATE_EXCEEDED").Detail; !strings.Contains(d, "manager or alderman") {
		t.Fatalf("detail %q does not say who may decide", d)
	}
	var decided payout
	expect(do("POST", decisions, "manager", map[string]any{"decision": "approve", "note": "Goedkoopste oplossing."}), 201).JSON(t, &decided)
	if decided.Status != "approved" || decided.Decision == nil || decided.Decision.OwnMandate {
		t.Fatalf("decision by the manager = %+v", decided)
	}
	problem(do("POST", decisions, "alderman", map[string]any{"decision": "reject", "note": "te laat"}), 409, "CONFLICT")
	if d := problem(do("POST", "/api/v1/payouts", "caseworker", body("2600.00")), 409, "INSUFFICIENT_FUNDS").Detail; !strings.Contains(d, "2500.00") {
		t.Fatalf("detail %q does not say 2500.00 is available", d)
	}
	r1 := expect(do("POST", "/api/v1/payouts", "caseworker", body("500.00"), "Idempotency-Key", "walk-1"), 201)
	r2 := expect(do("POST", "/api/v1/payouts", "caseworker", body("500.00"), "Idempotency-Key", "walk-1"), 201)
	if string(r1.Body) != string(r2.Body) {
		t.Fatalf("the retry answered\n%s\nafter\n%s", r2.Body, r1.Body)
	}
	problem(do("POST", "/api/v1/payouts", "caseworker", body("501.00"), "Idempotency-Key", "walk-1"), 409, "IDEMPOTENCY_CONFLICT")
	if b := balance(); b["available"] != "2000.00" {
		t.Fatalf("available after the retry = %s; want 2000.00", b["available"])
	}
	var first payout
	r1.JSON(t, &first)
	var rev payout
	expect(do("POST", "/api/v1/payouts/"+first.ID+"/reversals", "finance", map[string]any{"reason": "Dubbel ingediend."}), 201).JSON(t, &rev)
	if rev.Status != "reversed" {
		t.Fatalf("reversal = %+v", rev)
	}
	if b := balance(); b["available"] != "2500.00" || b["spent"] != "7500.00" {
		t.Fatalf("balance after the reversal = %v", b)
	}
	// Afterwards: finance allocates the first payout's cost (60% to the
	// Participatiewet, the rest maatwerk), the caseworker regrets part of it.
	var alloc struct {
		Allocated   string
		Unallocated string
		Lines       []map[string]any
	}
	expect(do("POST", "/api/v1/payouts/"+p.ID+"/allocations", "finance", map[string]any{"lines": []map[string]any{
		{"target": "participatiewet", "taakveld": "6.3", "percentage": "60"}, {"target": "maatwerk", "percentage": "40"}}}), 201).JSON(t, &alloc)
	if alloc.Allocated != "1500.00" || len(alloc.Lines) != 2 || alloc.Lines[0]["amount"] != "900.00" {
		t.Fatalf("allocation = %+v", alloc)
	}
	if b := balance(); b["unallocated"] != "6000.00" || b["available"] != "2500.00" {
		t.Fatalf("balance after the allocation (report policy) = %v", b)
	}
	// It is evaluated once paid: before, there is no spend to judge.
	evaluation := map[string]any{"outcome": "partial", "regrettedAmount": "300.00", "note": "Deels onnodig gebleken."}
	if d := problem(do("POST", "/api/v1/payouts/"+p.ID+"/evaluations", "caseworker", evaluation), 409, "CONFLICT").Detail; !strings.Contains(d, "not yet paid") {
		t.Fatalf("evaluating an unpaid payout: %q; want it to say it is not yet paid", d)
	}
	expect(do("PUT", "/api/v1/pots/"+pot.ID+"/debtor-account", "finance", map[string]any{
		"name": "Gemeente Leeuwarden", "iban": "NL11BNGH0002220001", "bic": "BNGHNL2G", "town": "Leeuwarden", "country": "NL"}), 200)
	expect(do("POST", "/api/v1/payment-batches", "finance", map[string]any{"potId": pot.ID}), 201)
	expect(do("POST", "/api/v1/payouts/"+p.ID+"/evaluations", "caseworker", evaluation), 201)
	var regret struct{ Ratio, Status string }
	expect(do("GET", "/api/v1/pots/"+pot.ID+"/regret", "finance", nil), 200).JSON(t, &regret)
	if regret.Ratio != "0.04" || regret.Status != "ok" {
		t.Fatalf("regret = %+v; want 300.00 of 7500.00", regret)
	}
	expect(do("GET", "/api/v1/signals", "finance", nil), 200)
	var v struct {
		OK           bool
		Transactions int
		HeadHash     string
	}
	// A verification that takes longer than the server waits is answered
	// 202 with where to ask again: asked until it has ended (a minute at
	// most, a bound on a hang).
	r = do("GET", "/api/v1/journal/verification", "auditor", nil)
	for i := 0; r.Status == 202 && i < 600; i++ {
		time.Sleep(100 * time.Millisecond)
		r = do("GET", r.Header.Get("Location"), "auditor", nil)
	}
	expect(r, 200).JSON(t, &v)
	if !v.OK || v.Transactions < 6 || len(v.HeadHash) != 64 {
		t.Fatalf("verification = %+v", v)
	}
}

func itoa(n int) string {
	s := ""
	for n > 0 {
		s = string(rune('0'+n%10)) + s
		n /= 10
	}
	return s
}
