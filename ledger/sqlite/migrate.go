package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/ontschot/ontschot/ledger/sqlengine"
)

//go:embed migrations/*.sql
var migrations embed.FS

// migration is one numbered schema change.
type migration struct {
	version int
	name    string
	sql     string
}

func loadMigrations() ([]migration, error) {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, n := range names {
		base := strings.TrimSuffix(strings.TrimPrefix(n, "migrations/"), ".sql")
		num, _, _ := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if err != nil {
			return nil, fmt.Errorf("migration %s: name must start with its number", n)
		}
		b, err := migrations.ReadFile(n)
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: base, sql: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	return ms, nil
}

// seeds fill a migration's new tables with the data the binary carries, in
// the migration's transaction.
var seeds = map[int]func(ctx context.Context, tx *sql.Tx, now time.Time) error{
	3: seedReallocation,
	8: seedCoverage,
}

// migrate applies the migrations up to version max to the file behind db.
func migrate(ctx context.Context, db *sql.DB, now func() time.Time, max int) error {
	return migrateWith(ctx, db, now, max, seeds)
}

// migrateWith is migrate with the given seeds: none for the bare schema
// that a copy from another ledger fills (copy.go).
func migrateWith(ctx context.Context, db *sql.DB, now func() time.Time, max int, seeds map[int]func(context.Context, *sql.Tx, time.Time) error) error {
	ms, err := loadMigrations()
	if err != nil {
		return err
	}
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT`); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	var current int
	if err := db.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&current); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if latest := ms[len(ms)-1].version; current > latest {
		return fmt.Errorf("the file has schema version %d, newer than this release knows (%d): use a newer ontschot", current, latest)
	}
	// Every migration the file has not seen is applied, not only those
	// above its highest: a file a development build migrated out of order
	// still gets the ones it missed.
	applied := map[int]bool{}
	err = eachRow(ctx, db, `SELECT version FROM schema_migrations`, func(rows *sql.Rows) error {
		var v int
		err := rows.Scan(&v)
		applied[v] = true
		return err
	})
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	for _, m := range ms {
		if applied[m.version] || m.version > max {
			continue
		}
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, m.sql); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
		if seed := seeds[m.version]; seed != nil {
			if err := seed(ctx, tx, now()); err != nil {
				tx.Rollback()
				return fmt.Errorf("migration %s: %w", m.name, err)
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
			m.version, m.name, sqlengine.FormatTime(time.Now())); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
	}
	return nil
}

// LatestSchemaVersion returns the version of the newest migration this
// release carries.
func LatestSchemaVersion() int {
	ms, err := loadMigrations()
	if err != nil || len(ms) == 0 {
		return 0
	}
	return ms[len(ms)-1].version
}
