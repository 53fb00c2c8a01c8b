package ledger

import (
	"bufio"
	"context"
	"io"
	"slices"
	"strings"
)

// Signing in with the municipality's identity provider (OpenID Connect).
// The protocol is the web layer's (package httpapi/oidc); the rules are
// here: which of the provider's groups give which role (RoleMap), and what
// a sign-in the provider vouched for books (Service.OpenProviderSession).
// The Dutch government's security baseline (Baseline Informatiebeveiliging
// Overheid, BIO 9.2 and 9.4) asks for central identity management and
// multi-factor sign-in, which the provider does; ontschot then keeps no
// password of that person.

// RoleMapping is one line of a role map: people in Group get Role, and a
// partner's reader reads for Partner.
type RoleMapping struct {
	// Group is the group's name or id as the provider writes it in its
	// groups claim (Entra ID: the group's object id; Keycloak: its path).
	Group string
	Role  Role
	// PartnerRef names the partner as the file does (its id or its name),
	// for the role partner only; Partner is the partner it names, once
	// ResolvePartners has found it.
	PartnerRef string
	Partner    PartnerID
	// Line is the mapping's line in the file, for messages.
	Line int
}

// RoleMap is how the provider's groups map to ontschot roles, in the order
// of the file: a person in several mapped groups gets the role of the
// first line that names one of them, so an administrator orders the lines
// from the most to the least trusted role or the other way, as policy
// says.
type RoleMap []RoleMapping

// ParseRoleMap reads a role map: one mapping a line, "GROUP = ROLE", or
// "GROUP = partner PARTNER" for a partner's readers (PARTNER: the
// partner's id or name). Blank lines and lines starting with # are
// skipped; spaces around the parts are trimmed, so a group name may hold
// spaces but not "=". Errors: EINVALID naming the line, for a line without
// "=", an empty group, a role that does not exist, a partner role without
// its partner or another role with one, a group mapped twice, or a map
// without any line.
func ParseRoleMap(r io.Reader) (RoleMap, error) {
	var m RoleMap
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if n == 1 {
			line = strings.TrimPrefix(line, "\ufeff")
		}
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		group, rest, ok := strings.Cut(line, "=")
		group, rest = strings.TrimSpace(group), strings.TrimSpace(rest)
		if !ok || group == "" || rest == "" {
			return nil, NewError(EINVALID, msgRoleMapLine, n, Quoted(line))
		}
		if !IsText(group) {
			return nil, NewError(EINVALID, msgRoleMapLine, n, Quoted(line))
		}
		roleName, partner, _ := strings.Cut(rest, " ")
		role, err := ParseRole(roleName)
		if err != nil {
			return nil, NewError(EINVALID, msgRoleMapRole, n, Quoted(roleName), strings.Join(roleNames(Roles), ", "))
		}
		partner = strings.TrimSpace(partner)
		switch {
		case role == RolePartner && partner == "":
			return nil, NewError(EINVALID, msgRoleMapPartnerMissing, n)
		case role != RolePartner && partner != "":
			return nil, NewError(EINVALID, msgRoleMapPartnerExtra, n, role)
		}
		if i := slices.IndexFunc(m, func(x RoleMapping) bool { return x.Group == group }); i >= 0 {
			return nil, NewError(EINVALID, msgRoleMapTwice, n, Quoted(group), m[i].Line)
		}
		m = append(m, RoleMapping{Group: group, Role: role, PartnerRef: partner, Line: n})
	}
	if err := sc.Err(); err != nil {
		return nil, NewError(EINVALID, msgRoleMapUnreadable, err.Error())
	}
	if len(m) == 0 {
		return nil, NewError(EINVALID, msgRoleMapEmpty)
	}
	return m, nil
}

// ResolvePartners finds the partner each partner line names, by id or
// else by name (case-insensitively). Errors: ENOTFOUND naming the line of
// a partner that is not among partners, EINVALID for a name that two
// partners share (write the id).
func (m RoleMap) ResolvePartners(partners []Partner) error {
	for i := range m {
		ref := m[i].PartnerRef
		if m[i].Role != RolePartner {
			continue
		}
		var found []PartnerID
		for _, p := range partners {
			if string(p.ID) == ref {
				found = []PartnerID{p.ID}
				break
			}
			if strings.EqualFold(p.Name, ref) {
				found = append(found, p.ID)
			}
		}
		switch len(found) {
		case 0:
			return NewError(ENOTFOUND, msgRoleMapNoPartner, m[i].Line, Quoted(ref))
		case 1:
			m[i].Partner = found[0]
		default:
			return NewError(EINVALID, msgRoleMapPartnerAmbiguous, m[i].Line, Quoted(ref))
		}
	}
	return nil
}

// Resolve returns the mapping of the first line whose group is among
// groups, and false when none is: the person has no role in ontschot.
func (m RoleMap) Resolve(groups []string) (RoleMapping, bool) {
	for _, x := range m {
		if slices.Contains(groups, x.Group) {
			return x, true
		}
	}
	return RoleMapping{}, false
}

// ProviderSignIn is a person the identity provider signed in, as the web
// layer found them in a verified ID token: their name in ontschot (the
// provider's subject or the configured claim) and the role and partner
// their groups map to.
type ProviderSignIn struct {
	User    string
	Role    Role
	Partner PartnerID
	// TakeOver lets the provider sign in a user that has an ontschot
	// password, removing the password (journaled): set when password
	// sign-in is off, so the password could not be used anyway. Without
	// it such a sign-in is refused, or whoever knew the local password
	// would act with the role the provider gives.
	TakeOver bool
	// Email is the provider's email claim: the address the person's
	// notifications are mailed to, set at every sign-in ("" keeps the one
	// there; one that is no address is passed over).
	Email string
}

// Validate checks the sign-in as an account is checked: a user name that
// can stand in the journal (letters, digits, . - _ @, at most 64, no BSN),
// a role, and a partner exactly for the role partner.
func (p *ProviderSignIn) Validate() error {
	var fe fieldErrors
	fe.checkUserName("user", p.User)
	if _, err := ParseRole(string(p.Role)); err != nil {
		fe.addErr("role", err)
	}
	switch {
	case p.Role == RolePartner && p.Partner == "":
		fe.add("partnerId", msgPartnerRequired)
	case p.Role != RolePartner && p.Partner != "":
		fe.add("partnerId", msgPartnerOnlyForPartners)
	}
	return fe.err(nounAccount)
}

// OpenProviderSession opens a web session for a person the identity
// provider signed in (Store). The person's user is made on their first
// sign-in, without a password; their role and partner are the ones the
// provider's groups give now, so a change at the provider takes effect at
// the next sign-in: the user's record is changed and journaled, and the
// person's other sessions end. The session lasts as a password sign-in's
// does (SessionIdle, SessionMax) and is committed to in the journal the
// same way. Errors: EINVALID (a name or role that cannot stand:
// ProviderSignIn.Validate), ENOTFOUND (the partner), ECONFLICT (the name
// is an account with an ontschot password, and TakeOver is not set).
func (s *Service) OpenProviderSession(ctx context.Context, in ProviderSignIn) (WebSession, error) {
	if err := in.Validate(); err != nil {
		return WebSession{}, err
	}
	actor := Actor{User: in.User, Role: in.Role, Partner: in.Partner}
	var sess WebSession
	err := s.write(ctx, "sign in with the identity provider", func(o *op) error {
		if in.Partner != "" {
			if _, err := partner(o.tx, in.Partner); err != nil {
				return err
			}
		}
		row, exists, err := userRow(o.tx, in.User)
		if err != nil {
			return err
		}
		if exists && row.PasswordHash != "" {
			if !in.TakeOver {
				return NewError(ECONFLICT, msgProviderLocalAccount, Quoted(in.User))
			}
			row.PasswordHash, row.FailedSignIns, row.LockedUntil = "", 0, nil
			if err := o.tx.UpdateUser(&row); err != nil {
				return err
			}
			if err := o.tx.DeleteUserSessions(in.User); err != nil {
				return err
			}
			if err := o.commitUser(actor, in.User, "password removed: the identity provider signs this user in"); err != nil {
				return err
			}
		}
		switch {
		case !exists:
			row = UserRow{User: User{Name: in.User, Role: in.Role, Partner: in.Partner, CreatedAt: o.now}}
			if err := o.tx.InsertUser(&row); err != nil {
				return err
			}
			if err := o.commitUser(actor, in.User, "created at sign-in with the identity provider, with the role "+string(in.Role)); err != nil {
				return err
			}
		case row.Role != in.Role || row.Partner != in.Partner:
			if err := o.tx.SetUserRole(in.User, in.Role, in.Partner); err != nil {
				return err
			}
			if err := o.tx.DeleteUserSessions(in.User); err != nil {
				return err
			}
			if err := o.commitUser(actor, in.User, "role "+string(row.Role)+" → "+string(in.Role)+" from the identity provider's groups"); err != nil {
				return err
			}
		}
		if email, _, err := CheckUserMail(in.Email, ""); err == nil && email != "" {
			has, mode, err := o.tx.UserMail(in.User)
			if err != nil {
				return err
			}
			if has != email {
				if err := o.tx.SetUserMail(in.User, email, mode); err != nil {
					return err
				}
			}
		}
		sess, err = o.openSession(actor, "signed in with the identity provider")
		return err
	})
	if err != nil {
		return WebSession{}, err
	}
	return sess, nil
}

// EndProviderSessions ends the web sessions of a user the provider signed
// in and now gives no role (Store): offboarding at the provider ends the
// person's access at their next sign-in attempt, as a role change does. A
// user with an ontschot password is a local account and is left alone.
// Errors: EINVALID for a name that cannot be a user's.
func (s *Service) EndProviderSessions(ctx context.Context, user string) error {
	if !ValidUserName(user) {
		return NewError(EINVALID, msgUserName, Quoted(user))
	}
	return s.write(ctx, "end the sessions of a user without a role", func(o *op) error {
		row, exists, err := userRow(o.tx, user)
		if err != nil || !exists || row.PasswordHash != "" {
			return err
		}
		return o.tx.DeleteUserSessions(user)
	})
}

// ProviderActor is who a provider's access token acts as on the API
// (Store): the validated sign-in, refused when the name is an account
// with an ontschot password (a token of the provider must not act under a
// local account's name). Errors: EINVALID (ProviderSignIn.Validate),
// ECONFLICT (a local account's name).
func (s *Service) ProviderActor(ctx context.Context, in ProviderSignIn) (Actor, error) {
	if err := in.Validate(); err != nil {
		return Actor{}, err
	}
	var local bool
	err := s.read(ctx, "check a provider's identity", func(tx ReadTx) error {
		row, exists, err := userRow(tx, in.User)
		local = exists && row.PasswordHash != ""
		return err
	})
	if err != nil {
		return Actor{}, err
	}
	if local {
		return Actor{}, NewError(ECONFLICT, msgProviderLocalAccount, Quoted(in.User))
	}
	return Actor{User: in.User, Role: in.Role, Partner: in.Partner}, nil
}

// openSession opens a web session for actor and commits to it in the
// journal (memo: how the person signed in). The session is committed to
// when it opens: a session row put in the file by hand would sign someone
// in as anyone.
func (o *op) openSession(actor Actor, memo string) (WebSession, error) {
	secret, hash := NewSecret()
	sess := WebSession{Actor: actor, Secret: secret, CSRF: NewCSRFToken(), CreatedAt: o.now, ExpiresAt: o.now.Add(SessionIdle)}
	r := SessionRecord(hash, actor.User, o.now, o.now.Add(SessionMax))
	t := RecordTransaction(&r, "", actor, o.today(), memo)
	if err := o.book(&t); err != nil {
		return WebSession{}, err
	}
	return sess, o.tx.InsertSession(&SessionRow{Actor: actor, Hash: hash, CSRF: sess.CSRF,
		CreatedAt: o.now, LastSeen: o.now, ExpiresAt: o.now.Add(SessionMax), Seq: t.Seq})
}
