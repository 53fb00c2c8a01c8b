package sqlite_test

import (
	"context"
	"testing"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/ledgertest"
	"github.com/ontschot/ontschot/ledger/storage"
)

// seededReallocation extends the seeded ledger with an allocation that was
// corrected, a settlement and an evaluation, and returns what they booked.
func seededReallocation(t *testing.T) (string, map[string]int64) {
	t.Helper()
	path, _, ps := seeded(t)
	clock := ledgertest.NewClock(ledgertest.Start)
	s, err := storage.Open(path, storage.Options{Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	if _, err := s.CreateParty(ctx, ledgertest.Finance, ledger.NewParty{Name: "UWV", Kind: ledger.PartyGovernmentAgency}); err != nil {
		t.Fatal(err)
	}
	seqs := map[string]int64{}
	first, err := s.Allocate(ctx, ledgertest.Finance, ledger.AllocationRequest{PayoutID: ps[0].ID,
		Lines: []ledger.AllocationLine{{Target: "wmo", Taakveld: "6.712", Amount: 70_00}, {Target: "party", PartyName: "UWV", Amount: 30_00}}})
	if err != nil {
		t.Fatal(err)
	}
	seqs["allocation1"] = first.JournalSeq
	second, err := s.Allocate(ctx, ledgertest.Finance, ledger.AllocationRequest{PayoutID: ps[0].ID, Note: "UWV betaalt de helft",
		Lines: []ledger.AllocationLine{{Target: "wmo", Taakveld: "6.712", Amount: 50_00}, {Target: "party", PartyName: "UWV", Amount: 50_00}}})
	if err != nil {
		t.Fatal(err)
	}
	seqs["allocation2"], seqs["reversal"] = second.JournalSeq, second.JournalSeq-1
	r, err := s.Settle(ctx, ledgertest.Finance, ledger.Settlement{ReceivableID: second.Lines[1].ReceivableID, Amount: 20_00,
		ValueDate: ledger.DateOf(clock.Now()), Reference: "UWV 2026-7"})
	if err != nil {
		t.Fatal(err)
	}
	seqs["settlement"] = r.Settlements[0].JournalSeq
	// Paid, so it can be evaluated.
	if _, err := s.SetDebtorAccount(ctx, ledgertest.Finance, ps[3].PotID, ledgertest.DebtorAccount(), ""); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreatePaymentBatch(ctx, ledgertest.Finance, ledger.NewPaymentBatch{PotID: ps[3].PotID}); err != nil {
		t.Fatal(err)
	}
	e, err := s.Evaluate(ctx, ledgertest.Caseworker, ledger.EvaluationRequest{PayoutID: ps[3].ID, Outcome: ledger.EvalPartial, Regretted: 100_00, Note: "Deels onnodig"})
	if err != nil {
		t.Fatal(err)
	}
	seqs["evaluation"] = e.JournalSeq
	ledgertest.MustVerify(t, s)
	return path, seqs
}

func TestVerifyNamesTamperedReallocation(t *testing.T) {
	const drop = `DROP TRIGGER allocation_lines_no_update; DROP TRIGGER evaluations_no_update; DROP TRIGGER settlements_no_update;
		DROP TRIGGER receivables_identity`
	tests := []struct {
		name string
		stmt string
		seq  string
	}{
		{"LineMovedToAnotherTaakveld", `UPDATE allocation_lines SET taakveld = '6.711' WHERE version = 2 AND n = 0`, "allocation2"},
		{"LineAmountChanged", `UPDATE allocation_lines SET amount = 6000 WHERE version = 1`, "allocation1"},
		{"AllocationNoteChanged", `UPDATE allocations SET note = 'anders' WHERE version = 2`, "allocation2"},
		{"ReversalPointsElsewhere", `UPDATE allocations SET reversal_seq = 2 WHERE version = 1`, ""},
		{"RegretLowered", `UPDATE evaluations SET regretted = 1`, "evaluation"},
		// The receivable's progress no longer adds up: named at the
		// allocation that booked the receivable, before the settlement.
		{"SettlementInflated", `UPDATE settlements SET amount = 5000`, "allocation2"},
		{"SettledReset", `UPDATE receivables SET settled = 0`, "allocation2"},
		{"CancelledReopened", `UPDATE receivables SET status = 'open' WHERE status = 'cancelled'`, "allocation1"},
		{"AllocationVersionReset", `UPDATE payouts SET allocation_version = 0, allocated = 0 WHERE allocation_version = 2`, "allocation2"},
		{"RegretHidden", `UPDATE payouts SET eval_regretted = 0 WHERE eval_version > 0`, "evaluation"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path, seqs := seededReallocation(t)
			rawExec(t, path, drop, tt.stmt)
			v := verifyFile(t, path)
			if v.OK || v.Failure == nil {
				t.Fatalf("Verify = OK after %s", tt.stmt)
			}
			want := seqs[tt.seq]
			if tt.seq == "" {
				want = 2
			}
			if v.Failure.Seq != want {
				t.Fatalf("Verify names %d (%s); want %d", v.Failure.Seq, v.Failure.Problem, want)
			}
		})
	}
}

func TestReallocationRecordsAreAppendOnly(t *testing.T) {
	path, _ := seededReallocation(t)
	for _, stmt := range []string{
		`UPDATE allocation_lines SET amount = 1`,
		`DELETE FROM allocation_lines`,
		`UPDATE evaluations SET regretted = 0`,
		`DELETE FROM evaluations`,
		`UPDATE settlements SET amount = 1`,
		`DELETE FROM settlements`,
	} {
		db := openRaw(t, path)
		_, err := db.Exec(stmt)
		db.Close()
		if err == nil {
			t.Errorf("%s: accepted; want refused by a trigger", stmt)
		}
	}
	if v := verifyFile(t, path); !v.OK {
		t.Fatalf("journal no longer verifies after refused changes: %v", v.Failure)
	}
}

// seededPayment extends the seeded ledger with a payment batch.
func seededPayment(t *testing.T) (string, int64) {
	t.Helper()
	path, _, _ := seeded(t)
	clock := ledgertest.NewClock(ledgertest.Start)
	s, err := storage.Open(path, storage.Options{Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	pots, _ := s.Pots(ctx)
	if _, err := s.SetDebtorAccount(ctx, ledgertest.Finance, pots[0].ID, ledgertest.DebtorAccount(), ""); err != nil {
		t.Fatal(err)
	}
	b, err := s.CreatePaymentBatch(ctx, ledgertest.Finance, ledger.NewPaymentBatch{})
	if err != nil {
		t.Fatal(err)
	}
	ledgertest.MustVerify(t, s)
	return path, b.Groups[0].JournalSeq
}

func TestVerifyNamesTamperedPayments(t *testing.T) {
	const drop = `DROP TRIGGER payment_groups_no_update; DROP TRIGGER payment_groups_no_delete; DROP TRIGGER payment_items_no_update; DROP TRIGGER payment_items_no_delete`
	for _, tt := range []struct{ name, stmt string }{
		{"PaidUndone", `UPDATE payouts SET status = 'approved' WHERE status = 'paid' AND amount = 10000`},
		{"GroupDeleted", `PRAGMA foreign_keys = OFF; DELETE FROM payment_items; DELETE FROM payment_groups`},
		{"DebtorChanged", `UPDATE payment_groups SET debtor_iban = 'NL91ABNA0417164300'`},
		{"ItemAmountChanged", `UPDATE payment_items SET amount = amount + 100 WHERE amount = 10000`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path, seq := seededPayment(t)
			rawExec(t, path, drop, tt.stmt)
			v := verifyFile(t, path)
			if v.OK || v.Failure == nil {
				t.Fatalf("Verify = OK after %s", tt.stmt)
			}
			if v.Failure.Seq > seq {
				t.Fatalf("Verify names %d (%s); want the payment (%d) or earlier", v.Failure.Seq, v.Failure.Problem, seq)
			}
		})
	}
}
