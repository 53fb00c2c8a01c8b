package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/ledgertest"
)

// TestEmojiNamesOnThePages: a pot, a partner and a party with an emoji in
// their names show on the pages as written, and the partner's statement
// downloads (PDF and CSV) and the pot's chart are made.
func TestEmojiNamesOnThePages(t *testing.T) {
	e := newEnv(t, finance, partner, caseworker)
	ctx := context.Background()
	if _, err := e.store.CreateParty(ctx, ledgertest.Finance, ledger.NewParty{Name: "Woonbedrijf 🏠", Kind: ledger.PartyHousingCorporation}); err != nil {
		t.Fatal(err)
	}
	p := e.approved(200_00)
	if _, err := e.store.Allocate(ctx, ledgertest.Finance, ledger.AllocationRequest{PayoutID: p.ID,
		Lines: []ledger.AllocationLine{{Target: ledger.TargetParty, PartyName: "Woonbedrijf 🏠", Amount: 200_00}}}); err != nil {
		t.Fatal(err)
	}
	pot, err := e.store.CreatePot(ctx, ledgertest.Admin, ledger.NewPot{Name: "Noodfonds 🏠🏡", Year: 2026, RecoveryPolicy: ledger.PolicyReport, Mandates: ledgertest.Ladder()})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.store.SetPledge(ctx, ledgertest.Admin, ledger.Pledge{PotID: pot.ID, PartnerID: e.insurer.ID, Amount: 1000_00}); err != nil {
		t.Fatal(err)
	}
	b := e.browser(t)
	b.signIn(partner)
	for _, id := range []ledger.PotID{e.pot.ID, pot.ID} {
		pdf := wantStatus(t, b.get("/verantwoording/"+string(id)+"/2026-Q1.pdf"), http.StatusOK)
		if !strings.HasPrefix(pdf.Body, "%PDF-") || !strings.HasSuffix(strings.TrimSpace(pdf.Body), "%%EOF") {
			t.Fatalf("the statement of %s is not a whole PDF", id)
		}
		wantStatus(t, b.get("/verantwoording/"+string(id)+"/2026-Q1.csv"), http.StatusOK)
	}
	f := e.browser(t)
	f.signIn(finance)
	wantText(t, wantStatus(t, f.get("/potten"), http.StatusOK), "Noodfonds 🏠🏡 2026")
	wantText(t, wantStatus(t, f.get("/potten/"+string(pot.ID)), http.StatusOK), "Noodfonds 🏠🏡")
	wantStatus(t, f.get("/potten/"+string(pot.ID)+"/grafiek.png"), http.StatusOK)
	wantStatus(t, f.get("/financien/verantwoording"), http.StatusOK)
	if strings.Contains(e.logs.String(), "panic") || strings.Contains(e.logs.String(), "page failed") {
		t.Errorf("a page failed:\n%s", e.logs.String())
	}
}
