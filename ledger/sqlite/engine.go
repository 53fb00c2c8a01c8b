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
	"time"

	"github.com/mattn/go-sqlite3"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/sqlengine"
)

// Engine is the ledger in one SQLite file: the shared SQL engine over
// SQLite, with what only a file has (its path, a backup by VACUUM INTO).
type Engine struct {
	*sqlengine.DB
	path string
}

// Options tune an Engine. The zero value is fine for production.
type Options struct {
	// Logger receives internal errors with detail. Default: discard.
	Logger *slog.Logger
	// Now is the clock of the migrations' seeds. Default: time.Now.
	Now func() time.Time
	// MaxBatch caps how many writes share one transaction. Default: 256.
	MaxBatch int
	// Readers is the size of the reader pool. Default: 8.
	Readers int
	// NoSync commits without waiting for the disk (synchronous=OFF), for
	// building a throwaway ledger quickly: a crash may lose the last
	// writes or damage the file (storage.Options.NoSync).
	NoSync bool
	// AfterCommit, if set, is called after every group of writes that
	// added transactions, with the new head of the journal, once it is on
	// disk (sqlengine.Options).
	AfterCommit func(ledger.Checkpoint)
}

// Open opens (creating if needed) the ledger in the SQLite file at
// path and applies the migrations it has not seen yet: WAL mode,
// synchronous=FULL, foreign keys on, one writer connection that takes the
// write lock at BEGIN, and a pool of query-only readers.
func Open(path string, opts Options) (*Engine, error) {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Readers <= 0 {
		opts.Readers = 8
	}
	if dir := filepath.Dir(path); dir != "" {
		if _, err := os.Stat(dir); err != nil {
			return nil, fmt.Errorf("open ledger %s: the directory %s does not exist: create it first", path, dir)
		}
	}
	synchronous := "FULL"
	if opts.NoSync {
		synchronous = "OFF"
	}
	writeDB, err := sql.Open("sqlite3", dsn(path, url.Values{
		"_journal_mode":    {"WAL"},
		"_synchronous":     {synchronous},
		"_foreign_keys":    {"1"},
		"_busy_timeout":    {"10000"},
		"_txlock":          {"immediate"},
		"_stmt_cache_size": {"128"},
		"_cache_size":      {"-16000"},
	}))
	if err != nil {
		return nil, fmt.Errorf("open ledger %s: %w", path, err)
	}
	writeDB.SetMaxOpenConns(1)
	writeDB.SetMaxIdleConns(1)
	writeDB.SetConnMaxLifetime(0)
	writeDB.SetConnMaxIdleTime(0)
	if err := migrate(context.Background(), writeDB, opts.Now, 1<<30); err != nil {
		writeDB.Close()
		return nil, fmt.Errorf("open ledger %s: %w", path, err)
	}
	readDB, err := sql.Open("sqlite3", dsn(path, url.Values{
		"_foreign_keys":    {"1"},
		"_busy_timeout":    {"10000"},
		"_query_only":      {"1"},
		"_stmt_cache_size": {"64"},
		"_cache_size":      {"-4000"},
	}))
	if err != nil {
		writeDB.Close()
		return nil, fmt.Errorf("open ledger %s: %w", path, err)
	}
	readDB.SetMaxOpenConns(opts.Readers)
	readDB.SetMaxIdleConns(opts.Readers)
	db := sqlengine.New(writeDB, readDB, dialect{}, sqlengine.Options{
		Logger: opts.Logger, MaxBatch: opts.MaxBatch, AfterCommit: opts.AfterCommit,
	})
	return &Engine{DB: db, path: path}, nil
}

// dsn is the go-sqlite3 data source name of the file at path with params.
func dsn(path string, params url.Values) string {
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + params.Encode()
}

// Path returns the file the engine was opened on.
func (e *Engine) Path() string { return e.path }

// dialect is SQLite's: ? placeholders, the file's write lock taken at
// BEGIN IMMEDIATE, and PRAGMA data_version to notice commits of other
// processes (the command line beside a running server).
type dialect struct{}

var _ sqlengine.Dialect = dialect{}

func (dialect) Name() string               { return "SQLite" }
func (dialect) Rebind(query string) string { return query }

func (dialect) IsUnique(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && (se.ExtendedCode == sqlite3.ErrConstraintUnique || se.ExtendedCode == sqlite3.ErrConstraintPrimaryKey)
}

// Unavailable names the errors of a disk that is full or failing, a file
// that cannot be written, or a lock held past the busy timeout.
func (dialect) Unavailable(err error) (string, bool) {
	var se sqlite3.Error
	if !errors.As(err, &se) {
		return "", false
	}
	switch se.Code {
	case sqlite3.ErrFull, sqlite3.ErrIoErr, sqlite3.ErrReadonly, sqlite3.ErrBusy, sqlite3.ErrLocked, sqlite3.ErrCantOpen:
		return se.Code.Error(), true
	}
	return "", false
}

// Retryable is false: the write lock is taken at BEGIN, so a group never
// meets another writer half-way.
func (dialect) Retryable(error) bool { return false }

// BeginGroup reads PRAGMA data_version, which changes when another
// connection commits (and not when this one does).
func (dialect) BeginGroup(ctx context.Context, tx *sql.Tx) (int64, error) {
	var v int64
	err := tx.QueryRowContext(ctx, `PRAGMA data_version`).Scan(&v)
	return v, err
}

// EndGroup keeps the version: this connection's own commit leaves it.
func (dialect) EndGroup(_ context.Context, _ *sql.Tx, v int64) (int64, error) { return v, nil }

// ReadOptions start a read-only snapshot.
func (dialect) ReadOptions() *sql.TxOptions { return &sql.TxOptions{ReadOnly: true} }

// StringAgg is group_concat with an ordered argument (SQLite 3.44).
func (dialect) StringAgg(expr, orderBy string) string {
	return "group_concat(" + expr + ", char(31) ORDER BY " + orderBy + ")"
}

func (dialect) IndexedBy(index string) string { return " INDEXED BY " + index }

func (dialect) NotIndexed() string { return " NOT INDEXED" }
