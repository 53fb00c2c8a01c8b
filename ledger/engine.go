package ledger

import (
	"context"
	"errors"
	"time"
)

// Engine is a storage engine: it keeps the ledger's rows and keeps them
// consistent under concurrency, on one server or several. It decides
// nothing: every rule (who may, what is valid, which mandate, whether the
// money is there, what the journal books, what is visible) is Service's,
// written once for every engine. An engine runs writes and reads in
// transactions, appends to the journal, keeps the running balances, and
// reads and writes rows by type (ReadTx and Tx, and the subject interfaces
// they are made of, in the rows_*.go files).
//
// Errors: an engine returns ErrExists and ErrNotFound where a method says
// so, an EUNAVAILABLE *Error when it cannot write now, and otherwise
// internal errors, which Service logs and shows generically. It never
// returns another *Error: what a user is told is Service's to say.
type Engine interface {
	// Write runs fn in a write transaction: what fn writes through tx
	// commits together or not at all, and no caller hears back before it
	// is durable. An engine may run several writes in one transaction
	// (group commit), each isolated from the others: fn's error undoes
	// fn's own writes only. An engine may run fn again after a
	// serialisation failure, so fn must act only through tx and set what
	// it returns afresh each time. Writes are serialised: within fn,
	// nothing another write does is seen, on any server. Errors: fn's
	// error, ctx's error if fn never ran, an EUNAVAILABLE *Error when the
	// store cannot write now, or an internal error.
	Write(ctx context.Context, name string, fn func(tx Tx) error) error
	// Read runs fn over one consistent snapshot of the ledger. Errors:
	// fn's, or an internal error.
	Read(ctx context.Context, fn func(tx ReadTx) error) error
	// OnGroupCommit sets the function Write calls once for every
	// transaction it commits, after the writes of its group and before the
	// commit, with the digests of the answers the group stored
	// (Tx.SaveAnswer), in order; it is not called for a group that stored
	// none. Service books there the answers_recorded transaction that
	// commits to them; the engine then links each stored answer to the
	// journal's head. An error fails the whole group.
	OnGroupCommit(fn func(tx Tx, answers []string) error)
	// Ping reports whether the engine can read. Errors: internal, or ctx's.
	Ping(ctx context.Context) error
	// Ready reports whether the engine can take a write now, by making
	// one that touches no ledger data, through the same path, transaction
	// and commit as a booking. Errors: internal, or ctx's when the write
	// did not finish in time; nil means a write committed.
	Ready(ctx context.Context) error
	// Close stops accepting writes, finishes those under way and releases
	// the engine.
	Close() error
}

// ErrExists is returned (wrapped) by an engine that was asked to add a row
// whose key or unique name another row has already: Service turns it into
// the ECONFLICT its caller can act on.
var ErrExists = errors.New("the row exists already")

// ErrNotFound is returned (wrapped) by an engine asked to change a row that
// is not there.
var ErrNotFound = errors.New("no such row")

// ReadTx reads rows in one consistent snapshot (or, inside a write, as the
// write sees them, its own changes included). Each read method is part of
// a subject interface; ReadTx is all of them.
type ReadTx interface {
	// Context is the context of a read; a write's is never cancelled,
	// since a write that has started must finish or fail as a whole.
	Context() context.Context
	JournalReads
	FundReads
	CodeReads
	PayoutReads
	ReallocationReads
	PeopleReads
	PaymentReads
	BankReads
	AuditReads
	AggregateReads
	NotificationReads
	OutboxReads
}

// Tx reads and writes rows inside a write.
type Tx interface {
	ReadTx
	JournalWrites
	FundWrites
	CodeWrites
	PayoutWrites
	ReallocationWrites
	PeopleWrites
	PaymentWrites
	BankWrites
	AuditWrites
	AggregateWrites
	NotificationWrites
	OutboxWrites
}

// JournalReads reads the journal, the running balances and the stored
// answers.
type JournalReads interface {
	// Head returns the journal's last transaction (0 and GenesisHash for
	// an empty journal).
	Head() (seq int64, hash string, err error)
	// Transactions calls fn with each transaction the filter selects, in
	// the filter's order, postings included when f.Postings is set. fn may
	// keep the transaction. fn's error stops the walk and is returned.
	Transactions(f TxFilter, fn func(*Transaction) error) error
	// Accounts calls fn with the running balance of every account of a
	// pot (of every account when pot is ""), in order of name; inside a
	// write, as the write has moved them.
	Accounts(pot PotID, fn func(AccountBalance) error) error
	// Answer returns the stored answer to a request with an idempotency
	// key, and whether there is one.
	Answer(actor, key string) (StoredAnswer, bool, error)
}

// TxFilter selects journal transactions. The zero value selects every
// transaction, oldest first, without postings.
type TxFilter struct {
	// After and Through bound the sequence numbers: After < seq <=
	// Through (0: no bound).
	After, Through int64
	// Kinds, when not empty, keeps the transactions of these kinds.
	Kinds []TxKind
	// Ref, when not empty, keeps the transactions about it.
	Ref string
	// Newest reverses the order: newest first.
	Newest bool
	// Limit caps the number of transactions (0: no cap).
	Limit int
	// Postings reads each transaction's postings too.
	Postings bool
}

// JournalWrites appends to the journal and keeps the stored answers.
type JournalWrites interface {
	// Append adds t to the journal: it gives t the next sequence number
	// and its predecessor's hash, moves the running balance of every
	// posting's account (creating accounts it has not seen) and fills in
	// each posting's BalanceAfter, and sets t.Hash to t.ComputeHash(). The
	// caller has set everything else, RecordedAt included, and checked
	// that the postings balance.
	Append(t *Transaction) error
	// Balance returns an account's running balance as this write sees it
	// (0 for an account that does not exist yet).
	Balance(account string) (Cents, error)
	// SaveAnswer stores the answer to a request with an idempotency key,
	// with the digest the journal is to commit to (AnswerDigest): the
	// digest is given to the OnGroupCommit function of the write's group.
	// Errors: ErrExists when (actor, key) has an answer already.
	SaveAnswer(a StoredAnswer, digest string) error
}

// StoredAnswer is what is kept of a request with an idempotency key: whose
// key, the operation, the request's fingerprint and the answer, in its
// stored form; Seq is the answers_recorded transaction that committed to it
// (0 until its group commits).
type StoredAnswer struct {
	Actor       string
	Key         string
	Operation   string
	Fingerprint []byte
	Result      string
	CreatedAt   time.Time
	Seq         int64
}
