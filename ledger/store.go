package ledger

import (
	"context"
	"time"
)

// Store keeps the ledger. Every implementation must pass the conformance
// suite in package ledgertest and keep the invariants of DESIGN.md: balanced
// transactions, an append-only hash-chained journal, no overspend under any
// concurrency, idempotent retries, exact money, durability of every answered
// write, mandates, closed periods and privacy.
//
// Errors are *Error values with the codes below, or internal errors. Every
// mutating method takes an Actor (who does it, recorded in the journal) and
// an idempotency key in its request: a repeat with the same key and the same
// content returns the first result and changes nothing; the same key with
// other content fails with EIDEMPOTENCY. Keys are scoped to the actor's user.
// Failed requests are not remembered, so a retry after an error runs again.
type Store interface {
	// CreatePartner registers a funding partner (admin).
	// Errors: EINVALID, ECONFLICT (name taken), EFORBIDDEN, EIDEMPOTENCY.
	CreatePartner(ctx context.Context, actor Actor, req NewPartner) (Partner, error)
	// Partner returns one partner. Errors: ENOTFOUND.
	Partner(ctx context.Context, id PartnerID) (Partner, error)
	// Partners lists every partner by name.
	Partners(ctx context.Context) ([]Partner, error)

	// CreatePot creates a pot with its mandate ladder and accounts (admin).
	// Errors: EINVALID, ECONFLICT (name taken for the year), EFORBIDDEN, EIDEMPOTENCY.
	CreatePot(ctx context.Context, actor Actor, req NewPot) (Pot, error)
	// Pot returns one pot. Errors: ENOTFOUND.
	Pot(ctx context.Context, id PotID) (Pot, error)
	// Pots lists every pot, newest year first, then by name.
	Pots(ctx context.Context) ([]Pot, error)
	// SetMandates replaces a pot's mandate ladder and sets the working
	// days before a reminder and an escalation that escalation gives (a
	// field left 0 keeps the pot's) (admin). Requests already waiting keep their holds and are decided
	// under the new ladder. Errors: EINVALID, ENOTFOUND, EFORBIDDEN,
	// EIDEMPOTENCY.
	SetMandates(ctx context.Context, actor Actor, pot PotID, ladder []MandateLevel, escalation Escalation, idempotencyKey string) (Pot, error)
	// RenamePot gives a pot a new name (admin); the journal records the
	// old one. Errors: EINVALID, ENOTFOUND, ECONFLICT (the name is taken
	// for the pot's year), EFORBIDDEN, EIDEMPOTENCY.
	RenamePot(ctx context.Context, actor Actor, pot PotID, req Rename) (Pot, error)
	// Balance returns a pot's figures from running balances, in time
	// independent of the journal's length. Errors: ENOTFOUND.
	Balance(ctx context.Context, pot PotID) (Balance, error)

	// SetPledge records what a partner promised to a pot (admin or finance);
	// the partner then funds the pot. Errors: EINVALID, ENOTFOUND, EFORBIDDEN, EIDEMPOTENCY.
	SetPledge(ctx context.Context, actor Actor, req Pledge) (Funding, error)
	// Funding lists pledged and received money per partner of a pot, or of
	// every pot when pot is "". Errors: ENOTFOUND.
	Funding(ctx context.Context, pot PotID) ([]Funding, error)
	// Contribute records money a partner put into a pot (finance); the
	// partner then funds the pot. Errors: EINVALID, ENOTFOUND, EFORBIDDEN,
	// ECLOSED, EIDEMPOTENCY.
	Contribute(ctx context.Context, actor Actor, req NewContribution) (Contribution, error)
	// Contributions lists a pot's contributions, oldest first. Errors: ENOTFOUND.
	Contributions(ctx context.Context, pot PotID) ([]Contribution, error)

	// RequestPayout books a request. Within the requester's mandate and the
	// pot's available money it is approved at once; above the mandate its
	// amount is held until a decision. Errors: EINVALID (including a BSN in
	// any text, an unknown category), ENOTFOUND (pot), EFORBIDDEN (a role
	// without a mandate on the pot), EMANDATE (above every level),
	// EINSUFFICIENT (with the available amount), ECLOSED, EIDEMPOTENCY.
	RequestPayout(ctx context.Context, actor Actor, req PayoutRequest) (Payout, error)
	// DecidePayout approves or rejects a pending payout. The decider is not
	// the requester and has a level that covers the amount. Errors:
	// EINVALID, ENOTFOUND, ECONFLICT (not pending), EFORBIDDEN (own request),
	// EMANDATE (level too low), ECLOSED, EIDEMPOTENCY.
	DecidePayout(ctx context.Context, actor Actor, req Decision) (Payout, error)
	// ReversePayout corrects an approved, unpaid payout with a reversing
	// transaction (finance); the money is available again. Errors: EINVALID,
	// ENOTFOUND, ECONFLICT (not approved, or paid), EFORBIDDEN, ECLOSED, EIDEMPOTENCY.
	ReversePayout(ctx context.Context, actor Actor, req Reversal) (Payout, error)
	// ReissuePayout pays a payout the bank returned again, to a corrected
	// payee, without a new decision: a new payout for the same pot, amount
	// and weighing, approved by the returned payout's decision, that the
	// next payment run pays. Its requester, or a role whose mandate on the
	// pot covers the amount, may ask it; a returned payout is paid again at
	// most once. Errors: EINVALID (the payee), ENOTFOUND, ECONFLICT (not
	// returned, paid again already, the pot's year is over), EFORBIDDEN,
	// EINSUFFICIENT (its money was spent meanwhile), ECLOSED, EIDEMPOTENCY.
	ReissuePayout(ctx context.Context, actor Actor, req Reissue) (Payout, error)
	// Payout returns one payout. Errors: ENOTFOUND.
	Payout(ctx context.Context, id PayoutID) (Payout, error)
	// Notifications returns a page of the actor's own notifications,
	// newest first, with the number unread. Errors: EINVALID.
	Notifications(ctx context.Context, actor Actor, q NotificationQuery) (NotificationPage, error)
	// UnreadNotifications counts the actor's unread notifications.
	UnreadNotifications(ctx context.Context, actor Actor) (int, error)
	// ClaimMail claims notifications to send by mail for a lease (see
	// Service.ClaimMail); MailSent and MailNotSent say how the sending
	// went. Errors: ENOTFOUND (the lease was lost), internal.
	ClaimMail(ctx context.Context, claimer string, limit int, lease time.Duration) ([]OutboxMail, error)
	MailSent(ctx context.Context, claimer string, m OutboxMail) error
	MailNotSent(ctx context.Context, claimer string, m OutboxMail, why string, temporary bool) error
	// SweepNotifications writes the reminders, escalations and
	// evaluation notices due today, each once (a scheduled job; every
	// server may run it). Errors: internal.
	SweepNotifications(ctx context.Context) (int, error)
	// FailedMail lists the mail that failed after its last try (admins).
	// Errors: EFORBIDDEN.
	FailedMail(ctx context.Context, actor Actor) ([]FailedMailLine, error)
	// SetUserMail sets a user's e-mail address and mail mode (admins).
	// Errors: EFORBIDDEN, EINVALID, ENOTFOUND.
	SetUserMail(ctx context.Context, actor Actor, user, email string, mode MailMode) error
	// MarkShownRead marks the actor's notifications with these ids read
	// (those a page showed); others' ids are passed over.
	MarkShownRead(ctx context.Context, actor Actor, ids []string) error
	// MarkNotificationsRead marks the actor's notifications up to and
	// including the one named (and every older one) read. Errors:
	// EINVALID.
	MarkNotificationsRead(ctx context.Context, actor Actor, through string) error
	// Payouts lists payouts, newest first, a page at a time. Errors: EINVALID.
	Payouts(ctx context.Context, filter PayoutFilter) (PayoutPage, error)

	// Categories lists the payout categories.
	Categories(ctx context.Context) ([]Category, error)
	// AddCategory adds a payout category (admin). Errors: EINVALID,
	// ECONFLICT (code taken), EFORBIDDEN.
	AddCategory(ctx context.Context, actor Actor, c Category) (Category, error)

	// ClosePeriod closes a month or quarter for good (finance). Errors:
	// EINVALID (not ended yet), ECONFLICT (already closed), EFORBIDDEN, EIDEMPOTENCY.
	ClosePeriod(ctx context.Context, actor Actor, req ClosePeriod) (ClosedPeriod, error)
	// ClosedPeriods lists closed periods, oldest first.
	ClosedPeriods(ctx context.Context) ([]ClosedPeriod, error)

	// ErasePersonalData erases the payee names and IBANs of payouts
	// requested before the date and no longer open (admin). The journal
	// still verifies afterwards. Errors: EINVALID, EFORBIDDEN.
	ErasePersonalData(ctx context.Context, actor Actor, before Date) (int, error)

	// IssueToken creates an API token for a user, creating the user with
	// the role (and partner) if it does not exist (admin). The secret is in
	// the answer only. Errors: EINVALID, ENOTFOUND (partner), ECONFLICT (the
	// user has another role; the idempotency key already made a token),
	// EFORBIDDEN, EIDEMPOTENCY.
	IssueToken(ctx context.Context, actor Actor, req NewToken) (IssuedToken, error)
	// Authenticate returns who holds a token secret. Errors: EUNAUTHORIZED.
	Authenticate(ctx context.Context, secret string) (Session, error)
	// RevokeToken revokes a token for good (admin). Errors: ENOTFOUND,
	// ECONFLICT (revoked already), EFORBIDDEN.
	RevokeToken(ctx context.Context, actor Actor, id TokenID) error
	// Users lists every user by name.
	Users(ctx context.Context) ([]User, error)
	// Tokens lists the tokens of a user, or of everyone when user is "".
	Tokens(ctx context.Context, user string) ([]Token, error)

	// CreateParty registers an outside party that can bear costs (finance
	// or admin). Errors: EINVALID, ECONFLICT (name taken), EFORBIDDEN, EIDEMPOTENCY.
	CreateParty(ctx context.Context, actor Actor, req NewParty) (Party, error)
	// RenameParty gives an outside party a new name (finance or admin);
	// the journal records the old one. Errors: EINVALID, ENOTFOUND,
	// ECONFLICT (the name is taken), EFORBIDDEN, EIDEMPOTENCY.
	RenameParty(ctx context.Context, actor Actor, party PartyID, req Rename) (Party, error)
	// Parties lists the outside parties by name.
	Parties(ctx context.Context) ([]Party, error)

	// Allocate books a payout's allocation, replacing (reversing) the
	// current one if there is one (finance). A line names its party by id
	// or name; a law line without an economic category gets the payout's.
	// Errors: EINVALID (lines that exceed the payout, an unknown party, a
	// taakveld not valid for the payout's booking year or of another law, a
	// correction without a note, the same allocation again), ENOTFOUND,
	// ECONFLICT (the payout is not approved or paid, or a receivable of the
	// current allocation was settled), EINSUFFICIENT (undoing a refund would
	// overspend the pot), EFORBIDDEN, ECLOSED, EIDEMPOTENCY.
	Allocate(ctx context.Context, actor Actor, req AllocationRequest) (Allocation, error)
	// Allocations returns a payout's allocations, oldest first; the last
	// one is current unless it was withdrawn. Errors: ENOTFOUND.
	Allocations(ctx context.Context, payout PayoutID) ([]Allocation, error)
	// Receivables lists a page of receivables, oldest first, with the
	// totals of all the filter selects. Errors: EINVALID.
	Receivables(ctx context.Context, filter ReceivableFilter) (ReceivablePage, error)
	// Receivable returns one receivable. Errors: ENOTFOUND.
	Receivable(ctx context.Context, id ReceivableID) (Receivable, error)
	// Settle records a party's payment of (part of) a receivable (finance).
	// Errors: EINVALID (more than is open), ENOTFOUND, ECONFLICT (settled or
	// cancelled), EFORBIDDEN, ECLOSED, EIDEMPOTENCY.
	Settle(ctx context.Context, actor Actor, req Settlement) (Receivable, error)
	// PartyLoads returns per party what it has borne of a pot's costs under
	// current allocations: turns and amount, by party name.
	// Errors: ENOTFOUND.
	PartyLoads(ctx context.Context, pot PotID) ([]PartyLoad, error)

	// Taakvelden returns the Iv3 code list.
	Taakvelden(ctx context.Context) (TaakveldList, error)
	// ImportTaakvelden replaces the code list (admin). Allocations already
	// booked keep their codes. Errors: EINVALID, EFORBIDDEN.
	ImportTaakvelden(ctx context.Context, actor Actor, list TaakveldList, source string) (TaakveldImport, error)
	// AllocationRules returns the suggestion rule table, in order: what
	// every suggestion reads, so it reads nothing else.
	AllocationRules(ctx context.Context) ([]AllocationRule, error)
	// RuleStats returns what finance did with each rule's suggestions.
	RuleStats(ctx context.Context) ([]RuleStats, error)
	// SetAllocationRules replaces the rule table (admin). Errors: EINVALID, EFORBIDDEN.
	SetAllocationRules(ctx context.Context, actor Actor, rules []AllocationRule) error

	// Evaluate records or revises the evaluation of an approved or paid
	// payout (caseworker and approver roles). Errors: EINVALID (a regretted
	// amount above the payout), ENOTFOUND, ECONFLICT (not approved or paid),
	// EFORBIDDEN, EIDEMPOTENCY.
	Evaluate(ctx context.Context, actor Actor, req EvaluationRequest) (Evaluation, error)
	// Evaluations returns a payout's evaluations, oldest first.
	// Errors: ENOTFOUND.
	Evaluations(ctx context.Context, payout PayoutID) ([]Evaluation, error)

	// PayoutFacts calls fn with the fact of each payout the filter selects,
	// in order of request (so of value date), one at a time: a reader keeps
	// what it needs (a sum, a page) and memory stays flat at any size. fn
	// may keep the fact it is given. fn's error stops the walk and is
	// returned. Errors: EINVALID, ENOTFOUND (pot).
	PayoutFacts(ctx context.Context, filter FactFilter, fn func(*PayoutFact) error) error
	// Aggregates runs fn over one snapshot of the aggregates of payout
	// facts (aggregates.go): what regret, timeliness, signals, finance's
	// queue and the reports read instead of every fact. Errors: fn's.
	Aggregates(ctx context.Context, fn func(AggregateReader) error) error
	// SignalUptakes lists the signals taken up in policy.
	SignalUptakes(ctx context.Context) ([]SignalUptake, error)
	// TakeUpSignal records that a signal was taken up in policy (finance or
	// admin). Errors: EINVALID, ECONFLICT (taken up already), EFORBIDDEN, EIDEMPOTENCY.
	TakeUpSignal(ctx context.Context, actor Actor, req SignalUptake) (SignalUptake, error)

	// SetDebtorAccount sets the account a pot pays from (finance or admin).
	// Errors: EINVALID, ENOTFOUND, EFORBIDDEN, EIDEMPOTENCY.
	SetDebtorAccount(ctx context.Context, actor Actor, pot PotID, account DebtorAccount, idempotencyKey string) (Pot, error)
	// CreatePaymentBatch puts the approved, unpaid payouts of a pot (or of
	// every pot with a debtor account) in a new payment batch, books their
	// payment and marks them paid (finance). A payout is never in two
	// batches. Errors: EINVALID, ENOTFOUND (pot), ECONFLICT (nothing to pay),
	// EFORBIDDEN, EIDEMPOTENCY.
	CreatePaymentBatch(ctx context.Context, actor Actor, req NewPaymentBatch) (PaymentBatch, error)
	// PaymentBatch returns a batch with its items and payees. Errors: ENOTFOUND.
	PaymentBatch(ctx context.Context, id PaymentBatchID) (PaymentBatch, error)
	// PaymentBatches lists a page of batches, newest first, without
	// items, with the totals of all batches. Errors: EINVALID.
	PaymentBatches(ctx context.Context, filter PaymentBatchFilter) (PaymentBatchPage, error)
	// Unpaid returns per pot the approved payouts not yet paid.
	Unpaid(ctx context.Context) ([]PotTotal, error)
	// PostingTotals sums postings by account, transaction kind, month and
	// payout category, for statements. Errors: ENOTFOUND (pot).
	PostingTotals(ctx context.Context, q PostingQuery) ([]PostingTotal, error)

	// CreateAccount gives a user a password for the web pages, creating
	// the user with the role if it does not exist; a new password unlocks
	// the account and ends its sessions (admin). Errors: EINVALID,
	// ENOTFOUND (partner), ECONFLICT (the user has another role), EFORBIDDEN.
	CreateAccount(ctx context.Context, actor Actor, req NewAccount) (User, error)
	// SignIn checks a password and opens a web session. Errors:
	// EUNAUTHORIZED (wrong user name or password, or locked after too many
	// failures).
	SignIn(ctx context.Context, user, password string) (WebSession, error)
	// OpenProviderSession opens a web session for a person the identity
	// provider signed in, with the role its groups map to now, making or
	// changing their user as needed. Errors: EINVALID, ENOTFOUND
	// (partner), ECONFLICT (a local account's name, unless TakeOver).
	OpenProviderSession(ctx context.Context, in ProviderSignIn) (WebSession, error)
	// EndProviderSessions ends the sessions of a provider's user whose
	// groups now give no role. Errors: EINVALID.
	EndProviderSessions(ctx context.Context, user string) error
	// ProviderActor is who a provider's access token acts as. Errors:
	// EINVALID, ECONFLICT (a local account's name).
	ProviderActor(ctx context.Context, in ProviderSignIn) (Actor, error)
	// WebSession returns the session of a cookie's secret. Errors:
	// EUNAUTHORIZED (unknown, idle too long, or over its maximum age).
	WebSession(ctx context.Context, secret string) (WebSession, error)
	// SignOut ends a web session.
	SignOut(ctx context.Context, secret string) error

	// ImportBankFile applies one of the bank's files (a statement, a
	// debit notification, a status report): settles and returns the
	// payouts it answers, keeps every entry with its outcome (finance).
	// The same file again changes nothing. Errors: EFORBIDDEN, EINVALID.
	ImportBankFile(ctx context.Context, actor Actor, req ImportBankFile) (BankImport, error)
	// BankEntries lists the imported entries the query selects, newest
	// booking first (finance, auditor). Errors: EFORBIDDEN.
	BankEntries(ctx context.Context, actor Actor, q BankEntryQuery) ([]BankEntryRow, error)
	// Reconciliation reconciles a statement of a debtor account with the
	// ledger ("" for its newest; finance, auditor). Errors: EFORBIDDEN,
	// EINVALID (iban, statement), ENOTFOUND, ECONFLICT.
	Reconciliation(ctx context.Context, actor Actor, iban, statementID string) (Reconciliation, error)
	// ReconciliationAccounts lists the debtor accounts with their
	// statements (finance, auditor). Errors: EFORBIDDEN.
	ReconciliationAccounts(ctx context.Context, actor Actor) ([]ReconciliationAccount, error)

	// PayoutCounts returns the number of payouts in each status.
	PayoutCounts(ctx context.Context) (map[Status]int, error)
	// Inbox lists a page of the requests the actor may decide, the
	// longest waiting first. Errors: EFORBIDDEN, EINVALID.
	Inbox(ctx context.Context, actor Actor, filter WorkFilter) (WorkPage, error)
	// Requests lists a page of the actor's own requests, newest first.
	// Errors: EINVALID.
	Requests(ctx context.Context, actor Actor, filter WorkFilter) (WorkPage, error)
	// OwedEvaluations lists a page of the evaluations the actor owes,
	// the longest overdue first. Errors: EINVALID.
	OwedEvaluations(ctx context.Context, actor Actor, filter WorkFilter) (WorkPage, error)

	// Journal returns transactions with seq > after, in order, at most limit.
	Journal(ctx context.Context, after int64, limit int) ([]Transaction, error)
	// JournalHead returns the last transaction's sequence number and hash
	// (0 and the genesis hash for an empty journal).
	JournalHead(ctx context.Context) (int64, string, error)
	// Verify recomputes the hash chain, every transaction's balance, the
	// running balances and everything the journal commits to (see
	// integrity.go), checks the checkpoints given, and names the first
	// transaction that does not fit. The error is only for a failure to
	// read; a journal that does not fit is a Verification with OK false.
	Verify(ctx context.Context, opts VerifyOptions) (Verification, error)

	// Ping reports whether the store can be read.
	Ping(ctx context.Context) error
	// Ready reports whether the store can take a write now, by making one:
	// a write that touches no ledger data, through the same path, the same
	// transaction and the same commit (fsync) as a booking. It is the
	// readiness a load balancer asks for, where Ping is the liveness a
	// process supervisor asks for: a full disk, a read-only file, a lost
	// lock or a stuck writer fail Ready while reads still work. Errors: an
	// internal error saying what failed, or ctx's error when the write did
	// not finish in time; nil means a write committed.
	Ready(ctx context.Context) error

	// Close stops accepting writes, finishes those under way and releases
	// the store.
	Close() error
}

// IdempotencyError is the error for a key reused with other content.
func IdempotencyError(key string) error {
	return NewError(EIDEMPOTENCY, msgKeyReused, Quoted(key))
}
