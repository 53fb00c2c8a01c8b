package ledgertest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/ontschot/ontschot/ledger"
)

// testFactAggregates lives a random history (RandomHistory) and after
// every step recomputes the aggregates of payout facts from the payouts
// (ledger.Service.CheckAggregates): requests within and above the mandate,
// decisions, allocations and their withdrawals, reversals, evaluations and
// their revisions, payment runs and settlements, over months, in random
// order. The aggregates answer the pages and reports, so they must never
// drift from the payouts.
func testFactAggregates(t *testing.T, open Opener) {
	clock := NewClock(Start)
	s := open(t, clock)
	c, ok := s.(aggregateChecker)
	if !ok {
		t.Skip("the store cannot recompute its aggregates")
	}
	RandomHistory(t, s, clock, 7, 300, func(step int, what string) {
		failures, err := c.CheckAggregates(context.Background())
		if err != nil {
			t.Fatalf("step %d (%s): %v", step, what, err)
		}
		for _, f := range failures {
			t.Errorf("step %d (%s): %s", step, what, f.Problem)
		}
		if len(failures) > 0 {
			t.FailNow()
		}
	})
	MustVerify(t, s)
}

// History is what RandomHistory made: the pot its payouts came from.
type History struct {
	Pot     ledger.Pot
	Partner ledger.Partner
}

// RandomHistory lives steps random bookings on a new store, from Start on,
// moving clock forward a few days at a time, and calls after (when not nil)
// after each step that booked something, with what it did. Requests come
// from two caseworkers with amounts within and above their mandate, cases
// met more than once, rules deviated from in different spellings and days
// stuck; then decisions, allocations (to a party, to maatwerk, withdrawn),
// reversals, evaluations (revised too), weekly payment runs and
// settlements follow in random order. seed makes it repeatable.
func RandomHistory(t testing.TB, s ledger.Store, clock *Clock, seed uint64, steps int, after func(step int, what string)) History {
	t.Helper()
	f := &fixture{t: t, store: s, clock: clock, ctx: context.Background()}
	f.partner = f.mustPartner("Gemeente Leeuwarden", ledger.KindMunicipality)
	f.pot = f.mustPot("Doorbraakpot", ledger.NewPot{Year: 2026, RecoveryPolicy: ledger.PolicyRefund, Mandates: Ladder()})
	f.mustContribute(f.pot.ID, f.partner.ID, 1_000_000_00)
	if _, err := s.SetDebtorAccount(f.ctx, Finance, f.pot.ID, DebtorAccount(), ""); err != nil {
		t.Fatalf("SetDebtorAccount: %v", err)
	}
	housing := f.mustParty("Woonbedrijf Noord", ledger.PartyHousingCorporation)
	rng := rand.New(rand.NewPCG(seed, 1124))
	categories := []string{"rent_arrears", "energy_debt", "deposit", "other"}
	rules := []string{"Participatiewet art. 35", "participatiewet  ART. 35 ", "Max één keer per jaar", "Geen voorschot zonder beschikking", ""}
	var payouts []ledger.PayoutID
	pick := func() (ledger.Payout, bool) {
		if len(payouts) == 0 {
			return ledger.Payout{}, false
		}
		p, err := s.Payout(f.ctx, payouts[rng.IntN(len(payouts))])
		if err != nil {
			t.Fatalf("Payout: %v", err)
		}
		return p, true
	}
	done := map[string]int{}
	spent := func(p ledger.Payout) bool { return p.Status == ledger.StatusApproved || p.Status == ledger.StatusPaid }
	for step := 0; step < steps; step++ {
		if rng.IntN(4) == 0 && ledger.DateOf(clock.Now()).Month() < time.December {
			clock.Set(clock.Now().Add(time.Duration(1+rng.IntN(3)) * 24 * time.Hour))
		}
		var what string
		var err error
		switch op := rng.IntN(13); {
		case op < 4 || len(payouts) < 3:
			who := Caseworker
			if rng.IntN(3) == 0 {
				who = Colleague
			}
			req := ValidRequest(f.pot.ID, ledger.Cents(50_00+rng.IntN(2500_00)))
			req.Category = categories[rng.IntN(len(categories))]
			req.CaseRef = fmt.Sprintf("WIJK-2026-%04d", rng.IntN(12))
			req.Justification.DeviatesFrom = nil
			for range rng.IntN(3) {
				req.Justification.DeviatesFrom = append(req.Justification.DeviatesFrom, rules[rng.IntN(len(rules))])
			}
			req.Justification.StuckSince = ledger.DateOf(clock.Now()).AddDays(-rng.IntN(120))
			var p ledger.Payout
			if p, err = s.RequestPayout(f.ctx, who, req); err == nil {
				payouts = append(payouts, p.ID)
			}
			what = "request"
		case op == 4:
			pending, err2 := s.Payouts(f.ctx, ledger.PayoutFilter{Status: ledger.StatusPending})
			if err2 != nil || len(pending.Payouts) == 0 {
				continue
			}
			p := pending.Payouts[rng.IntN(len(pending.Payouts))]
			d := ledger.Decision{PayoutID: p.ID, Outcome: ledger.OutcomeApprove}
			if rng.IntN(4) == 0 {
				d.Outcome, d.Note = ledger.OutcomeReject, "Past niet binnen het beleid."
			}
			_, err = s.DecidePayout(f.ctx, Manager, d)
			what = "decide"
		case op <= 6:
			p, _ := pick()
			if !spent(p) {
				continue
			}
			req := ledger.AllocationRequest{PayoutID: p.ID, Note: fmt.Sprintf("Stap %d", step)}
			if rng.IntN(4) > 0 {
				part := ledger.Cents(rng.IntN(int(p.Amount)))
				if rng.IntN(2) == 0 && part > 0 {
					req.Lines = append(req.Lines, party(housing.Name, part))
				}
				if rest := p.Amount - part; rest > 0 && rng.IntN(3) > 0 {
					req.Lines = append(req.Lines, maatwerk(rest))
				}
				if len(req.Lines) == 0 {
					req.Lines = append(req.Lines, maatwerk(p.Amount))
				}
			}
			_, err = s.Allocate(f.ctx, Finance, req)
			what = "allocate"
		case op == 7 || op == 12:
			p, _ := pick()
			if !spent(p) {
				continue
			}
			if p.Allocated > 0 { // a reversal needs the allocation withdrawn
				s.Allocate(f.ctx, Finance, ledger.AllocationRequest{PayoutID: p.ID, Note: "Ingetrokken voor terugboeking"})
			}
			_, err = s.ReversePayout(f.ctx, Finance, ledger.Reversal{PayoutID: p.ID, Reason: "Dubbel aangevraagd"})
			what = "reverse"
		case op <= 9:
			p, _ := pick()
			if !p.Evaluable() {
				continue
			}
			e := ledger.EvaluationRequest{PayoutID: p.ID, Outcome: ledger.EvalEffective, Note: "Woning behouden."}
			switch rng.IntN(3) {
			case 1:
				e.Outcome, e.Regretted, e.Note = ledger.EvalPartial, ledger.Cents(1+rng.IntN(int(p.Amount-1))), "Deels achteraf niet nodig."
			case 2:
				e.Outcome, e.Note = ledger.EvalRegret, "Achteraf niet nodig geweest."
			}
			_, err = s.Evaluate(f.ctx, Manager, e)
			what = "evaluate"
		case op == 10:
			_, err = s.CreatePaymentBatch(f.ctx, Finance, ledger.NewPaymentBatch{PotID: f.pot.ID})
			what = "pay"
		default:
			page, err2 := s.Receivables(f.ctx, ledger.ReceivableFilter{})
			if err2 != nil || len(page.Receivables) == 0 {
				continue
			}
			r := page.Receivables[rng.IntN(len(page.Receivables))]
			if r.Open <= 0 {
				continue
			}
			_, err = s.Settle(f.ctx, Finance, ledger.Settlement{ReceivableID: r.ID, Amount: ledger.Cents(1 + rng.IntN(int(r.Open))),
				ValueDate: ledger.DateOf(clock.Now()), Reference: fmt.Sprintf("Betaling %d", step)})
			what = "settle"
		}
		switch ledger.ErrorCode(err) {
		case "":
		case ledger.ECONFLICT, ledger.EINVALID, ledger.EINSUFFICIENT, ledger.EMANDATE:
			continue // not possible in this state: a random history tries
		default:
			t.Fatalf("step %d (%s): %v", step, what, err)
		}
		done[what]++
		if after != nil {
			after(step, what)
		}
	}
	t.Logf("random history up to %s: %v", ledger.DateOf(clock.Now()), done)
	return History{Pot: f.pot, Partner: f.partner}
}
