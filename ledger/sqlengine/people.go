package sqlengine

import (
	"database/sql"
	"strings"
	"time"

	"github.com/ontschot/ontschot/ledger"
)

// Users returns the users with the given names, or every user, by name
// (ledger.PeopleReads).
func (r *reader) Users(names ...string) ([]ledger.UserRow, error) {
	query := `SELECT name, role, partner_id, created_at, password_hash, failed_sign_ins, locked_until FROM users`
	args := make([]any, len(names))
	for i, n := range names {
		args[i] = n
	}
	if len(names) > 0 {
		query += ` WHERE name IN (` + placeholders(len(names)) + `)`
	}
	var us []ledger.UserRow
	err := r.each(query+` ORDER BY name`, func(rows *sql.Rows) error {
		var u ledger.UserRow
		var role, created string
		var partner, hash, locked sql.NullString
		if err := rows.Scan(&u.Name, &role, &partner, &created, &hash, &u.FailedSignIns, &locked); err != nil {
			return err
		}
		u.Role, u.Partner, u.CreatedAt = ledger.Role(role), ledger.PartnerID(partner.String), parseTime(created)
		u.PasswordHash, u.LockedUntil = hash.String, nullTime(locked)
		us = append(us, u)
		return nil
	}, args...)
	return us, err
}

// Tokens returns the tokens the query selects, by id
// (ledger.PeopleReads).
func (r *reader) Tokens(q ledger.TokenQuery) ([]ledger.TokenRow, error) {
	var where []string
	var args []any
	if q.ID != "" {
		where, args = append(where, "t.id = ?"), append(args, string(q.ID))
	}
	if q.Hash != "" {
		where, args = append(where, "t.hash = ?"), append(args, q.Hash)
	}
	if q.User != "" {
		where, args = append(where, "t.user_name = ?"), append(args, q.User)
	}
	cond := ""
	if len(where) > 0 {
		cond = ` WHERE ` + strings.Join(where, " AND ")
	}
	var ts []ledger.TokenRow
	err := r.each(`SELECT t.id, t.user_name, u.role, u.partner_id, t.hash, t.created_by, t.created_at, t.revoked_at
		FROM tokens t JOIN users u ON u.name = t.user_name`+cond+` ORDER BY t.id`, func(rows *sql.Rows) error {
		var t ledger.TokenRow
		var role, created string
		var partner, revoked sql.NullString
		if err := rows.Scan(&t.ID, &t.User, &role, &partner, &t.Hash, &t.CreatedBy, &created, &revoked); err != nil {
			return err
		}
		t.Role, t.Partner, t.CreatedAt, t.RevokedAt = ledger.Role(role), ledger.PartnerID(partner.String), parseTime(created), nullTime(revoked)
		ts = append(ts, t)
		return nil
	}, args...)
	return ts, err
}

// Sessions returns the web sessions with the given hashes, or every
// session, oldest first (ledger.PeopleReads).
func (r *reader) Sessions(hashes ...string) ([]ledger.SessionRow, error) {
	cond := ""
	args := make([]any, len(hashes))
	for i, h := range hashes {
		args[i] = h
	}
	if len(hashes) > 0 {
		cond = ` WHERE w.hash IN (` + placeholders(len(hashes)) + `)`
	}
	var ss []ledger.SessionRow
	err := r.each(`SELECT w.hash, w.user_name, u.role, u.partner_id, w.csrf, w.created_at, w.last_seen, w.expires_at, w.seq
		FROM web_sessions w JOIN users u ON u.name = w.user_name`+cond+` ORDER BY w.created_at, w.hash`, func(rows *sql.Rows) error {
		var s ledger.SessionRow
		var role, created, seen, expires string
		var partner sql.NullString
		var seq sql.NullInt64
		if err := rows.Scan(&s.Hash, &s.User, &role, &partner, &s.CSRF, &created, &seen, &expires, &seq); err != nil {
			return err
		}
		s.Role, s.Partner, s.Seq = ledger.Role(role), ledger.PartnerID(partner.String), seq.Int64
		s.CreatedAt, s.LastSeen, s.ExpiresAt = parseTime(created), parseTime(seen), parseTime(expires)
		ss = append(ss, s)
		return nil
	}, args...)
	return ss, err
}

// InsertUser adds a user (ledger.PeopleWrites). A user without a partner
// stores NULL, which the users table's check requires of every role but
// partner; one without a password stores NULL too.
func (w *wtx) InsertUser(u *ledger.UserRow) error {
	return w.insert(`INSERT INTO users (name, role, partner_id, created_at, password_hash, failed_sign_ins, locked_until) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		u.Name, string(u.Role), sql.NullString{String: string(u.Partner), Valid: u.Partner != ""}, FormatTime(u.CreatedAt), sql.NullString{String: u.PasswordHash, Valid: u.PasswordHash != ""},
		u.FailedSignIns, instantOrNull(u.LockedUntil))
}

// UpdateUser writes a user's password hash and sign-in counters
// (ledger.PeopleWrites).
func (w *wtx) UpdateUser(u *ledger.UserRow) error {
	return w.execOne(`UPDATE users SET password_hash = ?, failed_sign_ins = ?, locked_until = ? WHERE name = ?`,
		sql.NullString{String: u.PasswordHash, Valid: u.PasswordHash != ""}, u.FailedSignIns, instantOrNull(u.LockedUntil), u.Name)
}

// SetUserRole writes a user's role and partner (ledger.PeopleWrites).
func (w *wtx) SetUserRole(name string, role ledger.Role, partner ledger.PartnerID) error {
	return w.execOne(`UPDATE users SET role = ?, partner_id = ? WHERE name = ?`,
		string(role), sql.NullString{String: string(partner), Valid: partner != ""}, name)
}

// InsertToken adds a token (ledger.PeopleWrites).
func (w *wtx) InsertToken(t *ledger.TokenRow) error {
	return w.insert(`INSERT INTO tokens (id, user_name, hash, created_by, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?)`,
		string(t.ID), t.User, t.Hash, t.CreatedBy, FormatTime(t.CreatedAt), instantOrNull(t.RevokedAt))
}

// SetTokenRevoked marks a token revoked (ledger.PeopleWrites).
func (w *wtx) SetTokenRevoked(id ledger.TokenID, at time.Time) error {
	return w.execOne(`UPDATE tokens SET revoked_at = ? WHERE id = ?`, FormatTime(at), string(id))
}

// InsertSession adds a web session (ledger.PeopleWrites).
func (w *wtx) InsertSession(s *ledger.SessionRow) error {
	var seq any
	if s.Seq != 0 {
		seq = s.Seq
	}
	return w.insert(`INSERT INTO web_sessions (hash, user_name, csrf, created_at, last_seen, expires_at, seq) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		s.Hash, s.User, s.CSRF, FormatTime(s.CreatedAt), FormatTime(s.LastSeen), FormatTime(s.ExpiresAt), seq)
}

// TouchSession sets when a web session was last used
// (ledger.PeopleWrites).
func (w *wtx) TouchSession(hash string, lastSeen time.Time) error {
	return w.execOne(`UPDATE web_sessions SET last_seen = ? WHERE hash = ?`, FormatTime(lastSeen), hash)
}

// DeleteSession ends one web session (ledger.PeopleWrites).
func (w *wtx) DeleteSession(hash string) error {
	_, err := w.exec(`DELETE FROM web_sessions WHERE hash = ?`, hash)
	return err
}

// DeleteUserSessions ends every web session of a user
// (ledger.PeopleWrites).
func (w *wtx) DeleteUserSessions(user string) error {
	_, err := w.exec(`DELETE FROM web_sessions WHERE user_name = ?`, user)
	return err
}

// instantOrNull stores an optional instant: NULL for nil.
func instantOrNull(t *time.Time) any {
	if t == nil {
		return nil
	}
	return FormatTime(*t)
}
