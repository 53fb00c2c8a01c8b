package sqlengine

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ontschot/ontschot/ledger"
)

// querier is what reads need from a read snapshot or the writer's
// transaction, so one method serves both.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// scanner is a row to scan: *sql.Row or *sql.Rows.
type scanner interface{ Scan(dest ...any) error }

// reader reads rows in a read snapshot or a write's transaction. The read
// methods of ledger.ReadTx are its methods; a write overrides those it
// serves from its cache or its own state.
type reader struct {
	ctx context.Context
	db  *DB
	q   querier
}

// Context is the context of the read or write (ledger.ReadTx).
func (r *reader) Context() context.Context { return r.ctx }

func (r *reader) query(query string, args ...any) (*sql.Rows, error) {
	return r.q.QueryContext(r.ctx, r.db.rebind(query), args...)
}

func (r *reader) queryRow(query string, args ...any) *sql.Row {
	return r.q.QueryRowContext(r.ctx, r.db.rebind(query), args...)
}

// each runs a query and calls fn for every row.
func (r *reader) each(query string, fn func(*sql.Rows) error, args ...any) error {
	rows, err := r.query(query, args...)
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

// rtx is a read snapshot.
type rtx struct{ reader }

var _ ledger.ReadTx = (*rtx)(nil)

// wtx is a write inside the writer's group: the transaction, the journal
// head, and the running balances the group moved.
type wtx struct {
	reader
	tx *sql.Tx

	headSeq  int64
	headHash string

	// newAccounts are accounts created in this group; newOrder remembers
	// the order so a failed write can drop its own.
	newAccounts map[string]int64
	newOrder    []string

	// bal holds the running balance of every account the group touched,
	// read once and moved in memory; dirty ones are written back once,
	// before the commit. undo lets a failed write put back what it moved.
	bal   map[int64]ledger.Cents
	dirty map[int64]bool
	undo  []balanceUndo

	// answers are the digests of the answers stored in this group, and
	// answerIDs their rows: the group's answers_recorded transaction
	// commits to them before the commit.
	answers   []string
	answerIDs []int64

	// sums are the postings appended in this group, added to posting_sums
	// before the commit (postings.go).
	sums []postingDelta
}

var _ ledger.Tx = (*wtx)(nil)

func newWtx(db *DB, ctx context.Context, tx *sql.Tx) *wtx {
	return &wtx{reader: reader{ctx: ctx, db: db, q: tx}, tx: tx,
		newAccounts: map[string]int64{}, bal: map[int64]ledger.Cents{}, dirty: map[int64]bool{}}
}

// balanceUndo is a running balance before a write moved it.
type balanceUndo struct {
	id       int64
	old      ledger.Cents
	wasDirty bool
}

// mark is the state of a wtx before a write, to restore if it fails.
type mark struct {
	headSeq  int64
	headHash string
	accounts int
	undo     int
	answers  int
	sums     int
}

func (w *wtx) mark() mark {
	return mark{w.headSeq, w.headHash, len(w.newOrder), len(w.undo), len(w.answers), len(w.sums)}
}

func (w *wtx) reset(m mark) {
	w.headSeq, w.headHash = m.headSeq, m.headHash
	w.answers, w.answerIDs = w.answers[:m.answers], w.answerIDs[:m.answers]
	w.sums = w.sums[:m.sums]
	for _, name := range w.newOrder[m.accounts:] {
		delete(w.newAccounts, name)
	}
	w.newOrder = w.newOrder[:m.accounts]
	for i := len(w.undo) - 1; i >= m.undo; i-- {
		u := w.undo[i]
		w.bal[u.id] = u.old
		if !u.wasDirty {
			delete(w.dirty, u.id)
		}
	}
	w.undo = w.undo[:m.undo]
}

// now is the instant the engine stamps its own rows with (the readiness
// probe); every ledger instant comes from the service.
func (w *wtx) now() time.Time { return time.Now() }

func (w *wtx) exec(query string, args ...any) (sql.Result, error) {
	return w.tx.ExecContext(w.ctx, w.db.rebind(query), args...)
}

// execOne runs a statement that must change exactly one row; ErrNotFound
// when it changed none.
func (w *wtx) execOne(query string, args ...any) error {
	res, err := w.exec(query, args...)
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	switch {
	case err != nil:
		return err
	case n == 0:
		return ledger.ErrNotFound
	case n > 1:
		return fmt.Errorf("%d rows changed where one was meant", n)
	}
	return nil
}

// insert runs an INSERT, turning a unique violation into ErrExists.
func (w *wtx) insert(query string, args ...any) error {
	_, err := w.exec(query, args...)
	if err != nil && w.db.d.IsUnique(err) {
		return fmt.Errorf("%w: %v", ledger.ErrExists, err)
	}
	return err
}

// loadHead reads the last transaction of the journal. It is read for every
// group, under the group's lock, never cached, so another process or
// server writing the same database cannot fork the chain.
func (w *wtx) loadHead() error {
	seq, hash, err := w.reader.Head()
	w.headSeq, w.headHash = seq, hash
	return err
}

// Head returns the journal's last transaction (ledger.JournalReads).
func (r *reader) Head() (int64, string, error) {
	var seq int64
	var hash string
	err := r.queryRow(`SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1`).Scan(&seq, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, ledger.GenesisHash, nil
	}
	return seq, hash, err
}

// Head returns the journal's head as this write sees it.
func (w *wtx) Head() (int64, string, error) { return w.headSeq, w.headHash, nil }

// Append adds t to the journal (ledger.JournalWrites).
func (w *wtx) Append(t *ledger.Transaction) error {
	t.Seq = w.headSeq + 1
	t.PrevHash = w.headHash
	ids := make([]int64, len(t.Postings))
	for i := range t.Postings {
		p := &t.Postings[i]
		id, err := w.account(p.Account)
		if err != nil {
			return err
		}
		ids[i] = id
		if p.BalanceAfter, err = w.move(id, p.Amount); err != nil {
			return err
		}
	}
	t.Hash = t.ComputeHash()
	if _, err := w.exec(`INSERT INTO journal (seq, kind, ref, pot_id, value_date, recorded_at, actor, actor_role, memo, digest, payee_digest, reverses, prev_hash, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		t.Seq, string(t.Kind), t.Ref, string(t.PotID), t.ValueDate.String(), FormatTime(t.RecordedAt), t.Actor, string(t.ActorRole),
		t.Memo, t.Digest, t.PayeeDigest, t.Reverses, t.PrevHash, t.Hash); err != nil {
		return err
	}
	for i, p := range t.Postings {
		if _, err := w.exec(`INSERT INTO postings (seq, n, account_id, amount, balance_after) VALUES (?, ?, ?, ?, ?)`,
			t.Seq, i, ids[i], int64(p.Amount), int64(p.BalanceAfter)); err != nil {
			return err
		}
	}
	w.notePostings(t, ids)
	w.headSeq, w.headHash = t.Seq, t.Hash
	return nil
}

// account returns the id of the named account, creating it when needed.
func (w *wtx) account(name string) (int64, error) {
	id, ok, err := w.accountID(name)
	if err != nil || ok {
		return id, err
	}
	a, err := ledger.ParseAccount(name)
	if err != nil {
		return 0, err
	}
	if err := w.queryRow(`INSERT INTO accounts (name, pot_id) VALUES (?, ?) RETURNING id`, name, string(a.Pot)).Scan(&id); err != nil {
		return 0, err
	}
	w.newAccounts[name] = id
	w.newOrder = append(w.newOrder, name)
	return id, nil
}

// accountID returns the id of the named account, if it exists.
func (w *wtx) accountID(name string) (int64, bool, error) {
	if id, ok := w.newAccounts[name]; ok {
		return id, true, nil
	}
	if id, ok := w.db.accounts.Load(name); ok {
		return id.(int64), true, nil
	}
	var id int64
	err := w.queryRow(`SELECT id FROM accounts WHERE name = ?`, name).Scan(&id)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return 0, false, nil
	case err != nil:
		return 0, false, err
	}
	w.db.accounts.Store(name, id)
	return id, true, nil
}

// Balance returns an account's running balance as this write sees it
// (ledger.JournalWrites).
func (w *wtx) Balance(account string) (ledger.Cents, error) {
	id, ok, err := w.accountID(account)
	if err != nil || !ok {
		return 0, err
	}
	return w.balance(id)
}

// balance returns the running balance of an account as this group sees it.
func (w *wtx) balance(id int64) (ledger.Cents, error) {
	if b, ok := w.bal[id]; ok {
		return b, nil
	}
	var b int64
	if err := w.queryRow(`SELECT balance FROM accounts WHERE id = ?`, id).Scan(&b); err != nil {
		return 0, err
	}
	w.bal[id] = ledger.Cents(b)
	return ledger.Cents(b), nil
}

// move adds amount to an account's running balance and returns the new one.
func (w *wtx) move(id int64, amount ledger.Cents) (ledger.Cents, error) {
	b, err := w.balance(id)
	if err != nil {
		return 0, err
	}
	w.undo = append(w.undo, balanceUndo{id: id, old: b, wasDirty: w.dirty[id]})
	w.bal[id] = b + amount
	w.dirty[id] = true
	return b + amount, nil
}

// flushBalances writes the running balances and the sums of postings
// (flushPostingSums) the group moved.
func (w *wtx) flushBalances() error {
	if err := w.flushPostingSums(); err != nil {
		return err
	}
	for id := range w.dirty {
		if _, err := w.exec(`UPDATE accounts SET balance = ? WHERE id = ?`, int64(w.bal[id]), id); err != nil {
			return err
		}
	}
	return nil
}

// Accounts calls fn with the running balances of a pot's accounts, or of
// every account (ledger.JournalReads).
func (r *reader) Accounts(pot ledger.PotID, fn func(ledger.AccountBalance) error) error {
	return r.accounts(pot, nil, fn)
}

// Accounts reads the balances as this write has moved them.
func (w *wtx) Accounts(pot ledger.PotID, fn func(ledger.AccountBalance) error) error {
	return w.reader.accounts(pot, w.bal, fn)
}

func (r *reader) accounts(pot ledger.PotID, moved map[int64]ledger.Cents, fn func(ledger.AccountBalance) error) error {
	return r.each(`SELECT id, name, balance FROM accounts WHERE ? = '' OR pot_id = ? ORDER BY name`, func(rows *sql.Rows) error {
		var id, bal int64
		var a ledger.AccountBalance
		if err := rows.Scan(&id, &a.Name, &bal); err != nil {
			return err
		}
		a.Balance = ledger.Cents(bal)
		if b, ok := moved[id]; ok {
			a.Balance = b
		}
		return fn(a)
	}, string(pot), string(pot))
}

// Answer returns the stored answer of (actor, key) (ledger.JournalReads).
func (r *reader) Answer(actor, key string) (ledger.StoredAnswer, bool, error) {
	a := ledger.StoredAnswer{Actor: actor, Key: key}
	var at string
	var seq sql.NullInt64
	err := r.queryRow(`SELECT operation, fingerprint, result, created_at, seq FROM idempotency_keys WHERE actor = ? AND key = ?`, actor, key).
		Scan(&a.Operation, &a.Fingerprint, &a.Result, &at, &seq)
	if errors.Is(err, sql.ErrNoRows) {
		return a, false, nil
	}
	a.CreatedAt, a.Seq = parseTime(at), seq.Int64
	return a, err == nil, err
}

// SaveAnswer stores an answer and keeps its digest for the group's
// commitment (ledger.JournalWrites).
func (w *wtx) SaveAnswer(a ledger.StoredAnswer, digest string) error {
	var id int64
	err := w.queryRow(`INSERT INTO idempotency_keys (actor, key, operation, fingerprint, result, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
		a.Actor, a.Key, a.Operation, a.Fingerprint, a.Result, FormatTime(a.CreatedAt)).Scan(&id)
	if err != nil {
		if w.db.d.IsUnique(err) {
			return fmt.Errorf("%w: %v", ledger.ErrExists, err)
		}
		return err
	}
	w.answers = append(w.answers, digest)
	w.answerIDs = append(w.answerIDs, id)
	return nil
}

// commitAnswers has the service book the transaction that commits to the
// answers this group stored, and links them to it.
func (w *wtx) commitAnswers() error {
	if len(w.answers) == 0 {
		return nil
	}
	if w.db.groupHook == nil {
		return errors.New("no function commits to stored answers (Engine.OnGroupCommit was not called)")
	}
	if err := w.db.groupHook(w, w.answers); err != nil {
		return err
	}
	for start := 0; start < len(w.answerIDs); start += 500 {
		ids := w.answerIDs[start:min(start+500, len(w.answerIDs))]
		args := make([]any, 0, len(ids)+1)
		args = append(args, w.headSeq)
		for _, id := range ids {
			args = append(args, id)
		}
		if _, err := w.exec(`UPDATE idempotency_keys SET seq = ? WHERE id IN (`+placeholders(len(ids))+`)`, args...); err != nil {
			return err
		}
	}
	return nil
}

// Transactions calls fn with each transaction the filter selects
// (ledger.JournalReads).
func (r *reader) Transactions(f ledger.TxFilter, fn func(*ledger.Transaction) error) error {
	var where []string
	var args []any
	if f.After > 0 {
		where, args = append(where, "j.seq > ?"), append(args, f.After)
	}
	if f.Through > 0 {
		where, args = append(where, "j.seq <= ?"), append(args, f.Through)
	}
	if f.Ref != "" {
		where, args = append(where, "j.ref = ?"), append(args, f.Ref)
	}
	if len(f.Kinds) > 0 {
		where = append(where, "j.kind IN ("+placeholders(len(f.Kinds))+")")
		for _, k := range f.Kinds {
			args = append(args, string(k))
		}
		if list := indexedKinds(f.Kinds); list != "" {
			where = append(where, "j.kind IN "+list)
		}
	}
	order := "ASC"
	if f.Newest {
		order = "DESC"
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	limit := ""
	if f.Limit > 0 {
		limit = fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	const cols = `j.seq, j.kind, j.ref, j.pot_id, j.value_date, j.recorded_at, j.actor, j.actor_role, j.memo, j.digest, j.payee_digest, j.reverses, j.prev_hash, j.hash`
	if !f.Postings {
		return r.each(`SELECT `+cols+` FROM journal j`+cond+` ORDER BY j.seq `+order+limit, func(rows *sql.Rows) error {
			t, err := scanTransaction(rows)
			if err != nil {
				return err
			}
			return fn(t)
		}, args...)
	}
	// With postings: one row per posting (a transaction without postings
	// gives one row with NULLs); with a limit, the transactions are picked
	// first.
	from := `journal j`
	if limit != "" {
		from, cond = `(SELECT * FROM journal j`+cond+` ORDER BY j.seq `+order+limit+`) j`, ""
	}
	query := `SELECT ` + cols + `, a.name, p.amount, p.balance_after, p.n
		FROM ` + from + `
		LEFT JOIN postings p ON p.seq = j.seq
		LEFT JOIN accounts a ON a.id = p.account_id` + cond + `
		ORDER BY j.seq ` + order + `, p.n`
	rows, err := r.query(query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	var cur *ledger.Transaction
	for rows.Next() {
		var account sql.NullString
		var amount, after, n sql.NullInt64
		t, err := scanTransaction(rows, &account, &amount, &after, &n)
		if err != nil {
			return err
		}
		if cur != nil && cur.Seq == t.Seq {
			cur.Postings = append(cur.Postings, posting(account, amount, after))
			continue
		}
		if cur != nil {
			if err := fn(cur); err != nil {
				return err
			}
		}
		cur = t
		if n.Valid {
			cur.Postings = []ledger.Posting{posting(account, amount, after)}
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if cur != nil {
		return fn(cur)
	}
	return nil
}

// indexedKinds returns the literal kind list of the journal's partial
// index (journal_payout_ref, journal_governed) that holds every one of
// kinds, or "". SQLite uses a partial index only for a query that repeats
// the index's literal list in its order, never for placeholders, so
// Transactions adds the list to the kinds it was given.
func indexedKinds(kinds []ledger.TxKind) string {
	for _, list := range []string{payoutHistoryKinds, governedKinds} {
		all := true
		for _, k := range kinds {
			all = all && strings.Contains(list, "'"+string(k)+"'")
		}
		if all {
			return list
		}
	}
	return ""
}

// governedKinds repeats the kind list of the partial index
// journal_governed exactly, in its order.
const governedKinds = `('coverage_began', 'pot_set', 'partner_set', 'party_set', 'pledge_set', 'category_set',
	'allocation_rules_set', 'user_set', 'token_set', 'signal_taken_up', 'taakvelden_imported')`

// scanTransaction scans a journal row, and extra columns after it.
func scanTransaction(sc scanner, extra ...any) (*ledger.Transaction, error) {
	var t ledger.Transaction
	var kind, pot, vd, at, role string
	dest := append([]any{&t.Seq, &kind, &t.Ref, &pot, &vd, &at, &t.Actor, &role,
		&t.Memo, &t.Digest, &t.PayeeDigest, &t.Reverses, &t.PrevHash, &t.Hash}, extra...)
	if err := sc.Scan(dest...); err != nil {
		return nil, err
	}
	t.Kind, t.PotID, t.ValueDate, t.RecordedAt, t.ActorRole =
		ledger.TxKind(kind), ledger.PotID(pot), parseDate(vd), parseTime(at), ledger.Role(role)
	return &t, nil
}

// posting builds a posting from a joined row. A posting whose account row is
// gone keeps an empty name, so its transaction no longer matches its hash.
func posting(account sql.NullString, amount, after sql.NullInt64) ledger.Posting {
	return ledger.Posting{Account: account.String, Amount: ledger.Cents(amount.Int64), BalanceAfter: ledger.Cents(after.Int64)}
}
