package web_test

import (
	"context"
	"html"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/ledgertest"
)

// navLinks are the addresses of a page's main menu.
func navLinks(p page) []string {
	nav := p.Body
	if i := strings.Index(nav, `<nav aria-label="Hoofdmenu"`); i >= 0 {
		nav = nav[i:]
		nav = nav[:strings.Index(nav, "</nav>")]
	} else {
		return nil
	}
	var out []string
	for _, m := range regexp.MustCompile(`href="([^"]+)"`).FindAllStringSubmatch(nav, -1) {
		out = append(out, m[1])
	}
	return out
}

// TestReportPagesInTheMenu: every role the permission table lets read the
// finance view or the legitimacy report finds it in the menu and can open
// it; no other role sees it there.
func TestReportPagesInTheMenu(t *testing.T) {
	users := map[ledger.Role]string{ledger.RoleCaseworker: caseworker, ledger.RoleTeamlead: teamlead, ledger.RoleManager: manager,
		ledger.RoleFinance: finance, ledger.RolePartner: partner, ledger.RoleAuditor: auditor, ledger.RoleAdmin: admin}
	var names []string
	for _, u := range users {
		names = append(names, u)
	}
	e := newEnv(t, names...)
	e.approved(800_00)
	for role, user := range users {
		b := e.browser(t)
		start := b.signIn(user)
		links := navLinks(b.get(start))
		for _, rp := range []struct {
			path   string
			action ledger.Action
		}{{"/overzichten/financieel", ledger.ActReadFinanceView}, {"/overzichten/legitimiteit", ledger.ActReadLegitimacy}} {
			may := ledger.Allowed(role, rp.action)
			if got := slices.Contains(links, rp.path); got != may {
				t.Errorf("%s: %s in the menu %v; the permission table says %v", role, rp.path, got, may)
			}
			if may {
				p := wantStatus(t, b.get(rp.path), http.StatusOK)
				if !strings.Contains(p.Body, `href="`+rp.path+`" aria-current="page"`) {
					t.Errorf("%s: %s is not marked as the current page in the menu", role, rp.path)
				}
			}
		}
	}
}

// TestFinanceViewPage: the finance view's figures on the page, in the
// documents' Dutch words, for the period and pot picked; its PDF and its
// CSV in both dialects.
func TestFinanceViewPage(t *testing.T) {
	e := newEnv(t, auditor, caseworker, finance)
	ctx := context.Background()
	p := e.approved(1000_00)
	e.approved(250_50)
	if _, err := e.store.Allocate(ctx, ledgertest.Finance, ledger.AllocationRequest{PayoutID: p.ID, Lines: []ledger.AllocationLine{
		{Target: "wgs", Taakveld: "6.3", EconomicCategory: "4.1.1", Amount: 600_00},
		{Target: ledger.TargetMaatwerk, Amount: 400_00},
	}}); err != nil {
		t.Fatal(err)
	}
	b := e.browser(t)
	b.signIn(auditor)

	v := wantStatus(t, b.get("/overzichten/financieel"), http.StatusOK)
	wantText(t, v, "<h1>Financieel overzicht</h1>", "1e kwartaal 2026 (1 januari 2026 t/m 31 maart 2026), alle potten",
		`<option value="2026-Q1" selected>1e kwartaal 2026</option>`, `<option value="2026-03">maart 2026</option>`, `<option value="2025-Q4">4e kwartaal 2025</option>`,
		"Toegerekend aan wettelijke budgetten", "Wet gemeentelijke schuldhulpverlening", "6.3 Inkomensregelingen", "4.1.1", "€ 600,00",
		"Maatwerk: de pot draagt de kosten zelf", "€ 400,00", "Nog niet toegerekend, naar ouderdom", "€ 250,50",
		"De ouderdom is geteld tot 10 maart 2026, de dag waarop het overzicht is gemaakt: de periode loopt nog.",
		"die op 10 maart 2026, de dag waarop dit overzicht is gemaakt, nog niet waren toegerekend; wat later wordt toegerekend, valt eruit.",
		`href="/overzichten/financieel/2026-Q1.pdf"`, `href="/overzichten/financieel/2026-Q1.csv"`, `href="/overzichten/financieel/2026-Q1.csv?indeling=nl"`,
		"Download CSV voor Excel in het Nederlands", "puntkomma's en een decimale komma")
	for _, later := range []string{`value="2026-Q2"`, `value="2026-04"`} {
		if strings.Contains(v.Body, later) {
			t.Errorf("the picker offers %s, which has not begun", later)
		}
	}
	if i, j := strings.Index(v.Body, `value="2026-Q1"`), strings.Index(v.Body, `value="2025-Q4"`); i > j {
		t.Error("the current quarter does not come first")
	}

	t.Run("a month and one pot", func(t *testing.T) {
		m := wantStatus(t, b.get("/overzichten/financieel?periode=2026-03&pot="+string(e.pot.ID)), http.StatusOK)
		wantText(t, m, "maart 2026 (1 maart 2026 t/m 31 maart 2026), Doorbraakpot 2026", `<option value="2026-03" selected>maart 2026</option>`,
			`selected>Doorbraakpot 2026</option>`, `href="/overzichten/financieel/2026-03.csv?pot=`+string(e.pot.ID)+`&indeling=nl"`)
	})
	t.Run("a period the picker does not list", func(t *testing.T) {
		// An older period is what its documents and the API show: the
		// picker adds it, selected.
		old := wantStatus(t, b.get("/overzichten/financieel?periode=2019-Q2"), http.StatusOK)
		wantText(t, old, `<option value="2019-Q2" selected>`, "1 april 2019 t/m 30 juni 2019", `href="/overzichten/financieel/2019-Q2.pdf"`)
		wantText(t, wantStatus(t, b.get("/overzichten/financieel?periode=2025"), http.StatusOK), `<option value="2025" selected>2025</option>`)
		wantStatus(t, b.get("/overzichten/financieel/2019-Q2.csv"), http.StatusOK)
		// A period not begun, or no period at all, is a 400 that keeps the
		// picker and says what is wrong, on the page and the download.
		for bad, why := range map[string]string{
			"2026-Q3": "3e kwartaal 2026 is nog niet begonnen; een overzicht gaat over een periode die begonnen is",
			"2030":    "2030 is nog niet begonnen;",
			"morgen":  "“morgen” is geen periode; kies een jaar, kwartaal of maand.",
			"2026-13": "“2026-13” is geen periode",
		} {
			for _, path := range []string{"/overzichten/financieel", "/overzichten/legitimiteit"} {
				p := wantStatus(t, b.get(path+"?periode="+bad), http.StatusBadRequest)
				wantText(t, p, why, `<select id="periode" name="periode">`, `<option value="2026-Q1" selected>`, "Dit overzicht kan zo niet worden gemaakt")
			}
		}
		wantText(t, wantStatus(t, b.get("/overzichten/financieel/2026-Q3.pdf"), http.StatusBadRequest), "nog niet begonnen")
		wantText(t, wantStatus(t, b.get("/overzichten/legitimiteit/2026-Q3.csv"), http.StatusBadRequest), "nog niet begonnen")
		wantText(t, wantStatus(t, b.get("/overzichten/financieel?pot=POT-bestaatniet"), http.StatusBadRequest), "Pot “POT-bestaatniet” bestaat niet", `<select id="periode" name="periode">`)
	})
	t.Run("the documents", func(t *testing.T) {
		pdf := wantStatus(t, b.get("/overzichten/financieel/2026-Q1.pdf?pot="+string(e.pot.ID)), http.StatusOK)
		if pdf.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(pdf.Body, "%PDF-") {
			t.Fatalf("not a PDF: %s", pdf.Header.Get("Content-Type"))
		}
		if cd := pdf.Header.Get("Content-Disposition"); !strings.Contains(cd, `filename=financieel-overzicht-2026-Q1-doorbraakpot.pdf`) {
			t.Errorf("the PDF is named %s", cd)
		}
		std := wantStatus(t, b.get("/overzichten/financieel/2026-Q1.csv"), http.StatusOK)
		nl := wantStatus(t, b.get("/overzichten/financieel/2026-Q1.csv?indeling=nl"), http.StatusOK)
		if !strings.HasPrefix(std.Body, "sectie,wet,taakveld,") || !strings.Contains(std.Body, ",600.00\n") {
			t.Errorf("the standard CSV:\n%s", std.Body)
		}
		if !strings.HasPrefix(nl.Body, "\ufeffsectie;wet;taakveld;") || !strings.Contains(nl.Body, `;"=""6.3""";"=""4.1.1""";Inkomensregelingen;;600,00`+"\n") {
			t.Errorf("the CSV for a spreadsheet in Dutch:\n%s", nl.Body)
		}
		wantStatus(t, b.get("/overzichten/financieel/2026-Q1.xlsx"), http.StatusNotFound)
		wantText(t, wantStatus(t, b.get("/overzichten/financieel/2026-Q1.csv?indeling=excel"), http.StatusBadRequest), "Er is geen CSV-indeling “excel”")
	})
}

// TestLegitimacyPage: the legitimacy report's figures and exceptions on the
// page, each exception in the PDF's words, a page of 50 at a time, the rules
// deviated from only for a reader who may see the case (the admin reads
// the report without them, as from the API).
func TestLegitimacyPage(t *testing.T) {
	e := newEnv(t, auditor, admin, manager, caseworker)
	ctx := context.Background()
	var first ledger.Payout
	for i := 0; i < 51; i++ {
		p := e.approved(ledger.Cents(100_00 + i))
		if i == 0 {
			first = p
		}
	}
	req := ledgertest.ValidRequest(e.pot.ID, 2400_00)
	waiting, err := e.store.RequestPayout(ctx, ledger.Actor{User: caseworker, Role: ledger.RoleCaseworker}, req)
	if err != nil || waiting.Status != ledger.StatusPending {
		t.Fatalf("request above the mandate: %+v, %v", waiting.Status, err)
	}

	b := e.browser(t)
	b.signIn(auditor)
	v := wantStatus(t, b.get("/overzichten/legitimiteit"), http.StatusOK)
	wantText(t, v, "<h1>Legitimiteit van de uitzonderingen</h1>", "1e kwartaal 2026 (1 januari 2026 t/m 31 maart 2026), alle potten",
		"Kengetallen", "Aanvragen in de periode", "52, samen", "Goedgekeurd / afgewezen / wachtend", "51 / 0 / 1",
		"Besluiten binnen het mandaat", "Vier ogen (boven het eigen mandaat)", "n.v.t.",
		"52 uitbetalingen in de periode", "per pagina 50",
		"<caption>Uitzonderingen van 1e kwartaal 2026</caption>",
		string(first.ID), "Huurachterstand", "€ 100,00", "goedgekeurd",
		"consulent, mandaat tot € 1.500,00; eigen aanvraag, direct besloten",
		"Participatiewet art. 35 (bijzondere bijstand)",
		`href="/overzichten/legitimiteit/2026-Q1.csv?indeling=nl"`, "Volgende pagina")
	if n := strings.Count(v.Body, `data-label="Uitbetaling"`); n != 50 {
		t.Errorf("the first page shows %d exceptions; want 50", n)
	}
	if strings.Contains(v.Body, "Vorige pagina") {
		t.Error("the first page links to a page before it")
	}
	next := regexp.MustCompile(`href="([^"]+)" rel="next"`).FindStringSubmatch(v.Body)
	if next == nil {
		t.Fatal("no link to the next page")
	}
	p2 := wantStatus(t, b.get(html.UnescapeString(next[1])), http.StatusOK)
	if n := strings.Count(p2.Body, `data-label="Uitbetaling"`); n != 2 {
		t.Errorf("the second page shows %d exceptions; want 2", n)
	}
	wantText(t, p2, "Vorige pagina", "52, samen", "nog geen besluit; aangevraagd door consulent", string(waiting.ID), "wacht op besluit")
	if strings.Contains(p2.Body, "Volgende pagina") {
		t.Error("the last page links to a page after it")
	}
	wantStatus(t, b.get("/overzichten/legitimiteit?na=PAY-bestaatniet"), http.StatusBadRequest)

	t.Run("the admin reads it without the rules", func(t *testing.T) {
		a := e.browser(t)
		a.signIn(admin)
		p := wantStatus(t, a.get("/overzichten/legitimiteit"), http.StatusOK)
		wantText(t, p, "niet zichtbaar: u mag deze zaak niet inzien", "Bij een uitbetaling waarvan u de zaak niet mag inzien, staan de regels niet vermeld.")
		if strings.Contains(p.Body, "Participatiewet art. 35") {
			t.Error("the admin's page shows the rules a case deviates from")
		}
		csv := wantStatus(t, a.get("/overzichten/legitimiteit/2026-Q1.csv?indeling=nl"), http.StatusOK)
		if strings.Contains(csv.Body, "Participatiewet art. 35") || !strings.HasPrefix(csv.Body, "\ufeffsectie;omschrijving;waarde;van;aandeel\n") {
			t.Errorf("the admin's CSV:\n%s", csv.Body)
		}
	})
	t.Run("the documents hold every exception", func(t *testing.T) {
		std := wantStatus(t, b.get("/overzichten/legitimiteit/2026-Q1.csv"), http.StatusOK)
		if n := strings.Count(std.Body, "\nPAY-"); n != 52 {
			t.Errorf("the CSV holds %d exceptions; want 52", n)
		}
		if !strings.Contains(std.Body, ",100.00,") || strings.Contains(std.Body, "\ufeff") {
			t.Errorf("the standard CSV:\n%.400s", std.Body)
		}
		nl := wantStatus(t, b.get("/overzichten/legitimiteit/2026-Q1.csv?indeling=nl"), http.StatusOK)
		if !strings.Contains(nl.Body, ";100,00;") {
			t.Errorf("the CSV for a spreadsheet in Dutch:\n%.400s", nl.Body)
		}
		pdf := wantStatus(t, b.get("/overzichten/legitimiteit/2026-Q1.pdf"), http.StatusOK)
		if !strings.HasPrefix(pdf.Body, "%PDF-") || !strings.Contains(pdf.Header.Get("Content-Disposition"), "legitimiteit-2026-Q1.pdf") {
			t.Errorf("the PDF: %s", pdf.Header.Get("Content-Disposition"))
		}
	})
}

// TestStatementCSVDialects: every statement download comes in both
// dialects, the pages link to both and say which is which, and the CSV
// names whom the copy is for.
func TestStatementCSVDialects(t *testing.T) {
	e := newEnv(t, partner, finance, caseworker)
	for i := 0; i < 6; i++ {
		e.approved(ledger.Cents(100_00 + i))
	}
	b := e.browser(t)
	b.signIn(partner)
	base := "/verantwoording/" + string(e.pot.ID) + "/2026-Q1.csv"
	home := wantStatus(t, b.get("/partner"), http.StatusOK)
	wantText(t, home, `href="`+base+`"`, `href="`+base+`?indeling=nl"`, "CSV voor Excel NL", "puntkomma's en een decimale komma")
	view := wantStatus(t, b.get("/partner/"+string(e.pot.ID)+"/2026-Q1"), http.StatusOK)
	wantText(t, view, `href="`+base+`?indeling=nl"`, "Download CSV voor Excel in het Nederlands")

	std := wantStatus(t, b.get(base), http.StatusOK)
	nl := wantStatus(t, b.get(base+"?indeling=nl"), http.StatusOK)
	if !strings.Contains(std.Body, "\nexemplaar voor,De Friesland (partner van deze pot),,\n") || !strings.Contains(std.Body, ",600.15\n") {
		t.Errorf("the standard CSV:\n%s", std.Body)
	}
	if !strings.HasPrefix(nl.Body, "\ufeffsectie;omschrijving;aantal;bedrag\n") || !strings.Contains(nl.Body, "\nexemplaar voor;De Friesland (partner van deze pot);;\n") ||
		!strings.Contains(nl.Body, ";600,15\n") {
		t.Errorf("the CSV for a spreadsheet in Dutch:\n%s", nl.Body)
	}
	if nl.Header.Get("Content-Type") != "text/csv; charset=utf-8" {
		t.Errorf("Content-Type %s", nl.Header.Get("Content-Type"))
	}

	f := e.browser(t)
	f.signIn(finance)
	list := wantStatus(t, f.get("/financien/verantwoording"), http.StatusOK)
	wantText(t, list, `href="`+base+`?indeling=nl"`, `href="`+base+`?partner=`+string(e.insurer.ID)+`&indeling=nl"`, "Excel NL")
	own := wantStatus(t, f.get(base+"?indeling=nl"), http.StatusOK)
	if !strings.Contains(own.Body, "\nexemplaar voor;de gemeente (eigen exemplaar);;\n") {
		t.Errorf("the municipality's own copy does not say so:\n%s", own.Body)
	}
}
