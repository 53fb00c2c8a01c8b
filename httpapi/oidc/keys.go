package oidc

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"

	jose "github.com/go-jose/go-jose/v4"
)

// DefaultKeyRefetch is how often at most the provider's keys are fetched
// again for a token that names a key the set does not hold
// (Config.KeyRefetch): forged tokens naming made-up keys cannot make this
// server hammer the provider (go-oidc's RemoteKeySet fetches again on
// every failed signature), while a key the provider starts signing with is
// picked up within a minute. Providers publish a new key in their JWKS
// well before they sign with it (Entra ID, Keycloak), so the fetch at
// start or the last one normally holds it already.
const DefaultKeyRefetch = time.Minute

// maxJWKS is the largest key set read, in bytes.
const maxJWKS = 1 << 20

// keySet is the provider's signing keys, from its jwks_uri (RFC 7517), as
// go-oidc's verifier checks signatures with them (gooidc.KeySet). A token
// whose key id the set holds is checked with that key only; one whose key
// id it does not hold makes the set fetch the keys again, at most once per
// Config.KeyRefetch. Safe for concurrent use.
type keySet struct {
	url    string
	client *http.Client
	now    func() time.Time
	// every is the least time between fetches (negative: none).
	every time.Duration

	mu      sync.Mutex
	keys    []jose.JSONWebKey
	fetched time.Time
}

// signingAlgorithms are Algorithms as go-jose names them.
func signingAlgorithms() []jose.SignatureAlgorithm {
	out := make([]jose.SignatureAlgorithm, len(Algorithms))
	for i, a := range Algorithms {
		out[i] = jose.SignatureAlgorithm(a)
	}
	return out
}

// VerifySignature checks the token's signature with the provider's keys
// and returns its payload. Errors: a malformed token, an algorithm not
// accepted, a key the provider does not have, a signature that does not
// match, or the keys not fetched.
func (k *keySet) VerifySignature(ctx context.Context, token string) ([]byte, error) {
	jws, err := jose.ParseSignedCompact(token, signingAlgorithms())
	if err != nil {
		return nil, fmt.Errorf("oidc: malformed token: %w", err)
	}
	if len(jws.Signatures) != 1 {
		return nil, errors.New("oidc: a token has one signature")
	}
	kid := jws.Signatures[0].Header.KeyID
	if payload, found, err := verifyWith(jws, k.current(), kid); found {
		return payload, err
	}
	if err := k.refresh(ctx); err != nil {
		return nil, err
	}
	if payload, found, err := verifyWith(jws, k.current(), kid); found {
		return payload, err
	}
	return nil, fmt.Errorf("oidc: the provider has no key %q", kid)
}

// verifyWith checks the signature with the keys of id kid (every key when
// the token names none); found is false when no key has that id.
func verifyWith(jws *jose.JSONWebSignature, keys []jose.JSONWebKey, kid string) (payload []byte, found bool, err error) {
	err = errors.New("oidc: the signature does not match the provider's key")
	for _, key := range keys {
		if kid != "" && key.KeyID != kid {
			continue
		}
		found = true
		if p, verr := jws.Verify(&key); verr == nil {
			return p, true, nil
		}
	}
	return nil, found, err
}

func (k *keySet) current() []jose.JSONWebKey {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.keys
}

// refresh fetches the keys unless they were fetched less than k.every
// ago.
func (k *keySet) refresh(ctx context.Context) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	if !k.fetched.IsZero() && k.now().Sub(k.fetched) < k.every {
		return nil
	}
	k.fetched = k.now()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, k.url, nil)
	if err != nil {
		return err
	}
	resp, err := k.client.Do(req)
	if err != nil {
		return fmt.Errorf("oidc: fetch the provider's keys: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("oidc: fetch the provider's keys: %s", resp.Status)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxJWKS))
	if err != nil {
		return fmt.Errorf("oidc: fetch the provider's keys: %w", err)
	}
	var set jose.JSONWebKeySet
	if err := json.Unmarshal(body, &set); err != nil {
		return fmt.Errorf("oidc: the provider's keys cannot be read: %w", err)
	}
	var keys []jose.JSONWebKey
	for _, key := range set.Keys {
		if key.Use == "" || key.Use == "sig" {
			keys = append(keys, key)
		}
	}
	k.keys = keys
	return nil
}
