package ledger_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/ledgertest"
)

// hiddenBSNs are BSNs written as the issue saw them stored, for the
// entry-point tests: every string the service takes in refuses each.
var hiddenBSNs = []string{
	"111222333",
	"111 222 333",
	"111/222/333",
	"11 12 22 333",
	"1 1 1 2 2 2 3 3 3",
	"111.222 333",
	"111\u200b222\u200b333",
	"１１１２２２３３３",
	"١١١٢٢٢٣٣٣",
	"12345672",
}

// codeBSNs are BSNs as they fit into codes and ids, which take only
// lower-case letters, digits and a few separators.
var codeBSNs = []string{"a111222333", "a123456782", "a12345672", "a0123_45672"}

// TestBSNRefusedEverywhere offers a BSN, written in each of the ways above,
// to every string field of every request the ledger validates, and expects
// an EINVALID error that names the field and says it looks like a BSN.
func TestBSNRefusedEverywhere(t *testing.T) {
	today := ledger.DateOf(ledgertest.Start)
	payout := func(change func(r *ledger.PayoutRequest, bsn string)) func(string) error {
		return func(bsn string) error {
			r := ledgertest.ValidRequest("POT-01ARZ3NDEKTSV4RRFFQ69G5FAV", 100_00)
			change(&r, bsn)
			return r.Validate(today)
		}
	}
	rule := func(change func(r *ledger.AllocationRule, bsn string)) func(string) error {
		return func(bsn string) error {
			rules := ledger.DefaultAllocationRules()
			change(&rules[0], bsn)
			return ledger.ValidateRules(rules)
		}
	}
	tests := []struct {
		field    string
		codes    bool // the field is a code: only codeBSNs fit
		validate func(bsn string) error
	}{
		{"payee.name", false, payout(func(r *ledger.PayoutRequest, bsn string) { r.Payee.Name = "J. Jansen " + bsn })},
		{"payee.reference", false, payout(func(r *ledger.PayoutRequest, bsn string) { r.Payee.Reference = "Factuur " + bsn })},
		{"caseRef", false, payout(func(r *ledger.PayoutRequest, bsn string) { r.CaseRef = "WIJK-" + bsn })},
		{"caseRef", false, payout(func(r *ledger.PayoutRequest, bsn string) {
			r.CaseRef = "https://zaken.example.nl/" + strings.ReplaceAll(bsn, " ", "%20") + "/zaken/api/v1/zaken/5d9f6c2e-3b1a-4c8e-9f4a-2b7e1d0c3a55"
		})},
		{"caseRef", true, payout(func(r *ledger.PayoutRequest, bsn string) {
			r.CaseRef = "https://" + bsn + ".example.nl/zaken/api/v1/zaken/5d9f6c2e-3b1a-4c8e-9f4a-2b7e1d0c3a55"
		})},
		{"justification.situation", false, payout(func(r *ledger.PayoutRequest, bsn string) {
			r.Justification.Situation = "Bewoner met nummer " + bsn + " heeft een huurachterstand."
		})},
		{"justification.residentInvolvement", false, payout(func(r *ledger.PayoutRequest, bsn string) { r.Justification.ResidentInvolvement = "bsn " + bsn })},
		{"justification.expectedReturn", false, payout(func(r *ledger.PayoutRequest, bsn string) { r.Justification.ExpectedReturn = "bsn " + bsn })},
		{"justification.regularRouteTried", false, payout(func(r *ledger.PayoutRequest, bsn string) { r.Justification.RegularRouteTried = "bsn " + bsn })},
		{"justification.deviatesFrom[0]", false, payout(func(r *ledger.PayoutRequest, bsn string) {
			r.Justification.DeviatesFrom = []string{"regel voor " + bsn}
		})},
		{"note", false, func(bsn string) error {
			d := ledger.Decision{Outcome: ledger.OutcomeReject, Note: "Zie dossier " + bsn}
			return d.Validate()
		}},
		{"note", false, func(bsn string) error {
			d := ledger.Decision{Outcome: ledger.OutcomeApprove, Note: bsn}
			return d.Validate()
		}},
		{"reason", false, func(bsn string) error {
			r := ledger.Reversal{Reason: "dubbel voor " + bsn}
			return r.Validate()
		}},
		{"name", false, func(bsn string) error {
			n := ledger.NewPartner{Name: "Partner " + bsn, Kind: ledger.KindOther}
			return n.Validate()
		}},
		{"reference", false, func(bsn string) error {
			n := ledger.NewContribution{Amount: 1, ValueDate: today, Reference: "bijdrage " + bsn, PartnerID: "PRT-1"}
			return n.Validate(today)
		}},
		{"name", false, func(bsn string) error {
			n := ledger.NewParty{Name: "Partij " + bsn, Kind: ledger.PartyOther}
			return n.Validate()
		}},
		{"name", false, func(bsn string) error {
			n := ledger.NewPot{Name: "Pot " + bsn, Year: 2026, RecoveryPolicy: ledger.PolicyRefund, Mandates: ledgertest.Ladder()}
			return n.Validate()
		}},
		{"label", false, func(bsn string) error {
			c := ledger.Category{Code: "dental_care", Label: "Tandarts " + bsn}
			return c.Validate()
		}},
		{"code", true, func(bsn string) error {
			c := ledger.Category{Code: bsn, Label: "Tandarts"}
			return c.Validate()
		}},
		{"note", false, func(bsn string) error {
			r := ledger.AllocationRequest{Note: "correctie voor " + bsn}
			return r.Validate()
		}},
		{"reference", false, func(bsn string) error {
			s := ledger.Settlement{Amount: 1, ValueDate: today, Reference: "betaling " + bsn}
			return s.Validate(today)
		}},
		{"note", false, func(bsn string) error {
			r := ledger.EvaluationRequest{Outcome: ledger.EvalEffective, Note: "bsn " + bsn}
			return r.Validate()
		}},
		{"note", false, func(bsn string) error {
			u := ledger.SignalUptake{SignalID: "category-dental_care", Note: "beleid voor " + bsn}
			return u.Validate()
		}},
		{"signalId", true, func(bsn string) error {
			u := ledger.SignalUptake{SignalID: "category-" + bsn, Note: "in beleid opgenomen"}
			return u.Validate()
		}},
		{"name", false, func(bsn string) error {
			d := ledgertest.DebtorAccount()
			d.Name = "Gemeente " + bsn
			return d.Validate()
		}},
		{"town", false, func(bsn string) error {
			d := ledgertest.DebtorAccount()
			d.Town = "Leeuwarden " + bsn
			return d.Validate()
		}},
		{"rules[0].reason", false, rule(func(r *ledger.AllocationRule, bsn string) { r.Reason = "voor " + bsn })},
		{"rules[0].id", true, rule(func(r *ledger.AllocationRule, bsn string) { r.ID = bsn })},
		{"rules[0].parties[0]", false, rule(func(r *ledger.AllocationRule, bsn string) {
			r.Target, r.Parties, r.Taakvelden, r.EconomicCategory = ledger.TargetParty, []string{"Partij " + bsn}, nil, ""
		})},
		{"rules[0].taakvelden[0]", false, rule(func(r *ledger.AllocationRule, bsn string) {
			r.Target, r.Taakvelden = ledger.Target("wmo"), []string{bsn}
		})},
		{"line 2.name", false, func(bsn string) error {
			l := ledger.TaakveldList{{Code: "6.3", Name: "Inkomensregelingen " + bsn, Laws: []ledger.Law{"participatiewet"}, ValidFrom: 2017, Status: "verified"}}
			return l.Validate()
		}},
		{"source", false, func(bsn string) error {
			_, err := ledger.ImportSource("iv3-" + bsn + ".csv")
			return err
		}},
		{"user", false, func(bsn string) error {
			n := ledger.NewToken{User: strings.ReplaceAll(bsn, " ", "."), Role: ledger.RoleFinance}
			return n.Validate()
		}},
		{"user", false, func(bsn string) error {
			n := ledger.NewAccount{User: "j." + strings.ReplaceAll(bsn, " ", "-"), Role: ledger.RoleFinance, Password: "een lang wachtwoord"}
			return n.Validate()
		}},
		{"Idempotency-Key", false, func(bsn string) error {
			return ledger.CheckIdempotencyKey("key-" + bsn)
		}},
	}
	for _, tt := range tests {
		bsns := hiddenBSNs
		if tt.codes {
			bsns = codeBSNs
		}
		for _, bsn := range bsns {
			t.Run(fmt.Sprintf("%s/%+q", tt.field, bsn), func(t *testing.T) {
				err := tt.validate(bsn)
				var e *ledger.Error
				if !errors.As(err, &e) || e.Code != ledger.EINVALID {
					t.Fatalf("err = %v; want EINVALID", err)
				}
				for _, f := range e.Fields {
					if f.Field == tt.field && strings.Contains(f.Reason, "looks like a BSN") && strings.Contains(f.Reason, "instead") {
						return
					}
				}
				t.Fatalf("err = %v; want %s to say it looks like a BSN", err, tt.field)
			})
		}
	}
}

// TestBSNFreeTextAccepted is the other side: the same fields take the
// numbers people do write.
func TestBSNFreeTextAccepted(t *testing.T) {
	today := ledger.DateOf(ledgertest.Start)
	r := ledgertest.ValidRequest("POT-01ARZ3NDEKTSV4RRFFQ69G5FAV", 100_00)
	r.CaseRef = "WIJK-2026-0003"
	r.Payee.Name = "Woonstichting De Kern"
	r.Justification.Situation = "Huurachterstand sinds 12-01-2026 (€ 1.234,56); bel 06 1234 5672 of +31612345672; IBAN NL91 ABNA 0417 1643 00."
	if err := r.Validate(today); err != nil {
		t.Fatal(err)
	}
	r.CaseRef = "https://zaken.example.nl/zaken/api/v1/zaken/12345672-1111-4111-8111-111111111111"
	if err := r.Validate(today); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"anouk.bakker", "j.jansen2026", "team-0042"} {
		if !ledger.ValidUserName(name) {
			t.Errorf("ValidUserName(%q) = false", name)
		}
	}
	if err := ledger.CheckIdempotencyKey("5d9f6c2e-3b1a-4c8e-9f4a-2b7e1d0c3a55"); err != nil {
		t.Error(err)
	}
}

// TestBSNUserCannotAct: a user named with a BSN before names were checked
// can no longer act, so the number goes into the journal no further.
func TestBSNUserCannotAct(t *testing.T) {
	for _, user := range []string{"111222333", "١١١٢٢٢٣٣٣"} {
		if ledger.ValidUserName(user) {
			t.Errorf("ValidUserName(%q) = true", user)
		}
		err := ledger.Actor{User: user, Role: ledger.RoleFinance}.Require("read", ledger.RoleFinance)
		if ledger.ErrorCode(err) != ledger.EUNAUTHORIZED || !strings.Contains(err.Error(), "looks like a BSN") {
			t.Errorf("Require as %q = %v; want UNAUTHORIZED naming the BSN", user, err)
		}
	}
}
