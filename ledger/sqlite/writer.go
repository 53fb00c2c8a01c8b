package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"runtime/debug"
	"strings"
	"time"

	"github.com/mattn/go-sqlite3"

	"github.com/ontschot/ontschot/ledger"
)

// op is one write waiting for the writer goroutine.
type op struct {
	ctx  context.Context
	name string
	fn   func(w *wtx) error
	done chan error
}

// errClosed is returned for writes submitted after Close.
var errClosed = errors.New("the ledger is closed")

// write runs fn in the writer's next transaction and returns its error once
// the transaction has committed (or failed). If ctx is done before fn starts,
// fn does not run. Once fn has run, write waits for the commit whatever ctx
// says: the caller must never hear "failed" about a write that took effect.
func (s *Store) write(ctx context.Context, name string, fn func(w *wtx) error) error {
	o := &op{ctx: ctx, name: name, fn: fn, done: make(chan error, 1)}
	s.mu.RLock()
	if s.closed {
		s.mu.RUnlock()
		return errClosed
	}
	s.ops <- o
	s.mu.RUnlock()
	return unavailable(<-o.done)
}

// unavailable turns the errors of a disk that is full or failing, a file
// that cannot be written, or a lock held past the busy timeout into an
// EUNAVAILABLE error: the write was not booked, the user can try again
// later, and the operator finds the cause in the log (the writer logged
// it with detail).
func unavailable(err error) error {
	var se sqlite3.Error
	if !errors.As(err, &se) {
		return err
	}
	switch se.Code {
	case sqlite3.ErrFull, sqlite3.ErrIoErr, sqlite3.ErrReadonly, sqlite3.ErrBusy, sqlite3.ErrLocked, sqlite3.ErrCantOpen:
		return ledger.Errorf(ledger.EUNAVAILABLE, "the ledger cannot take writes now (%s); nothing was booked. Try again in a little while; the operator is told in the log", se.Code.Error())
	}
	return err
}

// writer is the single goroutine that owns the writer connection. It takes
// whatever writes are waiting, up to maxBatch, and runs them as one
// transaction: while one group commits (the fsync), the next group gathers.
func (s *Store) writer() {
	defer close(s.stopped)
	batch := make([]*op, 0, s.maxBatch)
	for first := range s.ops {
		batch = append(batch[:0], first)
	gather:
		for len(batch) < s.maxBatch {
			select {
			case o, ok := <-s.ops:
				if !ok {
					break gather
				}
				batch = append(batch, o)
			default:
				break gather
			}
		}
		s.runBatch(batch)
		clear(batch)
	}
}

// runBatch runs a group of writes in one transaction, each inside its own
// savepoint, and answers each after the commit.
func (s *Store) runBatch(batch []*op) {
	errs := make([]error, len(batch))
	fail := func(err error) {
		s.cache.reset()
		for i := range batch {
			if errs[i] == nil {
				errs[i] = err
			}
		}
	}
	defer func() {
		for i, o := range batch {
			o.done <- errs[i]
		}
	}()

	ctx := context.Background()
	tx, err := s.writeDB.BeginTx(ctx, nil)
	if err != nil {
		s.log.Error("ledger: begin write transaction", "err", err)
		fail(internal("begin", err))
		return
	}
	w := &wtx{s: s, ctx: ctx, tx: tx, newAccounts: map[string]int64{}, bal: map[int64]ledger.Cents{}, dirty: map[int64]bool{}}
	if err := w.loadHead(); err != nil {
		tx.Rollback()
		s.log.Error("ledger: read journal head", "err", err)
		fail(internal("read journal head", err))
		return
	}
	startSeq := w.headSeq
	if err := s.cache.validate(w); err != nil {
		tx.Rollback()
		s.log.Error("ledger: read data version", "err", err)
		fail(internal("read data version", err))
		return
	}
	useSavepoints := len(batch) > 1
	committed := make([]bool, len(batch))
	for i, o := range batch {
		if err := o.ctx.Err(); err != nil {
			errs[i] = err
			continue
		}
		if useSavepoints {
			if _, err := tx.ExecContext(ctx, "SAVEPOINT op"); err != nil {
				tx.Rollback()
				s.log.Error("ledger: savepoint", "err", err)
				fail(internal("savepoint", err))
				return
			}
		}
		mark := w.mark()
		w.now = ledger.JournalTime(s.now())
		err := w.call(o)
		if err == nil {
			if useSavepoints {
				if _, err := tx.ExecContext(ctx, "RELEASE op"); err != nil {
					tx.Rollback()
					s.log.Error("ledger: release savepoint", "err", err)
					fail(internal("release savepoint", err))
					return
				}
			}
			committed[i] = true
			continue
		}
		errs[i] = err
		if ledger.ErrorCode(err) == ledger.EINTERNAL {
			s.log.Error("ledger: write failed", "op", o.name, "err", err)
		}
		// The write may have filled the cache with what it then undid.
		s.cache.reset()
		if !useSavepoints {
			tx.Rollback()
			return
		}
		w.reset(mark)
		if _, rerr := tx.ExecContext(ctx, "ROLLBACK TO op"); rerr != nil {
			tx.Rollback()
			s.log.Error("ledger: rollback to savepoint", "err", rerr)
			fail(internal("rollback to savepoint", rerr))
			return
		}
		if _, rerr := tx.ExecContext(ctx, "RELEASE op"); rerr != nil {
			tx.Rollback()
			s.log.Error("ledger: release savepoint", "err", rerr)
			fail(internal("release savepoint", rerr))
			return
		}
	}
	if err := w.commitAnswers(); err != nil {
		tx.Rollback()
		s.cache.reset()
		s.log.Error("ledger: commit to stored answers", "err", err)
		fail(internal("commit to stored answers", err))
		for i := range batch {
			if committed[i] {
				errs[i] = internal("commit to stored answers", err)
			}
		}
		return
	}
	if err := w.flushBalances(); err != nil {
		tx.Rollback()
		s.cache.reset()
		s.log.Error("ledger: write running balances", "err", err)
		fail(internal("write running balances", err))
		for i := range batch {
			if committed[i] {
				errs[i] = internal("write running balances", err)
			}
		}
		return
	}
	if err := tx.Commit(); err != nil {
		s.cache.reset()
		s.log.Error("ledger: commit", "err", err, "writes", len(batch))
		for i := range batch {
			if committed[i] {
				errs[i] = internal("commit", err)
			}
		}
		return
	}
	for name, id := range w.newAccounts {
		s.accounts.Store(name, id)
	}
	if s.afterCommit != nil && w.headSeq > startSeq {
		s.afterCommit(ledger.Checkpoint{Seq: w.headSeq, Hash: w.headHash})
	}
}

// wtx is the writer's view of the transaction under way: the *sql.Tx, the
// journal head, and the instant of the current write, fixed for all it books.
type wtx struct {
	s   *Store
	ctx context.Context
	tx  *sql.Tx
	now time.Time

	headSeq  int64
	headHash string

	// newAccounts are accounts created in this transaction; newOrder
	// remembers the order so a failed write can drop its own.
	newAccounts map[string]int64
	newOrder    []string

	// bal holds the running balance of every account the group touched,
	// read once and moved in memory; dirty ones are written back once,
	// before COMMIT. undo lets a failed write put back what it moved.
	bal   map[int64]ledger.Cents
	dirty map[int64]bool
	undo  []balanceUndo

	// answers are the digests of the answers stored in this group for
	// requests with an idempotency key, and answerIDs their rows: one
	// answers_recorded transaction commits to them before COMMIT.
	answers   []string
	answerIDs []int64
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
}

func (w *wtx) mark() mark {
	return mark{w.headSeq, w.headHash, len(w.newOrder), len(w.undo), len(w.answers)}
}

func (w *wtx) reset(m mark) {
	w.headSeq, w.headHash = m.headSeq, m.headHash
	w.answers, w.answerIDs = w.answers[:m.answers], w.answerIDs[:m.answers]
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

// flushBalances writes the running balances the group moved.
func (w *wtx) flushBalances() error {
	for id := range w.dirty {
		if _, err := w.exec(`UPDATE accounts SET balance = ? WHERE id = ?`, int64(w.bal[id]), id); err != nil {
			return err
		}
	}
	return nil
}

// available returns the money a pot can spend now, as this group sees it.
func (w *wtx) available(pot ledger.PotID) (ledger.Cents, error) {
	var sum ledger.Cents
	for _, k := range []struct {
		kind ledger.AccountKind
		sign ledger.Cents
	}{{ledger.AccountBank, 1}, {ledger.AccountPayable, 1}, {ledger.AccountEncumbrances, -1}} {
		id, err := w.account(ledger.AccountName(pot, k.kind, ""))
		if err != nil {
			return 0, err
		}
		b, err := w.balance(id)
		if err != nil {
			return 0, err
		}
		sum += k.sign * b
	}
	return sum, nil
}

// call runs the op's function, turning a panic into an internal error so one
// bad write cannot take the writer (and every other caller) down.
func (w *wtx) call(o *op) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%s: panic: %v\n%s", o.name, r, debug.Stack())
		}
	}()
	return o.fn(w)
}

// today is the booking date of the current write.
func (w *wtx) today() ledger.Date { return ledger.DateOf(w.now) }

func (w *wtx) exec(query string, args ...any) (sql.Result, error) {
	return w.tx.ExecContext(w.ctx, query, args...)
}

func (w *wtx) queryRow(query string, args ...any) *sql.Row {
	return w.tx.QueryRowContext(w.ctx, query, args...)
}

// loadHead reads the last transaction of the journal. It is read for every
// group, not cached, so another process writing the same file (the CLI while
// the server runs) cannot fork the chain.
func (w *wtx) loadHead() error {
	err := w.queryRow(`SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1`).Scan(&w.headSeq, &w.headHash)
	if errors.Is(err, sql.ErrNoRows) {
		w.headSeq, w.headHash = 0, ledger.GenesisHash
		return nil
	}
	return err
}

// account returns the id of the named account, creating it when needed.
func (w *wtx) account(name string) (int64, error) {
	if id, ok := w.newAccounts[name]; ok {
		return id, nil
	}
	if id, ok := w.s.accounts.Load(name); ok {
		return id.(int64), nil
	}
	var id int64
	err := w.queryRow(`SELECT id FROM accounts WHERE name = ?`, name).Scan(&id)
	if err == nil {
		w.s.accounts.Store(name, id)
		return id, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return 0, err
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

// checkOpen refuses a booking date inside a closed period.
func (w *wtx) checkOpen(d ledger.Date) error {
	closed, err := w.s.cache.closedPeriods(w)
	if err != nil {
		return err
	}
	for _, cp := range closed {
		if cp.Contains(d) {
			return ledger.ClosedError(d, cp)
		}
	}
	return nil
}

// book appends t to the journal: it checks the booking date against closed
// periods and the balance of the postings, moves the running balances,
// chains and hashes the transaction and writes it. It fills in t.Seq,
// t.RecordedAt, t.PrevHash, t.Hash and each posting's BalanceAfter.
func (w *wtx) book(t *ledger.Transaction) error {
	if err := w.checkOpen(t.ValueDate); err != nil {
		return err
	}
	if sum := t.Sum(); sum != 0 {
		return fmt.Errorf("book %s %s: postings sum to %s, not zero", t.Kind, t.Ref, sum)
	}
	t.Seq = w.headSeq + 1
	t.PrevHash = w.headHash
	t.RecordedAt = w.now
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
	if err := insertJournal(w.ctx, w.tx, t); err != nil {
		return err
	}
	for i, p := range t.Postings {
		if _, err := w.exec(`INSERT INTO postings (seq, n, account_id, amount, balance_after) VALUES (?, ?, ?, ?, ?)`,
			t.Seq, i, ids[i], int64(p.Amount), int64(p.BalanceAfter)); err != nil {
			return err
		}
	}
	w.headSeq, w.headHash = t.Seq, t.Hash
	return nil
}

// idempotent runs fn at most once per (actor, key): a repeat with the same
// fingerprint returns the stored answer, another fingerprint is refused. An
// empty key runs fn without memory. The answer is stored as JSON in the same
// transaction as fn's effects, so both commit or neither does.
func idempotent[T any](w *wtx, actor ledger.Actor, key, operation string, fingerprint []byte, fn func() (T, error)) (T, bool, error) {
	var zero T
	if key == "" {
		v, err := fn()
		return v, false, err
	}
	if err := ledger.CheckIdempotencyKey(key); err != nil {
		return zero, false, err
	}
	var storedOp, result string
	var storedFP []byte
	err := w.queryRow(`SELECT operation, fingerprint, result FROM idempotency_keys WHERE actor = ? AND key = ?`, actor.User, key).
		Scan(&storedOp, &storedFP, &result)
	switch {
	case err == nil:
		if storedOp != operation || string(storedFP) != string(fingerprint) {
			return zero, false, ledger.IdempotencyError(key)
		}
		var v T
		if err := json.Unmarshal([]byte(result), &v); err != nil {
			return zero, false, fmt.Errorf("idempotency key %q: stored answer: %w", key, err)
		}
		return v, true, nil
	case !errors.Is(err, sql.ErrNoRows):
		return zero, false, err
	}
	v, err := fn()
	if err != nil {
		return zero, false, err
	}
	b, err := json.Marshal(v)
	if err != nil {
		return zero, false, err
	}
	var id int64
	if err := w.queryRow(`INSERT INTO idempotency_keys (actor, key, operation, fingerprint, result, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
		actor.User, key, operation, fingerprint, string(b), formatTime(w.now)).Scan(&id); err != nil {
		return zero, false, err
	}
	w.answers = append(w.answers, ledger.AnswerDigest(actor.User, key, operation, fingerprint, string(b)))
	w.answerIDs = append(w.answerIDs, id)
	return v, false, nil
}

// commitAnswers books the answers_recorded transaction that commits to the
// answers this group stored, and links them to it. An answer changed in the
// file afterwards would make a retry return something the service never
// said, and one deleted would let a retry pay twice: Verify names both.
func (w *wtx) commitAnswers() error {
	if len(w.answers) == 0 {
		return nil
	}
	t := answersTransaction(w.answers, w.today())
	if err := w.book(&t); err != nil {
		return err
	}
	for start := 0; start < len(w.answerIDs); start += 500 {
		ids := w.answerIDs[start:min(start+500, len(w.answerIDs))]
		args := make([]any, 0, len(ids)+1)
		args = append(args, t.Seq)
		for _, id := range ids {
			args = append(args, id)
		}
		if _, err := w.exec(`UPDATE idempotency_keys SET seq = ? WHERE id IN (?`+strings.Repeat(",?", len(ids)-1)+`)`, args...); err != nil {
			return err
		}
	}
	return nil
}
