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

// addPotEscalation is the schema step of migration 29: it adds the pots'
// escalation columns, with the defaults every pot had before (2 and 5
// working days), to a ledger that passed migration 8 before the columns
// were added there (a ledger made since has them, and is left alone).
func addPotEscalation(ctx context.Context, tx *sql.Tx, _ time.Time) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM pragma_table_info('pots') WHERE name = 'remind_after'`).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	for _, column := range []string{
		`remind_after INTEGER NOT NULL DEFAULT 2 CHECK (remind_after BETWEEN 1 AND 59)`,
		`escalate_after INTEGER NOT NULL DEFAULT 5 CHECK (escalate_after BETWEEN 2 AND 60 AND escalate_after > remind_after)`,
	} {
		if _, err := tx.ExecContext(ctx, `ALTER TABLE pots ADD COLUMN `+column); err != nil {
			return err
		}
	}
	return nil
}
