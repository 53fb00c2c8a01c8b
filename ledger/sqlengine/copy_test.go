package sqlengine_test

import (
	"context"
	"database/sql"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/ontschot/ontschot/ledger/postgres"
	"github.com/ontschot/ontschot/ledger/postgres/pgtest"
	"github.com/ontschot/ontschot/ledger/sqlengine"
	"github.com/ontschot/ontschot/ledger/sqlite"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// schemas returns the tables of a new ledger of each engine, as this
// release makes them, by engine name.
func schemas(t *testing.T) map[string]map[string]sqlengine.Table {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "ledger.db")
	se, err := sqlite.Open(path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	se.Close()
	dsn := pgtest.DSN(t)
	pe, err := postgres.Open(dsn, postgres.Options{})
	if err != nil {
		t.Fatal(err)
	}
	pe.Close()
	sqliteEnd, err := sqlite.OpenCopySource(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer sqliteEnd.DB.Close()
	pgEnd, err := postgres.OpenCopySource(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer pgEnd.DB.Close()
	out := map[string]map[string]sqlengine.Table{}
	for _, end := range []sqlengine.CopyEnd{sqliteEnd, pgEnd} {
		tx, err := end.DB.BeginTx(ctx, end.Dialect.ReadOptions())
		if err != nil {
			t.Fatal(err)
		}
		tables, err := end.Dialect.(sqlengine.CopySchema).Tables(ctx, tx)
		tx.Rollback()
		if err != nil {
			t.Fatal(err)
		}
		by := map[string]sqlengine.Table{}
		for _, tb := range tables {
			by[tb.Name] = tb
		}
		out[end.Dialect.Name()] = by
	}
	return out
}

// TestCopyKnowsEveryTable fails when a migration adds a table that copy
// does not carry: every table of either engine's schema is in CopyTables
// or NotCopied, every table CopyTables names is in both, with the same
// columns and primary key, of kinds a copy converts exactly.
func TestCopyKnowsEveryTable(t *testing.T) {
	s := schemas(t)
	for engine, tables := range s {
		for _, name := range slices.Sorted(maps.Keys(tables)) {
			if _, skip := sqlengine.NotCopied[name]; !skip && !slices.Contains(sqlengine.CopyTables, name) {
				t.Errorf("the %s schema has a table %s that ontschot copy does not know: add it to sqlengine.CopyTables (after the tables its foreign keys name), or to NotCopied with the reason", engine, name)
			}
		}
		for _, name := range sqlengine.CopyTables {
			if _, ok := tables[name]; !ok {
				t.Errorf("the %s schema has no table %s, which sqlengine.CopyTables names", engine, name)
			}
		}
	}
	// Which kinds of column a copy converts into each other, in either
	// direction: SQLite keeps flags as integers.
	compatible := map[[2]sqlengine.Kind]bool{
		{sqlengine.KindInt, sqlengine.KindInt}:     true,
		{sqlengine.KindInt, sqlengine.KindBool}:    true,
		{sqlengine.KindText, sqlengine.KindText}:   true,
		{sqlengine.KindBytes, sqlengine.KindBytes}: true,
	}
	lite, pg := s["SQLite"], s["PostgreSQL"]
	for _, name := range sqlengine.CopyTables {
		a, b := lite[name], pg[name]
		kinds := map[string]sqlengine.Kind{}
		for _, c := range b.Columns {
			kinds[c.Name] = c.Kind
		}
		for _, c := range a.Columns {
			k, ok := kinds[c.Name]
			if !ok {
				t.Errorf("%s.%s is in the SQLite schema but not in PostgreSQL's", name, c.Name)
				continue
			}
			delete(kinds, c.Name)
			if !compatible[[2]sqlengine.Kind{c.Kind, k}] {
				t.Errorf("%s.%s keeps %s in SQLite and %s in PostgreSQL: a copy cannot carry it exactly", name, c.Name, c.Kind, k)
			}
		}
		for c := range kinds {
			t.Errorf("%s.%s is in the PostgreSQL schema but not in SQLite's", name, c)
		}
		if !slices.Equal(a.Key, b.Key) || len(a.Key) == 0 {
			t.Errorf("%s: primary key %v in SQLite, %v in PostgreSQL; a copy reads rows in the order of one key", name, a.Key, b.Key)
		}
	}
}

// TestCopyTablesFollowForeignKeys fails when CopyTables names a table
// before one its foreign keys point to: the copy would then be refused by
// the target as soon as such a table has rows.
func TestCopyTablesFollowForeignKeys(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ledger.db")
	e, err := sqlite.Open(path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	e.Close()
	db, err := sql.Open("sqlite3", "file:"+path+"?_query_only=1")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	checked := 0
	for i, name := range sqlengine.CopyTables {
		rows, err := db.Query(`SELECT DISTINCT "table" FROM pragma_foreign_key_list(?)`, name)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var ref string
			if err := rows.Scan(&ref); err != nil {
				t.Fatal(err)
			}
			checked++
			if j := slices.Index(sqlengine.CopyTables, ref); j < 0 || j > i {
				t.Errorf("%s refers to %s, which sqlengine.CopyTables names after it (or not at all)", name, ref)
			}
		}
		rows.Close()
	}
	if checked < 20 {
		t.Fatalf("only %d foreign keys found; the test reads the schema wrong", checked)
	}
}
