package ledger

import "time"

// BankReads reads what was imported of the bank's answer.
type BankReads interface {
	// BankFileImported returns the stored import of the file with the
	// digest; found is false when the file was never imported.
	BankFileImported(digest string) (row BankFileRow, found bool, err error)
	// BankEntrySeen reports whether the entry (account and reference)
	// was imported before, from any file, and returns it as stored: its
	// booking date, amount, direction, payout and PmtInfId.
	BankEntrySeen(iban, ref string) (BankEntryRow, bool, error)
	// BankEntries calls fn with the imported entries the query selects,
	// by booking date (newest first), then account and reference.
	BankEntries(q BankEntryQuery, fn func(*BankEntryRow) error) error
	// BankStatements returns the stored statements the query selects,
	// newest first: by their last day (To), then id, descending.
	BankStatements(q BankStatementQuery) ([]BankStatementRow, error)
	// BankStatementAccounts returns the accounts (IBANs) of which a
	// statement is stored, in order.
	BankStatementAccounts() ([]string, error)
	// BankPostings calls fn with every posting on the bank account
	// (AccountName(pot, AccountBank, "")) of the pots q names whose
	// transaction's value date is within q's days, by value date, then
	// sequence number. It reads the postings as they are: the rules
	// (Service.Reconciliation) decide what each means.
	BankPostings(q BankPostingQuery, fn func(*BankPosting) error) error
}

// BankStatementQuery selects stored statements. The zero value selects
// every statement.
type BankStatementQuery struct {
	// IBAN keeps the statements of one account ("" for all).
	IBAN string
	// ID keeps the statement with this id ("" for all).
	ID string
	// Limit caps the number (0: no cap).
	Limit int
}

// BankPostingQuery selects the postings on the bank accounts of pots.
type BankPostingQuery struct {
	// Pots are the pots whose bank accounts are read; none selects
	// nothing.
	Pots []PotID
	// From and To bound the transactions' value dates, both inclusive
	// (zero: unbounded).
	From, To Date
}

// BankPosting is one posting on a pot's bank account with the transaction
// that booked it.
type BankPosting struct {
	Seq       int64
	Kind      TxKind
	Ref       string
	PotID     PotID
	ValueDate Date
	// Amount is the posting's amount in cents: positive is money in.
	Amount Cents
}

// BankWrites writes the imports of the bank's answer and what they did to
// payouts.
type BankWrites interface {
	// InsertBankFile stores an import. Errors: ErrExists when the file's
	// digest is there.
	InsertBankFile(r *BankFileRow) error
	// InsertBankStatement stores a statement's balances. Errors:
	// ErrExists when the account's statement is there.
	InsertBankStatement(r *BankStatementRow) error
	// InsertBankEntry stores an entry and its outcome. Errors: ErrExists
	// when the account's entry reference is there.
	InsertBankEntry(r *BankEntryRow) error
	// InsertStatementEntry records that a statement delivered an entry
	// (stored under its account and reference, by this file or an
	// earlier one). Errors: ErrExists when the statement delivered it
	// before (from another file), which changes nothing.
	InsertStatementEntry(r *BankStatementEntry) error
	// SettlePayout sets a paid payout's status to settled, with the
	// transaction that booked it and the bank's booking date; a returned
	// payout without a settlement (its return was imported before its
	// debit) gets them and stays returned. Errors: ErrNotFound when there
	// is no such payout, or it is neither paid nor returned unsettled.
	SettlePayout(id PayoutID, seq int64, on Date) error
	// ReturnPayout sets a paid or settled payout's status to returned,
	// with the transaction that booked it, the date and the reason code,
	// and clears its current allocation (withdrawn before by the caller),
	// the parties' rotation loads with it.
	// Errors: ErrNotFound when there is no such payout or it is neither
	// paid nor settled.
	ReturnPayout(id PayoutID, seq int64, on Date, reason string) error
}

// BankStatementEntry is an entry a statement delivered: the account, the
// statement and the entry's reference as stored (BankEntryRow.Ref), with
// the import that recorded it.
type BankStatementEntry struct {
	IBAN, StatementID, Ref, FileDigest string
}

// BankFileRow is one imported file.
type BankFileRow struct {
	// Digest is the SHA-256 of the file's bytes, in hex.
	Digest     string
	Kind       BankFileKind
	MessageID  string
	ImportedAt time.Time
	ImportedBy string
	// Summary is what the import did, in words (BankImport.Summary).
	Summary string
	// Seq is the transaction that committed to the import.
	Seq int64
}

// BankStatementRow is one statement's identity and booked balances.
type BankStatementRow struct {
	IBAN, StatementID, FileDigest string
	From, To                      Date
	Opening, Closing              *BankBalance
}

// Outcomes of an imported entry: what it did.
const (
	// OutcomeSettled: a debit that settled paid payouts.
	OutcomeSettled = "settled"
	// OutcomeReturned: money back for a paid payout (a return, or a
	// reversed debit).
	OutcomeReturned = "returned"
	// OutcomeRejected: a status report's rejection of a transfer or a
	// block; the payout is returned.
	OutcomeRejected = "rejected"
	// OutcomeAccepted: a status report's acceptance; nothing changes.
	OutcomeAccepted = "accepted"
	// OutcomeUnmatched: a debit or return ontschot cannot match to a
	// payout (unknown, another amount, not paid): for finance to look at.
	OutcomeUnmatched = "unmatched"
	// OutcomeCredit: money in that is no return (a contribution, interest).
	OutcomeCredit = "credit"
)

// BankEntryRow is one imported entry with its outcome.
type BankEntryRow struct {
	IBAN, Ref, StatementID, FileDigest string
	BookingDate                        Date
	Amount                             Cents
	Debit                              bool
	PaymentInfoID                      string
	Outcome                            string
	// PayoutID is the payout it settled, returned or names ("" for none
	// or several: a batch booking names its block in PaymentInfoID).
	PayoutID PayoutID
	// Reason is a return's or rejection's reason code.
	Reason string
	// Detail says in words why an unmatched entry is unmatched (English,
	// committed to by the import's record); DetailNL says it in Dutch.
	Detail, DetailNL string
}

// BankEntryQuery selects imported entries. The zero value selects every
// entry.
type BankEntryQuery struct {
	// Outcome keeps the entries of one outcome ("" for all).
	Outcome string
	// IBAN keeps the entries of one account ("" for all; a status
	// report's rejections have none).
	IBAN string
	// StatementID, with IBAN, keeps the entries that statement delivered
	// (BankStatementEntry), whichever file they were stored with.
	StatementID string
	// From and To keep the entries booked on these days, both inclusive
	// (zero: unbounded; an entry without a booking date is kept only
	// when both are zero).
	From, To Date
	// Limit caps the number (0: no cap).
	Limit int
}
