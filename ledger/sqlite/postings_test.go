package sqlite_test

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/ledgertest"
	"github.com/ontschot/ontschot/ledger/storage"
)

// postingSumFile makes a ledger with a funded pot, two payouts approved
// (one later reversed) and one allocated to a legal budget, and returns
// its path and pot.
func postingSumFile(t *testing.T) (string, ledger.PotID) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "ledger.db")
	s, err := storage.Open(path, storage.Options{Now: func() time.Time { return ledgertest.Start }})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	partner, err := s.CreatePartner(ctx, ledgertest.Admin, ledger.NewPartner{Name: "Gemeente", Kind: ledger.KindMunicipality})
	if err != nil {
		t.Fatal(err)
	}
	p, err := s.CreatePot(ctx, ledgertest.Admin, ledger.NewPot{Name: "Pot", Year: 2026, RecoveryPolicy: ledger.PolicyRefund, Mandates: ledgertest.Ladder()})
	if err != nil {
		t.Fatal(err)
	}
	pot := p.ID
	if _, err := s.Contribute(ctx, ledgertest.Finance, ledger.NewContribution{PotID: pot, PartnerID: partner.ID, Amount: 10000_00,
		ValueDate: ledger.DateOf(ledgertest.Start), Reference: "Bijdrage"}); err != nil {
		t.Fatal(err)
	}
	var ps []ledger.Payout
	for _, amount := range []ledger.Cents{500_00, 700_00} {
		p, err := s.RequestPayout(ctx, ledgertest.Caseworker, ledgertest.ValidRequest(pot, amount))
		if err != nil {
			t.Fatal(err)
		}
		ps = append(ps, p)
	}
	if _, err := s.Allocate(ctx, ledgertest.Finance, ledger.AllocationRequest{PayoutID: ps[0].ID, Lines: []ledger.AllocationLine{
		{Target: "wmo", Taakveld: "6.712", Amount: 500_00}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ReversePayout(ctx, ledgertest.Finance, ledger.Reversal{PayoutID: ps[1].ID, Reason: "Dubbel aangevraagd"}); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return path, pot
}

// TestVerifyNamesAChangedPostingSum: the sums of postings kept beside the
// journal for the statements are checked against the postings; one
// changed in the file is named, with its account, kind and month.
func TestVerifyNamesAChangedPostingSum(t *testing.T) {
	path, pot := postingSumFile(t)
	if v := verifyFile(t, path); !v.OK {
		t.Fatalf("before: %v", v.Failure)
	}
	rawExec(t, path, `UPDATE posting_sums SET amount = amount + 1 WHERE kind = 'payout_reversed' AND account_id IN (SELECT id FROM accounts WHERE name LIKE '%:costs:unallocated')`)
	v := verifyFile(t, path)
	want := "the sum of postings on account " + string(ledger.AccountName(pot, ledger.AccountCostsUnallocated, "")) + " of payout_reversed transactions in 2026-03 (pot " + string(pot) +
		", category rent_arrears) is stored as 1 postings and -699.99, but the journal's postings give 1 and -700.00"
	if v.OK || !strings.Contains(v.Failure.Error(), want) {
		t.Fatalf("a changed sum: %v\nwant it to say %q", v.Failure, want)
	}
	// A sum that the postings do not give is named too.
	path, _ = postingSumFile(t)
	rawExec(t, path, `INSERT INTO posting_sums (pot_id, month, account_id, kind, category, amount, n) SELECT pot_id, '2026-02', account_id, kind, category, amount, n FROM posting_sums WHERE kind = 'contribution'`)
	if v := verifyFile(t, path); v.OK || !strings.Contains(v.Failure.Error(), "contribution transactions in 2026-02") || !strings.Contains(v.Failure.Error(), "the journal's postings give 0 and 0.00") {
		t.Fatalf("an added sum: %+v", v.Failure)
	}
}

// TestPostingSumsMigrate: a ledger from before the sums were kept gets
// them summed from its postings when migration 16 runs, and its
// statements' totals stay as they were.
func TestPostingSumsMigrate(t *testing.T) {
	path, pot := postingSumFile(t)
	totals := func() []ledger.PostingTotal {
		t.Helper()
		s, err := storage.Open(path, storage.Options{Now: time.Now})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		ts, err := s.PostingTotals(context.Background(), ledger.PostingQuery{PotID: pot})
		if err != nil {
			t.Fatal(err)
		}
		ledgertest.MustVerify(t, s)
		return ts
	}
	before := totals()
	if len(before) < 6 {
		t.Fatalf("totals before: %+v", before)
	}
	rawExec(t, path, `DROP TABLE posting_sums`, `DELETE FROM schema_migrations WHERE version = 16`)
	if after := totals(); !slices.Equal(after, before) {
		t.Fatalf("totals after the migration:\n%+v\nbefore:\n%+v", after, before)
	}
}

// TestPostingSumTampering runs the suite's tampering with the sums of
// postings, full and incremental verifications, on SQLite.
func TestPostingSumTampering(t *testing.T) {
	ledgertest.PostingSumTampering(t, func(t testing.TB, clock *ledgertest.Clock) (ledger.Store, func(...string)) {
		path := filepath.Join(t.TempDir(), "ledger.db")
		s, err := storage.Open(path, storage.Options{Now: clock.Now})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			if err := s.Close(); err != nil {
				t.Errorf("close: %v", err)
			}
		})
		return s, func(stmts ...string) { tamperFile(t, path, stmts...) }
	})
}
