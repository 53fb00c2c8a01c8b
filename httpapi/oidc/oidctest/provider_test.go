package oidctest_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/ontschot/ontschot/httpapi/oidc/oidctest"
)

// The relying party's redirect URIs are never contacted: the tests stop at
// the provider's redirect to them.
const (
	redirectURI   = "http://127.0.0.1:9/inloggen/oidc/terug"
	postLogoutURI = "http://127.0.0.1:9/inloggen?melding=uitgelogd"
	clientID      = "ontschot"
	clientSecret  = "s3cret"
)

var anouk = oidctest.Person{
	ID: "u-anouk-bakker", Username: "anouk.bakker", Password: "maatwerk-demo",
	Name: "Anouk Bakker", Email: "anouk.bakker@leeuwarden.example",
	Groups: []string{"ontschot-caseworker", "medewerkers"},
}

var frank = oidctest.Person{
	ID: "u-frank-bos", Username: "frank.bos", Password: "ander-wachtwoord",
	Name: "Frank Bos", Email: "frank.bos@leeuwarden.example",
	Groups: []string{"ontschot-teamlead"},
}

func config() oidctest.Config {
	return oidctest.Config{
		People:                 []oidctest.Person{anouk, frank},
		ClientID:               clientID,
		ClientSecret:           clientSecret,
		RedirectURIs:           []string{redirectURI},
		PostLogoutRedirectURIs: []string{postLogoutURI},
	}
}

// start starts a provider that the test closes when it ends.
func start(t *testing.T, cfg oidctest.Config) *oidctest.Provider {
	t.Helper()
	p, err := oidctest.Start(cfg)
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(p.Close)
	return p
}

// rp is a relying party as ontschot is one: go-oidc for discovery and the
// ID token check, x/oauth2 for the code flow.
type rp struct {
	provider *oidc.Provider
	oauth    oauth2.Config
	verifier *oidc.IDTokenVerifier
}

func newRP(t *testing.T, p *oidctest.Provider) *rp {
	t.Helper()
	provider, err := oidc.NewProvider(t.Context(), p.Issuer)
	if err != nil {
		t.Fatalf("discovery: %v", err)
	}
	return &rp{
		provider: provider,
		oauth: oauth2.Config{
			ClientID: clientID, ClientSecret: clientSecret, RedirectURL: redirectURI,
			Endpoint: provider.Endpoint(),
			Scopes:   []string{oidc.ScopeOpenID, "profile", "email"},
		},
		verifier: provider.Verifier(&oidc.Config{ClientID: clientID}),
	}
}

// attempt is one sign-in's secrets as the relying party keeps them.
type attempt struct {
	state, nonce, verifier string
}

func newAttempt() attempt {
	return attempt{state: oauth2.GenerateVerifier(), nonce: oauth2.GenerateVerifier(), verifier: oauth2.GenerateVerifier()}
}

// signIn drives a browser through the provider with net/http and a cookie
// jar: the authorization request with PKCE, state and nonce, the login page,
// the credentials, and the redirects back to the relying party's redirect
// URI. It returns the code from that last redirect, having checked its state.
func (r *rp) signIn(t *testing.T, a attempt, username, password string) string {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	browser := &http.Client{
		Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse // followed by hand, to stop at the redirect URI
		},
	}
	authURL := r.oauth.AuthCodeURL(a.state, oauth2.S256ChallengeOption(a.verifier), oidc.Nonce(a.nonce))

	// The authorization endpoint sends the browser to the login page.
	loginURL := follow(t, browser, http.MethodGet, authURL, nil, http.StatusFound)
	page := body(t, browser, loginURL)
	m := regexp.MustCompile(`name="id" value="([^"]+)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("login page has no request id:\n%s", page)
	}
	form := url.Values{"id": {m[1]}, "username": {username}, "password": {password}}
	action, _ := url.Parse(loginURL)
	action.Path, action.RawQuery = oidctest.LoginPath, ""

	// The credentials lead to the provider's callback, and it to the
	// relying party's redirect URI.
	next := follow(t, browser, http.MethodPost, action.String(), form, http.StatusFound)
	for !strings.HasPrefix(next, redirectURI) {
		next = follow(t, browser, http.MethodGet, next, nil, http.StatusFound)
	}
	back, err := url.Parse(next)
	if err != nil {
		t.Fatal(err)
	}
	if got := back.Query().Get("state"); got != a.state {
		t.Fatalf("state = %q, want %q", got, a.state)
	}
	code := back.Query().Get("code")
	if code == "" {
		t.Fatalf("redirect without a code: %s", next)
	}
	return code
}

// exchange redeems a code at the token endpoint with the attempt's
// code_verifier.
func (r *rp) exchange(t *testing.T, code, verifier string) (*oauth2.Token, error) {
	t.Helper()
	return r.oauth.Exchange(t.Context(), code, oauth2.VerifierOption(verifier))
}

// idToken checks a token response's ID token the way ontschot must.
func (r *rp) idToken(t *testing.T, tok *oauth2.Token) (*oidc.IDToken, error) {
	t.Helper()
	raw, ok := tok.Extra("id_token").(string)
	if !ok {
		t.Fatal("token response without id_token")
	}
	return r.verifier.Verify(t.Context(), raw)
}

// follow sends one request, wants status and returns the absolute Location.
func follow(t *testing.T, c *http.Client, method, target string, form url.Values, status int) string {
	t.Helper()
	var req *http.Request
	var err error
	if form != nil {
		req, err = http.NewRequest(method, target, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	} else {
		req, err = http.NewRequest(method, target, nil)
	}
	if err != nil {
		t.Fatal(err)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, target, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != status {
		b, _ := io.ReadAll(resp.Body)
		t.Fatalf("%s %s: status %d, want %d\n%s", method, target, resp.StatusCode, status, b)
	}
	loc, err := resp.Location()
	if err != nil {
		t.Fatalf("%s %s: %v", method, target, err)
	}
	return loc.String()
}

// body gets a page that must answer 200.
func body(t *testing.T, c *http.Client, target string) string {
	t.Helper()
	resp, err := c.Get(target)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: status %d\n%s", target, resp.StatusCode, b)
	}
	return string(b)
}

// kid reads a JWS's key ID without checking anything.
func kid(t *testing.T, raw string) string {
	t.Helper()
	header, err := base64.RawURLEncoding.DecodeString(strings.Split(raw, ".")[0])
	if err != nil {
		t.Fatal(err)
	}
	var h struct{ Kid string }
	if err := json.Unmarshal(header, &h); err != nil {
		t.Fatal(err)
	}
	return h.Kid
}

// claims are the ID token claims the tests look at.
type claims struct {
	PreferredUsername string   `json:"preferred_username"`
	Name              string   `json:"name"`
	Email             string   `json:"email"`
	Groups            []string `json:"groups"`
	ClientID          string   `json:"client_id"`
}

func TestDiscovery(t *testing.T) {
	p := start(t, config())
	if !strings.HasPrefix(p.Issuer, "http://127.0.0.1:") {
		t.Fatalf("Issuer = %q, want http://127.0.0.1:PORT", p.Issuer)
	}
	resp, err := http.Get(p.Issuer + "/.well-known/openid-configuration")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var doc struct {
		Issuer         string   `json:"issuer"`
		Authorization  string   `json:"authorization_endpoint"`
		Token          string   `json:"token_endpoint"`
		Userinfo       string   `json:"userinfo_endpoint"`
		EndSession     string   `json:"end_session_endpoint"`
		JWKS           string   `json:"jwks_uri"`
		PKCEMethods    []string `json:"code_challenge_methods_supported"`
		TokenAuth      []string `json:"token_endpoint_auth_methods_supported"`
		SigningAlgs    []string `json:"id_token_signing_alg_values_supported"`
		SupportedTypes []string `json:"response_types_supported"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&doc); err != nil {
		t.Fatal(err)
	}
	if doc.Issuer != p.Issuer {
		t.Errorf("issuer = %q, want %q", doc.Issuer, p.Issuer)
	}
	if got, want := doc.Token, p.Issuer+oidctest.TokenPath; got != want {
		t.Errorf("token_endpoint = %q, want %q", got, want)
	}
	for name, endpoint := range map[string]string{"authorization": doc.Authorization, "userinfo": doc.Userinfo, "end_session": doc.EndSession, "jwks": doc.JWKS} {
		if !strings.HasPrefix(endpoint, p.Issuer+"/") {
			t.Errorf("%s endpoint = %q, want one below the issuer", name, endpoint)
		}
	}
	if !slices.Contains(doc.PKCEMethods, "S256") {
		t.Errorf("code_challenge_methods_supported = %v, want S256", doc.PKCEMethods)
	}
	for _, m := range []string{"client_secret_basic", "client_secret_post"} {
		if !slices.Contains(doc.TokenAuth, m) {
			t.Errorf("token_endpoint_auth_methods_supported = %v, want %s", doc.TokenAuth, m)
		}
	}
	if !slices.Equal(doc.SigningAlgs, []string{"RS256"}) {
		t.Errorf("id_token_signing_alg_values_supported = %v, want [RS256]", doc.SigningAlgs)
	}
}

func TestStartRefusesConfig(t *testing.T) {
	for name, edit := range map[string]func(*oidctest.Config){
		"NoClientID":    func(c *oidctest.Config) { c.ClientID = "" },
		"NoSecret":      func(c *oidctest.Config) { c.ClientSecret = "" },
		"NoRedirectURI": func(c *oidctest.Config) { c.RedirectURIs = nil },
		"DuplicateID": func(c *oidctest.Config) {
			c.People = append(c.People, oidctest.Person{ID: anouk.ID, Username: "ander"})
		},
		"DuplicateName": func(c *oidctest.Config) {
			c.People = append(c.People, oidctest.Person{ID: "ander", Username: anouk.Username})
		},
		"PersonWithoutID":  func(c *oidctest.Config) { c.People = append(c.People, oidctest.Person{Username: "ander"}) },
		"UnlistenableAddr": func(c *oidctest.Config) { c.Addr = "127.0.0.1:-1" },
	} {
		t.Run(name, func(t *testing.T) {
			cfg := config()
			edit(&cfg)
			if p, err := oidctest.Start(cfg); err == nil {
				p.Close()
				t.Fatal("Start accepted the config")
			}
		})
	}
}

func TestCodeFlow(t *testing.T) {
	p := start(t, config())
	r := newRP(t, p)

	for _, style := range []struct {
		name  string
		style oauth2.AuthStyle
	}{{"ClientSecretBasic", oauth2.AuthStyleInHeader}, {"ClientSecretPost", oauth2.AuthStyleInParams}} {
		t.Run(style.name, func(t *testing.T) {
			r := *r
			r.oauth.Endpoint.AuthStyle = style.style
			a := newAttempt()
			code := r.signIn(t, a, anouk.Username, anouk.Password)
			tok, err := r.exchange(t, code, a.verifier)
			if err != nil {
				t.Fatalf("exchange: %v", err)
			}
			idt, err := r.idToken(t, tok)
			if err != nil {
				t.Fatalf("ID token refused: %v", err)
			}
			if idt.Subject != anouk.ID || idt.Nonce != a.nonce || idt.Issuer != p.Issuer {
				t.Errorf("sub, nonce, iss = %q, %q, %q; want %q, %q, %q", idt.Subject, idt.Nonce, idt.Issuer, anouk.ID, a.nonce, p.Issuer)
			}
			var c claims
			if err := idt.Claims(&c); err != nil {
				t.Fatal(err)
			}
			if c.PreferredUsername != anouk.Username || c.Name != anouk.Name || c.Email != anouk.Email {
				t.Errorf("preferred_username, name, email = %q, %q, %q", c.PreferredUsername, c.Name, c.Email)
			}
			if !slices.Equal(c.Groups, anouk.Groups) {
				t.Errorf("groups = %v, want %v", c.Groups, anouk.Groups)
			}

			// The access token is a JWT for the client, with the groups.
			at, err := r.provider.Verifier(&oidc.Config{ClientID: clientID}).Verify(t.Context(), tok.AccessToken)
			if err != nil {
				t.Fatalf("access token is not a JWT for the client: %v", err)
			}
			var ac claims
			if err := at.Claims(&ac); err != nil {
				t.Fatal(err)
			}
			if at.Subject != anouk.ID || !slices.Equal(ac.Groups, anouk.Groups) {
				t.Errorf("access token sub, groups = %q, %v", at.Subject, ac.Groups)
			}

			// The userinfo endpoint tells the same.
			info, err := r.provider.UserInfo(t.Context(), oauth2.StaticTokenSource(tok))
			if err != nil {
				t.Fatalf("userinfo: %v", err)
			}
			var ic claims
			if err := info.Claims(&ic); err != nil {
				t.Fatal(err)
			}
			if info.Subject != anouk.ID || ic.Name != anouk.Name || !slices.Equal(ic.Groups, anouk.Groups) {
				t.Errorf("userinfo sub, name, groups = %q, %q, %v", info.Subject, ic.Name, ic.Groups)
			}
		})
	}
}

func TestWrongPasswordShowsLoginAgain(t *testing.T) {
	p := start(t, config())
	r := newRP(t, p)
	jar, _ := cookiejar.New(nil)
	browser := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	loginURL := follow(t, browser, http.MethodGet, r.oauth.AuthCodeURL("s", oauth2.S256ChallengeOption(oauth2.GenerateVerifier())), nil, http.StatusFound)
	id := regexp.MustCompile(`name="id" value="([^"]+)"`).FindStringSubmatch(body(t, browser, loginURL))[1]
	resp, err := browser.PostForm(p.Issuer+oidctest.LoginPath, url.Values{"id": {id}, "username": {anouk.Username}, "password": {"fout"}})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("wrong password: status %d, want the login page again (200)", resp.StatusCode)
	}
}

func TestCodeRefusals(t *testing.T) {
	p := start(t, config())
	r := newRP(t, p)

	invalidGrant := func(t *testing.T, err error) {
		t.Helper()
		var re *oauth2.RetrieveError
		if !errors.As(err, &re) || re.ErrorCode != "invalid_grant" {
			t.Fatalf("exchange error = %v, want invalid_grant", err)
		}
	}

	t.Run("ReplayedCode", func(t *testing.T) {
		a := newAttempt()
		code := r.signIn(t, a, anouk.Username, anouk.Password)
		if _, err := r.exchange(t, code, a.verifier); err != nil {
			t.Fatalf("first exchange: %v", err)
		}
		_, err := r.exchange(t, code, a.verifier)
		invalidGrant(t, err)
	})
	t.Run("ConcurrentRedemptions", func(t *testing.T) {
		// The library deletes a code only after building the token
		// response; the storage must hand a code out once even so.
		a := newAttempt()
		code := r.signIn(t, a, anouk.Username, anouk.Password)
		const n = 8
		results := make(chan error, n)
		var wg sync.WaitGroup
		for range n {
			wg.Go(func() {
				_, err := r.oauth.Exchange(context.Background(), code, oauth2.VerifierOption(a.verifier))
				results <- err
			})
		}
		wg.Wait()
		close(results)
		succeeded := 0
		for err := range results {
			if err == nil {
				succeeded++
			}
		}
		if succeeded != 1 {
			t.Fatalf("%d of %d concurrent exchanges of one code succeeded, want 1", succeeded, n)
		}
	})
	t.Run("WrongCodeVerifier", func(t *testing.T) {
		a := newAttempt()
		code := r.signIn(t, a, anouk.Username, anouk.Password)
		_, err := r.exchange(t, code, oauth2.GenerateVerifier())
		invalidGrant(t, err)
	})
	t.Run("MissingCodeVerifier", func(t *testing.T) {
		a := newAttempt()
		code := r.signIn(t, a, anouk.Username, anouk.Password)
		var re *oauth2.RetrieveError
		if _, err := r.oauth.Exchange(t.Context(), code); !errors.As(err, &re) || re.ErrorCode != "invalid_request" {
			t.Fatalf("exchange error = %v, want invalid_request", err)
		}
	})
	t.Run("WrongClientSecret", func(t *testing.T) {
		a := newAttempt()
		code := r.signIn(t, a, anouk.Username, anouk.Password)
		wrong := *r
		wrong.oauth.ClientSecret = "fout"
		var re *oauth2.RetrieveError
		if _, err := wrong.exchange(t, code, a.verifier); !errors.As(err, &re) || re.ErrorCode != "invalid_client" {
			t.Fatalf("exchange error = %v, want invalid_client", err)
		}
	})
	t.Run("UnregisteredRedirectURI", func(t *testing.T) {
		other := *r
		other.oauth.RedirectURL = redirectURI + "/anders"
		resp, err := http.Get(other.oauth.AuthCodeURL("s", oauth2.S256ChallengeOption(oauth2.GenerateVerifier())))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK && strings.Contains(resp.Request.URL.Path, "login") {
			t.Fatal("an unregistered redirect URI reached the login page")
		}
	})
}

func TestTamperIDToken(t *testing.T) {
	p := start(t, config())
	r := newRP(t, p)
	signInAndExchange := func(t *testing.T) (string, error) {
		t.Helper()
		a := newAttempt()
		tok, err := r.exchange(t, r.signIn(t, a, anouk.Username, anouk.Password), a.verifier)
		if err != nil {
			t.Fatalf("exchange: %v", err)
		}
		idt, err := r.idToken(t, tok)
		if err != nil {
			return "", err
		}
		return idt.Nonce, nil
	}

	t.Run("Resigned", func(t *testing.T) {
		var seen map[string]any
		p.TamperIDToken(func(_ string, claims map[string]any) string {
			seen = claims
			claims["nonce"] = "forged"
			return p.Sign(claims)
		})
		t.Cleanup(func() { p.TamperIDToken(nil) })
		nonce, err := signInAndExchange(t)
		if err != nil {
			t.Fatalf("a token signed by the provider's key was refused: %v", err)
		}
		if nonce != "forged" {
			t.Errorf("nonce = %q, want the hook's %q", nonce, "forged")
		}
		if seen["sub"] != anouk.ID {
			t.Errorf("hook saw sub %v, want %q", seen["sub"], anouk.ID)
		}
	})
	t.Run("Unsigned", func(t *testing.T) {
		p.TamperIDToken(func(_ string, claims map[string]any) string { return p.Unsigned(claims) })
		t.Cleanup(func() { p.TamperIDToken(nil) })
		if _, err := signInAndExchange(t); err == nil {
			t.Fatal("go-oidc accepted alg none: the hook did not replace the token")
		}
	})
	t.Run("UnknownKey", func(t *testing.T) {
		p.TamperIDToken(func(_ string, claims map[string]any) string { return p.SignWithUnknownKey(claims) })
		t.Cleanup(func() { p.TamperIDToken(nil) })
		if _, err := signInAndExchange(t); err == nil {
			t.Fatal("go-oidc accepted a key not in the JWKS: the hook did not replace the token")
		}
	})
	t.Run("Removed", func(t *testing.T) {
		p.TamperIDToken(func(string, map[string]any) string { return "rommel" })
		p.TamperIDToken(nil)
		if _, err := signInAndExchange(t); err != nil {
			t.Fatalf("after removing the hook: %v", err)
		}
	})
}

func TestRotateKey(t *testing.T) {
	p := start(t, config())
	r := newRP(t, p)
	signIn := func() string {
		a := newAttempt()
		tok, err := r.exchange(t, r.signIn(t, a, anouk.Username, anouk.Password), a.verifier)
		if err != nil {
			t.Fatalf("exchange: %v", err)
		}
		if _, err := r.idToken(t, tok); err != nil {
			t.Fatalf("ID token refused: %v", err)
		}
		return tok.Extra("id_token").(string)
	}
	before := signIn() // go-oidc now holds the first JWKS
	p.RotateKey()
	after := signIn() // a kid it does not know: it must fetch the JWKS again
	if kid(t, before) == kid(t, after) {
		t.Fatalf("kid %q unchanged by RotateKey", kid(t, after))
	}
	if _, err := r.verifier.Verify(t.Context(), before); err != nil {
		t.Errorf("a token signed before the rotation no longer verifies: %v", err)
	}
}

func TestForgedTokens(t *testing.T) {
	p := start(t, config())
	r := newRP(t, p)
	idClaims := func() map[string]any {
		now := time.Now()
		return map[string]any{"iss": p.Issuer, "sub": anouk.ID, "aud": clientID, "iat": now.Unix(), "exp": now.Add(time.Hour).Unix()}
	}
	if _, err := r.verifier.Verify(t.Context(), p.Sign(idClaims())); err != nil {
		t.Errorf("Sign: refused: %v", err)
	}
	if _, err := r.verifier.Verify(t.Context(), p.SignWithUnknownKey(idClaims())); err == nil {
		t.Error("SignWithUnknownKey: accepted")
	}
	unsigned := p.Unsigned(idClaims())
	if !strings.HasSuffix(unsigned, ".") || kid(t, unsigned) != "" {
		t.Errorf("Unsigned = %q, want an empty signature and no kid", unsigned)
	}
	if _, err := r.verifier.Verify(t.Context(), unsigned); err == nil {
		t.Error("Unsigned: accepted")
	}
}

func TestAccessToken(t *testing.T) {
	p := start(t, config())
	r := newRP(t, p)
	api := r.provider.Verifier(&oidc.Config{ClientID: "ontschot-api"})
	groups := []string{"ontschot-caseworker"}

	tok, err := api.Verify(t.Context(), p.AccessToken("zaaksysteem", []string{"ontschot-api"}, groups, time.Hour))
	if err != nil {
		t.Fatalf("valid access token refused: %v", err)
	}
	var c claims
	if err := tok.Claims(&c); err != nil {
		t.Fatal(err)
	}
	if tok.Subject != "zaaksysteem" || c.ClientID != "zaaksysteem" || !slices.Equal(c.Groups, groups) {
		t.Errorf("sub, client_id, groups = %q, %q, %v", tok.Subject, c.ClientID, c.Groups)
	}

	if _, err := api.Verify(t.Context(), p.AccessToken("zaaksysteem", []string{"iets-anders"}, groups, time.Hour)); err == nil {
		t.Error("wrong audience accepted")
	}
	var expired *oidc.TokenExpiredError
	if _, err := api.Verify(t.Context(), p.AccessToken("zaaksysteem", []string{"ontschot-api"}, groups, -time.Minute)); !errors.As(err, &expired) {
		t.Errorf("expired token: error %v, want TokenExpiredError", err)
	}
}

func TestGroupsClaim(t *testing.T) {
	cfg := config()
	cfg.GroupsClaim = "roles"
	p := start(t, cfg)
	r := newRP(t, p)
	a := newAttempt()
	tok, err := r.exchange(t, r.signIn(t, a, frank.Username, frank.Password), a.verifier)
	if err != nil {
		t.Fatal(err)
	}
	idt, err := r.idToken(t, tok)
	if err != nil {
		t.Fatal(err)
	}
	var c struct {
		Roles  []string `json:"roles"`
		Groups []string `json:"groups"`
	}
	if err := idt.Claims(&c); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(c.Roles, frank.Groups) || c.Groups != nil {
		t.Errorf("roles, groups = %v, %v; want %v and no groups claim", c.Roles, c.Groups, frank.Groups)
	}
}

func TestEndSession(t *testing.T) {
	p := start(t, config())
	r := newRP(t, p)
	var doc struct {
		EndSession string `json:"end_session_endpoint"`
	}
	if err := r.provider.Claims(&doc); err != nil {
		t.Fatal(err)
	}
	a := newAttempt()
	tok, err := r.exchange(t, r.signIn(t, a, anouk.Username, anouk.Password), a.verifier)
	if err != nil {
		t.Fatal(err)
	}
	idToken := tok.Extra("id_token").(string)
	noRedirects := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

	t.Run("IDTokenHint", func(t *testing.T) {
		q := url.Values{"id_token_hint": {idToken}, "post_logout_redirect_uri": {postLogoutURI}, "state": {"xyz"}}
		loc := follow(t, noRedirects, http.MethodGet, doc.EndSession+"?"+q.Encode(), nil, http.StatusFound)
		if got, want := loc, postLogoutURI+"&state=xyz"; got != want {
			t.Errorf("redirect to %q, want %q", got, want)
		}
	})
	t.Run("ClientID", func(t *testing.T) {
		q := url.Values{"client_id": {clientID}, "post_logout_redirect_uri": {postLogoutURI}}
		if got := follow(t, noRedirects, http.MethodGet, doc.EndSession+"?"+q.Encode(), nil, http.StatusFound); got != postLogoutURI {
			t.Errorf("redirect to %q, want %q", got, postLogoutURI)
		}
	})
	t.Run("UnregisteredURI", func(t *testing.T) {
		q := url.Values{"client_id": {clientID}, "post_logout_redirect_uri": {"https://kwaadwillend.example/"}}
		resp, err := noRedirects.Get(doc.EndSession + "?" + q.Encode())
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if loc := resp.Header.Get("Location"); strings.Contains(loc, "kwaadwillend") {
			t.Fatalf("redirected to an unregistered URI: %s", loc)
		}
	})
	t.Run("SessionTokensEnded", func(t *testing.T) {
		if _, err := r.provider.UserInfo(t.Context(), oauth2.StaticTokenSource(tok)); err == nil {
			t.Error("userinfo still answers for the signed-out session's access token")
		}
	})
}

func TestProvidersSideBySide(t *testing.T) {
	cfgA, cfgB := config(), config()
	cfgB.People = []oidctest.Person{frank}
	a, b := start(t, cfgA), start(t, cfgB)
	if a.Issuer == b.Issuer {
		t.Fatalf("two providers share the issuer %s", a.Issuer)
	}
	ra, rb := newRP(t, a), newRP(t, b)

	// Each knows its own people only.
	attA := newAttempt()
	codeA := ra.signIn(t, attA, anouk.Username, anouk.Password)
	attB := newAttempt()
	codeB := rb.signIn(t, attB, frank.Username, frank.Password)

	// A code is redeemable only where it was issued.
	if _, err := rb.exchange(t, codeA, attA.verifier); err == nil {
		t.Fatal("provider B redeemed provider A's code")
	}
	tokA, err := ra.exchange(t, codeA, attA.verifier)
	if err != nil {
		t.Fatalf("A: %v", err)
	}
	if _, err := rb.exchange(t, codeB, attB.verifier); err != nil {
		t.Fatalf("B: %v", err)
	}

	// Their keys are their own: B refuses A's ID token, and A's rotation
	// leaves B's key alone.
	if _, err := rb.idToken(t, tokA); err == nil {
		t.Error("B's verifier accepted A's ID token")
	}
	claims := map[string]any{"sub": "x"}
	kidB := kid(t, b.Sign(claims))
	a.RotateKey()
	if kid(t, b.Sign(claims)) != kidB {
		t.Error("A's RotateKey changed B's key")
	}
}

func TestNoServiceUsers(t *testing.T) {
	p := start(t, config())
	// The example storage's built-in service user and its published secret.
	resp, err := http.PostForm(p.Issuer+oidctest.TokenPath, url.Values{
		"grant_type": {"client_credentials"}, "client_id": {"sid1"}, "client_secret": {"verysecret"}, "scope": {"openid"},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusOK {
		b, _ := io.ReadAll(resp.Body)
		t.Fatalf("client_credentials for the example's service user succeeded: %s", b)
	}
}
