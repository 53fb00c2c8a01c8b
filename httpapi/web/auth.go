package web

import (
	"crypto/subtle"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/ontschot/ontschot/httpapi/oidc"
	"github.com/ontschot/ontschot/ledger"
)

// loginCookie carries the CSRF token of the sign-in form, before there is a
// session (double submit: the form and the cookie must agree).
const loginCookie = "ontschot_formulier"

// validCSRF reports whether a posted form carries the token of its
// session, or for the sign-in the token of its cookie.
func (h *Handler) validCSRF(r *http.Request, s *session) bool {
	got := r.PostFormValue("csrf")
	want := ""
	if s != nil {
		want = s.CSRF
	}
	if r.URL.Path == "/inloggen" {
		c, err := r.Cookie(loginCookie)
		if err != nil {
			return false
		}
		want = c.Value
	}
	return want != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// validToken reports whether a cookie holds a token as NewCSRFToken makes
// them: long, and of URL-safe characters only.
func validToken(s string) bool {
	if len(s) < 40 || len(s) > 100 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

func (h *Handler) cookie(name, value string, maxAge int) *http.Cookie {
	return &http.Cookie{Name: name, Value: value, Path: "/", MaxAge: maxAge, HttpOnly: true, Secure: h.secure, SameSite: http.SameSiteStrictMode}
}

type signInData struct {
	CSRF        string
	User        string
	Back        string
	Error       string
	MaxFailures int
	// Passwords shows the password form; Provider, when not "", the
	// button that signs in with the identity provider (its address).
	Passwords bool
	Provider  string
}

// signInPage is the sign-in page's data with how people sign in here.
func (h *Handler) signInPage(d signInData) signInData {
	d.Passwords, d.MaxFailures = h.passwords, ledger.MaxFailedSignIns
	if h.provider != nil {
		d.Provider = oidc.StartPath
		if d.Back != "/" {
			d.Provider += "?" + url.Values{"terug": {d.Back}}.Encode()
		}
	}
	return d
}

// back returns where to go after signing in: a local path only.
func back(r *http.Request) string { return localPath(r.FormValue("terug")) }

// localPath is b when it is a path on this site, "/" otherwise: never
// another site (//host, /\host, a scheme), so no sign-in becomes an open
// redirect.
func localPath(b string) string {
	if b == "" || !strings.HasPrefix(b, "/") || strings.HasPrefix(b, "//") || strings.Contains(b, "\\") || !ledger.IsText(b) {
		return "/"
	}
	if u, err := url.Parse(b); err != nil || u.Host != "" || u.Scheme != "" {
		return "/"
	}
	return b
}

func (h *Handler) signInForm(w http.ResponseWriter, r *http.Request, s *session) error {
	if s != nil {
		http.Redirect(w, r, back(r), http.StatusSeeOther)
		return nil
	}
	// A sign-in form open in another tab keeps working: the token is the
	// cookie's, as long as there is one.
	token := ""
	if c, err := r.Cookie(loginCookie); err == nil && validToken(c.Value) {
		token = c.Value
	} else {
		token = ledger.NewCSRFToken()
	}
	http.SetCookie(w, h.cookie(loginCookie, token, 3600))
	h.render(w, r, nil, http.StatusOK, "signin", "Inloggen", h.signInPage(signInData{CSRF: token, Back: back(r)}))
	return nil
}

func (h *Handler) signIn(w http.ResponseWriter, r *http.Request, _ *session) error {
	if !h.passwords {
		return ledger.NewError(ledger.ENOTFOUND, ledger.MsgNoPasswordSignIn)
	}
	user := strings.TrimSpace(r.PostFormValue("gebruiker"))
	ws, err := h.store.SignIn(ctx(r), user, r.PostFormValue("wachtwoord"))
	if err != nil {
		if ledger.ErrorCode(err) != ledger.EUNAUTHORIZED {
			return err
		}
		token := ledger.NewCSRFToken()
		http.SetCookie(w, h.cookie(loginCookie, token, 3600))
		// One answer for a wrong name, a wrong password and a locked
		// account: the page does not tell a stranger which names exist.
		msg := "De gebruikersnaam of het wachtwoord klopt niet, of het account is tijdelijk geblokkeerd na " + itoa(ledger.MaxFailedSignIns) +
			" mislukte pogingen. Controleer beide en probeer het opnieuw; na een blokkade kan dat na een kwartier, of vraag de beheerder om hulp."
		h.render(w, r, nil, http.StatusUnauthorized, "signin", "Inloggen", h.signInPage(signInData{CSRF: token, User: user, Back: back(r), Error: msg}))
		return nil
	}
	http.SetCookie(w, h.cookie(loginCookie, "", -1))
	http.SetCookie(w, h.cookie(sessionCookie, ws.Secret, int(ledger.SessionMax/time.Second)))
	// An earlier provider sign-in's ID token is not this session's.
	http.SetCookie(w, h.idTokenCookie("", -1))
	to := back(r)
	if to == "/" {
		to = startPage(ws.Role)
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

func (h *Handler) signOut(w http.ResponseWriter, r *http.Request, s *session) error {
	if err := h.store.SignOut(ctx(r), s.Secret); err != nil {
		return err
	}
	http.SetCookie(w, h.cookie(sessionCookie, "", -1))
	// Signed in with the provider: sign out there too, where it can.
	c, err := r.Cookie(idTokenCookie)
	http.SetCookie(w, h.idTokenCookie("", -1))
	if err == nil && h.provider != nil {
		hint := c.Value
		if hint == noIDToken {
			hint = ""
		}
		if to := h.provider.EndSessionURL(hint); to != "" {
			http.Redirect(w, r, to, http.StatusSeeOther)
			return nil
		}
	}
	redirect(w, r, "/inloggen", "uitgelogd")
	return nil
}

// keepAlive answers the pages' script while someone is typing in a form:
// looking the session up keeps it from ending idle, so a long weighing is
// not lost to the sign-in.
func (h *Handler) keepAlive(w http.ResponseWriter, r *http.Request, s *session) error {
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// startPage is where a role starts.
func startPage(role ledger.Role) string {
	switch role {
	case ledger.RoleCaseworker:
		return "/aanvragen/nieuw"
	case ledger.RoleTeamlead, ledger.RoleManager, ledger.RoleAlderman:
		return "/beoordelen"
	case ledger.RoleFinance:
		return "/financien"
	case ledger.RolePartner:
		return "/partner"
	}
	return "/potten"
}

func (h *Handler) home(w http.ResponseWriter, r *http.Request, s *session) error {
	http.Redirect(w, r, startPage(s.Role), http.StatusSeeOther)
	return nil
}
