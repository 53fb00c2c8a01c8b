package allocation_test

import (
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/ontschot/ontschot/allocation"
	"github.com/ontschot/ontschot/ledger"
)

// request returns a payout fact waiting for approval: category, case, pot,
// amount, value date and the rules it deviates from.
func request(id ledger.PayoutID, category, caseRef string, pot ledger.PotID, amount ledger.Cents, d ledger.Date, rules ...string) ledger.PayoutFact {
	return ledger.PayoutFact{ID: id, PotID: pot, Amount: amount, Category: category, CaseRef: caseRef,
		Status: ledger.StatusPending, ValueDate: d, RequestedAt: at(d), DeviatesFrom: rules}
}

var normalizeRuleTests = []struct {
	name, in, want string
}{
	{"Plain", "max één keer per jaar", "max één keer per jaar"},
	{"Case", "Max Één Keer PER jaar", "max één keer per jaar"},
	{"Spaces", "  max  één\tkeer\n per jaar ", "max één keer per jaar"},
	{"Empty", "   ", ""},
}

func TestNormalizeRule(t *testing.T) {
	for _, tt := range normalizeRuleTests {
		t.Run(tt.name, func(t *testing.T) {
			if got, want := allocation.NormalizeRule(tt.in), tt.want; got != want {
				t.Fatalf("NormalizeRule(%q) = %q; want %q", tt.in, got, want)
			}
		})
	}
}

var signalIDTests = []struct {
	name string
	kind allocation.SignalKind
	key  string
	want string
}{
	{"Category", allocation.SignalCategory, "dental_care", "category-dental_care"},
	{"Rule", allocation.SignalRule, "max één keer per jaar", "rule-54112d51999ece7f"},
	{"RuleNotNormalised", allocation.SignalRule, " Max  één keer per JAAR", "rule-54112d51999ece7f"},
	{"OtherRule", allocation.SignalRule, "geen inkomen zonder adres", "rule-8b7eae77955c05a3"},
}

func TestSignalID(t *testing.T) {
	for _, tt := range signalIDTests {
		t.Run(tt.name, func(t *testing.T) {
			if got, want := allocation.SignalID(tt.kind, tt.key), tt.want; got != want {
				t.Fatalf("SignalID(%s, %q) = %q; want %q", tt.kind, tt.key, got, want)
			}
		})
	}
}

func TestSignals(t *testing.T) {
	today := day(2026, 6, 30)
	const (
		maxOnce = "max één keer per jaar"
		noAddr  = "geen inkomen zonder adres"
	)
	facts := []ledger.PayoutFact{
		// transport: three distinct cases, exactly at the threshold, over
		// two pots; listed out of date order.
		request("PAY-T3", "transport", "zaak-3", "POT-B", 30_00, day(2026, 6, 30)),
		request("PAY-T1", "transport", "zaak-1", "POT-B", 10_00, day(2025, 7, 1), "Max één keer per jaar"),
		status(request("PAY-T2", "transport", "zaak-2", "POT-A", 20_00, day(2026, 1, 15), " MAX  één keer per jaar", "max één keer per jaar"), ledger.StatusApproved),
		// deposit: three payouts but two cases.
		request("PAY-D1", "deposit", "zaak-4", "POT-A", 1_00, day(2026, 2, 1), maxOnce),
		request("PAY-D2", "deposit", "zaak-4", "POT-A", 1_00, day(2026, 2, 2), noAddr),
		request("PAY-D3", "deposit", "zaak-5", "POT-A", 1_00, day(2026, 2, 3), noAddr),
		// energy_debt: three cases, one of them just outside the window.
		request("PAY-E1", "energy_debt", "zaak-6", "POT-A", 5_00, day(2025, 6, 30), noAddr),
		request("PAY-E2", "energy_debt", "zaak-7", "POT-A", 5_00, day(2025, 12, 1)),
		request("PAY-E3", "energy_debt", "zaak-8", "POT-A", 5_00, day(2026, 3, 1)),
		// dental_care: three cases, but one rejected, one reversed, one
		// after today; only the paid one counts.
		status(request("PAY-X1", "dental_care", "zaak-9", "POT-A", 7_00, day(2026, 3, 1), noAddr), ledger.StatusRejected),
		status(request("PAY-X2", "dental_care", "zaak-10", "POT-A", 7_00, day(2026, 3, 1), noAddr), ledger.StatusReversed),
		status(request("PAY-X3", "dental_care", "zaak-11", "POT-A", 7_00, day(2026, 3, 1), noAddr), ledger.StatusPaid),
		request("PAY-X4", "dental_care", "zaak-12", "POT-A", 7_00, day(2026, 7, 1), noAddr),
	}
	uptakes := []ledger.SignalUptake{
		{SignalID: "category-transport", Note: "Eerste notitie.", At: time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)},
		{SignalID: "category-transport", Note: "Beleidsregel vervoer vastgesteld.", At: time.Date(2026, 6, 1, 10, 0, 0, 0, time.UTC)},
		{SignalID: "category-transport", Note: "Eerder.", At: time.Date(2026, 4, 1, 10, 0, 0, 0, time.UTC)},
		{SignalID: "category-deposit", Note: "Geen signaal.", At: time.Date(2026, 4, 1, 10, 0, 0, 0, time.UTC)},
	}
	got := allocation.Signals(facts, today, 0, uptakes)
	// Three signals with three cases each, sorted by total.
	want := []allocation.Signal{
		{
			ID: "category-transport", Kind: allocation.SignalCategory, Key: "transport", Label: "transport",
			Cases: 3, Payouts: 3, Total: 60_00, Pots: []ledger.PotID{"POT-A", "POT-B"},
			First: day(2025, 7, 1), Last: day(2026, 6, 30), PayoutIDs: []ledger.PayoutID{"PAY-T1", "PAY-T2", "PAY-T3"},
			TakenUp: &uptakes[1],
		},
		{
			// PAY-T2 lists the rule twice and counts once.
			ID: "rule-54112d51999ece7f", Kind: allocation.SignalRule, Key: maxOnce, Label: "Max één keer per jaar",
			Cases: 3, Payouts: 3, Total: 31_00, Pots: []ledger.PotID{"POT-A", "POT-B"},
			First: day(2025, 7, 1), Last: day(2026, 2, 1), PayoutIDs: []ledger.PayoutID{"PAY-T1", "PAY-T2", "PAY-D1"},
		},
		{
			// PAY-E1 is outside the window, PAY-X1 rejected, PAY-X2
			// reversed, PAY-X4 after today.
			ID: "rule-8b7eae77955c05a3", Kind: allocation.SignalRule, Key: noAddr, Label: noAddr,
			Cases: 3, Payouts: 3, Total: 9_00, Pots: []ledger.PotID{"POT-A"},
			First: day(2026, 2, 2), Last: day(2026, 3, 1), PayoutIDs: []ledger.PayoutID{"PAY-D2", "PAY-D3", "PAY-X3"},
		},
	}
	compareSignals(t, got, want)

	t.Run("ConfigurableThreshold", func(t *testing.T) {
		got := allocation.Signals(facts, today, 2, nil)
		var ids []string
		for _, s := range got {
			ids = append(ids, s.ID)
		}
		// deposit and energy_debt now count, with two cases each: deposit
		// 3.00, energy_debt 10.00.
		wantIDs := []string{"category-transport", "rule-54112d51999ece7f", "rule-8b7eae77955c05a3", "category-energy_debt", "category-deposit"}
		if !slices.Equal(ids, wantIDs) {
			t.Fatalf("signals %q; want %q", ids, wantIDs)
		}
		if got := allocation.Signals(facts, today, 4, nil); len(got) != 0 {
			t.Fatalf("%d signals at threshold 4; want none", len(got))
		}
	})
	t.Run("WindowEdge", func(t *testing.T) {
		// One more day back and energy_debt's first payout is inside.
		got := allocation.Signals(facts, today.AddDays(-1), 0, nil)
		var ids []string
		for _, s := range got {
			ids = append(ids, s.ID)
		}
		// transport lost PAY-T3 (after the day before today).
		if !slices.Contains(ids, "category-energy_debt") || slices.Contains(ids, "category-transport") {
			t.Fatalf("signals %q; want energy_debt and not transport", ids)
		}
	})
	t.Run("None", func(t *testing.T) {
		got := allocation.Signals(nil, today, 0, uptakes)
		if got == nil || len(got) != 0 {
			t.Fatalf("Signals = %#v; want an empty slice", got)
		}
	})
}

func TestSignalsLeapDay(t *testing.T) {
	// The twelve months up to 29 February 2028 begin on 1 March 2027.
	facts := []ledger.PayoutFact{
		request("PAY-1", "transport", "zaak-1", "POT-A", 1, day(2027, 2, 28)),
		request("PAY-2", "transport", "zaak-2", "POT-A", 1, day(2027, 3, 1)),
		request("PAY-3", "transport", "zaak-3", "POT-A", 1, day(2027, 3, 2)),
		request("PAY-4", "transport", "zaak-4", "POT-A", 1, day(2028, 2, 29)),
	}
	got := allocation.Signals(facts, day(2028, 2, 29), 0, nil)
	if len(got) != 1 || !slices.Equal(got[0].PayoutIDs, []ledger.PayoutID{"PAY-2", "PAY-3", "PAY-4"}) {
		t.Fatalf("Signals = %+v; want transport with PAY-2 to PAY-4", got)
	}
}

func compareSignals(t *testing.T, got, want []allocation.Signal) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d signals %+v; want %d", len(got), got, len(want))
	}
	for i := range want {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Fatalf("signal %d = %+v; want %+v", i, got[i], want[i])
		}
	}
}
