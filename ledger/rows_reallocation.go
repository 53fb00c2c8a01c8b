package ledger

import "time"

// ReallocationReads reads outside parties, allocations with their lines,
// receivables with their settlements, evaluations and signal uptakes.
type ReallocationReads interface {
	// Parties returns the outside parties with the given ids, or every
	// party when none is given, by name (ignoring case). An id that is
	// not there is left out.
	Parties(ids ...PartyID) ([]Party, error)
	// Allocations returns the versions of a payout's allocation with
	// their lines (in their order, each party line with the party's name)
	// and salts, oldest first: every version, or only the given one when
	// version > 0. What follows from the payout (PayoutAmount,
	// Unallocated, Current) is left zero: the caller knows the payout.
	Allocations(payout PayoutID, version int) ([]AllocationRow, error)
	// Receivables returns the receivables the query selects, with their
	// party's name and their settlements (in the order they were
	// recorded; an empty list for none), oldest first (then by id). Open
	// is left zero: what is open is the caller's to say.
	Receivables(q ReceivableQuery) ([]Receivable, error)
	// ReceivableTotals counts the receivables the query selects (its
	// IDs, PotID, PartyID, PayoutID, Status and AllocationVersion; not
	// its cursors or limit) and sums what is open of them: amount less
	// settled of those open, in cents. It reads an index, not the rows.
	ReceivableTotals(q ReceivableQuery) (n int, open Cents, err error)
	// PartyLoads returns, per party, the payouts of a pot whose current
	// allocation has a line to it (Turns) and the sum of those lines in
	// cents (Borne), by party name (ignoring case). A party with none is
	// left out.
	PartyLoads(pot PotID) ([]PartyLoad, error)
	// Evaluations returns the versions of a payout's evaluation, oldest
	// first. Current is left false: the payout says which is current.
	Evaluations(payout PayoutID) ([]Evaluation, error)
	// SignalUptakes returns the signals taken up in policy, oldest first
	// (then by signal id).
	SignalUptakes() ([]SignalUptake, error)
}

// ReallocationWrites writes outside parties, allocations with their lines,
// receivables with their settlements, evaluations and signal uptakes.
type ReallocationWrites interface {
	// InsertParty adds an outside party. Errors: ErrExists when its id,
	// or its name ignoring case, is taken.
	InsertParty(p *Party) error
	// RenameParty gives a party a new name. Errors: ErrExists when
	// another party has the name (ignoring case); ErrNotFound when there
	// is no such party.
	RenameParty(id PartyID, name string) error
	// InsertAllocation adds one version of a payout's allocation with its
	// lines (a.Lines, in their order, with their receivables' ids) and its
	// salt; a.JournalSeq is the transaction that booked it. Errors:
	// ErrExists when the payout has that version already.
	InsertAllocation(a *AllocationRow) error
	// SetCurrentAllocation records on a payout which version of its
	// allocation is current and the cents it allocates (0 and 0: none).
	// Errors: ErrNotFound when there is no such payout.
	SetCurrentAllocation(payout PayoutID, version int, allocated Cents) error
	// ReverseAllocation records that a version of a payout's allocation
	// was reversed by the transaction seq at the instant, and why.
	// Errors: ErrNotFound when there is no such version, or it was
	// reversed already.
	ReverseAllocation(payout PayoutID, version int, seq int64, at time.Time, why string) error
	// InsertReceivable adds a receivable as r gives it (its id, pot,
	// payout, party, allocation version, amount, settled, status and
	// instant). Errors: ErrExists when its id is taken.
	InsertReceivable(r *Receivable) error
	// SetReceivable records a receivable's progress: the cents settled
	// and its status. Errors: ErrNotFound when there is no such
	// receivable.
	SetReceivable(id ReceivableID, settled Cents, status ReceivableStatus) error
	// InsertSettlement adds a settlement of a receivable; s.JournalSeq is
	// the transaction that booked it.
	InsertSettlement(s *Settlement) error
	// InsertEvaluation adds a version of a payout's evaluation;
	// e.JournalSeq is the transaction that booked it. Errors: ErrExists
	// when the payout has that version already.
	InsertEvaluation(e *Evaluation) error
	// SetEvaluationSummary records on a payout its current evaluation.
	// Errors: ErrNotFound when there is no such payout.
	SetEvaluationSummary(payout PayoutID, e EvaluationSummary) error
	// InsertUptake records that a signal was taken up in policy. Errors:
	// ErrExists when the signal was taken up already.
	InsertUptake(u *SignalUptake) error
	// ReversePayout records the reversal of an approved payout: its new
	// status and the reversal (p.Status and p.Reversal) and seq, the
	// transaction that booked it; the payout has no current allocation
	// afterwards. Errors: ErrNotFound when there is no such payout or it
	// is no longer approved.
	ReversePayout(p *Payout, seq int64) error
}

// AllocationRow is one version of a payout's allocation as stored, with
// the salt of its digest and of its reversal's (AllocationDigest,
// AllocationReversalDigest): the note is free text.
type AllocationRow struct {
	Allocation
	Salt []byte
}

// ReceivableQuery selects receivables. The zero value selects every
// receivable.
type ReceivableQuery struct {
	// IDs, when not empty, keeps these receivables.
	IDs []ReceivableID
	// PotID, PartyID, PayoutID and Status keep the receivables that have
	// them ("" for any).
	PotID    PotID
	PartyID  PartyID
	PayoutID PayoutID
	Status   ReceivableStatus
	// AllocationVersion keeps the receivables one version of an
	// allocation created (0: any).
	AllocationVersion int
	// After keeps the receivables after this place in the order (by
	// creation, then id), Before those before it (nil: no bound). With
	// Before and a Limit, the receivables nearest to it are kept: the
	// page before it, still oldest first.
	After, Before *ReceivableKey
	// Limit caps the number of receivables (0: no cap).
	Limit int
}

// ReceivableKey is a receivable's place in the order of lists: the instant
// it was created, then its id.
type ReceivableKey struct {
	CreatedAt time.Time
	ID        ReceivableID
}
