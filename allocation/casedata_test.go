package allocation_test

import (
	"slices"
	"testing"

	"github.com/ontschot/ontschot/allocation"
	"github.com/ontschot/ontschot/ledger"
)

var (
	carla  = ledger.Actor{User: "carla", Role: ledger.RoleCaseworker}
	kees   = ledger.Actor{User: "kees", Role: ledger.RoleCaseworker}
	admin  = ledger.Actor{User: "beheer", Role: ledger.RoleAdmin}
	anna   = ledger.Actor{User: "anna", Role: ledger.RoleAuditor}
	others = []ledger.Actor{kees, admin, {User: "lezer", Role: ledger.RolePartner, Partner: "PRT-1"}}
)

func byCarla(f ledger.PayoutFact) ledger.PayoutFact {
	f.RequestedBy = "carla"
	return f
}

func TestSignalFor(t *testing.T) {
	today := day(2026, 6, 30)
	facts := []ledger.PayoutFact{
		byCarla(request("PAY-1", "transport", "zaak-1", "POT-A", 10_00, day(2026, 3, 1), "Secret rule")),
		byCarla(request("PAY-2", "transport", "zaak-2", "POT-A", 10_00, day(2026, 3, 2), "Secret rule")),
		byCarla(request("PAY-3", "transport", "zaak-3", "POT-A", 10_00, day(2026, 3, 3), "Secret rule")),
	}
	signals := allocation.Signals(facts, today, 0, nil)
	if len(signals) != 2 {
		t.Fatalf("signals = %+v; want a category and a rule", signals)
	}
	requesters := allocation.Requesters(facts)
	for _, reader := range append([]ledger.Actor{carla, anna}, others...) {
		sees := reader == carla || reader == anna
		for _, s := range signals {
			got := s.For(reader, requesters)
			if got.Cases != 3 || got.Total != 30_00 {
				t.Errorf("%s: the aggregates of %s changed: %+v", reader.Role, s.ID, got)
			}
			// A hidden rule loses its id and payouts too: the id is a hash
			// of the rule's text, and the payouts would say whose cases
			// deviated from a rule guessed by hashing it.
			hidden := got.Label == "" && got.Key == "" && got.Redacted && got.ID == "" && len(got.PayoutIDs) == 0
			if !got.Redacted && (!slices.Equal(got.PayoutIDs, s.PayoutIDs) || got.ID != s.ID) {
				t.Errorf("%s: the id or payouts of %s changed: %+v", reader.Role, s.ID, got)
			}
			switch {
			case s.Kind == allocation.SignalCategory && (got.Label != "transport" || got.Redacted):
				t.Errorf("%s: the category signal lost its label: %+v", reader.User, got)
			case s.Kind == allocation.SignalRule && sees && (got.Label != "Secret rule" || got.Redacted):
				t.Errorf("%s sees every case in the rule signal but reads %+v", reader.User, got)
			case s.Kind == allocation.SignalRule && !sees && !hidden:
				t.Errorf("%s (%s) may not see the cases but reads the rule %q (key %q)", reader.User, reader.Role, got.Label, got.Key)
			}
		}
	}
	// One payout by someone else: carla no longer sees every case; a
	// payout the map lacks counts as unseen.
	facts[2].RequestedBy = "kees"
	if got := signals[1].For(carla, allocation.Requesters(facts)); !got.Redacted {
		t.Errorf("carla reads a rule signal over kees's case: %+v", got)
	}
	if got := signals[1].For(carla, nil); !got.Redacted {
		t.Errorf("carla reads a rule signal over unknown requesters: %+v", got)
	}
}

func TestPotTimelinessFor(t *testing.T) {
	today := day(2026, 6, 30)
	facts := []ledger.PayoutFact{
		byCarla(requested("PAY-S", day(2026, 6, 1), 100, ledger.StatusApproved, 1)),  // stuck too long only
		byCarla(requested("PAY-B", day(2026, 6, 1), 100, ledger.StatusApproved, 20)), // stuck and slow
		byCarla(requested("PAY-W", day(2026, 6, 1), 3, ledger.StatusApproved, 20)),   // slow only
	}
	pt := allocation.ForPot(facts, today)
	if len(pt.Flagged) != 3 {
		t.Fatalf("flagged = %+v; want all three", pt.Flagged)
	}
	requesters := allocation.Requesters(facts)
	for _, reader := range []ledger.Actor{carla, anna} {
		if got := pt.For(reader, requesters); !slices.Equal(got.Flagged, pt.Flagged) {
			t.Errorf("%s sees the cases but reads %+v", reader.User, got.Flagged)
		}
	}
	for _, reader := range others {
		got := pt.For(reader, requesters)
		if got.StuckTooLong != 2 || got.SlowDecisions != 2 || got.Requests != 3 {
			t.Errorf("%s: the counts changed: %+v", reader.Role, got)
		}
		var ids []ledger.PayoutID
		for _, f := range got.Flagged {
			ids = append(ids, f.PayoutID)
			if f.Timeliness.StuckDays != 0 || f.Timeliness.StuckTooLong || !f.Redacted || !f.Timeliness.SlowDecision || f.Timeliness.WaitDays != 20 {
				t.Errorf("%s (%s) reads %s as %+v; want its wait without how long it was stuck", reader.User, reader.Role, f.PayoutID, f)
			}
		}
		if !slices.Equal(ids, []ledger.PayoutID{"PAY-B", "PAY-W"}) {
			t.Errorf("%s (%s) reads flagged %v; want the slow decisions only", reader.User, reader.Role, ids)
		}
	}
	if pt.Flagged[0].Timeliness.StuckDays == 0 {
		t.Errorf("For changed the original")
	}
}
