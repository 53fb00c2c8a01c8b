package ledger

import (
	"context"
	"errors"
	"runtime"
	"time"
)

// People: users with one role each, their API tokens, their passwords for
// the web pages and their web sessions. A user, a token and each session
// as it opens are governed records the journal commits to (integrity.go);
// the sign-in counters and when a session was last used are not, since
// they authorise nothing.

// userRow reads one user as the transaction sees it, and whether it
// exists.
func userRow(tx ReadTx, name string) (UserRow, bool, error) {
	us, err := tx.Users(name)
	if err != nil || len(us) == 0 {
		return UserRow{}, false, err
	}
	return us[0], true, nil
}

// commitUser books a user's role, partner and password hash as the write
// has left them, read back from the row so the digest is of what Verify
// will read.
func (o *op) commitUser(actor Actor, name, memo string) error {
	u, ok, err := userRow(o.tx, name)
	if err != nil {
		return err
	}
	if !ok {
		return errors.New("commit user " + name + ": the user is not there")
	}
	return o.commitRecord(actor, UserRecord(u.Name, u.Role, u.Partner, u.PasswordHash), "", memo)
}

// commitToken books a token as the write has left it, read back from the
// row.
func (o *op) commitToken(actor Actor, id TokenID, memo string) error {
	ts, err := o.tx.Tokens(TokenQuery{ID: id})
	if err != nil {
		return err
	}
	if len(ts) == 0 {
		return errors.New("commit token " + string(id) + ": the token is not there")
	}
	t := ts[0]
	return o.commitRecord(actor, TokenRecord(t.ID, t.User, t.Hash, t.CreatedBy, t.CreatedAt, t.RevokedAt), "", memo)
}

// roleConflict is the error for a user asked for with another role (or
// partner) than the one it has: a user has one role for good.
func roleConflict(name string, has, asked Role) error {
	return NewError(ECONFLICT, msgUserExists, name, has, asked)
}

// ensureUser returns the user name names, creating it with the role and
// partner (and password hash, "" for none) when it is not there, and
// booking it with memo. Errors: ENOTFOUND (partner), ECONFLICT (the user
// has another role or partner).
func (o *op) ensureUser(actor Actor, name string, role Role, partnerID PartnerID, passwordHash, memo string) (u UserRow, created bool, err error) {
	u, ok, err := userRow(o.tx, name)
	switch {
	case err != nil:
		return u, false, err
	case ok && (u.Role != role || u.Partner != partnerID):
		return u, false, roleConflict(name, u.Role, role)
	case ok:
		return u, false, nil
	}
	if partnerID != "" {
		if _, err := partner(o.tx, partnerID); err != nil {
			return u, false, err
		}
	}
	u = UserRow{User: User{Name: name, Role: role, Partner: partnerID, CreatedAt: o.now}, PasswordHash: passwordHash}
	if err := o.tx.InsertUser(&u); err != nil {
		return u, false, err
	}
	return u, true, o.commitUser(actor, name, memo)
}

// IssueToken creates an API token for a user, creating the user if needed
// (Store).
func (s *Service) IssueToken(ctx context.Context, actor Actor, req NewToken) (IssuedToken, error) {
	if err := actor.Can(ActManageUsers, "create tokens"); err != nil {
		return IssuedToken{}, err
	}
	if err := req.Validate(); err != nil {
		return IssuedToken{}, err
	}
	key := req.IdempotencyKey
	req.IdempotencyKey = ""
	fp := req.fingerprint()
	var tok IssuedToken
	err := s.write(ctx, "issue token", func(o *op) error {
		tok = IssuedToken{}
		// The answer holds the secret, which must not be stored; so a
		// repeated key names the token it made instead of replaying it.
		made, replay, err := idempotent(o, actor, key, fp, tokenAnswer, func() (Token, error) {
			var err error
			tok, err = issueToken(o, actor, &req)
			return tok.Token, err
		})
		if err == nil && replay {
			return NewError(ECONFLICT, msgTokenReplayed, made.ID)
		}
		return err
	})
	if err != nil {
		return IssuedToken{}, err
	}
	return tok, nil
}

// issueToken makes the token of a valid request in the write.
func issueToken(o *op, actor Actor, req *NewToken) (IssuedToken, error) {
	if _, _, err := o.ensureUser(actor, req.User, req.Role, req.Partner, "", "created with the role "+string(req.Role)); err != nil {
		return IssuedToken{}, err
	}
	secret, hash := NewSecret()
	t := IssuedToken{Secret: secret, Token: Token{
		ID: TokenID(NewID(TokenPrefix, o.now)), User: req.User, Role: req.Role, Partner: req.Partner,
		CreatedBy: actor.User, CreatedAt: o.now,
	}}
	if err := o.tx.InsertToken(&TokenRow{Token: t.Token, Hash: hash}); err != nil {
		return t, err
	}
	return t, o.commitToken(actor, t.ID, "issued to "+t.User)
}

// Authenticate returns who holds a token secret (Store): a token that is
// not there and a revoked one are refused alike.
func (s *Service) Authenticate(ctx context.Context, secret string) (Session, error) {
	if !LooksLikeSecret(secret) {
		return Session{}, UnauthorizedError()
	}
	var sess Session
	err := s.read(ctx, "authenticate", func(tx ReadTx) error {
		ts, err := tx.Tokens(TokenQuery{Hash: HashSecret(secret)})
		if err != nil {
			return err
		}
		if len(ts) == 0 || ts[0].RevokedAt != nil {
			return UnauthorizedError()
		}
		t := ts[0]
		sess = Session{Actor: Actor{User: t.User, Role: t.Role, Partner: t.Partner}, TokenID: t.ID}
		return nil
	})
	if err != nil {
		return Session{}, err
	}
	return sess, nil
}

// RevokeToken revokes a token for good (Store).
func (s *Service) RevokeToken(ctx context.Context, actor Actor, id TokenID) error {
	if err := actor.Can(ActManageUsers, "revoke tokens"); err != nil {
		return err
	}
	return s.write(ctx, "revoke token", func(o *op) error {
		ts, err := o.tx.Tokens(TokenQuery{ID: id})
		switch {
		case err != nil:
			return err
		case len(ts) == 0:
			return NewError(ENOTFOUND, msgNoToken, Quoted(id))
		case ts[0].RevokedAt != nil:
			return NewError(ECONFLICT, msgTokenRevoked, id)
		}
		if err := o.tx.SetTokenRevoked(id, o.now); err != nil {
			return err
		}
		return o.commitToken(actor, id, "revoked")
	})
}

// Users lists every user by name (Store).
func (s *Service) Users(ctx context.Context) ([]User, error) {
	var us []User
	err := s.read(ctx, "list users", func(tx ReadTx) error {
		rows, err := tx.Users()
		for _, r := range rows {
			us = append(us, r.User)
		}
		return err
	})
	return us, err
}

// Tokens lists the tokens of a user, or of every user when user is ""
// (Store).
func (s *Service) Tokens(ctx context.Context, user string) ([]Token, error) {
	var ts []Token
	err := s.read(ctx, "list tokens", func(tx ReadTx) error {
		rows, err := tx.Tokens(TokenQuery{User: user})
		for _, r := range rows {
			ts = append(ts, r.Token)
		}
		return err
	})
	return ts, err
}

// CreateAccount gives a user a password, creating the user if needed; a
// new password for a user that exists unlocks the account and ends its
// sessions (Store).
func (s *Service) CreateAccount(ctx context.Context, actor Actor, req NewAccount) (User, error) {
	if err := actor.Can(ActManageUsers, "create accounts"); err != nil {
		return User{}, err
	}
	if err := req.Validate(); err != nil {
		return User{}, err
	}
	hash := HashPassword(req.Password) // slow on purpose: outside the writer
	var u User
	err := s.write(ctx, "create account", func(o *op) error {
		row, created, err := o.ensureUser(actor, req.User, req.Role, req.Partner, hash,
			"created with the role "+string(req.Role)+" and a password")
		if err != nil || created {
			u = row.User
			return err
		}
		u = row.User
		row.PasswordHash, row.FailedSignIns, row.LockedUntil = hash, 0, nil
		if err := o.tx.UpdateUser(&row); err != nil {
			return err
		}
		if err := o.tx.DeleteUserSessions(req.User); err != nil {
			return err
		}
		return o.commitUser(actor, req.User, "password set")
	})
	if err != nil {
		return User{}, err
	}
	return u, nil
}

// passwordChecks bounds the argon2id checks running at once: each takes
// 19 MiB and a core for tens of milliseconds, and anyone can ask for one.
var passwordChecks = make(chan struct{}, max(2, runtime.GOMAXPROCS(0)))

// checkPassword checks a password against its hash, waiting for a free
// slot; it reports false when the request ends first.
func checkPassword(ctx context.Context, hash, password string) bool {
	select {
	case passwordChecks <- struct{}{}:
	case <-ctx.Done():
		return false
	}
	defer func() { <-passwordChecks }()
	return CheckPassword(hash, password)
}

// noPassword spends the time of a password check, in a slot like a real
// one, so an unknown or locked user answers as slowly as a known one.
func noPassword(ctx context.Context, password string) {
	select {
	case passwordChecks <- struct{}{}:
	case <-ctx.Done():
		return
	}
	defer func() { <-passwordChecks }()
	CheckNoPassword(password)
}

// locked reports whether a user's account is locked at now, and until
// when.
func (u *UserRow) locked(now time.Time) (time.Time, bool) {
	if u.LockedUntil == nil || !now.Before(*u.LockedUntil) {
		return time.Time{}, false
	}
	return *u.LockedUntil, true
}

// SignIn checks a user's password and opens a web session (Store). Wrong
// passwords are counted; the account locks for LockDuration after
// MaxFailedSignIns in a row. An unknown user, a user without a password
// and a locked account take as long to refuse as a wrong password, so the
// answer's time does not tell who has an account.
func (s *Service) SignIn(ctx context.Context, name, password string) (WebSession, error) {
	// The password is checked outside the write: argon2id is slow on
	// purpose, and the writer serves every booking.
	if !IsText(name) {
		// No account has such a name; it is refused as an unknown one is.
		noPassword(ctx, password)
		return WebSession{}, SignInError()
	}
	var u UserRow
	var exists bool
	err := s.read(ctx, "sign in", func(tx ReadTx) error {
		var err error
		u, exists, err = userRow(tx, name)
		return err
	})
	if err != nil {
		return WebSession{}, err
	}
	if !exists || u.PasswordHash == "" {
		noPassword(ctx, password)
		return WebSession{}, SignInError()
	}
	if until, ok := u.locked(s.now()); ok {
		noPassword(ctx, password)
		return WebSession{}, LockedError(until)
	}
	ok := checkPassword(ctx, u.PasswordHash, password)
	if s.afterPasswordCheck != nil {
		s.afterPasswordCheck()
	}
	var sess WebSession
	// refused is the answer to a wrong password or a locked account; the
	// write that counts it must still commit, so it is not the write's
	// error. lockedAfter is the count of failures that made this sign-in
	// lock the account (0: it did not), for the log.
	var refused error
	var lockedAfter int
	err = s.write(ctx, "sign in", func(o *op) error {
		sess, refused, lockedAfter = WebSession{}, nil, 0
		// The lock is read again in the write: sign-ins sent at the same
		// time all passed the read above, and each must see the lock the
		// ones before it set, right password or wrong. Writes are
		// serialised, so the count below cannot lose a failure to a
		// sign-in running beside it.
		row, exists, err := userRow(o.tx, name)
		if err != nil {
			return err
		}
		if !exists {
			refused = SignInError()
			return nil
		}
		if until, locked := row.locked(o.now); locked {
			refused = LockedError(until)
			return nil
		}
		// The password was checked against the hash read before the
		// write; if it was set anew since (an administrator resetting a
		// leaked password, on this server or another), the check says
		// nothing about the password now: refuse, without counting a
		// failure, and let the person sign in again.
		if row.PasswordHash != u.PasswordHash {
			refused = SignInError()
			return nil
		}
		if !ok {
			row.FailedSignIns++
			refused = SignInError()
			if row.FailedSignIns >= MaxFailedSignIns {
				until := o.now.Add(LockDuration)
				lockedAfter = row.FailedSignIns
				row.FailedSignIns, row.LockedUntil = 0, &until
				refused = LockedError(until)
			}
			return o.tx.UpdateUser(&row)
		}
		row.FailedSignIns, row.LockedUntil = 0, nil
		if err := o.tx.UpdateUser(&row); err != nil {
			return err
		}
		sess, err = o.openSession(Actor{User: name, Role: row.Role, Partner: row.Partner}, "signed in to the web pages")
		return err
	})
	if err != nil {
		return WebSession{}, err
	}
	if lockedAfter > 0 {
		s.log.Warn("account locked after failed sign-ins", "failed", lockedAfter)
	}
	if refused != nil {
		return WebSession{}, refused
	}
	return sess, nil
}

// sessionExpired is the error for a session that is not there or has
// ended.
func sessionExpired() error {
	return NewError(EUNAUTHORIZED, msgNotSignedIn)
}

// WebSession returns the session of a secret while it is used and not
// expired (Store): it ends SessionIdle after it was last used, and at the
// latest SessionMax after it opened. That it was used is noted at most
// once a minute, so a page's many requests do not each make a write.
func (s *Service) WebSession(ctx context.Context, secret string) (WebSession, error) {
	if !LooksLikeSecret(secret) {
		return WebSession{}, sessionExpired()
	}
	hash := HashSecret(secret)
	var row SessionRow
	var exists bool
	err := s.read(ctx, "read session", func(tx ReadTx) error {
		ss, err := tx.Sessions(hash)
		if len(ss) > 0 {
			row, exists = ss[0], true
		}
		return err
	})
	if err != nil {
		return WebSession{}, err
	}
	if !exists {
		return WebSession{}, sessionExpired()
	}
	now := s.now()
	end := row.ExpiresAt
	if idle := row.LastSeen.Add(SessionIdle); idle.Before(end) {
		end = idle
	}
	if !now.Before(end) {
		return WebSession{}, sessionExpired()
	}
	sess := WebSession{Actor: row.Actor, CSRF: row.CSRF, CreatedAt: row.CreatedAt, ExpiresAt: end}
	if now.Sub(row.LastSeen) > time.Minute {
		err := s.write(ctx, "touch session", func(o *op) error {
			// A session ended since it was read has nothing to touch;
			// the request it came with was already let in.
			if err := o.tx.TouchSession(hash, o.now); err != nil && !errors.Is(err, ErrNotFound) {
				return err
			}
			return nil
		})
		if err != nil {
			return sess, err
		}
	}
	return sess, nil
}

// SignOut ends a web session (Store); one that has ended already is no
// error.
func (s *Service) SignOut(ctx context.Context, secret string) error {
	hash := HashSecret(secret)
	return s.write(ctx, "sign out", func(o *op) error {
		return o.tx.DeleteSession(hash)
	})
}
