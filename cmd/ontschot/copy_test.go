package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/postgres"
	"github.com/ontschot/ontschot/ledger/postgres/pgtest"
	"github.com/ontschot/ontschot/ledger/sqlengine"
	"github.com/ontschot/ontschot/ledger/storage"
)

// TestCopyRoundTrip copies the demo ledger from its SQLite file into
// PostgreSQL and from there into a new file: each copy verifies and ends
// in the same journal head, every table has the same rows, and the file
// that comes back holds exactly what the first held, value for value
// (flags back as 0 and 1, salts as the same bytes, NULLs as NULLs).
func TestCopyRoundTrip(t *testing.T) {
	src := demoFile(t)
	pg := pgtest.DSN(t)
	back := filepath.Join(t.TempDir(), "back.db")

	// The test server trusts every connection: the password is there to
	// be kept out of the report.
	out := wantRun(t, 0, "copy", "--from", src, "--to", pg+"&password=geheim")
	if !strings.Contains(out, "(SQLite) into") || !strings.Contains(out, "(PostgreSQL)") || !strings.Contains(out, "The copy verifies") {
		t.Fatalf("copy into PostgreSQL:\n%s", out)
	}
	if strings.Contains(out, "geheim") {
		t.Fatalf("the report shows the password:\n%s", out)
	}
	out = wantRun(t, 0, "copy", "--from", pg, "--to", back)
	if !strings.Contains(out, "(PostgreSQL) into "+back+" (SQLite)") || !strings.Contains(out, "The copy verifies") {
		t.Fatalf("copy back into a file:\n%s", out)
	}

	var heads []ledger.Checkpoint
	for _, dsn := range []string{src, pg, back} {
		v := verifyLedger(t, dsn)
		heads = append(heads, v.Checkpoint)
	}
	if heads[0].Seq == 0 || heads[1] != heads[0] || heads[2] != heads[0] {
		t.Fatalf("journal heads: source %s, PostgreSQL %s, back %s; want one head", heads[0], heads[1], heads[2])
	}
	if want := "ends in the same transaction in both: " + heads[0].String(); !strings.Contains(out, want) {
		t.Errorf("the report does not name the head (%s):\n%s", want, out)
	}

	srcDB, backDB, pgDB := openSQLite(t, src), openSQLite(t, back), openPG(t, pg)
	for _, table := range sqlengine.CopyTables {
		want := dumpTable(t, srcDB, table)
		if got := dumpTable(t, backDB, table); !slices.Equal(got, want) {
			t.Errorf("%s after SQLite → PostgreSQL → SQLite: %d rows differ from the source's %d:\n got %.300q\nwant %.300q",
				table, len(got), len(want), got, want)
		}
		var n int
		if err := pgDB.QueryRow(`SELECT COUNT(*) FROM ` + table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != len(want) {
			t.Errorf("%s: %d rows in PostgreSQL, %d in the source", table, n, len(want))
		}
		if !regexp.MustCompile(`(?m)^` + table + ` +` + fmt.Sprint(len(want)) + `$`).MatchString(out) {
			t.Errorf("the report does not say %s has %d rows:\n%s", table, len(want), out)
		}
	}
	var payouts int
	if err := srcDB.QueryRow(`SELECT COUNT(*) FROM payouts`).Scan(&payouts); err != nil || payouts < 40 {
		t.Fatalf("the demo has %d payouts (%v); the test wants a full ledger", payouts, err)
	}
}

// TestCopyTakesNewWrites checks that a copy in PostgreSQL goes on where
// the source stopped: the identity sequences are past the ids copied, so
// new accounts, stored answers and settlements get new ids.
func TestCopyTakesNewWrites(t *testing.T) {
	src := demoFile(t)
	pg := pgtest.DSN(t)
	wantRun(t, 0, "copy", "--from", src, "--to", pg)
	s, err := storage.Open(pg, storage.Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	partners, err := s.Partners(ctx)
	if err != nil || len(partners) == 0 {
		t.Fatalf("partners: %v %v", partners, err)
	}
	// A new pot's first contribution opens new accounts, and its
	// idempotency key stores an answer.
	pot, err := s.CreatePot(ctx, demoAdmin, ledger.NewPot{Name: "Na de verhuizing", Year: now.Year(), RecoveryPolicy: ledger.PolicyReport,
		Mandates: []ledger.MandateLevel{{Role: ledger.RoleCaseworker, Limit: 150000}, {Role: ledger.RoleAlderman, Unlimited: true}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Contribute(ctx, demoFinance, ledger.NewContribution{PotID: pot.ID, PartnerID: partners[0].ID, Amount: 100000,
		ValueDate: ledger.DateOf(now), Reference: "na de verhuizing", IdempotencyKey: "copy-test-1"}); err != nil {
		t.Fatalf("a contribution after the copy: %v", err)
	}
	b, err := s.Balance(ctx, pot.ID)
	if err != nil || b.Available != 100000 {
		t.Fatalf("balance %+v, %v; want 1000.00 available", b, err)
	}
}

// TestCopyRefuses runs copy with what it must refuse, and checks each
// message says what to do, and that nothing was made at the target.
func TestCopyRefuses(t *testing.T) {
	src := demoFile(t)
	dir := t.TempDir()
	newFile := filepath.Join(dir, "new.db")
	exists := filepath.Join(dir, "exists.db")
	if err := os.WriteFile(exists, []byte("something"), 0o600); err != nil {
		t.Fatal(err)
	}
	withLedger := pgtest.DSN(t)
	e, err := postgres.Open(withLedger, postgres.Options{})
	if err != nil {
		t.Fatal(err)
	}
	e.Close()
	withTable := pgtest.DSN(t)
	if _, err := openPG(t, withTable).Exec(`CREATE TABLE notes (id INTEGER PRIMARY KEY)`); err != nil {
		t.Fatal(err)
	}
	emptyPG := pgtest.DSN(t)
	older := copyFile(t, src)
	execSQLite(t, older, `DELETE FROM schema_migrations WHERE version = (SELECT MAX(version) FROM schema_migrations)`)
	newer := copyFile(t, src)
	execSQLite(t, newer, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, '9999_future', '2030-01-01')`)
	extra := copyFile(t, src)
	execSQLite(t, extra, `CREATE TABLE mine (id INTEGER PRIMARY KEY, note TEXT) STRICT`)

	refusals := []struct {
		name     string
		args     []string
		code     int
		want     []string
		dontWant string
	}{
		{"NoFrom", []string{"--to", newFile}, 2, []string{"--from DSN is required"}, ""},
		{"NoTo", []string{"--from", src}, 2, []string{"--to DSN is required"}, ""},
		{"SameFile", []string{"--from", src, "--to", src}, 2, []string{"--from and --to name the same ledger"}, ""},
		{"SameFileOtherSpelling", []string{"--from", src, "--to", "file:" + filepath.Join(filepath.Dir(src), ".", filepath.Base(src))}, 2, []string{"name the same ledger"}, ""},
		{"SameDatabase", []string{"--from", emptyPG, "--to", emptyPG + "&application_name=other"}, 2, []string{"name the same ledger"}, ""},
		{"OtherURL", []string{"--from", src, "--to", "mysql://ontschot:geheim@db.example.nl/ledger"}, 2, []string{"--to mysql://ontschot:xxxxx@db.example.nl/ledger names no ledger", "postgres:// URL"}, "geheim"},
		{"BadPostgresURL", []string{"--from", src, "--to", "postgres://ontschot:geheim@db.example.nl:notaport/ledger"}, 2, []string{"--to postgres://…: not a PostgreSQL URL", "invalid port"}, "geheim"},
		{"SourceMissing", []string{"--from", filepath.Join(dir, "missing.db"), "--to", newFile}, 1, []string{"there is no ledger at " + filepath.Join(dir, "missing.db")}, ""},
		{"SourceNotALedger", []string{"--from", exists, "--to", newFile}, 1, []string{exists + " is not"}, ""},
		{"SourceDatabaseEmpty", []string{"--from", emptyPG, "--to", newFile}, 1, []string{"holds no ontschot ledger", "check the database name"}, ""},
		{"SourceOlder", []string{"--from", older, "--to", newFile}, 1, []string{"older than this release's", "ontschot init --db " + older, "then copy it"}, ""},
		{"SourceNewer", []string{"--from", newer, "--to", newFile}, 1, []string{"schema version 9999, newer than this release knows", "copy it with the release that wrote it"}, ""},
		{"SourceUnknownTable", []string{"--from", extra, "--to", newFile}, 1, []string{"nothing was written to " + newFile, "tables that ontschot does not know how to copy (mine): they would be left behind"}, ""},
		{"TargetFileExists", []string{"--from", src, "--to", exists}, 1, []string{exists + " exists already", "never overwrites", "give a new file name"}, ""},
		{"TargetDirectoryMissing", []string{"--from", src, "--to", filepath.Join(dir, "no", "such.db")}, 1, []string{"the directory " + filepath.Join(dir, "no") + " does not exist"}, ""},
		{"TargetHoldsALedger", []string{"--from", src, "--to", withLedger}, 1, []string{"holds a ledger already", "new, empty database", "CREATE DATABASE"}, ""},
		{"TargetHoldsALedgerPasswordNotShown", []string{"--from", src, "--to", withLedger + "&password=geheim"}, 1, []string{"holds a ledger already"}, "geheim"},
		{"TargetNotEmpty", []string{"--from", src, "--to", withTable}, 1, []string{"is not empty (it has the tables notes)", "CREATE DATABASE"}, ""},
	}
	for _, r := range refusals {
		t.Run(r.name, func(t *testing.T) {
			out := wantRun(t, r.code, append([]string{"copy"}, r.args...)...)
			for _, w := range r.want {
				if !strings.Contains(out, w) {
					t.Errorf("the message does not say %q:\n%s", w, out)
				}
			}
			if r.dontWant != "" && strings.Contains(out, r.dontWant) {
				t.Errorf("the message shows %q:\n%s", r.dontWant, out)
			}
			if _, err := os.Stat(newFile); err == nil {
				t.Fatalf("a refused copy made %s", newFile)
			}
			if left, _ := filepath.Glob(filepath.Join(dir, ".*")); len(left) > 0 {
				t.Fatalf("a refused copy left %v", left)
			}
		})
	}
	// The refused targets are as they were.
	if b, _ := os.ReadFile(exists); string(b) != "something" {
		t.Errorf("the existing file was changed: %q", b)
	}
	if got := pgTables(t, withTable); !slices.Equal(got, []string{"notes"}) {
		t.Errorf("the database that was not empty has the tables %v now", got)
	}
	if got := pgTables(t, emptyPG); len(got) > 0 {
		t.Errorf("the empty source database has the tables %v now", got)
	}
}

// TestCopyInterrupted stops a copy half-way through (its context is
// cancelled while the postings are written) into each engine: the target
// is left as it was, the message says the copy can simply be run again,
// and the next copy succeeds.
func TestCopyInterrupted(t *testing.T) {
	src := demoFile(t)
	targets := []struct{ name, dsn string }{
		{"SQLite", filepath.Join(t.TempDir(), "copy.db")},
		{"PostgreSQL", pgtest.DSN(t)},
	}
	for _, target := range targets {
		t.Run(target.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var stdout, stderr bytes.Buffer
			m := NewMain()
			m.Stdout, m.Stderr, m.Now = &stdout, &stderr, func() time.Time { return now }
			var seen []string
			_, err := m.copyLedger(ctx, src, target.dsn, copyHooks{progress: func(table string, rows int64) {
				seen = append(seen, table)
				if table == "postings" {
					cancel()
				}
			}})
			m.Close()
			if err == nil {
				t.Fatal("a cancelled copy succeeded")
			}
			if !slices.Contains(seen, "journal") || !slices.Contains(seen, "postings") {
				t.Fatalf("the copy stopped before it had written the journal: %v", seen)
			}
			if msg := err.Error(); !strings.Contains(msg, "stopped before it was complete") || !strings.Contains(msg, "nothing was written") || !strings.Contains(msg, "run again") {
				t.Fatalf("message: %s", msg)
			}
			if path, ok := storage.SQLitePath(target.dsn); ok {
				if left, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "*")); len(left) > 0 {
					t.Fatalf("the stopped copy left %v", left)
				}
				if left, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".*")); len(left) > 0 {
					t.Fatalf("the stopped copy left %v", left)
				}
			} else if got := pgTables(t, target.dsn); len(got) > 0 {
				t.Fatalf("the stopped copy left the tables %v", got)
			}
			out := wantRun(t, 0, "copy", "--from", src, "--to", target.dsn)
			if !strings.Contains(out, "The copy verifies") {
				t.Fatalf("the copy after the stopped one:\n%s", out)
			}
		})
	}
}

// TestCopyInterruptedWhileChecked stops a copy after its rows are
// committed, while the copy is being verified: a file is removed and never
// gets its name; a PostgreSQL database keeps the committed copy, and the
// message says to verify it before use.
func TestCopyInterruptedWhileChecked(t *testing.T) {
	src := demoFile(t)
	targets := []struct{ name, dsn, want string }{
		{"SQLite", filepath.Join(t.TempDir(), "copy.db"), "no ledger was written there"},
		{"PostgreSQL", pgtest.DSN(t), "every row is there, but check it with \"ontschot verify --db "},
	}
	for _, target := range targets {
		t.Run(target.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var out bytes.Buffer
			m := NewMain()
			m.Stdout, m.Stderr, m.Now = &out, &out, func() time.Time { return now }
			_, err := m.copyLedger(ctx, src, target.dsn, copyHooks{checking: cancel})
			m.Close()
			if err == nil || !strings.Contains(err.Error(), "could not be verified") || !strings.Contains(err.Error(), target.want) {
				t.Fatalf("a copy stopped while it was checked: %v; want %q", err, target.want)
			}
			if path, ok := storage.SQLitePath(target.dsn); ok {
				if left, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "*")); len(left) > 0 {
					t.Fatalf("the unchecked copy left %v", left)
				}
				return
			}
			verifyLedger(t, target.dsn)
		})
	}
}

// TestCopyNamesLeftOvers: a copy killed before it could clean up leaves
// its temporary file (".NAME.partial-…"), never a file under the target's
// name; the next copy to that name says what the left-over is.
func TestCopyNamesLeftOvers(t *testing.T) {
	src := demoFile(t)
	dir := t.TempDir()
	to := filepath.Join(dir, "copy.db")
	left := filepath.Join(dir, ".copy.db.partial-123")
	if err := os.WriteFile(left, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	out := wantRun(t, 0, "copy", "--from", src, "--to", to)
	if !strings.Contains(out, left+" is what an earlier copy to "+to+" left") || !strings.Contains(out, "delete it") {
		t.Fatalf("the left-over is not named:\n%s", out)
	}
}

// verifyLedger verifies the ledger at dsn through the service and fails
// the test if it does not verify.
func verifyLedger(t *testing.T, dsn string) ledger.Verification {
	t.Helper()
	s, err := storage.Open(dsn, storage.Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	v, err := s.Verify(context.Background(), ledger.VerifyOptions{})
	if err != nil || !v.OK {
		t.Fatalf("%s does not verify: %v %v", storage.Redact(dsn), err, v.Failure)
	}
	return v
}

// dumpTable returns a table's rows, each printed with its values' Go
// types, in order.
func dumpTable(t *testing.T, db *sql.DB, table string) []string {
	t.Helper()
	rows, err := db.Query(`SELECT * FROM ` + table)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("%#v", vals))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

// openSQLite opens a ledger file for the test's own reads.
func openSQLite(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?_query_only=1")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// execSQLite changes a ledger file behind the service's back.
func execSQLite(t *testing.T, path, stmt string) {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(stmt); err != nil {
		t.Fatal(err)
	}
}

// copyFile copies a closed ledger file to a new one.
func copyFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	to := filepath.Join(t.TempDir(), filepath.Base(path))
	if err := os.WriteFile(to, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return to
}

// openPG opens a PostgreSQL database for the test's own reads and writes.
func openPG(t *testing.T, dsn string) *sql.DB {
	t.Helper()
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// pgTables lists the tables of a PostgreSQL database.
func pgTables(t *testing.T, dsn string) []string {
	t.Helper()
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		names = append(names, n)
	}
	return names
}

// BenchmarkCopy copies the demo ledger between the engines and reports the
// rows copied per second (the copy's own time, from the snapshot to the
// commit; the checks after it are not counted). The test server runs with
// fsync off; the README's figures are of the command on a durable server.
func BenchmarkCopy(b *testing.B) {
	dir := b.TempDir()
	src := filepath.Join(dir, "demo.db")
	runBench(b, "demo", "--db", src)
	pgSrc := pgtest.DSN(b)
	runBench(b, "copy", "--from", src, "--to", pgSrc)
	cases := []struct {
		name, from string
		to         func(i int) string
	}{
		{"SQLiteToSQLite", src, func(i int) string { return filepath.Join(dir, fmt.Sprintf("copy-%d.db", i)) }},
		{"SQLiteToPostgreSQL", src, func(int) string { return pgtest.DSN(b) }},
		{"PostgreSQLToSQLite", pgSrc, func(i int) string { return filepath.Join(dir, fmt.Sprintf("back-%d.db", i)) }},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			var rows int64
			var secs float64
			for i := 0; b.Loop(); i++ {
				b.StopTimer()
				to := c.to(i)
				m := NewMain()
				m.Stdout, m.Stderr, m.Now = io.Discard, io.Discard, func() time.Time { return now }
				b.StartTimer()
				cp, err := m.copyLedger(context.Background(), c.from, to, copyHooks{})
				if err != nil {
					b.Fatal(err)
				}
				m.Close()
				rows += cp.rep.Rows
				secs += cp.rep.Elapsed.Seconds()
			}
			b.ReportMetric(float64(rows)/secs, "rows/s")
		})
	}
}

// runBench runs the program in-process for a benchmark's setup.
func runBench(b *testing.B, args ...string) {
	b.Helper()
	var out bytes.Buffer
	m := NewMain()
	m.Stdout, m.Stderr, m.Now = &out, &out, func() time.Time { return now }
	code := m.Run(context.Background(), args)
	m.Close()
	if code != 0 {
		b.Fatalf("ontschot %s: exit %d\n%s", strings.Join(args, " "), code, out.String())
	}
}

// TestCopyOfALedgerThatDoesNotVerify copies a file whose journal was
// changed by hand: the copy is faithful, so it does not verify either, and
// copy says so (and to check the source) rather than blaming the copy.
func TestCopyOfALedgerThatDoesNotVerify(t *testing.T) {
	src := demoFile(t)
	tamper(t, src, `DROP TRIGGER journal_no_update`, `UPDATE journal SET actor = 'mallory' WHERE seq = 42`)
	dst := filepath.Join(t.TempDir(), "copy.db")
	code, stdout, stderr := run(t, "copy", "--from", src, "--to", dst)
	if code != 1 || !strings.Contains(stdout, "does NOT verify") || !strings.Contains(stdout, "if the source does not verify either") ||
		strings.Contains(stdout, "does NOT end where the source does") {
		t.Fatalf("copy of a tampered ledger: exit %d\n%s%s", code, stdout, stderr)
	}
}
