package sqlite

import (
	"context"
	"database/sql"
	"strings"
	"time"
)

// Columns that came after migration 8 but that its seed reads (it reads
// with the engine's current queries): a new ledger gets them in migration
// 8, and a later migration adds them to a ledger that passed migration 8
// before. SQLite has no ADD COLUMN IF NOT EXISTS, hence these steps.

// addPayeeReference is the seed of migration 24: the payees' reference.
func addPayeeReference(ctx context.Context, tx *sql.Tx, _ time.Time) error {
	return addMissingColumns(ctx, tx, "payees", "reference TEXT NOT NULL DEFAULT ''")
}

// addPotEscalation is the schema step of migration 29: the pots'
// escalation columns, with the defaults every pot had before (2 and 5
// working days).
func addPotEscalation(ctx context.Context, tx *sql.Tx, _ time.Time) error {
	return addMissingColumns(ctx, tx, "pots",
		"remind_after INTEGER NOT NULL DEFAULT 2 CHECK (remind_after BETWEEN 1 AND 59)",
		"escalate_after INTEGER NOT NULL DEFAULT 5 CHECK (escalate_after BETWEEN 2 AND 60 AND escalate_after > remind_after)")
}

// addMissingColumns adds the columns (each a column definition, its name
// first) to table unless the table has the first of them already: they
// come together, in one migration.
func addMissingColumns(ctx context.Context, tx *sql.Tx, table string, columns ...string) error {
	first, _, _ := strings.Cut(columns[0], " ")
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM pragma_table_info(?) WHERE name = ?`, table, first).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	for _, c := range columns {
		if _, err := tx.ExecContext(ctx, `ALTER TABLE `+table+` ADD COLUMN `+c); err != nil {
			return err
		}
	}
	return nil
}
