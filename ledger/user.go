package ledger

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"time"
)

// TokenID identifies an API token ("TOK-…"); it is not the secret.
type TokenID string

// TokenPrefix is the ID prefix of tokens.
const TokenPrefix = "TOK"

// secretPrefix starts every token secret, so secret scanners and people
// recognise one that leaked into a chat or a repository.
const secretPrefix = "ots_"

// User is an employee or a partner's reader with exactly one role. A
// partner user belongs to one partner and sees only what that partner funds.
type User struct {
	Name      string    `json:"name"`
	Role      Role      `json:"role"`
	Partner   PartnerID `json:"partnerId,omitempty"`
	CreatedAt time.Time `json:"createdAt"`
}

// Token is an API token's public part.
type Token struct {
	ID        TokenID    `json:"id"`
	User      string     `json:"user"`
	Role      Role       `json:"role"`
	Partner   PartnerID  `json:"partnerId,omitempty"`
	CreatedBy string     `json:"createdBy"`
	CreatedAt time.Time  `json:"createdAt"`
	RevokedAt *time.Time `json:"revokedAt,omitempty"`
}

// IssuedToken is a new token with its secret, which is shown once and
// stored only as a hash.
type IssuedToken struct {
	Token
	Secret string `json:"-"`
}

// NewToken asks for a token for a user; the user is created with the role
// (and partner) if it does not exist yet.
type NewToken struct {
	User           string
	Role           Role
	Partner        PartnerID
	IdempotencyKey string
}

// Validate checks the request.
func (n *NewToken) Validate() error {
	var fe fieldErrors
	n.User = strings.TrimSpace(n.User)
	fe.checkUserName("user", n.User)
	if _, err := ParseRole(string(n.Role)); err != nil {
		fe.addErr("role", err)
	}
	switch {
	case n.Role == RolePartner && n.Partner == "":
		fe.add("partnerId", msgPartnerRequired)
	case n.Role != RolePartner && n.Partner != "":
		fe.add("partnerId", msgPartnerOnlyForPartners)
	}
	return fe.err(nounTokenRequest)
}

// Session is who presented a token.
type Session struct {
	Actor
	TokenID TokenID
}

// NewSecret returns a new random token secret and its hash.
func NewSecret() (secret, hash string) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	secret = secretPrefix + base64.RawURLEncoding.EncodeToString(b)
	return secret, HashSecret(secret)
}

// HashSecret returns the stored form of a token secret: its hex SHA-256. A
// token carries 256 random bits, so a fast hash is enough: there is nothing
// to guess.
func HashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// LooksLikeSecret reports whether s has the form of a token secret, so a
// garbage header is refused without a lookup.
func LooksLikeSecret(s string) bool {
	return strings.HasPrefix(s, secretPrefix) && len(s) == len(secretPrefix)+43
}

// UnauthorizedError is the error for a missing, unknown or revoked token.
func UnauthorizedError() error {
	return NewError(EUNAUTHORIZED, msgTokenRequired)
}
