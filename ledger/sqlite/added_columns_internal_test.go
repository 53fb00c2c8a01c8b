package sqlite

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestAddPotEscalation: migration 29's schema step gives the pots of a
// ledger that passed migration 8 before the escalation columns the
// defaults every pot had (2 and 5 working days), with their CHECK; on a
// ledger that has them, it does nothing.
func TestAddPotEscalation(t *testing.T) {
	db, err := sql.Open("sqlite3", dsn(filepath.Join(t.TempDir(), "old.db"), nil))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	if _, err := db.ExecContext(ctx, `CREATE TABLE pots (id TEXT PRIMARY KEY, name TEXT NOT NULL) STRICT;
		INSERT INTO pots (id, name) VALUES ('POT-1', 'Pot')`); err != nil {
		t.Fatal(err)
	}
	step := func() {
		t.Helper()
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := addPotEscalation(ctx, tx, time.Time{}); err != nil {
			t.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	step()
	step() // the columns are there: nothing to do
	var remind, escalate int
	if err := db.QueryRowContext(ctx, `SELECT remind_after, escalate_after FROM pots WHERE id = 'POT-1'`).Scan(&remind, &escalate); err != nil {
		t.Fatal(err)
	}
	if remind != 2 || escalate != 5 {
		t.Fatalf("an old pot's escalation: %d and %d; want 2 and 5", remind, escalate)
	}
	for _, bad := range []string{`remind_after = 0`, `escalate_after = 61`, `escalate_after = 2`} {
		if _, err := db.ExecContext(ctx, `UPDATE pots SET `+bad); err == nil || !strings.Contains(err.Error(), "CHECK") {
			t.Errorf("%s: %v; want a CHECK failure", bad, err)
		}
	}
}
