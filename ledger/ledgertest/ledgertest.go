// Package ledgertest is the conformance suite of ledger.Store: one set of
// tests that every store implementation must pass, so the invariants of
// DESIGN.md hold whatever the backend.
//
// A store's test calls Run with a function that opens a fresh, empty store on
// the given clock:
//
//	func TestConformance(t *testing.T) {
//		ledgertest.Run(t, func(t testing.TB, clock *ledgertest.Clock) ledger.Store {
//			return MustOpen(t, clock.Now)
//		})
//	}
package ledgertest

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ontschot/ontschot/ledger"
)

// Opener opens a fresh, empty store whose clock is clock.Now. The store is
// closed by the opener's cleanup.
type Opener func(t testing.TB, clock *Clock) ledger.Store

// Clock is a settable clock for tests.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock returns a clock set to t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Set sets the clock.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// SetDate sets the clock to noon, Amsterdam time, of the day.
func (c *Clock) SetDate(year int, month time.Month, day int) {
	c.Set(time.Date(year, month, day, 12, 0, 0, 0, ledger.Amsterdam))
}

// Start is the moment every suite test begins: a Tuesday in 2026.
var Start = time.Date(2026, time.March, 10, 10, 30, 0, 0, ledger.Amsterdam)

// Actors used across the suite.
var (
	Admin      = ledger.Actor{User: "admin", Role: ledger.RoleAdmin}
	Finance    = ledger.Actor{User: "fien.finance", Role: ledger.RoleFinance}
	Caseworker = ledger.Actor{User: "carla.consulent", Role: ledger.RoleCaseworker}
	Colleague  = ledger.Actor{User: "kees.consulent", Role: ledger.RoleCaseworker}
	Teamlead   = ledger.Actor{User: "tom.teamleider", Role: ledger.RoleTeamlead}
	Teamlead2  = ledger.Actor{User: "tara.teamleider", Role: ledger.RoleTeamlead}
	Manager    = ledger.Actor{User: "mia.manager", Role: ledger.RoleManager}
	Alderman   = ledger.Actor{User: "wim.wethouder", Role: ledger.RoleAlderman}
	Auditor    = ledger.Actor{User: "anna.auditor", Role: ledger.RoleAuditor}
)

// Ladder is the mandate ladder of DESIGN.md: caseworker up to 1,500.00,
// teamlead up to 5,000.00, manager up to 25,000.00, alderman without limit.
func Ladder() []ledger.MandateLevel {
	return []ledger.MandateLevel{
		{Role: ledger.RoleCaseworker, Limit: 1500_00},
		{Role: ledger.RoleTeamlead, Limit: 5000_00},
		{Role: ledger.RoleManager, Limit: 25000_00},
		{Role: ledger.RoleAlderman, Unlimited: true},
	}
}

// Run runs the conformance suite against stores made by open.
func Run(t *testing.T, open Opener) {
	open = checkingAggregates(open)
	t.Run("Partners", func(t *testing.T) { testPartners(t, open) })
	t.Run("Pots", func(t *testing.T) { testPots(t, open) })
	t.Run("Funding", func(t *testing.T) { testFunding(t, open) })
	t.Run("Fund", func(t *testing.T) { testFund(t, open) })
	t.Run("Payouts", func(t *testing.T) { testPayouts(t, open) })
	t.Run("BadRequests", func(t *testing.T) { testBadRequests(t, open) })
	t.Run("Decisions", func(t *testing.T) { testDecisions(t, open) })
	t.Run("Reversals", func(t *testing.T) { testReversals(t, open) })
	t.Run("Idempotency", func(t *testing.T) { testIdempotency(t, open) })
	t.Run("Concurrency", func(t *testing.T) { testConcurrency(t, open) })
	t.Run("ClosedPeriods", func(t *testing.T) { testClosedPeriods(t, open) })
	t.Run("Listing", func(t *testing.T) { testListing(t, open) })
	t.Run("Journal", func(t *testing.T) { testJournal(t, open) })
	t.Run("Privacy", func(t *testing.T) { testPrivacy(t, open) })
	t.Run("Users", func(t *testing.T) { testUsers(t, open) })
	t.Run("Allocation", func(t *testing.T) { testAllocation(t, open) })
	t.Run("Receivables", func(t *testing.T) { testReceivables(t, open) })
	t.Run("Evaluations", func(t *testing.T) { testEvaluations(t, open) })
	t.Run("ReferenceData", func(t *testing.T) { testReferenceData(t, open) })
	t.Run("Payments", func(t *testing.T) { testPayments(t, open) })
	t.Run("BankAnswers", func(t *testing.T) { testBankAnswers(t, open) })
	t.Run("BankStatusReport", func(t *testing.T) { testBankStatusReport(t, open) })
	t.Run("BankOddEntries", func(t *testing.T) { testBankOddEntries(t, open) })
	t.Run("BankAnswerEdges", func(t *testing.T) { testBankAnswerEdges(t, open) })
	t.Run("Reconciliation", func(t *testing.T) { testReconciliation(t, open) })
	t.Run("BankReissue", func(t *testing.T) { testBankReissue(t, open) })
	t.Run("BankFileCleaned", func(t *testing.T) { testBankFileCleaned(t, open) })
	t.Run("BankReturnBeforeDebit", func(t *testing.T) { testBankReturnBeforeDebit(t, open) })
	t.Run("BankRefClashInFile", func(t *testing.T) { testBankRefClashInFile(t, open) })
	t.Run("BankStatementEntries", func(t *testing.T) { testBankStatementEntries(t, open) })
	t.Run("Notifications", func(t *testing.T) { testNotifications(t, open) })
	t.Run("MailOutbox", func(t *testing.T) { testMailOutbox(t, open) })
	t.Run("Reminders", func(t *testing.T) { testReminders(t, open) })
	t.Run("PotEscalation", func(t *testing.T) { testPotEscalation(t, open) })
	t.Run("MailAgeAndLatePayment", func(t *testing.T) { testMailAgeAndLatePayment(t, open) })
	t.Run("Integrity", func(t *testing.T) { testIntegrity(t, open) })
	t.Run("Renames", func(t *testing.T) { testRenames(t, open) })
	t.Run("Accounts", func(t *testing.T) { testAccounts(t, open) })
	t.Run("Readiness", func(t *testing.T) { testReadiness(t, open) })
	t.Run("DateRange", func(t *testing.T) { testDateRange(t, open) })
	t.Run("DebtorAccountName", func(t *testing.T) { testDebtorAccountName(t, open) })
	t.Run("NotText", func(t *testing.T) { testNotText(t, open) })
	t.Run("PartyLoads", func(t *testing.T) { testPartyLoads(t, open) })
	t.Run("FactAggregates", func(t *testing.T) { testFactAggregates(t, open) })
	t.Run("Paging", func(t *testing.T) { testPaging(t, open) })
	t.Run("PostingSums", func(t *testing.T) { testPostingSums(t, open) })
}

// fixture is a store with a funded pot, ready for payouts.
type fixture struct {
	t       testing.TB
	store   ledger.Store
	clock   *Clock
	pot     ledger.Pot
	partner ledger.Partner
	ctx     context.Context
}

// newFixture opens a store and creates a partner and a pot (the standard
// ladder, refund policy) funded with funds.
func newFixture(t testing.TB, open Opener, funds ledger.Cents) *fixture {
	t.Helper()
	clock := NewClock(Start)
	f := &fixture{t: t, store: open(t, clock), clock: clock, ctx: context.Background()}
	f.partner = f.mustPartner("Gemeente Leeuwarden", ledger.KindMunicipality)
	f.pot = f.mustPot("Doorbraakpot", ledger.NewPot{Year: 2026, RecoveryPolicy: ledger.PolicyRefund, Mandates: Ladder()})
	if funds > 0 {
		f.mustContribute(f.pot.ID, f.partner.ID, funds)
	}
	return f
}

func (f *fixture) mustPartner(name string, kind ledger.PartnerKind) ledger.Partner {
	f.t.Helper()
	p, err := f.store.CreatePartner(f.ctx, Admin, ledger.NewPartner{Name: name, Kind: kind})
	if err != nil {
		f.t.Fatalf("CreatePartner(%q): %v", name, err)
	}
	return p
}

func (f *fixture) mustPot(name string, np ledger.NewPot) ledger.Pot {
	f.t.Helper()
	np.Name = name
	p, err := f.store.CreatePot(f.ctx, Admin, np)
	if err != nil {
		f.t.Fatalf("CreatePot(%q): %v", name, err)
	}
	return p
}

func (f *fixture) mustContribute(pot ledger.PotID, partner ledger.PartnerID, amount ledger.Cents) ledger.Contribution {
	f.t.Helper()
	c, err := f.store.Contribute(f.ctx, Finance, ledger.NewContribution{
		PotID: pot, PartnerID: partner, Amount: amount, ValueDate: ledger.DateOf(f.clock.Now()), Reference: "Bijdrage 2026",
	})
	if err != nil {
		f.t.Fatalf("Contribute(%s): %v", amount, err)
	}
	return c
}

// request returns a complete, valid payout request of amount from the pot.
func (f *fixture) request(amount ledger.Cents) ledger.PayoutRequest {
	return ValidRequest(f.pot.ID, amount)
}

// ValidRequest returns a complete, valid payout request.
func ValidRequest(pot ledger.PotID, amount ledger.Cents) ledger.PayoutRequest {
	return ledger.PayoutRequest{
		PotID:    pot,
		Amount:   amount,
		Payee:    ledger.Payee{Name: "Woonstichting De Kern", IBAN: "NL91 ABNA 0417 1643 00"},
		CaseRef:  "WIJK-2026-0042",
		Category: "rent_arrears",
		Urgency:  ledger.UrgencyUrgent,
		Justification: ledger.Justification{
			Situation:           "Huurachterstand van drie maanden; ontruiming dreigt binnen twee weken.",
			Severity:            4,
			ResidentInvolvement: "Bewoner heeft zelf een budgetplan opgesteld en werkt mee aan schuldhulp.",
			ExpectedReturn:      "Behoud van de woning; voorkomt maatschappelijke opvang.",
			DeviatesFrom:        []string{"Participatiewet art. 35 (bijzondere bijstand)"},
			RegularRouteTried:   "Bijzondere bijstand aangevraagd en afgewezen wegens vermogen.",
			StuckSince:          ledger.NewDate(2025, time.December, 1),
		},
	}
}

func (f *fixture) mustRequest(actor ledger.Actor, amount ledger.Cents) ledger.Payout {
	f.t.Helper()
	p, err := f.store.RequestPayout(f.ctx, actor, f.request(amount))
	if err != nil {
		f.t.Fatalf("RequestPayout(%s by %s): %v", amount, actor.Role, err)
	}
	return p
}

func (f *fixture) balance() ledger.Balance {
	f.t.Helper()
	b, err := f.store.Balance(f.ctx, f.pot.ID)
	if err != nil {
		f.t.Fatalf("Balance: %v", err)
	}
	return b
}

// wantBalance checks the pot's figures.
func (f *fixture) wantBalance(contributed, available, held, spent ledger.Cents) {
	f.t.Helper()
	b := f.balance()
	if b.Contributed != contributed || b.Available != available || b.Held != held || b.Spent != spent {
		f.t.Fatalf("balance = contributed %s, available %s, held %s, spent %s; want %s, %s, %s, %s",
			b.Contributed, b.Available, b.Held, b.Spent, contributed, available, held, spent)
	}
}

// verify checks that the journal verifies and returns the verification.
func (f *fixture) verify() ledger.Verification {
	f.t.Helper()
	return MustVerify(f.t, f.store)
}

// MustVerify fails the test unless the store's journal verifies.
func MustVerify(t testing.TB, s ledger.Store) ledger.Verification {
	t.Helper()
	v, err := s.Verify(context.Background(), ledger.VerifyOptions{})
	if err != nil {
		t.Fatalf("Verify: %v", err)
	}
	if !v.OK {
		t.Fatalf("Verify: journal does not verify: %s", v.Failure.Error())
	}
	return v
}

// wantCode fails the test unless err is a domain error with the code.
func wantCode(t testing.TB, err error, code string) {
	t.Helper()
	if got := ledger.ErrorCode(err); got != code {
		t.Fatalf("error = %v (code %q); want code %q", err, got, code)
	}
}

// wantField fails the test unless err is an EINVALID naming the field.
func wantField(t testing.TB, err error, field string) {
	t.Helper()
	wantCode(t, err, ledger.EINVALID)
	e := err.(*ledger.Error)
	for _, fe := range e.Fields {
		if fe.Field == field {
			return
		}
	}
	t.Fatalf("error %v does not name the field %q", err, field)
}

// snapshot is what "nothing was written" compares: the journal's length and
// head, and the number of payouts.
type snapshot struct {
	transactions int64
	head         string
	payouts      int
}

func (f *fixture) snapshot() snapshot {
	f.t.Helper()
	v := f.verify()
	page, err := f.store.Payouts(f.ctx, ledger.PayoutFilter{Limit: 500})
	if err != nil {
		f.t.Fatalf("Payouts: %v", err)
	}
	return snapshot{v.Transactions, v.HeadHash, len(page.Payouts)}
}

// unchanged fails the test if anything was written since s.
func (f *fixture) unchanged(s snapshot) {
	f.t.Helper()
	if now := f.snapshot(); now != s {
		f.t.Fatalf("something was written: before %+v, after %+v", s, now)
	}
}

// aggregateChecker is a store that can recompute its aggregates of payout
// facts (ledger.Service.CheckAggregates).
type aggregateChecker interface {
	CheckAggregates(ctx context.Context) ([]*ledger.VerifyFailure, error)
}

// checkingAggregates wraps open so that every store it opens has its
// aggregates recomputed from its payouts when its test ends, and the test
// fails on any difference: a fast answer from the aggregates can never
// drift from the true one unnoticed, whatever a test booked. A test that
// changes rows behind the store's back says so with TamperedWith.
func checkingAggregates(open Opener) Opener {
	return func(t testing.TB, clock *Clock) ledger.Store {
		s := open(t, clock)
		c, ok := s.(aggregateChecker)
		if !ok {
			return s
		}
		t.Cleanup(func() {
			if _, ok := tampered.Load(t); ok {
				return
			}
			failures, err := c.CheckAggregates(context.Background())
			if err != nil && strings.Contains(err.Error(), "closed") {
				return // the test closed its store itself
			}
			if err != nil {
				t.Errorf("check the aggregates after the test: %v", err)
			}
			for _, f := range failures {
				t.Errorf("after the test, the aggregates differ from the payouts: %s", f.Problem)
			}
		})
		return s
	}
}

// tampered holds the test that changed rows behind its store's back, whose
// aggregates are not checked at its end.
var tampered sync.Map

// TamperedWith marks t as a test that changes a store's rows behind its
// back (to see Verify find it): its aggregates are not checked at its end.
func TamperedWith(t testing.TB) { tampered.Store(t, true) }
