package ledgertest

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/ontschot/ontschot/ledger"
)

// testPartyLoads books, corrects, withdraws and reverses allocations to
// outside parties in random order, and after every step compares the
// parties' rotation loads (which the store keeps beside the allocations)
// with loads summed from the current allocations as this test made them;
// Verify recomputes them too. A fast answer can never drift from the true
// one.
func testPartyLoads(t *testing.T, open Opener) {
	f := newFixture(t, open, 100000_00)
	a := f.mustParty("Woonbedrijf Noord", ledger.PartyHousingCorporation)
	b := f.mustParty("Zorgverzekeraar Fries", ledger.PartyHealthInsurer)
	rng := rand.New(rand.NewPCG(11, 29))
	var payouts []ledger.Payout
	for range 8 {
		payouts = append(payouts, f.mustRequest(Caseworker, ledger.Cents(100_00+rng.IntN(900_00))))
	}
	// current is the test's own model: each payout's current party lines.
	current := map[ledger.PayoutID]map[ledger.PartyID]ledger.Cents{}
	reversed := map[ledger.PayoutID]bool{}
	allocated := map[ledger.PayoutID]bool{} // has a current allocation
	for step := range 60 {
		p := payouts[rng.IntN(len(payouts))]
		if reversed[p.ID] {
			continue
		}
		note := fmt.Sprintf("Stap %d", step)
		switch op := rng.IntN(10); {
		case op == 0 && len(current[p.ID]) == 0:
			// Reverse a payout whose allocation charges no party (a
			// receivable would have to be settled or withdrawn first).
			if allocated[p.ID] {
				if _, err := f.store.Allocate(f.ctx, Finance, ledger.AllocationRequest{PayoutID: p.ID, Note: note}); err != nil {
					t.Fatalf("step %d: withdraw before reversing: %v", step, err)
				}
			}
			if _, err := f.store.ReversePayout(f.ctx, Finance, ledger.Reversal{PayoutID: p.ID, Reason: "Dubbel aangevraagd"}); err != nil {
				t.Fatalf("step %d: reverse: %v", step, err)
			}
			reversed[p.ID] = true
			delete(current, p.ID)
		case op <= 2 && allocated[p.ID]:
			if _, err := f.store.Allocate(f.ctx, Finance, ledger.AllocationRequest{PayoutID: p.ID, Note: note}); err != nil {
				t.Fatalf("step %d: withdraw: %v", step, err)
			}
			allocated[p.ID] = false
			delete(current, p.ID)
		default:
			var lines []ledger.AllocationLine
			charged := map[ledger.PartyID]ledger.Cents{}
			rest := p.Amount
			for _, who := range []ledger.Party{a, b} {
				if rng.IntN(2) == 0 {
					amount := ledger.Cents(1 + rng.IntN(int(rest/2)))
					lines = append(lines, party(who.Name, amount))
					charged[who.ID] = amount
					rest -= amount
				}
			}
			lines = append(lines, maatwerk(rest))
			_, err := f.store.Allocate(f.ctx, Finance, ledger.AllocationRequest{PayoutID: p.ID, Lines: lines, Note: note})
			if ledger.ErrorCode(err) == ledger.ECONFLICT {
				continue // allocated exactly so already: nothing changed
			}
			if err != nil {
				t.Fatalf("step %d: allocate: %v", step, err)
			}
			allocated[p.ID] = true
			current[p.ID] = charged
		}
		want := map[ledger.PartyID]ledger.PartyLoad{}
		for _, lines := range current {
			for id, amount := range lines {
				l := want[id]
				l.Turns++
				l.Borne += amount
				want[id] = l
			}
		}
		got, err := f.store.PartyLoads(f.ctx, f.pot.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want) {
			t.Fatalf("step %d: loads %+v; want %+v", step, got, want)
		}
		for _, l := range got {
			if w := want[l.PartyID]; l.Turns != w.Turns || l.Borne != w.Borne {
				t.Fatalf("step %d: %s carries %d payouts and %s; the allocations give %d and %s", step, l.PartyName, l.Turns, l.Borne, w.Turns, w.Borne)
			}
		}
	}
	f.verify()
}
