package ledger

import (
	"strings"
	"unicode"
)

// Role is what a user may do. Each user has exactly one.
type Role string

// The roles. Caseworkers request payouts; teamleads, managers and aldermen
// request and decide them within the mandate a pot's ladder gives their role;
// finance records money and closes periods; partners read aggregates of the
// pots they fund; auditors read everything and change nothing; admins set up
// pots, partners and users.
const (
	RoleCaseworker Role = "caseworker"
	RoleTeamlead   Role = "teamlead"
	RoleManager    Role = "manager"
	RoleAlderman   Role = "alderman"
	RoleFinance    Role = "finance"
	RolePartner    Role = "partner"
	RoleAuditor    Role = "auditor"
	RoleAdmin      Role = "admin"
)

// Roles lists every role, in the order of the README's permission matrix.
var Roles = []Role{RoleCaseworker, RoleTeamlead, RoleManager, RoleAlderman, RoleFinance, RolePartner, RoleAuditor, RoleAdmin}

// ParseRole returns the role named s.
func ParseRole(s string) (Role, error) {
	for _, r := range Roles {
		if string(r) == s {
			return r, nil
		}
	}
	return "", NewError(EINVALID, msgNotARole, Quoted(s), joinRoles(Roles))
}

// MandateRole reports whether r can hold a mandate on a pot's ladder: the
// roles that request and decide payouts.
func (r Role) MandateRole() bool {
	switch r {
	case RoleCaseworker, RoleTeamlead, RoleManager, RoleAlderman:
		return true
	}
	return false
}

func joinRoles(rs []Role) string {
	s := make([]string, len(rs))
	for i, r := range rs {
		s[i] = string(r)
	}
	return strings.Join(s, ", ")
}

// Actor is who does something: a user name (an employee's account, never a
// resident), the user's role, and for a partner user the partner. Stores
// record actors in the journal; they do not authenticate them.
type Actor struct {
	User    string
	Role    Role
	Partner PartnerID
}

// SeesCase reports whether the actor may read the case behind a payout
// that requestedBy asked for. It is the one rule for case data: every
// answer of the API, every page and every document passes each payout's
// case data through it (the For methods in casedata.go, and the documents'
// own For methods built on them) before it leaves the service.
//
// Case data are what tells about the resident and their situation:
//
//   - the payee's name and IBAN, and the case reference;
//   - whether the resident is under 18;
//   - the weighing: situation, severity, the resident's involvement, the
//     expected return, the rules deviated from, the regular route tried,
//     the day the case got stuck, and what follows from that day (the days
//     stuck before the request, and whether that was too long);
//   - the notes about the case: the decision's note, the reversal's reason,
//     finance's allocation notes (and the note of a replaced allocation,
//     which repeats a correction's note or the reversal's reason), and the
//     evaluations' notes;
//   - a rule signal's text, which is a deviated rule as a weighing wrote it
//     (shown only to who sees the case of every payout in the signal).
//
// Not case data, so shown to every insider: amounts, category, urgency,
// whom the money goes to (provider or resident) and whether it is bound,
// statuses, who requested and decided and when, the mandate, how long a
// decision took, the allocation's lines (legal budget, taakveld, party),
// the evaluation's outcome and regretted amount, and counts and totals of
// any of these, such as a signal's number of cases. A settlement's
// reference is a party's payment reference, committed to the journal
// unsalted and never erased: it must not hold case data.
//
// Who sees the case: team leads, managers, aldermen, finance and auditors
// see every case (SeesEveryCase); a caseworker sees the cases of their own
// requests. The admin, other caseworkers and partners never do; they read
// the payout without its case.
func (a Actor) SeesCase(requestedBy string) bool {
	return a.SeesEveryCase() || a.Role == RoleCaseworker && requestedBy != "" && requestedBy == a.User
}

// SeesEveryCase reports whether the actor sees the case of every payout,
// whoever requested it: SeesCase without regard to the requester. A
// document that holds many cases at once and cannot leave any out (a
// payment file names every payee) goes only to them.
func (a Actor) SeesEveryCase() bool {
	switch a.Role {
	case RoleTeamlead, RoleManager, RoleAlderman, RoleFinance, RoleAuditor:
		return true
	}
	return false
}

// ValidUserName reports whether s can name a user: 1 to 64 letters, digits,
// '.', '-', '_' or '@', and no BSN (FindBSN). User names appear in the
// journal, so they have no spaces, quotes or control characters; and as the
// journal can never be erased, a user named 111222333 would keep that
// number in it for good.
func ValidUserName(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, c := range s {
		if !(unicode.IsLetter(c) || unicode.IsDigit(c) || c == '.' || c == '-' || c == '_' || c == '@') {
			return false
		}
	}
	_, bsn := FindBSN(s)
	return !bsn
}

// checkUserName records a field error unless name is a valid user name,
// saying which rule it breaks.
func (fe *fieldErrors) checkUserName(field, name string) {
	if _, bsn := FindBSN(name); bsn {
		fe.add(field, MsgBSNName)
		return
	}
	if !ValidUserName(name) {
		fe.add(field, msgUserName, Quoted(name))
	}
}

// check reports whether the actor can act at all.
func (a Actor) check() error {
	if _, bsn := FindBSN(a.User); bsn {
		// A user created before names were checked for a BSN: it may
		// not act, so the number goes into the journal no further.
		return NewError(EUNAUTHORIZED, msgUserNameBSN)
	}
	if !ValidUserName(a.User) {
		return NewError(EUNAUTHORIZED, msgUserNameInvalid, Quoted(a.User))
	}
	if _, err := ParseRole(string(a.Role)); err != nil {
		return NewError(EUNAUTHORIZED, msgRoleInvalid, Quoted(a.Role))
	}
	return nil
}

// Require returns an EFORBIDDEN error unless the actor has one of the roles;
// what says in English what the roles may do ("close periods").
func (a Actor) Require(what string, roles ...Role) error {
	return a.require(action{what: what}, roles)
}

// action is what an actor was refused, as a message's parameter: the
// English words the caller wrote ("close periods") and the Action, whose
// Dutch words the catalogue holds (actionDutch).
type action struct {
	act  Action
	what string
}

func (a Actor) require(act action, roles []Role) error {
	if err := a.check(); err != nil {
		return err
	}
	for _, r := range roles {
		if a.Role == r {
			return nil
		}
	}
	return NewError(EFORBIDDEN, msgRoleMayNot, a.Role, act, roles)
}
