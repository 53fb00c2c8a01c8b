package sqlite

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/sqlengine"
)

// oldLedger writes a file as the release before coverage left it (schema
// version 7): a pot with money, a payout paid in a batch with the old
// payment digest and one approved and unpaid, neither with a payee digest,
// and a stored answer. Its transactions are booked by hand with the old
// canonical form, which is what that release wrote.
func oldLedger(t *testing.T) (path string, paid, unpaid ledger.PayoutID) {
	t.Helper()
	path = filepath.Join(t.TempDir(), "old.db")
	db, err := sql.Open("sqlite3", dsn(path, nil))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	ctx := context.Background()
	at := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	if err := migrate(ctx, db, func() time.Time { return at }, 7); err != nil {
		t.Fatal(err)
	}
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := db.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	pot := ledger.PotID(ledger.NewID(ledger.PotPrefix, at))
	partner := ledger.PartnerID(ledger.NewID(ledger.PartnerPrefix, at))
	exec(`INSERT INTO partners (id, name, kind, created_at) VALUES (?, 'Gemeente', 'municipality', ?)`, string(partner), sqlengine.FormatTime(at))
	exec(`INSERT INTO pots (id, name, year, recovery_policy, regret_threshold_bp, created_at, debtor_name, debtor_iban, debtor_bic, debtor_town, debtor_country)
		VALUES (?, 'Pot', 2026, 'report', 2000, ?, 'Gemeente Leeuwarden', 'NL11BNGH0002220001', 'BNGHNL2G', 'Leeuwarden', 'NL')`, string(pot), sqlengine.FormatTime(at))
	exec(`INSERT INTO mandate_levels (pot_id, rank, role, limit_cents) VALUES (?, 0, 'caseworker', 150000), (?, 1, 'alderman', NULL)`, string(pot), string(pot))
	exec(`INSERT INTO pot_partners (pot_id, partner_id, pledged) VALUES (?, ?, 0)`, string(pot), string(partner))
	seq, hash := int64(0), ledger.GenesisHash
	balances := map[string]ledger.Cents{}
	ids := map[string]int64{}
	book := func(tx ledger.Transaction) int64 {
		t.Helper()
		seq++
		tx.Seq, tx.PrevHash, tx.RecordedAt, tx.ValueDate, tx.PotID = seq, hash, at, ledger.DateOf(at), pot
		for i := range tx.Postings {
			p := &tx.Postings[i]
			balances[p.Account] += p.Amount
			p.BalanceAfter = balances[p.Account]
		}
		tx.Hash = tx.ComputeHash()
		exec(`INSERT INTO journal (seq, kind, ref, pot_id, value_date, recorded_at, actor, actor_role, memo, digest, reverses, prev_hash, hash)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)`, tx.Seq, string(tx.Kind), tx.Ref, string(tx.PotID), tx.ValueDate.String(),
			sqlengine.FormatTime(tx.RecordedAt), tx.Actor, string(tx.ActorRole), tx.Memo, tx.Digest, tx.PrevHash, tx.Hash)
		for i, p := range tx.Postings {
			id, ok := ids[p.Account]
			if !ok {
				if err := db.QueryRowContext(ctx, `INSERT INTO accounts (name, pot_id) VALUES (?, ?) RETURNING id`, p.Account, string(pot)).Scan(&id); err != nil {
					t.Fatal(err)
				}
				ids[p.Account] = id
			}
			exec(`INSERT INTO postings (seq, n, account_id, amount, balance_after) VALUES (?, ?, ?, ?, ?)`, tx.Seq, i, id, int64(p.Amount), int64(p.BalanceAfter))
			exec(`UPDATE accounts SET balance = ? WHERE id = ?`, int64(p.BalanceAfter), id)
		}
		hash = tx.Hash
		return tx.Seq
	}
	c := ledger.Contribution{ID: ledger.ContributionID(ledger.NewID(ledger.ContributionPrefix, at)), PotID: pot, PartnerID: partner,
		Amount: 1000_00, ValueDate: ledger.DateOf(at), Reference: "Bijdrage"}
	cseq := book(ledger.Transaction{Kind: ledger.TxContribution, Ref: string(c.ID), Actor: "fien", ActorRole: ledger.RoleFinance,
		Digest: ledger.ContributionDigest(&c), Postings: ledger.ContributionPostings(pot, partner, c.Amount)})
	exec(`INSERT INTO contributions (id, pot_id, partner_id, amount, value_date, reference, recorded_by, recorded_at, seq) VALUES (?, ?, ?, ?, ?, ?, 'fien', ?, ?)`,
		string(c.ID), string(pot), string(partner), int64(c.Amount), c.ValueDate.String(), c.Reference, sqlengine.FormatTime(at), cseq)
	level := ledger.MandateLevel{Role: ledger.RoleCaseworker, Limit: 1500_00}
	request := func(n int, amount ledger.Cents) ledger.PayoutID {
		id := ledger.PayoutID(ledger.NewID(ledger.PayoutPrefix, at.Add(time.Duration(n)*time.Millisecond)))
		p := ledger.Payout{ID: id, PotID: pot, Amount: amount, CaseRef: "WIJK-2026-0001", Category: "rent_arrears", Urgency: ledger.UrgencyNormal,
			RequestedBy: "carla", RequestedRole: ledger.RoleCaseworker, PaidTo: ledger.PaidToProvider, SpendingBound: true,
			Justification: ledger.Justification{Situation: "Huurachterstand van drie maanden.", Severity: 3, ResidentInvolvement: "werkt mee",
				ExpectedReturn: "woning behouden", DeviatesFrom: []string{"regel"}, RegularRouteTried: "bijstand", StuckSince: ledger.NewDate(2026, 1, 1)}}
		salt := []byte("0123456789abcdef")
		d := &ledger.PayoutDecision{Outcome: ledger.OutcomeApprove, By: "carla", Role: ledger.RoleCaseworker, At: at, Mandate: level, OwnMandate: true}
		rseq := book(ledger.Transaction{Kind: ledger.TxPayoutApproved, Ref: string(id), Actor: "carla", ActorRole: ledger.RoleCaseworker,
			Memo: ledger.DecisionMemo(d), Digest: ledger.RequestDigest(salt, &p), Postings: ledger.ApprovalPostings(pot, amount, false)})
		j := p.Justification
		exec(`INSERT INTO payouts (request_seq, id, pot_id, amount, case_ref, category, urgency, situation, severity, resident_involvement, expected_return,
				regular_route_tried, stuck_since, salt, status, requested_by, requested_role, requested_at, value_date,
				decision, decided_by, decided_role, decided_at, decision_note, decision_limit, own_mandate, decision_seq)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'approved', 'carla', 'caseworker', ?, ?, 'approve', 'carla', 'caseworker', ?, '', 150000, 1, ?)`,
			rseq, string(id), string(pot), int64(amount), p.CaseRef, p.Category, string(p.Urgency), j.Situation, j.Severity, j.ResidentInvolvement,
			j.ExpectedReturn, j.RegularRouteTried, j.StuckSince.String(), salt, sqlengine.FormatTime(at), ledger.DateOf(at).String(), sqlengine.FormatTime(at), rseq)
		exec(`INSERT INTO payout_deviations (payout_id, n, rule) VALUES (?, 0, 'regel')`, string(id))
		exec(`INSERT INTO payees (payout_id, name, iban) VALUES (?, 'Woonstichting De Kern', 'NL91ABNA0417164300')`, string(id))
		return id
	}
	paid, unpaid = request(1, 100_00), request(2, 200_00)
	batch := ledger.PaymentBatchID(ledger.NewID(ledger.PaymentBatchPrefix, at))
	debtor := ledger.DebtorAccount{Name: "Gemeente Leeuwarden", IBAN: "NL11BNGH0002220001", BIC: "BNGHNL2G", Town: "Leeuwarden", Country: "NL"}
	pseq := book(ledger.Transaction{Kind: ledger.TxPaid, Ref: string(batch), Actor: "fien", ActorRole: ledger.RoleFinance,
		Digest: ledger.PaymentDigestV1(batch, debtor, []ledger.PaymentItem{{PayoutID: paid, Amount: 100_00}}), Postings: ledger.PaymentPostings(pot, 100_00)})
	exec(`INSERT INTO payment_batches (id, created_at, created_by, execution_date, payouts, amount) VALUES (?, ?, 'fien', ?, 1, 10000)`,
		string(batch), sqlengine.FormatTime(at), ledger.DateOf(at).String())
	exec(`INSERT INTO payment_groups (batch_id, pot_id, debtor_name, debtor_iban, debtor_bic, debtor_town, debtor_country, payouts, amount, seq)
		VALUES (?, ?, 'Gemeente Leeuwarden', 'NL11BNGH0002220001', 'BNGHNL2G', 'Leeuwarden', 'NL', 1, 10000, ?)`, string(batch), string(pot), pseq)
	exec(`INSERT INTO payment_items (payout_id, batch_id, n, amount) VALUES (?, ?, 0, 10000)`, string(paid), string(batch))
	exec(`UPDATE payouts SET status = 'paid' WHERE id = ?`, string(paid))
	exec(`INSERT INTO idempotency_keys (actor, key, operation, fingerprint, result, created_at) VALUES ('carla', 'k1', 'request_payout', x'00', '{}', ?)`, sqlengine.FormatTime(at))
	exec(`INSERT INTO users (name, role, created_at) VALUES ('fien', 'finance', ?)`, sqlengine.FormatTime(at))
	return path, paid, unpaid
}

// serviceOver opens the ledger service over the file's engine, as
// storage.Open does.
func serviceOver(t *testing.T, path string, now func() time.Time) *ledger.Service {
	t.Helper()
	engine, err := Open(path, Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	s := ledger.New(engine, ledger.Options{Now: now})
	if err := s.BuildAggregates(context.Background()); err != nil {
		t.Fatal(err)
	}
	return s
}

// coverageBegan returns the sequence number of the coverage_began
// transactions in the journal.
func coverageBegan(t *testing.T, svc *ledger.Service) []int64 {
	t.Helper()
	var seqs []int64
	err := svc.Engine().Read(context.Background(), func(tx ledger.ReadTx) error {
		return tx.Transactions(ledger.TxFilter{Kinds: []ledger.TxKind{ledger.TxCoverageBegan}}, func(t *ledger.Transaction) error {
			seqs = append(seqs, t.Seq)
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return seqs
}

// TestUpgradeBeginsCoverage opens a file written before coverage: the
// migration books the baseline once, the old records verify (their payees
// counted as predating coverage), old payouts can still be paid, and what
// is added by hand after the upgrade is named.
func TestUpgradeBeginsCoverage(t *testing.T) {
	path, paid, unpaid := oldLedger(t)
	ctx := context.Background()
	now := func() time.Time { return time.Date(2026, 3, 11, 9, 0, 0, 0, time.UTC) }
	svc := serviceOver(t, path, now)
	v, err := svc.Verify(ctx, ledger.VerifyOptions{})
	// The paid payout's payee predates coverage; the unpaid one's was
	// committed to when coverage began, since it can still be paid.
	if err != nil || !v.OK || v.PreCoverage != 1 {
		t.Fatalf("Verify after the upgrade = %+v, %v; want OK with 1 payee predating coverage", v, err)
	}
	if got := coverageBegan(t, svc); len(got) != 1 || got[0] != 5 { // the contribution, two requests and the payment came before
		t.Fatalf("coverage began at %v; want 5", got)
	}
	// A payee committed to at the upgrade and changed afterwards stops the
	// payment run, like any other.
	raw, err := sql.Open("sqlite3", dsn(path, nil))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`UPDATE payees SET iban = 'NL02ABNA0123456789' WHERE payout_id = ?`, string(unpaid)); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.CreatePaymentBatch(ctx, ledger.Actor{User: "fien", Role: ledger.RoleFinance}, ledger.NewPaymentBatch{}); ledger.ErrorCode(err) != ledger.EINTEGRITY {
		t.Fatalf("paying a payee changed after the upgrade: %v; want a refusal", err)
	}
	if _, err := raw.Exec(`UPDATE payees SET iban = 'NL91ABNA0417164300' WHERE payout_id = ?`, string(unpaid)); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	b, err := svc.CreatePaymentBatch(ctx, ledger.Actor{User: "fien", Role: ledger.RoleFinance}, ledger.NewPaymentBatch{})
	if err != nil || b.Payouts != 1 || b.Items[0].PayoutID != unpaid {
		t.Fatalf("paying the old approved payout = %+v, %v", b, err)
	}
	if _, err := svc.PaymentBatch(ctx, b.ID); err != nil {
		t.Fatalf("reading the new batch: %v", err)
	}
	old, err := svc.PaymentBatches(ctx, ledger.PaymentBatchFilter{})
	if err != nil || len(old.Batches) != 2 {
		t.Fatalf("PaymentBatches = %d, %v", len(old.Batches), err)
	}
	for _, ob := range old.Batches {
		if _, err := svc.PaymentBatch(ctx, ob.ID); err != nil {
			t.Fatalf("reading batch %s (paid %s before coverage): %v", ob.ID, paid, err)
		}
	}
	if v, err := svc.Verify(ctx, ledger.VerifyOptions{}); err != nil || !v.OK {
		t.Fatalf("Verify after paying = %+v, %v", v.Failure, err)
	}
	if err := svc.Close(); err != nil {
		t.Fatal(err)
	}
	// Opening again books no second baseline.
	svc = serviceOver(t, path, time.Now)
	if got := coverageBegan(t, svc); len(got) != 1 || got[0] != 5 {
		t.Fatalf("coverage began at %v after reopening; want 5 only", got)
	}
	svc.Close()
	db, err := sql.Open("sqlite3", dsn(path, nil))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO users (name, role, created_at) VALUES ('mallory', 'admin', '2026-01-01T00:00:00.000000Z')`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	svc = serviceOver(t, path, time.Now)
	defer svc.Close()
	v, err = svc.Verify(ctx, ledger.VerifyOptions{})
	if err != nil || v.OK || !strings.Contains(v.Failure.Error(), "user mallory") {
		t.Fatalf("Verify after a user was added by hand = %+v, %v; want the user named", v.Failure, err)
	}
}

// TestUpgradeAddsPayeeReference opens a file that passed migration 8 before
// migration 8 gave the payees their reference column: migration 24 adds it,
// and a payee's reference is then kept and read back. (A file made by this
// release has the column from migration 8, whose seed reads it.)
func TestUpgradeAddsPayeeReference(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := sql.Open("sqlite3", dsn(path, nil))
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	ctx := context.Background()
	at := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	if err := migrate(ctx, db, func() time.Time { return at }, 23); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, `ALTER TABLE payees DROP COLUMN reference`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	svc := serviceOver(t, path, func() time.Time { return at })
	defer svc.Close()
	pot, err := svc.CreatePot(ctx, ledger.Actor{User: "beheer", Role: ledger.RoleAdmin}, ledger.NewPot{Name: "Pot", Year: 2026, RecoveryPolicy: ledger.PolicyReport,
		Mandates: []ledger.MandateLevel{{Role: ledger.RoleCaseworker, Limit: 1500_00}, {Role: ledger.RoleAlderman, Unlimited: true}}})
	if err != nil {
		t.Fatal(err)
	}
	partner, err := svc.CreatePartner(ctx, ledger.Actor{User: "beheer", Role: ledger.RoleAdmin}, ledger.NewPartner{Name: "Gemeente", Kind: ledger.KindMunicipality})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Contribute(ctx, ledger.Actor{User: "fien", Role: ledger.RoleFinance}, ledger.NewContribution{PotID: pot.ID, PartnerID: partner.ID, Amount: 1000_00,
		ValueDate: ledger.DateOf(at), Reference: "Bijdrage"}); err != nil {
		t.Fatal(err)
	}
	r := ledger.PayoutRequest{PotID: pot.ID, Amount: 100_00, Payee: ledger.Payee{Name: "Woonstichting De Kern", IBAN: "NL91ABNA0417164300", Reference: "Huurcontract 88123"},
		CaseRef: "WIJK-2026-0001", Category: "rent_arrears",
		Justification: ledger.Justification{Situation: "Huurachterstand van drie maanden.", Severity: 3, ResidentInvolvement: "werkt mee",
			ExpectedReturn: "woning behouden", DeviatesFrom: []string{"regel"}, RegularRouteTried: "bijstand", StuckSince: ledger.NewDate(2026, 1, 1)}}
	p, err := svc.RequestPayout(ctx, ledger.Actor{User: "carla", Role: ledger.RoleCaseworker}, r)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := svc.Payout(ctx, p.ID); err != nil || got.Payee.Reference != "Huurcontract 88123" {
		t.Fatalf("the payee's reference after the upgrade = %q, %v", got.Payee.Reference, err)
	}
	if v, err := svc.Verify(ctx, ledger.VerifyOptions{}); err != nil || !v.OK {
		t.Fatalf("Verify after the upgrade = %+v, %v", v.Failure, err)
	}
	var n int
	raw, err := sql.Open("sqlite3", dsn(path, nil))
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if err := raw.QueryRow(`SELECT COUNT(*) FROM pragma_table_info('payees') WHERE name = 'reference'`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("payees.reference after the upgrade: %d columns, %v", n, err)
	}
}
