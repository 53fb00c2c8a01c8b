package ledger

import (
	"strconv"
	"strings"
)

// The Dutch names of the codes and values the ledger's messages quote. The
// API writes codes ("approved", "teamlead", "2026-Q3"); a person reads the
// words ("goedgekeurd", "teamleider", "3e kwartaal 2026"). Law.Label and
// EconomicCategory.Label are beside their types.

// Label is the target's Dutch name: the law's ("Jeugdwet"), "externe
// partij" or "maatwerk"; an unknown target is returned as it is.
func (t Target) Label() string {
	if law, ok := t.Law(); ok {
		return law.Label()
	}
	switch t {
	case TargetParty:
		return "externe partij"
	case TargetMaatwerk:
		return "maatwerk"
	}
	return string(t)
}

// Label is the status's Dutch name ("goedgekeurd"); an unknown status is
// returned as it is.
func (s Status) Label() string {
	switch s {
	case StatusPending:
		return "wacht op besluit"
	case StatusApproved:
		return "goedgekeurd"
	case StatusRejected:
		return "afgewezen"
	case StatusReversed:
		return "teruggedraaid"
	case StatusPaid:
		return "betaald"
	case StatusSettled:
		return "afgeschreven door de bank"
	case StatusReturned:
		return "teruggekomen van de bank"
	}
	return string(s)
}

// Label is the role's Dutch name ("teamleider"); an unknown role is
// returned as it is.
func (r Role) Label() string {
	switch r {
	case RoleCaseworker:
		return "consulent"
	case RoleTeamlead:
		return "teamleider"
	case RoleManager:
		return "manager"
	case RoleAlderman:
		return "wethouder"
	case RoleFinance:
		return "financiën"
	case RolePartner:
		return "partner"
	case RoleAuditor:
		return "auditor"
	case RoleAdmin:
		return "beheerder"
	}
	return string(r)
}

// Label is the evaluation outcome's Dutch name ("deels spijt"); an unknown
// outcome is returned as it is.
func (o EvalOutcome) Label() string {
	switch o {
	case EvalEffective:
		return "effectief"
	case EvalPartial:
		return "deels spijt"
	case EvalRegret:
		return "spijt"
	}
	return string(o)
}

var dutchMonths = [12]string{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"}

// Dutch writes the date as Dutch prose does: "14 maart 2026"; the zero Date
// is "".
func (d Date) Dutch() string {
	if d.IsZero() {
		return ""
	}
	return strconv.Itoa(d.Day()) + " " + dutchMonths[d.Month()-1] + " " + strconv.Itoa(d.Year())
}

// Dutch names the period: "maart 2026", "3e kwartaal 2026"; any other
// period by its label.
func (p Period) Dutch() string {
	switch {
	case strings.Contains(p.Label, "-Q"):
		return strconv.Itoa((int(p.Start.Month())-1)/3+1) + "e kwartaal " + strconv.Itoa(p.Start.Year())
	case len(p.Label) == 7:
		return dutchMonths[p.Start.Month()-1] + " " + strconv.Itoa(p.Start.Year())
	}
	return p.Label
}
