package web_test

import (
	"context"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ontschot/ontschot/httpapi"
	"github.com/ontschot/ontschot/httpapi/oidc"
	"github.com/ontschot/ontschot/httpapi/oidc/oidctest"
	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/ledgertest"
	"github.com/ontschot/ontschot/ledger/storage"
)

// TestEndToEndProvider: in headless Chromium, with password sign-in off, a
// caseworker and a team lead sign in through a real OpenID Provider's own
// login page: the caseworker requests above her mandate, signs out (at the
// provider too), and the team lead approves. A real browser is the test of
// the SameSite cookies: the provider's redirect back is a cross-site
// navigation, which a Strict cookie does not come with.
func TestEndToEndProvider(t *testing.T) {
	if testing.Short() {
		t.Skip("the browser test is long; run it without -short")
	}
	axe := axeSource(t)
	out := filepath.Join("test-output", "e2e-provider")
	if err := os.RemoveAll(out); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}

	clock := ledgertest.NewClock(ledgertest.Start)
	store, err := storage.Open(filepath.Join(t.TempDir(), "ledger.db"), storage.Options{Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	ctx := context.Background()
	insurer, err := store.CreatePartner(ctx, ledgertest.Admin, ledger.NewPartner{Name: "De Friesland", Kind: ledger.KindHealthInsurer})
	if err != nil {
		t.Fatal(err)
	}
	pot, err := store.CreatePot(ctx, ledgertest.Admin, ledger.NewPot{Name: "Doorbraakfonds", Year: 2026, RecoveryPolicy: ledger.PolicyRefund, Mandates: ledgertest.Ladder()})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.Contribute(ctx, ledgertest.Finance, ledger.NewContribution{PotID: pot.ID, PartnerID: insurer.ID, Amount: 100_000_00,
		ValueDate: ledger.NewDate(2026, time.January, 5), Reference: "Bijdrage 2026"}); err != nil {
		t.Fatal(err)
	}

	// ontschot listens first, so the provider can be told its address.
	// ontschot is at 127.0.0.1 and the provider at localhost: two sites to
	// the browser (a port does not make another site), so the provider's
	// redirect back is cross-site, as it is in production.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	op, err := oidctest.Start(oidctest.Config{Addr: "localhost:0", People: providerPeople, ClientID: "ontschot", ClientSecret: "s3cret-of-the-client",
		RedirectURIs: []string{base + oidc.CallbackPath}, PostLogoutRedirectURIs: []string{base + "/inloggen?melding=uitgelogd"}})
	if err != nil {
		t.Fatal(err)
	}
	defer op.Close()
	roles, err := ledger.ParseRoleMap(strings.NewReader(providerRoles))
	if err != nil {
		t.Fatal(err)
	}
	partners, _ := store.Partners(ctx)
	if err := roles.ResolvePartners(partners); err != nil {
		t.Fatal(err)
	}
	rp, err := oidc.New(ctx, oidc.Config{Issuer: op.Issuer, ClientID: "ontschot", ClientSecret: "s3cret-of-the-client",
		RedirectURL: base + oidc.CallbackPath, PostLogoutURL: base + "/inloggen?melding=uitgelogd", UsernameClaim: "preferred_username", Roles: roles})
	if err != nil {
		t.Fatal(err)
	}
	api, err := httpapi.New(httpapi.Config{Store: store, Now: clock.Now, Pages: true, Provider: rp, NoPasswordSignIn: true})
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: api, ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()

	shot := 0
	s := startChromium(t, base, 1280, 900)
	s.out, s.axe, s.shot = out, axe, &shot

	signIn := func(user, pass, start string) {
		t.Helper()
		s.do(chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS("#inloggen-provider")))
		if s.eval(`document.querySelector('#wachtwoord') ? 'ja' : 'nee'`) != "nee" {
			t.Fatal("the sign-in page shows a password field with password sign-in off")
		}
		s.do(chromedp.Click(chromedp.CSS("#inloggen-provider")), chromedp.WaitVisible(chromedp.CSS("#username")))
		if loc, _ := chromedp.Run(s.ctx, chromedp.Location()); !strings.HasPrefix(loc, op.Issuer) {
			t.Fatalf("the provider's login page is at %s, not at the provider %s", loc, op.Issuer)
		}
		s.do(chromedp.SendKeys(chromedp.CSS("#username"), user), chromedp.SendKeys(chromedp.CSS("#password"), pass),
			chromedp.Click(chromedp.CSS("button[type=submit]")), chromedp.WaitVisible(chromedp.CSS("header.site .who")), loaded)
		if loc := s.location(); loc != start {
			t.Fatalf("%s starts at %s; want %s (the session did not come along after the provider's redirect?)", user, loc, start)
		}
	}

	s.do(chromedp.Navigate(base+"/inloggen"), chromedp.WaitVisible(chromedp.CSS("#inloggen-provider")))
	s.check("inloggen-alleen-provider")
	signIn("carla.vos", "provider-pass-1", "/aanvragen/nieuw")
	wantIn(t, s.text("header.site .who"), "carla.vos")
	s.do(chromedp.SendKeys(chromedp.CSS("#amount"), "2.400,00"))
	wantIn(t, s.text("#amount-check"), "Boven uw mandaat")
	s.choose("#category", "rent_arrears")
	fillRequest(s, "NL91 ABNA 0417 1643 00")
	s.do(chromedp.Click(chromedp.CSS("#aanvraag button[type=submit]")), chromedp.WaitVisible(chromedp.CSS(".outcome.pending")))
	above := strings.TrimPrefix(s.location(), "/aanvragen/")
	s.check("aanvraag-via-provider")
	// Signing out goes to the provider's end session and back.
	s.do(chromedp.Click(chromedp.CSS("form.signout button")), chromedp.WaitVisible(chromedp.CSS("#inloggen-provider")), loaded)
	if loc := s.location(); !strings.HasPrefix(loc, "/inloggen?melding=uitgelogd") {
		t.Errorf("after signing out the browser is at %s", loc)
	}

	signIn("tom.lead", "provider-pass-2", "/beoordelen")
	s.do(chromedp.Click(chromedp.CSS(`a[href="/aanvragen/`+above+`"]`)), chromedp.WaitVisible(chromedp.CSS("#besluit")))
	s.do(chromedp.Click(chromedp.CSS(`input[name=decision][value=approve]`)), chromedp.SendKeys(chromedp.CSS("#note"), "Akkoord: ontruiming voorkomen."),
		chromedp.Click(chromedp.CSS(`form[action$="/besluit"] button[type=submit]`)), chromedp.WaitVisible(chromedp.CSS(".notice")))
	wantIn(t, s.text(".notice"), "Uw besluit is vastgelegd")
	s.check("besluit-via-provider")
	p, err := store.Payout(ctx, ledger.PayoutID(above))
	if err != nil || p.Status != ledger.StatusApproved || p.RequestedBy != "carla.vos" || p.Decision == nil || p.Decision.By != "tom.lead" {
		t.Fatalf("the request: %+v, %v", p, err)
	}

	// Someone without a role is told so, in Dutch, and is not signed in;
	// on a phone, the page fits the screen.
	s.do(chromedp.Click(chromedp.CSS("form.signout button")), chromedp.WaitVisible(chromedp.CSS("#inloggen-provider")), loaded)
	s.do(chromedp.EmulateViewport(390, 844))
	s.do(chromedp.Click(chromedp.CSS("#inloggen-provider")), chromedp.WaitVisible(chromedp.CSS("#username")))
	s.do(chromedp.SendKeys(chromedp.CSS("#username"), "zonder.rol"), chromedp.SendKeys(chromedp.CSS("#password"), "provider-pass-4"),
		chromedp.Click(chromedp.CSS("button[type=submit]")), chromedp.WaitVisible(chromedp.CSS("main h1")), loaded)
	wantIn(t, s.text("main h1"), "U heeft geen rol in ontschot")
	if fits := s.eval(`String(document.documentElement.scrollWidth <= window.innerWidth)`); fits != "true" {
		t.Error("the page for someone without a role scrolls sideways at 390 px")
	}
	s.check("geen-rol")
}
