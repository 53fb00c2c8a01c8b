package httpapi_test

import (
	"context"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ontschot/ontschot/httpapi"
	"github.com/ontschot/ontschot/httpapi/oidc"
	"github.com/ontschot/ontschot/httpapi/oidc/oidctest"
	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/ledgertest"
)

// apiAudience is the audience the API takes the provider's access tokens
// for in these tests.
const apiAudience = "api://ontschot"

// newProviderEnv is the API with a real OpenID Provider beside it whose
// access tokens it takes for apiAudience (audience "" takes none).
func newProviderEnv(t *testing.T, audience string) (*env, *oidctest.Provider) {
	t.Helper()
	return newProviderEnvWith(t, audience, nil)
}

// newProviderEnvWith is newProviderEnv with the relying party's
// configuration changed by tweak.
func newProviderEnvWith(t *testing.T, audience string, tweak func(*oidc.Config)) (*env, *oidctest.Provider) {
	t.Helper()
	op, err := oidctest.Start(oidctest.Config{ClientID: "ontschot", ClientSecret: "s3cret-of-the-client",
		RedirectURIs: []string{"http://127.0.0.1:1/inloggen/oidc/terug"}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(op.Close)
	roles, err := ledger.ParseRoleMap(strings.NewReader("g-zaaksysteem = caseworker\ng-financien = finance\ng-lezers = partner De Friesland\n"))
	if err != nil {
		t.Fatal(err)
	}
	e := newEnvConfig(t, 10000_00, nil, func(c *httpapi.Config) {
		partners, err := c.Store.Partners(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if err := roles.ResolvePartners(partners); err != nil {
			t.Fatal(err)
		}
		cfg := oidc.Config{Issuer: op.Issuer, ClientID: "ontschot", ClientSecret: "s3cret-of-the-client",
			RedirectURL: "http://127.0.0.1:1/inloggen/oidc/terug", APIAudience: audience, Roles: roles}
		if tweak != nil {
			tweak(&cfg)
		}
		rp, err := oidc.New(context.Background(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		c.Provider = rp
	})
	return e, op
}

// TestProviderAccessTokens: a machine client (a case system) calls the
// API with the provider's access tokens: a valid one acts with the role its
// groups map to and is journaled under its name; one for another
// audience, an expired one, an ID token, an unsigned one, one signed with a
// key not in the JWKS and one whose groups map to no role are refused, and
// ontschot's own tokens work beside them.
func TestProviderAccessTokens(t *testing.T) {
	e, op := newProviderEnv(t, apiAudience)
	hour := time.Hour
	e.tokens["zaaksysteem"] = op.AccessToken("zaaksysteem-leeuwarden", []string{apiAudience}, []string{"g-zaaksysteem"}, hour)
	e.tokens["financien"] = op.AccessToken("fin-robot", []string{apiAudience}, []string{"g-financien"}, hour)

	// A caseworker's client requests a payout; it is the client's.
	p, r := e.requestPayout("zaaksysteem", "250.00")
	want(t, r, 201)
	stored, err := e.store.Payout(context.Background(), ledger.PayoutID(p.ID))
	if err != nil || stored.RequestedBy != "zaaksysteem-leeuwarden" || stored.RequestedRole != ledger.RoleCaseworker {
		t.Fatalf("the payout was requested by %q as %s (%v)", stored.RequestedBy, stored.RequestedRole, err)
	}
	// The role is the groups': the case system cannot read the finance
	// queue, finance's client can.
	wantProblem(t, e.do("GET", "/api/v1/allocation-queue", "zaaksysteem", nil), 403, ledger.EFORBIDDEN)
	want(t, e.do("GET", "/api/v1/allocation-queue", "financien", nil), 200)
	// ontschot's own tokens still work.
	want(t, e.do("GET", "/api/v1/pots", finance, nil), 200)

	claims := func() map[string]any {
		now := time.Now()
		return map[string]any{"iss": op.Issuer, "sub": "zaaksysteem-leeuwarden", "aud": []string{apiAudience}, "client_id": "zaaksysteem-leeuwarden",
			"groups": []string{"g-zaaksysteem"}, "iat": now.Unix(), "exp": now.Add(hour).Unix()}
	}
	withClaims := func(f func(map[string]any)) map[string]any { c := claims(); f(c); return c }
	for name, tok := range map[string]string{
		"another audience": op.AccessToken("zaaksysteem-leeuwarden", []string{"api://another"}, []string{"g-zaaksysteem"}, hour),
		"expired":          op.AccessToken("zaaksysteem-leeuwarden", []string{apiAudience}, []string{"g-zaaksysteem"}, -time.Minute),
		"another issuer":   op.Sign(withClaims(func(c map[string]any) { c["iss"] = "https://evil.example" })),
		"an ID token":      op.Sign(withClaims(func(c map[string]any) { c["nonce"] = "n-1" })),
		"unsigned":         op.Unsigned(claims()),
		"unknown key":      op.SignWithUnknownKey(claims()),
		"a BSN as name":    op.Sign(withClaims(func(c map[string]any) { c["sub"], c["client_id"] = "111222333", "111222333" })),
	} {
		t.Run(name, func(t *testing.T) {
			e.tokens["bad"] = tok
			p := wantProblem(t, e.do("GET", "/api/v1/pots", "bad", nil), 401, ledger.EUNAUTHORIZED)
			if !strings.Contains(p.Detail, "access token was refused") {
				t.Errorf("detail: %s", p.Detail)
			}
			wantProblem(t, e.do("POST", "/api/v1/payouts", "bad", e.payoutBody("10.00")), 401, ledger.EUNAUTHORIZED)
		})
	}
	t.Run("groups that map to no role", func(t *testing.T) {
		e.tokens["nobody"] = op.AccessToken("robot", []string{apiAudience}, []string{"medewerkers"}, hour)
		p := wantProblem(t, e.do("GET", "/api/v1/pots", "nobody", nil), 403, ledger.EFORBIDDEN)
		if !strings.Contains(p.Detail, "none of its groups maps to a role") {
			t.Errorf("detail: %s", p.Detail)
		}
	})
	t.Run("a local account's name", func(t *testing.T) {
		// lokaal is an ontschot account with a password: a provider's
		// token must not act under that name.
		if _, err := e.store.CreateAccount(context.Background(), ledgertest.Admin, ledger.NewAccount{User: "lokaal", Role: ledger.RoleFinance, Password: "correct-horse-battery"}); err != nil {
			t.Fatal(err)
		}
		e.tokens["as-fien"] = op.AccessToken("lokaal", []string{apiAudience}, []string{"g-financien"}, hour)
		p := wantProblem(t, e.do("GET", "/api/v1/allocation-queue", "as-fien", nil), 401, ledger.EUNAUTHORIZED)
		if !strings.Contains(p.Detail, "is an ontschot account with a password") {
			t.Errorf("detail: %s", p.Detail)
		}
	})
}

// countingTransport counts the requests for the provider's keys.
type countingTransport struct{ keys atomic.Int64 }

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if strings.HasSuffix(r.URL.Path, "/keys") {
		c.keys.Add(1)
	}
	return http.DefaultTransport.RoundTrip(r)
}

// TestProviderKeysFetchedSparingly: forged tokens naming keys the provider
// does not have do not make the server fetch the provider's keys each
// time: at most once a minute (go-oidc's own key set would fetch for
// every one); a key the provider starts signing with is taken once that
// minute has passed, and at once with the refetch limit off.
func TestProviderKeysFetchedSparingly(t *testing.T) {
	var shift atomic.Int64
	clock := func() time.Time { return time.Now().Add(time.Duration(shift.Load())) }
	counter := &countingTransport{}
	e, op := newProviderEnvWith(t, apiAudience, func(c *oidc.Config) {
		c.Now, c.HTTPClient = clock, &http.Client{Transport: counter}
	})
	if n := counter.keys.Load(); n != 1 {
		t.Fatalf("the keys were fetched %d times at start", n)
	}
	claims := map[string]any{"iss": op.Issuer, "sub": "x", "aud": []string{apiAudience}, "groups": []string{"g-financien"},
		"iat": time.Now().Unix(), "exp": time.Now().Add(time.Hour).Unix()}
	for range 25 {
		e.tokens["forged"] = op.SignWithUnknownKey(claims)
		wantProblem(t, e.do("GET", "/api/v1/pots", "forged", nil), 401, ledger.EUNAUTHORIZED)
	}
	if n := counter.keys.Load(); n != 1 {
		t.Errorf("25 forged tokens made the server fetch the keys %d more times", n-1)
	}
	op.RotateKey()
	e.tokens["rotated"] = op.AccessToken("fin-robot", []string{apiAudience}, []string{"g-financien"}, time.Hour)
	wantProblem(t, e.do("GET", "/api/v1/allocation-queue", "rotated", nil), 401, ledger.EUNAUTHORIZED)
	shift.Store(int64(oidc.DefaultKeyRefetch + time.Second))
	want(t, e.do("GET", "/api/v1/allocation-queue", "rotated", nil), 200)
	if n := counter.keys.Load(); n != 2 {
		t.Errorf("the keys were fetched %d times; want 2 (at start, and for the new key)", n)
	}

	e2, op2 := newProviderEnvWith(t, apiAudience, func(c *oidc.Config) { c.KeyRefetch = -1 })
	op2.RotateKey()
	e2.tokens["rotated"] = op2.AccessToken("fin-robot", []string{apiAudience}, []string{"g-financien"}, time.Hour)
	want(t, e2.do("GET", "/api/v1/allocation-queue", "rotated", nil), 200)
}

// TestProviderAccessTokensOff: without an API audience the API takes none
// of the provider's tokens, valid or not.
func TestProviderAccessTokensOff(t *testing.T) {
	e, op := newProviderEnv(t, "")
	e.tokens["zaaksysteem"] = op.AccessToken("zaaksysteem-leeuwarden", []string{apiAudience}, []string{"g-zaaksysteem"}, time.Hour)
	wantProblem(t, e.do("GET", "/api/v1/pots", "zaaksysteem", nil), 401, ledger.EUNAUTHORIZED)
	want(t, e.do("GET", "/api/v1/pots", finance, nil), 200)
}
