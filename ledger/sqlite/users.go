package sqlite

import (
	"context"
	"database/sql"
	"errors"

	"github.com/ontschot/ontschot/ledger"
)

// IssueToken creates a token for a user, creating the user if needed.
func (s *Store) IssueToken(ctx context.Context, actor ledger.Actor, req ledger.NewToken) (ledger.IssuedToken, error) {
	if err := actor.Can(ledger.ActManageUsers, "create tokens"); err != nil {
		return ledger.IssuedToken{}, err
	}
	if err := req.Validate(); err != nil {
		return ledger.IssuedToken{}, err
	}
	key := req.IdempotencyKey
	req.IdempotencyKey = ""
	fp := ledger.Fingerprint("issue_token", req)
	var tok ledger.IssuedToken
	err := s.write(ctx, "issue token", func(w *wtx) error {
		// The answer holds the secret, which must not be stored; so a
		// repeated key names the token it made instead of replaying it.
		made, replay, err := idempotent(w, actor, key, "issue_token", fp, func() (ledger.Token, error) {
			var err error
			tok, err = w.issueToken(actor, &req)
			return tok.Token, err
		})
		if err == nil && replay {
			return ledger.Errorf(ledger.ECONFLICT, "this idempotency key already created token %s; its secret was shown once. If it was lost, revoke %s and create a new token", made.ID, made.ID)
		}
		return err
	})
	return tok, internal("issue token", err)
}

func (w *wtx) issueToken(actor ledger.Actor, req *ledger.NewToken) (ledger.IssuedToken, error) {
	var role string
	var partner sql.NullString
	err := w.queryRow(`SELECT role, partner_id FROM users WHERE name = ?`, req.User).Scan(&role, &partner)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		if req.Partner != "" {
			if _, err := loadPartner(w.ctx, w.tx, req.Partner); err != nil {
				return ledger.IssuedToken{}, err
			}
		}
		var p any
		if req.Partner != "" {
			p = string(req.Partner)
		}
		if _, err := w.exec(`INSERT INTO users (name, role, partner_id, created_at) VALUES (?, ?, ?, ?)`,
			req.User, string(req.Role), p, formatTime(w.now)); err != nil {
			return ledger.IssuedToken{}, err
		}
		if err := w.commitUser(actor, req.User, "created with the role "+string(req.Role)); err != nil {
			return ledger.IssuedToken{}, err
		}
	case err != nil:
		return ledger.IssuedToken{}, err
	case role != string(req.Role) || partner.String != string(req.Partner):
		return ledger.IssuedToken{}, ledger.Errorf(ledger.ECONFLICT,
			"the user %s exists with the role %s; a user has one role, so use another user name for the role %s", req.User, role, req.Role)
	}
	secret, hash := ledger.NewSecret()
	t := ledger.IssuedToken{Secret: secret, Token: ledger.Token{
		ID: ledger.TokenID(ledger.NewID(ledger.TokenPrefix, w.now)), User: req.User, Role: req.Role, Partner: req.Partner,
		CreatedBy: actor.User, CreatedAt: w.now,
	}}
	if _, err = w.exec(`INSERT INTO tokens (id, user_name, hash, created_by, created_at) VALUES (?, ?, ?, ?, ?)`,
		string(t.ID), t.User, hash, t.CreatedBy, formatTime(t.CreatedAt)); err != nil {
		return t, err
	}
	return t, w.commitToken(actor, t.ID, "issued to "+t.User)
}

// Authenticate returns who holds the token secret.
func (s *Store) Authenticate(ctx context.Context, secret string) (ledger.Session, error) {
	if !ledger.LooksLikeSecret(secret) {
		return ledger.Session{}, ledger.UnauthorizedError()
	}
	var sess ledger.Session
	var role string
	var partner sql.NullString
	err := s.readDB.QueryRowContext(ctx, `SELECT t.id, u.name, u.role, u.partner_id FROM tokens t JOIN users u ON u.name = t.user_name
		WHERE t.hash = ? AND t.revoked_at IS NULL`, ledger.HashSecret(secret)).Scan(&sess.TokenID, &sess.User, &role, &partner)
	if errors.Is(err, sql.ErrNoRows) {
		return sess, ledger.UnauthorizedError()
	}
	sess.Role, sess.Partner = ledger.Role(role), ledger.PartnerID(partner.String)
	return sess, internal("authenticate", err)
}

// RevokeToken revokes a token for good.
func (s *Store) RevokeToken(ctx context.Context, actor ledger.Actor, id ledger.TokenID) error {
	if err := actor.Can(ledger.ActManageUsers, "revoke tokens"); err != nil {
		return err
	}
	err := s.write(ctx, "revoke token", func(w *wtx) error {
		res, err := w.exec(`UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`, formatTime(w.now), string(id))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			var exists int
			if err := w.queryRow(`SELECT COUNT(*) FROM tokens WHERE id = ?`, string(id)).Scan(&exists); err != nil {
				return err
			}
			if exists == 0 {
				return ledger.Errorf(ledger.ENOTFOUND, "there is no token %q; list the tokens to find its id", id)
			}
			return ledger.Errorf(ledger.ECONFLICT, "token %s is revoked already", id)
		}
		return w.commitToken(actor, id, "revoked")
	})
	return internal("revoke token", err)
}

// Users lists every user by name.
func (s *Store) Users(ctx context.Context) ([]ledger.User, error) {
	rows, err := s.readDB.QueryContext(ctx, `SELECT name, role, COALESCE(partner_id, ''), created_at FROM users ORDER BY name`)
	if err != nil {
		return nil, internal("list users", err)
	}
	defer rows.Close()
	var us []ledger.User
	for rows.Next() {
		var u ledger.User
		var role, partner, at string
		if err := rows.Scan(&u.Name, &role, &partner, &at); err != nil {
			return nil, internal("list users", err)
		}
		u.Role, u.Partner, u.CreatedAt = ledger.Role(role), ledger.PartnerID(partner), parseTime(at)
		us = append(us, u)
	}
	return us, internal("list users", rows.Err())
}

// Tokens lists the tokens of a user, or of every user when user is "".
func (s *Store) Tokens(ctx context.Context, user string) ([]ledger.Token, error) {
	rows, err := s.readDB.QueryContext(ctx, `SELECT t.id, t.user_name, u.role, COALESCE(u.partner_id, ''), t.created_by, t.created_at, t.revoked_at
		FROM tokens t JOIN users u ON u.name = t.user_name WHERE ? = '' OR t.user_name = ? ORDER BY t.id`, user, user)
	if err != nil {
		return nil, internal("list tokens", err)
	}
	defer rows.Close()
	var ts []ledger.Token
	for rows.Next() {
		var t ledger.Token
		var role, partner, at string
		var revoked sql.NullString
		if err := rows.Scan(&t.ID, &t.User, &role, &partner, &t.CreatedBy, &at, &revoked); err != nil {
			return nil, internal("list tokens", err)
		}
		t.Role, t.Partner, t.CreatedAt = ledger.Role(role), ledger.PartnerID(partner), parseTime(at)
		if revoked.Valid {
			r := parseTime(revoked.String)
			t.RevokedAt = &r
		}
		ts = append(ts, t)
	}
	return ts, internal("list tokens", rows.Err())
}
