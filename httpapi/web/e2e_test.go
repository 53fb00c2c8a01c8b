package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"github.com/ontschot/ontschot/httpapi"
	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/ledgertest"
	"github.com/ontschot/ontschot/ledger/storage"
)

// The end-to-end test drives the pages in headless Chromium against the
// whole server (the API's server with the pages mounted), the way people
// use them: a caseworker within and above the mandate, a team lead who
// approves, finance who allocates and pays, a partner who downloads a
// statement. Every page is photographed into test-output/e2e and checked
// with axe-core for WCAG 2.1 A and AA.
//
// It needs Chromium (CHROMIUM, or chromium on the PATH) and axe-core
// (AXE_JS, or .cache/axe-core/axe.min.js at the repository's root); "make
// test" installs both when they are missing.

// chromiumPath finds the browser.
func chromiumPath(t *testing.T) string {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Fatal("no headless Chromium found: install it (make e2e-deps runs apt-get install chromium) or name it in CHROMIUM")
	return ""
}

// axeSource reads axe-core.
func axeSource(t *testing.T) string {
	path := os.Getenv("AXE_JS")
	if path == "" {
		path = filepath.Join("..", "..", ".cache", "axe-core", "axe.min.js")
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("axe-core is missing (%v): run make e2e-deps, or name axe.min.js in AXE_JS", err)
	}
	return string(b)
}

// violation is one axe-core finding.
type violation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

const axeRun = `axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
	.then(r => r.violations.map(v => ({id: v.id, impact: v.impact || '', help: v.help, nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))})))`

// session is one person's browser.
type e2eSession struct {
	t    *testing.T
	ctx  context.Context
	base string
	out  string
	axe  string
	shot *int
}

func (s *e2eSession) do(steps ...chromedp.Action[chromedp.Void]) {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(s.ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		s.t.Fatalf("browser: %v", err)
	}
}

func (s *e2eSession) text(sel string) string {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(s.ctx, 30*time.Second)
	defer cancel()
	txt, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		s.t.Fatalf("text of %s: %v", sel, err)
	}
	return txt
}

func (s *e2eSession) eval(js string) string {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(s.ctx, 30*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
	if err != nil {
		s.t.Fatalf("evaluate %s: %v", js, err)
	}
	return v
}

func (s *e2eSession) location() string {
	s.t.Helper()
	loc, err := chromedp.Run(s.ctx, chromedp.Location())
	if err != nil {
		s.t.Fatal(err)
	}
	return strings.TrimPrefix(loc, s.base)
}

// choose selects an option of a select element, as a person would, with
// the change event the page's script listens for.
func (s *e2eSession) choose(sel, value string) {
	s.t.Helper()
	s.eval(fmt.Sprintf(`(() => { const el = document.querySelector(%q); el.value = %q; el.dispatchEvent(new Event('change', {bubbles: true})); return el.value; })()`, sel, value))
}

// setValue sets a field's value as the browser's own widgets do (a date
// picker, clearing a field), with the input event.
func (s *e2eSession) setValue(sel, value string) {
	s.t.Helper()
	s.eval(fmt.Sprintf(`(() => { const el = document.querySelector(%q); el.value = %q; el.dispatchEvent(new Event('input', {bubbles: true})); return el.value; })()`, sel, value))
}

var nameRE = regexp.MustCompile(`[^a-z0-9]+`)

// check photographs the page and runs axe-core on it: no serious or
// critical violation is allowed; lesser ones are logged.
func (s *e2eSession) check(name string) {
	s.t.Helper()
	s.do(loaded)
	*s.shot++
	file := filepath.Join(s.out, fmt.Sprintf("%02d-%s.png", *s.shot, strings.Trim(nameRE.ReplaceAllString(strings.ToLower(name), "-"), "-")))
	ctx, cancel := context.WithTimeout(s.ctx, 60*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		s.t.Fatalf("screenshot of %s: %v", name, err)
	}
	if err := os.WriteFile(file, png, 0o644); err != nil {
		s.t.Fatal(err)
	}
	for _, v := range s.violations(ctx, name) {
		msg := fmt.Sprintf("%s (%s): %s [%s] %s", name, s.location(), v.ID, v.Impact, v.Help) + " at " + strings.Join(v.Nodes, "; ")
		if v.Impact == "serious" || v.Impact == "critical" {
			s.t.Error("accessibility: " + msg)
		} else {
			s.t.Log("accessibility (minor): " + msg)
		}
	}
}

// violations runs axe-core on the page.
func (s *e2eSession) violations(ctx context.Context, name string) []violation {
	s.t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](s.axe)); err != nil {
		s.t.Fatalf("load axe-core into %s: %v", name, err)
	}
	vs, err := chromedp.Run(ctx, chromedp.Evaluate[[]violation](axeRun, chromedp.EvalAwaitPromise))
	if err != nil {
		s.t.Fatalf("axe-core on %s: %v", name, err)
	}
	return vs
}

func (s *e2eSession) signIn(user string) {
	s.t.Helper()
	s.do(chromedp.Navigate(s.base+"/"), chromedp.WaitVisible(chromedp.CSS("#gebruiker")))
	s.do(chromedp.SendKeys(chromedp.CSS("#gebruiker"), user), chromedp.SendKeys(chromedp.CSS("#wachtwoord"), password),
		chromedp.Click(chromedp.CSS("main form button[type=submit]")), chromedp.WaitVisible(chromedp.CSS("header.site .who")), loaded)
}

func (s *e2eSession) signOut() {
	s.t.Helper()
	s.do(chromedp.Click(chromedp.CSS("form.signout button")), chromedp.WaitVisible(chromedp.CSS("#gebruiker")), loaded)
}

// loaded waits until the page has loaded, its style sheet and script
// included. Navigate waits for that itself, but a page reached by a
// click, a key or a form's answer does not: WaitVisible returns as soon as
// the element is in the document, which can be before the style sheet has
// arrived (it is fetched again for every page: Cache-Control no-store).
// Whatever reads styles (the focus outline, axe-core's contrast check, a
// screenshot) waits for this first; otherwise it reads the browser's
// defaults ("outline: auto" of :focus-visible) whenever the style sheet is
// a little late.
var loaded = chromedp.Poll[chromedp.Void](`document.readyState === "complete"`)

func TestEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("the browser test is long; run it without -short")
	}
	axe := axeSource(t)
	out := filepath.Join("test-output", "e2e")
	if err := os.RemoveAll(out); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	downloads := t.TempDir()

	// The ledger: a funded pot with a bank account, a party, some history.
	clock := ledgertest.NewClock(ledgertest.Start)
	store, err := storage.Open(filepath.Join(t.TempDir(), "ledger.db"), storage.Options{Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	ctx := context.Background()
	insurer, err := store.CreatePartner(ctx, ledgertest.Admin, ledger.NewPartner{Name: "Zorgverzekeraar De Friesland", Kind: ledger.KindHealthInsurer})
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
	if _, err := store.SetDebtorAccount(ctx, ledgertest.Finance, pot.ID, ledgertest.DebtorAccount(), ""); err != nil {
		t.Fatal(err)
	}
	if _, err := store.CreateParty(ctx, ledgertest.Finance, ledger.NewParty{Name: "UWV", Kind: ledger.PartyGovernmentAgency}); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 6; i++ {
		req := ledgertest.ValidRequest(pot.ID, ledger.Cents(350_00+i*25_00))
		if _, err := store.RequestPayout(ctx, ledger.Actor{User: "kees", Role: ledger.RoleCaseworker}, req); err != nil {
			t.Fatal(err)
		}
	}
	for user, role := range map[string]ledger.Role{caseworker: ledger.RoleCaseworker, teamlead: ledger.RoleTeamlead, finance: ledger.RoleFinance, partner: ledger.RolePartner} {
		acct := ledger.NewAccount{User: user, Role: role, Password: password}
		if role == ledger.RolePartner {
			acct.Partner = insurer.ID
		}
		if _, err := store.CreateAccount(ctx, ledgertest.Admin, acct); err != nil {
			t.Fatal(err)
		}
	}
	api, err := httpapi.New(httpapi.Config{Store: store, Now: clock.Now, Pages: true})
	if err != nil {
		t.Fatal(err)
	}
	// slowStyles holds the style sheet back while set, as a slow network
	// or a busy server would: the page's elements are there before its
	// styles. It makes the race the focus check once lost now and then
	// (an outline read before the style sheet applied) happen every time,
	// so the test shows it waits for the page rather than being lucky.
	var slowStyles atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if slowStyles.Load() && r.URL.Path == "/static/style.css" {
			time.Sleep(time.Second)
		}
		api.ServeHTTP(w, r)
	}))
	defer srv.Close()

	browser := startChromium(t, srv.URL, 1280, 900)
	browserCtx := browser.ctx
	if _, err := chromedp.CallBrowser(browserCtx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
		Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: downloads, EventsEnabled: ptr(true)}); err != nil {
		t.Fatalf("let Chromium download: %v", err)
	}
	shot := 0
	s := browser
	s.out, s.axe, s.shot = out, axe, &shot

	// The checker finds what it should: a field without a label.
	s.do(chromedp.Navigate(`data:text/html,<!doctype html><html lang="nl"><title>t</title><main><input type="text"></main></html>`))
	found := false
	for _, v := range s.violations(browserCtx, "self-test") {
		found = found || v.ID == "label"
	}
	if !found {
		t.Fatal("axe-core does not report an input without a label: the accessibility check is not working")
	}

	// The caseworker.
	s.do(chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible(chromedp.CSS("#gebruiker")))
	s.check("inloggen")
	s.signIn(caseworker)
	if loc := s.location(); loc != "/aanvragen/nieuw" {
		t.Fatalf("the caseworker starts at %s", loc)
	}
	wantIn(t, s.text("#pot-info"), "Beschikbaar: € 97.525,00. Uw mandaat: tot € 1.500,00.")
	s.check("aanvraag-formulier")

	// Typing gets an answer at once, before anything is sent.
	s.do(chromedp.SendKeys(chromedp.CSS("#amount"), "850,00"))
	wantIn(t, s.text("#amount-check"), "Binnen uw mandaat")
	// Check digits ISO 13616 never issues (00, 01, 99) are refused as the
	// ledger refuses them, even where the mod-97 test passes; a good IBAN
	// is taken.
	for _, tt := range []struct{ iban, want string }{
		{"NL00 ABNA 0000 0000 75", "klopt niet"},
		{"NL01 ABNA 0000 0000 57", "klopt niet"},
		{"NL99 ABNA 0000 0000 39", "klopt niet"},
		{"NL91 ABNA 0417 1643 00", "IBAN klopt."},
	} {
		s.do(chromedp.SendKeys(chromedp.CSS("#payee-iban"), tt.iban))
		wantIn(t, s.text("#iban-check"), tt.want)
		s.setValue("#payee-iban", "")
	}
	s.do(chromedp.SendKeys(chromedp.CSS("#payee-iban"), "NL91 ABNA 0417 1643 01"))
	wantIn(t, s.text("#iban-check"), "klopt niet")
	s.choose("#category", "rent_arrears")
	s.do(chromedp.WaitVisible(chromedp.CSS("#vergelijkbaar table")))
	wantIn(t, s.text("#vergelijkbaar"), "€ 350,00")
	// Sent with mistakes: the server says what is wrong, next to the field.
	s.do(chromedp.Click(chromedp.CSS("#aanvraag button[type=submit]")), chromedp.WaitVisible(chromedp.CSS(".error-summary")))
	wantIn(t, s.text("#err-payee-iban"), "controlecijfers")
	if v := s.eval(`document.querySelector('#amount').value`); v != "850,00" {
		t.Errorf("the amount typed is gone after a refusal: %q", v)
	}
	if focused := s.eval(`document.activeElement.className`); !strings.Contains(focused, "error-summary") {
		t.Errorf("focus after a refusal is on %q; want the error summary", focused)
	}
	s.check("aanvraag-met-fouten")
	fillRequest(s, "NL91 ABNA 0417 1643 00")
	s.do(chromedp.Click(chromedp.CSS("#aanvraag button[type=submit]")), chromedp.WaitVisible(chromedp.CSS(".outcome")))
	wantIn(t, s.text(".outcome h2"), "Goedgekeurd")
	s.check("aanvraag-goedgekeurd")

	// Above the mandate: who decides.
	s.do(chromedp.Navigate(srv.URL+"/aanvragen/nieuw"), chromedp.WaitVisible(chromedp.CSS("#aanvraag")))
	s.do(chromedp.SendKeys(chromedp.CSS("#amount"), "2.400"))
	wantIn(t, s.text("#amount-check"), "Schrijf het bedrag als")
	s.do(chromedp.SendKeys(chromedp.CSS("#amount"), ",00"))
	wantIn(t, s.text("#amount-check"), "Boven uw mandaat: gaat ter beoordeling naar teamleider, manager of wethouder")
	s.choose("#category", "rent_arrears")
	fillRequest(s, "NL91 ABNA 0417 1643 00")
	s.do(chromedp.Click(chromedp.CSS("#aanvraag button[type=submit]")), chromedp.WaitVisible(chromedp.CSS(".outcome.pending")))
	wantIn(t, s.text(".outcome"), "teamleider, manager of wethouder")
	above := strings.TrimPrefix(s.location(), "/aanvragen/")
	s.check("aanvraag-wacht")
	s.do(chromedp.Navigate(srv.URL+"/aanvragen"), chromedp.WaitVisible(chromedp.CSS("main table")))
	s.check("mijn-aanvragen")
	s.signOut()

	// The team lead, by keyboard only: the user name field has the focus,
	// Tab goes to the password, Enter signs in.
	s.do(chromedp.Navigate(srv.URL+"/inloggen"), chromedp.WaitVisible(chromedp.CSS("#gebruiker")))
	if id := s.eval(`document.activeElement.id`); id != "gebruiker" {
		t.Errorf("the sign-in page starts with the focus on %q; want the user name", id)
	}
	slowStyles.Store(true)
	s.do(chromedp.KeyEvent(teamlead+"\t"+password+"\r"), chromedp.WaitVisible(chromedp.CSS("header.site .who")))
	if loc := s.location(); loc != "/beoordelen" {
		t.Fatalf("the team lead starts at %s", loc)
	}
	// The first Tab on a page reaches the skip link, visibly: once the page
	// has loaded, however late its style sheet comes.
	s.do(loaded, chromedp.KeyEvent("\t"))
	if id := s.eval(`document.activeElement.getAttribute('href') || document.activeElement.id`); id != "#inhoud" {
		t.Errorf("the first Tab reaches %q; want the skip link", id)
	}
	if outline := s.eval(`getComputedStyle(document.activeElement).outlineStyle`); outline != "solid" {
		t.Errorf("the focused skip link has outline %q; want a visible one", outline)
	}
	slowStyles.Store(false)
	s.check("te-beoordelen")
	s.do(chromedp.Click(chromedp.CSS(`a[href="/aanvragen/`+above+`"]`)), chromedp.WaitVisible(chromedp.CSS("#besluit")))
	s.check("beoordelen-afweging")
	s.do(chromedp.Click(chromedp.CSS(`input[name=decision][value=approve]`)), chromedp.SendKeys(chromedp.CSS("#note"), "Akkoord: ontruiming voorkomen."),
		chromedp.Click(chromedp.CSS(`form[action$="/besluit"] button[type=submit]`)), chromedp.WaitVisible(chromedp.CSS(".notice")))
	wantIn(t, s.text(".notice"), "Uw besluit is vastgelegd: de aanvraag voor zaak WIJK-2026-0107 van € 2.400,00")
	s.check("besluit-vastgelegd")
	s.signOut()

	// Finance: the queue, the allocation with a split, the rest of its pages.
	s.signIn(finance)
	s.check("toerekenen-wachtrij")
	s.do(chromedp.Click(chromedp.CSS(`a[href="/financien/toerekenen/`+above+`"]`)), chromedp.WaitVisible(chromedp.CSS("#toerekening")))
	if v := s.eval(`document.querySelector('#lines-0-target').value`); v != "wgs" {
		t.Errorf("the form is not filled in with the suggestion: target %q", v)
	}
	s.check("toerekening-formulier")
	s.setValue("#lines-0-amount", "")
	s.do(chromedp.SendKeys(chromedp.CSS("#lines-0-amount"), "1.600,00"))
	s.choose("#lines-1-target", "party")
	s.choose("#lines-1-party", s.eval(`document.querySelector('#lines-1-party option:nth-child(2)').value`))
	s.do(chromedp.SendKeys(chromedp.CSS("#lines-1-percent"), "100"))
	s.do(chromedp.Click(chromedp.CSS("#toerekening button[type=submit]")), chromedp.WaitVisible(chromedp.CSS(".notice")))
	wantIn(t, s.text(".notice"), "De toerekening is geboekt.")
	as, err := store.Allocations(ctx, ledger.PayoutID(above))
	if err != nil || len(as) != 1 || len(as[0].Lines) != 2 || as[0].Lines[0].Amount != 1600_00 || as[0].Lines[1].Amount != 800_00 {
		t.Fatalf("allocation booked: %+v, %v", as, err)
	}
	for _, p := range []struct{ path, name, wait string }{
		{"/financien/vorderingen", "vorderingen", ".receivable"},
		{"/financien/betalingen", "betalingen", "main table"},
		{"/financien/perioden", "perioden", "#period"},
		{"/financien/verantwoording", "verantwoording", "main table"},
		{"/potten", "potten", "main table"},
		{"/potten/" + string(pot.ID), "pot-dashboard", "img.chart"},
	} {
		s.do(chromedp.Navigate(srv.URL+p.path), chromedp.WaitVisible(chromedp.CSS(p.wait)))
		s.check(p.name)
	}
	if w := s.eval(`String(document.querySelector('img.chart').naturalWidth)`); w == "0" {
		t.Error("the chart did not load")
	}
	// A payment run is previewed, then confirmed.
	s.do(chromedp.Navigate(srv.URL+"/financien/betalingen"), chromedp.WaitVisible(chromedp.CSS(`form[action="/financien/betalingen/voorbeeld"]`)),
		chromedp.Click(chromedp.CSS(`form[action="/financien/betalingen/voorbeeld"] button[type=submit]`)), chromedp.WaitVisible(chromedp.CSS(".confirm-form")))
	wantIn(t, s.text("h1"), "Betaalbestand controleren")
	s.check("betaalbestand-voorbeeld")
	// On a phone the preview's tables are labelled rows, nothing wider
	// than the window.
	s.do(chromedp.EmulateViewport(390, 900), loaded)
	if wide := s.eval(beyondTheWindow); wide != "" {
		t.Errorf("the payment preview at 390 px: %s", wide)
	}
	s.check("betaalbestand-voorbeeld-390")
	s.do(chromedp.EmulateViewport(1280, 900), loaded)
	s.do(chromedp.Click(chromedp.CSS(`.confirm-form button[type=submit]`)), chromedp.WaitVisible(chromedp.CSS(".notice")))
	wantIn(t, s.text(".notice"), "Het betaalbestand is gemaakt")
	s.check("betaalbestand-gemaakt")
	s.signOut()

	// The partner: the statements, one viewed, its PDF downloaded.
	s.signIn(partner)
	s.check("partner-verantwoordingen")
	s.do(chromedp.Click(chromedp.CSS(`a[href="/partner/`+string(pot.ID)+`/2026-Q1"]`)), chromedp.WaitVisible(chromedp.CSS(".downloads")))
	wantIn(t, s.text("h1"), "Verantwoording Doorbraakfonds 2026")
	s.check("partner-verantwoording")
	done := make(chan string, 1)
	dlCtx, cancelDL := context.WithCancel(browserCtx)
	defer cancelDL()
	if err := chromedp.ListenBrowser(dlCtx, func(ev any) {
		if p, ok := ev.(*cdpbrowser.EventDownloadProgress); ok && p.State == cdpbrowser.DownloadProgressStateCompleted {
			select {
			case done <- p.GUID:
			default:
			}
		}
	}); err != nil {
		t.Fatal(err)
	}
	s.do(chromedp.Click(chromedp.CSS(`.downloads a[href$=".pdf"]`)))
	select {
	case guid := <-done:
		b, err := os.ReadFile(filepath.Join(downloads, guid))
		if err != nil || !strings.HasPrefix(string(b), "%PDF-") {
			t.Fatalf("the downloaded statement is not a PDF: %v", err)
		}
		if err := os.WriteFile(filepath.Join(out, "verantwoording.pdf"), b, 0o644); err != nil {
			t.Fatal(err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the statement PDF did not download")
	}
	s.signOut()
	s.check("uitgelogd")
	if logs, err := filepath.Glob(filepath.Join(out, "*.png")); err != nil || len(logs) < 20 {
		t.Errorf("%d screenshots; want one of every page", len(logs))
	}
}

// fillRequest completes the request form (the amount and category are set
// by the caller).
func fillRequest(s *e2eSession, iban string) {
	s.t.Helper()
	s.setValue("#payee-iban", "")
	s.do(chromedp.SendKeys(chromedp.CSS("#payee-iban"), iban))
	if s.eval(`document.querySelector('#caseRef').value`) != "" {
		return // a form shown again keeps what was typed
	}
	s.do(
		chromedp.SendKeys(chromedp.CSS("#caseRef"), "WIJK-2026-0107"),
		chromedp.SendKeys(chromedp.CSS("#payee-name"), "Woonstichting De Kern"),
		chromedp.SendKeys(chromedp.CSS("#justification-situation"), "Huurachterstand van drie maanden; de verhuurder heeft ontruiming aangekondigd."),
		chromedp.SendKeys(chromedp.CSS("#justification-residentInvolvement"), "Bewoner werkt mee aan een budgetplan."),
		chromedp.SendKeys(chromedp.CSS("#justification-expectedReturn"), "Behoud van de woning."),
		chromedp.SendKeys(chromedp.CSS("#justification-deviatesFrom"), "Participatiewet art. 35"),
		chromedp.SendKeys(chromedp.CSS("#justification-regularRouteTried"), "Bijzondere bijstand afgewezen wegens vermogen."),
	)
	s.setValue("#justification-stuckSince", "2026-01-15")
}

func wantIn(t *testing.T, got, want string) {
	t.Helper()
	if !strings.Contains(got, want) {
		t.Errorf("the page says %q; want it to say %q", got, want)
	}
}

func ptr[T any](v T) *T { return &v }
