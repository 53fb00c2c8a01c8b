package postgres

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/sqlengine"
)

// The schema is applied by this small runner rather than a migration
// library (pressly/goose, golang-migrate): a ledger's first migration must
// also book its seeds in Go, through the engine's own rows and journal
// (the Iv3 code list, the rule table, and the baseline the journal's
// coverage starts from), in the same transaction as the DDL, so a database
// is either fully set up or untouched; and two servers started at once
// must not both set it up. PostgreSQL runs DDL in transactions, so one
// transaction under an advisory lock does both; a library would add a
// second way to run SQL beside the engine's for about sixty lines saved.

//go:embed migrations/*.sql
var migrations embed.FS

// loadMigrations reads the embedded migrations, in order of their numbers.
func loadMigrations() ([]sqlengine.Migration, error) {
	return sqlengine.LoadMigrations(migrations, "migrations")
}

// LatestSchemaVersion returns the version of the newest migration this
// release carries.
func LatestSchemaVersion() int {
	ms, err := loadMigrations()
	if err != nil || len(ms) == 0 {
		return 0
	}
	return ms[len(ms)-1].Version
}

// seeds fill a migration's new tables with the data the binary carries, in
// the migration's transaction, through the engine's rows and journal.
var seeds = map[int]func(ctx context.Context, sqlTx *sql.Tx, tx ledger.Tx, now time.Time) error{
	1: seedLedger,
}

// migrateLock is the key of the advisory lock the migrations run under
// ("ontsch" in ASCII), so that two servers started at once on an empty
// database do not both create the schema: the second waits, then finds it
// there.
const migrateLock = 0x6f6e74736368

// migrate applies the migrations the database has not seen, in one
// transaction under the advisory lock, and records them in
// schema_migrations, with the seeds each migration books through the
// engine's rows and journal.
func migrate(ctx context.Context, db *sqlengine.DB, conn *sql.DB, now func() time.Time) error {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer tx.Rollback()
	seed := func(m sqlengine.Migration) error {
		fn := seeds[m.Version]
		if fn == nil {
			return nil
		}
		at := now()
		return db.Run(ctx, tx, func(t ledger.Tx) error { return fn(ctx, tx, t, at) })
	}
	changed, err := applyMigrations(ctx, tx, seed)
	if err != nil || !changed {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}

// applyMigrations applies in tx, under the advisory lock, the migrations
// the database has not seen, calls seed (if not nil) after each one's SQL,
// and records them in schema_migrations; it reports whether it applied
// any. A database set up by a newer release is refused rather than
// misread. Every migration takes ledger_lock as a write group does and
// raises its version, so the servers already running drop their caches.
// Without seed it makes the bare schema that a copy from another ledger
// fills (copy.go): the seeds' rows come from the ledger copied.
func applyMigrations(ctx context.Context, tx *sql.Tx, seed func(sqlengine.Migration) error) (bool, error) {
	ms, err := loadMigrations()
	if err != nil {
		return false, err
	}
	if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(migrateLock)); err != nil {
		return false, fmt.Errorf("migrate: %w", err)
	}
	// The table is made only when it is missing, so that a role that may
	// read and write the tables but not create any (the service's own,
	// beside the owner's that ran ontschot init) opens a ledger that is up
	// to date.
	var exists bool
	if err := tx.QueryRowContext(ctx, `SELECT to_regclass('schema_migrations') IS NOT NULL`).Scan(&exists); err != nil {
		return false, fmt.Errorf("migrate: %w", err)
	}
	if !exists {
		if _, err := tx.ExecContext(ctx, `CREATE TABLE schema_migrations (
			version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
			return false, fmt.Errorf("migrate: %w", rightsHint(err))
		}
	}
	applied, err := appliedVersions(ctx, tx)
	if err != nil {
		return false, fmt.Errorf("migrate: %w", err)
	}
	current := 0
	for v := range applied {
		current = max(current, v)
	}
	if latest := ms[len(ms)-1].Version; current > latest {
		return false, fmt.Errorf("the database has schema version %d, newer than this release knows (%d): use a newer ontschot", current, latest)
	}
	changed := false
	for _, m := range ms {
		if applied[m.Version] {
			continue
		}
		if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
			return false, fmt.Errorf("migration %s: %w", m.Name, rightsHint(err))
		}
		if _, err := tx.ExecContext(ctx, `SELECT version FROM ledger_lock WHERE id = 1 FOR UPDATE`); err != nil {
			return false, fmt.Errorf("migration %s: %w", m.Name, err)
		}
		if seed != nil {
			if err := seed(m); err != nil {
				return false, fmt.Errorf("migration %s: %w", m.Name, err)
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`,
			m.Version, m.Name, sqlengine.FormatTime(time.Now())); err != nil {
			return false, fmt.Errorf("migration %s: %w", m.Name, err)
		}
		changed = true
	}
	if !changed {
		return false, nil
	}
	if _, err := tx.ExecContext(ctx, `UPDATE ledger_lock SET version = version + 1 WHERE id = 1`); err != nil {
		return false, fmt.Errorf("migrate: %w", err)
	}
	return true, nil
}

// appliedVersions reads the versions schema_migrations records.
func appliedVersions(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}) (map[int]bool, error) {
	rows, err := q.QueryContext(ctx, `SELECT version FROM schema_migrations`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	applied := map[int]bool{}
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		applied[v] = true
	}
	return applied, rows.Err()
}

// seedLedger fills a new ledger as SQLite's migrations 3 and 8 fill a new
// file: the Iv3 code list the binary carries (and its import, recorded
// before the journal commits to anything, as in SQLite), the rule table,
// and then the baseline of coverage (ledger.BookCoverage).
func seedLedger(ctx context.Context, sqlTx *sql.Tx, tx ledger.Tx, now time.Time) error {
	if err := ledger.SeedCodes(tx, now); err != nil {
		return err
	}
	// The baseline of coverage, as SQLite's migration 8 books it: a new
	// ledger starts with the same transactions on either engine.
	return ledger.BookCoverage(tx, now)
}

// rightsHint adds to a refusal for want of rights (SQLSTATE 42501) what to
// do about it: since PostgreSQL 15 only the database's owner may create
// tables in its public schema.
func rightsHint(err error) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == "42501" {
		return fmt.Errorf("%w; the role setting up the ledger must own the database: createdb -O ROLE DATABASE (or ALTER DATABASE … OWNER TO ROLE), then run ontschot init (or ontschot copy) as that role", err)
	}
	return err
}
