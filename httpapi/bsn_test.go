package httpapi_test

import (
	"context"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/ledger"
)

// TestBSNAtEveryDoor offers a BSN, written some way the issue saw stored,
// at every door of the API that takes text in: names of every kind, case
// references (a zaak URL's host and path), free text, a user name, the
// Idempotency-Key header and the taakveld list's source label. Each is a
// 400 that names the field and says to leave the BSN out, and nothing is
// written: the journal, the users and the payouts are as they were.
func TestBSNAtEveryDoor(t *testing.T) {
	e := newEnv(t, 10000_00)
	const uuid = "5d9f6c2e-3b1a-4c8e-9f4a-2b7e1d0c3a55"
	payout := func(change func(b map[string]any)) map[string]any {
		b := e.payoutBody("100.00")
		change(b)
		return b
	}
	var taakvelden struct {
		Taakvelden []map[string]any `json:"taakvelden"`
	}
	want(t, e.do("GET", "/api/v1/taakvelden", finance, nil), 200).JSON(t, &taakvelden)
	var rules struct {
		Rules []map[string]any `json:"rules"`
	}
	want(t, e.do("GET", "/api/v1/allocation-rules", finance, nil), 200).JSON(t, &rules)
	if len(rules.Rules) == 0 {
		t.Fatal("no allocation rules to change")
	}
	ruleReason := func(reason string) map[string]any {
		rs := make([]map[string]any, len(rules.Rules))
		for i, r := range rules.Rules {
			rs[i] = map[string]any{}
			for k, v := range r {
				rs[i][k] = v
			}
			delete(rs[i], "stats")
		}
		rs[0]["reason"] = reason
		return map[string]any{"rules": rs}
	}
	tests := []struct {
		name   string
		method string
		path   string
		user   string
		body   any
		header []string
		field  string
	}{
		{"UserName", "POST", "/api/v1/tokens", admin, map[string]any{"user": "111222333", "role": "finance"}, nil, "user"},
		{"UserNameFullWidth", "POST", "/api/v1/tokens", admin, map[string]any{"user": "１１１２２２３３３", "role": "finance"}, nil, "user"},
		{"UserNameDotted", "POST", "/api/v1/tokens", admin, map[string]any{"user": "j.111.222.333", "role": "finance"}, nil, "user"},
		{"IdempotencyKey", "POST", "/api/v1/payouts", caseworker, e.payoutBody("100.00"), []string{"Idempotency-Key", "123456782"}, "Idempotency-Key"},
		{"IdempotencyKeyGrouped", "POST", "/api/v1/payouts", caseworker, e.payoutBody("100.00"), []string{"Idempotency-Key", "req-111.222.333"}, "Idempotency-Key"},
		{"ZaakURLPath", "POST", "/api/v1/payouts", caseworker, payout(func(b map[string]any) {
			b["caseRef"] = "https://zaken.example.nl/111222333/zaken/api/v1/zaken/" + uuid
		}), nil, "caseRef"},
		{"ZaakURLHost", "POST", "/api/v1/payouts", caseworker, payout(func(b map[string]any) {
			b["caseRef"] = "https://bsn111222333.example.nl/zaken/api/v1/zaken/" + uuid
		}), nil, "caseRef"},
		{"ZaakURLEscaped", "POST", "/api/v1/payouts", caseworker, payout(func(b map[string]any) {
			b["caseRef"] = "https://zaken.example.nl/111%20222%20333/zaken/api/v1/zaken/" + uuid
		}), nil, "caseRef"},
		{"CaseRefSlashes", "POST", "/api/v1/payouts", caseworker, payout(func(b map[string]any) { b["caseRef"] = "111/222/333" }), nil, "caseRef"},
		{"SituationZeroWidth", "POST", "/api/v1/payouts", caseworker, payout(func(b map[string]any) {
			b["justification"].(map[string]any)["situation"] = "Bewoner met nummer 111\u200b222\u200b333 zit vast."
		}), nil, "justification.situation"},
		{"PayeeNameEightDigits", "POST", "/api/v1/payouts", caseworker, payout(func(b map[string]any) {
			b["payee"].(map[string]any)["name"] = "J. Jansen 12345672"
		}), nil, "payee.name"},
		{"TaakveldSource", "PUT", "/api/v1/taakvelden", admin, map[string]any{"source": "iv3 lijst 111 222 333", "taakvelden": taakvelden.Taakvelden}, nil, "source"},
		{"PartnerName", "POST", "/api/v1/partners", admin, map[string]any{"name": "Fonds 11 12 22 333", "kind": "other"}, nil, "name"},
		{"PartyName", "POST", "/api/v1/parties", finance, map[string]any{"name": "Partij 1 1 1 2 2 2 3 3 3", "kind": "other"}, nil, "name"},
		{"PotName", "POST", "/api/v1/pots", admin, map[string]any{"name": "Pot ١١١٢٢٢٣٣٣", "year": 2026, "recoveryPolicy": "refund",
			"mandates": []map[string]any{{"role": "caseworker", "limit": "1500.00"}, {"role": "alderman"}}}, nil, "name"},
		{"CategoryLabel", "POST", "/api/v1/categories", admin, map[string]any{"code": "hearing_aid", "label": "Gehoor 111.222 333"}, nil, "label"},
		{"CategoryCode", "POST", "/api/v1/categories", admin, map[string]any{"code": "c111222333", "label": "Gehoor"}, nil, "code"},
		{"ContributionReference", "POST", "/api/v1/pots/" + string(e.pot.ID) + "/contributions", finance, map[string]any{
			"partnerId": string(e.insurer.ID), "amount": "10.00", "valueDate": "2026-03-01", "reference": "bijdrage 111_222_333"}, nil, "reference"},
		{"RuleReason", "PUT", "/api/v1/allocation-rules", admin, ruleReason("Voor 111:222:333"), nil, "rules[0].reason"},
	}
	before := journalLength(t, e)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := e.for_(t)
			p := wantProblem(t, e.do(tt.method, tt.path, tt.user, tt.body, tt.header...), 400, ledger.EINVALID)
			wantParam(t, p, tt.field)
			for _, f := range p.InvalidParams {
				if f.Field == tt.field && !strings.Contains(f.Reason, "BSN") {
					t.Fatalf("%s: %q does not say it is a BSN", tt.field, f.Reason)
				}
			}
		})
	}
	if after := journalLength(t, e); after != before {
		t.Fatalf("the journal grew from %d to %d transactions", before, after)
	}
	users := string(want(t, e.do("GET", "/api/v1/users", admin, nil), 200).Body)
	for _, name := range []string{"111222333", "１１１２２２３３３", "j.111.222.333"} {
		if strings.Contains(users, name) {
			t.Errorf("the user %s was created", name)
		}
	}
	var page struct{ Payouts []any }
	want(t, e.do("GET", "/api/v1/payouts", finance, nil), 200).JSON(t, &page)
	if len(page.Payouts) != 0 {
		t.Fatalf("%d payouts booked", len(page.Payouts))
	}
	// The near-misses go through: a zaak URL whose UUID starts with eight
	// digits that pass the elfproef, and a date that would.
	ok := payout(func(b map[string]any) {
		b["caseRef"] = "https://zaken.example.nl/zaken/api/v1/zaken/12345672-1111-4111-8111-111111111111"
		b["justification"].(map[string]any)["situation"] = "Huurachterstand sinds 12-01-2026; bel 06 1234 5672."
	})
	want(t, e.do("POST", "/api/v1/payouts", caseworker, ok, "Idempotency-Key", "5d9f6c2e-3b1a-4c8e-9f4a-2b7e1d0c3a55"), 201)
}

// journalLength counts the journal's transactions, read from the store.
func journalLength(t *testing.T, e *env) int {
	t.Helper()
	txs, err := e.store.Journal(context.Background(), 0, 1_000_000)
	if err != nil {
		t.Fatal(err)
	}
	return len(txs)
}
