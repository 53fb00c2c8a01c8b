package sqlite

import (
	"context"
	"database/sql"
	"time"
)

// addPayeeReference is the seed of migration 24: it adds the payees'
// reference column to a ledger that passed migration 8 before the column
// was added there (a ledger made since has it, and is left alone).
func addPayeeReference(ctx context.Context, tx *sql.Tx, _ time.Time) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM pragma_table_info('payees') WHERE name = 'reference'`).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	_, err := tx.ExecContext(ctx, `ALTER TABLE payees ADD COLUMN reference TEXT NOT NULL DEFAULT ''`)
	return err
}
