package ledger

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"
)

// Service is the ledger: every rule, written once, over a storage Engine.
// It implements Store, which the HTTP API, the pages, the reports and the
// command use; an engine (SQLite, PostgreSQL) only stores and locks.
type Service struct {
	engine Engine
	now    func() time.Time
	log    *slog.Logger

	// afterPasswordCheck, when set (by tests), runs in SignIn between the
	// password check and the write that opens the session.
	afterPasswordCheck func()

	// coverageSeq remembers the coverage_began transaction once it is
	// known (Service.coverage): it never changes.
	coverageSeq atomic.Int64

	// moves counts the payouts moved into each status (PayoutMoves).
	moves payoutMoves
}

// Options tune a Service. The zero value is fine for production.
type Options struct {
	// Now is the clock; each write reads it once. Default: time.Now.
	Now func() time.Time
	// Logger receives internal errors with detail. Default: discard.
	Logger *slog.Logger
}

// New returns the ledger over engine; closing it closes the engine.
func New(engine Engine, opts Options) *Service {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	s := &Service{engine: engine, now: opts.Now, log: opts.Logger, moves: newPayoutMoves()}
	engine.OnGroupCommit(s.commitAnswers)
	return s
}

// Engine returns the engine the service runs over.
func (s *Service) Engine() Engine { return s.engine }

// Close closes the engine (Store).
func (s *Service) Close() error { return s.engine.Close() }

// op is one write as the rules see it: the engine's transaction and the
// instant of the write, fixed for everything it books.
type op struct {
	// tx is the engine's transaction as the rules use it (factTx); raw is
	// the engine's own, for the aggregates' bookkeeping.
	tx  Tx
	raw Tx
	ctx context.Context
	now time.Time

	// before holds the fact of each payout the write changed as it was
	// before (nil for a new payout), order the payouts in the order
	// first changed (see factTx).
	before map[PayoutID]*PayoutFact
	order  []PayoutID
	// inserted holds the fact of each payout the write inserted and did
	// not change after, so it need not be read back.
	inserted map[PayoutID]PayoutFact
	// moved lists, for each payout the write moved into another status,
	// the status it moved into (noteMove); counted once the write commits.
	moved []Status
}

// today is the booking date of the write.
func (o *op) today() Date { return DateOf(o.now) }

// write runs fn in a write of the engine, with the instant of the write.
// Errors other than domain errors are wrapped with the operation's name
// for the log.
func (s *Service) write(ctx context.Context, name string, fn func(o *op) error) error {
	// The engine may run fn again (a group retried after a serialisation
	// failure): only the last run's moves count, and only once committed.
	var moved []Status
	err := s.engine.Write(ctx, name, func(tx Tx) error {
		o := &op{raw: tx, ctx: tx.Context(), now: JournalTime(s.now())}
		o.tx = moveTx{factTx{Tx: tx, o: o}}
		if err := fn(o); err != nil {
			return err
		}
		moved = o.moved
		return o.flushFacts()
	})
	if err == nil {
		s.moves.add(moved)
	}
	return wrapInternal(name, err)
}

// read runs fn over one snapshot of the engine.
func (s *Service) read(ctx context.Context, name string, fn func(tx ReadTx) error) error {
	return wrapInternal(name, s.engine.Read(ctx, fn))
}

// wrapInternal names the operation of an unexpected error, for the log; a
// domain error passes as it is.
func wrapInternal(name string, err error) error {
	if err == nil {
		return nil
	}
	var le *Error
	if errors.As(err, &le) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return fmt.Errorf("%s: %w", name, err)
}

// book appends t to the journal as of the write's instant, once the rules
// of every booking hold: its date is not in a closed period (invariant 9)
// and its postings balance (invariant 1).
func (o *op) book(t *Transaction) error {
	closed, err := o.tx.ClosedPeriods()
	if err != nil {
		return err
	}
	for _, cp := range closed {
		if cp.Contains(t.ValueDate) {
			return ClosedError(t.ValueDate, cp)
		}
	}
	if sum := t.Sum(); sum != 0 {
		return fmt.Errorf("book %s %s: postings sum to %s, not zero", t.Kind, t.Ref, sum)
	}
	t.RecordedAt = o.now
	return o.tx.Append(t)
}

// idempotent runs fn at most once per (actor, key): a repeat of the same
// request (fp) returns the stored answer, another request under the key is
// refused (EIDEMPOTENCY). An empty key runs fn without memory. The answer
// is kept in its canonical form (form), in the same transaction as fn's
// effects, so both commit or neither does, and the journal commits to it
// (answers_recorded). The bool is true for a replay.
func idempotent[T any](o *op, actor Actor, key string, fp fingerprint, form answerForm[T], fn func() (T, error)) (T, bool, error) {
	var zero T
	if key == "" {
		v, err := fn()
		return v, false, err
	}
	if err := CheckIdempotencyKey(key); err != nil {
		return zero, false, err
	}
	stored, ok, err := o.tx.Answer(actor.User, key)
	switch {
	case err != nil:
		return zero, false, err
	case ok:
		if stored.Operation != fp.op || !fp.matches(stored.Fingerprint) {
			return zero, false, IdempotencyError(key)
		}
		v, err := form.decode(stored.Result)
		if err != nil {
			return zero, false, fmt.Errorf("idempotency key %q: stored answer: %w", key, err)
		}
		return v, true, nil
	}
	v, err := fn()
	if err != nil {
		return zero, false, err
	}
	a := StoredAnswer{Actor: actor.User, Key: key, Operation: fp.op, Fingerprint: fp.sum, Result: form.encode(&v), CreatedAt: o.now}
	return v, false, o.tx.SaveAnswer(a, AnswerDigest(a.Actor, a.Key, a.Operation, a.Fingerprint, a.Result))
}

// SystemActor books what no person did: the baseline of coverage, the
// commitment to stored answers.
var SystemActor = Actor{User: "ontschot", Role: "system"}

// AnswersTransaction commits to the answers stored in one write group.
func AnswersTransaction(answers []string, today Date) Transaction {
	memo := fmt.Sprintf("%d stored answers to requests with an idempotency key", len(answers))
	if len(answers) == 1 {
		memo = "1 stored answer to a request with an idempotency key"
	}
	return Transaction{Kind: TxAnswersRecorded, Ref: "answers", ValueDate: today,
		Actor: SystemActor.User, ActorRole: SystemActor.Role, Memo: memo, Digest: AnswersDigest(answers)}
}

// commitRecord books the transaction that commits to a governed record's
// new content. pot files it under a pot's journal ("" for none).
func (o *op) commitRecord(actor Actor, r GovernedRecord, pot PotID, memo string) error {
	t := RecordTransaction(&r, pot, actor, o.today(), memo)
	return o.book(&t)
}

// commitAnswers books the answers_recorded transaction that commits to the
// answers a write group stored: an answer changed in the file afterwards
// would make a retry return something the service never said, and one
// deleted would let a retry pay twice; Verify names both.
func (s *Service) commitAnswers(tx Tx, answers []string) error {
	if len(answers) == 0 {
		return nil
	}
	o := &op{tx: tx, ctx: tx.Context(), now: JournalTime(s.now())}
	t := AnswersTransaction(answers, o.today())
	return o.book(&t)
}

var _ Store = (*Service)(nil)

// SchemaVersion returns the version of the engine's schema, for an engine
// that keeps one (0 otherwise).
func (s *Service) SchemaVersion(ctx context.Context) (int, error) {
	if e, ok := s.engine.(interface {
		SchemaVersion(context.Context) (int, error)
	}); ok {
		return e.SchemaVersion(ctx)
	}
	return 0, nil
}

// Ping reports whether the engine can be read (Store).
func (s *Service) Ping(ctx context.Context) error { return s.engine.Ping(ctx) }

// Ready reports whether the engine can take a write now (Store).
func (s *Service) Ready(ctx context.Context) error { return s.engine.Ready(ctx) }
