// Package storage opens a ledger by its data source name: a path (or a
// file: URI) is an SQLite file, a postgres:// or postgresql:// URL a
// PostgreSQL database. Every command that takes --db goes through Open.
package storage

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/postgres"
	"github.com/ontschot/ontschot/ledger/sqlite"
)

// Options tune the ledger. The zero value is fine for production.
type Options struct {
	// Now is the clock; each write reads it once. Default: time.Now.
	Now func() time.Time
	// Logger receives internal errors with detail. Default: discard.
	Logger *slog.Logger
	// AfterCommit, if set, is called after every group of writes that
	// added transactions, with the new head of the journal, once it is
	// durable: for a checkpoint log kept outside the database.
	AfterCommit func(ledger.Checkpoint)
	// MaxBatch caps how many writes share one transaction. Default: 256.
	MaxBatch int
	// NoSync, for an SQLite file only, commits without waiting for the
	// disk (synchronous=OFF): a crash may lose the last writes or damage
	// the file. It is for building a throwaway ledger quickly (ontschot
	// demo --payouts), never for one that holds real payouts. Close writes
	// everything into the file; the operating system puts it on disk in
	// its own time.
	NoSync bool
}

// IsPostgres reports whether dsn names a PostgreSQL database.
func IsPostgres(dsn string) bool {
	scheme, _, ok := strings.Cut(dsn, "://")
	return ok && (strings.EqualFold(scheme, "postgres") || strings.EqualFold(scheme, "postgresql"))
}

// Redact returns dsn as it may be shown in messages and logs: a postgres://
// URL without its password (postgres.Redact); a path as it is.
func Redact(dsn string) string {
	if !IsPostgres(dsn) {
		return dsn
	}
	return postgres.Redact(dsn)
}

// SQLitePath returns the file a dsn names, and whether it names one.
func SQLitePath(dsn string) (string, bool) {
	if IsPostgres(dsn) || strings.TrimSpace(dsn) == "" {
		return "", false
	}
	if rest, ok := strings.CutPrefix(dsn, "file:"); ok {
		path, _, _ := strings.Cut(rest, "?")
		return path, true
	}
	if scheme, _, ok := strings.Cut(dsn, "://"); ok && !strings.ContainsAny(scheme, "/\\") {
		return "", false // a URL of a database ontschot does not speak
	}
	return dsn, true
}

// libpqKeywords reports whether s reads as libpq's key=value connection
// settings ("host=db dbname=ontschot"), which would otherwise be taken for
// a file name.
func libpqKeywords(s string) bool {
	for _, f := range strings.Fields(s) {
		key, _, ok := strings.Cut(f, "=")
		switch strings.ToLower(key) {
		case "host", "hostaddr", "port", "dbname", "user", "password", "sslmode", "service", "connect_timeout":
			if ok {
				return true
			}
		}
	}
	return false
}

// Open opens the ledger dsn names, creating and migrating it as needed.
func Open(dsn string, opts Options) (*ledger.Service, error) {
	if IsPostgres(dsn) {
		// The driver reads the scheme in lower case only.
		scheme, rest, _ := strings.Cut(dsn, "://")
		dsn = strings.ToLower(scheme) + "://" + rest
		engine, err := postgres.Open(dsn, postgres.Options{Now: opts.Now, Logger: opts.Logger, MaxBatch: opts.MaxBatch, AfterCommit: opts.AfterCommit})
		if err != nil {
			return nil, err
		}
		return prepare(ledger.New(engine, ledger.Options{Now: opts.Now, Logger: opts.Logger}))
	}
	path, ok := SQLitePath(dsn)
	if !ok {
		return nil, fmt.Errorf("%q names no ledger: give the path of an SQLite file, or a postgres:// URL", dsn)
	}
	if libpqKeywords(path) {
		return nil, fmt.Errorf("%q looks like PostgreSQL connection settings, not a file: write them as a URL, postgres://user@host:5432/database?sslmode=verify-full", Redact(path))
	}
	engine, err := sqlite.Open(path, sqlite.Options{Now: opts.Now, Logger: opts.Logger, MaxBatch: opts.MaxBatch, AfterCommit: opts.AfterCommit, NoSync: opts.NoSync})
	if err != nil {
		return nil, err
	}
	return prepare(ledger.New(engine, ledger.Options{Now: opts.Now, Logger: opts.Logger}))
}

// prepare builds the ledger's aggregates when it asks for them (a new or
// upgraded ledger; see ledger.Service.BuildAggregates), and closes it when
// that fails.
func prepare(s *ledger.Service) (*ledger.Service, error) {
	if err := s.BuildAggregates(context.Background()); err != nil {
		s.Close()
		return nil, fmt.Errorf("cannot build the ledger's aggregates: %w", err)
	}
	return s, nil
}
