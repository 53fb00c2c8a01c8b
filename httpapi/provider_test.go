package httpapi_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/ontschot/ontschot/httpapi"
	"github.com/ontschot/ontschot/httpapi/oidc"
	"github.com/ontschot/ontschot/httpapi/oidc/oidctest"
	"github.com/ontschot/ontschot/ledger"
)

// apiAudience is the audience the API takes the provider's access tokens
// for in these tests.
const apiAudience = "api://ontschot"

// newProviderEnv is the API with a real OpenID Provider beside it whose
// access tokens it takes for apiAudience (audience "" takes none).
func newProviderEnv(t *testing.T, audience string) (*env, *oidctest.Provider) {
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
		rp, err := oidc.New(context.Background(), oidc.Config{Issuer: op.Issuer, ClientID: "ontschot", ClientSecret: "s3cret-of-the-client",
			RedirectURL: "http://127.0.0.1:1/inloggen/oidc/terug", APIAudience: audience, Roles: roles})
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
	t.Run("a rotated key", func(t *testing.T) {
		op.RotateKey()
		e.tokens["rotated"] = op.AccessToken("fin-robot", []string{apiAudience}, []string{"g-financien"}, hour)
		want(t, e.do("GET", "/api/v1/allocation-queue", "rotated", nil), 200)
	})
}

// TestProviderAccessTokensOff: without an API audience the API takes none
// of the provider's tokens, valid or not.
func TestProviderAccessTokensOff(t *testing.T) {
	e, op := newProviderEnv(t, "")
	e.tokens["zaaksysteem"] = op.AccessToken("zaaksysteem-leeuwarden", []string{apiAudience}, []string{"g-zaaksysteem"}, time.Hour)
	wantProblem(t, e.do("GET", "/api/v1/pots", "zaaksysteem", nil), 401, ledger.EUNAUTHORIZED)
	want(t, e.do("GET", "/api/v1/pots", finance, nil), 200)
}
