package ledger

import "context"

// Legacy is what the SQLite store still serves while operations move
// above the engines into Service, subject by subject; a moved method is
// taken out of it. It goes when it is empty.
type Legacy interface {
	CreatePot(ctx context.Context, actor Actor, req NewPot) (Pot, error)
	Pot(ctx context.Context, id PotID) (Pot, error)
	Pots(ctx context.Context) ([]Pot, error)
	SetMandates(ctx context.Context, actor Actor, pot PotID, ladder []MandateLevel, idempotencyKey string) (Pot, error)
	RenamePot(ctx context.Context, actor Actor, pot PotID, req Rename) (Pot, error)
	Balance(ctx context.Context, pot PotID) (Balance, error)
	SetPledge(ctx context.Context, actor Actor, req Pledge) (Funding, error)
	Funding(ctx context.Context, pot PotID) ([]Funding, error)
	Contribute(ctx context.Context, actor Actor, req NewContribution) (Contribution, error)
	Contributions(ctx context.Context, pot PotID) ([]Contribution, error)
	RequestPayout(ctx context.Context, actor Actor, req PayoutRequest) (Payout, error)
	DecidePayout(ctx context.Context, actor Actor, req Decision) (Payout, error)
	ReversePayout(ctx context.Context, actor Actor, req Reversal) (Payout, error)
	Payout(ctx context.Context, id PayoutID) (Payout, error)
	Payouts(ctx context.Context, filter PayoutFilter) (PayoutPage, error)
	Categories(ctx context.Context) ([]Category, error)
	AddCategory(ctx context.Context, actor Actor, c Category) (Category, error)
	ClosePeriod(ctx context.Context, actor Actor, req ClosePeriod) (ClosedPeriod, error)
	ClosedPeriods(ctx context.Context) ([]ClosedPeriod, error)
	ErasePersonalData(ctx context.Context, actor Actor, before Date) (int, error)
	IssueToken(ctx context.Context, actor Actor, req NewToken) (IssuedToken, error)
	Authenticate(ctx context.Context, secret string) (Session, error)
	RevokeToken(ctx context.Context, actor Actor, id TokenID) error
	Users(ctx context.Context) ([]User, error)
	Tokens(ctx context.Context, user string) ([]Token, error)
	CreateParty(ctx context.Context, actor Actor, req NewParty) (Party, error)
	RenameParty(ctx context.Context, actor Actor, party PartyID, req Rename) (Party, error)
	Parties(ctx context.Context) ([]Party, error)
	Allocate(ctx context.Context, actor Actor, req AllocationRequest) (Allocation, error)
	Allocations(ctx context.Context, payout PayoutID) ([]Allocation, error)
	Receivables(ctx context.Context, filter ReceivableFilter) ([]Receivable, error)
	Receivable(ctx context.Context, id ReceivableID) (Receivable, error)
	Settle(ctx context.Context, actor Actor, req Settlement) (Receivable, error)
	PartyLoads(ctx context.Context, pot PotID) ([]PartyLoad, error)
	Taakvelden(ctx context.Context) (TaakveldList, error)
	ImportTaakvelden(ctx context.Context, actor Actor, list TaakveldList, source string) (TaakveldImport, error)
	AllocationRules(ctx context.Context) ([]AllocationRule, error)
	RuleStats(ctx context.Context) ([]RuleStats, error)
	SetAllocationRules(ctx context.Context, actor Actor, rules []AllocationRule) error
	Evaluate(ctx context.Context, actor Actor, req EvaluationRequest) (Evaluation, error)
	Evaluations(ctx context.Context, payout PayoutID) ([]Evaluation, error)
	PayoutFacts(ctx context.Context, filter FactFilter, fn func(*PayoutFact) error) error
	SignalUptakes(ctx context.Context) ([]SignalUptake, error)
	TakeUpSignal(ctx context.Context, actor Actor, req SignalUptake) (SignalUptake, error)
	SetDebtorAccount(ctx context.Context, actor Actor, pot PotID, account DebtorAccount, idempotencyKey string) (Pot, error)
	CreatePaymentBatch(ctx context.Context, actor Actor, req NewPaymentBatch) (PaymentBatch, error)
	PaymentBatch(ctx context.Context, id PaymentBatchID) (PaymentBatch, error)
	PaymentBatches(ctx context.Context) ([]PaymentBatch, error)
	PostingTotals(ctx context.Context, q PostingQuery) ([]PostingTotal, error)
	CreateAccount(ctx context.Context, actor Actor, req NewAccount) (User, error)
	SignIn(ctx context.Context, user, password string) (WebSession, error)
	WebSession(ctx context.Context, secret string) (WebSession, error)
	SignOut(ctx context.Context, secret string) error
	PayoutCounts(ctx context.Context) (map[Status]int, error)
	Journal(ctx context.Context, after int64, limit int) ([]Transaction, error)
	JournalHead(ctx context.Context) (int64, string, error)
	Verify(ctx context.Context, opts VerifyOptions) (Verification, error)
	Close() error
}
