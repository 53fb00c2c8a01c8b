package httpapi

import (
	"net/http"

	"github.com/ontschot/ontschot/ledger"
)

// Route is one operation of the API: its method and path template, the
// action it performs (whose roles ledger.Permissions lists; "" for the
// public routes) and a summary for the README's permission matrix.
type Route struct {
	Method  string
	Path    string
	Action  ledger.Action
	Summary string
	handle  handlerFunc
}

// handlerFunc handles an authorised request. It writes the success answer
// itself and returns any error for the server to answer as a problem.
type handlerFunc func(s *Server, w http.ResponseWriter, r *http.Request, sess ledger.Session) error

// Public marks a route that needs no token.
const Public ledger.Action = ""

// Routes returns the API's operations in the order the README lists them.
func Routes() []Route {
	return []Route{
		{http.MethodGet, "/api/v1/health", Public, "liveness: the service can read its ledger", (*Server).health},
		{http.MethodGet, "/api/v1/health/ready", Public, "readiness: the service can write to its ledger now", (*Server).ready},
		{http.MethodGet, "/api/v1/openapi.json", Public, "the OpenAPI document", (*Server).openAPIJSON},
		{http.MethodGet, "/api/v1/openapi.yaml", Public, "the OpenAPI document as YAML", (*Server).openAPIYAML},
		{http.MethodGet, "/api/v1/categories", ledger.ActReadCategories, "list payout categories", (*Server).listCategories},
		{http.MethodPost, "/api/v1/categories", ledger.ActAddCategory, "add a payout category", (*Server).addCategory},
		{http.MethodGet, "/api/v1/partners", ledger.ActReadPartners, "list partners (a partner: itself)", (*Server).listPartners},
		{http.MethodPost, "/api/v1/partners", ledger.ActCreatePartner, "register a partner", (*Server).createPartner},
		{http.MethodGet, "/api/v1/partners/{partnerId}", ledger.ActReadPartners, "read a partner", (*Server).getPartner},
		{http.MethodGet, "/api/v1/pots", ledger.ActReadPots, "list pots with balances (a partner: the pots it funds)", (*Server).listPots},
		{http.MethodPost, "/api/v1/pots", ledger.ActCreatePot, "create a pot", (*Server).createPot},
		{http.MethodGet, "/api/v1/pots/{potId}", ledger.ActReadPots, "read a pot and its balance", (*Server).getPot},
		{http.MethodPatch, "/api/v1/pots/{potId}", ledger.ActRenamePot, "rename a pot", (*Server).renamePot},
		{http.MethodPut, "/api/v1/pots/{potId}/mandates", ledger.ActSetMandates, "replace a pot's mandate ladder", (*Server).setMandates},
		{http.MethodGet, "/api/v1/pots/{potId}/funding", ledger.ActReadPots, "pledged and received per partner", (*Server).getFunding},
		{http.MethodPut, "/api/v1/pots/{potId}/pledges/{partnerId}", ledger.ActSetPledge, "record a partner's pledge", (*Server).setPledge},
		{http.MethodGet, "/api/v1/pots/{potId}/contributions", ledger.ActReadContributed, "list a pot's contributions", (*Server).listContributions},
		{http.MethodPost, "/api/v1/pots/{potId}/contributions", ledger.ActContribute, "record a contribution", (*Server).contribute},
		{http.MethodGet, "/api/v1/payouts", ledger.ActReadPayouts, "list payouts, filtered, a page at a time", (*Server).listPayouts},
		{http.MethodPost, "/api/v1/payouts", ledger.ActRequestPayout, "request a payout", (*Server).requestPayout},
		{http.MethodGet, "/api/v1/payouts/{payoutId}", ledger.ActReadPayouts, "read a payout", (*Server).getPayout},
		{http.MethodPost, "/api/v1/payouts/{payoutId}/decisions", ledger.ActDecidePayout, "approve or reject a pending payout", (*Server).decidePayout},
		{http.MethodPost, "/api/v1/payouts/{payoutId}/reversals", ledger.ActReversePayout, "reverse an approved, unpaid payout", (*Server).reversePayout},
		{http.MethodGet, "/api/v1/notifications", ledger.ActReadNotifications, "one's own notifications, newest first", (*Server).listNotifications},
		{http.MethodPost, "/api/v1/notifications/read", ledger.ActReadNotifications, "mark one's notifications read", (*Server).markNotificationsRead},
		{http.MethodGet, "/api/v1/mail-failures", ledger.ActManageUsers, "read the notification mail that failed after its last try", (*Server).listMailFailures},
		{http.MethodPost, "/api/v1/payouts/{payoutId}/reissues", ledger.ActReissuePayout, "pay a returned payout again to a corrected payee", (*Server).reissuePayout},
		{http.MethodGet, "/api/v1/payouts/{payoutId}/allocations", ledger.ActReadAllocations, "a payout's allocations, every version", (*Server).listAllocations},
		{http.MethodPost, "/api/v1/payouts/{payoutId}/allocations", ledger.ActAllocate, "allocate (or correct) a payout's cost", (*Server).allocate},
		{http.MethodGet, "/api/v1/payouts/{payoutId}/allocation-suggestion", ledger.ActReadQueue, "the suggested allocation of a payout", (*Server).getSuggestion},
		{http.MethodGet, "/api/v1/payouts/{payoutId}/evaluations", ledger.ActReadEvaluations, "a payout's evaluations, every version", (*Server).listEvaluations},
		{http.MethodPost, "/api/v1/payouts/{payoutId}/evaluations", ledger.ActEvaluate, "evaluate (or revise) a payout", (*Server).evaluate},
		{http.MethodGet, "/api/v1/allocation-queue", ledger.ActReadQueue, "unallocated payouts by age, with suggestions", (*Server).getQueue},
		{http.MethodGet, "/api/v1/parties", ledger.ActReadParties, "list outside parties", (*Server).listParties},
		{http.MethodPost, "/api/v1/parties", ledger.ActManageParties, "register an outside party", (*Server).createParty},
		{http.MethodPatch, "/api/v1/parties/{partyId}", ledger.ActManageParties, "rename an outside party", (*Server).renameParty},
		{http.MethodGet, "/api/v1/receivables", ledger.ActReadReceivables, "list receivables, a page at a time", (*Server).listReceivables},
		{http.MethodGet, "/api/v1/receivables/{receivableId}", ledger.ActReadReceivables, "read a receivable", (*Server).getReceivable},
		{http.MethodPost, "/api/v1/receivables/{receivableId}/settlements", ledger.ActSettle, "record a party's payment", (*Server).settle},
		{http.MethodGet, "/api/v1/pots/{potId}/regret", ledger.ActReadRegret, "a pot's regret ratio (a partner: the pots it funds)", (*Server).getRegret},
		{http.MethodGet, "/api/v1/pots/{potId}/timeliness", ledger.ActReadTimeliness, "how long cases were stuck and requests waited", (*Server).getTimeliness},
		{http.MethodGet, "/api/v1/pots/{potId}/rotation", ledger.ActReadRotation, "turns taken and amounts borne per party", (*Server).getRotation},
		{http.MethodGet, "/api/v1/signals", ledger.ActReadSignals, "signals for policy", (*Server).listSignals},
		{http.MethodPost, "/api/v1/signals/{signalId}/policy-uptakes", ledger.ActTakeUpSignal, "mark a signal as taken up in policy", (*Server).takeUpSignal},
		{http.MethodGet, "/api/v1/taakvelden", ledger.ActReadTaakvelden, "the Iv3 code list", (*Server).listTaakvelden},
		{http.MethodPut, "/api/v1/taakvelden", ledger.ActImportTaakvelden, "replace the Iv3 code list", (*Server).importTaakvelden},
		{http.MethodGet, "/api/v1/allocation-rules", ledger.ActReadRules, "the suggestion rules and how they fared", (*Server).listRules},
		{http.MethodPut, "/api/v1/allocation-rules", ledger.ActManageRules, "replace the suggestion rules", (*Server).setRules},
		{http.MethodPost, "/api/v1/bank-files", ledger.ActImportBankFiles, "import the bank's answer: a camt.053 statement, camt.054 notification or pain.002 status report", (*Server).importBankFile},
		{http.MethodGet, "/api/v1/bank-entries", ledger.ActReadBankEntries, "read the entries of the bank's files and what they did", (*Server).listBankEntries},
		{http.MethodGet, "/api/v1/bank-statements", ledger.ActReadBankEntries, "list the debtor accounts and their imported statements, to reconcile", (*Server).listBankStatements},
		{http.MethodGet, "/api/v1/bank-reconciliation", ledger.ActReadBankEntries, "a statement of a debtor account reconciled with the ledger, JSON, PDF or CSV", (*Server).getReconciliation},
		{http.MethodPut, "/api/v1/pots/{potId}/debtor-account", ledger.ActSetDebtorAccount, "set the account a pot pays from", (*Server).setDebtorAccount},
		{http.MethodGet, "/api/v1/pots/{potId}/statements/{quarter}", ledger.ActReadStatements, "a pot's quarterly statement, JSON, PDF or CSV (a partner: the pots it funds)", (*Server).getStatement},
		{http.MethodGet, "/api/v1/finance-views/{period}", ledger.ActReadFinanceView, "costs by legal budget and Iv3 taakveld, JSON, PDF or CSV", (*Server).getFinanceView},
		{http.MethodGet, "/api/v1/legitimacy-reports/{period}", ledger.ActReadLegitimacy, "the legitimacy of the exceptions, JSON, PDF or CSV", (*Server).getLegitimacy},
		{http.MethodGet, "/api/v1/payment-batches", ledger.ActReadPaymentBatches, "list payment batches, a page at a time", (*Server).listPaymentBatches},
		{http.MethodPost, "/api/v1/payment-batches", ledger.ActPay, "pay the approved payouts: a SEPA batch", (*Server).createPaymentBatch},
		{http.MethodGet, "/api/v1/payment-batches/{batchId}", ledger.ActReadPaymentBatches, "a payment batch, as JSON or its pain.001 file", (*Server).getPaymentBatch},
		{http.MethodGet, "/api/v1/closed-periods", ledger.ActReadPeriods, "list closed periods", (*Server).listClosedPeriods},
		{http.MethodPost, "/api/v1/closed-periods", ledger.ActClosePeriod, "close a month or quarter", (*Server).closePeriod},
		{http.MethodGet, "/api/v1/journal/transactions", ledger.ActReadJournal, "read the journal", (*Server).listTransactions},
		{http.MethodGet, "/api/v1/journal/verification", ledger.ActVerifyJournal, "verify the journal", (*Server).verify},
		{http.MethodGet, "/api/v1/users", ledger.ActManageUsers, "list users", (*Server).listUsers},
		{http.MethodGet, "/api/v1/tokens", ledger.ActManageUsers, "list tokens", (*Server).listTokens},
		{http.MethodPost, "/api/v1/tokens", ledger.ActManageUsers, "create a token (and its user)", (*Server).createToken},
		{http.MethodDelete, "/api/v1/tokens/{tokenId}", ledger.ActManageUsers, "revoke a token", (*Server).revokeToken},
		{http.MethodPost, "/api/v1/erasures", ledger.ActErasePersonal, "erase payee data of closed payouts before a date", (*Server).erase},
	}
}
