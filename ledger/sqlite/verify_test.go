package sqlite_test

import (
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/ledgertest"
	"github.com/ontschot/ontschot/ledger/storage"
)

// TestVerification runs the suite's tests of incremental verification and
// of a verification beside the writer on SQLite.
func TestVerification(t *testing.T) {
	ledgertest.Verification(t, func(t testing.TB, clock *ledgertest.Clock) ledger.Store {
		return MustOpen(t, clock.Now)
	})
}

// TestVerifyTampering changes the file behind an open store, as anyone with
// the file can (triggers dropped, foreign keys off), before and after the
// recorded checkpoint and the checkpoint itself.
func TestVerifyTampering(t *testing.T) {
	ledgertest.VerifyTampering(t, func(t testing.TB, clock *ledgertest.Clock) (ledger.Store, func(...string)) {
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

// tamperFile runs stmts on the file at path with every trigger dropped, as
// an attacker with the file would.
func tamperFile(t testing.TB, path string, stmts ...string) {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?_busy_timeout=10000")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	var triggers []string
	rows, err := db.Query(`SELECT name FROM sqlite_master WHERE type = 'trigger'`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		triggers = append(triggers, name)
	}
	rows.Close()
	for _, name := range triggers {
		stmts = append([]string{`DROP TRIGGER "` + name + `"`}, stmts...)
	}
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}
