package sqlengine

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime/debug"

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

// Write runs fn in the writer's next group, inside a savepoint of its own
// (ledger.Engine). If ctx is done before fn starts, fn does not run. Once
// fn has run, Write waits for the commit whatever ctx says: the caller must
// never hear "failed" about a write that took effect.
func (db *DB) Write(ctx context.Context, name string, fn func(ledger.Tx) error) error {
	return db.write(ctx, name, func(w *wtx) error { return fn(w) })
}

func (db *DB) write(ctx context.Context, name string, fn func(w *wtx) error) error {
	o := &op{ctx: ctx, name: name, fn: fn, done: make(chan error, 1)}
	db.mu.RLock()
	if db.closed {
		db.mu.RUnlock()
		return errClosed
	}
	db.ops <- o
	db.mu.RUnlock()
	return db.unavailable(<-o.done)
}

// unavailable turns the errors of a database that cannot take writes now
// into an EUNAVAILABLE error: the write was not booked, the user can try
// again later, and the operator finds the cause in the log (the writer
// logged it with detail).
func (db *DB) unavailable(err error) error {
	if err == nil {
		return nil
	}
	if reason, ok := db.d.Unavailable(err); ok {
		return ledger.Errorf(ledger.EUNAVAILABLE, "the ledger cannot take writes now (%s); nothing was booked. Try again in a little while; the operator is told in the log", reason)
	}
	return err
}

// Ready reports whether the ledger can take a write now, by making one: it
// rewrites the single row of ready_probe through the writer goroutine, in
// the same kind of transaction, savepoint and commit as a booking, possibly
// in the same group as bookings waiting at that moment (ledger.Engine).
//
// Ready gives up when ctx ends: a writer that does not answer in time is as
// good as one that fails. The write is then dropped if it has not started;
// once started it is left to finish, as every write is.
func (db *DB) Ready(ctx context.Context) error {
	o := &op{ctx: ctx, name: "readiness probe", fn: probe, done: make(chan error, 1)}
	// Hand the probe over as write does, but without waiting past ctx: a
	// full queue or a stuck writer must make readiness fail, not hang the
	// load balancer's request. done is buffered, so the writer never
	// blocks on an answer nobody waits for.
	db.mu.RLock()
	if db.closed {
		db.mu.RUnlock()
		return fmt.Errorf("readiness: %w", errClosed)
	}
	select {
	case db.ops <- o:
		db.mu.RUnlock()
	case <-ctx.Done():
		db.mu.RUnlock()
		return fmt.Errorf("readiness: the writer's queue stayed full: %w", ctx.Err())
	}
	select {
	case err := <-o.done:
		if err != nil {
			return fmt.Errorf("readiness: a write through the writer failed: %w", err)
		}
		return nil
	case <-ctx.Done():
		return fmt.Errorf("readiness: the writer did not commit in time: %w", ctx.Err())
	}
}

// probe is the readiness write: one row rewritten, so the transaction
// writes to the log and the commit syncs it like any booking.
func probe(w *wtx) error {
	_, err := w.exec(`INSERT INTO ready_probe (id, probes, at) VALUES (1, 1, ?)
		ON CONFLICT (id) DO UPDATE SET probes = ready_probe.probes + 1, at = excluded.at`, FormatTime(w.now()))
	return err
}

// writer is the single goroutine that owns the write connection. It takes
// whatever writes are waiting, up to maxBatch, and runs them as one
// transaction: while one group commits, the next gathers.
func (db *DB) writer() {
	defer close(db.stopped)
	batch := make([]*op, 0, db.maxBatch)
	for first := range db.ops {
		batch = append(batch[:0], first)
	gather:
		for len(batch) < db.maxBatch {
			select {
			case o, ok := <-db.ops:
				if !ok {
					break gather
				}
				batch = append(batch, o)
			default:
				break gather
			}
		}
		db.runBatch(batch)
		clear(batch)
	}
}

// runBatch runs a group of writes and answers each once the group has
// committed or failed; a group that fails on a serialisation failure runs
// again, up to db.retries times.
func (db *DB) runBatch(batch []*op) {
	errs := make([]error, len(batch))
	for attempt := 1; ; attempt++ {
		clear(errs)
		err := db.runGroup(batch, errs)
		if err == nil {
			break
		}
		if db.d.Retryable(err) && attempt < db.retries {
			db.log.Warn("ledger: group of writes runs again after a serialisation failure", "attempt", attempt, "err", err)
			continue
		}
		// The group did not commit: every write that had not failed on
		// its own fails with it.
		if !errors.Is(err, errOpFailed) {
			db.log.Error("ledger: group of writes failed", "writes", len(batch), "err", err)
			for i := range errs {
				if errs[i] == nil {
					errs[i] = fmt.Errorf("write %s: %w", batch[i].name, err)
				}
			}
		}
		break
	}
	for i, o := range batch {
		o.done <- errs[i]
	}
}

// errOpFailed ends a group of one write whose write failed: its error is
// its answer, and nothing is committed.
var errOpFailed = errors.New("the only write of the group failed")

// runGroup runs the group in one transaction, each write inside its own
// savepoint (but for a group of one, whose transaction is the savepoint).
// It sets errs[i] to the error of each write that failed on its own, and
// returns the error that made the whole group fail. One deferred rollback
// ends every way out but the commit, so no early return can leave the
// write connection inside a transaction, or the cache holding what was
// undone.
func (db *DB) runGroup(batch []*op, errs []error) (err error) {
	ctx := context.Background()
	tx, err := db.writeDB.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	committed := false
	defer func() {
		if !committed {
			tx.Rollback()
			db.cache.reset()
		}
	}()
	version, err := db.d.BeginGroup(ctx, tx)
	if err != nil {
		return fmt.Errorf("begin group: %w", err)
	}
	if version != db.version {
		// Another process or server committed since this one last did:
		// nothing cached may be trusted.
		db.cache.reset()
	}
	w := newWtx(db, ctx, tx)
	if err := w.loadHead(); err != nil {
		return fmt.Errorf("read journal head: %w", err)
	}
	startSeq := w.headSeq
	useSavepoints := len(batch) > 1
	for i, o := range batch {
		if err := o.ctx.Err(); err != nil {
			errs[i] = err
			continue
		}
		if useSavepoints {
			if _, err := tx.ExecContext(ctx, "SAVEPOINT op"); err != nil {
				return fmt.Errorf("savepoint: %w", err)
			}
		}
		m := w.mark()
		err := call(w, o)
		if err == nil {
			if useSavepoints {
				if _, err := tx.ExecContext(ctx, "RELEASE SAVEPOINT op"); err != nil {
					return fmt.Errorf("release savepoint: %w", err)
				}
			}
			continue
		}
		if db.d.Retryable(err) {
			return err
		}
		errs[i] = err
		if ledger.ErrorCode(err) == ledger.EINTERNAL {
			db.log.Error("ledger: write failed", "op", o.name, "err", err)
		}
		// The write may have filled the cache with what it then undid.
		db.cache.reset()
		w.reset(m)
		if !useSavepoints {
			return errOpFailed
		}
		if _, err := tx.ExecContext(ctx, "ROLLBACK TO SAVEPOINT op"); err != nil {
			return fmt.Errorf("rollback to savepoint: %w", err)
		}
		if _, err := tx.ExecContext(ctx, "RELEASE SAVEPOINT op"); err != nil {
			return fmt.Errorf("release savepoint: %w", err)
		}
	}
	if err := w.commitAnswers(); err != nil {
		return fmt.Errorf("commit to stored answers: %w", err)
	}
	if err := w.flushBalances(); err != nil {
		return fmt.Errorf("write running balances: %w", err)
	}
	next, err := db.d.EndGroup(ctx, tx, version)
	if err != nil {
		return fmt.Errorf("end group: %w", err)
	}
	// Whatever Commit answers, the transaction is over: a failed commit
	// leaves nothing to roll back, but the cache must still go.
	committed = true
	if err := tx.Commit(); err != nil {
		db.cache.reset()
		db.version = -1
		return fmt.Errorf("commit: %w", err)
	}
	db.version = next
	for name, id := range w.newAccounts {
		db.accounts.Store(name, id)
	}
	if db.afterCommit != nil && w.headSeq > startSeq {
		db.afterCommit(ledger.Checkpoint{Seq: w.headSeq, Hash: w.headHash})
	}
	return nil
}

// call runs the op's function, turning a panic into an internal error so one
// bad write cannot take the writer (and every other caller) down.
func call(w *wtx, o *op) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%s: panic: %v\n%s", o.name, r, debug.Stack())
		}
	}()
	return o.fn(w)
}

// Run runs fn as a write over tx, outside the writer: for a migration that
// books transactions in its own transaction (the coverage baseline). The
// caller commits tx.
func (db *DB) Run(ctx context.Context, tx *sql.Tx, fn func(ledger.Tx) error) error {
	w := newWtx(db, ctx, tx)
	if err := w.loadHead(); err != nil {
		return err
	}
	if err := fn(w); err != nil {
		return err
	}
	if err := w.commitAnswers(); err != nil {
		return err
	}
	return w.flushBalances()
}
