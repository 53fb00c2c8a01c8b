package ledger

import "time"

// PayoutReads reads payouts with their payees and deviations.
type PayoutReads interface {
	// Payouts calls fn with each payout the query selects, with its payee
	// and deviations, newest request first (oldest first with q.Oldest).
	// fn may keep the row. fn's error stops the walk and is returned.
	Payouts(q PayoutQuery, fn func(*PayoutRow) error) error
	// PayoutCounts returns the number of payouts in each status; a status
	// no payout has is left out.
	PayoutCounts() (map[Status]int, error)
	// CountPayouts counts the payouts the query selects, ignoring its
	// IDs, cursors (Before, After), order and Limit. For the queries the
	// work lists make (by status, by requester) it reads an index alone.
	CountPayouts(q PayoutQuery) (int, error)
	// PayoutTotals counts and sums (cents) the payouts the query selects
	// per pot, by pot id, ignoring its IDs, cursors, order and Limit. It
	// reads every selected row: for small selections (the approved,
	// unpaid payouts).
	PayoutTotals(q PayoutQuery) ([]PotTotal, error)
	// OwedEvaluations calls fn with the payouts of q.By that are
	// approved or paid, have no evaluation and have a value date on or
	// before q.Due (the evaluations a requester owes), by value date then
	// request, oldest first; with q.Before and a Limit the page nearest
	// before it, newest first. fn may keep the row; its error stops the
	// walk and is returned.
	OwedEvaluations(q OwedQuery, fn func(*PayoutRow) error) error
	// CountOwedEvaluations counts the payouts OwedEvaluations selects,
	// ignoring cursors and Limit, from an index alone.
	CountOwedEvaluations(q OwedQuery) (int, error)
	// KeptPayees returns the ids of the payouts whose payee is kept (has
	// a payee row not erased), whose value date is before the date and
	// whose status is one of statuses, in order of id.
	KeptPayees(before Date, statuses []Status) ([]PayoutID, error)
}

// PayoutWrites writes payouts with their payees and deviations.
type PayoutWrites interface {
	// InsertPayout adds a payout in the state r gives (its decision
	// included, with r.DecisionSeq), with its deviations and its payee
	// (r.Payee, kept with r.PayeeRecord.Salt and r.PayeeRecord.Seq).
	// r.RequestSeq is the transaction that booked the request. A payout
	// with ReissueOf is stored as paying that payout again. Errors:
	// ErrExists when its id or its request's transaction has a payout
	// already, or the payout it pays again was paid again already.
	InsertPayout(r *PayoutRow) error
	// DecidePayout records the decision on a payout that has none: its
	// new status, the decision (p.Status and p.Decision) and seq, the
	// transaction that booked it. Errors: ErrNotFound when there is no
	// such payout or it has a decision already.
	DecidePayout(p *Payout, seq int64) error
	// ErasePayees blanks the names and IBANs of the payouts' payees and
	// drops their salts, marking them erased at the instant by the
	// transaction seq. An id without a payee is passed over.
	ErasePayees(ids []PayoutID, at time.Time, seq int64) error
}

// PayoutQuery selects payouts. The zero value selects every payout.
type PayoutQuery struct {
	// IDs, when not empty, keeps these payouts.
	IDs []PayoutID
	// PotID, Status, Category, RequestedBy and Urgency keep the payouts
	// that have them ("" for any).
	PotID       PotID
	Status      Status
	Category    string
	RequestedBy string
	Urgency     Urgency
	// From and To bound the value date, inclusive (zero: no bound).
	From, To Date
	// Before keeps the payouts requested before the request with this
	// sequence number, After those requested after it (0: no bound), for
	// pages.
	Before, After int64
	// NotRequestedBy, when not "", leaves out the payouts this user
	// requested.
	NotRequestedBy string
	// Caps, when not empty, keeps the payouts of these pots whose amount
	// is within the pot's cap: what a decider's mandate covers.
	Caps []PotCap
	// Oldest lists the oldest request first.
	Oldest bool
	// ByValueDate orders by value date, then by request (Oldest chooses
	// the direction still); AfterKey and BeforeKey then keep the payouts
	// after or before a place in that order (nil: no bound), for pages.
	ByValueDate         bool
	AfterKey, BeforeKey *ValueDateKey
	// Limit caps the number of payouts (0: no cap).
	Limit int
}

// PotCap bounds the payouts of one pot a query keeps: those of at most
// Limit cents, or of any amount when Unlimited.
type PotCap struct {
	PotID     PotID
	Limit     Cents
	Unlimited bool
}

// OwedQuery selects the evaluations a requester owes: the payouts By
// requested that are paid (Payout.Evaluable), have no evaluation and have
// a value date on or before Due.
type OwedQuery struct {
	By  string
	Due Date
	// After keeps the payouts after this place in the order (value date,
	// then request), Before those before it (nil: no bound).
	After, Before *ValueDateKey
	// Limit caps the number of payouts (0: no cap).
	Limit int
}

// ValueDateKey is a payout's place in an order by value date, then by
// request: its value date, then its request's sequence number. Owed
// evaluations and a period's payouts are listed in it.
type ValueDateKey struct {
	ValueDate  Date
	RequestSeq int64
}

// PayoutRow is a payout as stored, with what only the ledger's rules see:
// the salt of its digests, the journal transactions that booked it, its
// current allocation's version and how its payee is kept.
type PayoutRow struct {
	Payout
	// Salt salts the digests of the request, decision, reversal and
	// evaluations (RequestDigest and the others).
	Salt []byte
	// RequestSeq, DecisionSeq and ReversalSeq are the transactions that
	// booked the request, the decision and the reversal (0: none).
	RequestSeq, DecisionSeq, ReversalSeq int64
	// SettleSeq and ReturnSeq are the transactions that booked the bank's
	// settlement and return of the payout (0: none).
	SettleSeq, ReturnSeq int64
	// AllocationVersion is the current allocation's version (0: none).
	AllocationVersion int
	// PayeeRecord is how the payee (Payout.Payee) is kept.
	PayeeRecord PayeeRecord
}

// PayeeRecord is how a payout's payee is kept beside the name and IBAN:
// what the journal committed to it with, and its erasure.
type PayeeRecord struct {
	// Salt salts PayeeDigest; nil once erased, and for a payee from
	// before coverage began that was never committed to.
	Salt []byte
	// Seq is the transaction that committed to the payee (0: none).
	Seq int64
	// ErasedSeq is the erasure that erased it (0: none).
	ErasedSeq int64
	// Missing says the payout has no payee row at all.
	Missing bool
}
