package ledger

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// Accounts for the web pages: a user signs in with a password, and gets a
// session kept in a cookie. Passwords are stored only as argon2id hashes;
// after MaxFailedSignIns wrong passwords in a row the account is locked for
// LockDuration.

// Password rules and the sign-in's limits.
const (
	MinPasswordLength = 12
	MaxPasswordLength = 256
	MaxFailedSignIns  = 5
	LockDuration      = 15 * time.Minute
	// SessionIdle ends a session nobody used for this long; SessionMax ends
	// any session after a working day.
	SessionIdle = 45 * time.Minute
	SessionMax  = 10 * time.Hour
)

// argon2id parameters: OWASP's recommendation for argon2id (19 MiB, two
// passes, one lane).
const (
	argonTime    = 2
	argonMemory  = 19 * 1024
	argonThreads = 1
	argonKeyLen  = 32
)

// NewAccount gives a user a password to sign in to the web pages with,
// creating the user with the role (and partner) if it does not exist.
type NewAccount struct {
	User     string
	Role     Role
	Partner  PartnerID
	Password string
}

// Validate checks the request: a valid user name and role, and a password
// of at least MinPasswordLength characters that is not the user name.
func (n *NewAccount) Validate() error {
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
	switch l := utf8.RuneCountInString(n.Password); {
	case l < MinPasswordLength:
		fe.add("password", msgPasswordTooShort, MinPasswordLength)
	case l > MaxPasswordLength:
		fe.add("password", msgPasswordTooLong, MaxPasswordLength)
	case strings.EqualFold(n.Password, n.User):
		fe.add("password", msgPasswordIsUserName)
	}
	return fe.err(nounAccount)
}

// HashPassword returns the argon2id hash of a password in the PHC string
// format: "$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>".
func HashPassword(password string) string {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		panic(err)
	}
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key))
}

// CheckPassword reports whether password matches a hash made by
// HashPassword (with whatever parameters it records), in constant time.
func CheckPassword(encoded, password string) bool {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var version int
	var memory, time uint32
	var threads uint8
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &memory, &time, &threads); err != nil || memory == 0 || time == 0 || threads == 0 {
		return false
	}
	salt, err := base64.RawStdEncoding.DecodeString(parts[4])
	if err != nil {
		return false
	}
	want, err := base64.RawStdEncoding.DecodeString(parts[5])
	if err != nil || len(want) == 0 {
		return false
	}
	got := argon2.IDKey([]byte(password), salt, time, memory, threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// dummyHash is checked when a user does not exist, so a wrong user name
// takes as long as a wrong password and does not reveal who has an account.
var dummyHash = HashPassword("ontschot: no such user")

// CheckNoPassword spends the time of a password check and reports false.
func CheckNoPassword(password string) bool {
	CheckPassword(dummyHash, password)
	return false
}

// GeneratePassword returns a random password of five groups of four
// letters and digits (about 100 bits), easy to type from a screen.
func GeneratePassword() string {
	const alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
	b := make([]byte, 20)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	var s strings.Builder
	for i, c := range b {
		if i > 0 && i%4 == 0 {
			s.WriteByte('-')
		}
		s.WriteByte(alphabet[int(c)%len(alphabet)])
	}
	return s.String()
}

// WebSession is a signed-in user's session on the web pages. The secret
// travels in a cookie and is stored only as a hash; CSRF is the token every
// form of the session must carry.
type WebSession struct {
	Actor
	Secret    string    `json:"-"`
	CSRF      string    `json:"-"`
	CreatedAt time.Time `json:"createdAt"`
	ExpiresAt time.Time `json:"expiresAt"`
}

// SignInError is the error for a failed sign-in. It does not say whether
// the user name or the password was wrong.
func SignInError() error {
	return NewError(EUNAUTHORIZED, msgSignInFailed)
}

// LockedError is the error for an account locked after too many failed
// sign-ins.
func LockedError(until time.Time) error {
	return NewError(EUNAUTHORIZED, msgAccountLocked, MaxFailedSignIns, until.In(Amsterdam).Format("15:04"))
}

// NewCSRFToken returns a random token for a form.
func NewCSRFToken() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return base64.RawURLEncoding.EncodeToString(b)
}
