package sqlite_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/ledgertest"
	"github.com/ontschot/ontschot/ledger/storage"
)

// richLedger is a ledger that holds a record of every kind the journal
// commits to, written to a file and closed.
type richLedger struct {
	path string
	pot  ledger.Pot
	// approved is approved and unpaid; rejected was rejected; held waits
	// for a decision; paid is in batch; reversed was reversed; erased was
	// paid and its payee erased.
	approved, rejected, held, paid, reversed ledger.Payout
	batch                                    ledger.PaymentBatch
	party                                    ledger.Party
	partner                                  ledger.Partner
	token                                    ledger.IssuedToken
	checkpoint                               ledger.Checkpoint
}

func buildRich(t *testing.T) *richLedger {
	t.Helper()
	r := &richLedger{path: filepath.Join(t.TempDir(), "ledger.db")}
	clock := ledgertest.NewClock(ledgertest.Start)
	s, err := storage.Open(r.path, storage.Options{Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	admin, fin := ledgertest.Admin, ledgertest.Finance
	r.partner, err = s.CreatePartner(ctx, admin, ledger.NewPartner{Name: "Gemeente", Kind: ledger.KindMunicipality, IdempotencyKey: "partner-1"})
	must(err)
	r.pot, err = s.CreatePot(ctx, admin, ledger.NewPot{Name: "Pot", Year: 2026, RecoveryPolicy: ledger.PolicyRefund, Mandates: ledgertest.Ladder(), OverdraftLimit: 100_00})
	must(err)
	_, err = s.SetPledge(ctx, fin, ledger.Pledge{PotID: r.pot.ID, PartnerID: r.partner.ID, Amount: 60000_00})
	must(err)
	_, err = s.Contribute(ctx, fin, ledger.NewContribution{PotID: r.pot.ID, PartnerID: r.partner.ID, Amount: 50000_00,
		ValueDate: ledger.DateOf(clock.Now()), Reference: "Bijdrage", IdempotencyKey: "contribution-1"})
	must(err)
	r.pot, err = s.SetDebtorAccount(ctx, fin, r.pot.ID, ledgertest.DebtorAccount(), "")
	must(err)
	_, err = s.AddCategory(ctx, admin, ledger.Category{Code: "hearing_test", Label: "Gehoortest"})
	must(err)
	r.party, err = s.CreateParty(ctx, fin, ledger.NewParty{Name: "Zorgverzekeraar", Kind: ledger.PartyHealthInsurer})
	must(err)
	r.token, err = s.IssueToken(ctx, admin, ledger.NewToken{User: "fien.finance", Role: ledger.RoleFinance})
	must(err)
	_, err = s.CreateAccount(ctx, admin, ledger.NewAccount{User: "carla.consulent", Role: ledger.RoleCaseworker, Password: "een lang wachtwoord van mij"})
	must(err)
	_, err = s.SignIn(ctx, "carla.consulent", "een lang wachtwoord van mij")
	must(err)
	rules, err := s.AllocationRules(ctx)
	must(err)
	must(s.SetAllocationRules(ctx, admin, rules[:len(rules)-1]))

	request := func(amount ledger.Cents, key string) ledger.Payout {
		t.Helper()
		req := ledgertest.ValidRequest(r.pot.ID, amount)
		req.IdempotencyKey = key
		p, err := s.RequestPayout(ctx, ledgertest.Caseworker, req)
		must(err)
		return p
	}
	r.paid = request(100_00, "request-paid")
	r.reversed = request(150_00, "")
	r.rejected = request(3000_00, "")
	r.held = request(3500_00, "")
	_, err = s.DecidePayout(ctx, ledgertest.Teamlead, ledger.Decision{PayoutID: r.rejected.ID, Outcome: ledger.OutcomeReject, Note: "niet nodig"})
	must(err)
	_, err = s.ReversePayout(ctx, fin, ledger.Reversal{PayoutID: r.reversed.ID, Reason: "dubbel ingediend"})
	must(err)
	_, err = s.Allocate(ctx, fin, ledger.AllocationRequest{PayoutID: r.paid.ID, Note: "naar zorgverzekeraar",
		Lines: []ledger.AllocationLine{{Target: ledger.TargetParty, PartyID: r.party.ID, Amount: 100_00}}})
	must(err)
	r.batch, err = s.CreatePaymentBatch(ctx, fin, ledger.NewPaymentBatch{IdempotencyKey: "pay-1"})
	must(err)
	_, err = s.Evaluate(ctx, ledgertest.Caseworker, ledger.EvaluationRequest{PayoutID: r.paid.ID, Outcome: ledger.EvalEffective, Note: "werkte"})
	must(err)
	r.approved = request(200_00, "request-approved")
	_, err = s.TakeUpSignal(ctx, fin, ledger.SignalUptake{SignalID: "category-rent_arrears", Note: "beleid gemaakt"})
	must(err)
	clock.Set(ledgertest.Start.AddDate(0, 2, 0))
	_, err = s.ClosePeriod(ctx, fin, ledger.ClosePeriod{Period: mustPeriod(t, "2026-03")})
	must(err)
	n, err := s.ErasePersonalData(ctx, admin, ledger.DateOf(clock.Now()))
	must(err)
	if n != 3 { // the paid, rejected and reversed payouts
		t.Fatalf("erased %d payees; want 3", n)
	}
	v := ledgertest.MustVerify(t, s)
	r.checkpoint = v.Checkpoint
	must(s.Close())
	return r
}

func mustPeriod(t *testing.T, s string) ledger.Period {
	t.Helper()
	p, err := ledger.ParsePeriod(s)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// allTriggers drops every append-only trigger, as anyone with the file can.
const allTriggers = `DROP TRIGGER IF EXISTS journal_no_update; DROP TRIGGER IF EXISTS journal_no_delete;
	DROP TRIGGER IF EXISTS postings_no_update; DROP TRIGGER IF EXISTS postings_no_delete;
	DROP TRIGGER IF EXISTS contributions_no_update; DROP TRIGGER IF EXISTS contributions_no_delete;
	DROP TRIGGER IF EXISTS closed_periods_no_update; DROP TRIGGER IF EXISTS closed_periods_no_delete;
	DROP TRIGGER IF EXISTS allocation_lines_no_update; DROP TRIGGER IF EXISTS allocation_lines_no_delete;
	DROP TRIGGER IF EXISTS settlements_no_update; DROP TRIGGER IF EXISTS settlements_no_delete;
	DROP TRIGGER IF EXISTS evaluations_no_update; DROP TRIGGER IF EXISTS evaluations_no_delete;
	DROP TRIGGER IF EXISTS payment_batches_no_update; DROP TRIGGER IF EXISTS payment_batches_no_delete;
	DROP TRIGGER IF EXISTS payment_groups_no_update; DROP TRIGGER IF EXISTS payment_groups_no_delete;
	DROP TRIGGER IF EXISTS payment_items_no_update; DROP TRIGGER IF EXISTS payment_items_no_delete;
	DROP TRIGGER IF EXISTS receivables_identity; DROP TRIGGER IF EXISTS receivables_no_delete;
	PRAGMA foreign_keys = OFF`

// TestVerifyCoversEveryTable edits each table that moves or authorises
// money directly in the file and expects Verify to name the record.
func TestVerifyCoversEveryTable(t *testing.T) {
	base := buildRich(t)
	q := func(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
	tests := []struct {
		name  string
		stmts func(r *richLedger) []string
		// want is a phrase of the failure; ref, if set, what it must name.
		want, ref func(r *richLedger) string
	}{
		{"PayoutRejectedMadeApproved", func(r *richLedger) []string {
			return []string{`UPDATE payouts SET status = 'approved' WHERE id = ` + q(string(r.rejected.ID))}
		}, fixed("journal history makes it rejected"), payoutRef("rejected")},
		{"PayoutRejectedMadeApprovedWithDecision", func(r *richLedger) []string {
			return []string{`UPDATE payouts SET status = 'approved', decision = 'approve' WHERE id = ` + q(string(r.rejected.ID))}
		}, fixed("no longer matches the digest"), payoutRef("rejected")},
		{"PendingMadeApproved", func(r *richLedger) []string {
			return []string{`UPDATE payouts SET status = 'approved' WHERE id = ` + q(string(r.held.ID))}
		}, fixed("journal history makes it pending_approval"), payoutRef("held")},
		{"ReversalUndone", func(r *richLedger) []string {
			return []string{`UPDATE payouts SET status = 'approved', reversed_by = NULL, reversed_role = NULL, reversed_at = NULL,
				reversal_reason = NULL, reversal_seq = NULL WHERE id = ` + q(string(r.reversed.ID))}
		}, fixed("record it booked is gone"), nil},
		{"DecisionMandateRaised", func(r *richLedger) []string {
			return []string{`UPDATE payouts SET decision_limit = NULL WHERE id = ` + q(string(r.rejected.ID))}
		}, fixed("mandate of the decision"), payoutRef("rejected")},
		{"OwnMandateClaimed", func(r *richLedger) []string {
			return []string{`UPDATE payouts SET own_mandate = 1 WHERE id = ` + q(string(r.rejected.ID))}
		}, fixed("requester's own mandate"), payoutRef("rejected")},
		{"PayeeNameChanged", func(r *richLedger) []string {
			return []string{`UPDATE payees SET name = 'Mallory' WHERE payout_id = ` + q(string(r.approved.ID))}
		}, fixed("payee (name or IBAN)"), payoutRef("approved")},
		{"PayeeIBANChanged", func(r *richLedger) []string {
			return []string{`UPDATE payees SET iban = 'NL02ABNA0123456789' WHERE payout_id = ` + q(string(r.approved.ID))}
		}, fixed("payee (name or IBAN)"), payoutRef("approved")},
		{"PayeeUnerased", func(r *richLedger) []string {
			return []string{`UPDATE payees SET name = 'Mallory', iban = 'NL02ABNA0123456789', erased_at = NULL, erased_seq = NULL WHERE payout_id = ` + q(string(r.paid.ID))}
		}, fixed("payee"), payoutRef("paid")},
		{"PayeeRowDeleted", func(r *richLedger) []string {
			return []string{`DELETE FROM payees WHERE payout_id = ` + q(string(r.approved.ID))}
		}, fixed("gone from the file"), payoutRef("approved")},
		{"PayoutDeleted", func(r *richLedger) []string {
			return []string{`DELETE FROM payees WHERE payout_id = ` + q(string(r.approved.ID)), `DELETE FROM payout_deviations WHERE payout_id = ` + q(string(r.approved.ID)),
				`DELETE FROM payouts WHERE id = ` + q(string(r.approved.ID))}
		}, fixed("record it booked is gone"), payoutRef("approved")},
		{"PaidMadeApproved", func(r *richLedger) []string {
			return []string{`UPDATE payouts SET status = 'approved' WHERE id = ` + q(string(r.paid.ID))}
		}, fixed("is in a payment batch"), nil},
		{"MandateLadderRaised", func(r *richLedger) []string {
			return []string{`UPDATE mandate_levels SET limit_cents = 100000000 WHERE pot_id = ` + q(string(r.pot.ID)) + ` AND role = 'caseworker'`}
		}, fixed("pot "), potRef},
		{"OverdraftRaised", func(r *richLedger) []string {
			return []string{`UPDATE pots SET overdraft_limit = 99999999`}
		}, fixed("changed outside ontschot"), potRef},
		{"ThresholdChanged", func(r *richLedger) []string {
			return []string{`UPDATE pots SET regret_threshold_bp = 9000`}
		}, fixed("changed outside ontschot"), potRef},
		{"DebtorAccountChanged", func(r *richLedger) []string {
			return []string{`UPDATE pots SET debtor_iban = 'NL02ABNA0123456789'`}
		}, fixed("changed outside ontschot"), potRef},
		{"EscalationDelayed", func(r *richLedger) []string {
			// So that nobody is reminded of a waiting request for weeks.
			return []string{`UPDATE pots SET remind_after = 40, escalate_after = 60`}
		}, fixed("changed outside ontschot"), potRef},
		{"EscalationZeroed", func(r *richLedger) []string {
			// Past the CHECK, days no pot can have: they must not pass for
			// the defaults the journal committed to.
			return []string{`PRAGMA ignore_check_constraints = ON; UPDATE pots SET remind_after = 0, escalate_after = 0`}
		}, fixed("changed outside ontschot"), potRef},
		{"PledgeChanged", func(r *richLedger) []string {
			return []string{`UPDATE pot_partners SET pledged = 1`}
		}, fixed("pledge"), nil},
		{"FundingLinkAdded", func(r *richLedger) []string {
			return []string{`INSERT INTO partners (id, name, kind, created_at) VALUES ('PRT-01ARZ3NDEKTSV4RRFFQ69G5FAV', 'Mallory', 'other', '2026-01-01T00:00:00.000000Z')`,
				`INSERT INTO pot_partners (pot_id, partner_id, pledged) VALUES (` + q(string(r.pot.ID)) + `, 'PRT-01ARZ3NDEKTSV4RRFFQ69G5FAV', 0)`}
		}, fixed("added outside ontschot"), nil},
		{"CategoryRelabelled", func(r *richLedger) []string {
			return []string{`UPDATE categories SET label = 'Iets anders' WHERE code = 'hearing_test'`}
		}, fixed("category hearing_test"), fixed("hearing_test")},
		{"CategoryAdded", func(r *richLedger) []string {
			return []string{`INSERT INTO categories (code, label) VALUES ('cash', 'Contant')`}
		}, fixed("added outside ontschot"), fixed("cash")},
		{"TaakveldChanged", func(r *richLedger) []string {
			return []string{`UPDATE taakvelden SET laws = 'wmo+jeugdwet' WHERE n = 0`}
		}, fixed("Iv3 code list"), nil},
		{"RuleChanged", func(r *richLedger) []string {
			return []string{`UPDATE allocation_rules SET rule = rule || ' ' WHERE n = 0`}
		}, fixed("allocation rules"), fixed(ledger.RulesRef)},
		{"RoleRaised", func(r *richLedger) []string {
			return []string{`UPDATE users SET role = 'admin' WHERE name = 'carla.consulent'`}
		}, fixed("user carla.consulent"), fixed("carla.consulent")},
		{"PasswordReplaced", func(r *richLedger) []string {
			return []string{`UPDATE users SET password_hash = 'x' WHERE name = 'carla.consulent'`}
		}, fixed("user carla.consulent"), fixed("carla.consulent")},
		{"UserAdded", func(r *richLedger) []string {
			return []string{`INSERT INTO users (name, role, created_at) VALUES ('mallory', 'admin', '2026-01-01T00:00:00.000000Z')`}
		}, fixed("added outside ontschot"), fixed("mallory")},
		{"TokenMovedToAnotherUser", func(r *richLedger) []string {
			return []string{`UPDATE tokens SET user_name = 'carla.consulent' WHERE id = ` + q(string(r.token.ID))}
		}, fixed("token"), func(r *richLedger) string { return string(r.token.ID) }},
		{"TokenUnrevoked", func(r *richLedger) []string {
			return []string{`INSERT INTO tokens (id, user_name, hash, created_by, created_at) VALUES ('TOK-01ARZ3NDEKTSV4RRFFQ69G5FAV', 'fien.finance', 'abc', 'admin', '2026-01-01T00:00:00.000000Z')`}
		}, fixed("added outside ontschot"), nil},
		{"SessionForged", func(r *richLedger) []string {
			return []string{`INSERT INTO web_sessions (hash, user_name, csrf, created_at, last_seen, expires_at) VALUES ('forged', 'fien.finance', 'c',
				'2026-05-10T00:00:00.000000Z', '2026-05-10T00:00:00.000000Z', '2027-01-01T00:00:00.000000Z')`}
		}, fixed("web session"), nil},
		{"StoredAnswerChanged", func(r *richLedger) []string {
			return []string{`UPDATE idempotency_keys SET result = replace(result, 'approved', 'rejected') WHERE key = 'request-approved'`}
		}, fixed("stored answers"), nil},
		{"StoredAnswerDeleted", func(r *richLedger) []string {
			return []string{`DELETE FROM idempotency_keys WHERE key = 'request-paid'`}
		}, fixed("gone from the file"), fixed("answers_recorded")},
		{"ClosedPeriodDeleted", func(r *richLedger) []string {
			return []string{`DELETE FROM closed_periods`}
		}, fixed("record it booked is gone"), fixed("2026-03")},
		{"ClosedPeriodNarrowed", func(r *richLedger) []string {
			return []string{`UPDATE closed_periods SET end_date = '2026-03-15'`}
		}, fixed("closed period"), fixed("2026-03")},
		{"PaymentExecutionDateChanged", func(r *richLedger) []string {
			return []string{`UPDATE payment_batches SET execution_date = '2026-12-31'`}
		}, fixed("payment batch"), nil},
		{"PaymentDebtorNameChanged", func(r *richLedger) []string {
			return []string{`UPDATE payment_groups SET debtor_name = 'Mallory BV'`}
		}, fixed("payment batch"), nil},
		{"PartyRenamedByHand", func(r *richLedger) []string {
			return []string{`UPDATE parties SET name = 'Mallory BV'`}
		}, fixed("party"), func(r *richLedger) string { return string(r.party.ID) }},
		{"PartnerRenamedByHand", func(r *richLedger) []string {
			return []string{`UPDATE partners SET name = 'Mallory BV'`}
		}, fixed("partner"), func(r *richLedger) string { return string(r.partner.ID) }},
		{"SignalUptakeChanged", func(r *richLedger) []string {
			return []string{`UPDATE signal_uptakes SET note = 'anders'`}
		}, fixed("uptake"), nil},
		{"EvaluationDeleted", func(r *richLedger) []string {
			return []string{`UPDATE payouts SET eval_version = 0, eval_outcome = NULL`, `DELETE FROM evaluations`}
		}, fixed("record it booked is gone"), payoutRef("paid")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := *base
			r.path = filepath.Join(t.TempDir(), "ledger.db")
			copyFile(t, base.path, r.path)
			rawExec(t, r.path, append([]string{allTriggers}, tt.stmts(&r)...)...)
			v := verifyFile(t, r.path)
			if v.OK || v.Failure == nil {
				t.Fatalf("Verify = OK after %v", tt.stmts(&r))
			}
			if want := tt.want(&r); !strings.Contains(v.Failure.Error(), want) {
				t.Fatalf("Verify = %v; want it to say %q", v.Failure, want)
			}
			if tt.ref != nil && !strings.Contains(v.Failure.Error(), tt.ref(&r)) {
				t.Fatalf("Verify = %v; want it to name %s", v.Failure, tt.ref(&r))
			}
		})
	}
}

func fixed(s string) func(*richLedger) string { return func(*richLedger) string { return s } }

func potRef(r *richLedger) string { return string(r.pot.ID) }

func payoutRef(which string) func(*richLedger) string {
	return func(r *richLedger) string {
		return string(map[string]ledger.Payout{"approved": r.approved, "rejected": r.rejected, "held": r.held,
			"paid": r.paid, "reversed": r.reversed}[which].ID)
	}
}

// TestPayRefusesWhatTheJournalDoesNot edits the payouts table so that a
// payment run would pay what it must not, and expects a refusal that names
// the payout, with nothing booked.
func TestPayRefusesWhatTheJournalDoesNot(t *testing.T) {
	base := buildRich(t)
	tests := []struct {
		name string
		stmt func(r *richLedger) string
		who  func(r *richLedger) ledger.PayoutID
		want string
	}{
		{"RejectedMadeApproved", func(r *richLedger) string {
			return `UPDATE payouts SET status = 'approved' WHERE id = '` + string(r.rejected.ID) + `'`
		}, func(r *richLedger) ledger.PayoutID { return r.rejected.ID }, "makes it rejected"},
		{"PendingMadeApproved", func(r *richLedger) string {
			return `UPDATE payouts SET status = 'approved' WHERE id = '` + string(r.held.ID) + `'`
		}, func(r *richLedger) ledger.PayoutID { return r.held.ID }, "makes it pending_approval"},
		{"ReversedMadeApproved", func(r *richLedger) string {
			return `UPDATE payouts SET status = 'approved', reversal_seq = NULL, reversed_by = NULL WHERE id = '` + string(r.reversed.ID) + `'`
		}, func(r *richLedger) ledger.PayoutID { return r.reversed.ID }, "makes it reversed"},
		{"PaidMadeApproved", func(r *richLedger) string {
			return `UPDATE payouts SET status = 'approved' WHERE id = '` + string(r.paid.ID) + `'`
		}, func(r *richLedger) ledger.PayoutID { return r.paid.ID }, "paid it already"},
		{"AmountRaised", func(r *richLedger) string {
			return `UPDATE payouts SET amount = 1200000 WHERE id = '` + string(r.approved.ID) + `'`
		}, func(r *richLedger) ledger.PayoutID { return r.approved.ID }, "its journal approved"},
		{"PayeeIBANChanged", func(r *richLedger) string {
			return `UPDATE payees SET iban = 'NL02ABNA0123456789' WHERE payout_id = '` + string(r.approved.ID) + `'`
		}, func(r *richLedger) ledger.PayoutID { return r.approved.ID }, "payee (name or IBAN)"},
		{"PayeeNameChanged", func(r *richLedger) string {
			return `UPDATE payees SET name = 'Mallory' WHERE payout_id = '` + string(r.approved.ID) + `'`
		}, func(r *richLedger) ledger.PayoutID { return r.approved.ID }, "payee (name or IBAN)"},
		{"UrgencyChanged", func(r *richLedger) string {
			return `UPDATE payouts SET urgency = CASE urgency WHEN 'urgent' THEN 'normal' ELSE 'urgent' END WHERE id = '` + string(r.approved.ID) + `'`
		}, func(r *richLedger) ledger.PayoutID { return r.approved.ID }, "stored request"},
		{"DebtorAccountChanged", func(r *richLedger) string {
			return `UPDATE pots SET debtor_iban = 'NL02ABNA0123456789'`
		}, func(r *richLedger) ledger.PayoutID { return ledger.PayoutID(r.pot.ID) }, "debtor account"},
		{"PassedOffAsOlderThanCoverage", func(r *richLedger) string {
			// The payout row claims a request before coverage began, where
			// payees are not committed to; the journal says otherwise.
			return `UPDATE payouts SET request_seq = 0 WHERE id = '` + string(r.approved.ID) + `';
				UPDATE payees SET salt = NULL, seq = NULL, iban = 'NL02ABNA0123456789' WHERE payout_id = '` + string(r.approved.ID) + `'`
		}, func(r *richLedger) ledger.PayoutID { return r.approved.ID }, "payee"},
		{"PayeeSaltDropped", func(r *richLedger) string {
			return `UPDATE payees SET salt = NULL, seq = NULL, name = 'Mallory' WHERE payout_id = '` + string(r.approved.ID) + `'`
		}, func(r *richLedger) ledger.PayoutID { return r.approved.ID }, "payee"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "ledger.db")
			copyFile(t, base.path, path)
			rawExec(t, path, allTriggers, tt.stmt(base))
			s, err := storage.Open(path, storage.Options{Now: func() time.Time { return ledgertest.Start.AddDate(0, 2, 1) }})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			ctx := context.Background()
			head, _, _ := s.JournalHead(ctx)
			_, err = s.CreatePaymentBatch(ctx, ledgertest.Finance, ledger.NewPaymentBatch{})
			if ledger.ErrorCode(err) != ledger.EINTEGRITY || !strings.Contains(err.Error(), string(tt.who(base))) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("CreatePaymentBatch = %v; want an integrity refusal naming %s (%q)", err, tt.who(base), tt.want)
			}
			if after, _, _ := s.JournalHead(ctx); after != head {
				t.Fatalf("the refused run booked %d transactions", after-head)
			}
		})
	}
	t.Run("UntouchedLedgerPays", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "ledger.db")
		copyFile(t, base.path, path)
		s, err := storage.Open(path, storage.Options{Now: func() time.Time { return ledgertest.Start.AddDate(0, 2, 1) }})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		b, err := s.CreatePaymentBatch(context.Background(), ledgertest.Finance, ledger.NewPaymentBatch{})
		if err != nil || b.Payouts != 1 || b.Items[0].PayoutID != base.approved.ID {
			t.Fatalf("CreatePaymentBatch = %+v, %v; want the approved payout paid", b, err)
		}
		ledgertest.MustVerify(t, s)
	})
}

// TestPaymentBatchIsTheSameOrRefused reads a batch again after edits to
// what its file is made of.
func TestPaymentBatchIsTheSameOrRefused(t *testing.T) {
	// A ledger whose paid payout still has its payee.
	path := filepath.Join(t.TempDir(), "ledger.db")
	s, err := storage.Open(path, storage.Options{Now: func() time.Time { return ledgertest.Start }})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	f := fundedStore(t, s)
	p, err := s.RequestPayout(ctx, ledgertest.Caseworker, ledgertest.ValidRequest(f, 120_00))
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.CreatePaymentBatch(ctx, ledgertest.Finance, ledger.NewPaymentBatch{})
	if err != nil {
		t.Fatal(err)
	}
	again, err := s.PaymentBatch(ctx, b.ID)
	if err != nil || again.Checkpoint.IsZero() || again.Checkpoint != b.Checkpoint {
		t.Fatalf("PaymentBatch = %+v, %v; want the batch with the checkpoint it was made at", again.Checkpoint, err)
	}
	s.Close()
	for name, stmt := range map[string]string{
		"PayeeIBAN":     `UPDATE payees SET iban = 'NL02ABNA0123456789'`,
		"PayeeRef":      `UPDATE payees SET reference = 'Factuur 1'`,
		"ExecutionDate": `UPDATE payment_batches SET execution_date = '2026-12-31'`,
		"CreatedAt":     `UPDATE payment_batches SET created_at = '2026-01-01T00:00:00.000000Z'`,
		"DebtorTown":    `UPDATE payment_groups SET debtor_town = 'Elders'`,
		"ItemAmount":    `UPDATE payment_items SET amount = 1`,
		"Remittance":    `UPDATE payment_batches SET remittance = 1`,
		"Urgency":       `UPDATE payouts SET urgency = CASE urgency WHEN 'urgent' THEN 'normal' ELSE 'urgent' END`,
	} {
		t.Run(name, func(t *testing.T) {
			copyPath := filepath.Join(t.TempDir(), "ledger.db")
			copyFile(t, path, copyPath)
			rawExec(t, copyPath, allTriggers, stmt)
			s, err := storage.Open(copyPath, storage.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			_, err = s.PaymentBatch(ctx, b.ID)
			if ledger.ErrorCode(err) != ledger.EINTEGRITY || !strings.Contains(err.Error(), string(b.ID)) && !strings.Contains(err.Error(), string(p.ID)) {
				t.Fatalf("PaymentBatch = %v; want an integrity refusal", err)
			}
		})
	}
}

// fundedStore gives the store a pot with money and a debtor account.
func fundedStore(t *testing.T, s *ledger.Service) ledger.PotID {
	t.Helper()
	ctx := context.Background()
	partner, err := s.CreatePartner(ctx, ledgertest.Admin, ledger.NewPartner{Name: "Gemeente", Kind: ledger.KindMunicipality})
	if err != nil {
		t.Fatal(err)
	}
	pot, err := s.CreatePot(ctx, ledgertest.Admin, ledger.NewPot{Name: "Pot", Year: 2026, RecoveryPolicy: ledger.PolicyReport, Mandates: ledgertest.Ladder()})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Contribute(ctx, ledgertest.Finance, ledger.NewContribution{PotID: pot.ID, PartnerID: partner.ID, Amount: 10000_00,
		ValueDate: ledger.DateOf(ledgertest.Start), Reference: "Bijdrage"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SetDebtorAccount(ctx, ledgertest.Finance, pot.ID, ledgertest.DebtorAccount(), ""); err != nil {
		t.Fatal(err)
	}
	return pot.ID
}

// TestCheckpointsCatchTruncation deletes the newest transactions with their
// records, which leaves a chain that verifies on its own, and expects the
// checkpoint written down before, and the checkpoint log, to catch it.
func TestCheckpointsCatchTruncation(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ledger.db")
	var log bytes.Buffer
	s, err := storage.Open(path, storage.Options{Now: func() time.Time { return ledgertest.Start },
		AfterCommit: func(cp ledger.Checkpoint) { ledger.WriteCheckpointLine(&log, cp, ledgertest.Start) }})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	pot := fundedStore(t, s)
	var last ledger.Payout
	for i := range 3 {
		if last, err = s.RequestPayout(ctx, ledgertest.Caseworker, ledgertest.ValidRequest(pot, ledger.Cents(100_00+i))); err != nil {
			t.Fatal(err)
		}
	}
	v := ledgertest.MustVerify(t, s)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(strings.TrimSpace(log.String()[strings.LastIndex(strings.TrimSpace(log.String()), "\n")+1:]), v.Checkpoint.String()) {
		t.Fatalf("the checkpoint log ends with %q; want the head %s", log.String(), v.Checkpoint)
	}
	// The newest request goes, with its payout rows and postings, the
	// aggregates are asked to be built anew and the sums of postings are
	// summed again (so they agree with the cut).
	seq := v.HeadSeq
	rawExec(t, path, allTriggers,
		`DELETE FROM fact_index WHERE payout_id = '`+string(last.ID)+`'`,
		`INSERT INTO aggregate_rebuilds (name) VALUES ('payout_facts')`,
		`DELETE FROM payees WHERE payout_id = '`+string(last.ID)+`'`,
		`DELETE FROM payout_deviations WHERE payout_id = '`+string(last.ID)+`'`,
		`DELETE FROM payouts WHERE id = '`+string(last.ID)+`'`,
		`UPDATE accounts SET balance = (SELECT p.balance_after - p.amount FROM postings p WHERE p.account_id = accounts.id AND p.seq = `+itoa(seq)+`)
			WHERE id IN (SELECT account_id FROM postings WHERE seq = `+itoa(seq)+`)`,
		`DELETE FROM postings WHERE seq = `+itoa(seq),
		`DELETE FROM journal WHERE seq = `+itoa(seq),
		`DELETE FROM posting_sums`,
		`INSERT INTO posting_sums (pot_id, month, account_id, kind, category, amount, n)
			SELECT j.pot_id, substr(j.value_date, 1, 7), po.account_id, j.kind, COALESCE(p.category, ''), SUM(po.amount), COUNT(*)
			FROM journal j JOIN postings po ON po.seq = j.seq
			LEFT JOIN payouts p ON p.id = j.ref AND j.kind IN ('payout_approved', 'payout_reversed')
			GROUP BY 1, 2, 3, 4, 5`)
	s, err = storage.Open(path, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if v := ledgertest.MustVerify(t, s); v.HeadSeq != seq-1 {
		t.Fatalf("the cut journal ends at %d; want %d", v.HeadSeq, seq-1)
	}
	for name, opts := range map[string]ledger.VerifyOptions{
		"Checkpoint": {Checkpoints: []ledger.Checkpoint{v.Checkpoint}},
		"Log":        {CheckpointLog: bytes.NewReader(log.Bytes())},
	} {
		t.Run(name, func(t *testing.T) {
			got, err := s.Verify(ctx, opts)
			if err != nil {
				t.Fatal(err)
			}
			if got.OK || got.Failure == nil || !strings.Contains(got.Failure.Error(), "cut back") || !strings.Contains(got.Failure.Error(), itoa(seq)) {
				t.Fatalf("Verify = %+v; want the truncation of transaction %d named", got.Failure, seq)
			}
		})
	}
	t.Run("RewrittenAtTheCheckpoint", func(t *testing.T) {
		wrong := ledger.Checkpoint{Seq: seq - 1, Hash: strings.Repeat("a", 64)}
		got, err := s.Verify(ctx, ledger.VerifyOptions{Checkpoints: []ledger.Checkpoint{wrong}})
		if err != nil {
			t.Fatal(err)
		}
		if got.OK || got.Failure.Seq != seq-1 || !strings.Contains(got.Failure.Problem, "rewritten") {
			t.Fatalf("Verify = %+v; want transaction %d named as rewritten", got.Failure, seq-1)
		}
	})
	t.Run("LogThatGoesBack", func(t *testing.T) {
		bad := log.String() + "3:" + strings.Repeat("b", 64) + "\n"
		got, err := s.Verify(ctx, ledger.VerifyOptions{CheckpointLog: strings.NewReader(bad)})
		if err != nil {
			t.Fatal(err)
		}
		if got.OK || !strings.Contains(got.Failure.Error(), "cut back (or restored") {
			t.Fatalf("Verify = %+v; want the log's step back named", got.Failure)
		}
	})
}

// TestPayeeErasureVerifies erases payees by the erasure and expects the
// ledger to verify, counting them.
func TestPayeeErasureVerifies(t *testing.T) {
	r := buildRich(t)
	v := verifyFile(t, r.path)
	if !v.OK || v.Erased != 3 || v.PreCoverage != 0 {
		t.Fatalf("Verify = %+v; want OK with 3 erased payees", v)
	}
}

// copyFile copies a closed ledger file, with its write-ahead log when
// SQLite left one (a closed store checkpoints it, but may leave the file).
func copyFile(t *testing.T, from, to string) {
	t.Helper()
	for _, suffix := range []string{"", "-wal"} {
		b, err := os.ReadFile(from + suffix)
		if suffix != "" && os.IsNotExist(err) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(to+suffix, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// TestPayRefusesToPayTwice takes a paid payout out of its batch's record
// and marks it approved again: the next payment run must not pay it again.
func TestPayRefusesToPayTwice(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ledger.db")
	s, err := storage.Open(path, storage.Options{Now: func() time.Time { return ledgertest.Start }})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	pot := fundedStore(t, s)
	var paid ledger.Payout
	for i := range 2 {
		if paid, err = s.RequestPayout(ctx, ledgertest.Caseworker, ledgertest.ValidRequest(pot, ledger.Cents(100_00+i))); err != nil {
			t.Fatal(err)
		}
	}
	b, err := s.CreatePaymentBatch(ctx, ledgertest.Finance, ledger.NewPaymentBatch{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.RequestPayout(ctx, ledgertest.Caseworker, ledgertest.ValidRequest(pot, 50_00)); err != nil {
		t.Fatal(err)
	}
	s.Close()
	rawExec(t, path, allTriggers, `DELETE FROM payment_items WHERE payout_id = '`+string(paid.ID)+`'`,
		`UPDATE payment_groups SET payouts = 1, amount = amount - `+itoa(int64(paid.Amount)),
		`UPDATE payment_batches SET payouts = 1, amount = amount - `+itoa(int64(paid.Amount)),
		`UPDATE payouts SET status = 'approved' WHERE id = '`+string(paid.ID)+`'`)
	s, err = storage.Open(path, storage.Options{Now: func() time.Time { return ledgertest.Start }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	_, err = s.CreatePaymentBatch(ctx, ledgertest.Finance, ledger.NewPaymentBatch{})
	if ledger.ErrorCode(err) != ledger.EINTEGRITY || !strings.Contains(err.Error(), string(b.ID)) || !strings.Contains(err.Error(), "taken out of it") {
		t.Fatalf("CreatePaymentBatch = %v; want a refusal naming batch %s", err, b.ID)
	}
}
