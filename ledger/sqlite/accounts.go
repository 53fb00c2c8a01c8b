package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"runtime"
	"time"

	"github.com/ontschot/ontschot/ledger"
)

// CreateAccount gives a user a password, creating the user if needed.
func (s *Store) CreateAccount(ctx context.Context, actor ledger.Actor, req ledger.NewAccount) (ledger.User, error) {
	if err := actor.Can(ledger.ActManageUsers, "create accounts"); err != nil {
		return ledger.User{}, err
	}
	if err := req.Validate(); err != nil {
		return ledger.User{}, err
	}
	hash := ledger.HashPassword(req.Password) // slow on purpose: outside the writer
	var u ledger.User
	err := s.write(ctx, "create account", func(w *wtx) error {
		var role string
		var partner sql.NullString
		var created string
		err := w.queryRow(`SELECT role, partner_id, created_at FROM users WHERE name = ?`, req.User).Scan(&role, &partner, &created)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			var p any
			if req.Partner != "" {
				if _, err := loadPartner(w.ctx, w.tx, req.Partner); err != nil {
					return err
				}
				p = string(req.Partner)
			}
			u = ledger.User{Name: req.User, Role: req.Role, Partner: req.Partner, CreatedAt: w.now}
			if _, err := w.exec(`INSERT INTO users (name, role, partner_id, created_at, password_hash) VALUES (?, ?, ?, ?, ?)`,
				req.User, string(req.Role), p, formatTime(w.now), hash); err != nil {
				return err
			}
			return w.commitUser(actor, req.User, "created with the role "+string(req.Role)+" and a password")
		case err != nil:
			return err
		case role != string(req.Role) || partner.String != string(req.Partner):
			return ledger.Errorf(ledger.ECONFLICT, "the user %s exists with the role %s; a user has one role, so use another user name for the role %s", req.User, role, req.Role)
		}
		u = ledger.User{Name: req.User, Role: req.Role, Partner: req.Partner, CreatedAt: parseTime(created)}
		// A new password also unlocks the account and ends its sessions.
		if _, err := w.exec(`UPDATE users SET password_hash = ?, failed_sign_ins = 0, locked_until = NULL WHERE name = ?`, hash, req.User); err != nil {
			return err
		}
		if _, err = w.exec(`DELETE FROM web_sessions WHERE user_name = ?`, req.User); err != nil {
			return err
		}
		return w.commitUser(actor, req.User, "password set")
	})
	return u, internal("create account", err)
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
	return ledger.CheckPassword(hash, password)
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
	ledger.CheckNoPassword(password)
}

// SignIn checks a user's password and opens a session. Wrong passwords are
// counted; the account locks after ledger.MaxFailedSignIns in a row.
func (s *Store) SignIn(ctx context.Context, name, password string) (ledger.WebSession, error) {
	var hash sql.NullString
	var locked sql.NullString
	err := s.readDB.QueryRowContext(ctx, `SELECT password_hash, locked_until FROM users WHERE name = ?`, name).Scan(&hash, &locked)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !hash.Valid) {
		noPassword(ctx, password)
		return ledger.WebSession{}, ledger.SignInError()
	}
	if err != nil {
		return ledger.WebSession{}, internal("sign in", err)
	}
	now := s.now()
	if locked.Valid {
		if until := parseTime(locked.String); now.Before(until) {
			noPassword(ctx, password)
			return ledger.WebSession{}, ledger.LockedError(until)
		}
	}
	ok := checkPassword(ctx, hash.String, password)
	var sess ledger.WebSession
	// refused is the answer to a wrong password; the write that counts it
	// must still commit, so it is not the write's error.
	var refused error
	err = s.write(ctx, "sign in", func(w *wtx) error {
		// The lock is read again in the write: sign-ins sent at the same
		// time all passed the read above, and each must see the lock the
		// ones before it set, right or wrong password.
		var lockedNow sql.NullString
		if err := w.queryRow(`SELECT locked_until FROM users WHERE name = ?`, name).Scan(&lockedNow); err != nil {
			return err
		}
		if lockedNow.Valid {
			if until := parseTime(lockedNow.String); w.now.Before(until) {
				refused = ledger.LockedError(until)
				return nil
			}
		}
		if !ok {
			var failed int
			if err := w.queryRow(`UPDATE users SET failed_sign_ins = failed_sign_ins + 1 WHERE name = ? RETURNING failed_sign_ins`, name).Scan(&failed); err != nil {
				return err
			}
			refused = ledger.SignInError()
			if failed >= ledger.MaxFailedSignIns {
				until := w.now.Add(ledger.LockDuration)
				if _, err := w.exec(`UPDATE users SET failed_sign_ins = 0, locked_until = ? WHERE name = ?`, formatTime(until), name); err != nil {
					return err
				}
				s.log.Warn("account locked after failed sign-ins", "failed", failed)
				refused = ledger.LockedError(until)
			}
			return nil
		}
		var role string
		var partner sql.NullString
		if err := w.queryRow(`SELECT role, partner_id FROM users WHERE name = ?`, name).Scan(&role, &partner); err != nil {
			return err
		}
		if _, err := w.exec(`UPDATE users SET failed_sign_ins = 0, locked_until = NULL WHERE name = ?`, name); err != nil {
			return err
		}
		secret, hash := ledger.NewSecret()
		sess = ledger.WebSession{Actor: ledger.Actor{User: name, Role: ledger.Role(role), Partner: ledger.PartnerID(partner.String)},
			Secret: secret, CSRF: ledger.NewCSRFToken(), CreatedAt: w.now, ExpiresAt: w.now.Add(ledger.SessionIdle)}
		// The session is committed to when it opens: a session row put in
		// the file by hand would sign someone in as anyone.
		r := ledger.SessionRecord(hash, name, w.now, w.now.Add(ledger.SessionMax))
		t := ledger.RecordTransaction(&r, "", sess.Actor, w.today(), "signed in to the web pages")
		if err := w.book(&t); err != nil {
			return err
		}
		_, err := w.exec(`INSERT INTO web_sessions (hash, user_name, csrf, created_at, last_seen, expires_at, seq) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			hash, name, sess.CSRF, formatTime(w.now), formatTime(w.now), formatTime(w.now.Add(ledger.SessionMax)), t.Seq)
		return err
	})
	if err != nil {
		return ledger.WebSession{}, internal("sign in", err)
	}
	if refused != nil {
		return ledger.WebSession{}, refused
	}
	return sess, nil
}

// WebSession returns the session of a secret, while it is used and not
// expired, and notes that it was used (at most once a minute).
func (s *Store) WebSession(ctx context.Context, secret string) (ledger.WebSession, error) {
	if !ledger.LooksLikeSecret(secret) {
		return ledger.WebSession{}, sessionExpired()
	}
	hash := ledger.HashSecret(secret)
	var sess ledger.WebSession
	var role, created, lastSeen, expires string
	var partner sql.NullString
	err := s.readDB.QueryRowContext(ctx, `SELECT w.user_name, u.role, u.partner_id, w.csrf, w.created_at, w.last_seen, w.expires_at
		FROM web_sessions w JOIN users u ON u.name = w.user_name WHERE w.hash = ?`, hash).
		Scan(&sess.User, &role, &partner, &sess.CSRF, &created, &lastSeen, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return sess, sessionExpired()
	}
	if err != nil {
		return sess, internal("read session", err)
	}
	now := s.now()
	seen := parseTime(lastSeen)
	end := parseTime(expires)
	if idle := seen.Add(ledger.SessionIdle); idle.Before(end) {
		end = idle
	}
	if !now.Before(end) {
		return ledger.WebSession{}, sessionExpired()
	}
	sess.Role, sess.Partner, sess.CreatedAt, sess.ExpiresAt = ledger.Role(role), ledger.PartnerID(partner.String), parseTime(created), end
	if now.Sub(seen) > time.Minute {
		err := s.write(ctx, "touch session", func(w *wtx) error {
			_, err := w.exec(`UPDATE web_sessions SET last_seen = ? WHERE hash = ?`, formatTime(w.now), hash)
			return err
		})
		if err != nil {
			return sess, internal("touch session", err)
		}
	}
	return sess, nil
}

func sessionExpired() error {
	return ledger.Errorf(ledger.EUNAUTHORIZED, "you are not signed in, or your session has ended; sign in again")
}

// SignOut ends a session.
func (s *Store) SignOut(ctx context.Context, secret string) error {
	hash := ledger.HashSecret(secret)
	err := s.write(ctx, "sign out", func(w *wtx) error {
		_, err := w.exec(`DELETE FROM web_sessions WHERE hash = ?`, hash)
		return err
	})
	return internal("sign out", err)
}
