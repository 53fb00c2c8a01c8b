package web_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/ledgertest"
)

// TestReportPagesInBrowser opens the finance view and the legitimacy report
// in headless Chromium on a desktop (1280 px) and on a phone (390 px): no
// page may scroll sideways or put an element beyond the window's right
// edge, each is checked with axe-core (WCAG 2.1 A and AA), and each is
// photographed into test-output/report-pages (ONTSCHOT_SHOTS names another
// folder).
func TestReportPagesInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("the browser test is long; run it without -short")
	}
	axe := axeSource(t)
	out := os.Getenv("ONTSCHOT_SHOTS")
	if out == "" {
		out = filepath.Join("test-output", "report-pages")
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}

	// A quarter with what the pages show: allocations to laws with long
	// taakveld names, maatwerk, a party, payouts still unallocated, one
	// waiting for a decision, with long deviations.
	e := newEnv(t, auditor, caseworker)
	ctx := context.Background()
	party, err := e.store.CreateParty(ctx, ledgertest.Finance, ledger.NewParty{Name: "Woningcorporatie Elkien Leeuwarden", Kind: ledger.PartyHousingCorporation})
	if err != nil {
		t.Fatal(err)
	}
	var payouts []ledger.Payout
	for i := 0; i < 8; i++ {
		payouts = append(payouts, e.approved(ledger.Cents(350_00+i*112_35)))
	}
	for i, lines := range [][]ledger.AllocationLine{
		{{Target: "wgs", Taakveld: "6.3", EconomicCategory: "4.1.1", Amount: 350_00}},
		{{Target: "wmo", Taakveld: "6.812", EconomicCategory: "3.4.1", Amount: 462_35}},
		{{Target: ledger.TargetMaatwerk, Amount: 274_70}, {Target: ledger.TargetParty, PartyID: party.ID, Amount: 300_00}},
	} {
		if _, err := e.store.Allocate(ctx, ledgertest.Finance, ledger.AllocationRequest{PayoutID: payouts[i].ID, Lines: lines}); err != nil {
			t.Fatalf("allocate %d: %v", i, err)
		}
	}
	req := ledgertest.ValidRequest(e.pot.ID, 4_850_00)
	req.Justification.DeviatesFrom = []string{"Participatiewet artikel 35: geen bijzondere bijstand bij een vermogen boven de vermogensgrens", "Beleidsregel huurachterstanden gemeente Leeuwarden 2024"}
	if _, err := e.store.RequestPayout(ctx, ledger.Actor{User: caseworker, Role: ledger.RoleCaseworker}, req); err != nil {
		t.Fatal(err)
	}

	shot := 0
	s := startChromium(t, e.srv.URL, 1280, 900)
	s.out, s.axe, s.shot = out, axe, &shot
	s.signIn(auditor)

	for _, width := range []int64{1280, 390} {
		s.do(chromedp.EmulateViewport(width, 900))
		for _, p := range []struct{ path, name, wait string }{
			{"/overzichten/financieel", "financieel-overzicht", "main table"},
			{"/overzichten/legitimiteit", "legitimiteit", "table.exceptions"},
		} {
			s.do(chromedp.Navigate(e.srv.URL+p.path), chromedp.WaitVisible(chromedp.CSS(p.wait)), loaded)
			if wide := s.eval(beyondTheWindow); wide != "" {
				t.Errorf("%s at %d px: %s", p.path, width, wide)
			}
			s.check(fmt.Sprintf("%s-%d", p.name, width))
		}
	}
	// The phone's table is a list: each cell says what it is.
	if label := s.eval(`getComputedStyle(document.querySelector('table.exceptions td.id'), '::before').content`); !strings.Contains(label, "Uitbetaling") {
		t.Errorf("on a phone, the payout's cell is not labelled: %s", label)
	}
}

// beyondTheWindow says what sticks out of the window on the right: the page
// scrolling sideways, or an element (a table cell, a button, a line of
// text) whose right edge lies beyond it; "" when nothing does.
const beyondTheWindow = `(() => {
	const w = document.documentElement.clientWidth;
	const out = [];
	if (document.documentElement.scrollWidth > w) out.push('the page is ' + document.documentElement.scrollWidth + ' px wide');
	for (const el of document.querySelectorAll('main *, header *')) {
		const r = el.getBoundingClientRect();
		if (r.width > 0 && r.right > w + 0.5 && !el.closest('.visually-hidden, thead.visually-hidden')) {
			const hidden = getComputedStyle(el).position === 'absolute' && r.width <= 1;
			if (!hidden) out.push(el.tagName.toLowerCase() + (el.className ? '.' + el.className : '') + ' ends at ' + Math.round(r.right) + ' px');
		}
		if (out.length > 5) break;
	}
	return out.join('; ');
})()`
