package sqlite

import (
	"context"
	"database/sql"
	"time"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/sqlengine"
)

// Coverage (see ledger/integrity.go): migration 8 books the baseline the
// journal's coverage starts from, with the rules above the engines
// (ledger.BookCoverage), as PostgreSQL's first migration does.

// seedCoverage books, when migration 8 adds coverage, the baseline of
// coverage (ledger.BookCoverage) in the migration's own transaction,
// through the engine's rows over it: a file is either covered from a known
// place or not migrated at all.
func seedCoverage(ctx context.Context, tx *sql.Tx, now time.Time) error {
	return sqlengine.RunTx(ctx, tx, dialect{}, func(t ledger.Tx) error { return ledger.BookCoverage(t, now) })
}

// eachRow runs a query and calls fn for every row.
func eachRow(ctx context.Context, q *sql.DB, query string, fn func(*sql.Rows) error, args ...any) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
