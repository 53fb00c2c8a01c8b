package httpapi

import (
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/ontschot/ontschot/httpapi/oidc"
	"github.com/ontschot/ontschot/ledger"
)

// authenticate returns who sent the request, from its bearer token.
func (s *Server) authenticate(r *http.Request) (ledger.Session, error) {
	h := r.Header.Get("Authorization")
	scheme, secret, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return ledger.Session{}, ledger.UnauthorizedError()
	}
	secret = strings.TrimSpace(secret)
	if s.provider != nil && s.provider.AcceptsAccessTokens() && oidc.LooksLikeJWT(secret) {
		return s.providerToken(r, secret)
	}
	if !ledger.LooksLikeSecret(secret) {
		return ledger.Session{}, ledger.UnauthorizedError()
	}
	hash := ledger.HashSecret(secret)
	// Only reads trust the cache. A request that changes something looks
	// the token up every time, so a token revoked at another server (on
	// one PostgreSQL database) can never write again, nor make a token that
	// would outlive its revocation; it can read for at most the cache's
	// TTL.
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		if sess, ok := s.auth.get(hash); ok {
			return sess, nil
		}
	}
	sess, err := s.store.Authenticate(r.Context(), secret)
	if err != nil {
		return ledger.Session{}, err
	}
	s.auth.put(hash, sess)
	return sess, nil
}

// tokenCache remembers authenticated tokens for a short while, so reads
// do not look the token up every time. A revocation through this server
// takes effect at once (forget); one made at another server on the same
// database at once for writes (which do not use the cache) and within the
// TTL for reads.
type tokenCache struct {
	ttl     time.Duration
	mu      sync.Mutex
	entries map[string]tokenEntry
}

type tokenEntry struct {
	sess    ledger.Session
	expires time.Time
}

// maxCachedTokens bounds the cache; when full it starts over.
const maxCachedTokens = 10_000

func newTokenCache(ttl time.Duration) *tokenCache {
	return &tokenCache{ttl: ttl, entries: map[string]tokenEntry{}}
}

func (c *tokenCache) get(hash string) (ledger.Session, bool) {
	if c.ttl <= 0 {
		return ledger.Session{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[hash]
	if !ok || time.Now().After(e.expires) {
		return ledger.Session{}, false
	}
	return e.sess, true
}

func (c *tokenCache) put(hash string, sess ledger.Session) {
	if c.ttl <= 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.entries) >= maxCachedTokens {
		c.entries = map[string]tokenEntry{}
	}
	c.entries[hash] = tokenEntry{sess: sess, expires: time.Now().Add(c.ttl)}
}

// forget drops a revoked token.
func (c *tokenCache) forget(id ledger.TokenID) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for h, e := range c.entries {
		if e.sess.TokenID == id {
			delete(c.entries, h)
		}
	}
}

// providerToken authenticates an access token of the identity provider
// (a machine client such as a case system): checked by the relying party
// (signature, issuer, the API audience, expiry), its groups mapped to a
// role by the role map as at sign-in. It is checked every time (not
// cached), so an expired token is refused the second it expires. Errors:
// EUNAUTHORIZED saying why the token was refused (its name a local
// account's among the reasons), EFORBIDDEN when its groups map to no role.
func (s *Server) providerToken(r *http.Request, raw string) (ledger.Session, error) {
	id, err := s.provider.VerifyAccessToken(r.Context(), raw)
	if err != nil {
		s.log.InfoContext(r.Context(), "provider access token refused", "err", err.Error())
		return ledger.Session{}, ledger.NewError(ledger.EUNAUTHORIZED, ledger.MsgProviderTokenRefused, err.Error())
	}
	in, ok := s.provider.SignIn(id)
	if !ok {
		return ledger.Session{}, ledger.NewError(ledger.EFORBIDDEN, ledger.MsgProviderTokenNoRole)
	}
	actor, err := s.store.ProviderActor(r.Context(), in)
	switch ledger.ErrorCode(err) {
	case "":
		return ledger.Session{Actor: actor}, nil
	case ledger.EINVALID, ledger.ECONFLICT:
		return ledger.Session{}, ledger.NewError(ledger.EUNAUTHORIZED, ledger.MsgProviderTokenRefused, ledger.ErrorMessage(err))
	}
	return ledger.Session{}, err
}
