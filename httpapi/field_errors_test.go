package httpapi_test

import (
	"strings"
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

// TestPaymentBatchFields: a plan that is no plan and a pot that does not
// exist are mistakes in the request (400 naming plan, potId), not a change
// since the preview or a missing address; a dry run with nothing to pay
// answers as the run and the page's preview do (409).
func TestPaymentBatchFields(t *testing.T) {
	e := newEnv(t, 10000_00)
	p := wantProblem(t, e.do("POST", "/api/v1/payment-batches", finance, map[string]any{"plan": "zz"}), 400, ledger.EINVALID)
	wantReason(t, p.InvalidParams, "plan", `"zz" is not a plan; send back the plan of a dry run`)
	for _, body := range []map[string]any{{"dryRun": true, "potId": "nope"}, {"potId": "nope"}} {
		p = wantProblem(t, e.do("POST", "/api/v1/payment-batches", finance, body), 400, ledger.EINVALID)
		wantReason(t, p.InvalidParams, "potId", `"nope" is not a pot`)
	}
	wantProblem(t, e.do("POST", "/api/v1/payment-batches", finance, map[string]any{"dryRun": true, "potId": string(e.pot.ID)}), 409, ledger.ECONFLICT)
}

// TestNotTextOnAPageInDutch: an address with bytes that are no text is
// refused on a page in Dutch all through, naming the parameter.
func TestNotTextOnAPageInDutch(t *testing.T) {
	e := newPagesEnv(t, 1000_00)
	w := &privacyWorld{e: e}
	b := w.signIn(t, finance)
	got := b.get("/overzichten/financieel?periode=%00")
	if body := string(got.body); got.status != 400 || !strings.Contains(body, "Het adres bevat tekens die geen tekst zijn (in de parameter periode)") || strings.Contains(body, "query parameter") {
		t.Fatalf("%d %s", got.status, got.body)
	}
}
