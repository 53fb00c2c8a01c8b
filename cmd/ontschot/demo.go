package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"os"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/ontschot/ontschot/allocation"
	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/storage"
)

// runDemo fills a new ledger file with the demo.
func (m *Main) runDemo(ctx context.Context, args []string) error {
	fs := m.flags("demo", "--db DB [--payouts N]")
	db := fs.String("db", "", "the ledger to fill (new, or without pots): the path of an SQLite file, or a postgres:// URL")
	payouts := fs.Int("payouts", 0, "about this many payouts instead of a few a week, with the pots' money to match: a ledger for load tests and benchmarks")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := requireDB(*db); err != nil {
		return err
	}
	if *payouts < 0 || *payouts > 5_000_000 {
		return usageError("--payouts must be 0 (the usual demo) to 5000000")
	}
	d := newDemo(m.Now())
	d.payouts = *payouts
	// The demo is built without waiting for the disk at every booking:
	// it holds no real payouts, a demo cut short is made again, and its
	// thousands of bookings would otherwise take twice as long (make run
	// builds it every time). Close writes it out.
	s, err := storage.Open(*db, storage.Options{Now: d.clock.Now, Logger: m.Logger, NoSync: true})
	if err != nil {
		return err
	}
	m.closers = append(m.closers, s)
	pots, err := s.Pots(ctx)
	if err != nil {
		return err
	}
	if len(pots) > 0 {
		return fmt.Errorf("%s holds pots already; the demo goes into a new ledger", storage.Redact(*db))
	}
	if err := d.load(ctx, s); err != nil {
		return err
	}
	tokens, err := d.issueTokens(ctx)
	if err != nil {
		return err
	}
	if err := d.createAccounts(ctx, tokens); err != nil {
		return err
	}
	// The people exist now: the requests still waiting are recalled to
	// those who may decide them, and the evaluations due to their
	// requesters, as the server's sweep does (see /meldingen).
	notes, err := s.SweepNotifications(ctx)
	if err != nil {
		return err
	}
	d.stats.notifications = notes
	refused := ""
	if d.stats.refused > 0 {
		refused = fmt.Sprintf("; %d more refused, the pot having too little left", d.stats.refused)
	}
	fmt.Fprintf(m.Stdout, "Loaded the demo into %s: %d payouts from %s to %s (%d approved at once, %d decided by an approver, %d waiting for a decision, %d rejected, %d reversed%s).\n",
		storage.Redact(*db), d.stats.requested, d.start, d.today, d.stats.atOnce, d.stats.decided, d.stats.pending, d.stats.rejected, d.stats.reversed, refused)
	fmt.Fprintf(m.Stdout, "Afterwards: %d allocated (%d split, %d corrected), %d receivables settled, %d evaluations; paid in weekly SEPA batches.\n",
		d.stats.allocated, d.stats.split, d.stats.corrected, d.stats.settlements, d.stats.evaluations)
	fmt.Fprintf(m.Stdout, "Notifications: %d reminders of decisions waiting and evaluations due, in the app at /meldingen.\n\n", d.stats.notifications)
	if err := m.runPots(ctx, []string{"--db", *db}); err != nil {
		return err
	}
	if err := m.printTokens(*db, tokens); err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "\nDemo accounts for the web pages, one per role, each with the password %s:\n", DemoPassword)
	t := &table{header: []string{"ROLE", "USER"}}
	for _, tok := range tokens {
		t.add(string(tok.role), tok.user)
	}
	t.write(m.Stdout)
	return nil
}

// DemoPassword is the password of every demo account. The demo is for
// trying ontschot out; real accounts get generated passwords.
const DemoPassword = "maatwerk-demo"

// createAccounts gives every demo user with a token a web account too.
func (d *demo) createAccounts(ctx context.Context, tokens []demoToken) error {
	for _, tok := range tokens {
		partner := ledger.PartnerID("")
		if tok.role == ledger.RolePartner {
			partner = d.partner["Zorgverzekeraar De Friesland"]
		}
		if _, err := d.store.CreateAccount(ctx, demoAdmin, ledger.NewAccount{User: tok.user, Role: tok.role, Partner: partner, Password: DemoPassword}); err != nil {
			return err
		}
	}
	return nil
}

// demoToken is a demo user's token.
type demoToken struct {
	role   ledger.Role
	user   string
	secret string
}

// issueTokens gives one demo user of every role an API token.
func (d *demo) issueTokens(ctx context.Context) ([]demoToken, error) {
	users := []ledger.NewToken{
		{User: demoCaseworkers[0].User, Role: ledger.RoleCaseworker},
		{User: demoTeamleads[0].User, Role: ledger.RoleTeamlead},
		{User: demoManager.User, Role: ledger.RoleManager},
		{User: demoAlderman.User, Role: ledger.RoleAlderman},
		{User: demoFinance.User, Role: ledger.RoleFinance},
		{User: "lezer.defriesland", Role: ledger.RolePartner, Partner: d.partner["Zorgverzekeraar De Friesland"]},
		{User: "ruud.accountant", Role: ledger.RoleAuditor},
		{User: demoAdmin.User, Role: ledger.RoleAdmin},
	}
	out := make([]demoToken, 0, len(users))
	for _, u := range users {
		t, err := d.store.IssueToken(ctx, demoAdmin, u)
		if err != nil {
			return nil, err
		}
		out = append(out, demoToken{role: u.Role, user: u.User, secret: t.Secret})
	}
	return out, nil
}

// printTokens shows the demo tokens and keeps a copy beside the ledger,
// readable by the owner only.
func (m *Main) printTokens(db string, tokens []demoToken) error {
	t := &table{header: []string{"ROLE", "USER", "TOKEN"}}
	var file strings.Builder
	for _, tok := range tokens {
		t.add(string(tok.role), tok.user, tok.secret)
		fmt.Fprintf(&file, "%s\t%s\t%s\n", tok.role, tok.user, tok.secret)
	}
	// The tokens are saved beside an SQLite file; for a PostgreSQL
	// ledger, in ontschot-demo.tokens in the working directory.
	saved := "ontschot-demo.tokens"
	if path, ok := storage.SQLitePath(db); ok {
		saved = path + ".tokens"
	}
	fmt.Fprintf(m.Stdout, "\nDemo API tokens, one per role (send as \"Authorization: Bearer <token>\"; also saved in %s):\n", saved)
	t.write(m.Stdout)
	return os.WriteFile(saved, []byte(file.String()), 0o600)
}

// demo generates a year of realistic bookings relative to today, and replays
// them in time order through the store, so the demo obeys every rule a real
// ledger does.
type demo struct {
	start ledger.Date
	today ledger.Date
	now   time.Time
	clock *settableClock
	rng   *rand.Rand
	store ledger.Store
	svc   *allocation.Service

	events []demoEvent
	seq    int
	caseNo int
	// evaluations counts the evaluations planned, for their pattern.
	evaluations int
	// payouts, when above 0, is about how many payouts to plan; money
	// multiplies the pots' pledges and contributions to match.
	payouts int
	money   ledger.Cents
	regret  map[demoPotKey]*demoRegret
	pots    map[demoPotKey]ledger.PotID
	partner map[string]ledger.PartnerID
	stats   struct {
		requested, atOnce, decided, pending, rejected, reversed int
		refused                                                 int
		allocated, split, corrected, settlements, evaluations   int
		batches                                                 int
		notifications                                           int
	}
}

type demoPotKey struct {
	fund string
	year int
}

// demoEvent is one booking at a moment.
type demoEvent struct {
	at  time.Time
	seq int // keeps events at the same moment in the order they were planned
	run func(ctx context.Context) error
}

// settableClock is the demo's clock: each event sets it to its moment.
type settableClock struct {
	mu sync.Mutex
	t  time.Time
}

// Now returns the time the clock was last set to.
func (c *settableClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *settableClock) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

func newDemo(now time.Time) *demo {
	return &demo{
		today:   ledger.DateOf(now),
		now:     now,
		clock:   &settableClock{t: now},
		rng:     rand.New(rand.NewPCG(2026, 1124)),
		pots:    map[demoPotKey]ledger.PotID{},
		partner: map[string]ledger.PartnerID{},
		money:   1,
	}
}

// usualRate is how many requests the usual demo plans on a workday, over
// both funds: about 450 a year, 40% of them from the shared fund of
// 200,000.00 a year (some 180) and the rest from the municipal budget of
// 400,000.00 (some 270), the volume a real pot of that size has. With
// fewer, every quarterly statement was one line "Overig (4)" and no signal
// ever fired; with these the statements, signals, regret and the dashboards
// have something to show, and the demo still loads in seconds.
const usualRate = 1.8

// sharedShare is the percentage of requests made from the shared fund.
const sharedShare = 40

// perWorkday returns how many requests to plan on each workday from start
// to today: about the usual rate, or enough for about d.payouts.
func (d *demo) perWorkday(start ledger.Date) float64 {
	if d.payouts == 0 {
		return usualRate
	}
	workdays := 0
	for day := start; !day.After(d.today); day = day.AddDays(1) {
		if wd := day.Start().Weekday(); wd != time.Saturday && wd != time.Sunday {
			workdays++
		}
	}
	return float64(d.payouts) / float64(max(workdays, 1))
}

// at returns a moment on day d during office hours.
func (d *demo) at(day ledger.Date) time.Time {
	return day.Start().Add(8*time.Hour + 30*time.Minute + time.Duration(d.rng.IntN(8*60))*time.Minute + time.Duration(d.rng.IntN(60))*time.Second)
}

// workday moves a weekend day to the next Monday.
func workday(day ledger.Date) ledger.Date {
	for {
		switch day.Start().Weekday() {
		case time.Saturday, time.Sunday:
			day = day.AddDays(1)
		default:
			return day
		}
	}
}

func (d *demo) plan(at time.Time, run func(ctx context.Context) error) {
	d.seq++
	d.events = append(d.events, demoEvent{at: at, seq: d.seq, run: run})
}

// load sets up partners and pots, plans a year of events and replays them.
func (d *demo) load(ctx context.Context, s ledger.Store) error {
	d.store = s
	d.svc = &allocation.Service{Store: s, Now: d.clock.Now}
	// The twelve months up to today, from the start of their first year, so
	// last year's pots have a whole year of history.
	first := d.today.AddMonths(-12).AddDays(1)
	start := ledger.NewDate(first.Year(), time.January, 1)
	d.start = start
	d.clock.set(start.Start().Add(8 * time.Hour))
	for _, p := range []struct {
		name string
		kind ledger.PartnerKind
	}{{"Gemeente Leeuwarden", ledger.KindMunicipality}, {"Zorgverzekeraar De Friesland", ledger.KindHealthInsurer}} {
		created, err := s.CreatePartner(ctx, demoAdmin, ledger.NewPartner{Name: p.name, Kind: p.kind})
		if err != nil {
			return err
		}
		d.partner[p.name] = created.ID
	}
	for _, np := range demoParties {
		if _, err := s.CreateParty(ctx, demoFinance, np); err != nil {
			return err
		}
	}
	if rate := d.perWorkday(start.AddDays(7)); rate > usualRate {
		d.money = ledger.Cents(rate/usualRate) + 1
	}
	for year := start.Year(); year <= d.today.Year(); year++ {
		if err := d.setUpYear(ctx, year); err != nil {
			return err
		}
	}
	d.planPayouts(start.AddDays(7)) // after the first contributions have arrived
	d.planClosings(start)
	d.planPayments(start)
	d.planPolicy()
	sort.SliceStable(d.events, func(i, j int) bool {
		if !d.events[i].at.Equal(d.events[j].at) {
			return d.events[i].at.Before(d.events[j].at)
		}
		return d.events[i].seq < d.events[j].seq
	})
	for _, e := range d.events {
		if e.at.After(d.now) {
			continue // planned for after today: it has not happened yet
		}
		d.clock.set(e.at)
		if err := e.run(ctx); err != nil {
			return fmt.Errorf("demo booking on %s: %w", ledger.DateOf(e.at), err)
		}
	}
	d.clock.set(d.now)
	return nil
}

// setUpYear creates a year's pots, pledges and contributions: the shared
// fund (100,000.00 from the municipality and 100,000.00 from the insurer) and
// the municipal maatwerk budget (400,000.00).
func (d *demo) setUpYear(ctx context.Context, year int) error {
	ladder := []ledger.MandateLevel{
		{Role: ledger.RoleCaseworker, Limit: 1500_00},
		{Role: ledger.RoleTeamlead, Limit: 5000_00},
		{Role: ledger.RoleManager, Limit: 25000_00},
		{Role: ledger.RoleAlderman, Unlimited: true},
	}
	gemeente, insurer := d.partner["Gemeente Leeuwarden"], d.partner["Zorgverzekeraar De Friesland"]
	funds := []struct {
		key      string
		name     string
		policy   ledger.RecoveryPolicy
		pledges  map[ledger.PartnerID]ledger.Cents
		tranches []struct {
			partner ledger.PartnerID
			month   time.Month
			amount  ledger.Cents
		}
	}{
		{"shared", "Doorbraakfonds Leeuwarden–De Friesland", ledger.PolicyRefund,
			map[ledger.PartnerID]ledger.Cents{gemeente: 100000_00, insurer: 100000_00},
			[]struct {
				partner ledger.PartnerID
				month   time.Month
				amount  ledger.Cents
			}{{gemeente, time.January, 50000_00}, {insurer, time.January, 50000_00}, {gemeente, time.July, 50000_00}, {insurer, time.December, 50000_00}}},
		{"budget", "Maatwerkbudget Leeuwarden", ledger.PolicyReport,
			map[ledger.PartnerID]ledger.Cents{gemeente: 400000_00},
			[]struct {
				partner ledger.PartnerID
				month   time.Month
				amount  ledger.Cents
			}{{gemeente, time.January, 200000_00}, {gemeente, time.July, 200000_00}}},
	}
	for _, f := range funds {
		pot, err := d.store.CreatePot(ctx, demoAdmin, ledger.NewPot{Name: f.name, Year: year, RecoveryPolicy: f.policy, Mandates: ladder})
		if err != nil {
			return err
		}
		d.pots[demoPotKey{f.key, year}] = pot.ID
		if _, err := d.store.SetDebtorAccount(ctx, demoFinance, pot.ID, demoDebtor, ""); err != nil {
			return err
		}
		for _, partner := range []ledger.PartnerID{gemeente, insurer} {
			if amount, ok := f.pledges[partner]; ok {
				if _, err := d.store.SetPledge(ctx, demoAdmin, ledger.Pledge{PotID: pot.ID, PartnerID: partner, Amount: min(amount*d.money, ledger.MaxAmount)}); err != nil {
					return err
				}
			}
		}
		for i, t := range f.tranches {
			day := workday(ledger.NewDate(year, t.month, 6))
			// A larger demo's money comes in parts no larger than the
			// largest amount a booking takes.
			total := t.amount * d.money
			for part := 0; total > 0; part++ {
				amount := min(total, ledger.MaxAmount/2)
				total -= amount
				ref := fmt.Sprintf("Bijdrage %d, termijn %d", year, i/len(f.pledges)+1)
				if part > 0 {
					ref += fmt.Sprintf(", deel %d", part+1)
				}
				c := ledger.NewContribution{PotID: pot.ID, PartnerID: t.partner, Amount: amount, ValueDate: day, Reference: ref}
				d.plan(day.Start().Add(9*time.Hour), func(ctx context.Context) error {
					_, err := d.store.Contribute(ctx, demoFinance, c)
					return err
				})
			}
		}
	}
	return nil
}

// planPayouts plans about usualRate requests a workday from start to today
// (or enough for about d.payouts), with their decisions, reversals and the
// odd rejection.
func (d *demo) planPayouts(start ledger.Date) {
	total := 0
	for _, c := range demoCases {
		total += c.weight
	}
	rate := d.perWorkday(start)
	for day := start; !day.After(d.today); day = day.AddDays(1) {
		wd := day.Start().Weekday()
		if wd == time.Saturday || wd == time.Sunday {
			continue
		}
		if day.Before(workday(ledger.NewDate(day.Year(), time.January, 6)).AddDays(1)) {
			continue // a new year's pots have money from their first contribution on
		}
		// rate requests on average: its whole part, and one more with
		// the chance of its fraction.
		n := int(rate)
		if d.rng.Float64() < rate-float64(n) {
			n++
		}
		for range n {
			pick := d.rng.IntN(total)
			var c demoCase
			for _, dc := range demoCases {
				if pick < dc.weight {
					c = dc
					break
				}
				pick -= dc.weight
			}
			d.planPayout(day, c, 0, false)
		}
	}
	// Three recent requests above the caseworker's mandate wait in the
	// approvers' inbox: two for a teamlead, one for the manager.
	byCategory := map[string]demoCase{}
	for _, c := range demoCases {
		byCategory[c.category] = c
	}
	for i, w := range []struct {
		category string
		amount   ledger.Cents
	}{{"rent_arrears", 3240_00}, {"temporary_housing", 4800_00}, {"foster_care", 12500_00}} {
		day := d.today.AddDays(-1 - i)
		if wd := day.Start().Weekday(); wd == time.Saturday || wd == time.Sunday {
			day = day.AddDays(-2)
		}
		d.planPayout(day, byCategory[w.category], w.amount, true)
	}
}

// planPayout plans a request on day for a case; amount 0 draws one, and
// waiting keeps a request above the mandate undecided.
func (d *demo) planPayout(day ledger.Date, c demoCase, amount ledger.Cents, waiting bool) {
	fund := "budget"
	if d.rng.IntN(100) < sharedShare {
		fund = "shared"
	}
	pot := d.pots[demoPotKey{fund, day.Year()}]
	if amount == 0 {
		// Most spends are small and a few large, as in a real pot: the
		// cube of a uniform draw puts half of them in the bottom eighth
		// of their case's range, and the mean a quarter of the way up.
		u := d.rng.Float64()
		amount = c.min + ledger.Cents(float64(c.max-c.min)*u*u*u)
		if d.rng.IntN(3) > 0 {
			amount = amount / 500 * 500 // a round quote; otherwise an invoice to the cent
		}
	}
	requester := demoCaseworkers[d.rng.IntN(len(demoCaseworkers))]
	if !waiting && d.rng.IntN(10) == 0 {
		requester = demoTeamleads[d.rng.IntN(len(demoTeamleads))]
	}
	payee := c.payees[d.rng.IntN(len(c.payees))]
	iban, err := ledger.NewIBAN("NL", payee.bank+payee.account)
	if err != nil {
		panic(err) // the demo's own data
	}
	// Most payees of a landlord's, supplier's or practice's kind give a
	// reference to pay under; the remittance carries it.
	reference := ""
	if format, ok := demoReferences[c.category]; ok && d.rng.IntN(10) < 6 {
		reference = fmt.Sprintf(format, 10000+d.rng.IntN(90000))
	}
	d.caseNo++
	caseRef := fmt.Sprintf("LWD-%d-%04d", day.Year(), d.caseNo)
	if d.caseNo > 9999 {
		// A fifth digit beside the year's four would make nine that
		// can pass the BSN check; a letter keeps them apart.
		caseRef = fmt.Sprintf("LWD-%d-K%d", day.Year(), d.caseNo)
	}
	if d.rng.IntN(10) < 3 {
		caseRef = "https://zaken.leeuwarden.nl/zaken/api/v1/zaken/" + d.uuid()
	}
	urgency := ledger.UrgencyNormal
	if d.rng.IntN(4) == 0 {
		urgency = ledger.UrgencyUrgent
	}
	deviations := []string{c.deviatesFrom[d.rng.IntN(len(c.deviatesFrom))]}
	if len(c.deviatesFrom) > 1 && d.rng.IntN(3) == 0 {
		if second := c.deviatesFrom[d.rng.IntN(len(c.deviatesFrom))]; second != deviations[0] {
			deviations = append(deviations, second)
		}
	}
	under18 := d.rng.IntN(10) == 0 || c.category == "foster_care" && d.rng.IntN(10) < 7
	paidTo, bound := ledger.PaidToProvider, true
	if (c.category == "transport" || c.category == "other") && d.rng.IntN(4) == 0 {
		paidTo, bound = ledger.PaidToResident, false // a travel or household allowance the resident spends freely
	}
	req := ledger.PayoutRequest{
		PotID: pot, Amount: amount, Payee: ledger.Payee{Name: payee.name, IBAN: iban, Reference: reference}, CaseRef: caseRef,
		Category: c.category, Urgency: urgency, ResidentUnder18: under18, PaidTo: paidTo, SpendingBound: &bound,
		Justification: ledger.Justification{
			Situation:           pickOne(d.rng, c.situation),
			Severity:            2 + d.rng.IntN(4),
			ResidentInvolvement: pickOne(d.rng, c.residentInvolvement),
			ExpectedReturn:      pickOne(d.rng, c.expectedReturn),
			DeviatesFrom:        deviations,
			RegularRouteTried:   pickOne(d.rng, c.regularRouteTried),
			StuckSince:          day.AddDays(-7 * (2 + d.rng.IntN(18))),
		},
	}
	requestAt := d.at(day)
	// What happens next is decided now, so the demo does not depend on the
	// order of the random numbers drawn later.
	decideAfter := 1 + d.rng.IntN(9)
	if d.rng.IntN(8) == 0 {
		decideAfter = 15 + d.rng.IntN(12) // a slow decision
	}
	if waiting {
		decideAfter = 400 // after today: still waiting
	}
	reject := d.rng.IntN(5) == 0
	reverse := d.rng.IntN(20) == 0
	note := pickOne(d.rng, demoApprovalNotes)
	if reject {
		note = pickOne(d.rng, demoRejectionNotes)
	}
	reason := pickOne(d.rng, demoReversalReasons)
	decideAt := d.at(workday(day.AddDays(decideAfter)))
	// A mistake is found the same day, before the evening's payment run.
	reverseAt := decideAt.Add(30 * time.Minute)
	after := d.drawAfterwards(day.AddDays(decideAfter))
	var payout ledger.Payout
	d.plan(requestAt, func(ctx context.Context) error {
		var err error
		payout, err = d.store.RequestPayout(ctx, requester, req)
		if ledger.ErrorCode(err) == ledger.EINSUFFICIENT {
			// The pot is nearly spent (the shared fund before its
			// next contribution): the caseworker is told so and looks
			// elsewhere, as in a real pot. What the demo draws depends
			// on the day it is made, so this can happen on some days.
			d.stats.refused++
			return nil
		}
		if err != nil {
			return err
		}
		d.stats.requested++
		if payout.Status == ledger.StatusApproved {
			d.stats.atOnce++
		} else {
			d.stats.pending++
		}
		return nil
	})
	d.plan(decideAt, func(ctx context.Context) error {
		if payout.Status != ledger.StatusPending {
			return nil
		}
		decider := d.decider(payout.Amount, requester)
		outcome := ledger.OutcomeApprove
		if reject {
			outcome = ledger.OutcomeReject
		}
		var err error
		payout, err = d.store.DecidePayout(ctx, decider, ledger.Decision{PayoutID: payout.ID, Outcome: outcome, Note: note})
		if err != nil {
			return err
		}
		d.stats.pending--
		if reject {
			d.stats.rejected++
		} else {
			d.stats.decided++
		}
		return nil
	})
	if reverse {
		d.plan(reverseAt, func(ctx context.Context) error {
			if payout.ID == "" {
				return nil // refused: the pot had too little
			}
			if current, err := d.store.Payout(ctx, payout.ID); err != nil || current.Status != ledger.StatusApproved {
				return err // paid meanwhile, or never approved: nothing to reverse
			}
			if _, err := d.store.ReversePayout(ctx, demoFinance, ledger.Reversal{PayoutID: payout.ID, Reason: reason}); err != nil {
				return err
			}
			payout.Status = ledger.StatusReversed
			d.stats.reversed++
			return nil
		})
	}
	d.planAfterwards(&payout, requester, after)
}

// decider picks the lowest approver whose level covers the amount and who is
// not the requester.
func (d *demo) decider(amount ledger.Cents, requester ledger.Actor) ledger.Actor {
	switch {
	case amount <= 5000_00:
		for _, t := range demoTeamleads {
			if t.User != requester.User {
				return t
			}
		}
	case amount <= 25000_00:
		return demoManager
	}
	return demoAlderman
}

// planPayments has finance pay the approved payouts every Thursday at the
// end of the day: one SEPA batch for every pot.
func (d *demo) planPayments(start ledger.Date) {
	// The last week's approvals are left for finance to pay.
	var last ledger.Date
	for day := start; !day.After(d.today.AddDays(-7)); day = day.AddDays(1) {
		if day.Start().Weekday() == time.Thursday {
			last = day
		}
	}
	for day := start; !day.After(last); day = day.AddDays(1) {
		if day.Start().Weekday() != time.Thursday {
			continue
		}
		var batch ledger.PaymentBatchID
		d.plan(day.Start().Add(17*time.Hour+30*time.Minute), func(ctx context.Context) error {
			b, err := d.store.CreatePaymentBatch(ctx, demoFinance, ledger.NewPaymentBatch{})
			if err != nil && ledger.ErrorCode(err) != ledger.ECONFLICT {
				return err
			}
			batch = b.ID
			d.stats.batches++
			return nil
		})
		if day == last {
			// The bank's statement of the next workday answers the
			// last run: it books every block, and one transfer comes
			// back (the account was closed).
			booked := workday(day.AddDays(1))
			d.plan(booked.Start().Add(9*time.Hour), func(ctx context.Context) error {
				if batch == "" {
					return nil
				}
				return d.importStatement(ctx, batch, booked)
			})
		}
	}
}

// importStatement imports the bank's statement of a payment batch as the
// bank would write it the day after: each block booked (a batch block as
// one debit by its PmtInfId, an instant transfer on its own), and the first
// transfer of the first batch block returned with AC04 (account closed).
func (d *demo) importStatement(ctx context.Context, id ledger.PaymentBatchID, booked ledger.Date) error {
	b, err := d.store.PaymentBatch(ctx, id)
	if err != nil {
		return err
	}
	statements := map[ledger.IBAN]*ledger.BankStatement{}
	var order []ledger.IBAN
	debtor := map[ledger.PotID]ledger.IBAN{}
	for _, g := range b.Groups {
		debtor[g.PotID] = g.Debtor.IBAN
	}
	returned := false
	for _, blk := range b.Blocks() {
		iban := debtor[blk.PotID]
		st := statements[iban]
		if st == nil {
			st = &ledger.BankStatement{ID: booked.String() + "-" + string(iban), IBAN: string(iban), Currency: "EUR", From: booked, To: booked}
			statements[iban] = st
			order = append(order, iban)
		}
		entry := func(ref string, amount ledger.Cents, debit bool) ledger.BankEntry {
			return ledger.BankEntry{Ref: ref, Amount: amount, Debit: debit, Status: "BOOK", BookingDate: booked, ValueDate: booked, BankTxCode: "PMNT/ICDT/ESCT"}
		}
		if blk.Instant {
			for _, it := range blk.Items {
				e := entry("DEMO-"+string(it.PayoutID), it.Amount, true)
				e.Details = []ledger.BankDetail{{EndToEndID: string(it.PayoutID), PaymentInfoID: blk.ID, Amount: it.Amount}}
				st.Entries = append(st.Entries, e)
			}
			continue
		}
		e := entry("DEMO-"+blk.ID, blk.Amount, true)
		e.Batch, e.Transactions, e.PaymentInfoID = true, len(blk.Items), blk.ID
		st.Entries = append(st.Entries, e)
		if !returned {
			it := blk.Items[0]
			r := entry("DEMO-RTRN-"+string(it.PayoutID), it.Amount, false)
			r.BankTxCode = "PMNT/RCDT/RRTN"
			r.Details = []ledger.BankDetail{{EndToEndID: string(it.PayoutID), Amount: it.Amount, Return: &ledger.BankReturn{Reason: "AC04"}}}
			st.Entries = append(st.Entries, r)
			returned = true
		}
	}
	f := &ledger.BankFile{Kind: ledger.BankCamt053v08, MessageID: "DEMO-" + booked.String(), CreatedAt: booked.Start().Add(5 * time.Hour)}
	for _, iban := range order {
		// The booked balances: what the municipality holds on the
		// account (€ 2.500.000,00 the evening before), moved by the
		// day's entries, so the reconciliation has the bank's side.
		st := statements[iban]
		st.Opening = &ledger.BankBalance{Amount: 2_500_000_00, Date: booked.AddDays(-1)}
		st.Closing = &ledger.BankBalance{Amount: st.Opening.Amount, Date: booked}
		for _, e := range st.Entries {
			if e.Debit {
				st.Closing.Amount -= e.Amount
			} else {
				st.Closing.Amount += e.Amount
			}
		}
		f.Statements = append(f.Statements, *st)
	}
	sum := sha256.Sum256([]byte("ontschot demo statement " + string(id)))
	_, err = d.store.ImportBankFile(ctx, demoFinance, ledger.ImportBankFile{File: f, Digest: hex.EncodeToString(sum[:])})
	return err
}

// planClosings closes each quarter three weeks after it ends.
func (d *demo) planClosings(start ledger.Date) {
	for year := start.Year(); year <= d.today.Year(); year++ {
		for q := 1; q <= 4; q++ {
			p := ledger.Quarter(year, q)
			at := workday(p.End.AddDays(21)).Start().Add(16 * time.Hour)
			d.plan(at, func(ctx context.Context) error {
				_, err := d.store.ClosePeriod(ctx, demoFinance, ledger.ClosePeriod{Period: p})
				return err
			})
		}
	}
}

// uuid returns a random (version 4 shaped) UUID from the demo's generator.
func (d *demo) uuid() string {
	var b [16]byte
	for i := range b {
		b[i] = byte(d.rng.IntN(256))
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := fmt.Sprintf("%x", b[:])
	return strings.Join([]string{h[:8], h[8:12], h[12:16], h[16:20], h[20:]}, "-")
}

func pickOne[T any](rng *rand.Rand, xs []T) T { return xs[rng.IntN(len(xs))] }
