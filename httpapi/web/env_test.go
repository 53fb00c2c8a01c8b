package web_test

import (
	"context"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/ontschot/ontschot/httpapi/internal/gate"
	"github.com/ontschot/ontschot/httpapi/web"
	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/ledgertest"
	"github.com/ontschot/ontschot/ledger/storage"
)

// password is every test account's password.
const password = "correct-horse-battery"

// The test accounts, by role.
const (
	caseworker  = "carla"
	caseworker2 = "kees"
	teamlead    = "tom"
	manager     = "mia"
	finance     = "fien"
	partner     = "lezer"
	partner2    = "ander"
	auditor     = "anna"
	admin       = "beheer"
)

var roleOf = map[string]ledger.Role{
	caseworker: ledger.RoleCaseworker, caseworker2: ledger.RoleCaseworker, teamlead: ledger.RoleTeamlead, manager: ledger.RoleManager,
	finance: ledger.RoleFinance, partner: ledger.RolePartner, partner2: ledger.RolePartner, auditor: ledger.RoleAuditor, admin: ledger.RoleAdmin,
}

// env is the pages on a fresh ledger with a funded pot and one account per
// role.
type env struct {
	t       *testing.T
	store   *ledger.Service
	clock   *ledgertest.Clock
	srv     *httptest.Server
	pot     ledger.Pot
	insurer ledger.Partner
	other   ledger.Partner
	logs    *syncBuffer
}

type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func newEnv(t *testing.T, users ...string) *env {
	t.Helper()
	return newEnvGate(t, nil, users...)
}

// newEnvGate is newEnv with the pages' gate of heavy reads (nil: their own).
func newEnvGate(t *testing.T, heavy *gate.Gate, users ...string) *env {
	t.Helper()
	return newEnvWith(t, func(_ *env, _ string, c *web.Config) { c.Heavy = heavy }, users...)
}

// newEnvWith is newEnv with the pages' configuration changed by tweak,
// which is given the environment and told the pages' URL (the server
// listens before the pages are made, so an identity provider can be
// registered with it).
func newEnvWith(t *testing.T, tweak func(e *env, base string, c *web.Config), users ...string) *env {
	t.Helper()
	clock := ledgertest.NewClock(ledgertest.Start)
	s, err := storage.Open(filepath.Join(t.TempDir(), "ledger.db"), storage.Options{Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	e := &env{t: t, store: s, clock: clock, logs: &syncBuffer{}}
	if e.insurer, err = s.CreatePartner(ctx, ledgertest.Admin, ledger.NewPartner{Name: "De Friesland", Kind: ledger.KindHealthInsurer}); err != nil {
		t.Fatal(err)
	}
	if e.other, err = s.CreatePartner(ctx, ledgertest.Admin, ledger.NewPartner{Name: "Woonstichting", Kind: ledger.KindHousingCorporation}); err != nil {
		t.Fatal(err)
	}
	if e.pot, err = s.CreatePot(ctx, ledgertest.Admin, ledger.NewPot{Name: "Doorbraakpot", Year: 2026, RecoveryPolicy: ledger.PolicyRefund, Mandates: ledgertest.Ladder()}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Contribute(ctx, ledgertest.Finance, ledger.NewContribution{PotID: e.pot.ID, PartnerID: e.insurer.ID, Amount: 50_000_00,
		ValueDate: ledger.DateOf(clock.Now()), Reference: "Bijdrage"}); err != nil {
		t.Fatal(err)
	}
	if len(users) == 0 {
		for u := range roleOf {
			users = append(users, u)
		}
	}
	for _, u := range users {
		req := ledger.NewAccount{User: u, Role: roleOf[u], Password: password}
		switch u {
		case partner:
			req.Partner = e.insurer.ID
		case partner2:
			req.Partner = e.other.ID
		}
		if _, err := s.CreateAccount(ctx, ledgertest.Admin, req); err != nil {
			t.Fatal(err)
		}
	}
	e.srv = httptest.NewUnstartedServer(nil)
	cfg := web.Config{Store: s, Now: clock.Now, Logger: slog.New(slog.NewTextHandler(e.logs, nil))}
	if tweak != nil {
		tweak(e, "http://"+e.srv.Listener.Addr().String(), &cfg)
	}
	h, err := web.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	e.srv.Config.Handler = h
	e.srv.Start()
	t.Cleanup(func() {
		e.srv.Close()
		if err := s.Close(); err != nil {
			t.Errorf("close store: %v", err)
		}
	})
	return e
}

// browser is a person using the pages: cookies, no redirects followed
// unless asked.
type browser struct {
	t    *testing.T
	e    *env
	c    *http.Client
	user string
}

func (e *env) browser(t *testing.T) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, e: e, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// page is an answer: status, headers and body.
type page struct {
	Status   int
	Header   http.Header
	Body     string
	Location string
}

func (b *browser) do(req *http.Request) page {
	b.t.Helper()
	resp, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		b.t.Fatal(err)
	}
	p := page{Status: resp.StatusCode, Header: resp.Header, Body: string(body), Location: resp.Header.Get("Location")}
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		checkDutch(b.t, req.URL.Path, p.Body)
		checkReferences(b.t, req.URL.Path, p.Body)
	}
	return p
}

// get fetches a page.
func (b *browser) get(path string) page {
	b.t.Helper()
	req, err := http.NewRequest(http.MethodGet, b.e.srv.URL+path, nil)
	if err != nil {
		b.t.Fatal(err)
	}
	return b.do(req)
}

// post sends a form as it is, csrf included only if the values hold one.
func (b *browser) post(path string, values url.Values) page {
	b.t.Helper()
	req, err := http.NewRequest(http.MethodPost, b.e.srv.URL+path, strings.NewReader(values.Encode()))
	if err != nil {
		b.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(req)
}

// submit posts a form with the CSRF token of the page it came from.
func (b *browser) submit(from, path string, values url.Values) page {
	b.t.Helper()
	p := b.get(from)
	if p.Status != http.StatusOK {
		b.t.Fatalf("GET %s: %d\n%s", from, p.Status, p.Body)
	}
	values.Set("csrf", csrfOf(b.t, p.Body))
	return b.post(path, values)
}

// signIn signs in as user and returns where the pages sent them.
func (b *browser) signIn(user string) string {
	b.t.Helper()
	p := b.get("/inloggen")
	v := url.Values{"gebruiker": {user}, "wachtwoord": {password}, "csrf": {csrfOf(b.t, p.Body)}}
	got := b.post("/inloggen", v)
	if got.Status != http.StatusSeeOther {
		b.t.Fatalf("sign in as %s: %d\n%s", user, got.Status, got.Body)
	}
	b.user = user
	return got.Location
}

var csrfRE = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func csrfOf(t *testing.T, body string) string {
	t.Helper()
	m := csrfRE.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no CSRF token in the page:\n%s", body)
	}
	return m[1]
}

// checkDutch fails when a page shows one of the ledger's English sentences
// without its translation: every message a user can provoke has one.
func checkDutch(t *testing.T, path, body string) {
	t.Helper()
	for _, fallback := range []string{"Klopt niet: ", "Dat lukte niet: "} {
		if i := strings.Index(body, fallback); i >= 0 {
			end := min(len(body), i+200)
			t.Errorf("%s shows an untranslated message: %s", path, html.UnescapeString(body[i:end]))
		}
	}
}

var (
	idRE        = regexp.MustCompile(`\sid="([^"]+)"`)
	anchorRE    = regexp.MustCompile(`href="#([^"]+)"`)
	describedRE = regexp.MustCompile(`aria-(?:describedby|labelledby)="([^"]+)"`)
	labelForRE  = regexp.MustCompile(`<label for="([^"]+)"`)
)

// checkReferences fails when a page has an id twice, or a link, a label or
// an aria reference to an id it does not have: a summary link that goes
// nowhere, an error a screen reader never hears.
func checkReferences(t *testing.T, path, body string) {
	t.Helper()
	ids := map[string]int{}
	for _, m := range idRE.FindAllStringSubmatch(body, -1) {
		ids[m[1]]++
	}
	for id, n := range ids {
		if n > 1 {
			t.Errorf("%s has the id %q %d times", path, id, n)
		}
	}
	var refs []string
	for _, m := range anchorRE.FindAllStringSubmatch(body, -1) {
		refs = append(refs, m[1])
	}
	for _, m := range describedRE.FindAllStringSubmatch(body, -1) {
		refs = append(refs, strings.Fields(m[1])...)
	}
	for _, m := range labelForRE.FindAllStringSubmatch(body, -1) {
		refs = append(refs, m[1])
	}
	for _, ref := range refs {
		if ids[ref] == 0 {
			t.Errorf("%s refers to the id %q, which it does not have", path, ref)
		}
	}
}

// wantStatus fails unless the page has the status.
func wantStatus(t *testing.T, p page, status int) page {
	t.Helper()
	if p.Status != status {
		t.Fatalf("status %d; want %d\n%s", p.Status, status, p.Body)
	}
	return p
}

// wantText fails unless the page holds every text (HTML-escaped as the
// templates escape it).
func wantText(t *testing.T, p page, texts ...string) {
	t.Helper()
	body := html.UnescapeString(p.Body)
	for _, s := range texts {
		if !strings.Contains(body, s) {
			t.Errorf("the page lacks %q\n%s", s, body)
		}
	}
}

// fieldError returns the message shown beside a field (by its HTML id).
func fieldError(p page, id string) string {
	re := regexp.MustCompile(`<p class="error-message" id="err-` + regexp.QuoteMeta(id) + `">([^<]*)</p>`)
	m := re.FindStringSubmatch(p.Body)
	if m == nil {
		return ""
	}
	return html.UnescapeString(m[1])
}

// inputValue returns the value attribute of the input with the id.
func inputValue(p page, id string) string {
	re := regexp.MustCompile(`id="` + regexp.QuoteMeta(id) + `"[^>]*value="([^"]*)"|value="([^"]*)"[^>]*id="` + regexp.QuoteMeta(id) + `"`)
	m := re.FindStringSubmatch(p.Body)
	if m == nil {
		return ""
	}
	return html.UnescapeString(m[1] + m[2])
}

// textareaValue returns the text of the textarea with the id.
func textareaValue(p page, id string) string {
	re := regexp.MustCompile(`(?s)<textarea id="` + regexp.QuoteMeta(id) + `"[^>]*>(.*?)</textarea>`)
	m := re.FindStringSubmatch(p.Body)
	if m == nil {
		return ""
	}
	return html.UnescapeString(m[1])
}

// requestForm is a complete, valid request as the form posts it.
func (e *env) requestForm(amount string) url.Values {
	return url.Values{
		"potId":                             {string(e.pot.ID)},
		"amount":                            {amount},
		"category":                          {"rent_arrears"},
		"urgency":                           {"urgent"},
		"caseRef":                           {"WIJK-2026-0042"},
		"residentUnder18":                   {"no"},
		"paidTo":                            {"provider"},
		"spendingBound":                     {"yes"},
		"payee.name":                        {"Woonstichting De Kern"},
		"payee.iban":                        {"NL91 ABNA 0417 1643 00"},
		"justification.situation":           {"Huurachterstand van drie maanden; ontruiming dreigt binnen twee weken."},
		"justification.severity":            {"4"},
		"justification.residentInvolvement": {"Bewoner heeft zelf een budgetplan opgesteld en werkt mee aan schuldhulp."},
		"justification.expectedReturn":      {"Behoud van de woning; voorkomt maatschappelijke opvang."},
		"justification.deviatesFrom":        {"Participatiewet art. 35 (bijzondere bijstand)\nBeleidsregel huurschuld"},
		"justification.regularRouteTried":   {"Bijzondere bijstand aangevraagd en afgewezen wegens vermogen."},
		"justification.stuckSince":          {"2025-12-01"},
	}
}

// payoutCount is how many payouts the ledger holds.
func (e *env) payoutCount() int {
	e.t.Helper()
	page, err := e.store.Payouts(context.Background(), ledger.PayoutFilter{Limit: 500})
	if err != nil {
		e.t.Fatal(err)
	}
	return len(page.Payouts)
}

// payoutOf returns the payout a payout page's address names.
func (e *env) payoutOf(location string) ledger.Payout {
	e.t.Helper()
	id := strings.TrimPrefix(location, "/aanvragen/")
	p, err := e.store.Payout(context.Background(), ledger.PayoutID(id))
	if err != nil {
		e.t.Fatalf("payout at %q: %v", location, err)
	}
	return p
}
