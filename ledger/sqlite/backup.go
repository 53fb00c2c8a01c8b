package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Backup writes a consistent copy of the ledger to path while the service
// keeps writing: VACUUM INTO reads one snapshot of the WAL database (readers
// never block the writer) and writes a compact, self-contained file. The file
// must not exist yet.
//
// path either ends up holding a whole, checked backup or does not exist: the
// copy is written under a temporary name in path's directory (".NAME.partial-…",
// so a crash leaves nothing that looks like a backup), synced, handed to check
// when check is not nil (the command line verifies the copy's journal there),
// and only then given its name. On any failure (a full disk, a cancelled ctx,
// a check that fails, a name taken meanwhile) the temporary file and the files
// SQLite keeps beside it are removed.
func (e *Engine) Backup(ctx context.Context, path string, check func(ctx context.Context, file string) error) (err error) {
	if _, err := os.Lstat(path); err == nil {
		return fmt.Errorf("backup: %s exists already; choose a new file name so no backup is overwritten", path)
	}
	dir := filepath.Dir(path)
	// The temporary file lives in the target directory so the final step is
	// a link (or rename) within one filesystem, which is atomic; a copy
	// elsewhere would have to be copied again, and could be half there.
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".partial-*")
	if err != nil {
		return fmt.Errorf("backup: cannot write in %s: %w", dir, err)
	}
	tmp := f.Name()
	f.Close()
	defer func() {
		if err != nil {
			removeDatabase(tmp)
		}
	}()
	// A connection of its own: the readers are query-only, and the writer
	// must not stall behind a long copy. VACUUM INTO takes an empty file.
	db, err := sql.Open("sqlite3", dsn(e.path, nil))
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, `VACUUM INTO ?`, tmp); err != nil {
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	if err := syncFile(tmp); err != nil {
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	if check != nil {
		if err := check(ctx, tmp); err != nil {
			return err
		}
		// A check that opened the copy has checkpointed and closed it; what
		// it wrote must be on disk before the copy gets its name, and no
		// write-ahead log may be left that the named file would lack.
		if st, err := os.Stat(tmp + "-wal"); err == nil && st.Size() > 0 {
			return fmt.Errorf("backup to %s: the check left the copy open (%s-wal remains)", path, tmp)
		}
		os.Remove(tmp + "-wal")
		os.Remove(tmp + "-shm")
		if err := syncFile(tmp); err != nil {
			return fmt.Errorf("backup to %s: %w", path, err)
		}
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	if err := claimName(tmp, path); err != nil {
		return err
	}
	// The name is durable once the directory is synced; the backup is
	// whole either way, so a failure here is reported but leaves it.
	if err := syncFile(dir); err != nil {
		return fmt.Errorf("backup to %s: written, but the directory could not be synced: %w", path, err)
	}
	return nil
}

// claimName gives the finished copy at tmp the name path, never replacing a
// file that appeared at path meanwhile: a hard link fails if the name is
// taken, where a rename would overwrite it. On a filesystem without hard
// links it renames after a last look.
func claimName(tmp, path string) error {
	err := os.Link(tmp, path)
	switch {
	case err == nil:
		// Both names point at the backup now; a temporary name left
		// behind would be harmless, so its removal cannot fail the backup.
		os.Remove(tmp)
		return nil
	case errors.Is(err, fs.ErrExist):
		return fmt.Errorf("backup: %s exists already; choose a new file name so no backup is overwritten", path)
	}
	if _, statErr := os.Lstat(path); statErr == nil {
		return fmt.Errorf("backup: %s exists already; choose a new file name so no backup is overwritten", path)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("backup: name the copy %s: %w", path, err)
	}
	return nil
}

// removeDatabase removes a database file and the files SQLite may keep
// beside it.
func removeDatabase(path string) {
	for _, suffix := range []string{"", "-journal", "-wal", "-shm"} {
		os.Remove(path + suffix)
	}
}

// syncFile flushes a file (or a directory's entries) to disk.
func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}
