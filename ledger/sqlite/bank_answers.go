package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// addBankColumns is the schema step of migration 25 (run for every file,
// a copy's included). It adds the payouts'
// settlement and return columns to a ledger that passed migration 8 before
// they were added there, then admits the statuses settled and returned to
// the payouts table's CHECK constraint. SQLite cannot alter a CHECK
// constraint; the table's schema text is rewritten instead, which SQLite
// documents as safe for a CHECK constraint every stored row still
// satisfies ("changes that do not affect the on-disk content in any way",
// https://www.sqlite.org/lang_altertable.html#otheralter), after the
// columns (ADD COLUMN splices that text), and the schema version is raised
// so that every connection reads the new text.
func addBankColumns(ctx context.Context, tx *sql.Tx, _ time.Time) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM pragma_table_info('payouts') WHERE name = 'settle_seq'`).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		for _, col := range []string{"settle_seq INTEGER REFERENCES journal (seq)", "settled_on TEXT", "return_seq INTEGER REFERENCES journal (seq)",
			"returned_on TEXT", "return_reason TEXT"} {
			if _, err := tx.ExecContext(ctx, `ALTER TABLE payouts ADD COLUMN `+col); err != nil {
				return err
			}
		}
	}
	const from, to = `'reversed', 'paid')`, `'reversed', 'paid', 'settled', 'returned')`
	for _, q := range []string{`PRAGMA writable_schema = ON`,
		`UPDATE sqlite_schema SET sql = replace(sql, ?, ?) WHERE type = 'table' AND name = 'payouts'`,
		`PRAGMA writable_schema = OFF`} {
		var args []any
		if q[0] == 'U' {
			args = []any{from, to}
		}
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return err
		}
	}
	var v int64
	if err := tx.QueryRowContext(ctx, `PRAGMA schema_version`).Scan(&v); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA schema_version = %d`, v+1))
	return err
}
