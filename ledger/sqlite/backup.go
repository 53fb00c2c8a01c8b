package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"os"
)

// Backup writes a consistent copy of the ledger to path while the service
// keeps writing: VACUUM INTO reads one snapshot of the WAL database (readers
// never block the writer) and writes a compact, self-contained file. The file
// must not exist yet.
func (s *Store) Backup(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("backup: %s exists already; choose a new file name so no backup is overwritten", path)
	}
	// A connection of its own: the readers are query-only, and the writer
	// must not stall behind a long copy.
	db, err := sql.Open("sqlite3", dsn(s.path, nil))
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, `VACUUM INTO ?`, path); err != nil {
		os.Remove(path)
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	return nil
}
