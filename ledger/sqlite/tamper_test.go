package sqlite_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/ledgertest"
	"github.com/ontschot/ontschot/ledger/sqlite"
	"github.com/ontschot/ontschot/ledger/storage"
)

// seeded writes a small ledger to a new file and returns its path, the
// transactions and the payouts, with the store closed.
func seeded(t *testing.T) (string, []ledger.Transaction, []ledger.Payout) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "ledger.db")
	clock := ledgertest.NewClock(ledgertest.Start)
	s, err := storage.Open(path, storage.Options{Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
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
		ValueDate: ledger.DateOf(clock.Now()), Reference: "Bijdrage"}); err != nil {
		t.Fatal(err)
	}
	var payouts []ledger.Payout
	for _, amount := range []ledger.Cents{100_00, 3000_00, 200_00, 400_00} {
		p, err := s.RequestPayout(ctx, ledgertest.Caseworker, ledgertest.ValidRequest(pot.ID, amount))
		if err != nil {
			t.Fatal(err)
		}
		payouts = append(payouts, p)
	}
	if _, err := s.DecidePayout(ctx, ledgertest.Teamlead, ledger.Decision{PayoutID: payouts[1].ID, Outcome: ledger.OutcomeApprove, Note: "akkoord"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ReversePayout(ctx, ledgertest.Finance, ledger.Reversal{PayoutID: payouts[2].ID, Reason: "dubbel ingediend"}); err != nil {
		t.Fatal(err)
	}
	txs, err := s.Journal(ctx, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	ledgertest.MustVerify(t, s)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return path, txs, payouts
}

// rawExec changes the file behind the store's back, as an attacker with
// access to the file could: with the append-only triggers dropped.
func rawExec(t *testing.T, path string, stmts ...string) {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

const dropTriggers = `DROP TRIGGER journal_no_update; DROP TRIGGER journal_no_delete; DROP TRIGGER postings_no_update;
	DROP TRIGGER postings_no_delete; DROP TRIGGER contributions_no_update`

func verifyFile(t *testing.T, path string) ledger.Verification {
	t.Helper()
	s, err := storage.Open(path, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	v, err := s.Verify(context.Background(), ledger.VerifyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestJournalIsAppendOnly(t *testing.T) {
	path, txs, _ := seeded(t)
	db, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var posted int64 // a transaction with postings
	for _, tx := range txs {
		if len(tx.Postings) > 0 {
			posted = tx.Seq
			break
		}
	}
	for _, stmt := range []string{
		`UPDATE journal SET actor = 'mallory' WHERE seq = 3`,
		`DELETE FROM journal WHERE seq = 7`,
		`UPDATE postings SET amount = 1 WHERE seq = ` + itoa(posted),
		`DELETE FROM postings WHERE seq = ` + itoa(posted),
		`UPDATE contributions SET amount = 1`,
		`DELETE FROM closed_periods`,
	} {
		_, err := db.Exec(stmt)
		if err == nil && !strings.HasPrefix(stmt, "DELETE FROM closed_periods") {
			t.Errorf("%s: accepted; want refused by the append-only triggers", stmt)
		}
		if err != nil && !strings.Contains(err.Error(), "append-only") && !strings.Contains(err.Error(), "booked") {
			t.Errorf("%s: error %v does not explain the refusal", stmt, err)
		}
	}
	if v := verifyFile(t, path); !v.OK {
		t.Fatalf("journal no longer verifies after refused changes: %v", v.Failure)
	}
}

func TestVerifyNamesTheTamperedTransaction(t *testing.T) {
	seqOf := func(txs []ledger.Transaction, kind ledger.TxKind, ref string) int64 {
		for _, tx := range txs {
			if tx.Kind == kind && (ref == "" || tx.Ref == ref) {
				return tx.Seq
			}
		}
		t.Fatalf("no %s transaction for %q", kind, ref)
		return 0
	}
	tests := []struct {
		name string
		// change returns the statements to run and the seq Verify must name.
		change func(txs []ledger.Transaction, ps []ledger.Payout) ([]string, int64)
		want   string
	}{
		{"ActorChanged", func(txs []ledger.Transaction, ps []ledger.Payout) ([]string, int64) {
			return []string{`UPDATE journal SET actor = 'mallory' WHERE seq = 5`}, 5
		}, "changed after it was written"},
		{"PostingAmountChanged", func(txs []ledger.Transaction, ps []ledger.Payout) ([]string, int64) {
			seq := seqOf(txs, ledger.TxPayoutApproved, string(ps[0].ID))
			return []string{`UPDATE postings SET amount = amount + 1000 WHERE seq = ` + itoa(seq) + ` AND n = 0`}, seq
		}, "changed after it was written"},
		{"BalancedForgeryWithRehash", func(txs []ledger.Transaction, ps []ledger.Payout) ([]string, int64) {
			// A forger who moves both postings and fixes the balances
			// recomputes nothing: the hash still gives it away.
			seq := seqOf(txs, ledger.TxPayoutApproved, string(ps[0].ID))
			return []string{`UPDATE postings SET amount = amount * 2, balance_after = balance_after * 2 WHERE seq = ` + itoa(seq)}, seq
		}, "changed after it was written"},
		{"TransactionDeleted", func(txs []ledger.Transaction, ps []ledger.Payout) ([]string, int64) {
			// The teamlead's decision: the payout still points to it.
			seq := itoa(seqOf(txs, ledger.TxPayoutApproved, string(ps[1].ID)))
			return []string{`PRAGMA foreign_keys = OFF`, `DELETE FROM postings WHERE seq = ` + seq, `DELETE FROM journal WHERE seq = ` + seq}, seqOf(txs, ledger.TxPayoutApproved, string(ps[1].ID))
		}, "no such transaction"},
		{"LastTransactionsOfAnAccountDeleted", func(txs []ledger.Transaction, ps []ledger.Payout) ([]string, int64) {
			// The reversal is the last transaction: the chain alone cannot
			// see a shortened tail, but the running balances and the payout can.
			seq := txs[len(txs)-1].Seq
			if txs[len(txs)-1].Kind != ledger.TxPayoutReversed {
				t.Fatalf("the last transaction is a %s; want the reversal", txs[len(txs)-1].Kind)
			}
			return []string{`PRAGMA foreign_keys = OFF`, `DELETE FROM postings WHERE seq = ` + itoa(seq), `DELETE FROM journal WHERE seq = ` + itoa(seq)}, seq
		}, "no such transaction"},
		{"HashReplaced", func(txs []ledger.Transaction, ps []ledger.Payout) ([]string, int64) {
			return []string{`UPDATE journal SET hash = '` + strings.Repeat("0", 64) + `' WHERE seq = 4`}, 4
		}, "changed after it was written"},
		{"AccountBalanceChanged", func(txs []ledger.Transaction, ps []ledger.Payout) ([]string, int64) {
			return []string{`UPDATE accounts SET balance = balance + 100000 WHERE name LIKE '%:bank'`},
				seqOf(txs, ledger.TxContribution, "")
		}, "changed outside the journal"},
		{"PayoutAmountChanged", func(txs []ledger.Transaction, ps []ledger.Payout) ([]string, int64) {
			return []string{`UPDATE payouts SET amount = 99 WHERE id = '` + string(ps[3].ID) + `'`},
				seqOf(txs, ledger.TxPayoutApproved, string(ps[3].ID))
		}, "no longer matches the digest"},
		{"WeighingChanged", func(txs []ledger.Transaction, ps []ledger.Payout) ([]string, int64) {
			return []string{`UPDATE payouts SET situation = 'iets anders' WHERE id = '` + string(ps[1].ID) + `'`},
				seqOf(txs, ledger.TxPayoutHeld, string(ps[1].ID))
		}, "no longer matches the digest"},
		{"DeciderChanged", func(txs []ledger.Transaction, ps []ledger.Payout) ([]string, int64) {
			return []string{`UPDATE payouts SET decided_by = 'mallory' WHERE id = '` + string(ps[1].ID) + `'`},
				seqOf(txs, ledger.TxPayoutApproved, string(ps[1].ID))
		}, "no longer matches the digest"},
		{"ContributionChanged", func(txs []ledger.Transaction, ps []ledger.Payout) ([]string, int64) {
			return []string{`UPDATE contributions SET reference = 'anders'`}, seqOf(txs, ledger.TxContribution, "")
		}, "no longer matches the digest"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path, txs, ps := seeded(t)
			stmts, seq := tt.change(txs, ps)
			rawExec(t, path, append([]string{dropTriggers}, stmts...)...)
			v := verifyFile(t, path)
			if v.OK || v.Failure == nil {
				t.Fatalf("Verify = OK after %v", stmts)
			}
			if v.Failure.Seq != seq || !strings.Contains(v.Failure.Problem, tt.want) {
				t.Fatalf("Verify names %d (%s); want %d with %q", v.Failure.Seq, v.Failure.Problem, seq, tt.want)
			}
		})
	}
	t.Run("PayeeBlankedByHandIsNamed", func(t *testing.T) {
		// Payee data are outside the chain (they can be erased), but the
		// chain commits to them: blanking one by hand, even marked as
		// erased, is not an erasure.
		path, _, ps := seeded(t)
		rawExec(t, path, `UPDATE payees SET name = '', iban = '', erased_at = '2026-03-01T00:00:00.000000Z', salt = NULL WHERE payout_id = '`+string(ps[0].ID)+`'`)
		v := verifyFile(t, path)
		if v.OK || !strings.Contains(v.Failure.Problem, "no erasure in the journal erased it") || v.Failure.Ref != string(ps[0].ID) {
			t.Fatalf("Verify = %+v; want payout %s named as erased without an erasure", v.Failure, ps[0].ID)
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestReopen(t *testing.T) {
	path, txs, _ := seeded(t)
	s, err := storage.Open(path, storage.Options{Now: func() time.Time { return ledgertest.Start }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	if v, err := s.SchemaVersion(ctx); err != nil || v != sqlite.LatestSchemaVersion() || v < 2 {
		t.Fatalf("SchemaVersion = %d, %v; want %d", v, err, sqlite.LatestSchemaVersion())
	}
	pots, err := s.Pots(ctx)
	if err != nil || len(pots) != 1 {
		t.Fatalf("Pots = %v, %v", pots, err)
	}
	// New bookings continue the chain where it ended.
	if _, err := s.RequestPayout(ctx, ledgertest.Caseworker, ledgertest.ValidRequest(pots[0].ID, 10_00)); err != nil {
		t.Fatal(err)
	}
	v := ledgertest.MustVerify(t, s)
	if v.Transactions != int64(len(txs))+1 {
		t.Fatalf("%d transactions after reopening; want %d", v.Transactions, len(txs)+1)
	}
}

func TestOpenErrors(t *testing.T) {
	if _, err := storage.Open(filepath.Join(t.TempDir(), "missing", "ledger.db"), storage.Options{}); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Fatalf("Open in a missing directory = %v; want an error naming the directory", err)
	}
	path, _, _ := seeded(t)
	rawExec(t, path, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 'x')`)
	if _, err := storage.Open(path, storage.Options{}); err == nil || !strings.Contains(err.Error(), "newer") {
		t.Fatalf("Open of a newer schema = %v; want a refusal", err)
	}
}

func openRaw(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	return db
}
