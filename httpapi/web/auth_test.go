package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ontschot/ontschot/httpapi/web"
	"github.com/ontschot/ontschot/ledger"
)

func TestSignIn(t *testing.T) {
	e := newEnv(t, caseworker, teamlead, finance, partner, auditor)

	t.Run("each role starts on its own page", func(t *testing.T) {
		for user, start := range map[string]string{caseworker: "/aanvragen/nieuw", teamlead: "/beoordelen", finance: "/financien", partner: "/partner", auditor: "/potten"} {
			b := e.browser(t)
			if got := b.signIn(user); got != start {
				t.Errorf("%s starts at %q; want %q", user, got, start)
			}
			wantStatus(t, b.get(start), http.StatusOK)
			if got := b.get("/").Location; got != start {
				t.Errorf("/ sends %s to %q; want %q", user, got, start)
			}
		}
	})

	t.Run("the session cookie is HttpOnly and SameSite=Strict, not Secure over plain HTTP", func(t *testing.T) {
		b := e.browser(t)
		p := b.get("/inloggen")
		got := b.post("/inloggen", url.Values{"gebruiker": {caseworker}, "wachtwoord": {password}, "csrf": {csrfOf(t, p.Body)}})
		wantStatus(t, got, http.StatusSeeOther)
		var found bool
		for _, c := range readCookies(got.Header) {
			if c.Name == "ontschot_sessie" && c.MaxAge > 0 {
				found = true
				if !c.HttpOnly || c.SameSite != http.SameSiteStrictMode || c.Secure {
					t.Errorf("session cookie %+v: want HttpOnly, SameSite=Strict, not Secure", c)
				}
			}
		}
		if !found {
			t.Fatalf("no session cookie in %v", got.Header["Set-Cookie"])
		}
	})

	t.Run("a wrong password is refused in Dutch and the user name kept", func(t *testing.T) {
		b := e.browser(t)
		p := b.get("/inloggen")
		got := wantStatus(t, b.post("/inloggen", url.Values{"gebruiker": {finance}, "wachtwoord": {"fout-wachtwoord-1"}, "csrf": {csrfOf(t, p.Body)}}), http.StatusUnauthorized)
		wantText(t, got, "De gebruikersnaam of het wachtwoord klopt niet")
		if v := inputValue(got, "gebruiker"); v != finance {
			t.Errorf("user name field holds %q; want %q", v, finance)
		}
		// An unknown user gets the same answer.
		got = wantStatus(t, b.post("/inloggen", url.Values{"gebruiker": {"niemand"}, "wachtwoord": {"x"}, "csrf": {csrfOf(t, got.Body)}}), http.StatusUnauthorized)
		wantText(t, got, "De gebruikersnaam of het wachtwoord klopt niet")
	})

	t.Run("five failures lock the account for a quarter of an hour", func(t *testing.T) {
		b := e.browser(t)
		p := b.get("/inloggen")
		for i := 0; i < ledger.MaxFailedSignIns; i++ {
			p = wantStatus(t, b.post("/inloggen", url.Values{"gebruiker": {auditor}, "wachtwoord": {"fout-wachtwoord-1"}, "csrf": {csrfOf(t, p.Body)}}), http.StatusUnauthorized)
		}
		p = wantStatus(t, b.post("/inloggen", url.Values{"gebruiker": {auditor}, "wachtwoord": {password}, "csrf": {csrfOf(t, p.Body)}}), http.StatusUnauthorized)
		wantText(t, p, "tijdelijk geblokkeerd")
		e.clock.Set(e.clock.Now().Add(16 * time.Minute))
		b.signIn(auditor)
	})

	t.Run("sign-out ends the session", func(t *testing.T) {
		b := e.browser(t)
		b.signIn(caseworker)
		got := b.submit("/aanvragen", "/uitloggen", url.Values{})
		wantStatus(t, got, http.StatusSeeOther)
		if got.Location != "/inloggen?melding=uitgelogd" {
			t.Errorf("sign-out sends to %q", got.Location)
		}
		wantText(t, b.get(got.Location), "U bent uitgelogd.")
		if p := b.get("/aanvragen"); p.Status != http.StatusSeeOther || !strings.HasPrefix(p.Location, "/inloggen") {
			t.Errorf("after sign-out /aanvragen answers %d %q; want a redirect to the sign-in", p.Status, p.Location)
		}
	})

	t.Run("a page asks for a sign-in and comes back after it", func(t *testing.T) {
		b := e.browser(t)
		p := b.get("/aanvragen")
		if p.Status != http.StatusSeeOther || p.Location != "/inloggen?terug=%2Faanvragen" {
			t.Fatalf("GET /aanvragen without session: %d %q", p.Status, p.Location)
		}
		form := b.get(p.Location)
		got := b.post("/inloggen", url.Values{"gebruiker": {caseworker}, "wachtwoord": {password}, "csrf": {csrfOf(t, form.Body)}, "terug": {"/aanvragen"}})
		if got.Location != "/aanvragen" {
			t.Errorf("after sign-in: %q; want /aanvragen", got.Location)
		}
	})

	t.Run("only a local page is a place to come back to", func(t *testing.T) {
		for _, evil := range []string{"//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"} {
			b := e.browser(t)
			form := b.get("/inloggen")
			got := b.post("/inloggen", url.Values{"gebruiker": {caseworker}, "wachtwoord": {password}, "csrf": {csrfOf(t, form.Body)}, "terug": {evil}})
			if got.Location != "/aanvragen/nieuw" {
				t.Errorf("terug=%q sends to %q; want the start page", evil, got.Location)
			}
		}
	})

	t.Run("a sign-in without the form's token is refused", func(t *testing.T) {
		b := e.browser(t)
		b.get("/inloggen")
		got := wantStatus(t, b.post("/inloggen", url.Values{"gebruiker": {caseworker}, "wachtwoord": {password}, "csrf": {"verzonnen"}}), http.StatusForbidden)
		wantText(t, got, "Formulier niet geaccepteerd")
		// Nor without the cookie that carries it (a form posted from
		// elsewhere).
		other := e.browser(t)
		p := b.get("/inloggen")
		wantStatus(t, other.post("/inloggen", url.Values{"gebruiker": {caseworker}, "wachtwoord": {password}, "csrf": {csrfOf(t, p.Body)}}), http.StatusForbidden)
	})

	t.Run("an idle session ends", func(t *testing.T) {
		b := e.browser(t)
		b.signIn(caseworker)
		e.clock.Set(e.clock.Now().Add(ledger.SessionIdle + time.Minute))
		if p := b.get("/aanvragen"); p.Status != http.StatusSeeOther {
			t.Errorf("after %s idle: %d; want a redirect to the sign-in", ledger.SessionIdle, p.Status)
		}
		got := wantStatus(t, b.post("/aanvragen/nieuw", url.Values{"csrf": {"x"}}), http.StatusUnauthorized)
		wantText(t, got, "U bent niet (meer) ingelogd")
	})
}

func readCookies(h http.Header) []*http.Cookie {
	r := http.Response{Header: h}
	return r.Cookies()
}

func TestSecureCookies(t *testing.T) {
	e := newEnv(t, caseworker)
	h, err := web.New(web.Config{Store: e.store, Now: e.clock.Now, Secure: true})
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	req, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, "/inloggen", nil)
	h.ServeHTTP(rec, req)
	for _, c := range readCookies(rec.Header()) {
		if !c.Secure || !c.HttpOnly || c.SameSite != http.SameSiteStrictMode {
			t.Errorf("cookie %s over TLS: %+v; want Secure, HttpOnly, SameSite=Strict", c.Name, c)
		}
	}
	if len(readCookies(rec.Header())) == 0 {
		t.Fatal("the sign-in form set no cookie")
	}
}

func TestCSRF(t *testing.T) {
	e := newEnv(t, caseworker, teamlead, finance)
	b := e.browser(t)
	b.signIn(caseworker)
	before := e.payoutCount()
	for _, token := range []string{"", "verzonnen"} {
		v := e.requestForm("100,00")
		if token != "" {
			v.Set("csrf", token)
		}
		got := wantStatus(t, b.post("/aanvragen/nieuw", v), http.StatusForbidden)
		wantText(t, got, "Formulier niet geaccepteerd", "laad de pagina opnieuw")
	}
	// Another session's token does not do either.
	other := e.browser(t)
	other.signIn(caseworker)
	v := e.requestForm("100,00")
	v.Set("csrf", csrfOf(t, other.get("/aanvragen/nieuw").Body))
	wantStatus(t, b.post("/aanvragen/nieuw", v), http.StatusForbidden)
	if got := e.payoutCount(); got != before {
		t.Fatalf("a refused form booked %d payouts", got-before)
	}
	// Every form checks it, whatever it does.
	fin := e.browser(t)
	fin.signIn(finance)
	for _, path := range []string{"/financien/perioden", "/financien/betalingen", "/financien/vorderingen/RCV-x", "/financien/toerekenen/PAY-x", "/uitloggen"} {
		wantStatus(t, fin.post(path, url.Values{"csrf": {"verzonnen"}}), http.StatusForbidden)
	}
}
