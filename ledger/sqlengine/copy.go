package sqlengine

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/ontschot/ontschot/ledger"
)

// CopyTables are the tables of a ledger that a copy carries, in the order
// it fills them: every table after the tables its foreign keys name, so
// the target checks each key as the row arrives. A migration that adds a
// table must add it here or to NotCopied; Copy refuses a database with a
// table it does not know, so a new table is never silently left behind.
var CopyTables = []string{
	"partners", "pots", "mandate_levels", "pot_partners", "categories",
	"journal", "accounts", "postings", "posting_sums", "contributions",
	"payouts", "payout_deviations", "payees", "payout_reissues", "closed_periods", "idempotency_keys",
	"users", "tokens", "web_sessions",
	"parties", "allocations", "allocation_lines", "party_loads", "receivables", "settlements", "evaluations",
	"taakvelden", "taakveld_imports", "allocation_rules", "signal_uptakes",
	"payment_batches", "payment_groups", "payment_items",
	"bank_files", "bank_statements", "bank_entries", "bank_statement_entries", "notifications",
	"fact_cells", "fact_index",
}

// NotCopied are the tables of a ledger's database that a copy leaves out,
// with the reason: each belongs to the database, not to the ledger.
var NotCopied = map[string]string{
	"schema_migrations":  "the target's migrations record its own schema",
	"ledger_lock":        "PostgreSQL's lock row of the write groups, made by the target's schema",
	"ready_probe":        "the readiness check's scratch row, which holds no ledger data",
	"aggregate_rebuilds": "the target's own schema asks for its aggregates to be built: it builds them when the Service first opens it",

	// A verification of this database, not of the ledger: the target's
	// first verification reads the whole journal.
	"verified_checkpoint": "where this database's last verification got to",
	"verified_balances":   "the running balances at this database's verified checkpoint",
}

// CopySchema is what a copy needs to know of a database beyond its
// Dialect; the dialects of ledger/sqlite and ledger/postgres implement it.
type CopySchema interface {
	// Tables returns every table of the database's schema (in any
	// order), with its columns and primary key.
	Tables(ctx context.Context, tx *sql.Tx) ([]Table, error)
	// AfterCopy runs in the target's transaction once every row is in:
	// PostgreSQL moves its identity sequences past the ids copied.
	AfterCopy(ctx context.Context, tx *sql.Tx, tables []Table) error
}

// Table is a table of a database as CopySchema reads it.
type Table struct {
	Name    string
	Columns []Column
	// Key lists the primary key's columns, in the key's order.
	Key []string
}

// Column is a column of a table.
type Column struct {
	Name string
	Kind Kind
	// Identity is set for a column whose values the database makes
	// itself when none is given (PostgreSQL's identity columns).
	Identity bool
}

// Kind is how a column stores its values, as far as a copy between
// engines must convert them.
type Kind int

// The kinds of column. SQLite keeps flags as INTEGER 0 or 1, PostgreSQL as
// BOOLEAN; both keep bytes (BLOB, BYTEA), text and integers alike.
const (
	KindOther Kind = iota
	KindInt
	KindBool
	KindText
	KindBytes
)

// CopyEnd is one side of a copy: a database, the dialect that speaks to
// it, and how messages name it.
type CopyEnd struct {
	// Name names the ledger in messages: a path, or a URL without its
	// password.
	Name string
	// DB is the database. The source is only read, in one snapshot; the
	// target is written in one transaction.
	DB *sql.DB
	// Dialect is the database's; it must be a CopySchema too.
	Dialect Dialect
	// Prepare, if set, runs first in the target's transaction: PostgreSQL
	// makes its schema there, so a copy that fails or is interrupted
	// leaves the database as empty as it found it.
	Prepare func(ctx context.Context, tx *sql.Tx) error
}

// CopyOptions tune Copy. The zero value is fine.
type CopyOptions struct {
	// Progress, if set, is called after every batch of rows written,
	// with the table and how many of its rows are in so far.
	Progress func(table string, rows int64)
}

// CopyReport says what a copy carried.
type CopyReport struct {
	// Tables are the tables copied, in the order copied, with their rows.
	Tables []TableRows
	// Rows is the sum of the tables' rows.
	Rows int64
	// HeadSeq and HeadHash are the journal's last transaction, the same
	// in the source's snapshot and in the copy.
	HeadSeq  int64
	HeadHash string
	// Elapsed is the time the copy took, from the snapshot to the commit.
	Elapsed time.Duration
}

// TableRows is a table and its number of rows.
type TableRows struct {
	Table string
	Rows  int64
}

// maxParams caps the placeholders of one INSERT: below SQLite's limit
// (32766) and PostgreSQL's (65535).
const maxParams = 30000

// maxBatchRows caps the rows of one INSERT: a statement of a thousand rows
// costs one round trip where a thousand statements cost a thousand, and
// holds no more than that in memory.
const maxBatchRows = 1000

// Copy copies every row of the ledger in src into the new ledger in dst,
// exactly: the same rows with the same keys, ids and values, flags and
// bytes converted between the engines' types. It reads src in one
// snapshot, so a server may keep writing src meanwhile, and streams the
// rows (memory does not grow with the ledger). It writes dst in one
// transaction: dst.Prepare first (PostgreSQL's schema), then the rows,
// table by table in CopyTables' order, in batches of up to a thousand rows
// per statement; then it counts each table's rows and reads the journal's
// head in dst and commits only if they equal the source's. A copy that
// fails or is cancelled (ctx) commits nothing.
//
// dst must hold the schema of this release (or get it from Prepare) and
// no rows but those the schema's own SQL seeds (the categories), which the
// source's replace. Both schemas must have the same tables, of the same
// columns; a table neither CopyTables nor NotCopied names is refused.
//
// Errors name the table or column at fault; ctx's error if cancelled.
func Copy(ctx context.Context, src, dst CopyEnd, opts CopyOptions) (*CopyReport, error) {
	start := time.Now()
	srcSchema, ok := src.Dialect.(CopySchema)
	if !ok {
		return nil, fmt.Errorf("copy: the %s engine cannot be copied from", src.Dialect.Name())
	}
	dstSchema, ok := dst.Dialect.(CopySchema)
	if !ok {
		return nil, fmt.Errorf("copy: the %s engine cannot be copied to", dst.Dialect.Name())
	}
	// One snapshot for every table: the rows agree with each other and
	// with the head, whatever a server writes to src meanwhile.
	stx, err := src.DB.BeginTx(ctx, src.Dialect.ReadOptions())
	if err != nil {
		return nil, fmt.Errorf("copy: read %s: %w", src.Name, err)
	}
	defer stx.Rollback()
	rep := &CopyReport{}
	// SQLite takes its snapshot at the first read: the head is read in it.
	if err := stx.QueryRowContext(ctx, `SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1`).Scan(&rep.HeadSeq, &rep.HeadHash); errors.Is(err, sql.ErrNoRows) {
		rep.HeadSeq, rep.HeadHash = 0, ledger.GenesisHash
	} else if err != nil {
		return nil, fmt.Errorf("copy: read the journal's head in %s: %w", src.Name, err)
	}
	srcTables, err := srcSchema.Tables(ctx, stx)
	if err != nil {
		return nil, fmt.Errorf("copy: read the tables of %s: %w", src.Name, err)
	}

	dtx, err := dst.DB.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("copy: write %s: %w", dst.Name, err)
	}
	defer dtx.Rollback()
	if dst.Prepare != nil {
		if err := dst.Prepare(ctx, dtx); err != nil {
			return nil, err
		}
	}
	dstTables, err := dstSchema.Tables(ctx, dtx)
	if err != nil {
		return nil, fmt.Errorf("copy: read the tables of %s: %w", dst.Name, err)
	}
	plans, err := plan(src.Name, srcTables, dst.Name, dstTables)
	if err != nil {
		return nil, err
	}
	for _, p := range plans {
		n, err := p.copy(ctx, stx, dtx, dst.Dialect, opts.Progress)
		if err != nil {
			return nil, err
		}
		rep.Tables = append(rep.Tables, TableRows{Table: p.name, Rows: n})
		rep.Rows += n
	}
	if err := dstSchema.AfterCopy(ctx, dtx, dstTables); err != nil {
		return nil, fmt.Errorf("copy: finish %s: %w", dst.Name, err)
	}
	// Count what the target holds now, apart from what was sent: a row
	// lost or doubled on the way stops the commit.
	for _, t := range rep.Tables {
		var n int64
		if err := dtx.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+quote(t.Table)).Scan(&n); err != nil {
			return nil, fmt.Errorf("copy: count the rows of %s in %s: %w", t.Table, dst.Name, err)
		}
		if n != t.Rows {
			return nil, fmt.Errorf("%s holds %d rows of %s after the copy, the source %d", dst.Name, n, t.Table, t.Rows)
		}
	}
	var seq int64
	var hash string
	if err := dtx.QueryRowContext(ctx, `SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1`).Scan(&seq, &hash); errors.Is(err, sql.ErrNoRows) {
		seq, hash = 0, ledger.GenesisHash
	} else if err != nil {
		return nil, fmt.Errorf("copy: read the journal's head in %s: %w", dst.Name, err)
	}
	if seq != rep.HeadSeq || hash != rep.HeadHash {
		return nil, fmt.Errorf("the journal's head in %s is %d:%s, in the source %d:%s", dst.Name, seq, hash, rep.HeadSeq, rep.HeadHash)
	}
	if err := dtx.Commit(); err != nil {
		return nil, fmt.Errorf("copy: commit %s: %w", dst.Name, err)
	}
	rep.Elapsed = time.Since(start)
	return rep, nil
}

// tablePlan is how one table is copied.
type tablePlan struct {
	name string
	// cols are the columns, named in both schemas; kinds the target's.
	cols  []string
	kinds []Kind
	// key orders the rows read: the source's primary key.
	key []string
}

// plan checks that both schemas have the tables a copy knows, and no
// other, with the same columns, and returns how to copy each table.
func plan(srcName string, src []Table, dstName string, dst []Table) ([]tablePlan, error) {
	srcBy, err := known(srcName, src)
	if err != nil {
		return nil, err
	}
	dstBy, err := known(dstName, dst)
	if err != nil {
		return nil, err
	}
	plans := make([]tablePlan, 0, len(CopyTables))
	for _, name := range CopyTables {
		s, d := srcBy[name], dstBy[name]
		switch {
		case s == nil:
			return nil, fmt.Errorf("%s has no table %s; is it a ledger of this release?", srcName, name)
		case d == nil:
			return nil, fmt.Errorf("%s has no table %s after its schema was made", dstName, name)
		case len(s.Key) == 0:
			return nil, fmt.Errorf("the table %s of %s has no primary key to copy its rows in order by", name, srcName)
		}
		p := tablePlan{name: name, key: s.Key}
		dcols := map[string]Column{}
		for _, c := range d.Columns {
			dcols[c.Name] = c
		}
		for _, c := range s.Columns {
			dc, ok := dcols[c.Name]
			if !ok {
				return nil, fmt.Errorf("the table %s has a column %s in %s but not in %s", name, c.Name, srcName, dstName)
			}
			delete(dcols, c.Name)
			p.cols = append(p.cols, c.Name)
			p.kinds = append(p.kinds, dc.Kind)
		}
		if len(dcols) > 0 {
			extra := slices.Sorted(maps.Keys(dcols))
			return nil, fmt.Errorf("the table %s has a column %s in %s but not in %s", name, extra[0], dstName, srcName)
		}
		plans = append(plans, p)
	}
	return plans, nil
}

// known indexes tables by name and refuses a table that a copy does not
// know: it would be left behind.
func known(name string, tables []Table) (map[string]*Table, error) {
	by := map[string]*Table{}
	var unknown []string
	for i := range tables {
		t := &tables[i]
		by[t.Name] = t
		if _, skip := NotCopied[t.Name]; !skip && !slices.Contains(CopyTables, t.Name) {
			unknown = append(unknown, t.Name)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return nil, fmt.Errorf("%s has tables that ontschot does not know how to copy (%s): they would be left behind",
			name, strings.Join(unknown, ", "))
	}
	return by, nil
}

// copy streams the table's rows from the source's snapshot into the
// target, and returns how many it copied. Rows the target's schema seeded
// itself (the categories) are removed first: the source's replace them,
// edited labels and all.
func (p *tablePlan) copy(ctx context.Context, stx, dtx *sql.Tx, dd Dialect, progress func(string, int64)) (int64, error) {
	var seeded int64
	if err := dtx.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+quote(p.name)).Scan(&seeded); err != nil {
		return 0, fmt.Errorf("copy %s: %w", p.name, err)
	}
	if seeded > 0 {
		if _, err := dtx.ExecContext(ctx, `DELETE FROM `+quote(p.name)); err != nil {
			return 0, fmt.Errorf("copy %s: remove the rows the new schema seeded: %w", p.name, err)
		}
	}
	quoted := make([]string, len(p.cols))
	for i, c := range p.cols {
		quoted[i] = quote(c)
	}
	keys := make([]string, len(p.key))
	for i, c := range p.key {
		keys[i] = quote(c)
	}
	rows, err := stx.QueryContext(ctx, `SELECT `+strings.Join(quoted, ", ")+` FROM `+quote(p.name)+` ORDER BY `+strings.Join(keys, ", "))
	if err != nil {
		return 0, fmt.Errorf("copy %s: read: %w", p.name, err)
	}
	defer rows.Close()

	ncol := len(p.cols)
	batch := min(maxBatchRows, maxParams/ncol)
	insert := func(n int) string {
		row := "(" + placeholders(ncol) + ")"
		return dd.Rebind(`INSERT INTO ` + quote(p.name) + ` (` + strings.Join(quoted, ", ") + `) VALUES ` +
			strings.TrimSuffix(strings.Repeat(row+", ", n), ", "))
	}
	full, err := dtx.PrepareContext(ctx, insert(batch))
	if err != nil {
		return 0, fmt.Errorf("copy %s: %w", p.name, err)
	}
	defer full.Close()

	vals := make([]any, ncol)
	ptrs := make([]any, ncol)
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	args := make([]any, 0, batch*ncol)
	var total int64
	flush := func() error {
		n := len(args) / ncol
		if n == 0 {
			return nil
		}
		var err error
		if n == batch {
			_, err = full.ExecContext(ctx, args...)
		} else {
			_, err = dtx.ExecContext(ctx, insert(n), args...)
		}
		if err != nil {
			return fmt.Errorf("copy %s: write: %w", p.name, err)
		}
		total += int64(n)
		clear(args)
		args = args[:0]
		if progress != nil {
			progress(p.name, total)
		}
		return nil
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return 0, fmt.Errorf("copy %s: read: %w", p.name, err)
		}
		for i, v := range vals {
			c, err := convert(v, p.kinds[i])
			if err != nil {
				return 0, fmt.Errorf("copy %s: column %s: %w", p.name, p.cols[i], err)
			}
			args = append(args, c)
		}
		if len(args) == batch*ncol {
			if err := flush(); err != nil {
				return 0, err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("copy %s: read: %w", p.name, err)
	}
	if err := flush(); err != nil {
		return 0, err
	}
	return total, nil
}

// convert turns a value as the source's driver gave it into one the
// target's column takes: SQLite's 0 and 1 into PostgreSQL's booleans and
// back, text and bytes into each other where a driver hands one for the
// other. NULL stays NULL. A value that cannot be converted exactly is an
// error, never a guess.
func convert(v any, k Kind) (any, error) {
	if v == nil {
		return nil, nil
	}
	switch k {
	case KindBool:
		switch x := v.(type) {
		case bool:
			return x, nil
		case int64:
			if x == 0 || x == 1 {
				return x == 1, nil
			}
			return nil, fmt.Errorf("%d is not a flag (0 or 1)", x)
		}
	case KindInt:
		switch x := v.(type) {
		case int64:
			return x, nil
		case bool:
			if x {
				return int64(1), nil
			}
			return int64(0), nil
		}
	case KindText:
		switch x := v.(type) {
		case string:
			return x, nil
		case []byte:
			return string(x), nil
		}
	case KindBytes:
		switch x := v.(type) {
		case []byte:
			return x, nil
		case string:
			return []byte(x), nil
		}
	default:
		return v, nil
	}
	return nil, fmt.Errorf("a value of type %T where the target keeps %s", v, k)
}

// String names a kind in errors.
func (k Kind) String() string {
	switch k {
	case KindInt:
		return "integers"
	case KindBool:
		return "flags"
	case KindText:
		return "text"
	case KindBytes:
		return "bytes"
	}
	return "values"
}

// quote quotes an identifier the way both databases read it.
func quote(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// CheckSourceVersion refuses to copy a ledger whose schema is not this
// release's: applied are the migrations its database records, release
// those this release carries for its engine (ascending). A copy reads a
// ledger as it is and never migrates it; a ledger left behind by an older
// release is brought up to date by opening it once with this one, and one
// written by a newer release is copied with that release.
func CheckSourceVersion(name string, applied map[int]bool, release []int) error {
	latest := release[len(release)-1]
	current := 0
	for v := range applied {
		current = max(current, v)
	}
	if current > latest {
		return fmt.Errorf("%s has schema version %d, newer than this release knows (%d): copy it with the release that wrote it, or a newer one", name, current, latest)
	}
	const upgrade = "bring it up to date first by opening it once with this release (\"ontschot init --db %s\", or \"ontschot serve\" on it), then copy it"
	for _, v := range release {
		switch {
		case applied[v]:
		case current < latest:
			return fmt.Errorf("%s has schema version %d, older than this release's (%d): "+upgrade, name, current, latest, name)
		default:
			return fmt.Errorf("%s lacks migration %d of this release: "+upgrade, name, v, name)
		}
	}
	return nil
}
