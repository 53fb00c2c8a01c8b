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
