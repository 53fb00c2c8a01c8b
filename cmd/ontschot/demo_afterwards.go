package main

import (
	"context"
	"time"

	"github.com/ontschot/ontschot/allocation"
	"github.com/ontschot/ontschot/ledger"
)

// afterwards is what happens to a payout after its decision, drawn when the
// payout is planned so the demo does not depend on the order in which later
// random numbers are drawn.
type afterwards struct {
	allocateAt, correctAt, settleAt, evaluateAt time.Time
	allocate, correct, settle, partly, evaluate bool
	// choice picks how finance allocates: follow the suggestion, split it
	// with maatwerk, a housing corporation's share, or all maatwerk.
	choice, correction int
	outcome            ledger.EvalOutcome
	regretShare        int // percent of the amount, for a partial regret
	note               string
}

func (d *demo) drawAfterwards(decided ledger.Date) afterwards {
	a := afterwards{
		allocate:    d.rng.IntN(100) < 88,
		correct:     d.rng.IntN(100) < 8,
		settle:      d.rng.IntN(100) < 70,
		partly:      d.rng.IntN(4) == 0,
		evaluate:    d.rng.IntN(100) < 85,
		choice:      d.rng.IntN(100),
		correction:  d.rng.IntN(len(demoCorrectionNotes)),
		regretShare: 30 + d.rng.IntN(50),
	}
	allocated := workday(decided.AddDays(7 + d.rng.IntN(70)))
	a.allocateAt = d.at(allocated)
	a.correctAt = d.at(workday(allocated.AddDays(10 + d.rng.IntN(20))))
	a.settleAt = d.at(workday(allocated.AddDays(35 + d.rng.IntN(40))))
	a.evaluateAt = d.at(workday(decided.AddDays(40 + d.rng.IntN(80))))
	// Outcomes follow a fixed pattern rather than the dice, so the demo's
	// regret ratio stays near the 20% threshold whatever else it draws:
	// an eighth regretted, a quarter partly.
	d.evaluations++
	a.outcome = demoOutcomes[d.evaluations%len(demoOutcomes)]
	a.note = pickOne(d.rng, demoEvaluationNotes[a.outcome])
	return a
}

// planAfterwards plans finance's allocation (sometimes split, sometimes
// corrected), the parties' settlements and the caseworker's evaluation.
func (d *demo) planAfterwards(payout *ledger.Payout, requester ledger.Actor, a afterwards) {
	spent := func() bool { return payout.Status == ledger.StatusApproved || payout.Status == ledger.StatusPaid }
	if a.allocate {
		d.plan(a.allocateAt, func(ctx context.Context) error {
			if !spent() {
				return nil
			}
			lines, split, err := d.allocationLines(ctx, payout, a.choice)
			if err != nil {
				return err
			}
			if _, _, err := d.svc.Allocate(ctx, demoFinance, allocation.AllocateRequest{PayoutID: payout.ID, Lines: lines}); err != nil {
				return err
			}
			d.stats.allocated++
			if split {
				d.stats.split++
			}
			return nil
		})
		if a.correct {
			d.plan(a.correctAt, func(ctx context.Context) error {
				if !spent() {
					return nil
				}
				lines, _, err := d.allocationLines(ctx, payout, (a.choice+35)%100)
				if err != nil {
					return err
				}
				note := demoCorrectionNotes[a.correction]
				if _, _, err := d.svc.Allocate(ctx, demoFinance, allocation.AllocateRequest{PayoutID: payout.ID, Lines: lines, Note: note}); err != nil {
					if ledger.ErrorCode(err) == ledger.ECONFLICT {
						return nil // the same lines again: nothing to correct
					}
					return err
				}
				d.stats.corrected++
				return nil
			})
		}
		if a.settle {
			d.plan(a.settleAt, func(ctx context.Context) error {
				if payout.ID == "" {
					return nil // refused: the pot had too little
				}
				page, err := d.store.Receivables(ctx, ledger.ReceivableFilter{PayoutID: payout.ID, Status: ledger.ReceivableOpen, Limit: ledger.MaxPageSize})
				if err != nil {
					return err
				}
				rs := page.Receivables
				day := d.today
				if at := ledger.DateOf(d.clock.Now()); at.Before(day) {
					day = at
				}
				for _, r := range rs {
					amount := r.Open
					if a.partly && amount >= 2_00 {
						amount /= 2 // the first of two instalments; the rest is still open
					}
					if _, err := d.store.Settle(ctx, demoFinance, ledger.Settlement{ReceivableID: r.ID, Amount: amount, ValueDate: day,
						Reference: r.PartyName + " " + string(r.ID)[len(r.ID)-6:]}); err != nil {
						return err
					}
					d.stats.settlements++
				}
				return nil
			})
		}
	}
	if a.evaluate {
		d.plan(a.evaluateAt, func(ctx context.Context) error {
			// Evaluated once paid (ledger.Payout.Evaluable): the weekly
			// payment run has paid it by now, unless its pot has no bank
			// account.
			if !spent() {
				return nil
			}
			if p, err := d.store.Payout(ctx, payout.ID); err != nil || !p.Evaluable() {
				return err
			}
			req := ledger.EvaluationRequest{PayoutID: payout.ID, Outcome: ledger.EvalEffective, Note: pickOne(d.rng, demoEvaluationNotes[ledger.EvalEffective])}
			if err := d.steer(ctx, payout, &req, a); err != nil {
				return err
			}
			if _, err := d.store.Evaluate(ctx, requester, req); err != nil {
				return err
			}
			d.stats.evaluations++
			return nil
		})
	}
}

// steer turns the planned outcome into an evaluation that keeps the pot's
// regret ratio for the year near, and under, 19%: a regret or a partial
// regret only as far as that allows, so the demo shows a pot close to its
// 20% threshold whatever the dice drew.
func (d *demo) steer(ctx context.Context, payout *ledger.Payout, req *ledger.EvaluationRequest, a afterwards) error {
	if a.outcome == ledger.EvalEffective {
		return nil
	}
	year := ledger.DateOf(d.clock.Now()).Year()
	fig, err := d.regretSoFar(ctx, payout.PotID, year)
	if err != nil {
		return err
	}
	room := fig.spent*19/100 - fig.regretted
	share := payout.Amount * ledger.Cents(a.regretShare) / 100
	if a.outcome == ledger.EvalRegret {
		share = payout.Amount
	}
	switch {
	case room <= 0 || share <= 0:
		return nil
	case share >= payout.Amount && payout.Amount <= room:
		req.Outcome, req.Regretted = ledger.EvalRegret, 0
		fig.regretted += payout.Amount
	default:
		req.Outcome, req.Regretted = ledger.EvalPartial, min(share, room, payout.Amount-1)
		fig.regretted += req.Regretted
	}
	req.Note = a.note
	if req.Outcome != a.outcome {
		req.Note = pickOne(d.rng, demoEvaluationNotes[req.Outcome])
	}
	return nil
}

// demoRegret is what steer knows of a pot's regret in a year: spent and
// regretted, and the evaluations since it was read.
type demoRegret struct {
	spent, regretted ledger.Cents
	age              int
}

// regretSoFar returns a pot's regret for the year. The usual demo reads it
// for every evaluation; a larger one (--payouts) reads it again after every
// fifty, since reading it reads every payout of the pot.
func (d *demo) regretSoFar(ctx context.Context, pot ledger.PotID, year int) (*demoRegret, error) {
	key := demoPotKey{string(pot), year}
	if r := d.regret[key]; r != nil && d.payouts > 0 && r.age < 50 {
		r.age++
		return r, nil
	}
	p, err := d.store.Pot(ctx, pot)
	if err != nil {
		return nil, err
	}
	rep, err := d.svc.Regret(ctx, &p, year)
	if err != nil {
		return nil, err
	}
	r := &demoRegret{spent: rep.Year.Spent, regretted: rep.Year.Regretted}
	if d.regret == nil {
		d.regret = map[demoPotKey]*demoRegret{}
	}
	d.regret[key] = r
	return r, nil
}

// allocationLines is how finance allocates a payout: mostly as suggested,
// sometimes split with maatwerk or with a housing corporation, sometimes all
// maatwerk.
func (d *demo) allocationLines(ctx context.Context, payout *ledger.Payout, choice int) ([]allocation.Line, bool, error) {
	sg, err := d.svc.Suggestion(ctx, payout)
	if err != nil {
		return nil, false, err
	}
	suggested := allocation.Line{AllocationLine: sg.Lines[0]}
	suggested.Amount, suggested.ReceivableID = 0, ""
	whole := func(l allocation.Line) allocation.Line { l.Percent = ledger.RatioOne; return l }
	share := func(l allocation.Line, pct ledger.Ratio) allocation.Line { l.Percent = pct; return l }
	maatwerk := allocation.Line{AllocationLine: ledger.AllocationLine{Target: ledger.TargetMaatwerk}}
	switch {
	case choice < 62 || suggested.Target == ledger.TargetMaatwerk && choice < 85:
		return []allocation.Line{whole(suggested)}, false, nil
	case choice < 80:
		return []allocation.Line{share(suggested, 6000), share(maatwerk, 4000)}, true, nil
	case choice < 90 && suggested.Target != ledger.TargetParty && payout.Category == "rent_arrears":
		corp := allocation.Line{AllocationLine: ledger.AllocationLine{Target: ledger.TargetParty, PartyName: "Woonstichting Elkien"}}
		return []allocation.Line{share(corp, 5000), share(suggested, 5000)}, true, nil
	}
	return []allocation.Line{whole(maatwerk)}, false, nil
}

// planPolicy takes one signal up in policy, a month before today.
func (d *demo) planPolicy() {
	d.plan(d.at(workday(d.today.AddDays(-30))), func(ctx context.Context) error {
		signals, err := d.svc.Signals(ctx, 0)
		if err != nil || len(signals) == 0 {
			return err
		}
		_, err = d.store.TakeUpSignal(ctx, demoFinance, ledger.SignalUptake{SignalID: signals[0].ID,
			Note: "Besproken aan de doorbraaktafel: wordt een vaste regeling in het minimabeleid per 1 januari."})
		return err
	})
}
