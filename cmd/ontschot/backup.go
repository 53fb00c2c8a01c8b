package main

import (
	"context"
	"fmt"
	"os"

	"github.com/ontschot/ontschot/ledger/sqlite"
)

// runBackup writes a consistent copy of the ledger and verifies the copy.
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
	if err := s.Backup(ctx, *to); err != nil {
		return err
	}
	copyStore, err := sqlite.Open(*to, sqlite.Options{Now: m.Now, Logger: m.Logger})
	if err != nil {
		return fmt.Errorf("the backup %s was written but cannot be opened: %w", *to, err)
	}
	defer copyStore.Close()
	v, err := copyStore.Verify(ctx)
	if err != nil {
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
