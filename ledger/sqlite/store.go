// Package sqlite is the embedded store of ontschot: one SQLite file in WAL
// mode with synchronous=FULL, foreign keys on, one writer connection and a
// pool of readers.
//
// Writes go through a single writer goroutine that groups the requests
// waiting at that moment into one BEGIN IMMEDIATE transaction (group commit):
// each request runs inside its own SAVEPOINT, so it gets its own result and
// its own error, and a failed request leaves nothing behind; the whole group
// then costs one fsync. No caller hears back before the COMMIT has reached
// the disk, so an answered write survives kill -9 and power loss.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/mattn/go-sqlite3"

	"github.com/ontschot/ontschot/ledger"
)

var _ ledger.Legacy = (*Store)(nil)

// Options tune a Store. The zero value is fine for production.
type Options struct {
	// Logger receives internal errors with detail. Default: discard.
	Logger *slog.Logger
	// Now is the clock; each write reads it once. Default: time.Now.
	Now func() time.Time
	// MaxBatch caps how many writes share one transaction. Default: 256.
	MaxBatch int
	// Readers is the size of the reader pool. Default: 8.
	Readers int
	// AfterCommit, if set, is called by the writer after every write group
	// that added transactions, with the new head of the journal, once it is
	// on disk: for a checkpoint log kept outside the file. It runs on the
	// writer goroutine, so it must be quick.
	AfterCommit func(ledger.Checkpoint)
}

// Store is the SQLite implementation of ledger.Store.
type Store struct {
	path    string
	writeDB *sql.DB
	readDB  *sql.DB
	log     *slog.Logger
	now     func() time.Time

	maxBatch int
	ops      chan *op
	stopped  chan struct{}

	mu     sync.RWMutex // guards closed against sends on ops
	closed bool

	// accounts caches account names to ids: accounts are never renamed or
	// removed, so a cached id stays right. Ids made by a transaction enter
	// the cache only after it commits.
	accounts sync.Map

	// cache is the writer goroutine's own cache of pots, categories and
	// closed periods.
	cache writerCache

	afterCommit func(ledger.Checkpoint)
	// coverage is the sequence number of the transaction that marks where
	// the journal began to commit to payees and governed records; it never
	// changes once the file is migrated.
	coverage int64
}

// Open opens (creating if needed) the ledger in the SQLite file at path and
// applies the migrations it has not seen yet.
func Open(path string, opts Options) (*Store, error) {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.MaxBatch <= 0 {
		opts.MaxBatch = 256
	}
	if opts.Readers <= 0 {
		opts.Readers = 8
	}
	if dir := filepath.Dir(path); dir != "" {
		if _, err := os.Stat(dir); err != nil {
			return nil, fmt.Errorf("open ledger %s: the directory %s does not exist: create it first", path, dir)
		}
	}
	s := &Store{
		path:        path,
		log:         opts.Logger,
		now:         opts.Now,
		maxBatch:    opts.MaxBatch,
		ops:         make(chan *op, 4*opts.MaxBatch),
		stopped:     make(chan struct{}),
		afterCommit: opts.AfterCommit,
	}
	var err error
	// The writer: WAL (set once, persistent in the file), every commit
	// fsynced, transactions that take the write lock at BEGIN.
	s.writeDB, err = sql.Open("sqlite3", dsn(path, url.Values{
		"_journal_mode":    {"WAL"},
		"_synchronous":     {"FULL"},
		"_foreign_keys":    {"1"},
		"_busy_timeout":    {"10000"},
		"_txlock":          {"immediate"},
		"_stmt_cache_size": {"128"},
		"_cache_size":      {"-16000"},
	}))
	if err != nil {
		return nil, fmt.Errorf("open ledger %s: %w", path, err)
	}
	s.writeDB.SetMaxOpenConns(1)
	s.writeDB.SetMaxIdleConns(1)
	s.writeDB.SetConnMaxLifetime(0)
	s.writeDB.SetConnMaxIdleTime(0)
	if err := s.migrate(context.Background()); err != nil {
		s.writeDB.Close()
		return nil, fmt.Errorf("open ledger %s: %w", path, err)
	}
	if s.coverage, err = coverageSeq(context.Background(), s.writeDB); err != nil {
		s.writeDB.Close()
		return nil, fmt.Errorf("open ledger %s: %w", path, err)
	}
	s.readDB, err = sql.Open("sqlite3", dsn(path, url.Values{
		"_foreign_keys":    {"1"},
		"_busy_timeout":    {"10000"},
		"_query_only":      {"1"},
		"_stmt_cache_size": {"64"},
		"_cache_size":      {"-4000"},
	}))
	if err != nil {
		s.writeDB.Close()
		return nil, fmt.Errorf("open ledger %s: %w", path, err)
	}
	s.readDB.SetMaxOpenConns(opts.Readers)
	s.readDB.SetMaxIdleConns(opts.Readers)
	go s.writer()
	return s, nil
}

func dsn(path string, params url.Values) string {
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + params.Encode()
}

// Path returns the file the store was opened on.
func (s *Store) Path() string { return s.path }

// Ping reports whether the file can be read.
func (s *Store) Ping(ctx context.Context) error {
	var n int
	return internal("ping", s.readDB.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations`).Scan(&n))
}

// Close stops accepting writes, finishes the writes already queued and
// closes the database.
func (s *Store) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	close(s.ops)
	s.mu.Unlock()
	<-s.stopped
	return errors.Join(s.readDB.Close(), s.writeDB.Close())
}

// internal wraps an unexpected error with the operation, for the log.
func internal(op string, err error) error {
	if err == nil {
		return nil
	}
	var le *ledger.Error
	if errors.As(err, &le) {
		return err
	}
	return fmt.Errorf("%s: %w", op, err)
}

// isUnique reports whether err is a UNIQUE or PRIMARY KEY violation.
func isUnique(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && (se.ExtendedCode == sqlite3.ErrConstraintUnique || se.ExtendedCode == sqlite3.ErrConstraintPrimaryKey)
}

// formatTime writes an instant as the journal does.
func formatTime(t time.Time) string { return t.UTC().Format(ledger.TimeLayout) }

// parseTime reads an instant written by formatTime.
func parseTime(s string) time.Time {
	t, err := time.Parse(ledger.TimeLayout, s)
	if err != nil {
		return time.Time{}
	}
	return t
}

// parseDate reads a date column as it was written. It does not go through
// ledger.ParseDate, whose range is a rule for new input: a date stored
// before that rule (or outside it) must read back unchanged, or its digest
// would no longer match and Verify would blame the journal.
func parseDate(s string) ledger.Date {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return ledger.Date{}
	}
	return ledger.NewDate(t.Date())
}
