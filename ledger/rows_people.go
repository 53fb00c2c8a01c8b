package ledger

import "time"

// PeopleReads reads users, API tokens, passwords and web sessions.
type PeopleReads interface {
	// Users returns the users with the given names, or every user when
	// none is given, by name, with their password hashes and sign-in
	// counters. A name that is not there is left out.
	Users(names ...string) ([]UserRow, error)
	// Tokens returns the tokens the query selects, by id, each with its
	// user's role and partner and the hash of its secret; revoked tokens
	// included.
	Tokens(q TokenQuery) ([]TokenRow, error)
	// Sessions returns the web sessions with the given secret hashes, or
	// every session when none is given, oldest first, each with its user's
	// role and partner. A hash that is not there is left out.
	Sessions(hashes ...string) ([]SessionRow, error)
}

// PeopleWrites writes users, API tokens, passwords and web sessions.
type PeopleWrites interface {
	// InsertUser adds a user with its password hash ("" for none) and
	// sign-in counters. Errors: ErrExists when its name is taken.
	InsertUser(u *UserRow) error
	// UpdateUser writes a user's password hash, failed sign-in count and
	// lock; its role, partner and creation stay as they are. Errors:
	// ErrNotFound when there is no such user.
	UpdateUser(u *UserRow) error
	// SetUserRole writes a user's role and partner (PartnerID "" for
	// none), as an identity provider's groups give them at sign-in.
	// Errors: ErrNotFound when there is no such user.
	SetUserRole(name string, role Role, partner PartnerID) error
	// InsertToken adds a token (its Role and Partner are its user's and
	// are not stored with it). Errors: ErrExists when its id or hash is
	// taken.
	InsertToken(t *TokenRow) error
	// SetTokenRevoked marks a token revoked at the instant. Errors:
	// ErrNotFound when there is no such token.
	SetTokenRevoked(id TokenID, at time.Time) error
	// InsertSession adds a web session. Errors: ErrExists when its hash is
	// taken.
	InsertSession(s *SessionRow) error
	// TouchSession sets when a web session was last used. Errors:
	// ErrNotFound when there is no such session (it may have ended since
	// it was read).
	TouchSession(hash string, lastSeen time.Time) error
	// DeleteSession ends one web session; a hash that is not there is no
	// error.
	DeleteSession(hash string) error
	// DeleteUserSessions ends every web session of a user.
	DeleteUserSessions(user string) error
}

// UserRow is a user as stored, with what only the sign-in's rules see.
type UserRow struct {
	User
	// PasswordHash is the argon2id hash of the user's password for the
	// web pages (HashPassword); "" for a user with API tokens only.
	PasswordHash string
	// FailedSignIns counts the wrong passwords since the last right one
	// or the last lock.
	FailedSignIns int
	// LockedUntil ends the lock set after MaxFailedSignIns wrong
	// passwords (nil: never locked, or unlocked since).
	LockedUntil *time.Time
}

// TokenQuery selects tokens. The zero value selects every token; each
// field set narrows the selection.
type TokenQuery struct {
	// ID keeps the token with this id.
	ID TokenID
	// Hash keeps the token whose secret has this hash (HashSecret).
	Hash string
	// User keeps the tokens of this user.
	User string
}

// TokenRow is an API token as stored: its public part (with its user's
// role and partner) and the hash of its secret, which is all that is
// kept of the secret.
type TokenRow struct {
	Token
	Hash string
}

// SessionRow is a web session as stored. The secret is kept only as its
// hash; Actor's role and partner are its user's.
type SessionRow struct {
	Actor
	// Hash is the hash of the session's secret (HashSecret).
	Hash string
	// CSRF is the token every form of the session must carry.
	CSRF string
	// CreatedAt is when the session opened, LastSeen when it was last
	// used (at minute precision: see Service.WebSession), and ExpiresAt
	// the latest it can end (SessionMax after it opened).
	CreatedAt, LastSeen, ExpiresAt time.Time
	// Seq is the session_opened transaction that committed to it (0: a
	// session from before coverage began).
	Seq int64
}
