package web_test

import (
	"bytes"
	"context"
	"image/png"
	"net/http"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/ledgertest"
)

func TestDashboard(t *testing.T) {
	e := newEnv(t, finance, auditor, partner, caseworker, teamlead)
	ctx := context.Background()
	p := e.approved(800_00)
	e.payAll()
	if _, err := e.store.Evaluate(ctx, ledger.Actor{User: caseworker, Role: ledger.RoleCaseworker}, ledger.EvaluationRequest{PayoutID: p.ID, Outcome: ledger.EvalRegret, Note: "Niet geholpen."}); err != nil {
		t.Fatal(err)
	}
	e.approved(200_00)
	for _, user := range []string{finance, auditor, caseworker, teamlead} {
		b := e.browser(t)
		b.signIn(user)
		list := wantStatus(t, b.get("/potten"), http.StatusOK)
		wantText(t, list, "Doorbraakpot 2026", "€ 49.000,00", "80,0%", "boven de norm")
		d := wantStatus(t, b.get("/potten/"+string(e.pot.ID)), http.StatusOK)
		wantText(t, d, "€ 49.000,00", "beschikbaar", "Spijt in 2026", "<strong>80,0%</strong>, tegen een norm van hoogstens 20,0%", "Uitgaven per maand",
			"Tijdigheid", "2 van 2", "De Friesland", `aria-label="Spijt 80,0% tegen een norm van 20,0%"`,
			"langer dan 2 werkdagen op een besluit", "na meer dan 5 werkdagen gaat de aanvraag naar het volgende niveau")
		img := b.get("/potten/" + string(e.pot.ID) + "/grafiek.png")
		wantStatus(t, img, http.StatusOK)
		if img.Header.Get("Content-Type") != "image/png" {
			t.Fatalf("chart: %s", img.Header.Get("Content-Type"))
		}
		cfg, err := png.DecodeConfig(bytes.NewReader([]byte(img.Body)))
		if err != nil || cfg.Width < 600 {
			t.Fatalf("chart is not a readable PNG: %+v, %v", cfg, err)
		}
	}
	b := e.browser(t)
	b.signIn(partner)
	for _, path := range []string{"/potten", "/potten/" + string(e.pot.ID), "/potten/" + string(e.pot.ID) + "/grafiek.png"} {
		wantStatus(t, b.get(path), http.StatusForbidden)
	}
}

func TestPartnerStatements(t *testing.T) {
	e := newEnv(t, partner, partner2, finance, caseworker)
	ctx := context.Background()
	for i := 0; i < 6; i++ {
		e.approved(ledger.Cents(100_00 + i))
	}
	// A second pot the partner does not fund.
	otherPot, err := e.store.CreatePot(ctx, ledgertest.Admin, ledger.NewPot{Name: "Geheime pot", Year: 2026, RecoveryPolicy: ledger.PolicyRefund, Mandates: ledgertest.Ladder()})
	if err != nil {
		t.Fatal(err)
	}
	b := e.browser(t)
	b.signIn(partner)
	home := wantStatus(t, b.get("/partner"), http.StatusOK)
	wantText(t, home, "Doorbraakpot 2026", "1e kwartaal 2026", "voorlopig", "Toegezegd")
	if strings.Contains(home.Body, "Geheime pot") || strings.Contains(home.Body, "2e kwartaal 2026") {
		t.Error("the partner sees a pot it does not fund, or a quarter that has not begun")
	}

	t.Run("the statement as a page: aggregates, no persons", func(t *testing.T) {
		v := wantStatus(t, b.get("/partner/"+string(e.pot.ID)+"/2026-Q1"), http.StatusOK)
		wantText(t, v, "Verantwoording Doorbraakpot 2026", "1e kwartaal 2026", "voor De Friesland", "Huurachterstand", "€ 600,15", "Download PDF")
		for _, private := range []string{"WIJK-2026-0042", "Woonstichting De Kern", "NL91", caseworker, "PAY-"} {
			if strings.Contains(v.Body, private) {
				t.Errorf("the partner's statement shows %q", private)
			}
		}
	})

	t.Run("the PDF to download, addressed to the partner", func(t *testing.T) {
		pdf := wantStatus(t, b.get("/verantwoording/"+string(e.pot.ID)+"/2026-Q1.pdf"), http.StatusOK)
		if pdf.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(pdf.Body, "%PDF-") {
			t.Fatalf("not a PDF: %s", pdf.Header.Get("Content-Type"))
		}
		if cd := pdf.Header.Get("Content-Disposition"); !strings.Contains(cd, "verantwoording-doorbraakpot-2026-Q1-de-friesland.pdf") {
			t.Errorf("file name: %s", cd)
		}
		csv := wantStatus(t, b.get("/verantwoording/"+string(e.pot.ID)+"/2026-Q1.csv"), http.StatusOK)
		if !strings.HasPrefix(csv.Header.Get("Content-Type"), "text/csv") {
			t.Errorf("CSV: %s", csv.Header.Get("Content-Type"))
		}
		// Naming another recipient changes nothing for a partner.
		other := b.get("/verantwoording/" + string(e.pot.ID) + "/2026-Q1.pdf?partner=" + string(e.other.ID))
		if !strings.Contains(other.Header.Get("Content-Disposition"), "de-friesland") {
			t.Errorf("a partner got a statement addressed elsewhere: %s", other.Header.Get("Content-Disposition"))
		}
	})

	t.Run("another pot, another partner, a bad quarter: not found", func(t *testing.T) {
		wantStatus(t, b.get("/partner/"+string(otherPot.ID)+"/2026-Q1"), http.StatusNotFound)
		wantStatus(t, b.get("/verantwoording/"+string(otherPot.ID)+"/2026-Q1.pdf"), http.StatusNotFound)
		wantStatus(t, b.get("/partner/"+string(e.pot.ID)+"/2026-13"), http.StatusNotFound)
		wantStatus(t, b.get("/verantwoording/"+string(e.pot.ID)+"/2026-Q1.docx"), http.StatusNotFound)
		p := wantStatus(t, b.get("/partner/"+string(e.pot.ID)+"/2026-Q3"), http.StatusBadRequest)
		wantText(t, p, "Dat kan niet")
		b2 := e.browser(t)
		b2.signIn(partner2)
		wantText(t, b2.get("/partner"), "Uw organisatie financiert (nog) geen pot")
		wantStatus(t, b2.get("/partner/"+string(e.pot.ID)+"/2026-Q1"), http.StatusNotFound)
		wantStatus(t, b2.get("/verantwoording/"+string(e.pot.ID)+"/2026-Q1.pdf"), http.StatusNotFound)
	})

	t.Run("finance: every pot's statements of a quarter, per funder", func(t *testing.T) {
		f := e.browser(t)
		f.signIn(finance)
		p := wantStatus(t, f.get("/financien/verantwoording"), http.StatusOK)
		wantText(t, p, "Doorbraakpot 2026", "Geheime pot 2026", "voorlopig", "De Friesland: ")
		link := "/verantwoording/" + string(e.pot.ID) + "/2026-Q1.pdf?partner=" + string(e.insurer.ID)
		if !strings.Contains(p.Body, strings.ReplaceAll(link, "&", "&amp;")) {
			t.Errorf("no link %s", link)
		}
		pdf := wantStatus(t, f.get(link), http.StatusOK)
		if !strings.Contains(pdf.Header.Get("Content-Disposition"), "de-friesland") {
			t.Errorf("file name %s", pdf.Header.Get("Content-Disposition"))
		}
		own := wantStatus(t, f.get("/verantwoording/"+string(e.pot.ID)+"/2026-Q1.pdf"), http.StatusOK)
		if strings.Contains(own.Header.Get("Content-Disposition"), "friesland") {
			t.Error("the municipality's own copy is addressed to a partner")
		}
		wantStatus(t, f.get("/verantwoording/"+string(e.pot.ID)+"/2026-Q1.pdf?partner="+string(e.other.ID)), http.StatusNotFound)
		wantStatus(t, f.get("/financien/verantwoording?kwartaal=2031-Q1"), http.StatusBadRequest)
		// Partners' pages are for partners.
		wantStatus(t, f.get("/partner"), http.StatusForbidden)
	})
}
