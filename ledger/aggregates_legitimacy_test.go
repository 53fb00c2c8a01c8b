package ledger_test

import (
	"testing"
	"time"

	"github.com/ontschot/ontschot/ledger"
)

// TestLegitimacyCells checks a payout's share of the legitimacy report's
// cells for the decisions the service's own rules never let through but a
// ledger from an older version, or a changed ladder, may hold: a decision
// above the decider's limit or by another role than its level's, an
// approver deciding their own request, another person's own mandate, and
// the ordinary ones beside them.
func TestLegitimacyCells(t *testing.T) {
	day := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	teamlead := ledger.MandateLevel{Role: ledger.RoleTeamlead, Limit: 500_00}
	caseworker := ledger.MandateLevel{Role: ledger.RoleCaseworker, Limit: 800_00}
	base := func(amount ledger.Cents, status ledger.Status) ledger.PayoutFact {
		return ledger.PayoutFact{ID: "PAY-1", PotID: "POT-1", Amount: amount, Category: "rent_arrears", Status: status,
			ValueDate: ledger.DateOf(day), RequestedAt: day, RequestedBy: "anouk", RequestedRole: ledger.RoleCaseworker, WeighingComplete: true}
	}
	decided := func(f ledger.PayoutFact, by string, role ledger.Role, o ledger.Outcome, m ledger.MandateLevel, days int) ledger.PayoutFact {
		f.DecidedBy, f.DecidedRole, f.Outcome, f.Mandate, f.DecidedAt = by, role, o, m, day.Add(time.Duration(days)*24*time.Hour)
		return f
	}
	instant := base(300_00, ledger.StatusPaid)
	instant = decided(instant, "anouk", ledger.RoleCaseworker, ledger.OutcomeApprove, caseworker, 0)
	instant.OwnMandate = true
	othersOwn := instant
	othersOwn.DecidedBy = "bram"
	incomplete := base(300_00, ledger.StatusPending)
	incomplete.WeighingComplete = false

	for name, c := range map[string]struct {
		fact ledger.PayoutFact
		// requests, checks and findings: N, A, B, C, D of each key.
		requests, checks, findings [5]int64
		waiting                    bool
	}{
		"Instant":            {instant, [5]int64{1, 300_00, 1, 0, 0}, [5]int64{1, 1, 1, 0, 0}, [5]int64{}, false},
		"AnothersOwnMandate": {othersOwn, [5]int64{1, 300_00, 1, 0, 0}, [5]int64{1, 1, 1, 0, 0}, [5]int64{}, false},
		"ByApprover":         {decided(base(400_00, ledger.StatusApproved), "esther", ledger.RoleTeamlead, ledger.OutcomeApprove, teamlead, 3), [5]int64{1, 400_00, 1, 0, 0}, [5]int64{1, 1, 1, 1, 1}, [5]int64{}, false},
		"AboveTheLimit":      {decided(base(900_00, ledger.StatusApproved), "esther", ledger.RoleTeamlead, ledger.OutcomeApprove, teamlead, 3), [5]int64{1, 900_00, 1, 0, 0}, [5]int64{1, 1, 0, 1, 1}, [5]int64{}, false},
		"AnotherRole":        {decided(base(400_00, ledger.StatusApproved), "greet", ledger.RoleManager, ledger.OutcomeApprove, teamlead, 3), [5]int64{1, 400_00, 1, 0, 0}, [5]int64{1, 1, 0, 1, 1}, [5]int64{}, false},
		"RejectedAboveLimit": {decided(base(900_00, ledger.StatusRejected), "esther", ledger.RoleTeamlead, ledger.OutcomeReject, teamlead, 3), [5]int64{1, 900_00, 0, 1, 0}, [5]int64{1, 1, 1, 1, 1}, [5]int64{}, false},
		"OwnRequestDecided":  {decided(base(400_00, ledger.StatusApproved), "anouk", ledger.RoleTeamlead, ledger.OutcomeApprove, teamlead, 3), [5]int64{1, 400_00, 1, 0, 0}, [5]int64{1, 1, 1, 1, 0}, [5]int64{}, false},
		"ReversedSlow":       {decided(base(400_00, ledger.StatusReversed), "esther", ledger.RoleTeamlead, ledger.OutcomeApprove, teamlead, 15), [5]int64{1, 400_00, 1, 0, 0}, [5]int64{1, 1, 1, 1, 1}, [5]int64{1, 400_00, 1, 0, 0}, false},
		"DecidedIn14Days":    {decided(base(400_00, ledger.StatusApproved), "esther", ledger.RoleTeamlead, ledger.OutcomeApprove, teamlead, 14), [5]int64{1, 400_00, 1, 0, 0}, [5]int64{1, 1, 1, 1, 1}, [5]int64{}, false},
		"WaitingIncomplete":  {incomplete, [5]int64{1, 300_00, 0, 0, 1}, [5]int64{}, [5]int64{}, true},
	} {
		cells, _ := c.fact.Aggregates()
		got := map[string][5]int64{}
		var waiting []ledger.FactCell
		for _, cell := range cells {
			switch cell.Kind {
			case ledger.CellLegitimacy:
				if cell.PotID != c.fact.PotID || cell.Day != c.fact.ValueDate {
					t.Errorf("%s: cell %+v is not of the payout's pot and value date", name, cell)
				}
				if _, twice := got[cell.Key]; twice {
					t.Errorf("%s: two cells with key %q", name, cell.Key)
				}
				got[cell.Key] = [5]int64{cell.N, cell.A, cell.B, cell.C, cell.D}
			case ledger.CellLegitimacyWaiting:
				waiting = append(waiting, cell)
			}
		}
		for key, want := range map[string][5]int64{ledger.LegitimacyRequests: c.requests, ledger.LegitimacyChecks: c.checks, ledger.LegitimacyFindings: c.findings} {
			if got[key] != want {
				t.Errorf("%s: %s %v; want %v", name, key, got[key], want)
			}
		}
		if c.waiting != (len(waiting) == 1) || (c.waiting && (waiting[0].Key != "2026-03-02" || waiting[0].Day != c.fact.ValueDate || waiting[0].N != 1)) {
			t.Errorf("%s: waiting cells %+v", name, waiting)
		}
	}
}
