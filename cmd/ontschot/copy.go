package main

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/postgres"
	"github.com/ontschot/ontschot/ledger/sqlengine"
	"github.com/ontschot/ontschot/ledger/sqlite"
	"github.com/ontschot/ontschot/ledger/storage"
)

// runCopy moves a whole ledger into a new one of either engine: an SQLite
// file into PostgreSQL when a municipality moves to its IT's database
// platform, PostgreSQL into a file for a test copy or an archive. The
// source is read in one snapshot and never changed; the target must be
// new. The copy commits only if every table has as many rows as the
// source's and the journal ends in the same transaction; then the copy is
// opened as a server would open it, and its journal verified. A copy that
// fails or is interrupted leaves no ledger at the target: a file gets its
// name only once it is whole and checked, and a PostgreSQL database gets
// the schema and every row in one transaction.
func (m *Main) runCopy(ctx context.Context, args []string) error {
	fs := m.flags("copy", "--from DSN --to DSN")
	from := fs.String("from", "", "the ledger to copy: the path of an SQLite file, or a postgres:// URL; it is only read, and may be in use")
	to := fs.String("to", "", "the new ledger: the path of a file that does not exist yet, or the postgres:// URL of an empty database")
	if err := parse(fs, args); err != nil {
		return err
	}
	switch {
	case strings.TrimSpace(*from) == "":
		return usageError("--from DSN is required: the ledger to copy (the path of an SQLite file, or a postgres:// URL)")
	case strings.TrimSpace(*to) == "":
		return usageError("--to DSN is required: the new ledger (the path of a new SQLite file, or the postgres:// URL of an empty database)")
	}
	if err := checkLedgerDSN("--from", *from); err != nil {
		return err
	}
	if err := checkLedgerDSN("--to", *to); err != nil {
		return err
	}
	if sameLedger(*from, *to) {
		return usageError("--from and --to name the same ledger: a copy goes into a new one")
	}
	c, err := m.copyLedger(ctx, *from, *to, copyHooks{})
	if err != nil {
		return err
	}
	return c.report(m)
}

// copied is what copyLedger did and found.
type copied struct {
	from, to         string
	fromName, toName string // the engines'
	rep              *sqlengine.CopyReport
	v                ledger.Verification
	verifyTime       time.Duration
}

// copyHooks let a caller follow a copy (the tests stop one half-way).
type copyHooks struct {
	// progress, if set, hears of every batch of rows written.
	progress func(table string, rows int64)
	// checking, if set, is called once the rows are committed, before the
	// copy is opened and verified.
	checking func()
}

// copyLedger copies the ledger from names into the new ledger to names and
// checks the copy.
func (m *Main) copyLedger(ctx context.Context, from, to string, hooks copyHooks) (*copied, error) {
	src, err := openCopySource(ctx, from)
	if err != nil {
		return nil, err
	}
	defer src.DB.Close()
	if path, ok := storage.SQLitePath(to); ok && !storage.IsPostgres(to) {
		for _, f := range sqlite.LeftOver(path) {
			fmt.Fprintf(m.Stderr, "Note: %s is what an earlier copy to %s left when it was stopped; it is incomplete and never a ledger: delete it.\n", f, path)
		}
	}
	dst, err := createCopyTarget(ctx, to)
	if err != nil {
		return nil, err
	}
	finished := false
	defer func() {
		if !finished {
			dst.Discard()
		}
	}()
	rep, err := sqlengine.Copy(ctx, src, dst.End(), sqlengine.CopyOptions{Progress: hooks.progress})
	if err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("the copy was stopped before it was complete; nothing was written to %s, so the copy can simply be run again", dst.End().Name)
		}
		return nil, fmt.Errorf("nothing was written to %s: %w", dst.End().Name, err)
	}
	c := &copied{from: src.Name, to: dst.End().Name, fromName: src.Dialect.Name(), toName: dst.End().Dialect.Name(), rep: rep}
	if err := dst.Close(); err != nil {
		return nil, fmt.Errorf("close the copy %s: %w", c.to, err)
	}
	if hooks.checking != nil {
		hooks.checking()
	}
	// The copy is checked as a server opens it: through the service,
	// which finds its schema up to date and migrates nothing.
	start := time.Now()
	// A file that cannot be checked is removed (Discard) and never gets
	// its name; a PostgreSQL database has committed the copy already.
	unchecked := "no ledger was written there"
	if storage.IsPostgres(to) {
		unchecked = fmt.Sprintf("every row is there, but check it with \"ontschot verify --db %s\" before you use it", c.to)
	}
	s, err := storage.Open(dst.DSN(), storage.Options{Now: m.Now, Logger: m.Logger})
	if err != nil {
		return nil, fmt.Errorf("the copy %s cannot be opened (%s): %w", c.to, unchecked, err)
	}
	c.v, err = s.Verify(ctx, ledger.VerifyOptions{})
	if cerr := s.Close(); err == nil && cerr != nil {
		err = cerr
	}
	if err != nil {
		return nil, fmt.Errorf("the copy %s could not be verified (%s): %w", c.to, unchecked, err)
	}
	c.verifyTime = time.Since(start)
	// A copy that does not verify is as faithful as the checks above
	// say: it keeps its name, as evidence, and the report says so.
	if err := dst.Finish(); err != nil {
		return nil, err
	}
	finished = true
	return c, nil
}

// report prints what the copy did, and returns errProblemFound if the
// copy does not verify or does not end where the source does.
func (c *copied) report(m *Main) error {
	rep := c.rep
	secs := rep.Elapsed.Seconds()
	fmt.Fprintf(m.Stdout, "Copied %s (%s) into %s (%s): %d rows in %d tables in %.1f s (%.0f rows a second).\n",
		c.from, c.fromName, c.to, c.toName, rep.Rows, len(rep.Tables), secs, float64(rep.Rows)/max(secs, 1e-3))
	t := &table{header: []string{"TABLE", "ROWS"}, right: map[int]bool{1: true}}
	for _, tr := range rep.Tables {
		t.add(tr.Table, strconv.FormatInt(tr.Rows, 10))
	}
	t.write(m.Stdout)
	head := ledger.Checkpoint{Seq: rep.HeadSeq, Hash: rep.HeadHash}
	// A journal that does not verify is named first: its verification
	// stops at the first transaction that does not fit, so the head it
	// reached says nothing about where the copy ends.
	if !c.v.OK {
		fmt.Fprintf(m.Stdout, "Every table has the source's rows, but the journal of the copy does NOT verify.\n%s.\n",
			strings.TrimSuffix(c.v.Failure.Error(), "."))
		fmt.Fprintf(m.Stdout, "Run \"ontschot verify --db %s\": if the source does not verify either, the copy is faithful and the source needs looking into; if it does, do not use %s, and report this.\n", c.from, c.to)
		return errProblemFound
	}
	if c.v.HeadSeq != rep.HeadSeq || c.v.HeadHash != rep.HeadHash {
		fmt.Fprintf(m.Stdout, "The copy does NOT end where the source does: its journal's head is %d:%s, the source's %s.\n", c.v.HeadSeq, c.v.HeadHash, head)
		fmt.Fprintf(m.Stdout, "Do not use %s; remove it and report this.\n", c.to)
		return errProblemFound
	}
	fmt.Fprintf(m.Stdout, "Every table has the source's rows; the journal ends in the same transaction in both: %s\n", head)
	fmt.Fprintf(m.Stdout, "The copy verifies: %d transactions, %d postings, %d accounts (%.1f s).\n",
		c.v.Transactions, c.v.Postings, c.v.Accounts, c.verifyTime.Seconds())
	return nil
}

// copyTarget is a new ledger that a copy fills, as an engine package makes
// it.
type copyTarget interface {
	// End is the target as sqlengine.Copy writes it.
	End() sqlengine.CopyEnd
	// DSN is where the finished copy is opened for its checks.
	DSN() string
	// Close releases the connection the copy wrote through.
	Close() error
	// Finish makes the checked copy the ledger at the target.
	Finish() error
	// Discard removes what a copy that failed or was stopped made.
	Discard()
}

// openCopySource opens the ledger dsn names for a copy, by its engine.
func openCopySource(ctx context.Context, dsn string) (sqlengine.CopyEnd, error) {
	if storage.IsPostgres(dsn) {
		return postgres.OpenCopySource(ctx, dsn)
	}
	path, _ := storage.SQLitePath(dsn)
	return sqlite.OpenCopySource(ctx, path)
}

// createCopyTarget makes the new ledger dsn names for a copy, by its
// engine.
func createCopyTarget(ctx context.Context, dsn string) (copyTarget, error) {
	if storage.IsPostgres(dsn) {
		return postgres.CreateCopyTarget(ctx, dsn)
	}
	path, _ := storage.SQLitePath(dsn)
	return sqlite.CreateCopyTarget(ctx, path)
}

// checkLedgerDSN refuses a --from or --to that is a postgres:// URL the
// driver cannot read, or a URL of some other kind (mysql://…, https://…),
// which would otherwise be taken for a file name.
func checkLedgerDSN(flag, dsn string) error {
	if storage.IsPostgres(dsn) {
		if err := postgres.CheckURL(dsn); err != nil {
			return usageError(fmt.Sprintf("%s %s: %s", flag, storage.Redact(dsn), err))
		}
		return nil
	}
	if scheme, _, ok := strings.Cut(dsn, "://"); ok && scheme != "" && !strings.ContainsAny(scheme, `/\.`) {
		shown := dsn
		if u, err := url.Parse(dsn); err == nil {
			shown = u.Redacted()
		}
		return usageError(fmt.Sprintf("%s %s names no ledger: give the path of an SQLite file, or a postgres:// URL", flag, shown))
	}
	return nil
}

// sameLedger reports whether two data source names name one ledger: the
// same file, or the same PostgreSQL database.
func sameLedger(a, b string) bool {
	pa, pb := storage.IsPostgres(a), storage.IsPostgres(b)
	switch {
	case pa && pb:
		return postgres.SameDatabase(a, b)
	case pa || pb:
		return false
	}
	fa, _ := storage.SQLitePath(a)
	fb, _ := storage.SQLitePath(b)
	if sa, err := os.Stat(fa); err == nil {
		if sb, err := os.Stat(fb); err == nil {
			return os.SameFile(sa, sb)
		}
	}
	aa, erra := filepath.Abs(fa)
	ab, errb := filepath.Abs(fb)
	return erra == nil && errb == nil && aa == ab
}
