package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// bumpSchemaVersion is the seed of migration 25, which rewrote the payouts
// table's CHECK constraint in the schema text: raising the schema version
// makes every connection read the schema again, as SQLite's procedure for
// such a change asks (https://www.sqlite.org/lang_altertable.html#otheralter).
func bumpSchemaVersion(ctx context.Context, tx *sql.Tx, _ time.Time) error {
	var v int64
	if err := tx.QueryRowContext(ctx, `PRAGMA schema_version`).Scan(&v); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA schema_version = %d`, v+1))
	return err
}
