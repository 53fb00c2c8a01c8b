// Package web is ontschot's face for people: server-rendered pages in Dutch
// for caseworkers, approvers, finance, everyone who watches a pot, and
// funding partners. It uses the same ledger, the same permission table and
// the same services as the HTTP API; the templates, the style sheet and the
// little JavaScript are embedded in the binary, so there is no build step.
//
// People sign in with a password (argon2id) and get a session cookie
// (HttpOnly, SameSite=Strict, Secure over TLS). Every form carries the
// session's CSRF token. A refused form is shown again with what was typed
// and a Dutch message beside each field at fault.
package web

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/gorilla/mux"

	"github.com/ontschot/ontschot/allocation"
	"github.com/ontschot/ontschot/httpapi/internal/gate"
	"github.com/ontschot/ontschot/httpapi/oidc"
	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/reports"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Config is what the pages need.
type Config struct {
	Store ledger.Store
	// Logger receives internal errors with detail. Default: discard.
	Logger *slog.Logger
	// Now is the clock. Default: time.Now.
	Now func() time.Time
	// Secure marks the cookies Secure: set it when the pages are served
	// over TLS (or behind a proxy that terminates it).
	Secure bool
	// Verify returns the journal's last verification, for the statements
	// to cite. Default: the store's Verify, every time.
	Verify func(context.Context) (ledger.Verification, error)
	// Heavy is the gate the pages that read every payout of a pot or
	// period pass (the queue, the dashboards, statements): shared with the
	// API's heavy routes, so together they never run more than its slots.
	// Default: a gate of its own.
	Heavy *gate.Gate
	// Provider signs people in with the municipality's identity provider
	// (OpenID Connect); nil: no such sign-in.
	Provider *oidc.RelyingParty
	// NoPasswordSignIn switches the password form off: the sign-in page
	// offers only the provider, and a posted password answers 404.
	NoPasswordSignIn bool
}

// Handler serves the pages. It is an http.Handler.
type Handler struct {
	store   ledger.Store
	alloc   *allocation.Service
	reports *reports.Builder
	log     *slog.Logger
	now     func() time.Time
	secure  bool
	verify  func(context.Context) (ledger.Verification, error)
	heavy   *gate.Gate
	pages   map[string]*template.Template
	router  *mux.Router
	// provider and passwords are how people sign in (Config.Provider,
	// Config.NoPasswordSignIn).
	provider  *oidc.RelyingParty
	passwords bool
	// csp is the pages' Content-Security-Policy.
	csp string
}

// New returns the pages' handler.
func New(cfg Config) (*Handler, error) {
	if cfg.Store == nil {
		return nil, errors.New("web: a store is required")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Verify == nil {
		cfg.Verify = func(ctx context.Context) (ledger.Verification, error) {
			return cfg.Store.Verify(ctx, ledger.VerifyOptions{})
		}
	}
	if cfg.Heavy == nil {
		cfg.Heavy = gate.New(0, 0)
	}
	if cfg.NoPasswordSignIn && cfg.Provider == nil {
		return nil, errors.New("web: password sign-in is off and there is no identity provider: nobody could sign in")
	}
	h := &Handler{store: cfg.Store, log: cfg.Logger, now: cfg.Now, secure: cfg.Secure, verify: cfg.Verify, heavy: cfg.Heavy, pages: map[string]*template.Template{},
		provider: cfg.Provider, passwords: !cfg.NoPasswordSignIn}
	h.alloc = &allocation.Service{Store: cfg.Store, Now: func() time.Time { return h.now() }}
	h.reports = &reports.Builder{Store: cfg.Store, Now: func() time.Time { return h.now() }}
	// The sign-out form's answer sends the browser on to the provider's
	// end session: browsers hold a form's redirect to form-action too.
	formAction := "'self'"
	if h.provider != nil {
		if o := h.provider.EndSessionOrigin(); o != "" {
			formAction += " " + o
		}
	}
	h.csp = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action " + formAction + "; frame-ancestors 'none'; base-uri 'none'"
	if err := h.parseTemplates(); err != nil {
		return nil, err
	}
	h.routes()
	return h, nil
}

// parseTemplates makes one template per page: the layout with the page's
// blocks.
func (h *Handler) parseTemplates() error {
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return err
	}
	base, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html")
	if err != nil {
		return fmt.Errorf("web: layout: %w", err)
	}
	for _, n := range names {
		name := path.Base(n)
		if name == "layout.html" {
			continue
		}
		t, err := template.Must(base.Clone()).ParseFS(templateFS, n)
		if err != nil {
			return fmt.Errorf("web: %s: %w", name, err)
		}
		h.pages[strings.TrimSuffix(name, ".html")] = t
	}
	return nil
}

// page describes a route of the pages: who may see it is the action's roles
// in ledger.Permissions (Public for the sign-in).
type page struct {
	method string
	path   string
	action ledger.Action
	handle func(h *Handler, w http.ResponseWriter, r *http.Request, s *session) error
}

// Public marks a page anyone may see.
const Public ledger.Action = ""

// Actions of pages only, beyond ledger's.
const (
	// actHome is any signed-in user's start page.
	actHome ledger.Action = "web_home"
	// actPartnerPages are the partners' pages.
	actPartnerPages ledger.Action = "web_partner"
	// actDashboard is the pot dashboard: everyone but partners.
	actDashboard ledger.Action = "web_dashboard"
)

func (h *Handler) allowed(role ledger.Role, a ledger.Action) bool {
	switch a {
	case Public, actHome:
		return true
	case actPartnerPages:
		return role == ledger.RolePartner
	case actDashboard:
		return role != ledger.RolePartner
	}
	return ledger.Allowed(role, a)
}

func (h *Handler) routes() {
	r := mux.NewRouter()
	r.StrictSlash(false)
	static, _ := fs.Sub(staticFS, "static")
	r.PathPrefix("/static/").Handler(http.StripPrefix("/static/", http.FileServer(http.FS(static))))
	for _, p := range pages() {
		r.Handle(p.path, h.wrap(p)).Methods(p.method)
	}
	r.NotFoundHandler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s, _ := h.session(r)
		h.renderError(w, r, s, http.StatusNotFound, "Pagina niet gevonden", "Deze pagina bestaat niet. Ga terug naar de startpagina.")
	})
	r.MethodNotAllowedHandler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s, _ := h.session(r)
		h.renderError(w, r, s, http.StatusMethodNotAllowed, "Dat kan hier niet", "Deze pagina kan dat verzoek niet verwerken.")
	})
	h.router = r
}

// pages lists every page. The table is the pages' permission matrix; the
// actions are those of the API where one exists.
func pages() []page {
	return []page{
		{"GET", "/", actHome, (*Handler).home},
		{"GET", "/inloggen", Public, (*Handler).signInForm},
		{"POST", "/inloggen", Public, (*Handler).signIn},
		{"GET", oidc.StartPath, Public, (*Handler).providerStart},
		{"GET", oidc.CallbackPath, Public, (*Handler).providerCallback},
		{"POST", "/uitloggen", actHome, (*Handler).signOut},
		{"GET", "/sessie", actHome, (*Handler).keepAlive},

		{"GET", "/aanvragen", ledger.ActRequestPayout, (*Handler).myRequests},
		{"GET", "/aanvragen/nieuw", ledger.ActRequestPayout, (*Handler).requestForm},
		{"POST", "/aanvragen/nieuw", ledger.ActRequestPayout, (*Handler).submitRequest},
		{"GET", "/aanvragen/vergelijkbaar", ledger.ActRequestPayout, (*Handler).similar},
		{"GET", "/aanvragen/{id}", ledger.ActReadPayouts, (*Handler).payoutPage},
		{"POST", "/aanvragen/{id}/besluit", ledger.ActDecidePayout, (*Handler).decide},
		{"POST", "/aanvragen/{id}/evaluatie", ledger.ActEvaluate, (*Handler).evaluate},
		{"POST", "/aanvragen/{id}/opnieuw", ledger.ActReissuePayout, (*Handler).reissue},
		{"GET", "/beoordelen", ledger.ActDecidePayout, (*Handler).inbox},

		{"GET", "/financien", ledger.ActAllocate, (*Handler).queue},
		{"GET", "/financien/toerekenen/{id}", ledger.ActAllocate, (*Handler).allocationForm},
		{"POST", "/financien/toerekenen/{id}", ledger.ActAllocate, (*Handler).allocate},
		{"GET", "/financien/vorderingen", ledger.ActSettle, (*Handler).receivables},
		{"POST", "/financien/vorderingen/{id}", ledger.ActSettle, (*Handler).settle},
		{"GET", "/financien/perioden", ledger.ActClosePeriod, (*Handler).periods},
		{"POST", "/financien/perioden", ledger.ActClosePeriod, (*Handler).closePeriod},
		{"GET", "/financien/betalingen", ledger.ActPay, (*Handler).payments},
		{"POST", "/financien/betalingen", ledger.ActPay, (*Handler).pay},
		{"GET", "/financien/betalingen/voorbeeld", ledger.ActPay, (*Handler).paymentPreview}, // before {id}
		{"GET", "/financien/betalingen/{id}", ledger.ActPay, (*Handler).paymentFile},
		{"GET", "/financien/verantwoording", ledger.ActAllocate, (*Handler).statementsPage},
		// Auditors read what the bank's files held; finance alone uploads.
		{"GET", bankPath, ledger.ActReadBankEntries, (*Handler).bank},
		{"POST", bankPath, ledger.ActImportBankFiles, (*Handler).importBank},
		{"GET", reconciliationPath, ledger.ActReadBankEntries, (*Handler).reconciliation},
		{"GET", reconciliationPath + "/{file}", ledger.ActReadBankEntries, (*Handler).reconciliationFile},

		{"GET", "/potten", actDashboard, (*Handler).potsPage},
		{"GET", notificationsPath, ledger.ActReadNotifications, (*Handler).notificationsList},
		{"GET", "/potten/{id}", actDashboard, (*Handler).dashboard},
		{"GET", "/potten/{id}/grafiek.png", actDashboard, (*Handler).chart},

		{"GET", "/partner", actPartnerPages, (*Handler).partnerHome},
		{"GET", "/partner/{pot}/{quarter}", actPartnerPages, (*Handler).partnerStatement},

		{"GET", "/verantwoording/{pot}/{file}", ledger.ActReadStatements, (*Handler).statementFile},

		{"GET", financeViewPath, ledger.ActReadFinanceView, (*Handler).financeView},
		{"GET", financeViewPath + "/{file}", ledger.ActReadFinanceView, (*Handler).financeViewFile},
		{"GET", legitimacyPath, ledger.ActReadLegitimacy, (*Handler).legitimacy},
		{"GET", legitimacyPath + "/{file}", ledger.ActReadLegitimacy, (*Handler).legitimacyFile},
	}
}

// Route is a page as the permission matrix shows it: the method, the path
// (with {variables}) and the roles that may use it; nil Roles means
// anyone, signed in or not.
type Route struct {
	Method string
	Path   string
	Roles  []ledger.Role
}

// Routes lists every page with the roles that may use it.
func Routes() []Route {
	h := &Handler{}
	var out []Route
	for _, p := range pages() {
		rt := Route{Method: p.method, Path: p.path}
		if p.action != Public {
			for _, role := range ledger.Roles {
				if h.allowed(role, p.action) {
					rt.Roles = append(rt.Roles, role)
				}
			}
		}
		out = append(out, rt)
	}
	return out
}

// session is the signed-in user of a request.
type session struct {
	ledger.WebSession
}

const sessionCookie = "ontschot_sessie"

// session returns the request's session, if it has a valid one.
func (h *Handler) session(r *http.Request) (*session, error) {
	c, err := r.Cookie(sessionCookie)
	if err != nil {
		return nil, err
	}
	ws, err := h.store.WebSession(r.Context(), c.Value)
	if err != nil {
		return nil, err
	}
	ws.Secret = c.Value
	return &session{ws}, nil
}

// wrap checks the session, the role and, for a form, its CSRF token, then
// runs the page.
func (h *Handler) wrap(p page) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", h.csp)
		w.Header().Set("Cache-Control", "no-store")
		s, err := h.session(r)
		noteAccess(w, p.path, s)
		if p.action != Public {
			if err != nil {
				if r.Method == http.MethodGet {
					http.Redirect(w, r, "/inloggen?terug="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
					return
				}
				h.renderError(w, r, nil, http.StatusUnauthorized, "U bent niet (meer) ingelogd", "Uw sessie is verlopen of u bent niet ingelogd. Log opnieuw in; wat u invulde, is niet opgeslagen.")
				return
			}
			if !h.allowed(s.Role, p.action) {
				h.renderError(w, r, s, http.StatusForbidden, "Geen toegang", "Met de rol "+roleLabel(s.Role)+" kunt u deze pagina niet gebruiken.")
				return
			}
		}
		if r.Method == http.MethodPost && p.path == "/inloggen" && !h.passwords {
			// Password sign-in is off: the form is not there at all.
			h.fail(w, r, nil, ledger.NewError(ledger.ENOTFOUND, ledger.MsgNoPasswordSignIn))
			return
		}
		if limit, ok := uploadLimits[p.path]; ok && r.Method == http.MethodPost {
			r = readUpload(w, r, limit)
			if r.MultipartForm != nil {
				defer func() { _ = r.MultipartForm.RemoveAll() }()
			}
		}
		// An upload too large to read is refused by its page without its
		// token being read: nothing is done with it.
		if r.Method == http.MethodPost && !uploadTooLarge(r) && !h.validCSRF(r, s) {
			h.renderError(w, r, s, http.StatusForbidden, "Formulier niet geaccepteerd",
				"Het formulier is verlopen of kwam niet van deze site. Ga terug, laad de pagina opnieuw en probeer het nog eens.")
			return
		}
		if heavyPages[p.path] {
			release, err := h.heavy.Enter(r.Context())
			if err != nil {
				if errors.Is(err, gate.ErrBusy) {
					w.Header().Set("Retry-After", strconv.Itoa(h.heavy.RetryAfter()))
					h.renderError(w, r, s, http.StatusServiceUnavailable, "Het is nu erg druk",
						"Er worden nu veel overzichten tegelijk gemaakt. Probeer het over "+strconv.Itoa(h.heavy.RetryAfter())+" seconden opnieuw.")
				}
				return
			}
			defer release()
		}
		if err := p.handle(h, w, r, s); err != nil {
			h.fail(w, r, s, err)
		}
	})
}

// heavyPages are the pages that read every payout of a pot or a period:
// they pass the gate, so a burst of them cannot exhaust the server.
var heavyPages = map[string]bool{
	"/financien":                   true,
	"/financien/verantwoording":    true,
	"/potten":                      true,
	"/potten/{id}":                 true,
	"/potten/{id}/grafiek.png":     true,
	"/partner/{pot}/{quarter}":     true,
	"/verantwoording/{pot}/{file}": true,
	financeViewPath:                true,
	financeViewPath + "/{file}":    true,
	legitimacyPath:                 true,
	legitimacyPath + "/{file}":     true,
}

// fail answers an error a page returned: a domain error as a Dutch page, an
// internal one logged and shown generically.
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, s *session, err error) {
	switch ledger.ErrorCode(err) {
	case ledger.ENOTFOUND:
		h.renderError(w, r, s, http.StatusNotFound, "Niet gevonden", pageMessage(err))
	case ledger.EFORBIDDEN, ledger.EMANDATE:
		h.renderError(w, r, s, http.StatusForbidden, "Niet toegestaan", pageMessage(err))
	case ledger.EUNAUTHORIZED:
		h.renderError(w, r, s, http.StatusUnauthorized, "Niet ingelogd", pageMessage(err))
	case ledger.EINVALID:
		h.renderError(w, r, s, http.StatusBadRequest, "Dat kan niet", pageMessage(err))
	case ledger.EUNAVAILABLE:
		h.log.ErrorContext(r.Context(), "page could not write", "path", routeName(r), "err", err.Error())
		w.Header().Set("Retry-After", "10")
		h.renderError(w, r, s, http.StatusServiceUnavailable, "Even niet mogelijk",
			"Er kan op dit moment niets worden vastgelegd; er is niets geboekt. Probeer het over enkele minuten opnieuw. De beheerder ziet de oorzaak in het logboek.")
	case ledger.EINTERNAL:
		h.log.ErrorContext(r.Context(), "page failed", "path", routeName(r), "err", err.Error())
		h.renderError(w, r, s, http.StatusInternalServerError, "Er ging iets mis",
			"Er ging bij ons iets mis; het is vastgelegd. Probeer het later opnieuw of neem contact op met de beheerder.")
	default:
		h.renderError(w, r, s, http.StatusConflict, "Dat kan niet", pageMessage(err))
	}
}

// routeName is the matched route's template, for logs without ids.
func routeName(r *http.Request) string {
	if rt := mux.CurrentRoute(r); rt != nil {
		if t, err := rt.GetPathTemplate(); err == nil {
			return t
		}
	}
	return "unmatched"
}

// view is what every page template gets.
type view struct {
	Title   string
	Session *session
	Nav     []navItem
	Path    string
	Notice  string
	Data    any
}

type navItem struct {
	Href, Label string
	Current     bool
	// Count is a number shown beside the label (unread notifications).
	Count int
}

// nav lists the pages of a role.
func nav(s *session, current string) []navItem {
	if s == nil {
		return nil
	}
	var items []navItem
	add := func(href, label string) { items = append(items, navItem{Href: href, Label: label}) }
	defer func() {
		// The page is the entry whose address is the longest prefix of the
		// path: /aanvragen/nieuw is "Nieuwe aanvraag", not "Mijn aanvragen".
		best := -1
		for i, it := range items {
			if (current == it.Href || strings.HasPrefix(current, it.Href+"/")) && (best < 0 || len(it.Href) > len(items[best].Href)) {
				best = i
			}
		}
		if best >= 0 {
			items[best].Current = true
		}
	}()
	switch s.Role {
	case ledger.RolePartner:
		add("/partner", "Verantwoordingen")
	case ledger.RoleCaseworker:
		add("/aanvragen/nieuw", "Nieuwe aanvraag")
		add("/aanvragen", "Mijn aanvragen")
	case ledger.RoleTeamlead, ledger.RoleManager, ledger.RoleAlderman:
		add("/beoordelen", "Te beoordelen")
		add("/aanvragen/nieuw", "Nieuwe aanvraag")
		add("/aanvragen", "Mijn aanvragen")
	case ledger.RoleFinance:
		add("/financien", "Toerekenen")
		add("/financien/vorderingen", "Vorderingen")
		add("/financien/betalingen", "Betalingen")
		add(bankPath, "Bankbestanden")
		add("/financien/perioden", "Perioden")
		add("/financien/verantwoording", "Verantwoording")
	}
	if s.Role == ledger.RolePartner {
		return items
	}
	// The reports, for every role the permission table lets read them.
	if ledger.Allowed(s.Role, ledger.ActReadFinanceView) {
		add(financeViewPath, "Financieel overzicht")
	}
	if ledger.Allowed(s.Role, ledger.ActReadLegitimacy) {
		add(legitimacyPath, "Legitimiteit")
	}
	if s.Role != ledger.RoleFinance && ledger.Allowed(s.Role, ledger.ActReadBankEntries) {
		// An auditor reads what the bank's files held.
		add(bankPath, "Bankbestanden")
	}
	add("/potten", "Potten")
	return items
}

// withUnread adds the notifications to the navigation, with the number
// unread: everyone signed in has them.
func withUnread(items []navItem, current string, unread int) []navItem {
	return append(items, navItem{Href: notificationsPath, Label: "Meldingen", Count: unread, Current: current == notificationsPath})
}

// render writes a page.
func (h *Handler) render(w http.ResponseWriter, r *http.Request, s *session, status int, name, title string, data any) {
	t, ok := h.pages[name]
	if !ok {
		h.log.Error("no such page template", "page", name)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	v := view{Title: title, Session: s, Nav: nav(s, r.URL.Path), Path: r.URL.Path, Notice: notice(r), Data: data}
	// A page that belongs under another entry than its address says (a
	// payout is one's own request, or one to decide) names it; a page
	// with a notice of its own (which request was decided) says it.
	if n, ok := data.(interface{ navSection() string }); ok {
		v.Nav = nav(s, n.navSection())
	}
	if s != nil {
		// One indexed count per page: the navigation says how many
		// notifications wait unread. A failure leaves the count out.
		unread, err := h.store.UnreadNotifications(r.Context(), s.Actor)
		if err != nil {
			h.log.WarnContext(r.Context(), "count notifications", "err", err.Error())
		}
		v.Nav = withUnread(v.Nav, r.URL.Path, unread)
	}
	if n, ok := data.(interface{ pageNotice() string }); ok && n.pageNotice() != "" {
		v.Notice = n.pageNotice()
	}
	var buf strings.Builder
	if err := t.ExecuteTemplate(&buf, "layout.html", v); err != nil {
		h.log.ErrorContext(r.Context(), "render page", "page", name, "err", err.Error())
		http.Error(w, "Er ging iets mis bij het tonen van deze pagina.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(buf.String()))
}

// renderError writes an error page.
func (h *Handler) renderError(w http.ResponseWriter, r *http.Request, s *session, status int, title, message string) {
	h.render(w, r, s, status, "error", title, map[string]any{"Message": message, "Status": status})
}

// notices are the messages a page shows after a redirect, by key.
var notices = map[string]string{
	"uitgelogd":       "U bent uitgelogd.",
	"besloten":        "Uw besluit is vastgelegd.",
	"geevalueerd":     "De evaluatie is vastgelegd.",
	"opnieuw":         "De begunstigde is verbeterd. Deze nieuwe uitbetaling is goedgekeurd met het besluit over de teruggekomen uitbetaling, en gaat met de eerstvolgende betaling naar de verbeterde rekening.",
	"toegerekend":     "De toerekening is geboekt.",
	"toegerekend-nul": "De toerekening is geboekt. Percentageregels die op € 0,00 uitkwamen, zijn weggelaten.",
	"batch":           "Het betaalbestand is gemaakt en de uitbetalingen staan op betaald.",
	"betaald":         "De betaling van de partij is vastgelegd.",
	"afgesloten":      "De periode is afgesloten.",
}

func notice(r *http.Request) string { return notices[r.URL.Query().Get("melding")] }

// ServeHTTP serves the pages.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) { h.router.ServeHTTP(w, r) }

// AccessNoter is what the server that mounts the pages logs each request
// with (its access log: the route pattern and the role, never a path with
// ids or a user name). The pages tell it, when the response writer is one,
// which page answered and whose session asked.
type AccessNoter interface {
	NoteAccess(route, role string)
}

// noteAccess tells w's access log the page's route pattern and the
// session's role ("" when no one is signed in).
func noteAccess(w http.ResponseWriter, route string, s *session) {
	n, ok := w.(AccessNoter)
	if !ok {
		return
	}
	role := ""
	if s != nil {
		role = string(s.Role)
	}
	n.NoteAccess(route, role)
}

// redirect answers a form with a redirect to a page (303: the browser GETs
// it, so a reload does not post again).
func redirect(w http.ResponseWriter, r *http.Request, to, melding string) {
	if melding != "" {
		sep := "?"
		if strings.Contains(to, "?") {
			sep = "&"
		}
		to += sep + "melding=" + melding
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// ctx is the request's context.
func ctx(r *http.Request) context.Context { return r.Context() }
