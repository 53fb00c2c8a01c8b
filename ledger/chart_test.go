package ledger

import (
	"strings"
	"testing"
)

// TestAccountsRoundTrip builds every account the posting builders book and
// reads its name back: the one parser knows every name the chart makes.
func TestAccountsRoundTrip(t *testing.T) {
	pot := PotID("POT-1")
	lines := []AllocationLine{
		{Target: TargetMaatwerk, Amount: 1},
		{Target: TargetParty, PartyID: "PTY-2", Amount: 1},
		{Target: Target(LawWmo), Taakveld: "6.71", EconomicCategory: "4.3.1", Amount: 1},
	}
	var ps []Posting
	ps = append(ps, ContributionPostings(pot, "PRT-3", 1)...)
	ps = append(ps, HoldPostings(pot, 1)...)
	ps = append(ps, ApprovalPostings(pot, 1, true)...)
	ps = append(ps, PaymentPostings(pot, 1)...)
	ps = append(ps, AllocationPostings(pot, PolicyRefund, lines)...)
	ps = append(ps, SettlementPostings(pot, PolicyRefund, "PTY-2", 1)...)
	kinds := map[AccountKind]bool{}
	for _, p := range ps {
		a, err := ParseAccount(p.Account)
		if err != nil {
			t.Fatal(err)
		}
		if a.String() != p.Account || a.Pot != pot {
			t.Errorf("ParseAccount(%q) = %+v, which names %q", p.Account, a, a.String())
		}
		kinds[a.Kind] = true
	}
	for _, k := range []AccountKind{AccountBank, AccountContributions, AccountEncumbrances, AccountEncumbranceReserve, AccountCostsUnallocated,
		AccountPayable, AccountCosts, AccountReceivables, AccountReceivablesOffset, AccountRecoveries} {
		if !kinds[k] {
			t.Errorf("no posting builder books a %s account", k)
		}
	}
	cases := map[string]Account{
		"pot:POT-1:costs:party:PTY-2":      {Pot: pot, Kind: AccountCosts, Target: TargetParty, Party: "PTY-2"},
		"pot:POT-1:costs:wmo:6.71:4.3.1":   {Pot: pot, Kind: AccountCosts, Target: Target(LawWmo), Taakveld: "6.71", EconomicCategory: "4.3.1"},
		"pot:POT-1:recoveries:wmo":         {Pot: pot, Kind: AccountRecoveries, Target: Target(LawWmo)},
		"pot:POT-1:recoveries:party:PTY-2": {Pot: pot, Kind: AccountRecoveries, Target: TargetParty, Party: "PTY-2"},
		"pot:POT-1:contributions:PRT-3":    {Pot: pot, Kind: AccountContributions, Partner: "PRT-3"},
	}
	for name, want := range cases {
		if a, err := ParseAccount(name); err != nil || a != want {
			t.Errorf("ParseAccount(%q) = %+v, %v; want %+v", name, a, err, want)
		}
		if want.String() != name {
			t.Errorf("%+v names %q; want %q", want, want.String(), name)
		}
	}
}

// TestParseAccountRefusesMalformedNames: a name outside the chart is an
// error, never a guess.
func TestParseAccountRefusesMalformedNames(t *testing.T) {
	for _, name := range []string{"", "bank", "pot:", "pot:POT-1", "pot:POT-1:cash", "pot:POT-1:contributions",
		"pot:POT-1:costs:wmo", "pot:POT-1:costs:wmo:6.71", "pot::bank", "pot:POT-1:receivables"} {
		if a, err := ParseAccount(name); err == nil {
			t.Errorf("ParseAccount(%q) = %+v; want an error", name, a)
		} else if !strings.Contains(err.Error(), "account name") {
			t.Errorf("ParseAccount(%q) error %q does not name the account", name, err)
		}
	}
}
