package ledger

import (
	"strings"
	"time"
	"unicode/utf8"
)

// RecoveryPolicy says what happens to a pot when a cost is reallocated to the
// legal budget that should have paid it.
type RecoveryPolicy string

// Recovery policies.
const (
	// PolicyRefund: the legal budget refunds the pot, so the pot revolves.
	PolicyRefund RecoveryPolicy = "refund"
	// PolicyReport: the pot bears the cost; allocation is for reporting.
	PolicyReport RecoveryPolicy = "report"
)

// MandateLevel is one rung of a pot's mandate ladder: a role and the largest
// single payout it may decide. Unlimited levels have no upper limit.
type MandateLevel struct {
	Role      Role  `json:"role"`
	Limit     Cents `json:"limit"`
	Unlimited bool  `json:"unlimited"`
}

// Covers reports whether the level may decide a payout of amount.
func (m MandateLevel) Covers(amount Cents) bool { return m.Unlimited || amount <= m.Limit }

// String describes the level for the journal: "teamlead up to 5000.00".
func (m MandateLevel) String() string {
	if m.Unlimited {
		return string(m.Role) + " without limit"
	}
	return string(m.Role) + " up to " + m.Limit.String()
}

// Pot is a fund for maatwerk: money that caseworkers can spend at once,
// before anyone knows which legal budget should pay.
type Pot struct {
	ID              PotID          `json:"id"`
	Name            string         `json:"name"`
	Year            int            `json:"year"`
	RecoveryPolicy  RecoveryPolicy `json:"recoveryPolicy"`
	RegretThreshold Ratio          `json:"regretThreshold"`
	OverdraftLimit  Cents          `json:"overdraftLimit"`
	// Mandates is the ladder, lowest level first; limits increase.
	Mandates  []MandateLevel `json:"mandates"`
	CreatedAt time.Time      `json:"createdAt"`
	// DebtorAccount is the account the pot pays from; nil until finance
	// configures it, and no payment file can be made for the pot before.
	DebtorAccount *DebtorAccount `json:"debtorAccount,omitempty"`
}

// Mandate returns the ladder level of role, if the role has one on this pot.
func (p *Pot) Mandate(role Role) (MandateLevel, bool) {
	for _, m := range p.Mandates {
		if m.Role == role {
			return m, true
		}
	}
	return MandateLevel{}, false
}

// Deciders returns the roles on the ladder whose level covers amount, lowest
// first: who can approve or reject such a request.
func (p *Pot) Deciders(amount Cents) []Role {
	var rs []Role
	for _, m := range p.Mandates {
		if m.Covers(amount) {
			rs = append(rs, m.Role)
		}
	}
	return rs
}

// InYear reports whether d lies in the pot's calendar year.
func (p *Pot) InYear(d Date) bool { return d.Year() == p.Year }

// NewPot is what an admin gives to create a pot.
type NewPot struct {
	Name           string
	Year           int
	RecoveryPolicy RecoveryPolicy
	// RegretThreshold is the share of spending that may be regretted; zero
	// means DefaultRegretThreshold.
	RegretThreshold Ratio
	OverdraftLimit  Cents
	Mandates        []MandateLevel
	IdempotencyKey  string
}

// Validate checks the request and fills in defaults.
func (n *NewPot) Validate() error {
	var fe fieldErrors
	n.Name = strings.TrimSpace(n.Name)
	fe.checkText("name", n.Name, 1, 120)
	if n.Year < 2000 || n.Year > 2100 {
		fe.add("year", "%d is not a plausible year; give the calendar year the pot covers, such as 2026", n.Year)
	}
	switch n.RecoveryPolicy {
	case PolicyRefund, PolicyReport:
	case "":
		fe.add("recoveryPolicy", "required: refund (a cost reallocated to a legal budget flows back into the pot) or report (the pot bears the cost)")
	default:
		fe.add("recoveryPolicy", "%q is not a policy; use refund or report", n.RecoveryPolicy)
	}
	if n.RegretThreshold == 0 {
		n.RegretThreshold = DefaultRegretThreshold
	}
	if n.RegretThreshold < 0 || n.RegretThreshold > RatioOne {
		fe.add("regretThreshold", "must be a fraction between 0 and 1, such as 0.20")
	}
	if n.OverdraftLimit < 0 || n.OverdraftLimit > MaxAmount {
		fe.add("overdraftLimit", "must be 0.00 or more (0.00: the pot can never go below zero)")
	}
	checkLadder(&fe, n.Mandates)
	return fe.err("pot")
}

// checkLadder checks a mandate ladder: at least one level, mandate roles only,
// each role once, limits increasing, and only the top level without a limit.
func checkLadder(fe *fieldErrors, ladder []MandateLevel) {
	if len(ladder) == 0 {
		fe.add("mandates", "at least one level is required, for example caseworker up to 1500.00")
		return
	}
	seen := map[Role]bool{}
	for i, m := range ladder {
		field := "mandates[" + itoa(i) + "]"
		if !m.Role.MandateRole() {
			fe.add(field+".role", "%q cannot hold a mandate; use caseworker, teamlead, manager or alderman", m.Role)
		}
		if seen[m.Role] {
			fe.add(field+".role", "%s appears twice; each role has one level", m.Role)
		}
		seen[m.Role] = true
		if m.Unlimited {
			if i != len(ladder)-1 {
				fe.add(field+".limit", "only the last level can be without a limit; give %s a limit or move it to the top", m.Role)
			}
			continue
		}
		if m.Limit <= 0 || m.Limit > MaxAmount {
			fe.add(field+".limit", "must be greater than 0.00, or left out for no limit")
		} else if i > 0 && !ladder[i-1].Unlimited && m.Limit <= ladder[i-1].Limit {
			fe.add(field+".limit", "%s must be higher than the level below (%s up to %s); list levels from low to high", m.Limit, ladder[i-1].Role, ladder[i-1].Limit)
		}
	}
}

// checkText records a field error unless s has between min and max
// characters, contains no control characters other than newlines and tabs,
// and contains no BSN.
func (fe *fieldErrors) checkText(field, s string, min, max int) {
	n := utf8.RuneCountInString(s)
	switch {
	case n == 0 && min > 0:
		fe.add(field, "required")
		return
	case n < min:
		fe.add(field, "too short: write at least %d characters", min)
		return
	case n > max:
		fe.add(field, "too long: at most %d characters, this has %d", max, n)
		return
	case !utf8.ValidString(s):
		fe.add(field, "is not valid UTF-8 text")
		return
	}
	for _, c := range s {
		if c < 0x20 && c != '\n' && c != '\t' && c != '\r' || c == 0x7f {
			fe.add(field, "contains a control character; use plain text")
			return
		}
	}
	fe.checkNoBSN(field, s)
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}
