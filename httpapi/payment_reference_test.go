package httpapi_test

import (
	"bytes"
	"testing"

	"github.com/ontschot/ontschot/ledger"
)

// TestPaymentReferenceOverHTTP: a payout request may carry the payee's own
// reference for the payment (payee.reference); the payout answers it, the
// payment file's remittance carries it before the pot and the payout's id,
// and a reference the bank would change or that holds a BSN is a 400
// naming the field.
func TestPaymentReferenceOverHTTP(t *testing.T) {
	e := newEnv(t, 10000_00)
	for ref, why := range map[string]string{
		"Factuur_2026_12":                       "a character outside the SEPA set",
		"Factuur 111 222 333":                   "a BSN",
		"Huurcontract 2026-0412 van De Kern BV": "more than 35 characters",
	} {
		t.Run(why, func(t *testing.T) {
			body := e.payoutBody("100.00")
			body["payee"] = map[string]any{"name": "Woonstichting De Kern", "iban": "NL91 ABNA 0417 1643 00", "reference": ref}
			pr := wantProblem(t, e.do("POST", "/api/v1/payouts", caseworker, body), 400, ledger.EINVALID)
			wantParam(t, pr, "payee.reference")
		})
	}
	body := e.payoutBody("100.00")
	body["payee"] = map[string]any{"name": "Woonstichting De Kern", "iban": "NL91 ABNA 0417 1643 00", "reference": "Huurcontract 88123"}
	var p struct {
		ID    string `json:"id"`
		Payee struct {
			Reference string `json:"reference"`
		} `json:"payee"`
	}
	want(t, e.do("POST", "/api/v1/payouts", caseworker, body), 201).JSON(t, &p)
	if p.Payee.Reference != "Huurcontract 88123" {
		t.Fatalf("payout's payee reference = %q", p.Payee.Reference)
	}
	want(t, e.do("PUT", "/api/v1/pots/"+string(e.pot.ID)+"/debtor-account", admin,
		map[string]any{"name": "Gemeente Leeuwarden", "iban": "NL11 BNGH 0002 2200 01", "bic": "BNGHNL2G", "town": "Leeuwarden", "country": "NL"}), 200)
	var b struct {
		File string `json:"file"`
	}
	want(t, e.do("POST", "/api/v1/payment-batches", finance, map[string]any{}), 201).JSON(t, &b)
	x := want(t, e.do("GET", b.File, finance, nil, "Accept", "application/xml"), 200)
	if !bytes.Contains(x.Body, []byte("<Ustrd>Huurcontract 88123 Maatwerk ")) || !bytes.Contains(x.Body, []byte(" "+p.ID+"</Ustrd>")) {
		t.Fatalf("the file's remittance does not carry the reference first:\n%s", x.Body)
	}
}
