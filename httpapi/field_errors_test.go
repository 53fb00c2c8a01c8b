package httpapi_test

import (
	"testing"

	"github.com/ontschot/ontschot/ledger"
)

// TestPayoutCategoryWithEveryOtherField: an unknown category is reported
// with the other fields at fault, by its codes (the API's words); a
// one-letter payee name is too short for the bank.
func TestPayoutCategoryWithEveryOtherField(t *testing.T) {
	e := newEnv(t, 10000_00)
	body := e.payoutBody("100.00")
	body["category"] = "nope"
	body["payee"] = map[string]any{"name": "X", "iban": "NL91 ABNA 0417 1643 00"}
	p := wantProblem(t, e.do("POST", "/api/v1/payouts", caseworker, body), 400, ledger.EINVALID)
	wantReason(t, p.InvalidParams, "category", `"nope" is not a category; use one of bookkeeping, civic_integration, dental_care`)
	wantReason(t, p.InvalidParams, "payee.name", "too short for the bank: a name needs at least 2 letters")
	// With a field the decoder refuses too (the probe's path).
	body["amount"] = "abc"
	p = wantProblem(t, e.do("POST", "/api/v1/payouts", caseworker, body), 400, ledger.EINVALID)
	wantReason(t, p.InvalidParams, "category", `"nope" is not a category`)
	wantReason(t, p.InvalidParams, "amount", "")
}

// TestAllocationUnknownPartyAtOnce: a party that does not exist is a 400
// said with the other lines' mistakes, whether the decoder (an amount that
// is no amount), the request's shape (a target that is none) or the split
// (percentages above 100) found them.
func TestAllocationUnknownPartyAtOnce(t *testing.T) {
	e := newEnv(t, 10000_00)
	p, _ := e.requestPayout(caseworker, "100.00")
	nope := map[string]any{"target": "party", "partyId": "PTY-nope", "amount": "10.00"}
	for name, other := range map[string]map[string]any{
		"amount":     {"target": "maatwerk", "amount": "abc"},
		"target":     {"target": "bogus", "amount": "10.00"},
		"percentage": {"target": "maatwerk", "percentage": "150"},
		"taakveld":   {"target": "jeugdwet", "taakveld": "6.711", "amount": "10.00"},
	} {
		t.Run(name, func(t *testing.T) {
			r := e.allocate(p.ID, finance, map[string]any{"lines": []map[string]any{nope, other}})
			pr := wantProblem(t, r, 400, ledger.EINVALID)
			wantReason(t, pr.InvalidParams, "lines[0].party", "PTY-nope")
			if len(pr.InvalidParams) < 2 {
				t.Fatalf("only %+v", pr.InvalidParams)
			}
		})
	}
}
