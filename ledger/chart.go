package ledger

import (
	"fmt"
	"strings"
)

// Account is one account of a pot's chart of accounts (see journal.go and
// allocation.go) as a typed value. Its name, String, is what postings and
// the journal's canonical form carry; ParseAccount is the one parser of
// such names, used by every reader that needs to know what an account is
// (the balance, the statements, the engines).
type Account struct {
	Pot  PotID
	Kind AccountKind
	// Partner is the partner of a contributions account.
	Partner PartnerID
	// Party is the party of a receivables account, and of a costs or
	// recoveries account of a party (Target TargetParty).
	Party PartyID
	// Target is what a costs account books a cost to (TargetMaatwerk, a
	// law or TargetParty) and what a recoveries account books a refund
	// from (a law or TargetParty).
	Target Target
	// Taakveld and EconomicCategory are those of a costs account of a law.
	Taakveld         string
	EconomicCategory EconomicCategory
}

// accountsWithout lists the kinds that are one account per pot.
var accountsWithout = map[AccountKind]bool{
	AccountBank: true, AccountPayable: true, AccountEncumbrances: true, AccountEncumbranceReserve: true,
	AccountCostsUnallocated: true, AccountReceivablesOffset: true,
}

// String returns the account's name: "pot:POT-…:bank",
// "pot:POT-…:contributions:PRT-…", "pot:POT-…:costs:wmo:6.71:4.3.1".
func (a Account) String() string { return AccountName(a.Pot, a.Kind, a.Holder()) }

// Holder returns what the account is kept per, "" for a pot's single
// accounts: the partner of contributions, the party of receivables, and
// for costs and recoveries the target ("wmo", "maatwerk",
// "wmo:6.71:4.3.1" for a cost of a law) or "party:PTY-…".
func (a Account) Holder() string {
	switch a.Kind {
	case AccountContributions:
		return string(a.Partner)
	case AccountReceivables:
		return string(a.Party)
	case AccountCosts, AccountRecoveries:
		switch {
		case a.Target == TargetParty:
			return "party:" + string(a.Party)
		case a.Kind == AccountCosts && a.Target != TargetMaatwerk:
			return string(a.Target) + ":" + a.Taakveld + ":" + string(a.EconomicCategory)
		}
		return string(a.Target)
	}
	return ""
}

// ParseAccount reads an account name made by Account.String (or
// AccountName). Errors: a name that is not a pot's account, or not one of
// the chart's kinds with its parts.
func ParseAccount(name string) (Account, error) {
	bad := func(why string) (Account, error) {
		return Account{}, fmt.Errorf("account name %q: %s", name, why)
	}
	rest, ok := strings.CutPrefix(name, "pot:")
	if !ok {
		return bad(`it does not start with "pot:"`)
	}
	pot, rest, ok := strings.Cut(rest, ":")
	if !ok || pot == "" {
		return bad("it names no pot and kind")
	}
	a := Account{Pot: PotID(pot)}
	if accountsWithout[AccountKind(rest)] {
		a.Kind = AccountKind(rest)
		return a, nil
	}
	kind, sub, _ := strings.Cut(rest, ":")
	a.Kind = AccountKind(kind)
	if sub == "" {
		return bad("its kind " + kind + " is not one of the chart's")
	}
	switch a.Kind {
	case AccountContributions:
		a.Partner = PartnerID(sub)
	case AccountReceivables:
		a.Party = PartyID(sub)
	case AccountCosts, AccountRecoveries:
		if party, ok := strings.CutPrefix(sub, "party:"); ok {
			a.Target, a.Party = TargetParty, PartyID(party)
			break
		}
		if a.Kind == AccountCosts && sub == string(TargetMaatwerk) {
			a.Target = TargetMaatwerk
			break
		}
		if a.Kind == AccountRecoveries {
			a.Target = Target(sub)
			break
		}
		parts := strings.Split(sub, ":")
		if len(parts) != 3 {
			return bad("a cost of a law is costs:<law>:<taakveld>:<economic category>")
		}
		a.Target, a.Taakveld, a.EconomicCategory = Target(parts[0]), parts[1], EconomicCategory(parts[2])
	default:
		return bad("its kind " + kind + " is not one of the chart's")
	}
	return a, nil
}
