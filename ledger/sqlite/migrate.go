package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"time"

	"github.com/ontschot/ontschot/ledger/sqlengine"
)

//go:embed migrations/*.sql
var migrations embed.FS

// loadMigrations reads the embedded migrations, in order of their numbers.
func loadMigrations() ([]sqlengine.Migration, error) {
	return sqlengine.LoadMigrations(migrations, "migrations")
}

// seeds fill a migration's new tables with the data the binary carries, in
// the migration's transaction.
var seeds = map[int]func(ctx context.Context, tx *sql.Tx, now time.Time) error{
	3:  seedReallocation,
	8:  seedCoverage,
	24: addPayeeReference,
}

// schemaSteps are the parts of a migration that change the schema in Go,
// where SQL alone cannot: run after the migration's SQL for every file, a
// copy's bare schema included (unlike seeds, which fill data).
var schemaSteps = map[int]func(ctx context.Context, tx *sql.Tx, now time.Time) error{
	25: addBankColumns,
	29: addPotEscalation,
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
	if latest := ms[len(ms)-1].Version; current > latest {
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
		if applied[m.Version] || m.Version > max {
			continue
		}
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %s: %w", m.Name, err)
		}
		if step := schemaSteps[m.Version]; step != nil {
			if err := step(ctx, tx, now()); err != nil {
				tx.Rollback()
				return fmt.Errorf("migration %s: %w", m.Name, err)
			}
		}
		if seed := seeds[m.Version]; seed != nil {
			if err := seed(ctx, tx, now()); err != nil {
				tx.Rollback()
				return fmt.Errorf("migration %s: %w", m.Name, err)
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
			m.Version, m.Name, sqlengine.FormatTime(time.Now())); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %s: %w", m.Name, err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("migration %s: %w", m.Name, err)
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
	return ms[len(ms)-1].Version
}
