package main

import (
	"context"
	"fmt"
	"os"

	"github.com/ontschot/ontschot/ledger/storage"
)

// runInit creates a ledger file, or migrates an existing one.
func (m *Main) runInit(ctx context.Context, args []string) error {
	fs := m.flags("init", "--db DB")
	db := fs.String("db", "", dbUsage)
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := requireDB(*db); err != nil {
		return err
	}
	path, isFile := storage.SQLitePath(*db)
	_, statErr := os.Stat(path)
	s, err := m.open(*db, false)
	if err != nil {
		return err
	}
	v, err := s.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	switch {
	case !isFile:
		fmt.Fprintf(m.Stdout, "The ledger at %s is ready: its schema is up to date (version %d).\n", storage.Redact(*db), v)
	case statErr == nil:
		fmt.Fprintf(m.Stdout, "%s exists; its schema is up to date (version %d).\n", *db, v)
	default:
		fmt.Fprintf(m.Stdout, "Created an empty ledger at %s (schema version %d).\n", *db, v)
	}
	return nil
}
