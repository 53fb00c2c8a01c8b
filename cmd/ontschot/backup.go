package main

import (
	"context"
	"fmt"
	"os"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/sqlite"
	"github.com/ontschot/ontschot/ledger/storage"
)

// runBackup writes a consistent copy of the ledger and verifies the copy
// before it gets its name: a backup that fails (a full disk, an interrupt, a
// copy that cannot be opened) leaves no file behind, so a file at --to is
// always a whole backup. A copy whose journal does not verify is kept and
// reported: it is a faithful copy of a ledger that does not verify, which is
// evidence worth having.
func (m *Main) runBackup(ctx context.Context, args []string) error {
	fs := m.flags("backup", "--db FILE --to FILE")
	db := fs.String("db", "", "the SQLite file of the ledger")
	to := fs.String("to", "", "the backup file to write (must not exist)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := requireDB(*db); err != nil {
		return err
	}
	if *to == "" {
		return usageError("--to FILE is required: the backup file to write")
	}
	s, err := m.open(*db, true)
	if err != nil {
		return err
	}
	var v ledger.Verification
	verify := func(ctx context.Context, file string) error {
		copyStore, err := storage.Open(file, storage.Options{Now: m.Now, Logger: m.Logger})
		if err != nil {
			return fmt.Errorf("the copy cannot be opened, so no backup was written to %s: %w", *to, err)
		}
		v, err = copyStore.Verify(ctx, ledger.VerifyOptions{})
		if cerr := copyStore.Close(); err == nil && cerr != nil {
			return fmt.Errorf("the copy could not be closed, so no backup was written to %s: %w", *to, cerr)
		}
		if err != nil {
			return fmt.Errorf("the copy could not be verified, so no backup was written to %s: %w", *to, err)
		}
		return nil
	}
	engine, ok := s.Engine().(*sqlite.Engine)
	if !ok {
		return usageError("backup copies an SQLite ledger; a PostgreSQL database is backed up with pg_dump or the platform's backups (see the README)")
	}
	if err := engine.Backup(ctx, *to, verify); err != nil {
		return err
	}
	if !v.OK {
		fmt.Fprintf(m.Stdout, "The backup %s was written, but its journal does NOT verify: %s.\n", *to, v.Failure.Error())
		return errProblemFound
	}
	info, err := os.Stat(*to)
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "Backed up %s to %s (%.1f MB); the copy verifies: %d transactions, head %s.\n",
		*db, *to, float64(info.Size())/1e6, v.Transactions, v.HeadHash)
	return nil
}
