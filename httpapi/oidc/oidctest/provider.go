// Package oidctest runs a real OpenID Provider on loopback for tests and the
// demo, built with zitadel/oidc's op package: discovery, JWKS, the
// authorization endpoint with a username/password login page, the token,
// userinfo and end_session endpoints, PKCE (S256) and single-use codes.
//
// It is not for production: people's passwords are held in plain text, the
// provider's token-encryption key is the library example's fixed key, and the
// issuer is served over plain http. Besides speaking the protocol, a Provider
// forges what a provider (or an attacker) might send, so that a relying
// party's refusals can be tested: tokens signed with its own key, with an
// unknown key or not at all, and a hook that rewrites the ID token of every
// token response.
//
// Several providers can run in one process; each has its own people, client,
// keys and codes.
package oidctest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/zitadel/oidc/v3/example/server/exampleop"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// Person is someone who can sign in at the provider.
type Person struct {
	// ID is the stable subject (the "sub" claim); it never changes, unlike
	// the username.
	ID string
	// Username and Password are what the person types on the login page;
	// Username is the "preferred_username" claim.
	Username, Password string
	// Name and Email are the "name" and "email" claims.
	Name, Email string
	// Groups are the values of the groups claim (Config.GroupsClaim), in the
	// ID token, the code flow's access token and the userinfo answer.
	Groups []string
}

// Config describes one provider and the one relying party registered at it.
type Config struct {
	// Addr is the listen address; "" listens on 127.0.0.1 on a free port.
	// The issuer's host is Addr's host (127.0.0.1 when Addr names none or an
	// unspecified address), its port the one listened on.
	Addr string
	// People are the ones who can sign in; IDs and usernames must be unique.
	People []Person
	// ClientID and ClientSecret register a confidential web client. The token
	// endpoint accepts the secret by HTTP Basic (client_secret_basic) and in
	// the form (client_secret_post).
	ClientID, ClientSecret string
	// RedirectURIs are the client's redirect URIs, matched exactly.
	RedirectURIs []string
	// PostLogoutRedirectURIs are where end_session may send the browser
	// back to, matched exactly.
	PostLogoutRedirectURIs []string
	// GroupsClaim names the claim that carries Person.Groups; "" is "groups".
	GroupsClaim string
}

// Paths of the endpoints below the issuer, as discovery announces them.
// They are fixed here so that TamperIDToken can find the token endpoint.
const (
	// TokenPath is the token endpoint.
	TokenPath = "/oauth/token"
	// LoginPath is the login page's form action (the example login UI's).
	LoginPath = "/login/username"
)

// Provider is a running OpenID Provider. Its methods are safe for concurrent
// use.
type Provider struct {
	// Issuer is the provider's issuer URL, e.g. http://127.0.0.1:34567, with
	// no trailing slash; discovery is at Issuer + "/.well-known/openid-configuration".
	Issuer string

	groupsClaim string
	clientID    string
	srv         *http.Server
	keys        keyring

	mu     sync.Mutex
	tamper func(raw string, claims map[string]any) string
}

// Start checks cfg, listens and serves the provider in the background; it is
// listening when Start returns. Close stops it.
//
// Start returns an error when cfg has no ClientID, ClientSecret or
// RedirectURIs, when two people share an ID or a username, or when the
// address cannot be listened on.
func Start(cfg Config) (*Provider, error) {
	if err := cfg.check(); err != nil {
		return nil, err
	}
	addr := cfg.Addr
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("oidctest: listen on %q: %w", addr, err)
	}
	p := &Provider{
		Issuer:      issuerFor(cfg.Addr, ln.Addr()),
		groupsClaim: cfg.GroupsClaim,
		clientID:    cfg.ClientID,
	}
	if p.groupsClaim == "" {
		p.groupsClaim = "groups"
	}
	if err := p.keys.rotate(); err != nil {
		ln.Close()
		return nil, err
	}
	st := newStore(p, cfg)
	// A nil logger keeps SetupServer from replacing the process's default
	// logger, which other providers and the code under test share.
	router := exampleop.SetupServer(p.Issuer, st, nil, false,
		op.WithCustomTokenEndpoint(op.NewEndpoint(strings.TrimPrefix(TokenPath, "/"))))
	p.srv = &http.Server{Handler: p.intercept(router), ReadHeaderTimeout: 10 * time.Second}
	go p.srv.Serve(ln)
	return p, nil
}

// Close stops the provider, closing its open connections.
func (p *Provider) Close() {
	p.srv.Close()
}

// TamperIDToken sets a hook on the token endpoint: when set, the id_token of
// every successful token response is decoded (without checking it), its
// claims (numbers as float64, as encoding/json decodes them) passed to f with
// the raw token, and replaced by what f returns. f may call Sign,
// SignWithUnknownKey or Unsigned, or return raw unchanged. A nil f removes
// the hook.
func (p *Provider) TamperIDToken(f func(raw string, claims map[string]any) string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.tamper = f
}

func (p *Provider) tamperHook() func(string, map[string]any) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.tamper
}

// intercept rewrites token responses while a TamperIDToken hook is set and
// passes everything else through untouched.
func (p *Provider) intercept(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f := p.tamperHook()
		if f == nil || r.Method != http.MethodPost || r.URL.Path != TokenPath {
			next.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		next.ServeHTTP(rec, r)
		body := rec.Body.Bytes()
		if rec.Code == http.StatusOK {
			if tampered, err := tamperResponse(body, f); err == nil {
				body = tampered
			}
		}
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(rec.Code)
		w.Write(body)
	})
}

// tamperResponse replaces the id_token of a token response's JSON body by
// what f makes of it, keeping the other members as they were.
func tamperResponse(body []byte, f func(string, map[string]any) string) ([]byte, error) {
	var resp map[string]json.RawMessage
	if err := json.Unmarshal(body, &resp); err != nil {
		return nil, err
	}
	var raw string
	if err := json.Unmarshal(resp["id_token"], &raw); err != nil || raw == "" {
		return nil, errors.New("no id_token")
	}
	claims, err := decodeClaims(raw)
	if err != nil {
		return nil, err
	}
	replaced, err := json.Marshal(f(raw, claims))
	if err != nil {
		return nil, err
	}
	resp["id_token"] = replaced
	var out bytes.Buffer
	if err := json.NewEncoder(&out).Encode(resp); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// issuerFor builds the issuer URL from the configured address's host and the
// port actually listened on (which differs when the configured port is 0).
func issuerFor(configured string, listened net.Addr) string {
	_, port, _ := net.SplitHostPort(listened.String())
	host, _, _ := net.SplitHostPort(configured)
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, port)
}

// check says what is missing or ambiguous in a Config.
func (cfg Config) check() error {
	switch {
	case cfg.ClientID == "":
		return errors.New("oidctest: Config.ClientID is empty")
	case cfg.ClientSecret == "":
		return errors.New("oidctest: Config.ClientSecret is empty")
	case len(cfg.RedirectURIs) == 0:
		return errors.New("oidctest: Config.RedirectURIs is empty; the client needs at least one")
	}
	ids, names := map[string]bool{}, map[string]bool{}
	for _, person := range cfg.People {
		if person.ID == "" || person.Username == "" {
			return fmt.Errorf("oidctest: person %q needs both an ID and a Username", person.ID+person.Username)
		}
		if ids[person.ID] {
			return fmt.Errorf("oidctest: two people have the ID %q", person.ID)
		}
		if names[person.Username] {
			return fmt.Errorf("oidctest: two people have the username %q", person.Username)
		}
		ids[person.ID], names[person.Username] = true, true
	}
	return nil
}
