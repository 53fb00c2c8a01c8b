package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/ontschot/ontschot/ledger/sqlengine"
)

// OpenCopySource opens the ledger in the PostgreSQL database dsn names for
// a copy into another ledger (sqlengine.Copy): only read, in one
// REPEATABLE READ snapshot, and not migrated, since a copy takes a ledger
// exactly as it is. Servers may keep writing it meanwhile. The caller
// closes the returned DB.
//
// Errors: a URL that does not parse, a server that cannot be reached, a
// database that holds no ledger, or one whose schema is not this release's
// (sqlengine.CheckSourceVersion), each naming the database without its
// password.
func OpenCopySource(ctx context.Context, dsn string) (sqlengine.CopyEnd, error) {
	name := redact(dsn)
	db, err := connectOne(ctx, dsn)
	if err != nil {
		return sqlengine.CopyEnd{}, err
	}
	var has bool
	if err := db.QueryRowContext(ctx, `SELECT to_regclass('schema_migrations') IS NOT NULL`).Scan(&has); err != nil {
		db.Close()
		return sqlengine.CopyEnd{}, fmt.Errorf("read %s: %v", name, redactErr(err, dsn))
	}
	if !has {
		db.Close()
		return sqlengine.CopyEnd{}, fmt.Errorf("the database %s holds no ontschot ledger (it has no schema_migrations table): check the database name", name)
	}
	applied, err := appliedVersions(ctx, db)
	if err == nil {
		err = sqlengine.CheckSourceVersion(name, applied, releaseVersions())
	}
	if err != nil {
		db.Close()
		return sqlengine.CopyEnd{}, err
	}
	return sqlengine.CopyEnd{Name: name, DB: db, Dialect: dialect{}}, nil
}

// connectOne opens a single connection to the database dsn names, as Open
// configures it, and checks that it answers.
func connectOne(ctx context.Context, dsn string) (*sql.DB, error) {
	name := redact(dsn)
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("%s is not a PostgreSQL URL (postgres://user:password@host:port/database): %v", name, redactErr(err, dsn))
	}
	if cfg.ConnectTimeout == 0 {
		cfg.ConnectTimeout = connectTimeout
	}
	if cfg.RuntimeParams["application_name"] == "" {
		cfg.RuntimeParams["application_name"] = "ontschot copy"
	}
	// Prepare and Copy rely on READ COMMITTED for the target, as the
	// writer does; the source's snapshot asks for REPEATABLE READ itself.
	cfg.RuntimeParams["default_transaction_isolation"] = "read committed"
	db := stdlib.OpenDB(*cfg)
	db.SetMaxOpenConns(1)
	cctx, cancel := context.WithTimeout(ctx, cfg.ConnectTimeout)
	defer cancel()
	if err := db.PingContext(cctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("cannot connect to %s: %v", name, redactErr(err, dsn))
	}
	return db, nil
}

// releaseVersions lists the versions of the migrations this release
// carries, ascending.
func releaseVersions() []int {
	ms, err := loadMigrations()
	if err != nil {
		panic(err) // the migrations are embedded: a bad name is a build error
	}
	return sqlengine.Versions(ms)
}

// CopyTarget is a new, empty PostgreSQL database that a copy fills. The
// copy makes the schema and writes every row in one transaction (Prepare
// is the schema's part): a copy that fails, is cancelled, or loses its
// connection leaves the database as empty as it was, ready for the next
// attempt.
type CopyTarget struct {
	end sqlengine.CopyEnd
	dsn string
}

// CreateCopyTarget connects to the database dsn names, which must be empty
// (no tables at all), for a copy to fill.
//
// Errors: the database holds a ledger or other tables already, each a
// sentence saying what to do; or the connection's (see OpenCopySource).
func CreateCopyTarget(ctx context.Context, dsn string) (*CopyTarget, error) {
	db, err := connectOne(ctx, dsn)
	if err != nil {
		return nil, err
	}
	name := redact(dsn)
	if err := checkEmpty(ctx, db, name); err != nil {
		db.Close()
		return nil, err
	}
	t := &CopyTarget{dsn: dsn}
	t.end = sqlengine.CopyEnd{Name: name, DB: db, Dialect: dialect{}, Prepare: func(ctx context.Context, tx *sql.Tx) error {
		// Under the migrations' advisory lock, look again: a server
		// started on the database meanwhile would have made its schema.
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(migrateLock)); err != nil {
			return fmt.Errorf("make the schema in %s: %w", name, err)
		}
		if err := checkEmpty(ctx, tx, name); err != nil {
			return err
		}
		if _, err := applyMigrations(ctx, tx, nil); err != nil {
			return fmt.Errorf("make the schema in %s: %w", name, err)
		}
		return nil
	}}
	return t, nil
}

// checkEmpty refuses a database with tables in its schema: a copy goes
// into a new database and never mixes with another's rows.
func checkEmpty(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, name string) error {
	rows, err := q.QueryContext(ctx, `SELECT table_name FROM information_schema.tables
		WHERE table_schema = current_schema() ORDER BY table_name`)
	if err != nil {
		return fmt.Errorf("read %s: %w", name, err)
	}
	defer rows.Close()
	var tables []string
	ledger := false
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return fmt.Errorf("read %s: %w", name, err)
		}
		tables = append(tables, t)
		ledger = ledger || t == "schema_migrations"
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read %s: %w", name, err)
	}
	switch {
	case ledger:
		return fmt.Errorf("the database %s holds a ledger already: a copy goes into a new, empty database and never overwrites one; create one (CREATE DATABASE …) and copy into that, or drop this one first if you are sure it is not needed", name)
	case len(tables) > 0:
		if len(tables) > 5 {
			tables = append(tables[:5], "…")
		}
		return fmt.Errorf("the database %s is not empty (it has the tables %s): a copy goes into a new, empty database; create one (CREATE DATABASE …) and copy into that", name, strings.Join(tables, ", "))
	}
	return nil
}

// End is the target as sqlengine.Copy writes it.
func (t *CopyTarget) End() sqlengine.CopyEnd { return t.end }

// DSN is where the finished copy is opened for its checks: the database.
func (t *CopyTarget) DSN() string { return t.dsn }

// Close releases the connection the copy wrote through.
func (t *CopyTarget) Close() error { return t.end.DB.Close() }

// Finish releases the connection; the copy's commit already made it the
// ledger.
func (t *CopyTarget) Finish() error { return t.Close() }

// Discard releases the connection of a copy that failed or was stopped:
// its transaction was rolled back, so the database is as it was.
func (t *CopyTarget) Discard() { t.Close() }

// Tables reads the tables of the database's schema with their columns and
// primary keys (sqlengine.CopySchema), in three queries, each read whole
// before the next: one query at a time on a connection.
func (dialect) Tables(ctx context.Context, tx *sql.Tx) ([]sqlengine.Table, error) {
	var tables []sqlengine.Table
	index := map[string]int{}
	err := eachRow(ctx, tx, `SELECT table_name FROM information_schema.tables
		WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`, func(rows *sql.Rows) error {
		var t sqlengine.Table
		if err := rows.Scan(&t.Name); err != nil {
			return err
		}
		index[t.Name] = len(tables)
		tables = append(tables, t)
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = eachRow(ctx, tx, `SELECT table_name, column_name, data_type, is_identity FROM information_schema.columns
		WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`, func(rows *sql.Rows) error {
		var table, typ, identity string
		var c sqlengine.Column
		if err := rows.Scan(&table, &c.Name, &typ, &identity); err != nil {
			return err
		}
		i, ok := index[table]
		if !ok {
			return nil // a view's
		}
		switch typ {
		case "bigint", "integer", "smallint":
			c.Kind = sqlengine.KindInt
		case "boolean":
			c.Kind = sqlengine.KindBool
		case "text", "character varying":
			c.Kind = sqlengine.KindText
		case "bytea":
			c.Kind = sqlengine.KindBytes
		}
		c.Identity = identity == "YES"
		tables[i].Columns = append(tables[i].Columns, c)
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = eachRow(ctx, tx, `SELECT k.table_name, k.column_name
		FROM information_schema.table_constraints c
		JOIN information_schema.key_column_usage k
			ON k.constraint_schema = c.constraint_schema AND k.constraint_name = c.constraint_name AND k.table_name = c.table_name
		WHERE c.table_schema = current_schema() AND c.constraint_type = 'PRIMARY KEY'
		ORDER BY k.table_name, k.ordinal_position`, func(rows *sql.Rows) error {
		var table, col string
		if err := rows.Scan(&table, &col); err != nil {
			return err
		}
		if i, ok := index[table]; ok {
			tables[i].Key = append(tables[i].Key, col)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return tables, nil
}

// eachRow runs a query in tx and calls fn for every row.
func eachRow(ctx context.Context, tx *sql.Tx, query string, fn func(*sql.Rows) error) error {
	rows, err := tx.QueryContext(ctx, query)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// AfterCopy moves each identity column's sequence past the largest id
// copied, so that the next row the ledger adds gets a new id rather than
// one of the copied (sqlengine.CopySchema).
func (dialect) AfterCopy(ctx context.Context, tx *sql.Tx, tables []sqlengine.Table) error {
	for _, t := range tables {
		for _, c := range t.Columns {
			if !c.Identity {
				continue
			}
			col := `"` + c.Name + `"`
			// setval(seq, n, false): the next value is n.
			q := `SELECT setval(pg_get_serial_sequence($1, $2), COALESCE(MAX(` + col + `), 0) + 1, false) FROM "` + t.Name + `"`
			if _, err := tx.ExecContext(ctx, q, t.Name, c.Name); err != nil {
				return fmt.Errorf("move the sequence of %s.%s: %w", t.Name, c.Name, err)
			}
		}
	}
	return nil
}

// SameDatabase reports whether two connection strings name the same
// database: the same host (or socket directory), port and database name,
// whatever else differs (user, password, options). Strings that do not
// parse are compared as they are.
func SameDatabase(a, b string) bool {
	ca, erra := pgx.ParseConfig(a)
	cb, errb := pgx.ParseConfig(b)
	if erra != nil || errb != nil {
		return a == b
	}
	return ca.Host == cb.Host && ca.Port == cb.Port && ca.Database == cb.Database
}

// CheckURL reports, as a sentence without the password, why dsn is not a
// connection string the driver takes; nil if it is.
func CheckURL(dsn string) error {
	if _, err := pgx.ParseConfig(dsn); err != nil {
		return fmt.Errorf("not a PostgreSQL URL (postgres://user:password@host:port/database): %s", redactErr(err, dsn))
	}
	return nil
}
