package sqlite

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"
)

// TestBankStatusesMigration: migration 25 rewrites the payouts table's
// CHECK constraint in place: afterwards the two new statuses are taken, any
// other word is still refused, every connection of the pool sees the new
// constraint, and the file passes SQLite's integrity check; the rows of a
// ledger migrated before it are untouched.
func TestBankStatusesMigration(t *testing.T) {
	path, paid, _ := oldLedger(t)
	db, err := sql.Open("sqlite3", dsn(path, nil))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	now := func() time.Time { return time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC) }
	if err := migrate(ctx, db, now, 24); err != nil {
		t.Fatal(err)
	}
	// A connection that read the old schema stays in the pool.
	old, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := old.QueryRowContext(ctx, `SELECT COUNT(*) FROM payouts`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if err := migrate(ctx, db, now, 25); err != nil {
		t.Fatal(err)
	}
	var schema string
	if err := old.QueryRowContext(ctx, `SELECT sql FROM sqlite_schema WHERE name = 'payouts'`).Scan(&schema); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(schema, "'paid', 'settled', 'returned')") {
		t.Fatalf("the payouts table's CHECK is not rewritten:\n%s", schema)
	}
	var check string
	if err := old.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity_check = %q, %v", check, err)
	}
	// The constraint the old connection enforces is the new one: the
	// new statuses pass, a made-up one does not.
	for _, st := range []string{"settled", "returned"} {
		if _, err := old.ExecContext(ctx, `UPDATE payouts SET status = ? WHERE id = ?`, st, string(paid)); err != nil {
			t.Errorf("the status %s: %v", st, err)
		}
	}
	_, err = old.ExecContext(ctx, `UPDATE payouts SET status = 'bogus' WHERE id = ?`, string(paid))
	if err == nil || !strings.Contains(err.Error(), "CHECK") {
		t.Errorf("a made-up status: %v; want a CHECK failure", err)
	}
	var status string
	if err := old.QueryRowContext(ctx, `SELECT status FROM payouts WHERE id = ?`, string(paid)).Scan(&status); err != nil || status != "returned" {
		t.Errorf("the payout's status is %q, %v", status, err)
	}
	old.Close()
}
