package web_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ontschot/ontschot/httpapi/oidc"
	"github.com/ontschot/ontschot/httpapi/oidc/oidctest"
	"github.com/ontschot/ontschot/httpapi/web"
	"github.com/ontschot/ontschot/ledger"
)

// The provider's people in these tests: a caseworker, a team lead, a
// partner's reader and someone with no role in ontschot.
var providerPeople = []oidctest.Person{
	{ID: "u-carla", Username: "carla.vos", Password: "provider-pass-1", Name: "Carla Vos", Groups: []string{"medewerkers", "g-consulenten"}},
	{ID: "u-tom", Username: "tom.lead", Password: "provider-pass-2", Name: "Tom de Lead", Email: "tom.lead@gemeente.example", Groups: []string{"g-consulenten", "g-teamleiders"}},
	{ID: "u-lezer", Username: "lezer.dfr", Password: "provider-pass-3", Groups: []string{"g-lezers-dfr"}},
	{ID: "u-niemand", Username: "zonder.rol", Password: "provider-pass-4", Groups: []string{"medewerkers"}},
	{ID: "u-bsn", Username: "111222333", Password: "provider-pass-5", Groups: []string{"g-consulenten"}},
}

// providerRoles is the role map of these tests: the team leads' line
// first, so a team lead who is also in the caseworkers' group signs in as
// team lead.
const providerRoles = "g-teamleiders = teamlead\ng-consulenten = caseworker\ng-lezers-dfr = partner De Friesland\n"

// oidcEnv is the pages with a real OpenID Provider beside them.
type oidcEnv struct {
	*env
	op   *oidctest.Provider
	base string
}

// newOIDCEnv starts a provider with providerPeople and the pages
// registered at it (the username claim preferred_username); passwords
// says whether password sign-in stays on.
func newOIDCEnv(t *testing.T, passwords bool) *oidcEnv {
	t.Helper()
	return newOIDCEnvPeople(t, passwords, providerPeople)
}

// newOIDCEnvPeople is newOIDCEnv with the provider's people.
func newOIDCEnvPeople(t *testing.T, passwords bool, people []oidctest.Person) *oidcEnv {
	t.Helper()
	o := &oidcEnv{}
	o.env = newEnvWith(t, func(e *env, base string, c *web.Config) {
		op, err := oidctest.Start(oidctest.Config{People: people, ClientID: "ontschot", ClientSecret: "s3cret-of-the-client",
			RedirectURIs: []string{base + oidc.CallbackPath}, PostLogoutRedirectURIs: []string{base + "/inloggen?melding=uitgelogd"}})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(op.Close)
		roles, err := ledger.ParseRoleMap(strings.NewReader(providerRoles))
		if err != nil {
			t.Fatal(err)
		}
		partners, err := e.store.Partners(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if err := roles.ResolvePartners(partners); err != nil {
			t.Fatal(err)
		}
		rp, err := oidc.New(context.Background(), oidc.Config{Issuer: op.Issuer, ClientID: "ontschot", ClientSecret: "s3cret-of-the-client",
			RedirectURL: base + oidc.CallbackPath, PostLogoutURL: base + "/inloggen?melding=uitgelogd",
			UsernameClaim: "preferred_username", Roles: roles})
		if err != nil {
			t.Fatal(err)
		}
		o.op, o.base = op, base
		c.Provider, c.NoPasswordSignIn = rp, !passwords
	}, caseworker, admin)
	return o
}

var formID = regexp.MustCompile(`name="id" value="([^"]+)"`)

// atProvider follows the browser's redirects from an absolute URL at the
// provider until they lead back to the pages, and returns that address
// (signing in on the provider's login page as username when it asks).
func (o *oidcEnv) atProvider(t *testing.T, b *browser, to, username, password string) string {
	t.Helper()
	for range 10 {
		if strings.HasPrefix(to, o.base) {
			return strings.TrimPrefix(to, o.base)
		}
		resp, err := b.c.Get(to)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		switch {
		case resp.StatusCode >= 300 && resp.StatusCode < 400:
			loc, err := resp.Request.URL.Parse(resp.Header.Get("Location"))
			if err != nil {
				t.Fatal(err)
			}
			to = loc.String()
		case resp.StatusCode == http.StatusOK && formID.Match(body):
			id := formID.FindSubmatch(body)[1]
			resp, err := b.c.PostForm(o.op.Issuer+oidctest.LoginPath, url.Values{"id": {string(id)}, "username": {username}, "password": {password}})
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusFound && resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("the provider's login as %s: %d", username, resp.StatusCode)
			}
			loc, _ := resp.Request.URL.Parse(resp.Header.Get("Location"))
			to = loc.String()
		default:
			t.Fatalf("the provider answered %s with %d:\n%s", to, resp.StatusCode, body)
		}
	}
	t.Fatal("the provider's redirects do not lead back")
	return ""
}

// startAtProvider clicks "Inloggen met uw gemeenteaccount" and returns
// the provider's authorization URL the pages sent the browser to.
func (o *oidcEnv) startAtProvider(t *testing.T, b *browser) string {
	t.Helper()
	start := wantStatus(t, b.get(oidc.StartPath), http.StatusSeeOther)
	if !strings.HasPrefix(start.Location, o.op.Issuer+"/") {
		t.Fatalf("the sign-in sends the browser to %s, not to the provider %s", start.Location, o.op.Issuer)
	}
	return start.Location
}

// providerSignIn signs in at the provider as username and returns the
// pages' answer at the callback.
func (o *oidcEnv) providerSignIn(t *testing.T, b *browser, username, password string) page {
	t.Helper()
	callback := o.atProvider(t, b, o.startAtProvider(t, b), username, password)
	if !strings.HasPrefix(callback, oidc.CallbackPath+"?") {
		t.Fatalf("the provider sent the browser back to %s", callback)
	}
	return b.get(callback)
}

// signedIn reports who the pages say is signed in ("" for no one).
func signedIn(t *testing.T, b *browser) string {
	t.Helper()
	p := b.get("/aanvragen")
	if p.Status == http.StatusSeeOther {
		return ""
	}
	m := regexp.MustCompile(`<span class="who">([^<]*)</span>`).FindStringSubmatch(p.Body)
	if m == nil {
		t.Fatalf("no one is named on /aanvragen:\n%s", p.Body)
	}
	return m[1]
}

// TestProviderSignIn: a caseworker and a team lead sign in through the
// provider's own login page; the caseworker requests above her mandate and
// the team lead approves, both journaled under the provider's names; the
// roles come from the groups (the first line of the role map wins); the
// sign-out ends the session here and at the provider.
func TestProviderSignIn(t *testing.T) {
	o := newOIDCEnv(t, true)

	cw := o.browser(t)
	got := wantStatus(t, o.providerSignIn(t, cw, "carla.vos", "provider-pass-1"), http.StatusOK)
	wantText(t, got, "U bent ingelogd", `<meta http-equiv="refresh" content="0;url=/aanvragen/nieuw">`)
	if c := cookieOf(got, "ontschot_sessie"); c == nil || !c.HttpOnly || c.SameSite != http.SameSiteStrictMode {
		t.Fatalf("the session cookie: %+v", c)
	}
	if who := signedIn(t, cw); who != "carla.vos · consulent" {
		t.Fatalf("signed in as %q", who)
	}
	req := wantStatus(t, cw.submit("/aanvragen/nieuw", "/aanvragen/nieuw", o.requestForm("2.400,00")), http.StatusSeeOther)
	payout := o.payoutOf(req.Location)
	if payout.RequestedBy != "carla.vos" || payout.Status != ledger.StatusPending {
		t.Fatalf("the request: %s by %s", payout.Status, payout.RequestedBy)
	}

	tl := o.browser(t)
	got = wantStatus(t, o.providerSignIn(t, tl, "tom.lead", "provider-pass-2"), http.StatusOK)
	wantText(t, got, `content="0;url=/beoordelen"`)
	if who := signedIn(t, tl); who != "tom.lead · teamleider" {
		t.Fatalf("a team lead in the caseworkers' group too signed in as %q", who)
	}
	path := "/aanvragen/" + string(payout.ID)
	wantStatus(t, tl.submit(path, path+"/besluit", url.Values{"decision": {"approve"}, "note": {"Akkoord."}, "sleutel": {"p1"}}), http.StatusSeeOther)
	decided, err := o.store.Payout(context.Background(), payout.ID)
	if err != nil || decided.Status != ledger.StatusApproved || decided.Decision == nil || decided.Decision.By != "tom.lead" || decided.Decision.Role != ledger.RoleTeamlead {
		t.Fatalf("the decision: %+v, %v", decided, err)
	}
	users, err := o.store.Users(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	roles := map[string]ledger.Role{}
	for _, u := range users {
		roles[u.Name] = u.Role
	}
	if roles["carla.vos"] != ledger.RoleCaseworker || roles["tom.lead"] != ledger.RoleTeamlead {
		t.Errorf("the provider's people as users: %v", roles)
	}
	if v := o.verify(t); !v.OK {
		t.Fatalf("the journal does not verify: %+v", v.Failure)
	}

	// Signing out ends the session and goes to the provider's end
	// session with the ID token as hint, which sends the browser back.
	out := wantStatus(t, tl.post("/uitloggen", url.Values{"csrf": {csrfOf(t, tl.get("/beoordelen").Body)}}), http.StatusSeeOther)
	end, err := url.Parse(out.Location)
	if err != nil || !strings.HasPrefix(out.Location, o.op.Issuer+"/") || end.Query().Get("id_token_hint") == "" ||
		end.Query().Get("post_logout_redirect_uri") != o.base+"/inloggen?melding=uitgelogd" {
		t.Fatalf("the sign-out goes to %s", out.Location)
	}
	if back := o.atProvider(t, tl, out.Location, "", ""); !strings.HasPrefix(back, "/inloggen?melding=uitgelogd") {
		t.Errorf("the provider's sign-out sends the browser back to %s", back)
	}
	if who := signedIn(t, tl); who != "" {
		t.Errorf("still signed in as %s after signing out", who)
	}
	if who := signedIn(t, cw); who == "" {
		t.Error("one person's sign-out ended another's session")
	}
}

// cookieOf returns the cookie a page set, or nil.
func cookieOf(p page, name string) *http.Cookie {
	for _, c := range (&http.Response{Header: p.Header}).Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// verify runs the journal's verification.
func (o *oidcEnv) verify(t *testing.T) ledger.Verification {
	t.Helper()
	v, err := o.store.Verify(context.Background(), ledger.VerifyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestProviderSignInRefusals: every way a sign-in can be forged or go
// wrong is refused with a Dutch page, no session, and the reason in the
// log: an ID token from another issuer, for another audience, expired,
// with another nonce, unsigned (alg none) or signed with a key the
// provider's JWKS does not hold; a state that is not the sign-in's; a
// code used before; someone without a mapped group (told whom to ask);
// and a name with a BSN.
func TestProviderSignInRefusals(t *testing.T) {
	o := newOIDCEnv(t, true)
	tamper := map[string]func(raw string, c map[string]any) string{
		"another issuer":   func(_ string, c map[string]any) string { c["iss"] = "https://evil.example"; return o.op.Sign(c) },
		"another audience": func(_ string, c map[string]any) string { c["aud"] = []string{"another-client"}; return o.op.Sign(c) },
		"several audiences, azp another": func(_ string, c map[string]any) string {
			c["aud"], c["azp"] = []string{"ontschot", "another-client"}, "another-client"
			return o.op.Sign(c)
		},
		"expired": func(_ string, c map[string]any) string {
			c["exp"] = float64(time.Now().Add(-time.Minute).Unix())
			return o.op.Sign(c)
		},
		"another nonce":     func(_ string, c map[string]any) string { c["nonce"] = "not-this-sign-in"; return o.op.Sign(c) },
		"unsigned":          func(_ string, c map[string]any) string { return o.op.Unsigned(c) },
		"a key not in JWKS": func(_ string, c map[string]any) string { return o.op.SignWithUnknownKey(c) },
		"a signature cut":   func(raw string, _ map[string]any) string { return raw[:strings.LastIndex(raw, ".")+1] },
	}
	for name, f := range tamper {
		t.Run(name, func(t *testing.T) {
			o.op.TamperIDToken(f)
			defer o.op.TamperIDToken(nil)
			reason := "reason=" + oidc.ReasonToken
			if name == "another nonce" {
				reason = "reason=" + oidc.ReasonNonce
			}
			before := strings.Count(o.logs.String(), reason)
			b := o.browser(t)
			got := wantStatus(t, o.providerSignIn(t, b, "carla.vos", "provider-pass-1"), http.StatusUnauthorized)
			wantText(t, got, "Inloggen is niet gelukt", "Probeer het opnieuw vanaf de inlogpagina")
			refusedWithout(t, o, b, got)
			if strings.Count(o.logs.String(), reason) != before+1 {
				t.Errorf("not refused for %s:\n%s", reason, o.logs)
			}
		})
	}
	// The same sign-in with the ID token as the provider made it works:
	// the refusals above are the tampering's.
	if got := o.providerSignIn(t, o.browser(t), "carla.vos", "provider-pass-1"); got.Status != http.StatusOK {
		t.Fatalf("an untampered sign-in: %d", got.Status)
	}

	t.Run("a state that is not the sign-in's", func(t *testing.T) {
		b := o.browser(t)
		callback := o.atProvider(t, b, o.startAtProvider(t, b), "carla.vos", "provider-pass-1")
		u, _ := url.Parse(callback)
		q := u.Query()
		q.Set("state", "forged-"+q.Get("state"))
		got := wantStatus(t, b.get(oidc.CallbackPath+"?"+q.Encode()), http.StatusUnauthorized)
		wantText(t, got, "Deze inlogpoging is verlopen of niet hier begonnen")
		refusedWithout(t, o, b, got)
		// Nor does a callback without a sign-in under way (another
		// browser, the cookie gone) open a session.
		other := o.browser(t)
		refusedWithout(t, o, other, wantStatus(t, other.get(callback), http.StatusUnauthorized))
	})

	t.Run("a code used before", func(t *testing.T) {
		b := o.browser(t)
		callback := o.atProvider(t, b, o.startAtProvider(t, b), "carla.vos", "provider-pass-1")
		wantStatus(t, b.get(callback), http.StatusOK)
		// An attacker who saw the callback starts a sign-in of their own
		// and sends the old code with their own state.
		att := o.browser(t)
		fresh, _ := url.Parse(o.startAtProvider(t, att))
		old, _ := url.Parse(callback)
		q := old.Query()
		q.Set("state", fresh.Query().Get("state"))
		got := wantStatus(t, att.get(oidc.CallbackPath+"?"+q.Encode()), http.StatusUnauthorized)
		refusedWithout(t, o, att, got)
		if !strings.Contains(o.logs.String(), "reason=code_exchange") {
			t.Errorf("the replayed code is not logged as refused by the provider:\n%s", o.logs)
		}
	})

	t.Run("no mapped group", func(t *testing.T) {
		b := o.browser(t)
		got := wantStatus(t, o.providerSignIn(t, b, "zonder.rol", "provider-pass-4"), http.StatusForbidden)
		wantText(t, got, "U heeft geen rol in ontschot", "zonder.rol", "functioneel beheerder")
		refusedWithout(t, o, b, got)
	})

	t.Run("a name with a BSN", func(t *testing.T) {
		b := o.browser(t)
		got := wantStatus(t, o.providerSignIn(t, b, "111222333", "provider-pass-5"), http.StatusForbidden)
		wantText(t, got, "Inloggen is niet gelukt")
		if strings.Contains(got.Body, "111222333") {
			t.Error("the page repeats the BSN")
		}
		refusedWithout(t, o, b, got)
	})

	t.Run("the provider says no", func(t *testing.T) {
		b := o.browser(t)
		to, _ := url.Parse(o.startAtProvider(t, b))
		q := url.Values{"error": {"access_denied"}, "error_description": {"the user cancelled"}, "state": {to.Query().Get("state")}}
		refusedWithout(t, o, b, wantStatus(t, b.get(oidc.CallbackPath+"?"+q.Encode()), http.StatusUnauthorized))
	})
}

// refusedWithout checks that a refused sign-in set no session and left
// the browser signed out.
func refusedWithout(t *testing.T, o *oidcEnv, b *browser, got page) {
	t.Helper()
	if c := cookieOf(got, "ontschot_sessie"); c != nil && c.MaxAge >= 0 {
		t.Errorf("a refused sign-in set a session cookie")
	}
	if who := signedIn(t, b); who != "" {
		t.Errorf("a refused sign-in left the browser signed in as %s", who)
	}
	if !strings.Contains(o.logs.String(), "provider sign-in refused") {
		t.Errorf("the refusal is not logged:\n%s", o.logs)
	}
}

// TestProviderOnly: with password sign-in off the sign-in page offers only
// the provider, and a password posted anyway answers 404, even from an
// account that has one.
func TestProviderOnly(t *testing.T) {
	o := newOIDCEnv(t, false)
	b := o.browser(t)
	form := wantStatus(t, b.get("/inloggen"), http.StatusOK)
	wantText(t, form, "Inloggen met uw gemeenteaccount", `href="/inloggen/oidc"`)
	if strings.Contains(form.Body, `name="wachtwoord"`) {
		t.Fatal("the sign-in page shows the password form with password sign-in off")
	}
	// Even with the sign-in's double-submit token a password is refused.
	token := ""
	u, _ := url.Parse(o.base)
	for _, c := range b.c.Jar.Cookies(u) {
		if c.Name == "ontschot_formulier" {
			token = c.Value
		}
	}
	got := b.post("/inloggen", url.Values{"gebruiker": {caseworker}, "wachtwoord": {password}, "csrf": {token}})
	wantStatus(t, got, http.StatusNotFound)
	if who := signedIn(t, b); who != "" {
		t.Fatalf("signed in with a password as %s", who)
	}
	// Where to go after signing in goes along to the provider and back.
	start := wantStatus(t, b.get("/aanvragen"), http.StatusSeeOther)
	login := wantStatus(t, b.get(start.Location), http.StatusOK)
	wantText(t, login, `href="/inloggen/oidc?terug=%2Faanvragen"`)
	to := wantStatus(t, b.get("/inloggen/oidc?terug=%2Faanvragen"), http.StatusSeeOther)
	back := o.atProvider(t, b, to.Location, "carla.vos", "provider-pass-1")
	wantText(t, wantStatus(t, b.get(back), http.StatusOK), `content="0;url=/aanvragen"`)

	// Without a provider the provider's routes are not there, and the
	// pages refuse to start without any way to sign in.
	plain := newEnv(t, caseworker)
	wantStatus(t, plain.browser(t).get(oidc.StartPath), http.StatusNotFound)
	if _, err := web.New(web.Config{Store: o.store, NoPasswordSignIn: true}); err == nil {
		t.Error("pages without passwords and without a provider were made")
	}
}

// TestProviderRoleChange: the role is read at every sign-in: when the
// provider moves a person to another group, the next sign-in has the new
// role and the sessions with the old one end.
func TestProviderRoleChange(t *testing.T) {
	o := newOIDCEnv(t, true)
	first := o.browser(t)
	wantStatus(t, o.providerSignIn(t, first, "carla.vos", "provider-pass-1"), http.StatusOK)
	if who := signedIn(t, first); who != "carla.vos · consulent" {
		t.Fatalf("signed in as %q", who)
	}
	// The provider now says she is a team lead.
	o.op.TamperIDToken(func(_ string, c map[string]any) string {
		c["groups"] = []string{"g-teamleiders"}
		return o.op.Sign(c)
	})
	defer o.op.TamperIDToken(nil)
	second := o.browser(t)
	wantStatus(t, o.providerSignIn(t, second, "carla.vos", "provider-pass-1"), http.StatusOK)
	if who := signedIn(t, second); who != "carla.vos · teamleider" {
		t.Fatalf("after the change signed in as %q", who)
	}
	if who := signedIn(t, first); who != "" {
		t.Errorf("the session with the old role lives on as %q", who)
	}
}

// TestProviderAndLocalAccounts: a provider's name that is an ontschot
// account with a password is refused while password sign-in is on (or the
// local password would act with the provider's role); with passwords off
// the provider takes the account over and its password is removed, in
// the journal.
func TestProviderAndLocalAccounts(t *testing.T) {
	people := append(providerPeople[:len(providerPeople):len(providerPeople)],
		oidctest.Person{ID: "u-carla-local", Username: caseworker, Password: "provider-pass-6", Groups: []string{"g-teamleiders"}})
	for _, passwords := range []bool{true, false} {
		o := newOIDCEnvPeople(t, passwords, people)
		b := o.browser(t)
		got := o.providerSignIn(t, b, caseworker, "provider-pass-6")
		_, pwErr := o.store.SignIn(context.Background(), caseworker, password)
		if passwords {
			wantStatus(t, got, http.StatusForbidden)
			wantText(t, got, "is een account met een wachtwoord van ontschot")
			refusedWithout(t, o, b, got)
			if pwErr != nil {
				t.Errorf("the local account lost its password to a refused provider sign-in: %v", pwErr)
			}
			continue
		}
		wantStatus(t, got, http.StatusOK)
		if who := signedIn(t, b); who != caseworker+" · teamleider" {
			t.Fatalf("the provider's %s signed in as %q", caseworker, who)
		}
		if ledger.ErrorCode(pwErr) != ledger.EUNAUTHORIZED {
			t.Errorf("the taken-over account's password still signs in: %v", pwErr)
		}
		if v := o.verify(t); !v.OK {
			t.Fatalf("the journal does not verify: %+v", v.Failure)
		}
	}
}

// TestProviderOffboarding: someone the provider no longer puts in any
// mapped group is refused at the next sign-in, and their sessions end.
func TestProviderOffboarding(t *testing.T) {
	o := newOIDCEnv(t, true)
	first := o.browser(t)
	wantStatus(t, o.providerSignIn(t, first, "carla.vos", "provider-pass-1"), http.StatusOK)
	o.op.TamperIDToken(func(_ string, c map[string]any) string {
		c["groups"] = []string{"medewerkers"}
		return o.op.Sign(c)
	})
	defer o.op.TamperIDToken(nil)
	second := o.browser(t)
	wantStatus(t, o.providerSignIn(t, second, "carla.vos", "provider-pass-1"), http.StatusForbidden)
	if who := signedIn(t, first); who != "" {
		t.Errorf("after the provider took every role away the session lives on as %q", who)
	}
}

// TestProviderCallbackHardening: the page to go back to is checked again
// at the callback (a cookie planted with another site's address sends no
// one there), and the provider's error description, anyone's text, does
// not reach the log.
func TestProviderCallbackHardening(t *testing.T) {
	o := newOIDCEnv(t, true)
	b := o.browser(t)
	to := o.startAtProvider(t, b)
	base, _ := url.Parse(o.base)
	for _, c := range b.c.Jar.Cookies(&url.URL{Scheme: "http", Host: base.Host, Path: oidc.StartPath}) {
		if c.Name != "ontschot_oidc" {
			continue
		}
		p, ok := oidc.DecodePending(c.Value)
		if !ok {
			t.Fatalf("the pending cookie does not decode: %q", c.Value)
		}
		p.Back = "//evil.example/phish"
		b.c.Jar.SetCookies(&url.URL{Scheme: "http", Host: base.Host, Path: oidc.StartPath},
			[]*http.Cookie{{Name: "ontschot_oidc", Value: oidc.EncodePending(p), Path: oidc.StartPath}})
	}
	got := wantStatus(t, b.get(o.atProvider(t, b, to, "carla.vos", "provider-pass-1")), http.StatusOK)
	if strings.Contains(got.Body, "evil.example") {
		t.Fatalf("the sign-in goes on to another site:\n%s", got.Body)
	}
	wantText(t, got, `content="0;url=/aanvragen/nieuw"`)

	b = o.browser(t)
	start, _ := url.Parse(o.startAtProvider(t, b))
	q := url.Values{"error": {"access_denied"}, "error_description": {"BSN 111222333 van Jan Jansen\nlevel=ERROR nep"}, "state": {start.Query().Get("state")}}
	wantStatus(t, b.get(oidc.CallbackPath+"?"+q.Encode()), http.StatusUnauthorized)
	if logs := o.logs.String(); strings.Contains(logs, "111222333") || strings.Contains(logs, "Jansen") || !strings.Contains(logs, "access_denied") {
		t.Errorf("the log of a provider's error:\n%s", logs)
	}
}

// TestProviderEmailClaim: the provider's email claim is where a person's
// notifications are mailed: a team lead who signed in once is mailed at
// that address when a request waits for them.
func TestProviderEmailClaim(t *testing.T) {
	o := newOIDCEnv(t, true)
	tl := o.browser(t)
	wantStatus(t, o.providerSignIn(t, tl, "tom.lead", "provider-pass-2"), http.StatusOK)
	cw := o.browser(t)
	wantStatus(t, o.providerSignIn(t, cw, "carla.vos", "provider-pass-1"), http.StatusOK)
	wantStatus(t, cw.submit("/aanvragen/nieuw", "/aanvragen/nieuw", o.requestForm("2.400,00")), http.StatusSeeOther)
	due, err := o.store.ClaimMail(context.Background(), "test", 10, time.Minute)
	if err != nil || len(due) != 1 || due[0].User != "tom.lead" || due[0].Email != "tom.lead@gemeente.example" {
		t.Fatalf("the mail due: %+v, %v", due, err)
	}
}
