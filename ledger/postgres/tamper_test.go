package postgres_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/ledgertest"
	"github.com/ontschot/ontschot/ledger/storage"
)

// tampered is a small ledger on PostgreSQL, closed, for a test to change
// behind the service's back: a funded pot, two payouts approved at once
// and one held and approved by the team lead.
type tampered struct {
	dsn     string
	payouts []ledger.Payout
	// approvals are the transactions that booked each payout's approval.
	approvals []int64
}

func seedTampered(t *testing.T) *tampered {
	t.Helper()
	x := &tampered{dsn: newDSN(t, ledgertest.Start)}
	s, err := storage.Open(x.dsn, storage.Options{Now: func() time.Time { return ledgertest.Start }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	partner, err := s.CreatePartner(ctx, ledgertest.Admin, ledger.NewPartner{Name: "Gemeente", Kind: ledger.KindMunicipality})
	if err != nil {
		t.Fatal(err)
	}
	pot, err := s.CreatePot(ctx, ledgertest.Admin, ledger.NewPot{Name: "Pot", Year: 2026, RecoveryPolicy: ledger.PolicyRefund, Mandates: ledgertest.Ladder()})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Contribute(ctx, ledgertest.Finance, ledger.NewContribution{PotID: pot.ID, PartnerID: partner.ID, Amount: 50000_00,
		ValueDate: ledger.DateOf(ledgertest.Start), Reference: "Bijdrage"}); err != nil {
		t.Fatal(err)
	}
	for _, amount := range []ledger.Cents{100_00, 200_00, 3000_00} {
		p, err := s.RequestPayout(ctx, ledgertest.Caseworker, ledgertest.ValidRequest(pot.ID, amount))
		if err != nil {
			t.Fatal(err)
		}
		x.payouts = append(x.payouts, p)
	}
	if _, err := s.DecidePayout(ctx, ledgertest.Teamlead, ledger.Decision{PayoutID: x.payouts[2].ID, Outcome: ledger.OutcomeApprove, Note: "akkoord"}); err != nil {
		t.Fatal(err)
	}
	txs, err := s.Journal(ctx, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range x.payouts {
		var seq int64
		for _, tx := range txs {
			if tx.Kind == ledger.TxPayoutApproved && tx.Ref == string(p.ID) {
				seq = tx.Seq
			}
		}
		if seq == 0 {
			t.Fatalf("no approval of payout %s in the journal", p.ID)
		}
		x.approvals = append(x.approvals, seq)
	}
	ledgertest.MustVerify(t, s)
	return x
}

// TestVerifyNamesTamperingOnPostgres changes rows with SQL behind the
// service's back, as anyone who owns the database can (switching off the
// append-only triggers first), and expects Verify to name the failure
// exactly as it does on SQLite: the checks are the same code over either
// engine's reads.
func TestVerifyNamesTamperingOnPostgres(t *testing.T) {
	tests := []struct {
		name string
		// change returns the statements to run, and the failure Verify
		// must report.
		change func(x *tampered) ([]string, ledger.VerifyFailure)
	}{
		{"PostingAmountChanged", func(x *tampered) ([]string, ledger.VerifyFailure) {
			seq := x.approvals[0]
			return []string{
					`ALTER TABLE postings DISABLE TRIGGER USER`,
					fmt.Sprintf(`UPDATE postings SET amount = amount + 1000 WHERE seq = %d AND n = 0`, seq),
				}, ledger.VerifyFailure{Seq: seq, Kind: ledger.TxPayoutApproved, Ref: string(x.payouts[0].ID),
					Problem: "its content no longer matches its hash " + short(t, x, seq) + ": it was changed after it was written"}
		}},
		{"PayoutAmountChanged", func(x *tampered) ([]string, ledger.VerifyFailure) {
			p := x.payouts[1]
			return []string{fmt.Sprintf(`UPDATE payouts SET amount = 99 WHERE id = '%s'`, p.ID)},
				ledger.VerifyFailure{Seq: x.approvals[1], Ref: string(p.ID),
					Problem: fmt.Sprintf("the stored request of payout %s (amount, case reference or weighing) no longer matches the digest the journal recorded", p.ID)}
		}},
		{"PayoutRowDeleted", func(x *tampered) ([]string, ledger.VerifyFailure) {
			p := x.payouts[1]
			return []string{
					// The aggregates' list refers to the payout too.
					fmt.Sprintf(`DELETE FROM fact_index WHERE payout_id = '%s'`, p.ID),
					fmt.Sprintf(`DELETE FROM payees WHERE payout_id = '%s'`, p.ID),
					fmt.Sprintf(`DELETE FROM payout_deviations WHERE payout_id = '%s'`, p.ID),
					fmt.Sprintf(`DELETE FROM payouts WHERE id = '%s'`, p.ID),
				}, ledger.VerifyFailure{Seq: x.approvals[1], Kind: ledger.TxPayoutApproved, Ref: string(p.ID),
					Problem: "the record it booked is gone from the file: it was deleted outside ontschot"}
		}},
		{"PayeeIBANChanged", func(x *tampered) ([]string, ledger.VerifyFailure) {
			p := x.payouts[0]
			return []string{fmt.Sprintf(`UPDATE payees SET iban = 'NL02ABNA0123456789' WHERE payout_id = '%s'`, p.ID)},
				ledger.VerifyFailure{Seq: x.approvals[0], Ref: string(p.ID),
					Problem: fmt.Sprintf("the payee (name or IBAN) of payout %s no longer matches the digest transaction %d recorded for it", p.ID, x.approvals[0])}
		}},
		{"DecisionTransactionDeleted", func(x *tampered) ([]string, ledger.VerifyFailure) {
			// The team lead's approval, the last transaction, goes with
			// its postings: the chain that is left verifies, but the
			// payout still points to it.
			p, seq := x.payouts[2], x.approvals[2]
			return []string{
					`ALTER TABLE postings DISABLE TRIGGER USER`, `ALTER TABLE journal DISABLE TRIGGER USER`,
					`ALTER TABLE payouts DROP CONSTRAINT payouts_decision_seq_fkey`,
					fmt.Sprintf(`DELETE FROM postings WHERE seq = %d`, seq), fmt.Sprintf(`DELETE FROM journal WHERE seq = %d`, seq),
				}, ledger.VerifyFailure{Seq: seq, Ref: string(p.ID),
					Problem: fmt.Sprintf("payout %s refers to transaction %d as its decision, but the journal has no such transaction", p.ID, seq)}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := seedTampered(t)
			stmts, want := tt.change(x)
			db := mustSQL(t, x.dsn)
			for _, stmt := range stmts {
				if _, err := db.Exec(stmt); err != nil {
					t.Fatalf("%s: %v", stmt, err)
				}
			}
			s := mustOpen(t, x.dsn, time.Now)
			v, err := s.Verify(context.Background(), ledger.VerifyOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if v.OK || v.Failure == nil || *v.Failure != want {
				t.Fatalf("Verify = %+v\nwant the failure %+v", v.Failure, want)
			}
		})
	}
}

// short returns the abbreviated hash of transaction seq, as a failure
// names it.
func short(t *testing.T, x *tampered, seq int64) string {
	t.Helper()
	s, err := storage.Open(x.dsn, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	txs, err := s.Journal(context.Background(), seq-1, 1)
	if err != nil || len(txs) != 1 {
		t.Fatalf("Journal(%d) = %v, %v", seq-1, txs, err)
	}
	return txs[0].Hash[:12] + "…"
}
