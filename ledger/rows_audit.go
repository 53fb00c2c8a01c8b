package ledger

// AuditReads reads what Verify compares with the journal: each record with
// the transactions it refers to, in streams that keep memory flat. Every
// stream calls fn once per record, in the order its method names, and
// stops at fn's first error, which it returns; fn must not read from the
// same transaction while the stream runs (one query at a time).
//
// A stream that takes after reads every record when after is 0 (a full
// verification), and otherwise only the records that a journal transaction
// with a sequence number above after booked or changed, as its method
// says: what an incremental verification checks. It finds them from the
// journal's newest transactions, so that it costs what was appended since,
// not what the ledger holds; a record changed by hand without a
// transaction is found by a full verification.
//
// A journal transaction a record refers to comes as a Transaction without
// its postings and hashes; it is the zero Transaction (Seq 0, Ref "") when
// the journal has no transaction with that sequence number. Records come
// as stored: no column is filled in from another table, so that a record
// changed or removed by hand shows as such.
type AuditReads interface {
	PostingSumReads
	// AuditAccounts calls fn with every account's stored running
	// balance, in the order the accounts were opened.
	AuditAccounts(fn func(AccountBalance) error) error
	// LastPosting returns the sequence number of the last transaction
	// with a posting to the account (0: none, or no such account).
	LastPosting(account string) (int64, error)
	// AuditPayouts calls fn with every payout as stored (with its payee
	// and deviations), in no particular order, each with the transactions
	// its row refers to and what other tables hold of it. The record is
	// the engine's again once fn returns: fn must not keep it. With after,
	// the payouts a transaction after it names (its request, decision,
	// reversal, payee, allocations and evaluations) or pays.
	AuditPayouts(after int64, fn func(*AuditPayout) error) error
	// AuditContributions calls fn with every contribution and the
	// transaction at its JournalSeq, in order of JournalSeq; with after,
	// those whose JournalSeq is above it.
	AuditContributions(after int64, fn func(c *Contribution, booked *Transaction) error) error
	// AuditAllocations calls fn with every version of every allocation
	// of a payout that is there, with its lines (in their order), by
	// payout id and version; with after, every version of the allocations
	// of the payouts an allocation or its reversal after it names.
	AuditAllocations(after int64, fn func(*AuditAllocation) error) error
	// AuditSettlements calls fn with every settlement and the transaction
	// at its JournalSeq, in the order they were recorded; with after,
	// those whose JournalSeq is above it.
	AuditSettlements(after int64, fn func(s *Settlement, booked *Transaction) error) error
	// AuditEvaluations calls fn with every version of every evaluation of
	// a payout that is there, by payout id and version; with after, every
	// version of the evaluations of the payouts an evaluation after it
	// names.
	AuditEvaluations(after int64, fn func(*AuditEvaluation) error) error
	// AuditPaymentGroups calls fn with every payment group with its batch's
	// header and its items, by batch id and pot id. An item is a payout of
	// the group's batch whose pot is the group's; items come in their
	// order, each with its payout's urgency as stored now. A group without
	// such items is left out. With after, the groups whose JournalSeq is
	// above it.
	AuditPaymentGroups(after int64, fn func(*AuditPaymentGroup) error) error
	// AuditPaymentBatches calls fn with every payment batch's header
	// figures beside the sums of its groups and the count of its items,
	// by batch id; with after, the batches with a group booked after it.
	AuditPaymentBatches(after int64, fn func(*AuditPaymentBatch) error) error
	// AuditReceivables calls fn with every receivable, with the
	// allocation line that names it and the sum of its settlements, in no
	// particular order; with after, the receivables of the payouts an
	// allocation or its reversal after it names, and those a settlement
	// after it settled.
	AuditReceivables(after int64, fn func(*AuditReceivable) error) error
	// AuditPartyLoads calls fn with every (pot, party) that has a stored
	// rotation load or current allocation lines charging the party: the
	// load as stored (PartyLoads) and as the current allocations give it,
	// zero where there is none.
	AuditPartyLoads(fn func(pot PotID, stored, computed PartyLoad) error) error
	// AuditErasures calls fn with every erasure a payee names as the one
	// that erased it, with the ids of the payouts whose payees name it (by
	// id), in order of the erasure's sequence number; with after, the
	// erasures after it.
	AuditErasures(after int64, fn func(*AuditErasure) error) error
	// AuditClosedPeriods calls fn with every closed period and the
	// transaction at its JournalSeq, in order of JournalSeq; with after,
	// those whose JournalSeq is above it.
	AuditClosedPeriods(after int64, fn func(cp *ClosedPeriod, booked *Transaction) error) error
	// AuditTaakveldImports calls fn with every import of the Iv3 code list
	// that names a transaction (seq), with its digest and the transaction,
	// in order of seq; with after, those whose seq is above it.
	AuditTaakveldImports(after int64, fn func(seq int64, digest string, booked *Transaction) error) error
	// AuditSessions calls fn with every web session (its Actor's role and
	// partner those of its user, empty when the user is not there) and the
	// transaction at its Seq, oldest first.
	AuditSessions(fn func(s *SessionRow, booked *Transaction) error) error
	// AuditBankFiles calls fn with every import of a bank file, its
	// statements and entries as stored (by account and id), the entries
	// its statements delivered (by account, statement and reference), and
	// the transaction that committed to it (zero when there is none);
	// then, for each file that statements, entries or deliveries name but
	// no import made, a row with only that Digest and no transaction.
	AuditBankFiles(fn func(f *BankFileRow, statements []BankStatementRow, entries []BankEntryRow, delivered []BankStatementEntry, booked *Transaction) error) error
	// AuditAnswers calls fn with every stored answer and the transaction
	// at its Seq, by Seq and then in the order they were stored; the
	// answers no transaction committed to (Seq 0) come together, first or
	// last. With after, the answers whose Seq is above it and those with
	// Seq 0 (which no later transaction can ever name: they were put in
	// the file by hand, or their group is still being written).
	AuditAnswers(after int64, fn func(a *StoredAnswer, booked *Transaction) error) error
	// Unrecorded calls fn, in order of sequence number, with every
	// transaction of a kind that books a record whose record does not
	// refer to it: a payout's request, decision or reversal (by the
	// payout's row), a contribution, an allocation or its reversal, a
	// settlement, an evaluation, a closed period, an import of the Iv3
	// code list, an erasure (by the payees it erased), a payment (by its
	// groups) and a commitment to stored answers; with after, of the
	// transactions after it.
	Unrecorded(after int64, fn func(*Transaction) error) error
	// VerifiedCheckpoint returns where the last verification that found
	// the journal whole got to, with every account's running balance
	// there, and whether one is recorded (see SaveVerifiedCheckpoint).
	VerifiedCheckpoint() (VerifiedCheckpoint, bool, error)
}

// AuditWrites write what the baseline of coverage commits to (BookCoverage)
// beside the journal, and where the last verification got to.
type AuditWrites interface {
	// CommitPayee records that the transaction seq committed to a payout's
	// payee, salted with salt. Errors: ErrNotFound when the payout has no
	// payee.
	CommitPayee(payout PayoutID, salt []byte, seq int64) error
	// CommitSession records that the transaction seq committed to a web
	// session. Errors: ErrNotFound when there is no such session.
	CommitSession(hash string, seq int64) error
	// CommitAnswers records that the transaction seq committed to every
	// stored answer not committed to yet.
	CommitAnswers(seq int64) error
	// SaveVerifiedCheckpoint records c, with its balances, in place of
	// the checkpoint recorded before. It is kept beside the ledger, not in
	// the journal: it commits to nothing.
	SaveVerifiedCheckpoint(c *VerifiedCheckpoint) error
	// ClearVerifiedCheckpoint removes the recorded checkpoint, if any.
	ClearVerifiedCheckpoint() error
}

// AuditPayout is a payout as stored, with the transactions its row refers
// to and what other tables hold of it.
type AuditPayout struct {
	PayoutRow
	// RequestTx, DecisionTx and ReversalTx are the transactions at
	// RequestSeq, DecisionSeq and ReversalSeq.
	RequestTx, DecisionTx, ReversalTx Transaction
	// SettleTx and ReturnTx are the transactions at SettleSeq and
	// ReturnSeq (zero when there is none).
	SettleTx, ReturnTx Transaction
	// PayeeTx has the Ref and PayeeDigest of the transaction at
	// PayeeRecord.Seq (empty when there is none); the rest is left zero.
	PayeeTx Transaction
	// StoredEvaluation is the current evaluation as the row stores it,
	// whatever its version (Payout.Evaluation is nil for version 0).
	StoredEvaluation EvaluationSummary
	// HasAllocations and HasEvaluations say whether any version of an
	// allocation or an evaluation of the payout is stored.
	HasAllocations, HasEvaluations bool
	// InBatch says the payout is an item of a payment batch; PaidSeq is
	// the transaction of the batch's group of the payout's pot (0: none).
	InBatch bool
	PaidSeq int64
}

// AuditAllocation is one version of a payout's allocation as stored, with
// its lines, the transactions that booked and reversed it, and what the
// payout's row says of its allocation.
type AuditAllocation struct {
	AllocationRow
	// BookedTx and ReversalTx are the transactions at JournalSeq and
	// ReversalSeq.
	BookedTx, ReversalTx Transaction
	// PayoutRequestSeq, PayoutVersion and PayoutAllocated are the
	// payout's request_seq, current allocation version and allocated
	// cents as its row stores them.
	PayoutRequestSeq int64
	PayoutVersion    int
	PayoutAllocated  Cents
}

// AuditEvaluation is one version of a payout's evaluation as stored, with
// the payout's salt, the transaction that booked it and the payout's
// current evaluation as its row stores it.
type AuditEvaluation struct {
	Evaluation
	Salt []byte
	// BookedTx is the transaction at JournalSeq.
	BookedTx Transaction
	// PayoutRequestSeq and PayoutEvaluation are the payout's request_seq
	// and current evaluation as its row stores them.
	PayoutRequestSeq int64
	PayoutEvaluation EvaluationSummary
}

// AuditPaymentGroup is a stored payment group with its batch's header
// (ID, CreatedAt, CreatedBy, ExecutionDate), its items and the transaction
// that booked it.
type AuditPaymentGroup struct {
	Batch PaymentBatch
	// Group has PotID, PotName ("" for a group made before the name was
	// kept), Debtor, Payouts, Amount and JournalSeq.
	Group PaymentGroup
	Items []PaymentItem
	// BookedTx is the transaction at Group.JournalSeq.
	BookedTx Transaction
}

// AuditPaymentBatch is a batch's header figures beside those of its parts.
type AuditPaymentBatch struct {
	ID      PaymentBatchID
	Payouts int
	Amount  Cents
	// GroupPayouts and GroupAmount sum the batch's groups; FirstSeq is the
	// lowest transaction of its groups (0: none); Items counts its items.
	GroupPayouts int
	GroupAmount  Cents
	FirstSeq     int64
	Items        int
}

// AuditReceivable is a receivable as stored (Settled is its stored
// progress), with the allocation line that names it and the sum of its
// settlements.
type AuditReceivable struct {
	Receivable
	// HasLine says an allocation line names the receivable; LinePayoutID,
	// LineVersion, LinePartyID and LineAmount are that line's.
	HasLine      bool
	LinePayoutID PayoutID
	LineVersion  int
	LinePartyID  PartyID
	LineAmount   Cents
	// LineSeq is the transaction that booked the line's allocation (0:
	// none), and LineReversed says that allocation was reversed.
	LineSeq      int64
	LineReversed bool
	// SettlementsTotal sums the receivable's settlements.
	SettlementsTotal Cents
}

// AuditErasure is an erasure as the payees it erased name it.
type AuditErasure struct {
	// Seq is the transaction the payees name; BookedTx is the
	// transaction at Seq.
	Seq      int64
	BookedTx Transaction
	Payouts  []PayoutID
}
