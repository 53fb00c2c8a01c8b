package ledger

import "time"

// PaymentReads reads payment batches with their groups and items, and the
// sums of postings statements are made of.
type PaymentReads interface {
	// PaymentBatches returns the batches the query selects, newest first
	// (by creation, then id), each with its groups but without items. A group's PotName is the pot's name as
	// the batch was made (the pot's current name for a group made before
	// the name was kept); the groups come by that name (ignoring case),
	// the pot's year and id. Checkpoint is the sequence number and hash of
	// the newest group's transaction (the hash "" when that transaction
	// is not there). An id that is not there gives no batch.
	PaymentBatches(q PaymentBatchQuery) ([]PaymentBatch, error)
	// PaymentBatchTotals returns how many batches there are, how many
	// payouts they paid and their amount in cents.
	PaymentBatchTotals() (batches, payouts int, amount Cents, err error)
	// PaymentItems returns the items of a batch in their order, each with
	// the pot and urgency its payout has now, and the payout's payee as it
	// is kept (PaymentItemRow).
	PaymentItems(batch PaymentBatchID) ([]PaymentItemRow, error)
	// PaymentGroupsAfter calls fn with every group booked by a
	// transaction after seq, in the order of those transactions, with the
	// header of its batch. fn's error stops the walk and is returned.
	PaymentGroupsAfter(seq int64, fn func(PaymentGroupRow) error) error
	// PaidIn returns the batch a payout is an item of ("" for none).
	PaidIn(payout PayoutID) (PaymentBatchID, error)
	// PostingTotals sums the postings the query selects by account, kind
	// of transaction, month of value date and, for the kinds that change
	// spending (TxKind.Spending), the payout's category, ordered by those four. The
	// pot is not checked: a pot that is not there has no postings.
	PostingTotals(q PostingQuery) ([]PostingTotal, error)
}

// PaymentBatchQuery selects payment batches. The zero value selects every
// batch.
type PaymentBatchQuery struct {
	// ID, when not "", keeps that batch.
	ID PaymentBatchID
	// After keeps the batches after this place in the order (newest
	// first: made before it), Before those before it (nil: no bound).
	// With Before and a Limit, the batches nearest to it are kept: the
	// page before it, still newest first.
	After, Before *PaymentBatchKey
	// Limit caps the number of batches (0: no cap).
	Limit int
}

// PaymentBatchKey is a batch's place in the order of lists: the instant it
// was made, then its id, both newest first.
type PaymentBatchKey struct {
	CreatedAt time.Time
	ID        PaymentBatchID
}

// PaymentWrites writes payment batches with their groups and items.
type PaymentWrites interface {
	// InsertPaymentBatch stores a batch: its header (ID, CreatedAt,
	// CreatedBy, ExecutionDate, Payouts, Amount, SkippedPots, Remittance), its groups
	// (with PotName, Debtor, Payouts, Amount and JournalSeq) and its
	// items (PayoutID and Amount), numbered in the order of b.Items.
	// Errors: ErrExists when the batch's id is taken, or a payout is an
	// item of a batch already.
	InsertPaymentBatch(b *PaymentBatch) error
	// MarkPayoutPaid sets an approved payout's status to paid. Errors:
	// ErrNotFound when there is no such payout or it is not approved.
	MarkPayoutPaid(id PayoutID) error
}

// PaymentItemRow is one item of a stored batch with what a check of its
// payee needs: the payee as kept and what the journal holds of it.
type PaymentItemRow struct {
	// PaymentItem has the item's amount, and the pot, urgency and payee
	// of its payout as stored now.
	PaymentItem
	// PayeeRecord is how the payee is kept.
	PayeeRecord PayeeRecord
	// RequestSeq is the payout's first transaction in the journal, found
	// by the payout's id among the payout kinds (0: none); never the
	// payouts table's reference to it.
	RequestSeq int64
	// PayeeRef and PayeeDigest are the Ref and PayeeDigest of the
	// transaction at PayeeRecord.Seq ("" when there is none).
	PayeeRef, PayeeDigest string
}

// PaymentGroupRow is a stored payment group with the header of its batch,
// as they are stored: no column is filled in from another table, so that
// a record changed or removed is seen as such.
type PaymentGroupRow struct {
	// Batch has the ID, CreatedAt, CreatedBy, ExecutionDate and
	// Remittance of the group's batch.
	Batch PaymentBatch
	// Group has PotID, PotName ("" for a group made before the name was
	// kept), Debtor, Payouts, Amount and JournalSeq.
	Group PaymentGroup
}
