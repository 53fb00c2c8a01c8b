package web_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// browserAt starts headless Chromium with a window width×height pixels
// wide, signed in as nobody yet.
func browserAt(t *testing.T, e *env, width, height int) *e2eSession {
	t.Helper()
	return startChromium(t, e.srv.URL, width, height)
}

// startChromium starts headless Chromium, in Dutch, with a window
// width×height pixels wide (0: Chromium's own size), for the pages at base;
// it stops when the test ends. The first run opens the tab; it belongs to
// the context it ran with, so it runs without a deadline.
func startChromium(t *testing.T, base string, width, height int) *e2eSession {
	t.Helper()
	exe := chromiumPath(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(exe), chromedp.NoSandbox,
		chromedp.Flag("disable-dev-shm-usage", true), chromedp.Flag("lang", "nl-NL"))
	if width > 0 {
		opts = append(opts, chromedp.WindowSize(width, height))
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelAlloc)
	browserCtx, cancelBrowser := chromedp.NewContext(allocCtx)
	t.Cleanup(cancelBrowser)
	if err := chromedp.Do(browserCtx); err != nil {
		t.Fatalf("start Chromium (%s): %v", exe, err)
	}
	return &e2eSession{t: t, ctx: browserCtx, base: base}
}

// TestAllocationTaakveldList: in the browser, choosing a row's law narrows
// its taakveld list to that law's codes of the booking year, a party or
// maatwerk leaves none, and no target all of them.
func TestAllocationTaakveldList(t *testing.T) {
	if testing.Short() {
		t.Skip("the browser test is long; run it without -short")
	}
	e := newEnv(t, finance, caseworker)
	p := e.approved(1000_00)
	s := browserAt(t, e, 1280, 900)
	s.signIn(finance)
	s.do(chromedp.Navigate(e.srv.URL+"/financien/toerekenen/"+string(p.ID)), chromedp.WaitVisible(chromedp.CSS("#toerekening")))
	codes := func() []string {
		return strings.Fields(s.eval(`Array.from(document.querySelectorAll('#lines-2-taakveld option')).map(o => o.value).filter(v => v).join(' ')`))
	}
	if got := codes(); len(got) != 26 {
		t.Fatalf("a row without a target offers %d codes; want the 26 of 2026", len(got))
	}
	s.choose("#lines-2-target", "jeugdwet")
	want := []string{"6.22", "6.23", "6.751", "6.752", "6.753", "6.761", "6.762", "6.763", "6.792", "6.821", "6.822", "6.92"}
	if got := codes(); !slices.Equal(got, want) {
		t.Errorf("a Jeugdwet row offers %v; want %v", got, want)
	}
	s.choose("#lines-2-taakveld", "6.23")
	s.choose("#lines-2-target", "wmo")
	if got := s.eval(`document.querySelector('#lines-2-taakveld').value`); got != "6.23" {
		t.Errorf("a code of both laws is no longer chosen after the law changed: %q", got)
	}
	if got := codes(); slices.Contains(got, "6.22") || !slices.Contains(got, "6.714") {
		t.Errorf("a Wmo row offers %v", got)
	}
	for _, target := range []string{"party", "maatwerk"} {
		s.choose("#lines-2-target", target)
		if got := codes(); len(got) != 0 {
			t.Errorf("a %s row offers taakvelden %v", target, got)
		}
	}
	s.choose("#lines-2-target", "")
	if got := codes(); len(got) != 26 {
		t.Errorf("a row whose target was taken away offers %d codes; want 26", len(got))
	}
}

// TestRequestFormLiveChecks types, key by key, a BSN written with spaces
// or dots into each text field of the request form and expects each
// field's own warning while typing: the words the server refuses it with
// in that field (TestBSNAdviceMatchesServer), so a BSN in "De situatie" is
// not told to go into the case reference.
func TestRequestFormLiveChecks(t *testing.T) {
	if testing.Short() {
		t.Skip("the browser test is long; run it without -short")
	}
	e := newEnv(t, caseworker)
	s := browserAt(t, e, 1280, 900)
	s.signIn(caseworker)
	s.do(chromedp.Navigate(e.srv.URL+"/aanvragen/nieuw"), chromedp.WaitVisible(chromedp.CSS("#caseRef")))
	said := map[string]string{}
	for _, tt := range []struct{ id, prefix string }{
		{"caseRef", ""},
		{"payee-name", "J. Jansen "},
		{"justification-situation", "Huurachterstand, bsn "},
		{"justification-deviatesFrom", "Regel "},
	} {
		want := s.eval(`document.getElementById('` + tt.id + `').getAttribute('data-bsn')`)
		for _, bsn := range []string{"111 222 333", "111.222.333"} {
			s.setValue("#"+tt.id, "")
			s.do(chromedp.SendKeys(chromedp.CSS("#"+tt.id), tt.prefix+bsn))
			if got := s.text("#" + tt.id + "-bsn"); got != want || want == "" {
				t.Errorf("typing %q into %s: the page says %q; want %q", tt.prefix+bsn, tt.id, got, want)
			}
			said[tt.id] = want
		}
		// Taken out again, the warning goes.
		s.setValue("#"+tt.id, tt.prefix)
		if got := s.text("#" + tt.id + "-bsn"); got != "" {
			t.Errorf("%s without the BSN still warns: %q", tt.id, got)
		}
	}
	if said["caseRef"] == said["justification-situation"] || strings.Contains(said["justification-situation"], "pseudoniem zaaknummer") {
		t.Errorf("a BSN in the situation gets the case reference's advice: %q", said["justification-situation"])
	}
}
