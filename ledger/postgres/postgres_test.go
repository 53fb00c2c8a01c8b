package postgres_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/ledgertest"
	"github.com/ontschot/ontschot/ledger/postgres"
	"github.com/ontschot/ontschot/ledger/postgres/pgtest"
	"github.com/ontschot/ontschot/ledger/storage"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// newDSN returns a fresh database for a ledger whose clock reads now. A
// ledger opened at ledgertest.Start (where every suite test begins) is
// copied from a template migrated once at that instant, which is what a
// fresh migration at that instant makes; any other instant migrates anew.
func newDSN(t testing.TB, now time.Time) string {
	if !now.Equal(ledgertest.Start) {
		return pgtest.DSN(t)
	}
	return pgtest.Clone(t, "ledger at ledgertest.Start", func(dsn string) error {
		e, err := postgres.Open(dsn, postgres.Options{Now: func() time.Time { return ledgertest.Start }})
		if err != nil {
			return err
		}
		return e.Close()
	})
}

// mustOpen opens the ledger in dsn through storage.Open, as the command
// does, and closes it when the test ends.
func mustOpen(t testing.TB, dsn string, now func() time.Time) *ledger.Service {
	t.Helper()
	s, err := storage.Open(dsn, storage.Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
	})
	return s
}

func TestConformance(t *testing.T) {
	ledgertest.Run(t, func(t testing.TB, clock *ledgertest.Clock) ledger.Store {
		return mustOpen(t, newDSN(t, clock.Now()), clock.Now)
	})
}

// mustEngine opens the engine on dsn and closes it when the test ends.
func mustEngine(t testing.TB, dsn string) *postgres.Engine {
	t.Helper()
	e, err := postgres.Open(dsn, postgres.Options{Now: func() time.Time { return ledgertest.Start }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := e.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
	})
	return e
}

// mustSQL opens a plain connection to dsn, for what the test checks or
// does behind the engine's back.
func mustSQL(t testing.TB, dsn string) *sql.DB {
	t.Helper()
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// TestOpenMigrates checks that a new database gets the whole schema with
// the seeds SQLite's migrations make, and that opening it again (or with
// two servers at once) changes nothing.
func TestOpenMigrates(t *testing.T) {
	dsn := pgtest.DSN(t)
	// Two servers starting at once on an empty database: one migrates, the
	// other waits on the advisory lock and then finds the schema there.
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range errs {
		wg.Go(func() {
			e, err := postgres.Open(dsn, postgres.Options{Now: func() time.Time { return ledgertest.Start }})
			if err == nil {
				err = e.Close()
			}
			errs[i] = err
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatalf("two opens at once: %v", err)
	}
	e := mustEngine(t, dsn)
	ctx := context.Background()
	v, err := e.SchemaVersion(ctx)
	if err != nil || v != postgres.LatestSchemaVersion() || v < 1 {
		t.Fatalf("SchemaVersion = %d, %v; want %d", v, err, postgres.LatestSchemaVersion())
	}
	db := mustSQL(t, dsn)
	// One row per migration: their numbers may leave gaps.
	files, err := filepath.Glob("migrations/*.sql")
	if err != nil || len(files) == 0 {
		t.Fatalf("the migrations: %v, %v", files, err)
	}
	var migrations int
	if err := db.QueryRow(`SELECT COUNT(*) FROM schema_migrations`).Scan(&migrations); err != nil || migrations != len(files) {
		t.Fatalf("schema_migrations has %d rows, %v; want %d (each applied once)", migrations, err, len(files))
	}
	err = e.Read(ctx, func(tx ledger.ReadTx) error {
		cats, err := tx.Categories()
		if err != nil {
			return err
		}
		if len(cats) != 12 || cats[0].Code != "bookkeeping" {
			return fmt.Errorf("categories = %v; want the 12 seeded, by code", cats)
		}
		list, err := tx.Taakvelden()
		if err != nil {
			return err
		}
		if want := ledger.DefaultTaakvelden(); len(list) != len(want) || list.Digest() != want.Digest() {
			return fmt.Errorf("taakvelden: %d rows, digest %s; want the built-in list (%d rows, %s)", len(list), list.Digest(), len(want), want.Digest())
		}
		rules, err := tx.AllocationRules()
		if err != nil {
			return err
		}
		if want := ledger.DefaultAllocationRules(); len(rules) != len(want) || rules[0].ID != want[0].ID {
			return fmt.Errorf("allocation rules = %v; want the %d built-in ones", rules, len(want))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestOpenRefusesNewerSchema checks that a database set up by a newer
// release is refused, not misread.
func TestOpenRefusesNewerSchema(t *testing.T) {
	dsn := pgtest.DSN(t)
	mustEngine(t, dsn).Close()
	db := mustSQL(t, dsn)
	if _, err := db.Exec(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, '0999_future', '2030-01-01T00:00:00.000000Z')`); err != nil {
		t.Fatal(err)
	}
	_, err := postgres.Open(dsn, postgres.Options{})
	if err == nil || !strings.Contains(err.Error(), "newer than this release knows") {
		t.Fatalf("Open = %v; want a refusal naming the newer schema", err)
	}
}

// TestOpenUnreachable checks that a server that is not there is named,
// without the password of the URL.
func TestOpenUnreachable(t *testing.T) {
	dir := t.TempDir()
	_, err := postgres.Open("postgres://ontschot:geheim-wachtwoord@/ledger?host="+dir+"&connect_timeout=5", postgres.Options{})
	if err == nil || !strings.Contains(err.Error(), "cannot connect") || strings.Contains(err.Error(), "geheim-wachtwoord") {
		t.Fatalf("Open = %v; want cannot connect, without the password", err)
	}
}

// TestAppendOnly checks that the database itself refuses to change or
// remove what is booked, as SQLite's triggers do.
func TestAppendOnly(t *testing.T) {
	dsn := newDSN(t, ledgertest.Start)
	s := mustOpen(t, dsn, func() time.Time { return ledgertest.Start })
	if _, err := s.CreatePartner(context.Background(), ledgertest.Admin, ledger.NewPartner{Name: "Gemeente Delft", Kind: ledger.KindMunicipality}); err != nil {
		t.Fatal(err)
	}
	db := mustSQL(t, dsn)
	for _, stmt := range []string{
		`UPDATE journal SET memo = 'changed'`,
		`DELETE FROM journal`,
		`TRUNCATE journal CASCADE`,
	} {
		_, err := db.Exec(stmt)
		if err == nil || !strings.Contains(err.Error(), "the journal is append-only") {
			t.Errorf("%s: %v; want the append-only refusal", stmt, err)
		}
	}
}

// TestUniqueIsExists checks that a duplicate key reaches the service as
// ErrExists: a duplicate name, ignoring case, as SQLite's NOCASE index
// refuses it.
func TestUniqueIsExists(t *testing.T) {
	e := mustEngine(t, pgtest.DSN(t))
	ctx := context.Background()
	insert := func(id, name string) error {
		return e.Write(ctx, "insert partner", func(tx ledger.Tx) error {
			return tx.InsertPartner(&ledger.Partner{ID: ledger.PartnerID(id), Name: name, Kind: ledger.KindOther, CreatedAt: ledgertest.Start})
		})
	}
	if err := insert("PRT-1", "Stichting Zuid"); err != nil {
		t.Fatal(err)
	}
	if err := insert("PRT-2", "STICHTING zuid"); !errors.Is(err, ledger.ErrExists) {
		t.Fatalf("same name in other case: %v; want ErrExists", err)
	}
	if err := insert("PRT-1", "Stichting Noord"); !errors.Is(err, ledger.ErrExists) {
		t.Fatalf("same id: %v; want ErrExists", err)
	}
	if err := insert("PRT-3", "Stichting Noord"); err != nil {
		t.Fatalf("a write after the failed ones: %v", err)
	}
}

// TestSortsLikeSQLite checks that text sorts byte by byte (SQLite's
// BINARY collation), whatever the database's locale: lower-case after
// upper-case, and lower() folding ASCII only.
func TestSortsLikeSQLite(t *testing.T) {
	e := mustEngine(t, pgtest.DSN(t))
	ctx := context.Background()
	names := []string{"Émile", "apotheek", "Zorg", "zorg b.v.", "Ärzte"}
	err := e.Write(ctx, "insert partners", func(tx ledger.Tx) error {
		for i, n := range names {
			if err := tx.InsertPartner(&ledger.Partner{ID: ledger.PartnerID(fmt.Sprintf("PRT-%d", i)), Name: n, Kind: ledger.KindOther, CreatedAt: ledgertest.Start}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	err = e.Read(ctx, func(tx ledger.ReadTx) error {
		ps, err := tx.Partners()
		for _, p := range ps {
			got = append(got, p.Name)
		}
		return err
	})
	// By lower(name) byte by byte: "apotheek" < "zorg" < "zorg b.v." <
	// "Ärzte" (0xC3 0x84) < "Émile" (0xC3 0x89).
	want := []string{"apotheek", "Zorg", "zorg b.v.", "Ärzte", "Émile"}
	if err != nil || strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("Partners = %q, %v; want %q", got, err, want)
	}
}

// TestTwoServers runs two engines on one database, as two servers behind
// a load balancer: their writes interleave without forking the journal
// (one chain, every sequence number once, every transaction hashing to
// what it says), and each notices what the other changed in what it
// caches.
func TestTwoServers(t *testing.T) {
	dsn := newDSN(t, ledgertest.Start)
	now := func() time.Time { return ledgertest.Start }
	servers := []*ledger.Service{mustOpen(t, dsn, now), mustOpen(t, dsn, now)}
	ctx := context.Background()
	const each = 40
	var wg sync.WaitGroup
	errs := make(chan error, 2*each)
	for i, s := range servers {
		for j := range each {
			wg.Go(func() {
				_, err := s.CreatePartner(ctx, ledgertest.Admin, ledger.NewPartner{Name: fmt.Sprintf("Partner %d-%d", i, j), Kind: ledger.KindOther})
				errs <- err
			})
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	var prev *ledger.Transaction
	n := 0
	err := servers[0].Engine().Read(ctx, func(tx ledger.ReadTx) error {
		return tx.Transactions(ledger.TxFilter{Postings: true}, func(t *ledger.Transaction) error {
			n++
			wantSeq, wantPrev := int64(1), ledger.GenesisHash
			if prev != nil {
				wantSeq, wantPrev = prev.Seq+1, prev.Hash
			}
			if t.Seq != wantSeq || t.PrevHash != wantPrev || t.ComputeHash() != t.Hash {
				return fmt.Errorf("transaction %d (%s) does not follow transaction %d: seq %d, prev %s, hash %s", t.Seq, t.Kind, wantSeq-1, t.Seq, t.PrevHash, t.Hash)
			}
			prev = t
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	partners, err := servers[1].Partners(ctx)
	if err != nil || len(partners) != 2*each {
		t.Fatalf("Partners = %d, %v; want %d", len(partners), err, 2*each)
	}
	if n < 2*each {
		t.Fatalf("the journal has %d transactions; want at least one per partner (%d)", n, 2*each)
	}

	// The categories are cached by each server's writer. The first reads
	// them in a write (and caches them); the second adds one; the first's
	// next write must see it.
	a, b := servers[0].Engine(), servers[1].Engine()
	count := func(e ledger.Engine) int {
		var n int
		err := e.Write(ctx, "read categories", func(tx ledger.Tx) error {
			cats, err := tx.Categories()
			n = len(cats)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := count(a)
	err = b.Write(ctx, "add category", func(tx ledger.Tx) error {
		return tx.InsertCategory(&ledger.Category{Code: "schoolkosten", Label: "Schoolkosten"})
	})
	if err != nil {
		t.Fatal(err)
	}
	if after := count(a); after != before+1 {
		t.Fatalf("the first server's writes see %d categories after the second added one to %d; its cache did not notice", after, before)
	}
}

// TestLostConnection checks that a write connection the server ends (an
// administrator, a failover) costs at most the write under way, answered
// EUNAVAILABLE, and that the next write gets a new connection.
func TestLostConnection(t *testing.T) {
	dsn := newDSN(t, ledgertest.Start)
	s := mustOpen(t, dsn, func() time.Time { return ledgertest.Start })
	ctx := context.Background()
	if _, err := s.CreatePartner(ctx, ledgertest.Admin, ledger.NewPartner{Name: "Eerste", Kind: ledger.KindOther}); err != nil {
		t.Fatal(err)
	}
	db := mustSQL(t, dsn)
	var ended int
	if err := db.QueryRow(`SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`).Scan(&ended); err != nil || ended == 0 {
		t.Fatalf("terminate the ledger's connections: %d ended, %v", ended, err)
	}
	_, err := s.CreatePartner(ctx, ledgertest.Admin, ledger.NewPartner{Name: "Tweede", Kind: ledger.KindOther})
	if err != nil && ledger.ErrorCode(err) != ledger.EUNAVAILABLE {
		t.Fatalf("the write after the connection ended: %v (%s); want it done, or EUNAVAILABLE", err, ledger.ErrorCode(err))
	}
	if _, err := s.CreatePartner(ctx, ledgertest.Admin, ledger.NewPartner{Name: "Derde", Kind: ledger.KindOther}); err != nil {
		t.Fatalf("the next write: %v; want a new connection", err)
	}
}

// TestOpenRefusesOtherEncodings: a database in an encoding other than
// UTF8 is refused with a sentence saying how to make one that is not,
// before anything is written to it.
func TestOpenRefusesOtherEncodings(t *testing.T) {
	dsn := pgtest.DSN(t)
	db := mustSQL(t, dsn)
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	name := strings.TrimPrefix(u.Path, "/") + "_latin1"
	if _, err := db.Exec(`CREATE DATABASE ` + name + ` ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0`); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Exec(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`) })
	u.Path = "/" + name
	_, err = postgres.Open(u.String(), postgres.Options{})
	if err == nil || !strings.Contains(err.Error(), "encoding is LATIN1") || !strings.Contains(err.Error(), "createdb -E UTF8") {
		t.Fatalf("Open on a LATIN1 database: %v", err)
	}
	latin := mustSQL(t, u.String())
	var tables int
	if err := latin.QueryRow(`SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'public'`).Scan(&tables); err != nil || tables != 0 {
		t.Fatalf("the refused database has %d tables (%v)", tables, err)
	}
	latin.Close()
}

// TestServiceRole runs the service as a role that may read and write the
// ledger's tables but owns nothing, beside the owner that set it up: it
// opens an up-to-date ledger and books, and it can neither switch off the
// append-only triggers nor rewrite the journal. A role without rights to
// set up a ledger is told what to do.
func TestServiceRole(t *testing.T) {
	dsn := newDSN(t, time.Now())
	mustOpen(t, dsn, time.Now) // set up by the owner, as ontschot init does
	owner := mustSQL(t, dsn)
	role := fmt.Sprintf("svc_%d", time.Now().UnixNano())
	for _, stmt := range []string{
		`CREATE ROLE ` + role + ` LOGIN`,
		`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ` + role,
		`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ` + role,
	} {
		if _, err := owner.Exec(stmt); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() {
		owner.Exec(`DROP OWNED BY ` + role)
		owner.Exec(`DROP ROLE IF EXISTS ` + role)
	})
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	u.User = url.User(role)
	s := mustOpen(t, u.String(), time.Now)
	pot := ledgertest.Fund(t, s, 1000_00)
	if _, err := s.RequestPayout(context.Background(), ledgertest.Caseworker, ledgertest.ValidRequest(pot, 10_00)); err != nil {
		t.Fatalf("a payout as the service's role: %v", err)
	}
	ledgertest.MustVerify(t, s)
	svc := mustSQL(t, u.String())
	for _, stmt := range []string{`ALTER TABLE postings DISABLE TRIGGER USER`, `UPDATE journal SET memo = 'x' WHERE seq = 1`, `DELETE FROM postings`} {
		if _, err := svc.Exec(stmt); err == nil {
			t.Errorf("the service's role could %s", stmt)
		}
	}

	// A role that may not create tables cannot set up a new ledger, and
	// is told why.
	fresh := pgtest.DSN(t)
	fu, _ := url.Parse(fresh)
	fu.User = url.User(role)
	_, err = postgres.Open(fu.String(), postgres.Options{})
	if err == nil || !strings.Contains(err.Error(), "must own the database") {
		t.Fatalf("setting up a ledger without rights: %v", err)
	}
}
