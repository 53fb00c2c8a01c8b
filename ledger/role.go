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
	return "", Errorf(EINVALID, "%q is not a role; use one of %s", s, joinRoles(Roles))
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
// (its case reference, payee, weighing, decision note and reversal
// reason): approvers, finance and auditors, and the caseworker who asked.
// Everyone else reads the payout without its case.
func (a Actor) SeesCase(requestedBy string) bool {
	switch a.Role {
	case RoleTeamlead, RoleManager, RoleAlderman, RoleFinance, RoleAuditor:
		return true
	case RoleCaseworker:
		return requestedBy == a.User
	}
	return false
}

// ValidUserName reports whether s can name a user: 1 to 64 letters, digits,
// '.', '-', '_' or '@'. User names appear in the journal, so they have no
// spaces, quotes or control characters.
func ValidUserName(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, c := range s {
		if !(unicode.IsLetter(c) || unicode.IsDigit(c) || c == '.' || c == '-' || c == '_' || c == '@') {
			return false
		}
	}
	return true
}

// check reports whether the actor can act at all.
func (a Actor) check() error {
	if !ValidUserName(a.User) {
		return Errorf(EUNAUTHORIZED, "the user name %q is not valid; sign in again", a.User)
	}
	if _, err := ParseRole(string(a.Role)); err != nil {
		return Errorf(EUNAUTHORIZED, "the role %q is not valid; sign in again", a.Role)
	}
	return nil
}

// Require returns an EFORBIDDEN error unless the actor has one of the roles.
func (a Actor) Require(action string, roles ...Role) error {
	if err := a.check(); err != nil {
		return err
	}
	for _, r := range roles {
		if a.Role == r {
			return nil
		}
	}
	return Errorf(EFORBIDDEN, "the role %s may not %s; that takes the role %s", a.Role, action, joinRolesOr(roles))
}

func joinRolesOr(rs []Role) string {
	switch len(rs) {
	case 0:
		return "(none)"
	case 1:
		return string(rs[0])
	}
	return joinRoles(rs[:len(rs)-1]) + " or " + string(rs[len(rs)-1])
}
