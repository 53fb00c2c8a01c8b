package web

import (
	"errors"
	"net/http"
	"time"

	"github.com/ontschot/ontschot/httpapi/oidc"
	"github.com/ontschot/ontschot/ledger"
)

// Signing in with the identity provider (package oidc): the button on the
// sign-in page leads to providerStart, which sends the person to the
// provider; the provider sends them back to providerCallback.

const (
	// pendingCookie keeps a sign-in under way (state, nonce, PKCE
	// verifier) between leaving for the provider and coming back. It is
	// SameSite=Lax: the provider's redirect back is a top-level GET from
	// another site, which a Strict cookie would not come with.
	pendingCookie = "ontschot_oidc"
	// idTokenCookie keeps the ID token of a provider sign-in, to name the
	// session when signing out at the provider; it goes only to the
	// sign-out.
	idTokenCookie = "ontschot_idtoken"
	// pendingMaxAge is how long a person may take at the provider, in
	// seconds.
	pendingMaxAge = 600
)

// maxIDTokenCookie is the longest ID token kept in idTokenCookie, in
// bytes: with the cookie's name and attributes it stays under the 4096
// bytes browsers keep of a cookie (RFC 6265, 6.1).
const maxIDTokenCookie = 3800

// noIDToken is idTokenCookie's value for a provider sign-in whose ID token
// was too large to keep.
const noIDToken = "-"

// idTokenCookie is the cookie that keeps the ID token of a provider
// sign-in for the sign-out (maxAge -1: remove it).
func (h *Handler) idTokenCookie(value string, maxAge int) *http.Cookie {
	return &http.Cookie{Name: idTokenCookie, Value: value, Path: "/uitloggen", MaxAge: maxAge, HttpOnly: true, Secure: h.secure, SameSite: http.SameSiteStrictMode}
}

// providerName is how the pages name the provider.
const providerName = "uw gemeenteaccount"

// providerStart sends the person to the provider's sign-in.
func (h *Handler) providerStart(w http.ResponseWriter, r *http.Request, s *session) error {
	if h.provider == nil {
		return ledger.NewError(ledger.ENOTFOUND, ledger.MsgNoProviderSignIn)
	}
	if s != nil {
		http.Redirect(w, r, back(r), http.StatusSeeOther)
		return nil
	}
	to, p := h.provider.Start(back(r))
	http.SetCookie(w, &http.Cookie{Name: pendingCookie, Value: oidc.EncodePending(p), Path: oidc.StartPath, MaxAge: pendingMaxAge,
		HttpOnly: true, Secure: h.secure, SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

type signedInPage struct {
	To, Provider string
}

type noRolePage struct {
	User, Provider string
}

// providerCallback finishes a sign-in the provider sent back: the state,
// the code exchanged with the PKCE verifier, the ID token checked, the
// groups mapped to a role; then the session opens. Every refusal is
// logged with its reason and shown as one Dutch page; a person without a
// mapped group is told so, and gets no session.
func (h *Handler) providerCallback(w http.ResponseWriter, r *http.Request, _ *session) error {
	if h.provider == nil {
		return ledger.NewError(ledger.ENOTFOUND, ledger.MsgNoProviderSignIn)
	}
	// The pending sign-in is used once, whatever comes of it.
	http.SetCookie(w, &http.Cookie{Name: pendingCookie, Value: "", Path: oidc.StartPath, MaxAge: -1,
		HttpOnly: true, Secure: h.secure, SameSite: http.SameSiteLaxMode})
	var p oidc.Pending
	if c, err := r.Cookie(pendingCookie); err == nil {
		p, _ = oidc.DecodePending(c.Value)
	}
	id, err := h.provider.Finish(r.Context(), p, r.URL.Query())
	if err != nil {
		return h.providerRefused(w, r, err)
	}
	in, ok := h.provider.SignIn(id)
	if !ok {
		h.log.InfoContext(r.Context(), "provider sign-in refused", "reason", oidc.ReasonNoRole, "groups", len(id.Groups))
		// Offboarding at the provider: the person's sessions end too.
		if err := h.store.EndProviderSessions(r.Context(), id.User); err != nil && ledger.ErrorCode(err) != ledger.EINVALID {
			return err
		}
		h.render(w, r, nil, http.StatusForbidden, "norole", "Geen rol in ontschot", noRolePage{User: id.User, Provider: providerName})
		return nil
	}
	// With passwords off, the provider may take over an account that had
	// one: its password could not be used any more.
	in.TakeOver = !h.passwords
	ws, err := h.store.OpenProviderSession(r.Context(), in)
	if err != nil {
		if code := ledger.ErrorCode(err); code == ledger.EINVALID || code == ledger.ENOTFOUND || code == ledger.ECONFLICT {
			h.log.WarnContext(r.Context(), "provider sign-in refused", "reason", "user", "err", err.Error())
			h.renderError(w, r, nil, http.StatusForbidden, "Inloggen is niet gelukt",
				"Uw account bij "+providerName+" kan in ontschot niet worden gebruikt: "+pageMessage(err)+" Vraag de beheerder van ontschot om hulp.")
			return nil
		}
		return err
	}
	http.SetCookie(w, h.cookie(loginCookie, "", -1))
	http.SetCookie(w, h.cookie(sessionCookie, ws.Secret, int(ledger.SessionMax/time.Second)))
	// The ID token names the session at the provider's sign-out; one too
	// large for a cookie (a browser drops a cookie over 4 KB) is left out
	// (noIDToken), and the sign-out names only the client.
	hint := id.IDToken
	if len(hint) > maxIDTokenCookie {
		hint = noIDToken
	}
	http.SetCookie(w, h.idTokenCookie(hint, int(ledger.SessionMax/time.Second)))
	// The page to go back to was checked when the sign-in began; it is
	// checked again, as the cookie it came back in is the browser's.
	to := localPath(p.Back)
	if to == "/" {
		to = startPage(ws.Role)
	}
	// The page goes on by itself: a redirect would carry the provider's
	// cross-site navigation on, and browsers leave the SameSite=Strict
	// session cookie off such a request, so the next page would not see
	// the session.
	h.render(w, r, &session{ws}, http.StatusOK, "signedin", "Ingelogd", signedInPage{To: to, Provider: providerName})
	return nil
}

// providerRefused answers a sign-in the provider or its tokens failed:
// the reason is logged, the person sees that it failed and what to do.
func (h *Handler) providerRefused(w http.ResponseWriter, r *http.Request, err error) error {
	var ref *oidc.Refusal
	if !errors.As(err, &ref) {
		return err
	}
	h.log.WarnContext(r.Context(), "provider sign-in refused", "reason", ref.Reason, "err", err.Error())
	msg := "Inloggen via " + providerName + " is niet gelukt. Probeer het opnieuw vanaf de inlogpagina; lukt het dan weer niet, neem dan contact op met de beheerder."
	if ref.Reason == oidc.ReasonState {
		msg = "Deze inlogpoging is verlopen of niet hier begonnen. Begin opnieuw vanaf de inlogpagina."
	}
	h.renderError(w, r, nil, http.StatusUnauthorized, "Inloggen is niet gelukt", msg)
	return nil
}
