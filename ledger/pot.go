package ledger

import (
	"strings"
	"time"
	"unicode"
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
	// Escalation is how long a request may wait for its decision before
	// the people who may take it are reminded, and before it goes up the
	// ladder.
	Escalation
}

// Escalation is how many Dutch working days (IsWorkingDay) a request above
// the requester's mandate may wait for its decision: after RemindAfter the
// people who may decide it are reminded; after EscalateAfter it goes to the
// next level up the pot's ladder and the requester is told (issue 16). The
// zero value means the defaults, DefaultRemindAfter and
// DefaultEscalateAfter.
type Escalation struct {
	// RemindAfter in working days, 1 to MaxEscalateAfter-1.
	RemindAfter int `json:"remindAfter"`
	// EscalateAfter in working days, more than RemindAfter and at most
	// MaxEscalateAfter.
	EscalateAfter int `json:"escalateAfter"`
}

// The escalation's defaults and bound, in working days.
const (
	// DefaultRemindAfter: two working days, a decision "at once" that
	// did not happen.
	DefaultRemindAfter = 2
	// DefaultEscalateAfter: five working days, a working week.
	DefaultEscalateAfter = 5
	// MaxEscalateAfter: sixty working days, about three months; a request
	// left longer has waited past the 14 days of the timeliness figures
	// many times over, so a larger number means no escalation at all.
	MaxEscalateAfter = 60
)

// orDefault returns e with the defaults for a zero value.
func (e Escalation) orDefault() Escalation {
	if e == (Escalation{}) {
		return Escalation{RemindAfter: DefaultRemindAfter, EscalateAfter: DefaultEscalateAfter}
	}
	return e
}

// isDefault reports whether e is the defaults, the zero value included: a
// new pot's fingerprint holds the escalation only when it differs from
// them, so a request made before it could be chosen matches the same.
// (PotRecord compares with the defaults themselves: a pot is never stored
// with zero days.)
func (e Escalation) isDefault() bool {
	return e.orDefault() == Escalation{RemindAfter: DefaultRemindAfter, EscalateAfter: DefaultEscalateAfter}
}

// check records a field error for each day count out of its range, and
// for an escalation not after the reminder. The order is checked only
// against a reminder in its range: "give more than 70" would ask for a day
// count the range refuses.
func (e Escalation) check(fe *fieldErrors) {
	remindInRange := e.RemindAfter >= 1 && e.RemindAfter < MaxEscalateAfter
	if !remindInRange {
		fe.add("remindAfter", msgRemindAfterRange, e.RemindAfter, MaxEscalateAfter-1)
	}
	switch {
	case e.EscalateAfter < 2 || e.EscalateAfter > MaxEscalateAfter:
		fe.add("escalateAfter", msgEscalateAfterRange, e.EscalateAfter, MaxEscalateAfter)
	case remindInRange && e.EscalateAfter <= e.RemindAfter:
		fe.add("escalateAfter", msgEscalateAfterOrder, e.EscalateAfter, e.RemindAfter)
	}
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
	// Escalation is the working days before a reminder and before an
	// escalation; a field left 0 is its default.
	Escalation     Escalation
	IdempotencyKey string
}

// Validate checks the request and fills in defaults.
func (n *NewPot) Validate() error {
	var fe fieldErrors
	n.Name = strings.TrimSpace(n.Name)
	fe.checkName("name", n.Name, 1, 120)
	if n.Year < MinYear || n.Year > MaxYear {
		fe.add("year", msgPotYear, n.Year, MinYear, MaxYear)
	}
	switch n.RecoveryPolicy {
	case PolicyRefund, PolicyReport:
	case "":
		fe.add("recoveryPolicy", msgPolicyRequired)
	default:
		fe.add("recoveryPolicy", msgNotAPolicy, Quoted(n.RecoveryPolicy))
	}
	if n.RegretThreshold == 0 {
		n.RegretThreshold = DefaultRegretThreshold
	}
	if n.RegretThreshold < 0 || n.RegretThreshold > RatioOne {
		fe.add("regretThreshold", msgThresholdRange)
	}
	if n.OverdraftLimit < 0 || n.OverdraftLimit > MaxAmount {
		fe.add("overdraftLimit", msgOverdraftRange)
	}
	checkLadder(&fe, n.Mandates)
	// Each day count left 0 is its default.
	if n.Escalation.RemindAfter == 0 {
		n.Escalation.RemindAfter = DefaultRemindAfter
	}
	if n.Escalation.EscalateAfter == 0 {
		n.Escalation.EscalateAfter = DefaultEscalateAfter
	}
	n.Escalation.check(&fe)
	return fe.err(nounPot)
}

// checkLadder checks a mandate ladder: at least one level, mandate roles only,
// each role once, limits increasing, and only the top level without a limit.
func checkLadder(fe *fieldErrors, ladder []MandateLevel) {
	if len(ladder) == 0 {
		fe.add("mandates", msgLadderEmpty)
		return
	}
	seen := map[Role]bool{}
	for i, m := range ladder {
		field := "mandates[" + itoa(i) + "]"
		if !m.Role.MandateRole() {
			fe.add(field+".role", msgNotAMandateRole, Quoted(m.Role))
		}
		if seen[m.Role] {
			fe.add(field+".role", msgLadderRoleTwice, m.Role)
		}
		seen[m.Role] = true
		if m.Unlimited {
			if i != len(ladder)-1 {
				fe.add(field+".limit", msgLadderUnlimited, m.Role)
			}
			continue
		}
		if m.Limit <= 0 || m.Limit > MaxAmount {
			fe.add(field+".limit", msgLadderLimit)
		} else if i > 0 && !ladder[i-1].Unlimited && m.Limit <= ladder[i-1].Limit {
			fe.add(field+".limit", msgLadderOrder, m.Limit, ladder[i-1].Role, ladder[i-1].Limit)
		}
	}
}

// checkText records a field error unless s is free text (a situation, a
// note, a reason) of min to max characters: valid UTF-8, without control
// characters other than line breaks and tabs, without bidirectional
// controls (see refusedRune), and without a BSN.
func (fe *fieldErrors) checkText(field, s string, min, max int) {
	fe.checkChars(field, s, min, max, true)
}

// checkName records a field error unless s is a name of min to max
// characters: as checkText, and on one line, without line breaks, tabs or
// line and paragraph separators. Names are every label a person gives
// something that other people see in lists, documents and payment files:
// payees, partners, parties, pots, debtor accounts and their towns,
// categories, taakvelden, references and the rules a payout deviates from.
func (fe *fieldErrors) checkName(field, s string, min, max int) {
	fe.checkChars(field, s, min, max, false)
}

func (fe *fieldErrors) checkChars(field, s string, min, max int, multiline bool) {
	n := utf8.RuneCountInString(s)
	switch {
	case n == 0 && min > 0:
		fe.add(field, msgRequired)
		return
	case n < min:
		fe.add(field, msgTooShort, min)
		return
	case n > max:
		fe.add(field, msgTooLong, max, n)
		return
	case !utf8.ValidString(s):
		fe.add(field, msgNotUTF8)
		return
	}
	// A BSN is named first: of the things wrong with a text, it is the
	// one the writer must hear about (invisible characters hide BSNs too).
	// A name gets a name's advice, a text a text's.
	if TextHasBSN(s) {
		if multiline {
			fe.add(field, MsgBSN)
		} else {
			fe.add(field, MsgBSNName)
		}
		return
	}
	for _, c := range s {
		if why := refusedRune(c, multiline); why != (MsgCode{}) {
			fe.add(field, why, codePoint(c))
			return
		}
	}
}

// refusedRune says why text may not hold c, as a message of the catalogue
// with the character as its one parameter, or the zero MsgCode when it may.
// The rule is one for every text the service takes in, so that no document,
// page or payment file ever has to cope with a character that cannot be
// seen, or that makes the text around it look other than it is:
//
//   - control characters (C0, DEL and C1) cannot be printed and break the
//     lines of files; free text keeps line breaks and tabs;
//   - line and paragraph separators (U+2028, U+2029) are line breaks most
//     programs do not know as such;
//   - bidirectional controls (Unicode's Bidi_Control: U+061C, U+200E,
//     U+200F, U+202A..U+202E, U+2066..U+2069) reorder the characters around
//     them as they are shown, so a name with U+202E in it is shown with
//     the characters after it reversed: other than it is stored (the
//     "Trojan Source" trick, CVE-2021-42574).
//
// A name (multiline false) is one line: no line breaks or tabs either.
func refusedRune(c rune, multiline bool) MsgCode {
	switch {
	case c == '\n' || c == '\r' || c == '\t' || c == '\u2028' || c == '\u2029':
		if !multiline {
			return msgOneLine
		}
		if c == '\u2028' || c == '\u2029' {
			return msgLineSeparator
		}
		return MsgCode{}
	case c < 0x20 || c >= 0x7f && c <= 0x9f:
		return msgControlChar
	case unicode.Is(unicode.Bidi_Control, c):
		return msgBidiChar
	case !multiline && unicode.Is(unicode.Cf, c) && c != '\u200c' && c != '\u200d':
		// Invisible format characters (a zero-width space, a byte-order
		// mark, a soft hyphen) make two names that look the same
		// different, and hide a leading = from a spreadsheet's guard. The
		// zero-width joiner and non-joiner stay: scripts (and emoji) need
		// them.
		return msgInvisibleChar
	}
	return MsgCode{}
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}
