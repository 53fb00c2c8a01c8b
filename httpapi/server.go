package httpapi

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gorilla/mux"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/ontschot/ontschot/allocation"
	"github.com/ontschot/ontschot/httpapi/internal/gate"
	"github.com/ontschot/ontschot/httpapi/oidc"
	"github.com/ontschot/ontschot/httpapi/web"
	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/reports"
)

// APIVersion is the version of the API contract (the OpenAPI document's
// info.version), sent in the API-Version header of every answer.
const APIVersion = "1.0.0"

// Config is what a Server needs.
type Config struct {
	// Store keeps the ledger.
	Store ledger.Store
	// Logger receives structured logs (no personal data). Default: discard.
	Logger *slog.Logger
	// Build is the release, shown by the health check.
	Build string
	// Registry collects the metrics; default: a new one with the Go and
	// process collectors.
	Registry *prometheus.Registry
	// Now is the clock for what the API computes itself (ages, waits,
	// windows); the store keeps its own. Default: time.Now.
	Now func() time.Time
	// TokenCacheTTL is how long an authenticated token is remembered for
	// reads before it is looked up again (and a revocation made at another
	// server noticed); writes always look it up. Default: 10 s; negative
	// disables the cache.
	TokenCacheTTL time.Duration
	// Pages serves the web pages (package web) at every path outside /api
	// and /metrics.
	Pages bool
	// SecureCookies marks the pages' cookies Secure: set it when serving
	// over TLS or behind a proxy that terminates it.
	SecureCookies bool
	// HeavyReads bounds how many heavy reads (routes and pages that read
	// every payout of a pot or a period: the queue, signals, regret,
	// timeliness, statements, the finance view, the legitimacy report) run
	// at once; beyond it a read waits up to HeavyWait and is then answered
	// 503 with Retry-After. Defaults: the cores (at least 2), 10 s.
	HeavyReads int
	HeavyWait  time.Duration
	// VerifyWait is how long GET /journal/verification waits for the
	// verification it started or joined before it answers 202 with the
	// run under way; negative: not at all. Default: 2 s.
	VerifyWait time.Duration
	// Provider signs people in on the pages with the municipality's
	// identity provider, and lets the API take its access tokens (when
	// it has an API audience). nil: only ontschot's own accounts and
	// tokens.
	Provider *oidc.RelyingParty
	// NoPasswordSignIn switches the pages' password sign-in off (then
	// Provider is required).
	NoPasswordSignIn bool
}

// Server is the HTTP API. It is an http.Handler.
type Server struct {
	store    ledger.Store
	provider *oidc.RelyingParty
	log      *slog.Logger
	build    string
	metrics  *metrics
	registry *prometheus.Registry
	auth     *tokenCache
	spec     *spec
	router   *mux.Router
	paths    *mux.Router                 // matches paths only, to name the methods a path allows
	allowed  map[string][]string         // path template -> methods
	now      func() time.Time            // the clock, for tests
	routes   map[string]map[string]Route // path -> method -> route
	alloc    *allocation.Service
	reports  *reports.Builder
	pages    http.Handler // the web pages, or nil
	prom     http.Handler // the metrics, without authentication
	heavy    *gate.Gate   // bounds the heavy reads of the API and the pages together

	// verifier runs the verifications in the background; a request waits
	// verifyWait for one before it is answered 202.
	verifier   *verifier
	verifyWait time.Duration
}

// metricsRoute is GET /metrics on the API's listener: Prometheus's format,
// outside /api/v1 and its OpenAPI document, behind a token like every
// route that is not public. Payout counts by status say how busy a
// municipality's pots are; they are not for anyone who can reach the port.
var metricsRoute = Route{http.MethodGet, "/metrics", ledger.ActReadMetrics, "the service's metrics for Prometheus",
	func(s *Server, w http.ResponseWriter, r *http.Request, _ ledger.Session) error {
		s.prom.ServeHTTP(w, r)
		return nil
	}}

// MetricsHandler serves the metrics without a token, for a listener that
// only the operator reaches (ontschot serve --debug-addr, beside pprof);
// never mount it on the API's own listener.
func (s *Server) MetricsHandler() http.Handler {
	return s.prom
}

// New returns a Server for the configuration.
func New(cfg Config) (*Server, error) {
	if cfg.Store == nil {
		return nil, fmt.Errorf("httpapi: a store is required")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Registry == nil {
		cfg.Registry = prometheus.NewRegistry()
		cfg.Registry.MustRegister(prometheusGoCollectors()...)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.TokenCacheTTL == 0 {
		cfg.TokenCacheTTL = 10 * time.Second
	}
	sp, err := loadSpec()
	if err != nil {
		return nil, err
	}
	s := &Server{
		store:    cfg.Store,
		provider: cfg.Provider,
		log:      cfg.Logger,
		build:    cfg.Build,
		registry: cfg.Registry,
		auth:     newTokenCache(cfg.TokenCacheTTL),
		spec:     sp,
		router:   mux.NewRouter(),
		paths:    mux.NewRouter(),
		allowed:  map[string][]string{},
		now:      cfg.Now,
		routes:   map[string]map[string]Route{},
	}
	s.heavy = gate.New(cfg.HeavyReads, cfg.HeavyWait)
	s.verifier, s.verifyWait = newVerifier(cfg.Store, cfg.Logger), cfg.VerifyWait
	if s.verifyWait == 0 {
		s.verifyWait = verifyWait
	}
	s.alloc = &allocation.Service{Store: cfg.Store, Now: func() time.Time { return s.now() }}
	s.reports = &reports.Builder{Store: cfg.Store, Now: func() time.Time { return s.now() }}
	s.metrics = newMetrics(cfg.Registry, cfg.Store, s.heavy)
	for _, rt := range Routes() {
		s.router.Handle(rt.Path, s.handle(rt)).Methods(rt.Method).Name(rt.Path)
		if _, seen := s.allowed[rt.Path]; !seen {
			s.paths.Path(rt.Path).Name(rt.Path)
		}
		s.allowed[rt.Path] = append(s.allowed[rt.Path], rt.Method)
		if s.routes[rt.Path] == nil {
			s.routes[rt.Path] = map[string]Route{}
		}
		s.routes[rt.Path][rt.Method] = rt
	}
	s.prom = promhttp.HandlerFor(cfg.Registry, promhttp.HandlerOpts{})
	s.router.Handle("/metrics", s.handle(metricsRoute)).Methods(http.MethodGet).Name("/metrics")
	s.allowed["/metrics"] = []string{http.MethodGet}
	s.paths.Path("/metrics").Name("/metrics")
	s.router.NotFoundHandler = http.HandlerFunc(s.notFound)
	s.router.MethodNotAllowedHandler = http.HandlerFunc(s.methodNotAllowed)
	if cfg.Pages {
		pages, err := web.New(web.Config{Store: cfg.Store, Logger: cfg.Logger, Now: func() time.Time { return s.now() },
			Secure: cfg.SecureCookies, Verify: s.verifiedRecently, Heavy: s.heavy, Provider: cfg.Provider, NoPasswordSignIn: cfg.NoPasswordSignIn})
		if err != nil {
			return nil, err
		}
		s.pages = pages
	}
	return s, nil
}

// Close stops the verifications under way and waits for them to end. Call
// it once the listener has stopped, before the store is closed.
func (s *Server) Close() error {
	s.verifier.close()
	return nil
}

// isAPI reports whether a path belongs to the API rather than the pages.
func isAPI(path string) bool {
	return path == "/api" || strings.HasPrefix(path, "/api/") || path == "/metrics"
}

// ServeHTTP answers a request: headers every answer carries, a recovered
// panic, metrics and logs around the router.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("API-Version", APIVersion)
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Content-Security-Policy", "frame-ancestors 'none'")
	h.Set("Referrer-Policy", "no-referrer")
	if r.TLS != nil {
		h.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
	}
	start := time.Now()
	rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			s.log.Error("panic in handler", "route", routeOf(r), "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
			if !rec.wrote {
				s.writeProblem(rec, r, fmt.Errorf("panic: %v", v))
			}
		}
		route := rec.route
		if route == "" {
			route = "unmatched"
		}
		elapsed := time.Since(start)
		s.metrics.observe(route, r.Method, rec.status, elapsed)
		// The access log: one line per request, at Info, so an operator
		// can follow what the server did, not only what went wrong.
		// No paths with ids, no query strings (filters such as requestedBy
		// name people, and a page's query can hold what someone typed),
		// no addresses, no user names: the route pattern, the role and the
		// token id say enough, and the log need not be erased with the
		// personal data (DESIGN.md, invariant 10).
		s.log.Log(r.Context(), accessLevel(route, rec.status), "request", "method", r.Method, "route", route, "status", rec.status,
			"ms", float64(elapsed.Microseconds())/1000, "bytes", rec.bytes, "role", rec.role, "token", rec.token)
	}()
	if what, waar := notText(r); what != "" {
		if s.pages != nil && !isAPI(r.URL.Path) {
			http.Error(rec, "Het adres bevat tekens die geen tekst zijn ("+waar+"). Controleer de link.", http.StatusBadRequest)
			return
		}
		s.writeProblem(rec, r, ledger.Errorf(ledger.EINVALID, "%s is not text: send valid UTF-8 without NUL characters, percent-encoded", what))
		return
	}
	if s.pages != nil && !isAPI(r.URL.Path) {
		rec.route = "pages"
		s.pages.ServeHTTP(rec, r)
		return
	}
	s.router.ServeHTTP(rec, r)
}

// quietRoutes are asked by machines every few seconds (a load balancer's
// probes, Prometheus's scrape): answered well, they are logged at Debug
// only, or they would bury the people's requests in the access log.
var quietRoutes = map[string]bool{"/api/v1/health": true, "/api/v1/health/ready": true, "/metrics": true}

// accessLevel is the level of a request's line in the access log: Info,
// Warn for a 503 (busy or a disk that cannot take writes: the operator
// acts), Error for another 5xx, Debug for a probe or scrape answered well.
func accessLevel(route string, status int) slog.Level {
	switch {
	case status == http.StatusServiceUnavailable:
		return slog.LevelWarn
	case status >= 500:
		return slog.LevelError
	case status < 400 && quietRoutes[route]:
		return slog.LevelDebug
	}
	return slog.LevelInfo
}

// notText names the first part of the request's address that is not text
// (ledger.IsText: valid UTF-8 without NUL) once decoded, in English for
// the API and in Dutch for the pages, or returns "", "". No
// id, filter or page name can be such bytes, and neither engine could look
// them up alike, so they are refused before routing.
func notText(r *http.Request) (en, nl string) {
	if !ledger.IsText(r.URL.Path) {
		return "the path", "in het pad"
	}
	for k, vs := range r.URL.Query() {
		if !ledger.IsText(k) {
			return "a query parameter's name", "in de naam van een parameter"
		}
		for _, v := range vs {
			if !ledger.IsText(v) {
				return "the query parameter " + k, "in de parameter " + k
			}
		}
	}
	return "", ""
}

// statusRecorder remembers what was answered, for metrics and logs.
type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int
	wrote  bool
	route  string // the matched route's path template, set by the route's handler
	role   ledger.Role
	token  ledger.TokenID
}

// recordRoute tells the outer layer which route answered: mux hands the
// handler a new request carrying the match, which the outer layer never sees.
// NoteAccess records the page's route and the signed-in role for the
// access log (web.AccessNoter); the route is logged below "pages".
func (rec *statusRecorder) NoteAccess(route, role string) {
	rec.route, rec.role = "pages "+route, ledger.Role(role)
}

func recordRoute(w http.ResponseWriter, route string) {
	if rec, ok := w.(*statusRecorder); ok {
		rec.route = route
	}
}

func (r *statusRecorder) WriteHeader(code int) {
	if !r.wrote {
		r.status, r.wrote = code, true
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	r.wrote = true
	n, err := r.ResponseWriter.Write(b)
	r.bytes += n
	return n, err
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// routeOf returns the matched route's path template, or "unmatched", so
// metrics and logs never carry ids or arbitrary paths.
func routeOf(r *http.Request) string {
	if rt := mux.CurrentRoute(r); rt != nil {
		if name := rt.GetName(); name != "" {
			return name
		}
	}
	return "unmatched"
}

// handle wraps a route: authentication, the permission check, then the
// handler, whose error is answered as a problem.
func (s *Server) handle(rt Route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		recordRoute(w, rt.Path)
		var sess ledger.Session
		if rt.Action != Public {
			var err error
			sess, err = s.authenticate(r)
			if err == nil {
				if rec, ok := w.(*statusRecorder); ok {
					rec.role, rec.token = sess.Role, sess.TokenID
				}
				err = s.authorize(sess, rt)
			}
			if err != nil {
				s.writeProblem(w, r, err)
				return
			}
		}
		if heavyRoutes[rt.Method+" "+rt.Path] {
			release, err := s.heavy.Enter(r.Context())
			if err != nil {
				if errors.Is(err, gate.ErrBusy) {
					w.Header().Set("Retry-After", strconv.Itoa(s.heavy.RetryAfter()))
					s.writeProblem(w, r, &httpError{code: codeUnavailable, message: fmt.Sprintf(
						"%d reports and queues are being made at once, the most this server makes together; ask again in %d seconds",
						s.heavy.Slots(), s.heavy.RetryAfter())})
				}
				return // or the client went away
			}
			defer release()
		}
		if err := rt.handle(s, w, r, sess); err != nil {
			s.writeProblem(w, r, err)
		}
	})
}

// HeavyRoutes lists the routes that pass the gate of heavy reads, as
// "METHOD /path", sorted: for the README and a test.
func HeavyRoutes() []string {
	out := make([]string, 0, len(heavyRoutes))
	for k := range heavyRoutes {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// heavyRoutes are the routes that read every payout of a pot or a period
// (their cost grows with the ledger): they pass the gate, with the heavy
// pages, so a burst of them cannot exhaust the server. The verification
// runs one at a time on its own.
var heavyRoutes = map[string]bool{
	"GET /api/v1/allocation-queue":                  true,
	"GET /api/v1/signals":                           true,
	"GET /api/v1/pots/{potId}/regret":               true,
	"GET /api/v1/pots/{potId}/timeliness":           true,
	"GET /api/v1/pots/{potId}/rotation":             true,
	"GET /api/v1/pots/{potId}/statements/{quarter}": true,
	"GET /api/v1/finance-views/{period}":            true,
	"GET /api/v1/legitimacy-reports/{period}":       true,
	"GET /api/v1/payment-batches/{batchId}":         true,
}

// authorize checks the route's action against the permission table.
func (s *Server) authorize(sess ledger.Session, rt Route) error {
	if ledger.Allowed(sess.Role, rt.Action) {
		return nil
	}
	roles := make([]string, 0, 8)
	for _, role := range ledger.Permissions[rt.Action] {
		roles = append(roles, string(role))
	}
	return ledger.Errorf(ledger.EFORBIDDEN, "the role %s may not %s; that takes the role %s", sess.Role, rt.Summary, strings.Join(roles, " or "))
}

// notFound answers an unknown path, and says so plainly when only a
// trailing slash is wrong: API paths never end in "/" (ADR
// /core/no-trailing-slash), and the answer is a 404, never a redirect.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	detail := fmt.Sprintf("there is no resource at %s; the OpenAPI document at /api/v1/openapi.json lists them", r.URL.Path)
	if p := strings.TrimRight(r.URL.Path, "/"); p != r.URL.Path {
		probe := r.Clone(r.Context())
		probe.URL.Path = p
		var m mux.RouteMatch
		if s.paths.Match(probe, &m) {
			detail = fmt.Sprintf("there is no resource at %s: API paths never end in a slash; use %s", r.URL.Path, p)
		}
	}
	s.writeProblem(w, r, ledger.Errorf(ledger.ENOTFOUND, "%s", detail))
}

// methodNotAllowed answers a known path with a method it does not take, and
// lists in Allow the methods it does.
func (s *Server) methodNotAllowed(w http.ResponseWriter, r *http.Request) {
	var m mux.RouteMatch
	var methods []string
	if s.paths.Match(r, &m) && m.Route != nil {
		methods = append(methods, s.allowed[m.Route.GetName()]...)
	}
	sort.Strings(methods)
	w.Header().Set("Allow", strings.Join(methods, ", "))
	s.writeProblem(w, r, &httpError{code: codeMethod, message: fmt.Sprintf("%s does not take %s; use %s", r.URL.Path, r.Method, strings.Join(methods, " or "))})
}

// withWriteDeadline gives a slow handler (a verification of a long journal)
// more time than the server's write timeout.
func withWriteDeadline(w http.ResponseWriter, d time.Duration) {
	_ = http.NewResponseController(w).SetWriteDeadline(time.Now().Add(d))
}
