package oidctest

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/zitadel/oidc/v3/pkg/crypto"
	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// rsaKey is one RS256 key pair with its key ID (kid).
type rsaKey struct {
	id  string
	key *rsa.PrivateKey
}

// newRSAKey makes a 2048-bit key with a random kid.
func newRSAKey() (*rsaKey, error) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, fmt.Errorf("oidctest: generate signing key: %w", err)
	}
	return &rsaKey{id: rand.Text(), key: key}, nil
}

// signingKey presents an rsaKey as the op package's op.SigningKey.
type signingKey struct{ *rsaKey }

var _ op.SigningKey = signingKey{}

// SignatureAlgorithm is RS256, the one algorithm every relying party must
// accept (OpenID Connect Core 1.0, section 15.1).
func (k signingKey) SignatureAlgorithm() jose.SignatureAlgorithm { return jose.RS256 }

// Key is the private key.
func (k signingKey) Key() any { return k.key }

// ID is the kid.
func (k signingKey) ID() string { return k.id }

// publicKey presents an rsaKey's public half as an op.Key for the JWKS.
type publicKey struct{ *rsaKey }

var _ op.Key = publicKey{}

// ID is the kid.
func (k publicKey) ID() string { return k.id }

// Algorithm is RS256.
func (k publicKey) Algorithm() jose.SignatureAlgorithm { return jose.RS256 }

// Use is "sig": the key verifies signatures.
func (k publicKey) Use() string { return "sig" }

// Key is the public key.
func (k publicKey) Key() any { return &k.key.PublicKey }

// keyring holds every signing key a provider has had; the last is current.
// The JWKS serves all of them, as a provider in a key rollover keeps serving
// the old key until the tokens it signed have expired.
type keyring struct {
	mu       sync.Mutex
	keys     []*rsaKey
	stranger *rsaKey // signs SignWithUnknownKey; never in the JWKS
}

// rotate adds a new current key.
func (r *keyring) rotate() error {
	k, err := newRSAKey()
	if err != nil {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.keys = append(r.keys, k)
	return nil
}

// current is the key new tokens are signed with.
func (r *keyring) current() *rsaKey {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.keys[len(r.keys)-1]
}

// public lists the JWKS's keys, newest first.
func (r *keyring) public() []op.Key {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]op.Key, 0, len(r.keys))
	for i := len(r.keys) - 1; i >= 0; i-- {
		out = append(out, publicKey{r.keys[i]})
	}
	return out
}

// unknown is a key never served by the JWKS, made on first use.
func (r *keyring) unknown() (*rsaKey, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.stranger == nil {
		k, err := newRSAKey()
		if err != nil {
			return nil, err
		}
		r.stranger = k
	}
	return r.stranger, nil
}

// RotateKey gives the provider a new signing key: tokens issued from now on
// carry its new kid. The JWKS serves the new key first and keeps serving
// every earlier one, so tokens signed before the rotation still verify; a
// relying party that cached the old JWKS meets a kid it does not know.
//
// RotateKey panics if no RSA key can be generated (the system's random
// source failed).
func (p *Provider) RotateKey() {
	if err := p.keys.rotate(); err != nil {
		panic(err)
	}
}

// Sign returns claims as a JWS signed RS256 with the provider's current key,
// the kid in its header: a token a relying party must trust on its
// signature, whatever the claims say. It panics if claims cannot be encoded
// as JSON.
func (p *Provider) Sign(claims map[string]any) string {
	return mustSign(claims, p.keys.current())
}

// SignWithUnknownKey returns claims as a JWS signed RS256 by a key that the
// JWKS has never served, under a kid of its own. It panics if claims cannot
// be encoded as JSON.
func (p *Provider) SignWithUnknownKey(claims map[string]any) string {
	k, err := p.keys.unknown()
	if err != nil {
		panic(err)
	}
	return mustSign(claims, k)
}

// Unsigned returns claims as an unsecured JWT (RFC 7519, section 6): the
// header {"alg":"none","typ":"JWT"}, the claims, and an empty signature.
// It panics if claims cannot be encoded as JSON.
func (p *Provider) Unsigned(claims map[string]any) string {
	payload, err := json.Marshal(claims)
	if err != nil {
		panic(fmt.Sprintf("oidctest: encode claims: %v", err))
	}
	enc := base64.RawURLEncoding
	return enc.EncodeToString([]byte(`{"alg":"none","typ":"JWT"}`)) + "." + enc.EncodeToString(payload) + "."
}

// AccessToken returns a JWT access token such as the provider issues to a
// machine client (a client-credentials grant, where the client is its own
// subject): iss, sub, aud, exp (now + ttl), iat, nbf, a random jti,
// client_id (= sub) and the groups claim, signed RS256 with the current key.
// A negative ttl gives a token that expired -ttl ago; its iat and nbf are
// then an hour before its exp, so that only its expiry is wrong.
func (p *Provider) AccessToken(sub string, audience []string, groups []string, ttl time.Duration) string {
	exp := time.Now().Add(ttl)
	claims := oidc.NewAccessTokenClaims(p.Issuer, sub, audience, exp, rand.Text(), sub, 0)
	if ttl < 0 {
		claims.IssuedAt = oidc.FromTime(exp.Add(-time.Hour))
		claims.NotBefore = claims.IssuedAt
	}
	claims.Claims = map[string]any{p.groupsClaim: groupList(groups)}
	signer, err := op.SignerFromKey(signingKey{p.keys.current()})
	if err != nil {
		panic(err)
	}
	token, err := crypto.Sign(claims, signer)
	if err != nil {
		panic(fmt.Sprintf("oidctest: sign access token: %v", err))
	}
	return token
}

// mustSign signs claims RS256 with k, the kid in the header, as the op
// package signs its own tokens.
func mustSign(claims map[string]any, k *rsaKey) string {
	signer, err := op.SignerFromKey(signingKey{k})
	if err != nil {
		panic(err)
	}
	token, err := crypto.Sign(claims, signer)
	if err != nil {
		panic(fmt.Sprintf("oidctest: sign claims: %v", err))
	}
	return token
}

// decodeClaims reads a compact JWT's payload without checking its signature.
func decodeClaims(raw string) (map[string]any, error) {
	parts := strings.Split(raw, ".")
	if len(parts) != 3 {
		return nil, errors.New("oidctest: not a compact JWT")
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return nil, fmt.Errorf("oidctest: JWT payload: %w", err)
	}
	var claims map[string]any
	if err := json.Unmarshal(payload, &claims); err != nil {
		return nil, fmt.Errorf("oidctest: JWT claims: %w", err)
	}
	return claims, nil
}

// groupList is groups as a claim value: never null, so that a person without
// groups has an empty list rather than a missing claim.
func groupList(groups []string) []string {
	return append([]string{}, groups...)
}
