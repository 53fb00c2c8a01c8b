package ledgertest

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/ontschot/ontschot/ledger"
)

func (f *fixture) mustParty(name string, kind ledger.PartyKind) ledger.Party {
	f.t.Helper()
	p, err := f.store.CreateParty(f.ctx, Finance, ledger.NewParty{Name: name, Kind: kind})
	if err != nil {
		f.t.Fatalf("CreateParty(%q): %v", name, err)
	}
	return p
}

func (f *fixture) mustAllocate(id ledger.PayoutID, note string, lines ...ledger.AllocationLine) ledger.Allocation {
	f.t.Helper()
	a, err := f.store.Allocate(f.ctx, Finance, ledger.AllocationRequest{PayoutID: id, Lines: lines, Note: note})
	if err != nil {
		f.t.Fatalf("Allocate(%s): %v", id, err)
	}
	return a
}

// wantFigures checks the reallocation figures of the pot's balance.
func (f *fixture) wantFigures(available, unallocated, recovered, receivable ledger.Cents) {
	f.t.Helper()
	b := f.balance()
	if b.Available != available || b.Unallocated != unallocated || b.Recovered != recovered || b.Receivable != receivable {
		f.t.Fatalf("balance = available %s, unallocated %s, recovered %s, receivable %s; want %s, %s, %s, %s",
			b.Available, b.Unallocated, b.Recovered, b.Receivable, available, unallocated, recovered, receivable)
	}
}

// Lines used across the allocation tests. The suite's clock is in 2026,
// where the Wmo's "Begeleiding" is 6.712 and youth care at home 6.751.
func wmo(amount ledger.Cents) ledger.AllocationLine {
	return ledger.AllocationLine{Target: "wmo", Taakveld: "6.712", Amount: amount}
}

func jeugd(amount ledger.Cents) ledger.AllocationLine {
	return ledger.AllocationLine{Target: "jeugdwet", Taakveld: "6.751", Amount: amount}
}

func party(name string, amount ledger.Cents) ledger.AllocationLine {
	return ledger.AllocationLine{Target: ledger.TargetParty, PartyName: name, Amount: amount}
}

func maatwerk(amount ledger.Cents) ledger.AllocationLine {
	return ledger.AllocationLine{Target: ledger.TargetMaatwerk, Amount: amount}
}

func testAllocation(t *testing.T, open Opener) {
	t.Run("RefundPolicyRefundsThePotExactly", func(t *testing.T) {
		f := newFixture(t, open, 10000_00)
		p := f.mustRequest(Caseworker, 1234_56)
		f.wantFigures(8765_44, 1234_56, 0, 0)
		a := f.mustAllocate(p.ID, "", wmo(1234_56))
		if a.Version != 1 || a.Allocated != 1234_56 || a.Unallocated != 0 || !a.Current || a.JournalSeq == 0 {
			t.Fatalf("allocation = %+v", a)
		}
		if l := a.Lines[0]; l.EconomicCategory != ledger.EconInKind || l.Taakveld != "6.712" {
			t.Fatalf("line = %+v; want the economic category derived from the payout (3.4.1)", l)
		}
		// The Wmo budget refunds the pot at once: available goes back up by
		// exactly the reallocated amount; the spending stays spending.
		f.wantFigures(10000_00, 0, 1234_56, 0)
		f.wantBalance(10000_00, 10000_00, 0, 1234_56)
		got, err := f.store.Payout(f.ctx, p.ID)
		if err != nil || got.Allocated != 1234_56 {
			t.Fatalf("payout allocated = %s, %v; want 1234.56", got.Allocated, err)
		}
		f.verify()
	})
	t.Run("ReportPolicyKeepsTheCost", func(t *testing.T) {
		f := newFixture(t, open, 0)
		pot := f.mustPot("Maatwerkbudget", ledger.NewPot{Year: 2026, RecoveryPolicy: ledger.PolicyReport, Mandates: Ladder()})
		f.mustContribute(pot.ID, f.partner.ID, 5000_00)
		f.pot = pot
		p := f.mustRequest(Caseworker, 1000_00)
		f.mustAllocate(p.ID, "", wmo(1000_00))
		f.wantFigures(4000_00, 0, 0, 0)
		f.verify()
	})
	t.Run("SplitPartialAndCashCategory", func(t *testing.T) {
		f := newFixture(t, open, 10000_00)
		f.mustParty("Zorgverzekeraar De Friesland", ledger.PartyHealthInsurer)
		r := f.request(1000_00)
		bound := false
		r.PaidTo, r.SpendingBound = ledger.PaidToResident, &bound
		p, err := f.store.RequestPayout(f.ctx, Caseworker, r)
		if err != nil {
			t.Fatal(err)
		}
		a := f.mustAllocate(p.ID, "", wmo(300_00), party("zorgverzekeraar de friesland", 500_00))
		if a.Allocated != 800_00 || a.Unallocated != 200_00 {
			t.Fatalf("allocated %s, unallocated %s; want 800.00 and 200.00", a.Allocated, a.Unallocated)
		}
		if a.Lines[0].EconomicCategory != ledger.EconCash {
			t.Fatalf("economic category = %s; want 4.1.1 for free cash to the resident", a.Lines[0].EconomicCategory)
		}
		if l := a.Lines[1]; l.PartyName != "Zorgverzekeraar De Friesland" || !ledger.ValidID(ledger.PartyPrefix, string(l.PartyID)) || l.ReceivableID == "" {
			t.Fatalf("party line = %+v; want the registered party, found by name in any case, with a receivable", l)
		}
		// The legal budget refunds at once; the party owes until it pays.
		f.wantFigures(9300_00, 200_00, 300_00, 500_00)
		f.verify()
	})
	t.Run("PartyNamesThatDifferOnlyInCase", func(t *testing.T) {
		// "ÉLAN Wonen" and "élan wonen" are two parties (the names differ
		// beyond ASCII case): a line naming one exactly gets that one, and
		// a name that fits both only in case is refused, never guessed.
		f := newFixture(t, open, 10000_00)
		upper := f.mustParty("ÉLAN Wonen", ledger.PartyHousingCorporation)
		lower := f.mustParty("élan wonen", ledger.PartyHousingCorporation)
		for _, want := range []ledger.Party{lower, upper} {
			p := f.mustRequest(Caseworker, 100_00)
			if a := f.mustAllocate(p.ID, "", party(want.Name, 100_00)); a.Lines[0].PartyID != want.ID {
				t.Fatalf("a line naming %q went to %s (%s); want %s", want.Name, a.Lines[0].PartyID, a.Lines[0].PartyName, want.ID)
			}
		}
		q := f.mustRequest(Caseworker, 100_00)
		_, err := f.store.Allocate(f.ctx, Finance, ledger.AllocationRequest{PayoutID: q.ID, Lines: []ledger.AllocationLine{party("Élan Wonen", 100_00)}})
		wantCode(t, err, ledger.EINVALID)
		if err == nil || !strings.Contains(err.Error(), "could be any of") {
			t.Fatalf("a name two parties fit only in case: %v", err)
		}
		f.verify()
	})
	t.Run("OverrideEconomicCategory", func(t *testing.T) {
		f := newFixture(t, open, 10000_00)
		p := f.mustRequest(Caseworker, 100_00)
		l := wmo(100_00)
		l.EconomicCategory = ledger.EconCash
		if a := f.mustAllocate(p.ID, "", l); a.Lines[0].EconomicCategory != ledger.EconCash {
			t.Fatalf("economic category = %s; want the override 4.1.1", a.Lines[0].EconomicCategory)
		}
	})
	t.Run("CorrectionReversesAndRebooks", func(t *testing.T) {
		f := newFixture(t, open, 10000_00)
		p := f.mustRequest(Caseworker, 1000_00)
		first := f.mustAllocate(p.ID, "", wmo(1000_00))
		second := f.mustAllocate(p.ID, "Pleegkind: Jeugdwet, rest maatwerk", jeugd(600_00), maatwerk(400_00))
		if second.Version != 2 || second.Allocated != 1000_00 {
			t.Fatalf("correction = %+v", second)
		}
		f.wantFigures(9600_00, 0, 600_00, 0)
		as, err := f.store.Allocations(f.ctx, p.ID)
		if err != nil || len(as) != 2 {
			t.Fatalf("Allocations = %d, %v; want both versions", len(as), err)
		}
		if as[0].Current || as[0].ReplacedAt == nil || as[0].ReversalSeq == 0 || len(as[0].Lines) != 1 || !as[1].Current || len(as[1].Lines) != 2 {
			t.Fatalf("history = %+v", as)
		}
		ts, err := f.store.Journal(f.ctx, as[0].ReversalSeq-1, 1)
		if err != nil || len(ts) != 1 || ts[0].Kind != ledger.TxAllocationReversed || ts[0].Reverses != first.JournalSeq {
			t.Fatalf("reversal = %+v, %v; want an allocation_reversed transaction that names version 1", ts, err)
		}
		for _, p := range ts[0].Postings {
			if strings.Contains(p.Account, "6.712") && p.Amount != -1000_00 {
				t.Fatalf("reversal posting %+v; want the old line undone exactly", p)
			}
		}
		f.verify()
	})
	t.Run("WithdrawLeavesItUnallocated", func(t *testing.T) {
		f := newFixture(t, open, 10000_00)
		p := f.mustRequest(Caseworker, 1000_00)
		f.mustAllocate(p.ID, "", wmo(1000_00))
		a := f.mustAllocate(p.ID, "Toch geen Wmo: opnieuw beoordelen")
		if a.Version != 1 || a.Current || a.ReversalSeq == 0 || !strings.Contains(a.ReversalNote, "Toch geen Wmo") {
			t.Fatalf("withdrawal = %+v; want version 1 withdrawn, with the reason", a)
		}
		as, err := f.store.Allocations(f.ctx, p.ID)
		if err != nil || len(as) != 1 || as[0].ReversalNote != a.ReversalNote {
			t.Fatalf("history = %+v, %v; want the withdrawn version with its reason", as, err)
		}
		f.wantFigures(9000_00, 1000_00, 0, 0)
		got, _ := f.store.Payout(f.ctx, p.ID)
		if got.Allocated != 0 {
			t.Fatalf("payout allocated = %s after a withdrawal", got.Allocated)
		}
		f.verify()
	})
	t.Run("ReversalOfAnAllocatedPayoutUndoesItsAllocation", func(t *testing.T) {
		f := newFixture(t, open, 10000_00)
		f.mustParty("UWV", ledger.PartyGovernmentAgency)
		p := f.mustRequest(Caseworker, 1000_00)
		f.mustAllocate(p.ID, "", wmo(400_00), party("UWV", 600_00))
		if _, err := f.store.ReversePayout(f.ctx, Finance, ledger.Reversal{PayoutID: p.ID, Reason: "Dubbel aangevraagd"}); err != nil {
			t.Fatal(err)
		}
		f.wantFigures(10000_00, 0, 0, 0)
		f.wantBalance(10000_00, 10000_00, 0, 0)
		page, err := f.store.Receivables(f.ctx, ledger.ReceivableFilter{PayoutID: p.ID})
		rs := page.Receivables
		if err != nil || len(rs) != 1 || rs[0].Status != ledger.ReceivableCancelled || rs[0].Open != 0 {
			t.Fatalf("receivables = %+v, %v; want the one cancelled", rs, err)
		}
		f.verify()
	})
	t.Run("ErrCorrectionWouldOverspend", func(t *testing.T) {
		f := newFixture(t, open, 1000_00)
		p := f.mustRequest(Caseworker, 1000_00)
		f.mustAllocate(p.ID, "", wmo(1000_00))
		f.mustRequest(Caseworker, 1000_00) // spends the refund
		before := f.snapshot()
		_, err := f.store.Allocate(f.ctx, Finance, ledger.AllocationRequest{PayoutID: p.ID, Lines: []ledger.AllocationLine{maatwerk(1000_00)}, Note: "Toch maatwerk"})
		wantCode(t, err, ledger.EINSUFFICIENT)
		f.unchanged(before)
		f.wantFigures(0, 1000_00, 1000_00, 0)
	})
	t.Run("Idempotent", func(t *testing.T) {
		f := newFixture(t, open, 10000_00)
		p := f.mustRequest(Caseworker, 1000_00)
		req := ledger.AllocationRequest{PayoutID: p.ID, Lines: []ledger.AllocationLine{wmo(1000_00)}, IdempotencyKey: "alloc-1", SuggestedBy: "transport", FollowedSuggestion: true}
		a1, err := f.store.Allocate(f.ctx, Finance, req)
		if err != nil {
			t.Fatal(err)
		}
		before := f.snapshot()
		req.FollowedSuggestion = false // what finance saw may differ on a retry
		a2, err := f.store.Allocate(f.ctx, Finance, req)
		if err != nil || a2.Version != a1.Version || a2.JournalSeq != a1.JournalSeq {
			t.Fatalf("retry = %+v, %v; want the first answer", a2, err)
		}
		f.unchanged(before)
		req.Lines = []ledger.AllocationLine{jeugd(1000_00)}
		_, err = f.store.Allocate(f.ctx, Finance, req)
		wantCode(t, err, ledger.EIDEMPOTENCY)
		f.wantFigures(10000_00, 0, 1000_00, 0)
	})
	t.Run("TaakveldValidityByYear", func(t *testing.T) {
		for _, tt := range []struct {
			year        int
			code        string
			ok          bool
			mentionsAll string
		}{
			{2022, "6.71a", false, "6.71"},
			{2022, "6.71", true, ""},
			{2024, "6.71", false, "6.71a"},
			{2024, "6.71a", true, ""},
			{2026, "6.71a", false, "6.711"},
			{2026, "6.711", true, ""},
		} {
			t.Run(tt.code+"In"+itoaYear(tt.year), func(t *testing.T) {
				f := newFixture(t, open, 0)
				f.clock.SetDate(tt.year, time.June, 1)
				f.pot = f.mustPot("Pot "+itoaYear(tt.year), ledger.NewPot{Year: tt.year, RecoveryPolicy: ledger.PolicyRefund, Mandates: Ladder()})
				f.mustContribute(f.pot.ID, f.partner.ID, 1000_00)
				r := f.request(100_00)
				r.Justification.StuckSince = ledger.NewDate(tt.year, time.January, 2)
				p, err := f.store.RequestPayout(f.ctx, Caseworker, r)
				if err != nil {
					t.Fatal(err)
				}
				before := f.snapshot()
				_, err = f.store.Allocate(f.ctx, Finance, ledger.AllocationRequest{PayoutID: p.ID,
					Lines: []ledger.AllocationLine{{Target: "wmo", Taakveld: tt.code, Amount: 100_00}}})
				if tt.ok {
					if err != nil {
						t.Fatalf("Allocate %s in %d: %v", tt.code, tt.year, err)
					}
					return
				}
				wantField(t, err, "lines[0].taakveld")
				if !strings.Contains(err.Error(), tt.mentionsAll) {
					t.Fatalf("error %q does not name the valid code %s", err, tt.mentionsAll)
				}
				f.unchanged(before)
			})
		}
	})
	t.Run("BookingYearIsTheApprovals", func(t *testing.T) {
		// Requested on 30 December 2024 above the mandate, approved on 3
		// January 2025: the cost is booked in 2025, with 2025's codes.
		f := newFixture(t, open, 0)
		f.clock.SetDate(2024, time.December, 30)
		f.pot = f.mustPot("Pot 2024", ledger.NewPot{Year: 2024, RecoveryPolicy: ledger.PolicyRefund, Mandates: Ladder()})
		f.mustContribute(f.pot.ID, f.partner.ID, 10000_00)
		r := f.request(3000_00)
		r.Justification.StuckSince = ledger.NewDate(2024, time.December, 1)
		p, err := f.store.RequestPayout(f.ctx, Caseworker, r)
		if err != nil {
			t.Fatal(err)
		}
		f.clock.SetDate(2025, time.January, 3)
		if _, err := f.store.DecidePayout(f.ctx, Teamlead, ledger.Decision{PayoutID: p.ID, Outcome: ledger.OutcomeApprove}); err != nil {
			t.Fatal(err)
		}
		_, err = f.store.Allocate(f.ctx, Finance, ledger.AllocationRequest{PayoutID: p.ID, Lines: []ledger.AllocationLine{{Target: "wmo", Taakveld: "6.71a", Amount: 3000_00}}})
		wantField(t, err, "lines[0].taakveld")
		f.mustAllocate(p.ID, "", ledger.AllocationLine{Target: "wmo", Taakveld: "6.711", Amount: 3000_00})
	})
	t.Run("WgsMovedTo6.3In2023", func(t *testing.T) {
		f := newFixture(t, open, 10000_00)
		p := f.mustRequest(Caseworker, 100_00)
		f.mustAllocate(p.ID, "", ledger.AllocationLine{Target: "wgs", Taakveld: "6.3", Amount: 100_00})
	})
	bad := []struct {
		name  string
		lines []ledger.AllocationLine
		note  string
		field string
	}{
		{"ErrNoLines", nil, "", "lines"},
		{"ErrExceedsPayout", []ledger.AllocationLine{wmo(600_00), maatwerk(400_01)}, "", "lines"},
		{"ErrUnknownTarget", []ledger.AllocationLine{{Target: "zvw", Taakveld: "6.1", Amount: 100}}, "", "lines[0].target"},
		{"ErrUnknownTaakveld", []ledger.AllocationLine{{Target: "wmo", Taakveld: "9.99", Amount: 100}}, "", "lines[0].taakveld"},
		{"ErrTaakveldOfAnotherLaw", []ledger.AllocationLine{{Target: "jeugdwet", Taakveld: "6.712", Amount: 100}}, "", "lines[0].taakveld"},
		{"ErrNoTaakveld", []ledger.AllocationLine{{Target: "wmo", Amount: 100}}, "", "lines[0].taakveld"},
		{"ErrEconomicCategory", []ledger.AllocationLine{{Target: "wmo", Taakveld: "6.712", EconomicCategory: "4.1.2", Amount: 100}}, "", "lines[0].economicCategory"},
		{"ErrUnknownParty", []ledger.AllocationLine{party("Zilveren Kruis", 100)}, "", "lines[0].party"},
		{"ErrPartyWithoutName", []ledger.AllocationLine{{Target: "party", Amount: 100}}, "", "lines[0].party"},
		{"ErrZeroAmount", []ledger.AllocationLine{wmo(0)}, "", "lines[0].amount"},
		{"ErrNegativeAmount", []ledger.AllocationLine{wmo(-5)}, "", "lines[0].amount"},
		{"ErrRepeatedTarget", []ledger.AllocationLine{maatwerk(100), maatwerk(200)}, "", "lines[1]"},
		{"ErrBSNInNote", []ledger.AllocationLine{wmo(100)}, "Zie dossier 123456782", "note"},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, open, 10000_00)
			p := f.mustRequest(Caseworker, 1000_00)
			before := f.snapshot()
			_, err := f.store.Allocate(f.ctx, Finance, ledger.AllocationRequest{PayoutID: p.ID, Lines: tt.lines, Note: tt.note})
			wantField(t, err, tt.field)
			f.unchanged(before)
		})
	}
	t.Run("ErrCorrectionWithoutNote", func(t *testing.T) {
		f := newFixture(t, open, 10000_00)
		p := f.mustRequest(Caseworker, 1000_00)
		f.mustAllocate(p.ID, "", wmo(1000_00))
		before := f.snapshot()
		_, err := f.store.Allocate(f.ctx, Finance, ledger.AllocationRequest{PayoutID: p.ID, Lines: []ledger.AllocationLine{jeugd(1000_00)}})
		wantField(t, err, "note")
		_, err = f.store.Allocate(f.ctx, Finance, ledger.AllocationRequest{PayoutID: p.ID, Lines: []ledger.AllocationLine{wmo(1000_00)}, Note: "Nogmaals hetzelfde"})
		wantCode(t, err, ledger.ECONFLICT)
		f.unchanged(before)
	})
	t.Run("ErrNotSpent", func(t *testing.T) {
		f := newFixture(t, open, 10000_00)
		pending := f.mustRequest(Caseworker, 3000_00)
		rejected := f.mustRequest(Caseworker, 2000_00)
		if _, err := f.store.DecidePayout(f.ctx, Teamlead, ledger.Decision{PayoutID: rejected.ID, Outcome: ledger.OutcomeReject, Note: "Geen doorbraak nodig"}); err != nil {
			t.Fatal(err)
		}
		reversed := f.mustRequest(Caseworker, 100_00)
		if _, err := f.store.ReversePayout(f.ctx, Finance, ledger.Reversal{PayoutID: reversed.ID, Reason: "Dubbel aangevraagd"}); err != nil {
			t.Fatal(err)
		}
		before := f.snapshot()
		for _, id := range []ledger.PayoutID{pending.ID, rejected.ID, reversed.ID} {
			_, err := f.store.Allocate(f.ctx, Finance, ledger.AllocationRequest{PayoutID: id, Lines: []ledger.AllocationLine{maatwerk(100)}})
			wantCode(t, err, ledger.ECONFLICT)
		}
		_, err := f.store.Allocate(f.ctx, Finance, ledger.AllocationRequest{PayoutID: "PAY-01ARZ3NDEKTSV4RRFFQ69G5FAV", Lines: []ledger.AllocationLine{maatwerk(100)}})
		wantCode(t, err, ledger.ENOTFOUND)
		f.unchanged(before)
	})
	t.Run("ErrForbidden", func(t *testing.T) {
		f := newFixture(t, open, 10000_00)
		p := f.mustRequest(Caseworker, 100_00)
		for _, a := range []ledger.Actor{Caseworker, Teamlead, Auditor, Admin} {
			_, err := f.store.Allocate(f.ctx, a, ledger.AllocationRequest{PayoutID: p.ID, Lines: []ledger.AllocationLine{maatwerk(100_00)}})
			wantCode(t, err, ledger.EFORBIDDEN)
		}
	})
	t.Run("PartiesAndLoads", func(t *testing.T) {
		f := newFixture(t, open, 10000_00)
		uwv := f.mustParty("UWV", ledger.PartyGovernmentAgency)
		duo := f.mustParty("DUO", ledger.PartyGovernmentAgency)
		_, err := f.store.CreateParty(f.ctx, Finance, ledger.NewParty{Name: "uwv", Kind: ledger.PartyGovernmentAgency})
		wantCode(t, err, ledger.ECONFLICT)
		_, err = f.store.CreateParty(f.ctx, Finance, ledger.NewParty{Name: "X", Kind: "bank"})
		wantField(t, err, "name")
		_, err = f.store.CreateParty(f.ctx, Caseworker, ledger.NewParty{Name: "CJIB", Kind: ledger.PartyGovernmentAgency})
		wantCode(t, err, ledger.EFORBIDDEN)
		p1, p2, p3 := f.mustRequest(Caseworker, 100_00), f.mustRequest(Caseworker, 200_00), f.mustRequest(Caseworker, 300_00)
		f.mustAllocate(p1.ID, "", party("UWV", 100_00))
		f.mustAllocate(p2.ID, "", party("UWV", 150_00), maatwerk(50_00))
		f.mustAllocate(p3.ID, "", ledger.AllocationLine{Target: "party", PartyID: duo.ID, Amount: 300_00})
		// A correction moves p2's turn from UWV to DUO.
		f.mustAllocate(p2.ID, "DUO betaalt dit", ledger.AllocationLine{Target: "party", PartyID: duo.ID, Amount: 200_00})
		loads, err := f.store.PartyLoads(f.ctx, f.pot.ID)
		if err != nil || len(loads) != 2 {
			t.Fatalf("PartyLoads = %+v, %v", loads, err)
		}
		if loads[0].PartyID != duo.ID || loads[0].Turns != 2 || loads[0].Borne != 500_00 || loads[1].PartyID != uwv.ID || loads[1].Turns != 1 || loads[1].Borne != 100_00 {
			t.Fatalf("loads = %+v; want DUO 2 turns 500.00, UWV 1 turn 100.00", loads)
		}
		ps, err := f.store.Parties(f.ctx)
		if err != nil || len(ps) != 2 || ps[0].Name != "DUO" {
			t.Fatalf("Parties = %+v, %v", ps, err)
		}
	})
}

func itoaYear(y int) string { return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC).Format("2006") }

func testReceivables(t *testing.T, open Opener) {
	setup := func(t *testing.T, policy ledger.RecoveryPolicy) (*fixture, ledger.Receivable) {
		f := newFixture(t, open, 0)
		f.pot = f.mustPot("Pot "+string(policy), ledger.NewPot{Year: 2026, RecoveryPolicy: policy, Mandates: Ladder()})
		f.mustContribute(f.pot.ID, f.partner.ID, 10000_00)
		f.mustParty("Woningcorporatie Elkien", ledger.PartyHousingCorporation)
		p := f.mustRequest(Caseworker, 1000_00)
		a := f.mustAllocate(p.ID, "", party("Woningcorporatie Elkien", 500_00), maatwerk(500_00))
		r, err := f.store.Receivable(f.ctx, a.Lines[0].ReceivableID)
		if err != nil || r.Open != 500_00 || r.Status != ledger.ReceivableOpen || r.PartyName != "Woningcorporatie Elkien" {
			t.Fatalf("Receivable = %+v, %v", r, err)
		}
		return f, r
	}
	today := ledger.DateOf(Start)
	t.Run("SettledInPartsRefundsThePot", func(t *testing.T) {
		f, r := setup(t, ledger.PolicyRefund)
		f.wantFigures(9000_00, 0, 0, 500_00)
		got, err := f.store.Settle(f.ctx, Finance, ledger.Settlement{ReceivableID: r.ID, Amount: 200_00, ValueDate: today, Reference: "Elkien 2026-114"})
		if err != nil || got.Open != 300_00 || got.Settled != 200_00 || got.Status != ledger.ReceivableOpen || len(got.Settlements) != 1 {
			t.Fatalf("Settle = %+v, %v", got, err)
		}
		f.wantFigures(9200_00, 0, 200_00, 300_00)
		got, err = f.store.Settle(f.ctx, Finance, ledger.Settlement{ReceivableID: r.ID, Amount: 300_00, ValueDate: today, Reference: "Elkien 2026-131"})
		if err != nil || got.Status != ledger.ReceivableSettled || got.Open != 0 {
			t.Fatalf("Settle = %+v, %v", got, err)
		}
		f.wantFigures(9500_00, 0, 500_00, 0)
		_, err = f.store.Settle(f.ctx, Finance, ledger.Settlement{ReceivableID: r.ID, Amount: 1, ValueDate: today, Reference: "x"})
		wantCode(t, err, ledger.ECONFLICT)
		open, err := f.store.Receivables(f.ctx, ledger.ReceivableFilter{Status: ledger.ReceivableOpen})
		if err != nil || len(open.Receivables) != 0 || open.Total != 0 || open.Open != 0 {
			t.Fatalf("open receivables = %+v, %v", open, err)
		}
		// A settled allocation cannot be corrected, nor its payout reversed.
		before := f.snapshot()
		_, err = f.store.Allocate(f.ctx, Finance, ledger.AllocationRequest{PayoutID: r.PayoutID, Lines: []ledger.AllocationLine{maatwerk(1000_00)}, Note: "Toch maatwerk"})
		wantCode(t, err, ledger.ECONFLICT)
		_, err = f.store.ReversePayout(f.ctx, Finance, ledger.Reversal{PayoutID: r.PayoutID, Reason: "Dubbel aangevraagd"})
		wantCode(t, err, ledger.ECONFLICT)
		f.unchanged(before)
		f.verify()
	})
	t.Run("ReportPolicyClearsOnly", func(t *testing.T) {
		f, r := setup(t, ledger.PolicyReport)
		if _, err := f.store.Settle(f.ctx, Finance, ledger.Settlement{ReceivableID: r.ID, Amount: 500_00, ValueDate: today, Reference: "Elkien 2026-114"}); err != nil {
			t.Fatal(err)
		}
		f.wantFigures(9000_00, 0, 0, 0)
		f.verify()
	})
	t.Run("CorrectionCancelsAnUnpaidReceivable", func(t *testing.T) {
		f, r := setup(t, ledger.PolicyRefund)
		f.mustAllocate(r.PayoutID, "Elkien draagt niets bij", maatwerk(1000_00))
		got, err := f.store.Receivable(f.ctx, r.ID)
		if err != nil || got.Status != ledger.ReceivableCancelled || got.Open != 0 {
			t.Fatalf("receivable = %+v, %v; want cancelled", got, err)
		}
		_, err = f.store.Settle(f.ctx, Finance, ledger.Settlement{ReceivableID: r.ID, Amount: 1, ValueDate: today, Reference: "x"})
		wantCode(t, err, ledger.ECONFLICT)
		f.wantFigures(9000_00, 0, 0, 0)
		f.verify()
	})
	bad := []struct {
		name  string
		s     ledger.Settlement
		field string
	}{
		{"ErrMoreThanOpen", ledger.Settlement{Amount: 500_01, ValueDate: today, Reference: "x"}, "amount"},
		{"ErrZero", ledger.Settlement{Amount: 0, ValueDate: today, Reference: "x"}, "amount"},
		{"ErrFutureDate", ledger.Settlement{Amount: 1, ValueDate: today.AddDays(1), Reference: "x"}, "valueDate"},
		{"ErrNoReference", ledger.Settlement{Amount: 1, ValueDate: today}, "reference"},
		{"ErrBSNInReference", ledger.Settlement{Amount: 1, ValueDate: today, Reference: "betaling 123456782"}, "reference"},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			f, r := setup(t, ledger.PolicyRefund)
			before := f.snapshot()
			tt.s.ReceivableID = r.ID
			_, err := f.store.Settle(f.ctx, Finance, tt.s)
			wantField(t, err, tt.field)
			f.unchanged(before)
		})
	}
	t.Run("ErrClosedPeriod", func(t *testing.T) {
		f, r := setup(t, ledger.PolicyRefund)
		f.clock.SetDate(2026, time.May, 11)
		if _, err := f.store.ClosePeriod(f.ctx, Finance, ledger.ClosePeriod{Period: ledger.Month(2026, time.April)}); err != nil {
			t.Fatal(err)
		}
		before := f.snapshot()
		_, err := f.store.Settle(f.ctx, Finance, ledger.Settlement{ReceivableID: r.ID, Amount: 100, ValueDate: ledger.NewDate(2026, time.April, 27), Reference: "x"})
		wantCode(t, err, ledger.ECLOSED)
		_, err = f.store.Settle(f.ctx, Finance, ledger.Settlement{ReceivableID: r.ID, Amount: 100, ValueDate: ledger.NewDate(2026, time.March, 9), Reference: "x"})
		wantField(t, err, "valueDate")
		f.unchanged(before)
	})
	t.Run("ErrForbiddenAndNotFound", func(t *testing.T) {
		f, r := setup(t, ledger.PolicyRefund)
		_, err := f.store.Settle(f.ctx, Caseworker, ledger.Settlement{ReceivableID: r.ID, Amount: 1, ValueDate: today, Reference: "x"})
		wantCode(t, err, ledger.EFORBIDDEN)
		_, err = f.store.Settle(f.ctx, Finance, ledger.Settlement{ReceivableID: "RCV-01ARZ3NDEKTSV4RRFFQ69G5FAV", Amount: 1, ValueDate: today, Reference: "x"})
		wantCode(t, err, ledger.ENOTFOUND)
		_, err = f.store.Receivables(f.ctx, ledger.ReceivableFilter{Status: "paid"})
		wantField(t, err, "status")
	})
}

func testEvaluations(t *testing.T, open Opener) {
	t.Run("OnlyPaid", func(t *testing.T) { testEvaluateOnlyPaid(t, open) })
	t.Run("RecordAndRevise", func(t *testing.T) {
		f := newFixture(t, open, 10000_00)
		p := f.mustRequest(Caseworker, 1000_00)
		f.mustPay()
		e, err := f.store.Evaluate(f.ctx, Caseworker, ledger.EvaluationRequest{PayoutID: p.ID, Outcome: ledger.EvalPartial, Regretted: 250_00, Note: "Deels: de bewoner is toch verhuisd"})
		if err != nil || e.Version != 1 || e.Regretted != 250_00 || !e.Current || e.JournalSeq == 0 {
			t.Fatalf("Evaluate = %+v, %v", e, err)
		}
		e, err = f.store.Evaluate(f.ctx, Teamlead, ledger.EvaluationRequest{PayoutID: p.ID, Outcome: ledger.EvalRegret, Note: "Achteraf geheel onnodig"})
		if err != nil || e.Version != 2 || e.Regretted != 1000_00 {
			t.Fatalf("revision = %+v, %v; want version 2 regretting the whole amount", e, err)
		}
		es, err := f.store.Evaluations(f.ctx, p.ID)
		if err != nil || len(es) != 2 || es[0].Current || !es[1].Current || es[0].Regretted != 250_00 {
			t.Fatalf("history = %+v, %v", es, err)
		}
		got, _ := f.store.Payout(f.ctx, p.ID)
		if got.Evaluation == nil || got.Evaluation.Outcome != ledger.EvalRegret || got.Evaluation.Version != 2 {
			t.Fatalf("payout evaluation = %+v", got.Evaluation)
		}
		facts, err := ledger.CollectFacts(f.ctx, f.store, ledger.FactFilter{PotID: f.pot.ID})
		if err != nil || len(facts) != 1 || !facts[0].Evaluated || facts[0].Regretted != 1000_00 || facts[0].EvalOutcome != ledger.EvalRegret {
			t.Fatalf("facts = %+v, %v", facts, err)
		}
		// Evaluations move no money.
		f.wantBalance(10000_00, 9000_00, 0, 1000_00)
		f.verify()
	})
	bad := []struct {
		name  string
		req   ledger.EvaluationRequest
		field string
	}{
		{"ErrRegretAbovePayout", ledger.EvaluationRequest{Outcome: ledger.EvalPartial, Regretted: 1000_01, Note: "Te veel"}, "regrettedAmount"},
		{"ErrPartialOfAll", ledger.EvaluationRequest{Outcome: ledger.EvalPartial, Regretted: 1000_00, Note: "Alles"}, "regrettedAmount"},
		{"ErrRegretOfAPart", ledger.EvaluationRequest{Outcome: ledger.EvalRegret, Regretted: 10_00, Note: "Een deel"}, "regrettedAmount"},
		{"ErrPartialWithoutAmount", ledger.EvaluationRequest{Outcome: ledger.EvalPartial, Note: "Deels"}, "regrettedAmount"},
		{"ErrEffectiveWithAmount", ledger.EvaluationRequest{Outcome: ledger.EvalEffective, Regretted: 5, Note: "Goed"}, "regrettedAmount"},
		{"ErrOutcome", ledger.EvaluationRequest{Outcome: "great", Note: "Goed gegaan"}, "outcome"},
		{"ErrNoNote", ledger.EvaluationRequest{Outcome: ledger.EvalEffective}, "note"},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, open, 10000_00)
			p := f.mustRequest(Caseworker, 1000_00)
			f.mustPay()
			before := f.snapshot()
			tt.req.PayoutID = p.ID
			_, err := f.store.Evaluate(f.ctx, Caseworker, tt.req)
			wantField(t, err, tt.field)
			f.unchanged(before)
		})
	}
	t.Run("ErrNotSpentAndForbidden", func(t *testing.T) {
		f := newFixture(t, open, 10000_00)
		pending := f.mustRequest(Caseworker, 3000_00)
		reversed := f.mustRequest(Caseworker, 100_00)
		if _, err := f.store.ReversePayout(f.ctx, Finance, ledger.Reversal{PayoutID: reversed.ID, Reason: "Dubbel aangevraagd"}); err != nil {
			t.Fatal(err)
		}
		unpaid := f.mustRequest(Caseworker, 50_00)
		for _, id := range []ledger.PayoutID{pending.ID, reversed.ID, unpaid.ID} {
			_, err := f.store.Evaluate(f.ctx, Caseworker, ledger.EvaluationRequest{PayoutID: id, Outcome: ledger.EvalEffective, Note: "Goed gegaan"})
			wantCode(t, err, ledger.ECONFLICT)
		}
		for _, a := range []ledger.Actor{Finance, Auditor, Admin} {
			_, err := f.store.Evaluate(f.ctx, a, ledger.EvaluationRequest{PayoutID: reversed.ID, Outcome: ledger.EvalEffective, Note: "Goed gegaan"})
			wantCode(t, err, ledger.EFORBIDDEN)
		}
		// A colleague caseworker does not evaluate another's case; an
		// approver may.
		spent := f.mustRequest(Caseworker, 200_00)
		f.mustPay()
		_, err := f.store.Evaluate(f.ctx, Colleague, ledger.EvaluationRequest{PayoutID: spent.ID, Outcome: ledger.EvalEffective, Note: "Goed gegaan"})
		wantCode(t, err, ledger.EFORBIDDEN)
		if _, err := f.store.Evaluate(f.ctx, Teamlead2, ledger.EvaluationRequest{PayoutID: spent.ID, Outcome: ledger.EvalEffective, Note: "Goed gegaan"}); err != nil {
			t.Fatal(err)
		}
	})
}

func testReferenceData(t *testing.T, open Opener) {
	t.Run("TaakveldenImport", func(t *testing.T) {
		f := newFixture(t, open, 10000_00)
		list, err := f.store.Taakvelden(f.ctx)
		if err != nil || len(list) != len(ledger.DefaultTaakvelden()) {
			t.Fatalf("Taakvelden = %d rows, %v; want the built-in list", len(list), err)
		}
		// A newer list: 6.712 ends in 2025 and 6.712x takes over.
		var b bytes.Buffer
		list.WriteCSV(&b)
		csv := strings.Replace(b.String(), "6.712,Begeleiding (WMO),wmo,2025,,observed", "6.712,Begeleiding (WMO),wmo,2025,2025,observed\n6.715,Begeleiding (WMO) nieuw,wmo,2026,,observed", 1)
		newer, err := ledger.ParseTaakveldCSV(strings.NewReader(csv))
		if err != nil {
			t.Fatal(err)
		}
		_, err = f.store.ImportTaakvelden(f.ctx, Finance, newer, "test")
		wantCode(t, err, ledger.EFORBIDDEN)
		imp, err := f.store.ImportTaakvelden(f.ctx, Admin, newer, "iv3-2026.csv")
		if err != nil || imp.Unchanged || imp.Rows != len(list)+1 || len(imp.Digest) != 64 {
			t.Fatalf("ImportTaakvelden = %+v, %v", imp, err)
		}
		imp, err = f.store.ImportTaakvelden(f.ctx, Admin, newer, "again")
		if err != nil || !imp.Unchanged {
			t.Fatalf("the same list again = %+v, %v; want unchanged", imp, err)
		}
		p := f.mustRequest(Caseworker, 100_00)
		_, err = f.store.Allocate(f.ctx, Finance, ledger.AllocationRequest{PayoutID: p.ID, Lines: []ledger.AllocationLine{wmo(100_00)}})
		wantField(t, err, "lines[0].taakveld")
		f.mustAllocate(p.ID, "", ledger.AllocationLine{Target: "wmo", Taakveld: "6.715", Amount: 100_00})
		_, err = f.store.ImportTaakvelden(f.ctx, Admin, ledger.TaakveldList{{Code: "x", Name: "y", Laws: []ledger.Law{"wmo"}, ValidFrom: 2026, Status: "verified"}}, "bad")
		wantField(t, err, "line 2.code")
		f.verify()
	})
	t.Run("Rules", func(t *testing.T) {
		f := newFixture(t, open, 10000_00)
		rules, err := f.store.AllocationRules(f.ctx)
		if err != nil || len(rules) != len(ledger.DefaultAllocationRules()) {
			t.Fatalf("AllocationRules = %d, %v; want the built-in table", len(rules), err)
		}
		custom := []ledger.AllocationRule{
			{ID: "rent", Category: "rent_arrears", Target: "wgs", Taakvelden: []string{"6.3"}, Reason: "Schuldhulp"},
			{ID: "rest", Target: "maatwerk", Reason: "Geen ander budget"},
		}
		err = f.store.SetAllocationRules(f.ctx, Finance, custom)
		wantCode(t, err, ledger.EFORBIDDEN)
		err = f.store.SetAllocationRules(f.ctx, Admin, []ledger.AllocationRule{{ID: "x", Category: "yachts", Target: "maatwerk", Reason: "Geen"}})
		wantField(t, err, "rules[0].category")
		err = f.store.SetAllocationRules(f.ctx, Admin, []ledger.AllocationRule{{ID: "x", Target: "wmo", Reason: "Geen"}})
		wantField(t, err, "rules[0].taakvelden")
		if err := f.store.SetAllocationRules(f.ctx, Admin, custom); err != nil {
			t.Fatal(err)
		}
		p1, p2 := f.mustRequest(Caseworker, 100_00), f.mustRequest(Caseworker, 100_00)
		for _, x := range []struct {
			id       ledger.PayoutID
			followed bool
		}{{p1.ID, true}, {p2.ID, false}} {
			if _, err := f.store.Allocate(f.ctx, Finance, ledger.AllocationRequest{PayoutID: x.id, Lines: []ledger.AllocationLine{maatwerk(100_00)},
				SuggestedBy: "rent", FollowedSuggestion: x.followed}); err != nil {
				t.Fatal(err)
			}
		}
		rules, err = f.store.AllocationRules(f.ctx)
		if err != nil || len(rules) != 2 || rules[0].ID != "rent" {
			t.Fatalf("rules = %+v, %v", rules, err)
		}
		stats, err := f.store.RuleStats(f.ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(stats) != 1 || stats[0].RuleID != "rent" || stats[0].Followed != 1 || stats[0].Changed != 1 {
			t.Fatalf("stats = %+v; want rent followed once, changed once", stats)
		}
	})
	t.Run("RuleOnANewCategory", func(t *testing.T) {
		// The rule table is checked against the categories as they are at
		// the moment of the write: one added just before counts.
		f := newFixture(t, open, 0)
		rule := []ledger.AllocationRule{{ID: "glasses", Category: "glasses", Target: "maatwerk", Reason: "Brillen uit de pot"}}
		err := f.store.SetAllocationRules(f.ctx, Admin, rule)
		wantField(t, err, "rules[0].category")
		if !strings.Contains(err.(*ledger.Error).Fields[0].Reason, "\"glasses\" is not a category; use one of ") {
			t.Fatalf("error = %+v; want it to list the categories", err)
		}
		if _, err := f.store.AddCategory(f.ctx, Admin, ledger.Category{Code: "glasses", Label: "Bril"}); err != nil {
			t.Fatal(err)
		}
		if err := f.store.SetAllocationRules(f.ctx, Admin, rule); err != nil {
			t.Fatalf("a rule on the category just added = %v", err)
		}
		got, err := f.store.AllocationRules(f.ctx)
		if err != nil || len(got) != 1 || got[0].Category != "glasses" || got[0].Reason != "Brillen uit de pot" {
			t.Fatalf("AllocationRules = %+v, %v", got, err)
		}
		f.verify()
	})
	t.Run("SignalUptakes", func(t *testing.T) {
		f := newFixture(t, open, 0)
		u, err := f.store.TakeUpSignal(f.ctx, Finance, ledger.SignalUptake{SignalID: "category-dental_care", Note: "Collectieve tandartsverzekering"})
		if err != nil || u.By != Finance.User {
			t.Fatalf("TakeUpSignal = %+v, %v", u, err)
		}
		_, err = f.store.TakeUpSignal(f.ctx, Admin, ledger.SignalUptake{SignalID: "category-dental_care", Note: "Nogmaals opgepakt"})
		wantCode(t, err, ledger.ECONFLICT)
		_, err = f.store.TakeUpSignal(f.ctx, Finance, ledger.SignalUptake{SignalID: "dental", Note: "Beleid"})
		wantField(t, err, "signalId")
		_, err = f.store.TakeUpSignal(f.ctx, Finance, ledger.SignalUptake{SignalID: "rule-0a1b", Note: ""})
		wantField(t, err, "note")
		_, err = f.store.TakeUpSignal(f.ctx, Caseworker, ledger.SignalUptake{SignalID: "rule-0a1b", Note: "Beleid maken"})
		wantCode(t, err, ledger.EFORBIDDEN)
		us, err := f.store.SignalUptakes(f.ctx)
		if err != nil || len(us) != 1 || us[0].SignalID != "category-dental_care" {
			t.Fatalf("SignalUptakes = %+v, %v", us, err)
		}
	})
	t.Run("Facts", func(t *testing.T) {
		f := newFixture(t, open, 10000_00)
		r := f.request(3000_00)
		r.ResidentUnder18 = true
		r.Justification.DeviatesFrom = []string{"Jeugdwet art. 2.3", "Kostendelersnorm"}
		held, err := f.store.RequestPayout(f.ctx, Caseworker, r)
		if err != nil {
			t.Fatal(err)
		}
		f.clock.Set(Start.Add(72 * time.Hour))
		if _, err := f.store.DecidePayout(f.ctx, Teamlead, ledger.Decision{PayoutID: held.ID, Outcome: ledger.OutcomeApprove}); err != nil {
			t.Fatal(err)
		}
		f.mustAllocate(held.ID, "", jeugd(1000_00))
		facts, err := ledger.CollectFacts(f.ctx, f.store, ledger.FactFilter{PotID: f.pot.ID, From: ledger.DateOf(Start), To: ledger.DateOf(Start)})
		if err != nil || len(facts) != 1 {
			t.Fatalf("PayoutFacts = %d, %v", len(facts), err)
		}
		x := facts[0]
		if !x.ResidentUnder18 || x.Allocated != 1000_00 || x.Status != ledger.StatusApproved || x.OwnMandate || len(x.DeviatesFrom) != 2 ||
			!x.DecidedAt.Equal(ledger.JournalTime(Start.Add(72*time.Hour))) || x.StuckSince != r.Justification.StuckSince || x.CaseRef != r.CaseRef {
			t.Fatalf("fact = %+v", x)
		}
		facts, err = ledger.CollectFacts(f.ctx, f.store, ledger.FactFilter{From: ledger.DateOf(Start).AddDays(1)})
		if err != nil || len(facts) != 0 {
			t.Fatalf("PayoutFacts after the day = %d, %v; want none", len(facts), err)
		}
		_, err = ledger.CollectFacts(f.ctx, f.store, ledger.FactFilter{PotID: "POT-01ARZ3NDEKTSV4RRFFQ69G5FAV"})
		wantCode(t, err, ledger.ENOTFOUND)
	})
}
