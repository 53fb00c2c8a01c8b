package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/ontschot/ontschot/ledger/sqlengine"
)

// OpenCopySource opens the ledger in the SQLite file at path for a copy
// into another ledger (sqlengine.Copy): read only, and not migrated, since
// a copy takes a ledger exactly as it is. A server may keep writing the
// file meanwhile; the copy reads one snapshot. The caller closes the
// returned DB.
//
// Errors: no file at path, a file that is not an ontschot ledger, or one
// whose schema is not this release's (sqlengine.CheckSourceVersion), each
// a sentence saying what to do.
func OpenCopySource(ctx context.Context, path string) (sqlengine.CopyEnd, error) {
	st, err := os.Stat(path)
	switch {
	case err != nil:
		return sqlengine.CopyEnd{}, fmt.Errorf("there is no ledger at %s: give the path of an existing ledger file", path)
	case st.IsDir():
		return sqlengine.CopyEnd{}, fmt.Errorf("%s is a directory: give the path of a ledger file", path)
	}
	// mode=rw never creates a file that has gone meanwhile; query_only
	// makes every connection a reader.
	db, err := sql.Open("sqlite3", dsn(path, url.Values{
		"mode":          {"rw"},
		"_query_only":   {"1"},
		"_busy_timeout": {"10000"},
	}))
	if err != nil {
		return sqlengine.CopyEnd{}, fmt.Errorf("open ledger %s: %w", path, err)
	}
	db.SetMaxOpenConns(1)
	applied, err := fileVersions(ctx, db, path)
	if err == nil {
		err = sqlengine.CheckSourceVersion(path, applied, releaseVersions())
	}
	if err != nil {
		db.Close()
		return sqlengine.CopyEnd{}, err
	}
	return sqlengine.CopyEnd{Name: path, DB: db, Dialect: dialect{}}, nil
}

// fileVersions reads the migrations a ledger file records, refusing a file
// that is no ledger.
func fileVersions(ctx context.Context, db *sql.DB, path string) (map[int]bool, error) {
	var n int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'`).Scan(&n); err != nil {
		return nil, fmt.Errorf("%s is not a ledger file: %v", path, err)
	}
	if n == 0 {
		return nil, fmt.Errorf("%s is not an ontschot ledger: it has no schema_migrations table", path)
	}
	rows, err := db.QueryContext(ctx, `SELECT version FROM schema_migrations`)
	if err != nil {
		return nil, fmt.Errorf("read the schema version of %s: %w", path, err)
	}
	defer rows.Close()
	applied := map[int]bool{}
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			return nil, fmt.Errorf("read the schema version of %s: %w", path, err)
		}
		applied[v] = true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read the schema version of %s: %w", path, err)
	}
	return applied, nil
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

// CopyTarget is a new ledger file that a copy fills. It is written under a
// temporary name beside its own (".NAME.partial-…") and gets its name only
// from Finish, once the copy is in and checked: a file at the name is
// always a whole, checked copy, and a copy that fails, is interrupted or
// killed never leaves anything there for a server to open.
type CopyTarget struct {
	end       sqlengine.CopyEnd
	path, tmp string
}

// CreateCopyTarget makes a new ledger file for a copy to fill, at a
// temporary name beside path: the schema of this release, without the
// rows its migrations seed in Go (the code list, the rules, the journal's
// baseline), which come from the ledger copied.
//
// Errors: path exists (a copy never overwrites a file) or its directory
// does not, each a sentence saying what to do; or the migration's.
func CreateCopyTarget(ctx context.Context, path string) (*CopyTarget, error) {
	if _, err := os.Lstat(path); err == nil {
		return nil, fmt.Errorf("%s exists already: a copy goes into a new file and never overwrites one; give a new file name, or move %s away first", path, path)
	}
	dir := filepath.Dir(path)
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("the directory %s does not exist: create it first", dir)
	}
	// The temporary file lives beside the target so that naming it is a
	// link within one filesystem, which is atomic.
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".partial-*")
	if err != nil {
		return nil, fmt.Errorf("cannot write in %s: %w", dir, err)
	}
	tmp := f.Name()
	f.Close()
	db, err := sql.Open("sqlite3", dsn(tmp, url.Values{
		"_journal_mode": {"WAL"},
		"_synchronous":  {"FULL"},
		"_foreign_keys": {"1"},
		"_busy_timeout": {"10000"},
		"_txlock":       {"immediate"},
		"_cache_size":   {"-16000"},
	}))
	if err == nil {
		// One connection: the copy's transaction and the checks share it.
		db.SetMaxOpenConns(1)
		err = migrateWith(ctx, db, time.Now, 1<<30, nil)
	}
	if err != nil {
		if db != nil {
			db.Close()
		}
		removeDatabase(tmp)
		return nil, fmt.Errorf("make the new ledger %s: %w", path, err)
	}
	return &CopyTarget{end: sqlengine.CopyEnd{Name: path, DB: db, Dialect: dialect{}}, path: path, tmp: tmp}, nil
}

// End is the target as sqlengine.Copy writes it.
func (t *CopyTarget) End() sqlengine.CopyEnd { return t.end }

// DSN is where the finished copy is opened for its checks before it has
// its name: the temporary file.
func (t *CopyTarget) DSN() string { return t.tmp }

// Close releases the connection the copy wrote through, so that the
// checks that open the copy after it are the last to close it (and so
// fold its write-ahead log into the file).
func (t *CopyTarget) Close() error { return t.end.DB.Close() }

// Finish gives the checked copy its name, never replacing a file that
// appeared there meanwhile, and makes the name durable. Whoever opened the
// copy must have closed it.
func (t *CopyTarget) Finish() error {
	if err := t.Close(); err != nil {
		return fmt.Errorf("close the copy %s: %w", t.path, err)
	}
	// Whatever the checks wrote is in the file once the last connection
	// closed; a write-ahead log left over would be missing from the
	// named file.
	if st, err := os.Stat(t.tmp + "-wal"); err == nil && st.Size() > 0 {
		return fmt.Errorf("the copy %s is still open (%s-wal remains)", t.path, t.tmp)
	}
	os.Remove(t.tmp + "-wal")
	os.Remove(t.tmp + "-shm")
	if err := syncFile(t.tmp); err != nil {
		return fmt.Errorf("write the copy %s: %w", t.path, err)
	}
	err := os.Link(t.tmp, t.path)
	switch {
	case errors.Is(err, fs.ErrExist):
		return fmt.Errorf("%s appeared while the copy was made; the copy was not given its name: give a new file name", t.path)
	case err != nil:
		// A filesystem without hard links: rename, after a last look.
		if _, statErr := os.Lstat(t.path); statErr == nil {
			return fmt.Errorf("%s appeared while the copy was made; the copy was not given its name: give a new file name", t.path)
		}
		if err := os.Rename(t.tmp, t.path); err != nil {
			return fmt.Errorf("name the copy %s: %w", t.path, err)
		}
	default:
		os.Remove(t.tmp)
	}
	if err := syncFile(filepath.Dir(t.path)); err != nil {
		return fmt.Errorf("the copy %s is written, but its directory could not be synced: %w", t.path, err)
	}
	return nil
}

// Discard removes the temporary file of a copy that failed or was
// stopped; the target's name was never given to it.
func (t *CopyTarget) Discard() {
	t.Close()
	removeDatabase(t.tmp)
}

// LeftOver returns the temporary files that earlier copies to path left
// when they were killed before they could remove them: incomplete, never
// a ledger to open, safe to delete.
func LeftOver(path string) []string {
	found, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".partial-*"))
	var files []string
	for _, f := range found {
		if !strings.HasSuffix(f, "-wal") && !strings.HasSuffix(f, "-shm") && !strings.HasSuffix(f, "-journal") {
			files = append(files, f)
		}
	}
	return files
}

// Tables reads the tables of the file's schema with their columns and
// primary keys (sqlengine.CopySchema). A column's kind is its declared
// type: the tables are STRICT, so every value has it.
func (dialect) Tables(ctx context.Context, tx *sql.Tx) ([]sqlengine.Table, error) {
	var tables []sqlengine.Table
	rows, err := tx.QueryContext(ctx, `SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\' ORDER BY name`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var t sqlengine.Table
		if err := rows.Scan(&t.Name); err != nil {
			rows.Close()
			return nil, err
		}
		tables = append(tables, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range tables {
		t := &tables[i]
		rows, err := tx.QueryContext(ctx, `SELECT name, type, pk FROM pragma_table_info(?) ORDER BY cid`, t.Name)
		if err != nil {
			return nil, err
		}
		var keys []struct {
			name string
			n    int
		}
		for rows.Next() {
			var c sqlengine.Column
			var typ string
			var pk int
			if err := rows.Scan(&c.Name, &typ, &pk); err != nil {
				rows.Close()
				return nil, err
			}
			switch strings.ToUpper(typ) {
			case "INTEGER":
				c.Kind = sqlengine.KindInt
			case "TEXT":
				c.Kind = sqlengine.KindText
			case "BLOB":
				c.Kind = sqlengine.KindBytes
			}
			t.Columns = append(t.Columns, c)
			if pk > 0 {
				keys = append(keys, struct {
					name string
					n    int
				}{c.Name, pk})
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		t.Key = make([]string, len(keys))
		for _, k := range keys {
			t.Key[k.n-1] = k.name
		}
	}
	return tables, nil
}

// AfterCopy has nothing to do: an INTEGER PRIMARY KEY continues after the
// largest id in the table (sqlengine.CopySchema).
func (dialect) AfterCopy(context.Context, *sql.Tx, []sqlengine.Table) error { return nil }
