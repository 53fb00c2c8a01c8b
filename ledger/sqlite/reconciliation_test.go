package sqlite_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/ledger"
	bt "github.com/ontschot/ontschot/ledger/bankfile/bankfiletest"
	"github.com/ontschot/ontschot/ledger/ledgertest"
	"github.com/ontschot/ontschot/ledger/storage"
)

// TestReconciliationNamesWhatItCannotTrace: an entry said to settle
// payouts that it cannot be followed to (put in the file by hand) is no
// explained difference: the reconciliation still adds up to the cent, and
// names the entry in its unexplained rest.
func TestReconciliationNamesWhatItCannotTrace(t *testing.T) {
	ledgertest.TamperedWith(t)
	path := filepath.Join(t.TempDir(), "ledger.db")
	clock := ledgertest.NewClock(ledgertest.Start)
	s := importedFixture(t, path, clock)
	ctx := context.Background()
	before, err := s.Reconciliation(ctx, ledgertest.Finance, bt.DebtorIBAN, "")
	if err != nil || !before.Reconciled() {
		t.Fatalf("before: %+v, %v", before, err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO bank_entries (iban, entry_ref, statement_id, file_digest, booking_date, amount, debit, outcome)
		SELECT iban, 'X-1', statement_id, file_digest, booking_date, 100, 1, 'settled' FROM bank_entries WHERE iban = ? LIMIT 1`, bt.DebtorIBAN); err != nil {
		t.Fatal(err)
	}
	// Delivered by the statement, as an import would have recorded it.
	if _, err := db.Exec(`INSERT INTO bank_statement_entries (iban, statement_id, entry_ref, file_digest)
		SELECT iban, statement_id, 'X-1', file_digest FROM bank_statements WHERE iban = ? LIMIT 1`, bt.DebtorIBAN); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if s, err = storage.Open(path, storage.Options{Now: clock.Now}); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	r, err := s.Reconciliation(ctx, ledgertest.Auditor, bt.DebtorIBAN, "")
	if err != nil {
		t.Fatal(err)
	}
	last := r.Items[len(r.Items)-1]
	if r.Reconciled() || r.Unexplained != -1_00 || last.Kind != ledger.DiffUnexplained || last.Amount != -1_00 ||
		!slices.Equal(last.Entries, []string{"X-1"}) || !strings.Contains(last.TextNL, "entry X-1") {
		t.Fatalf("an entry it cannot trace: %+v", r)
	}
	var total ledger.Cents
	for _, it := range r.Items {
		total += it.Amount
	}
	if r.LedgerMovement+total != r.BankMovement || r.Explained+r.Unexplained != r.Difference {
		t.Fatalf("it does not add up: %+v", r)
	}
}
