package httpapi_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/ledger"
)

// TestEmojiNamesInDocumentsOverHTTP is the case: a party named
// "Woonbedrijf 🏠" made the partner statement and the finance view answer
// 500 as PDF (fpdf panicked). Every document format answers 200 now.
func TestEmojiNamesInDocumentsOverHTTP(t *testing.T) {
	e := newEnv(t, 10000_00)
	want(t, e.do("POST", "/api/v1/parties", finance, map[string]any{"name": "Woonbedrijf 🏠", "kind": "housing_corporation"}), 201)
	p, _ := e.requestPayout(caseworker, "100.00")
	want(t, e.allocate(p.ID, finance, map[string]any{"lines": []map[string]any{{"target": "party", "party": "Woonbedrijf 🏠", "amount": "100.00"}}}), 201)
	var pot struct {
		ID string `json:"id"`
	}
	want(t, e.do("POST", "/api/v1/pots", admin, map[string]any{"name": "Noodfonds 🏠🏡", "year": 2026, "recoveryPolicy": "report",
		"mandates": []map[string]any{{"role": "caseworker", "limit": "1500.00"}, {"role": "alderman"}}}), 201).JSON(t, &pot)
	for _, path := range []string{
		"/api/v1/pots/" + string(e.pot.ID) + "/statements/2026-Q1",
		"/api/v1/pots/" + pot.ID + "/statements/2026-Q1",
		"/api/v1/finance-views/2026-Q1",
	} {
		r := want(t, e.do("GET", path, finance, nil, "Accept", "application/pdf"), 200)
		if !bytes.HasPrefix(r.Body, []byte("%PDF-")) || !bytes.HasSuffix(bytes.TrimSpace(r.Body), []byte("%%EOF")) {
			t.Fatalf("%s as PDF: %q…", path, r.Body[:min(40, len(r.Body))])
		}
		r = want(t, e.do("GET", path, finance, nil, "Accept", "text/csv"), 200)
		if _, err := csv.NewReader(bytes.NewReader(r.Body)).ReadAll(); err != nil {
			t.Fatalf("%s as CSV: %v\n%s", path, err, r.Body)
		}
	}
	r := want(t, e.do("GET", "/api/v1/finance-views/2026-Q1", finance, nil, "Accept", "text/csv"), 200)
	if !bytes.Contains(r.Body, []byte("Woonbedrijf 🏠")) {
		t.Errorf("the CSV does not keep the name as written:\n%s", r.Body)
	}
}

// TestNamesRefuseInvisibleCharactersOverHTTP: a name with a bidirectional
// override or a line break is a 400 naming the field, with a reason that
// says what to do.
func TestNamesRefuseInvisibleCharactersOverHTTP(t *testing.T) {
	e := newEnv(t, 10000_00)
	p := wantProblem(t, e.do("POST", "/api/v1/parties", finance, map[string]any{"name": "Woonbedrijf \u202eLN", "kind": "other"}), 400, ledger.EINVALID)
	wantReason(t, p.InvalidParams, "name", "changes the direction of the text (U+202E); type the text again without it")
	body := e.payoutBody("100.00")
	body["payee"] = map[string]any{"name": "Woonstichting\nDe Kern", "iban": "NL91 ABNA 0417 1643 00"}
	p = wantProblem(t, e.do("POST", "/api/v1/payouts", caseworker, body), 400, ledger.EINVALID)
	wantReason(t, p.InvalidParams, "payee.name", "must be on one line: remove the line break or tab (U+000A)")
	p = wantProblem(t, e.do("POST", "/api/v1/pots", admin, map[string]any{"name": "Nood\u2066fonds", "year": 2026, "recoveryPolicy": "report",
		"mandates": []map[string]any{{"role": "alderman"}}}), 400, ledger.EINVALID)
	wantReason(t, p.InvalidParams, "name", "(U+2066)")
	p = wantProblem(t, e.do("POST", "/api/v1/partners", admin, map[string]any{"name": "Gemeente\u0085Leeuwarden", "kind": "municipality"}), 400, ledger.EINVALID)
	wantReason(t, p.InvalidParams, "name", "control character (U+0085)")
}

func wantReason(t *testing.T, params []ledger.FieldError, field, reason string) {
	t.Helper()
	for _, f := range params {
		if f.Field == field && strings.Contains(f.Reason, reason) {
			return
		}
	}
	t.Fatalf("invalidParams %+v do not give %s the reason %q", params, field, reason)
}
