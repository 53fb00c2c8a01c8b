package main

import (
	"context"
	"fmt"
	"os"
)

// runInit creates a ledger file, or migrates an existing one.
func (m *Main) runInit(ctx context.Context, args []string) error {
	fs := m.flags("init", "--db FILE")
	db := fs.String("db", "", "the SQLite file of the ledger")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := requireDB(*db); err != nil {
		return err
	}
	_, statErr := os.Stat(*db)
	s, err := m.open(*db, false)
	if err != nil {
		return err
	}
	v, err := s.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	if statErr == nil {
		fmt.Fprintf(m.Stdout, "%s exists; its schema is up to date (version %d).\n", *db, v)
	} else {
		fmt.Fprintf(m.Stdout, "Created an empty ledger at %s (schema version %d).\n", *db, v)
	}
	return nil
}
