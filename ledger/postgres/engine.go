// Package postgres keeps the ledger in a PostgreSQL database: the shared SQL
// engine (ledger/sqlengine) over PostgreSQL through pgx's database/sql
// driver, for several servers on one database, a shared regional service,
// or the database platform a municipality already runs.
//
// Several servers may write one database at once. Every group of writes
// begins by locking the single row of ledger_lock (SELECT … FOR UPDATE), in
// a READ COMMITTED transaction: the groups of all servers run one after the
// other, so the journal never forks, and every statement of a group (the
// availability check of a payout among them) sees every group committed
// before it, on any server. The group ends by raising the row's version;
// a server that finds a version other than the one it left drops its
// caches, so it never decides on a pot or a closed period that another
// server has changed. Reads run in REPEATABLE READ read-only snapshots.
//
// The schema is embedded and applied when the database is opened
// (migrate.go).
package postgres

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/sqlengine"
)

// Engine is the ledger in a PostgreSQL database: the shared SQL engine
// over PostgreSQL.
type Engine struct {
	*sqlengine.DB
}

var _ ledger.Engine = (*Engine)(nil)

// Options tune an Engine. The zero value is fine for production.
type Options struct {
	// Logger receives internal errors with detail. Default: discard.
	Logger *slog.Logger
	// Now is the clock of the migrations' seeds. Default: time.Now.
	Now func() time.Time
	// MaxBatch caps how many writes share one transaction. Default: 256.
	MaxBatch int
	// Readers is the size of the pool of read connections. Default: 8.
	Readers int
	// AfterCommit, if set, is called after every group of writes that
	// added transactions, with the new head of the journal, once it is
	// committed (sqlengine.Options).
	AfterCommit func(ledger.Checkpoint)
}

// connectTimeout bounds how long Open waits for the server, and each new
// connection's handshake, when the URL sets no connect_timeout.
const connectTimeout = 10 * time.Second

// Open opens the ledger in the PostgreSQL database dsn names (a
// postgres:// or postgresql:// URL, or a key=value connection string) and
// applies the migrations it has not seen yet: one connection for the
// writer goroutine and a pool of readers. Errors: a URL that does not
// parse, a server that cannot be reached, or a failed migration, each
// naming the database without its password.
func Open(dsn string, opts Options) (*Engine, error) {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Readers <= 0 {
		opts.Readers = 8
	}
	name := redact(dsn)
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("open ledger %s: not a PostgreSQL URL (postgres://user:password@host:port/database): %v", name, redactErr(err, dsn))
	}
	if cfg.ConnectTimeout == 0 {
		cfg.ConnectTimeout = connectTimeout
	}
	if cfg.RuntimeParams["application_name"] == "" {
		cfg.RuntimeParams["application_name"] = "ontschot"
	}
	// The writer's groups rely on READ COMMITTED: once the group holds
	// ledger_lock, each statement sees every group committed before. A
	// database whose default is stricter would make the lock itself fail
	// with serialisation errors, so the write connection says so itself.
	wcfg := cfg.Copy()
	wcfg.RuntimeParams["default_transaction_isolation"] = "read committed"
	// An answered write must be on the server's disk (invariant 7): a
	// database or role whose default is synchronous_commit=off would lose
	// the last acknowledged payouts in a crash, so the writer asks for the
	// flush itself.
	wcfg.RuntimeParams["synchronous_commit"] = "on"
	writeDB := stdlib.OpenDB(*wcfg)
	writeDB.SetMaxOpenConns(1)
	writeDB.SetMaxIdleConns(1)
	writeDB.SetConnMaxLifetime(0)
	writeDB.SetConnMaxIdleTime(0)
	ctx, cancel := context.WithTimeout(context.Background(), cfg.ConnectTimeout)
	err = writeDB.PingContext(ctx)
	cancel()
	if err != nil {
		writeDB.Close()
		return nil, fmt.Errorf("open ledger %s: cannot connect: %v", name, redactErr(err, dsn))
	}
	// Text is UTF-8 throughout: a database in another encoding would store
	// names the journal hashed as UTF-8 in other bytes, and a dump restored
	// into a UTF-8 database would no longer verify.
	var encoding string
	if err := writeDB.QueryRowContext(context.Background(), `SHOW server_encoding`).Scan(&encoding); err != nil {
		writeDB.Close()
		return nil, fmt.Errorf("open ledger %s: %v", name, redactErr(err, dsn))
	}
	if encoding != "UTF8" {
		writeDB.Close()
		return nil, fmt.Errorf("open ledger %s: the database's encoding is %s, and ontschot needs UTF8: create the database with createdb -E UTF8 -T template0, or CREATE DATABASE … ENCODING 'UTF8' TEMPLATE template0", name, encoding)
	}
	readDB := stdlib.OpenDB(*cfg.Copy())
	readDB.SetMaxOpenConns(opts.Readers)
	readDB.SetMaxIdleConns(opts.Readers)
	db := sqlengine.New(writeDB, readDB, dialect{}, sqlengine.Options{
		Logger: opts.Logger, MaxBatch: opts.MaxBatch, AfterCommit: opts.AfterCommit,
	})
	// The writer goroutine takes the write connection only for a write,
	// and none can come before Open returns, so the migrations use it.
	if err := migrate(context.Background(), db, writeDB, opts.Now); err != nil {
		db.Close()
		return nil, fmt.Errorf("open ledger %s: %v", name, redactErr(err, dsn))
	}
	return &Engine{DB: db}, nil
}

// Redact returns a PostgreSQL URL as it may be shown in messages and
// logs: without its password, whether in the user part or as a password
// parameter. A URL that does not parse is shown as "postgres://…".
func Redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.Scheme == "" {
		return "postgres://…"
	}
	if q := u.Query(); q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.Redacted()
}

// redact is Redact, for this package's messages.
func redact(dsn string) string { return Redact(dsn) }

// redactErr keeps every password the dsn gives (in the user part, as a
// parameter, or from PGPASSWORD or a password file as the driver reads
// them) out of an error's message, which a driver may quote.
func redactErr(err error, dsn string) string {
	msg := err.Error()
	var pws []string
	if u, perr := url.Parse(dsn); perr == nil {
		if pw, ok := u.User.Password(); ok {
			pws = append(pws, pw)
		}
		pws = append(pws, u.Query()["password"]...)
	}
	if cfg, perr := pgx.ParseConfig(dsn); perr == nil {
		pws = append(pws, cfg.Password)
	}
	for _, pw := range pws {
		if pw != "" {
			msg = strings.ReplaceAll(msg, pw, "xxxxx")
		}
	}
	return msg
}

// dialect is PostgreSQL's: $n placeholders, the ledger_lock row lock that
// serialises the write groups of every server, and its version to notice
// other servers' commits.
type dialect struct{}

var _ sqlengine.Dialect = dialect{}

func (dialect) Name() string               { return "PostgreSQL" }
func (dialect) Rebind(query string) string { return sqlengine.Rebind(query) }

// IsUnique reports a unique_violation (SQLSTATE 23505), which a primary
// key raises too.
func (dialect) IsUnique(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23505"
}

// Unavailable names the errors after which the database cannot take
// writes now but may later: a lost or refused connection (class 08, or
// refused at the socket), a server short of disk, memory or connections
// (class 53), one shutting down or starting up (57P0x), and a read-only
// server (25006: a standby after a failover, or a database set read-only).
func (dialect) Unavailable(err error) (string, bool) {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case pe.Code == "53100":
			return "the database server's disk is full", true
		case pe.Code == "53200":
			return "the database server is out of memory", true
		case pe.Code == "53300":
			return "the database server has too many connections", true
		case strings.HasPrefix(pe.Code, "53"):
			return "the database server is short of resources", true
		case strings.HasPrefix(pe.Code, "08"):
			return "the connection to the database failed", true
		case pe.Code == "57P03":
			return "the database server is starting up", true
		case strings.HasPrefix(pe.Code, "57P0"):
			return "the database server is shutting down", true
		case pe.Code == "25006":
			return "the database is read-only", true
		}
		return "", false
	}
	if errors.Is(err, syscall.ECONNREFUSED) {
		return "the database server refused the connection", true
	}
	// A connection the server or the network ended under a statement: the
	// write under way is lost (its transaction ended with the connection),
	// and the pool opens a new connection for the next.
	var oe *net.OpError
	if errors.Is(err, syscall.EPIPE) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, driver.ErrBadConn) || errors.As(err, &oe) {
		return "the connection to the database was lost", true
	}
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) {
		return "the database server cannot be reached", true
	}
	return "", false
}

// Retryable reports a serialisation failure (40001) or a deadlock
// (40P01): the group ran into another server's and runs again.
func (dialect) Retryable(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "40001" || pe.Code == "40P01")
}

// BeginGroup locks the row of ledger_lock until the group commits or rolls
// back: the write groups of every server on the database run one at a
// time, and in READ COMMITTED each statement after the lock sees every
// group committed before it. The version it returns is the one the last
// group (of any server) left.
func (dialect) BeginGroup(ctx context.Context, tx *sql.Tx) (int64, error) {
	var v int64
	err := tx.QueryRowContext(ctx, `SELECT version FROM ledger_lock WHERE id = 1 FOR UPDATE`).Scan(&v)
	return v, err
}

// EndGroup raises the version, so that every other server's next group
// drops its caches, and returns the version this group leaves.
func (dialect) EndGroup(ctx context.Context, tx *sql.Tx, v int64) (int64, error) {
	if _, err := tx.ExecContext(ctx, `UPDATE ledger_lock SET version = version + 1 WHERE id = 1`); err != nil {
		return 0, err
	}
	return v + 1, nil
}

// ReadOptions start a read-only snapshot that holds for the whole read.
func (dialect) ReadOptions() *sql.TxOptions {
	return &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}
}

// StringAgg is string_agg with an ordered argument; expr is cast to text,
// as SQLite's group_concat takes any value.
func (dialect) StringAgg(expr, orderBy string) string {
	return "string_agg(CAST(" + expr + " AS TEXT), chr(31) ORDER BY " + orderBy + ")"
}

func (dialect) IndexedBy(string) string { return "" }

func (dialect) NotIndexed() string { return "" }
