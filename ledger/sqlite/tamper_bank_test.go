package sqlite_test

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/bankfile"
	bt "github.com/ontschot/ontschot/ledger/bankfile/bankfiletest"
	"github.com/ontschot/ontschot/ledger/ledgertest"
	"github.com/ontschot/ontschot/ledger/storage"
)

// TestVerifyFindsATamperedBankImport: someone with the database file who
// hides an unmatched debit, changes a statement's balance, or removes or
// adds an entry of an imported bank file is named by the verification.
func TestVerifyFindsATamperedBankImport(t *testing.T) {
	for name, q := range map[string]string{
		"an unmatched debit hidden":  `UPDATE bank_entries SET outcome = 'credit' WHERE outcome = 'unmatched'`,
		"a closing balance changed":  `UPDATE bank_statements SET closing = closing + 10000`,
		"an entry removed":           `DELETE FROM bank_entries WHERE outcome = 'credit'`,
		"an entry's amount changed":  `UPDATE bank_entries SET amount = amount - 1 WHERE outcome = 'unmatched'`,
		"an entry added by hand":     `INSERT INTO bank_entries (iban, entry_ref, statement_id, file_digest, amount, debit, outcome) SELECT iban, 'X-1', statement_id, file_digest, 100, 1, 'settled' FROM bank_entries LIMIT 1`,
		"the import's record erased": `PRAGMA foreign_keys = OFF; DELETE FROM bank_entries; DELETE FROM bank_statements; DELETE FROM bank_files`,
		"an entry of no import":      `PRAGMA foreign_keys = OFF; INSERT INTO bank_entries (iban, entry_ref, statement_id, file_digest, amount, debit, outcome) VALUES ('NL11BNGH0002220001', 'E3-R', 'S', 'ffff', 100, 0, 'credit')`,
		"a statement of no import":   `PRAGMA foreign_keys = OFF; INSERT INTO bank_statements (iban, statement_id, file_digest) VALUES ('NL11BNGH0002220001', 'S-9', 'ffff')`,
		"a delivery unrecorded":      `DELETE FROM bank_statement_entries WHERE entry_ref IN (SELECT entry_ref FROM bank_statement_entries LIMIT 1)`,
		"a delivery added":           `INSERT INTO bank_statement_entries (iban, statement_id, entry_ref, file_digest) SELECT iban, 'S-OTHER', entry_ref, file_digest FROM bank_statement_entries LIMIT 1`,
		"the Dutch why changed":      `UPDATE bank_entries SET detail_nl = 'bankkosten, niets aan de hand' WHERE outcome = 'unmatched'`,
		"who imported it changed":    `UPDATE bank_files SET imported_by = 'admin'`,
		"when it was imported":       `UPDATE bank_files SET imported_at = '2026-01-01T00:00:00.000000Z'`,
		"its MsgId changed":          `UPDATE bank_files SET message_id = 'ANDERS'`,
		"what it did changed":        `UPDATE bank_files SET summary = '0 settled'`,
	} {
		t.Run(name, func(t *testing.T) {
			ledgertest.TamperedWith(t)
			path := filepath.Join(t.TempDir(), "ledger.db")
			clock := ledgertest.NewClock(ledgertest.Start)
			s := importedFixture(t, path, clock)
			ctx := context.Background()
			ledgertest.MustVerify(t, s)
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			db, err := sql.Open("sqlite3", "file:"+path)
			if err != nil {
				t.Fatal(err)
			}
			db.SetMaxOpenConns(1)
			for _, stmt := range strings.Split(q, "; ") {
				if _, err := db.Exec(stmt); err != nil {
					t.Fatalf("%s: %v", stmt, err)
				}
			}
			db.Close()
			s, err = storage.Open(path, storage.Options{Now: clock.Now})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			v, err := s.Verify(ctx, ledger.VerifyOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if v.OK {
				t.Fatal("the verification of a tampered import passes")
			}
			if msg := v.Failure.Error(); !strings.Contains(msg, "bank file") && !strings.Contains(msg, "bank_file_imported") {
				t.Fatalf("the verification of a tampered import: %s", msg)
			}
		})
	}
}

// importedFixture opens a new ledger at path and imports the camt.053.001.02
// fixture into it, as finance, for the tests that then change the file.
func importedFixture(t *testing.T, path string, clock *ledgertest.Clock) *ledger.Service {
	t.Helper()
	s, err := storage.Open(path, storage.Options{Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(bt.Path(bt.Camt053v02))
	if err != nil {
		t.Fatal(err)
	}
	f, err := bankfile.Read(strings.NewReader(string(raw)))
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(raw)
	if _, err := s.ImportBankFile(context.Background(), ledgertest.Finance, ledger.ImportBankFile{File: f, Digest: hex.EncodeToString(sum[:])}); err != nil {
		t.Fatal(err)
	}
	return s
}
