// Package storage opens a ledger by its data source name: a path (or a
// file: URI) is an SQLite file, a postgres:// or postgresql:// URL a
// PostgreSQL database. Every command that takes --db goes through Open.
package storage

import (
	"fmt"
	"log/slog"
	"net/url"
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
}

// IsPostgres reports whether dsn names a PostgreSQL database.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Redact returns dsn as it may be shown in messages and logs: a postgres://
// URL without its password (in the user part, or a password parameter);
// a path as it is. A URL that does not parse is shown as "postgres://…".
func Redact(dsn string) string {
	if !IsPostgres(dsn) {
		return dsn
	}
	u, err := url.Parse(dsn)
	if err != nil {
		return "postgres://…"
	}
	if q := u.Query(); q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.Redacted()
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
	return dsn, true
}

// Open opens the ledger dsn names, creating and migrating it as needed.
func Open(dsn string, opts Options) (*ledger.Service, error) {
	if IsPostgres(dsn) {
		engine, err := postgres.Open(dsn, postgres.Options{Now: opts.Now, Logger: opts.Logger, MaxBatch: opts.MaxBatch, AfterCommit: opts.AfterCommit})
		if err != nil {
			return nil, err
		}
		// No legacy store: on PostgreSQL every operation runs above the
		// engine.
		return ledger.New(engine, ledger.Options{Now: opts.Now, Logger: opts.Logger}), nil
	}
	path, ok := SQLitePath(dsn)
	if !ok {
		return nil, fmt.Errorf("%q names no ledger: give the path of an SQLite file, or a postgres:// URL", dsn)
	}
	engine, err := sqlite.Open(path, sqlite.Options{Now: opts.Now, Logger: opts.Logger, MaxBatch: opts.MaxBatch, AfterCommit: opts.AfterCommit})
	if err != nil {
		return nil, err
	}
	return ledger.New(engine, ledger.Options{Now: opts.Now, Logger: opts.Logger}), nil
}
