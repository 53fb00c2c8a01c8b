package ledger

// Action is something a user can do. Permissions is the one table that says
// which roles may do what: stores enforce it on every change, the HTTP API on
// every route, and the README prints it.
type Action string

// Actions.
const (
	ActCreatePartner   Action = "create_partner"
	ActCreatePot       Action = "create_pot"
	ActRenamePot       Action = "rename_pot"
	ActSetMandates     Action = "set_mandates"
	ActSetPledge       Action = "set_pledge"
	ActAddCategory     Action = "add_category"
	ActContribute      Action = "contribute"
	ActRequestPayout   Action = "request_payout"
	ActDecidePayout    Action = "decide_payout"
	ActReversePayout   Action = "reverse_payout"
	ActReissuePayout   Action = "reissue_payout" // a returned payout paid again; Store.ReissuePayout says by whom
	ActClosePeriod     Action = "close_period"
	ActErasePersonal   Action = "erase_personal_data"
	ActReadPots        Action = "read_pots"
	ActReadPayouts     Action = "read_payouts"
	ActReadJournal     Action = "read_journal"
	ActVerifyJournal   Action = "verify_journal"
	ActManageUsers     Action = "manage_users"
	ActReadPartners    Action = "read_partners"
	ActReadCategories  Action = "read_categories"
	ActReadContributed Action = "read_contributions"
	ActReadPeriods     Action = "read_periods"

	ActAllocate         Action = "allocate"
	ActReadAllocations  Action = "read_allocations"
	ActManageParties    Action = "manage_parties"
	ActReadParties      Action = "read_parties"
	ActSettle           Action = "settle_receivable"
	ActReadReceivables  Action = "read_receivables"
	ActEvaluate         Action = "evaluate"
	ActReadEvaluations  Action = "read_evaluations"
	ActReadRegret       Action = "read_regret"
	ActReadSignals      Action = "read_signals"
	ActTakeUpSignal     Action = "take_up_signal"
	ActReadTimeliness   Action = "read_timeliness"
	ActReadTaakvelden   Action = "read_taakvelden"
	ActImportTaakvelden Action = "import_taakvelden"
	ActReadRules        Action = "read_rules"
	ActManageRules      Action = "manage_rules"
	ActReadQueue        Action = "read_allocation_queue"
	ActReadRotation     Action = "read_rotation"

	ActSetDebtorAccount   Action = "set_debtor_account"
	ActPay                Action = "pay"
	ActReadPaymentBatches Action = "read_payment_batches"
	ActReadStatements     Action = "read_statements"
	ActReadFinanceView    Action = "read_finance_view"
	ActReadLegitimacy     Action = "read_legitimacy"
	// ActImportBankFiles is importing the bank's statements and status
	// reports; ActReadBankEntries reading what they held (unmatched
	// entries, the reconciliation).
	ActImportBankFiles Action = "import_bank_files"
	ActReadBankEntries Action = "read_bank_entries"

	// ActReadMetrics is reading the service's metrics (GET /metrics):
	// counts of payouts by status and of requests by route tell an outsider
	// how busy a municipality's pots are, so only those who watch over the
	// service read them.
	ActReadMetrics Action = "read_metrics"

	// ActReadNotifications is reading (and marking read) one's own
	// notifications: everyone signed in has them.
	ActReadNotifications Action = "read_notifications"
)

var (
	requesters = []Role{RoleCaseworker, RoleTeamlead, RoleManager, RoleAlderman}
	approvers  = []Role{RoleTeamlead, RoleManager, RoleAlderman}
	insiders   = []Role{RoleCaseworker, RoleTeamlead, RoleManager, RoleAlderman, RoleFinance, RoleAuditor, RoleAdmin}
)

// Permissions maps each action to the roles that may do it. Partners read
// pots only through aggregates (their own pots' balances and statements);
// they never read payouts, payees, case references or weighings.
var Permissions = map[Action][]Role{
	ActCreatePartner:   {RoleAdmin},
	ActCreatePot:       {RoleAdmin},
	ActRenamePot:       {RoleAdmin},
	ActSetMandates:     {RoleAdmin},
	ActSetPledge:       {RoleAdmin, RoleFinance},
	ActAddCategory:     {RoleAdmin},
	ActContribute:      {RoleFinance},
	ActRequestPayout:   requesters,
	ActDecidePayout:    approvers,
	ActReversePayout:   {RoleFinance},
	ActReissuePayout:   requesters,
	ActClosePeriod:     {RoleFinance},
	ActErasePersonal:   {RoleAdmin},
	ActReadPots:        append(append([]Role{}, insiders...), RolePartner),
	ActReadPayouts:     insiders,
	ActReadJournal:     {RoleFinance, RoleAuditor, RoleAdmin},
	ActVerifyJournal:   {RoleFinance, RoleAuditor, RoleAdmin},
	ActManageUsers:     {RoleAdmin},
	ActReadPartners:    append(append([]Role{}, insiders...), RolePartner),
	ActReadCategories:  append(append([]Role{}, insiders...), RolePartner),
	ActReadContributed: {RoleFinance, RoleAuditor, RoleAdmin},
	ActReadPeriods:     insiders,

	ActAllocate:         {RoleFinance},
	ActReadAllocations:  insiders,
	ActManageParties:    {RoleFinance, RoleAdmin},
	ActReadParties:      insiders,
	ActSettle:           {RoleFinance},
	ActReadReceivables:  {RoleFinance, RoleAuditor, RoleAdmin},
	ActEvaluate:         requesters,
	ActReadEvaluations:  insiders,
	ActReadRegret:       append(append([]Role{}, insiders...), RolePartner),
	ActReadSignals:      insiders,
	ActTakeUpSignal:     {RoleFinance, RoleAdmin},
	ActReadTimeliness:   insiders,
	ActReadTaakvelden:   insiders,
	ActImportTaakvelden: {RoleAdmin},
	ActReadRules:        {RoleFinance, RoleAuditor, RoleAdmin},
	ActManageRules:      {RoleAdmin},
	ActReadQueue:        {RoleFinance, RoleAuditor}, // a suggestion follows from the case (the resident's age): not for the admin, who sees no cases
	ActReadRotation:     {RoleFinance, RoleAuditor, RoleAdmin},

	ActSetDebtorAccount:   {RoleFinance, RoleAdmin},
	ActPay:                {RoleFinance},
	ActReadPaymentBatches: {RoleFinance, RoleAuditor},
	ActReadStatements:     append(append([]Role{}, insiders...), RolePartner),
	ActReadFinanceView:    {RoleFinance, RoleAuditor, RoleAlderman, RoleAdmin},
	ActReadLegitimacy:     {RoleAuditor, RoleAlderman, RoleManager, RoleFinance, RoleAdmin},
	ActImportBankFiles:    {RoleFinance},
	ActReadBankEntries:    {RoleFinance, RoleAuditor},

	ActReadMetrics: {RoleAuditor, RoleAdmin},

	ActReadNotifications: append(append([]Role{}, insiders...), RolePartner),
}

// Allowed reports whether role may do action.
func Allowed(role Role, action Action) bool {
	for _, r := range Permissions[action] {
		if r == role {
			return true
		}
	}
	return false
}

// Can returns nil when the actor may do action, and otherwise an error that
// says which roles may.
func (a Actor) Can(act Action, what string) error {
	return a.require(action{act: act, what: what}, Permissions[act])
}
