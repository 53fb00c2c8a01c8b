package oidc_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/ontschot/ontschot/httpapi/oidc"
	"github.com/ontschot/ontschot/httpapi/oidc/oidctest"
	"github.com/ontschot/ontschot/ledger"
)

// newRP starts a provider and a relying party registered at it that takes
// access tokens for api://ontschot.
func newRP(t testing.TB) (*oidc.RelyingParty, *oidctest.Provider) {
	t.Helper()
	op, err := oidctest.Start(oidctest.Config{ClientID: "ontschot", ClientSecret: "s3cret", RedirectURIs: []string{"http://127.0.0.1:1/cb"}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(op.Close)
	roles, err := ledger.ParseRoleMap(strings.NewReader("g = finance\n"))
	if err != nil {
		t.Fatal(err)
	}
	rp, err := oidc.New(context.Background(), oidc.Config{Issuer: op.Issuer, ClientID: "ontschot", ClientSecret: "s3cret",
		RedirectURL: "http://127.0.0.1:1/cb", APIAudience: "api://ontschot", Roles: roles})
	if err != nil {
		t.Fatal(err)
	}
	return rp, op
}

// TestNewRefusesAConfusingAudience: an API audience equal to the client id
// would let a person's ID token pass as an access token.
func TestNewRefusesAConfusingAudience(t *testing.T) {
	_, op := newRP(t)
	roles, _ := ledger.ParseRoleMap(strings.NewReader("g = finance\n"))
	_, err := oidc.New(context.Background(), oidc.Config{Issuer: op.Issuer, ClientID: "ontschot", ClientSecret: "s3cret",
		RedirectURL: "http://127.0.0.1:1/cb", APIAudience: "ontschot", Roles: roles})
	if err == nil || !strings.Contains(err.Error(), "the API audience is the client id") {
		t.Fatalf("err = %v", err)
	}
}

// TestPendingCookie: a pending sign-in reads back, and anything else is
// no pending sign-in.
func TestPendingCookie(t *testing.T) {
	rp, _ := newRP(t)
	_, p := rp.Start("/aanvragen")
	got, ok := oidc.DecodePending(oidc.EncodePending(p))
	if !ok || got != p {
		t.Fatalf("DecodePending = %+v, %v; want %+v", got, ok, p)
	}
	for _, bad := range []string{"", "x", "e30", oidc.EncodePending(oidc.Pending{State: "s"})} {
		if _, ok := oidc.DecodePending(bad); ok {
			t.Errorf("%q reads as a pending sign-in", bad)
		}
	}
}

// BenchmarkVerifyAccessToken: what the API spends on a provider's access
// token (signature, claims, role), per request.
func BenchmarkVerifyAccessToken(b *testing.B) {
	rp, op := newRP(b)
	tok := op.AccessToken("robot", []string{"api://ontschot"}, []string{"g"}, time.Hour)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		id, err := rp.VerifyAccessToken(ctx, tok)
		if err != nil {
			b.Fatal(err)
		}
		if _, ok := rp.SignIn(id); !ok {
			b.Fatal("no role")
		}
	}
}
