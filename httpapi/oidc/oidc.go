// Package oidc signs people in with the municipality's own identity
// provider (Microsoft Entra ID, ADFS, Keycloak and the like) by OpenID
// Connect, and checks the provider's access tokens for machine clients of
// the API. It is the relying party's side of the protocol, built on
// github.com/coreos/go-oidc/v3 (discovery, the provider's keys, ID token
// checks) and golang.org/x/oauth2 (the authorization code flow, PKCE); the
// rules (which groups give which role, what a sign-in books) are package
// ledger's (ledger.RoleMap, ledger.Store.OpenProviderSession).
//
// The flow is the authorization code flow with PKCE (RFC 7636, S256), a
// state and a nonce (OpenID Connect Core 1.0, sections 3.1.2.1 and 15.5.2).
// An ID token is accepted only when it is signed by a key of the
// provider's JWKS with an accepted algorithm (never "none"; a key the set
// does not hold makes go-oidc fetch the set again, so the provider can
// rotate its keys), was issued by the configured issuer for this client
// (aud, and azp when there are several audiences), has not expired, and
// carries the nonce of this sign-in.
package oidc

import (
	"context"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	gooidc "github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/ontschot/ontschot/ledger"
)

// Algorithms are the signature algorithms an ID token or access token may
// be signed with: RSA and ECDSA as providers use them (RFC 7518, 3.1).
// "none" and the HMAC algorithms (keyed with the client secret, which a
// provider's JWKS cannot hold) are not among them.
var Algorithms = []string{gooidc.RS256, gooidc.RS384, gooidc.RS512, gooidc.PS256, gooidc.PS384, gooidc.PS512, gooidc.ES256, gooidc.ES384, gooidc.ES512}

// Config is how ontschot is registered at the provider.
type Config struct {
	// Issuer is the provider's issuer URL; its discovery document is at
	// Issuer + "/.well-known/openid-configuration".
	Issuer string
	// ClientID and ClientSecret are the client registered for ontschot
	// (a confidential web client).
	ClientID, ClientSecret string
	// RedirectURL is the callback registered at the provider: the public
	// URL of ontschot + CallbackPath.
	RedirectURL string
	// PostLogoutURL is where the provider sends a person after signing
	// out there (registered as a post-logout redirect URI).
	PostLogoutURL string
	// GroupsClaim names the claim that holds the person's groups.
	// Default "groups".
	GroupsClaim string
	// UsernameClaim names the claim whose value is the person's name in
	// ontschot. Default "sub", the provider's stable subject; a claim such
	// as preferred_username is friendlier, but must not change.
	UsernameClaim string
	// APIAudience is the audience an access token must be issued for to
	// be accepted by the API. "" accepts no access tokens.
	APIAudience string
	// Roles maps the groups to roles, its partners resolved.
	Roles ledger.RoleMap
	// HTTPClient reaches the provider. Default: http.DefaultClient with
	// a 10 s timeout.
	HTTPClient *http.Client
	// Now is the clock tokens are checked against. Default: time.Now.
	Now func() time.Time
	// KeyRefetch is the least time between two fetches of the provider's
	// keys for tokens naming a key not yet known. Default
	// DefaultKeyRefetch; negative: fetch whenever a key is not known.
	KeyRefetch time.Duration
}

// CallbackPath and StartPath are the sign-in's routes on the pages.
const (
	StartPath    = "/inloggen/oidc"
	CallbackPath = "/inloggen/oidc/terug"
)

// RelyingParty is ontschot as the provider's client. Safe for concurrent
// use.
type RelyingParty struct {
	cfg        Config
	oauth      oauth2.Config
	idTokens   *gooidc.IDTokenVerifier
	apiTokens  *gooidc.IDTokenVerifier
	endSession string
	provider   *gooidc.Provider
	client     *http.Client
}

// New reads the provider's discovery document and returns the relying
// party. Errors: a plain error saying what is missing from the
// configuration or why the provider could not be reached.
func New(ctx context.Context, cfg Config) (*RelyingParty, error) {
	switch {
	case cfg.Issuer == "":
		return nil, errors.New("no issuer: give the provider's issuer URL (--oidc-issuer)")
	case cfg.ClientID == "":
		return nil, errors.New("no client id: give the id of the client registered for ontschot (--oidc-client-id)")
	case cfg.ClientSecret == "":
		return nil, errors.New("no client secret: give the file that holds the client's secret (--oidc-client-secret-file)")
	case cfg.RedirectURL == "":
		return nil, errors.New("no redirect URL: give ontschot's public URL (--public-url)")
	case len(cfg.Roles) == 0:
		return nil, errors.New("no role map: give the file that maps the provider's groups to roles (--oidc-roles)")
	case cfg.APIAudience != "" && cfg.APIAudience == cfg.ClientID:
		// ID tokens are issued for the client id: the API would take a
		// person's ID token as an access token.
		return nil, errors.New("the API audience is the client id, for which the provider issues ID tokens: give the API's own audience (its application id URI) with --oidc-api-audience")
	}
	if cfg.GroupsClaim == "" {
		cfg.GroupsClaim = "groups"
	}
	if cfg.UsernameClaim == "" {
		cfg.UsernameClaim = "sub"
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	client := cfg.HTTPClient
	if client == nil {
		client = &http.Client{Timeout: 10 * time.Second}
	}
	ctx = gooidc.ClientContext(ctx, client)
	p, err := gooidc.NewProvider(ctx, cfg.Issuer)
	if err != nil {
		return nil, fmt.Errorf("the identity provider %s cannot be read: %w", cfg.Issuer, err)
	}
	var meta struct {
		EndSession string `json:"end_session_endpoint"`
		JWKS       string `json:"jwks_uri"`
	}
	if err := p.Claims(&meta); err != nil {
		return nil, fmt.Errorf("the identity provider's discovery document cannot be read: %w", err)
	}
	if meta.JWKS == "" {
		return nil, errors.New("the identity provider's discovery document names no jwks_uri: its keys cannot be found")
	}
	if cfg.KeyRefetch == 0 {
		cfg.KeyRefetch = DefaultKeyRefetch
	}
	keys := &keySet{url: meta.JWKS, client: client, now: cfg.Now, every: cfg.KeyRefetch}
	if err := keys.refresh(ctx); err != nil {
		return nil, fmt.Errorf("the identity provider's keys cannot be read: %w", err)
	}
	rp := &RelyingParty{cfg: cfg, provider: p, client: client, endSession: meta.EndSession,
		oauth: oauth2.Config{ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret, RedirectURL: cfg.RedirectURL,
			Endpoint: p.Endpoint(), Scopes: []string{gooidc.ScopeOpenID, "profile", "email"}},
		idTokens: gooidc.NewVerifier(cfg.Issuer, keys, &gooidc.Config{ClientID: cfg.ClientID, SupportedSigningAlgs: Algorithms, Now: cfg.Now}),
	}
	if cfg.APIAudience != "" {
		rp.apiTokens = gooidc.NewVerifier(cfg.Issuer, keys, &gooidc.Config{ClientID: cfg.APIAudience, SupportedSigningAlgs: Algorithms, Now: cfg.Now})
	}
	return rp, nil
}

// Issuer is the provider's issuer URL.
func (rp *RelyingParty) Issuer() string { return rp.cfg.Issuer }

// RedirectURL is the callback to register at the provider.
func (rp *RelyingParty) RedirectURL() string { return rp.cfg.RedirectURL }

// AcceptsAccessTokens reports whether the API takes the provider's access
// tokens (an APIAudience is configured).
func (rp *RelyingParty) AcceptsAccessTokens() bool { return rp.apiTokens != nil }

// Pending is a sign-in under way: what the browser keeps (in a cookie)
// between sending the person to the provider and their coming back.
type Pending struct {
	State    string `json:"s"`
	Nonce    string `json:"n"`
	Verifier string `json:"v"`
	// Back is the page to show after signing in.
	Back string `json:"b"`
}

// Start begins a sign-in: it returns the provider's authorization URL to
// send the person to, and what to keep until they come back.
func (rp *RelyingParty) Start(back string) (string, Pending) {
	p := Pending{State: ledger.NewCSRFToken(), Nonce: ledger.NewCSRFToken(), Verifier: oauth2.GenerateVerifier(), Back: back}
	u := rp.oauth.AuthCodeURL(p.State, gooidc.Nonce(p.Nonce), oauth2.S256ChallengeOption(p.Verifier))
	return u, p
}

// Identity is a person or machine the provider vouched for.
type Identity struct {
	// User is the name in ontschot (the UsernameClaim's value).
	User string
	// Groups are the groups the provider says they are in.
	Groups []string
	// Email is the standard claim email ("" without it, or when the
	// provider says it is not verified: email_verified false), where the
	// person's notifications are mailed.
	Email string
	// IDToken is the raw ID token of a sign-in, for signing out at the
	// provider ("" for an access token).
	IDToken string
}

// Refusal is why a sign-in or a token was refused, for the log; the
// person is told only that it failed (or, for Reason NoRole, that they
// have no role).
type Refusal struct {
	Reason string
	Err    error
}

// Refusal reasons.
const (
	// ReasonProvider: the provider answered the sign-in with an error.
	ReasonProvider = "provider_error"
	// ReasonState: the state does not match the pending sign-in (or there
	// is none: a replayed or forged callback).
	ReasonState = "state_mismatch"
	// ReasonExchange: the provider refused the code (replayed, expired,
	// wrong verifier) or could not be reached.
	ReasonExchange = "code_exchange"
	// ReasonToken: the ID token or access token failed a check
	// (signature, algorithm, issuer, audience, expiry).
	ReasonToken = "token_invalid"
	// ReasonNonce: the ID token does not carry this sign-in's nonce.
	ReasonNonce = "nonce_mismatch"
	// ReasonClaims: a claim the configuration needs is missing or has the
	// wrong type.
	ReasonClaims = "claims"
	// ReasonNoRole: none of the person's groups maps to a role.
	ReasonNoRole = "no_role"
)

// errorCode is an OAuth error code as it may be logged: at most 40 of the
// characters RFC 6749 allows in one, the rest left out.
func errorCode(s string) string {
	var b strings.Builder
	for _, c := range s {
		if b.Len() >= 40 {
			break
		}
		if c >= 0x20 && c <= 0x7e && c != '"' && c != '\\' {
			b.WriteRune(c)
		}
	}
	return b.String()
}

func (r *Refusal) Error() string {
	if r.Err == nil {
		return "oidc: " + r.Reason
	}
	return "oidc: " + r.Reason + ": " + r.Err.Error()
}

func (r *Refusal) Unwrap() error { return r.Err }

func refuse(reason string, format string, args ...any) *Refusal {
	return &Refusal{Reason: reason, Err: fmt.Errorf(format, args...)}
}

// Finish completes a sign-in from the provider's answer at the callback
// (its query: code and state, or error and error_description) and what
// was pending. Errors: a *Refusal saying why.
func (rp *RelyingParty) Finish(ctx context.Context, p Pending, query url.Values) (Identity, error) {
	state := query.Get("state")
	if p.State == "" || subtle.ConstantTimeCompare([]byte(state), []byte(p.State)) != 1 {
		return Identity{}, refuse(ReasonState, "the state of the callback is not the one of the sign-in under way")
	}
	if e := query.Get("error"); e != "" {
		// Only the error code, and only as the code it should be
		// (RFC 6749, 4.1.2.1: printable ASCII), goes to the log: the
		// description is anyone's text.
		return Identity{}, refuse(ReasonProvider, "the provider answered %q", errorCode(e))
	}
	ctx = gooidc.ClientContext(ctx, rp.client)
	tok, err := rp.oauth.Exchange(ctx, query.Get("code"), oauth2.VerifierOption(p.Verifier))
	if err != nil {
		return Identity{}, &Refusal{Reason: ReasonExchange, Err: err}
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		return Identity{}, refuse(ReasonToken, "the token response holds no ID token")
	}
	idt, err := rp.idTokens.Verify(ctx, raw)
	if err != nil {
		return Identity{}, &Refusal{Reason: ReasonToken, Err: err}
	}
	if subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(p.Nonce)) != 1 {
		return Identity{}, refuse(ReasonNonce, "the ID token's nonce is not this sign-in's")
	}
	var claims map[string]any
	if err := idt.Claims(&claims); err != nil {
		return Identity{}, &Refusal{Reason: ReasonClaims, Err: err}
	}
	// With several audiences the token must name this client as the
	// party it was issued to (OpenID Connect Core 1.0, 3.1.3.7).
	if len(idt.Audience) > 1 {
		if azp, _ := claims["azp"].(string); azp != rp.cfg.ClientID {
			return Identity{}, refuse(ReasonToken, "the ID token has several audiences and azp %q is not this client", azp)
		}
	}
	if _, ok := claims[rp.cfg.GroupsClaim]; !ok {
		// Some providers put the groups only in the userinfo answer.
		info, err := rp.provider.UserInfo(ctx, oauth2.StaticTokenSource(tok))
		if err == nil {
			var more map[string]any
			if err := info.Claims(&more); err == nil && more["sub"] == claims["sub"] {
				if g, ok := more[rp.cfg.GroupsClaim]; ok {
					claims[rp.cfg.GroupsClaim] = g
				}
			}
		}
	}
	id, err := rp.identity(claims, false)
	if err != nil {
		return Identity{}, err
	}
	id.IDToken = raw
	return id, nil
}

// VerifyAccessToken checks a provider's access token sent to the API: a
// JWT signed by the provider, issued by the configured issuer for the
// APIAudience (never the client id, for which ID tokens are issued: New
// refuses that), not expired, and not an ID token (one with a nonce). The name is the UsernameClaim, or for a machine
// client without it the client's id (client_id or azp). Errors: a
// *Refusal.
func (rp *RelyingParty) VerifyAccessToken(ctx context.Context, raw string) (Identity, error) {
	if rp.apiTokens == nil {
		return Identity{}, refuse(ReasonToken, "the API takes no access tokens of the provider (no API audience configured)")
	}
	ctx = gooidc.ClientContext(ctx, rp.client)
	t, err := rp.apiTokens.Verify(ctx, raw)
	if err != nil {
		return Identity{}, &Refusal{Reason: ReasonToken, Err: err}
	}
	if t.Nonce != "" {
		return Identity{}, refuse(ReasonToken, "an ID token was sent as an access token")
	}
	var claims map[string]any
	if err := t.Claims(&claims); err != nil {
		return Identity{}, &Refusal{Reason: ReasonClaims, Err: err}
	}
	return rp.identity(claims, true)
}

// identity reads the name and the groups from a token's claims.
func (rp *RelyingParty) identity(claims map[string]any, machine bool) (Identity, error) {
	var id Identity
	name, _ := claims[rp.cfg.UsernameClaim].(string)
	if name == "" && machine {
		name, _ = claims["client_id"].(string)
		if name == "" {
			name, _ = claims["azp"].(string)
		}
	}
	if name == "" {
		return id, refuse(ReasonClaims, "the token has no string claim %q to name the user by", rp.cfg.UsernameClaim)
	}
	id.User = name
	if email, _ := claims["email"].(string); email != "" {
		if verified, ok := claims["email_verified"].(bool); !ok || verified {
			id.Email = email
		}
	}
	switch g := claims[rp.cfg.GroupsClaim].(type) {
	case nil:
	case string:
		id.Groups = []string{g}
	case []any:
		for _, x := range g {
			s, ok := x.(string)
			if !ok {
				return id, refuse(ReasonClaims, "the claim %q holds a %T, not a group name", rp.cfg.GroupsClaim, x)
			}
			id.Groups = append(id.Groups, s)
		}
	default:
		return id, refuse(ReasonClaims, "the claim %q is a %T, not a list of groups", rp.cfg.GroupsClaim, g)
	}
	return id, nil
}

// SignIn is what a verified identity may do in ontschot: the role and
// partner its groups map to. It reports false when none of its groups
// maps to a role.
func (rp *RelyingParty) SignIn(id Identity) (ledger.ProviderSignIn, bool) {
	m, ok := rp.cfg.Roles.Resolve(id.Groups)
	if !ok {
		return ledger.ProviderSignIn{}, false
	}
	return ledger.ProviderSignIn{User: id.User, Role: m.Role, Partner: m.Partner, Email: id.Email}, true
}

// EndSessionURL is where to send a person to sign out at the provider
// too, with the ID token of their sign-in as a hint (OpenID Connect
// RP-Initiated Logout 1.0); "" when the provider has no end-session
// endpoint.
func (rp *RelyingParty) EndSessionURL(idToken string) string {
	if rp.endSession == "" {
		return ""
	}
	q := url.Values{"client_id": {rp.cfg.ClientID}}
	if idToken != "" {
		q.Set("id_token_hint", idToken)
	}
	if rp.cfg.PostLogoutURL != "" {
		q.Set("post_logout_redirect_uri", rp.cfg.PostLogoutURL)
	}
	sep := "?"
	if strings.Contains(rp.endSession, "?") {
		sep = "&"
	}
	return rp.endSession + sep + q.Encode()
}

// EndSessionOrigin is the origin (scheme://host) of the provider's
// end-session endpoint, for the pages' Content-Security-Policy; "" when
// there is none.
func (rp *RelyingParty) EndSessionOrigin() string {
	u, err := url.Parse(rp.endSession)
	if rp.endSession == "" || err != nil || u.Host == "" {
		return ""
	}
	return u.Scheme + "://" + u.Host
}

// EncodePending writes a pending sign-in for its cookie.
func EncodePending(p Pending) string {
	b, _ := json.Marshal(p)
	return base64URL(b)
}

// DecodePending reads a pending sign-in from its cookie; false when the
// value is not one.
func DecodePending(s string) (Pending, bool) {
	var p Pending
	b, err := unbase64URL(s)
	if err != nil || json.Unmarshal(b, &p) != nil || p.State == "" || p.Nonce == "" || p.Verifier == "" {
		return Pending{}, false
	}
	return p, true
}

// LooksLikeJWT reports whether a bearer token is a compact JWS (three
// base64url parts), as a provider's access token is, rather than one of
// ontschot's own tokens.
func LooksLikeJWT(s string) bool {
	parts := strings.Split(s, ".")
	return len(parts) == 3 && !slices.Contains(parts[:2], "")
}

func base64URL(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

func unbase64URL(s string) ([]byte, error) { return base64.RawURLEncoding.DecodeString(s) }
