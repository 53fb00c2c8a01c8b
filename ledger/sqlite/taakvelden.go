package sqlite

import (
	"context"
	"database/sql"
	"time"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/sqlengine"
)

// seedReallocation fills the code list and the rule table with what the
// binary carries (ledger.SeedCodes), when migration 3 creates them, in the
// migration's own transaction.
func seedReallocation(ctx context.Context, tx *sql.Tx, now time.Time) error {
	return sqlengine.RunTx(ctx, tx, dialect{}, func(t ledger.Tx) error { return ledger.SeedCodes(t, now) })
}
