package web_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ontschot/ontschot/httpapi/web"
	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/bankfile"
	bt "github.com/ontschot/ontschot/ledger/bankfile/bankfiletest"
	"github.com/ontschot/ontschot/ledger/ledgertest"
)

// notPages are the GET routes that are no page to look at on a phone: a
// download, a picture, the list the request form's script fetches, the
// session's keep-alive, the redirect to the identity provider, and its
// answer (whose pages TestEndToEndProvider opens at phone width, with a
// provider).
var notPages = []string{
	"/sessie", "/aanvragen/vergelijkbaar", "/financien/betalingen/{id}", "/potten/{id}/grafiek.png",
	"/verantwoording/{pot}/{file}", "/overzichten/financieel/{file}", "/overzichten/legitimiteit/{file}", "/financien/bank/afstemming/{file}",
	"/inloggen/oidc", "/inloggen/oidc/terug",
}

// TestEveryPageAtPhoneWidth opens every page of the pages (web.Routes: a
// page added later fails here until it is given an address to open) on a
// phone's 390 px in headless Chromium, as a user who may see it and with
// the data it shows: long zaak URLs, a waiting request, a receivable, a
// payment file, a closed period, an evaluation; and the forms shown again
// with their errors. No page may scroll sideways or put anything beyond the
// window's right edge, and a table's columns may not be squeezed so narrow
// that words break in the middle: a table that does not fit becomes
// labelled rows; axe-core finds no serious or critical violation of WCAG
// 2.1 A and AA there. Each page is photographed into test-output/phone
// (ONTSCHOT_SHOTS names another folder).
func TestEveryPageAtPhoneWidth(t *testing.T) {
	if testing.Short() {
		t.Skip("the browser test is long; run it without -short")
	}
	out := os.Getenv("ONTSCHOT_SHOTS")
	if out == "" {
		out = filepath.Join("test-output", "phone")
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}

	e := newEnv(t)
	ctx := context.Background()
	// A pot named as long as the demo's: a picker that lists it must still
	// fit the phone's width.
	if _, err := e.store.CreatePot(ctx, ledgertest.Admin, ledger.NewPot{Name: "Doorbraakfonds Leeuwarden–De Friesland en Waadhoeke",
		Year: 2026, RecoveryPolicy: ledger.PolicyRefund, Mandates: ledgertest.Ladder()}); err != nil {
		t.Fatal(err)
	}
	cw := ledger.Actor{User: caseworker, Role: ledger.RoleCaseworker}
	zaak := func(uuid string) string {
		return "https://open-zaak.gemeente-leeuwarden.example.nl/zaken/api/v1/zaken/" + uuid
	}
	request := func(amount ledger.Cents, ref, category string) ledger.Payout {
		t.Helper()
		req := ledgertest.ValidRequest(e.pot.ID, amount)
		req.CaseRef, req.Category = ref, category
		req.Justification.DeviatesFrom = []string{"Participatiewet artikel 35: geen bijzondere bijstand bij een vermogen boven de vermogensgrens"}
		p, err := e.store.RequestPayout(ctx, cw, req)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	paid := request(850_00, zaak("3fa85f64-5717-4562-b3fc-2c963f66afa6"), "rent_arrears")
	// Paid with it, and sent back by the bank (below).
	back := request(487_35, "WIJK-2026-0311", "energy_debt")
	party, err := e.store.CreateParty(ctx, ledgertest.Finance, ledger.NewParty{Name: "Woningcorporatie Elkien Leeuwarden", Kind: ledger.PartyHousingCorporation})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.store.Allocate(ctx, ledgertest.Finance, ledger.AllocationRequest{PayoutID: paid.ID,
		Lines: []ledger.AllocationLine{{Target: "wmo", Taakveld: "6.812", Amount: 500_00}, {Target: ledger.TargetParty, PartyID: party.ID, Amount: 350_00}}}); err != nil {
		t.Fatal(err)
	}
	e.payAll()
	if _, err := e.store.Evaluate(ctx, cw, ledger.EvaluationRequest{PayoutID: paid.ID, Outcome: ledger.EvalPartial, Regretted: 120_00, Note: "De bewoner verhuisde toch na twee maanden."}); err != nil {
		t.Fatal(err)
	}
	// The bank's answer: a statement of payment files this ledger never
	// made (its entries to look into) and one that returns back (AC04).
	for _, raw := range [][]byte{fixture(t, bt.Camt053v02), camt053(string(ledgertest.DebtorAccount().IBAN), "2026-03-10",
		camtEntry("2026031000000001", back.ID, back.Amount, "2026-03-10", false, "AC04"))} {
		f, err := bankfile.Read(bytes.NewReader(raw))
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(raw)
		if im, err := e.store.ImportBankFile(ctx, ledgertest.Finance, ledger.ImportBankFile{File: f, Digest: hex.EncodeToString(sum[:])}); err != nil {
			t.Fatal(err)
		} else if len(im.Unmatched) == 0 && len(im.Returned) != 1 {
			t.Fatalf("the bank's answer did nothing: %+v", im)
		}
	}
	approved := request(1250_00, "WIJK-2026-0107", "energy_debt")
	waiting := request(2400_00, zaak("9b2e7c1a-44d0-4f7e-a0b5-1c2d3e4f5a6b"), "temporary_housing")
	for i := 0; i < 4; i++ {
		request(ledger.Cents(120_00+i*35_50), fmt.Sprintf("WIJK-2026-%04d", 200+i), "rent_arrears")
	}
	if _, err := e.store.ClosePeriod(ctx, ledgertest.Finance, ledger.ClosePeriod{Period: ledger.Month(2026, time.January)}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.store.ReversePayout(ctx, ledgertest.Finance, ledger.Reversal{PayoutID: request(75_00, "WIJK-2026-0300", "rent_arrears").ID, Reason: "Dubbel ingediend"}); err != nil {
		t.Fatal(err)
	}

	// Every page, by a user who may see it: routes with variables are
	// given their values here.
	pot := string(e.pot.ID)
	pages := map[string][]struct{ user, path string }{
		"/":                               {{caseworker, "/"}},
		"/inloggen":                       {{"", "/inloggen"}},
		"/aanvragen":                      {{caseworker, "/aanvragen"}},
		"/aanvragen/nieuw":                {{caseworker, "/aanvragen/nieuw"}},
		"/aanvragen/{id}":                 {{caseworker, "/aanvragen/" + string(paid.ID)}, {caseworker, "/aanvragen/" + string(back.ID)}, {teamlead, "/aanvragen/" + string(waiting.ID)}, {finance, "/aanvragen/" + string(approved.ID)}},
		"/financien/bank":                 {{finance, "/financien/bank"}, {auditor, "/financien/bank"}},
		"/financien/bank/afstemming":      {{finance, "/financien/bank/afstemming"}, {auditor, "/financien/bank/afstemming?rekening=" + bt.DebtorIBAN + ""}},
		"/beoordelen":                     {{teamlead, "/beoordelen"}},
		"/meldingen":                      {{teamlead, "/meldingen"}, {caseworker, "/meldingen"}},
		"/financien":                      {{finance, "/financien"}},
		"/financien/toerekenen/{id}":      {{finance, "/financien/toerekenen/" + string(approved.ID)}},
		"/financien/vorderingen":          {{finance, "/financien/vorderingen"}},
		"/financien/perioden":             {{finance, "/financien/perioden"}},
		"/financien/betalingen":           {{finance, "/financien/betalingen"}},
		"/financien/betalingen/voorbeeld": {{finance, "/financien/betalingen/voorbeeld"}},
		"/financien/verantwoording":       {{finance, "/financien/verantwoording"}},
		"/potten":                         {{auditor, "/potten"}},
		"/potten/{id}":                    {{finance, "/potten/" + pot}},
		"/partner":                        {{partner, "/partner"}},
		"/partner/{pot}/{quarter}":        {{partner, "/partner/" + pot + "/2026-Q1"}},
		"/overzichten/financieel":         {{auditor, "/overzichten/financieel"}},
		"/overzichten/legitimiteit":       {{auditor, "/overzichten/legitimiteit"}},
	}
	for _, rt := range web.Routes() {
		if rt.Method != http.MethodGet || slices.Contains(notPages, rt.Path) {
			continue
		}
		if _, ok := pages[rt.Path]; !ok {
			t.Errorf("the page %s is not measured on a phone: give it an address in TestEveryPageAtPhoneWidth", rt.Path)
		}
	}

	s := browserAt(t, e, 390, 900)
	s.axe = axeSource(t)
	s.do(chromedp.EmulateViewport(390, 900))
	shot := 0
	measure := func(name string) {
		t.Helper()
		s.do(loaded)
		if wide := s.eval(beyondTheWindow); wide != "" {
			t.Errorf("%s (%s) at 390 px: %s", name, s.location(), wide)
		}
		if squeezed := s.eval(squeezedCells); squeezed != "" {
			t.Errorf("%s (%s) at 390 px: a table's words break: %s", name, s.location(), squeezed)
		}
		// Tables shown as labelled rows keep their meaning for screen
		// readers: axe-core, WCAG 2.1 A and AA, as on the desktop.
		for _, v := range s.violations(s.ctx, name) {
			if v.Impact == "serious" || v.Impact == "critical" {
				t.Errorf("accessibility at 390 px: %s (%s): %s [%s] %s at %s", name, s.location(), v.ID, v.Impact, v.Help, strings.Join(v.Nodes, "; "))
			}
		}
		shot++
		png, err := chromedp.Run(s.ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("screenshot of %s: %v", name, err)
		}
		file := filepath.Join(out, fmt.Sprintf("%02d-%s.png", shot, strings.Trim(nameRE.ReplaceAllString(strings.ToLower(name), "-"), "-")))
		if err := os.WriteFile(file, png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var routes []string
	for r := range pages {
		routes = append(routes, r)
	}
	slices.Sort(routes)
	// By user, so each signs in once.
	for _, user := range []string{"", caseworker, teamlead, finance, auditor, partner} {
		if user != "" {
			s.signIn(user)
		}
		for _, r := range routes {
			for _, p := range pages[r] {
				if p.user != user {
					continue
				}
				s.do(chromedp.Navigate(e.srv.URL + p.path))
				measure(strings.TrimPrefix(p.path, "/") + "-" + user)
			}
		}
		switch user {
		case caseworker:
			// The request form, sent empty: every field's message.
			s.do(chromedp.Navigate(e.srv.URL+"/aanvragen/nieuw"), chromedp.WaitVisible(chromedp.CSS("#aanvraag")))
			s.do(chromedp.Click(chromedp.CSS("#aanvraag button[type=submit]")), chromedp.WaitVisible(chromedp.CSS(".error-summary")))
			measure("aanvraag-met-fouten")
		case finance:
			// The allocation form with its errors.
			s.do(chromedp.Navigate(e.srv.URL+"/financien/toerekenen/"+string(approved.ID)), chromedp.WaitVisible(chromedp.CSS("#toerekening")))
			s.choose("#lines-0-target", "jeugdwet")
			s.choose("#lines-1-target", "party")
			s.do(chromedp.SendKeys(chromedp.CSS("#lines-1-amount"), "900"))
			s.do(chromedp.Click(chromedp.CSS("#toerekening button[type=submit]")), chromedp.WaitVisible(chromedp.CSS(".error-summary")))
			measure("toerekening-met-fouten")
			// The bank's file uploaded: what it did; then a file that is
			// refused, with its message.
			s.do(chromedp.Navigate(e.srv.URL+"/financien/bank"), chromedp.WaitVisible(chromedp.CSS("#bankbestand")))
			s.do(chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{bt.Path(bt.TwoStatements)}))
			s.do(chromedp.Click(chromedp.CSS("#bankbestand button[type=submit]")), chromedp.WaitVisible(chromedp.CSS("#resultaat")))
			measure("bankbestand-ingelezen")
			s.do(chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{bt.Path(bt.Pain001)}))
			s.do(chromedp.Click(chromedp.CSS("#bankbestand button[type=submit]")), chromedp.WaitVisible(chromedp.CSS(".error-summary")))
			measure("bankbestand-geweigerd")
		}
		if user != "" {
			s.signOut()
		}
	}
	// A page that does not exist.
	s.do(chromedp.Navigate(e.srv.URL + "/bestaat-niet"))
	measure("niet-gevonden")
}

// squeezedCells names the cells of a table shown as a table (not as
// labelled rows) whose words do not fit their column: a cell narrower
// than its longest word, which the browser then breaks inside the word
// or lets stick out; "" when there is none.
const squeezedCells = `(() => {
	const out = [];
	const probe = document.createElement('span');
	probe.style.cssText = 'position:absolute;visibility:hidden;white-space:nowrap';
	document.body.appendChild(probe);
	for (const cell of document.querySelectorAll('main td, main th')) {
		if (getComputedStyle(cell.closest('table')).display !== 'table' || cell.closest('.visually-hidden')) continue;
		const cs = getComputedStyle(cell);
		probe.style.font = cs.font;
		const inner = cell.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
		for (const word of cell.innerText.split(/\s+/)) {
			if (word.length < 2) continue;
			probe.textContent = word;
			if (probe.getBoundingClientRect().width > inner + 1) {
				out.push('“' + word + '” in a cell ' + Math.round(inner) + ' px wide');
				break;
			}
		}
		if (out.length > 4) break;
	}
	probe.remove();
	return out.join('; ');
})()`
