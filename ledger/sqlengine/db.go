// Package sqlengine keeps the ledger's rows in a SQL database through
// database/sql: the storage engine that ledger/sqlite and ledger/postgres
// configure with a Dialect. It stores and locks; every rule is
// ledger.Service's.
//
// Writes go through a single writer goroutine per process that groups the
// writes waiting at that moment into one transaction (group commit): each
// write runs inside its own SAVEPOINT, so it gets its own result and its
// own error and a failed write leaves nothing behind; the group then costs
// one commit (one fsync). No caller hears back before the COMMIT is
// durable. Across processes and servers the Dialect serialises the groups
// (SQLite's write lock, a row lock in PostgreSQL), so the journal never
// forks and every write sees every write committed before it.
//
// The SQL is written once, with ? placeholders and SQL both databases
// speak; the Dialect rebinds placeholders and classifies errors.
package sqlengine

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/ontschot/ontschot/ledger"
)

// Dialect is what differs between the databases the engine runs on.
type Dialect interface {
	// Name names the database in errors and logs ("SQLite").
	Name() string
	// Rebind turns a query written with ? placeholders into the
	// database's own form.
	Rebind(query string) string
	// IsUnique reports whether err is a violation of a primary key or a
	// unique constraint.
	IsUnique(err error) bool
	// Unavailable reports, for an error of a write, whether the database
	// cannot take writes now (a full disk, a lost connection, a lock held
	// too long), with a short reason for the user; the write was not
	// booked and can be tried again later.
	Unavailable(err error) (reason string, ok bool)
	// Retryable reports whether err is a serialisation failure or a
	// deadlock, after which the whole group is run again.
	Retryable(err error) bool
	// BeginGroup starts a group of writes in tx: it takes whatever lock
	// serialises the groups of every process and server, and returns the
	// database's data version, which changes whenever another process
	// commits.
	BeginGroup(ctx context.Context, tx *sql.Tx) (version int64, err error)
	// EndGroup ends a group of writes before its commit and returns the
	// data version as it will be once the group has committed.
	EndGroup(ctx context.Context, tx *sql.Tx, version int64) (int64, error)
	// ReadOptions are the options of a read snapshot.
	ReadOptions() *sql.TxOptions
	// StringAgg returns the aggregate that joins the values of expr in
	// the order of orderBy, separated by the unit separator (U+001F):
	// SQLite's group_concat, PostgreSQL's string_agg.
	StringAgg(expr, orderBy string) string
	// IndexedBy returns the clause, put right after a table's name in a
	// FROM, that has the query read the table through the index: SQLite's
	// INDEXED BY, for a query whose planner, without statistics, would
	// walk a far larger part of the table to save a sort; "" where the
	// planner keeps statistics of its own (PostgreSQL).
	IndexedBy(index string) string
	// NotIndexed returns the clause, put right after a table's name in a
	// FROM, that has the query read the table by its rowid only: SQLite's
	// NOT INDEXED, for a range of the journal's sequence numbers that the
	// planner would otherwise read by scanning a covering index whole; ""
	// for PostgreSQL.
	NotIndexed() string
}

// Options tune a DB. The zero value is fine for production.
type Options struct {
	// Logger receives internal errors with detail. Default: discard.
	Logger *slog.Logger
	// MaxBatch caps how many writes share one transaction. Default: 256.
	MaxBatch int
	// AfterCommit, if set, is called by the writer after every group that
	// added transactions, with the new head of the journal, once it is
	// durable: for a checkpoint log kept outside the database. It runs on
	// the writer goroutine, so it must be quick.
	AfterCommit func(ledger.Checkpoint)
	// RetryAttempts caps how often a group is run after a serialisation
	// failure. Default: 5.
	RetryAttempts int
}

// DB is the storage engine over one database: ledger.Engine.
type DB struct {
	d       Dialect
	writeDB *sql.DB
	readDB  *sql.DB
	log     *slog.Logger

	maxBatch int
	retries  int
	ops      chan *op
	stopped  chan struct{}

	mu     sync.RWMutex // guards closed against sends on ops
	closed bool

	// accounts caches account names to ids: accounts are never renamed or
	// removed, so a cached id stays right. Ids made by a group enter the
	// cache only after it commits.
	accounts sync.Map
	// rebound caches each query in the dialect's form.
	rebound sync.Map

	// Owned by the writer goroutine.
	cache       cache
	version     int64
	afterCommit func(ledger.Checkpoint)
	groupHook   func(ledger.Tx, []string) error
}

var _ ledger.Engine = (*DB)(nil)

// New starts the engine over a database whose schema is migrated: writeDB
// is used by the writer goroutine alone (one connection), readDB by the
// reads.
func New(writeDB, readDB *sql.DB, d Dialect, opts Options) *DB {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.MaxBatch <= 0 {
		opts.MaxBatch = 256
	}
	if opts.RetryAttempts <= 0 {
		opts.RetryAttempts = 5
	}
	db := &DB{
		d: d, writeDB: writeDB, readDB: readDB, log: opts.Logger,
		maxBatch: opts.MaxBatch, retries: opts.RetryAttempts,
		ops: make(chan *op, 4*opts.MaxBatch), stopped: make(chan struct{}),
		afterCommit: opts.AfterCommit, version: -1,
	}
	go db.writer()
	return db
}

// Dialect returns the database's dialect.
func (db *DB) Dialect() Dialect { return db.d }

// ReadDB returns the pool of read connections, for the engine packages'
// own reads (a schema version, a backup).
func (db *DB) ReadDB() *sql.DB { return db.readDB }

// OnGroupCommit sets the function each group calls before it commits, with
// its stored answers (ledger.Engine).
func (db *DB) OnGroupCommit(fn func(ledger.Tx, []string) error) { db.groupHook = fn }

// Read runs fn over one snapshot (ledger.Engine).
// A database that cannot be read now (unreachable, shutting down, out of
// resources: the dialect's Unavailable) is EUNAVAILABLE, as for writes.
func (db *DB) Read(ctx context.Context, fn func(ledger.ReadTx) error) error {
	tx, err := db.readDB.BeginTx(ctx, db.d.ReadOptions())
	if err != nil {
		return db.unreadable(fmt.Errorf("begin read: %w", err))
	}
	defer tx.Rollback()
	return db.unreadable(fn(&rtx{reader{ctx: ctx, db: db, q: tx}}))
}

// unreadable turns the errors of a database that cannot be read now into
// an EUNAVAILABLE error: the user can try again later, and the operator
// finds the cause in the log.
func (db *DB) unreadable(err error) error {
	if err == nil {
		return nil
	}
	if reason, ok := db.d.Unavailable(err); ok {
		db.log.Error("read failed: the database is unavailable", "reason", reason, "err", err)
		return ledger.Errorf(ledger.EUNAVAILABLE, "the ledger cannot be read now (%s). Try again in a little while; the operator is told in the log", reason)
	}
	return err
}

// Ping reports whether the database can be read (ledger.Engine).
func (db *DB) Ping(ctx context.Context) error {
	var n int
	return db.readDB.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations`).Scan(&n)
}

// SchemaVersion returns the version of the newest migration applied.
func (db *DB) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := db.readDB.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&v)
	return v, err
}

// Close stops accepting writes, finishes the writes already queued and
// closes the database (ledger.Engine).
func (db *DB) Close() error {
	db.mu.Lock()
	if db.closed {
		db.mu.Unlock()
		return nil
	}
	db.closed = true
	close(db.ops)
	db.mu.Unlock()
	<-db.stopped
	return errors.Join(db.readDB.Close(), db.writeDB.Close())
}

// rebind returns a query in the dialect's form, once per query.
func (db *DB) rebind(query string) string {
	if q, ok := db.rebound.Load(query); ok {
		return q.(string)
	}
	q := db.d.Rebind(query)
	db.rebound.Store(query, q)
	return q
}

// Rebind turns ? placeholders into PostgreSQL's $1, $2, …; a dialect that
// takes $n placeholders uses it. The queries of this package hold no ? in
// a string literal.
func Rebind(query string) string {
	if !strings.Contains(query, "?") {
		return query
	}
	var b strings.Builder
	b.Grow(len(query) + 16)
	n := 0
	for i := 0; i < len(query); i++ {
		if query[i] == '?' {
			n++
			fmt.Fprintf(&b, "$%d", n)
			continue
		}
		b.WriteByte(query[i])
	}
	return b.String()
}

// FormatTime writes an instant as the journal does; every instant is
// stored so, as text.
func FormatTime(t time.Time) string { return t.UTC().Format(ledger.TimeLayout) }

// parseTime reads an instant written by FormatTime.
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

// nullTime reads an optional instant.
func nullTime(s sql.NullString) *time.Time {
	if !s.Valid {
		return nil
	}
	t := parseTime(s.String)
	return &t
}

// placeholders returns "?, ?, …" for n values.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}
