package web

import (
	"errors"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/ledger"
)

// TestDutchMessages: the pages say the ledger's messages in Dutch from its
// catalogue, whatever the English says: amounts the Dutch way, taakveld
// codes as they are (6.21, not 6,21), laws by their Dutch names.
func TestDutchMessages(t *testing.T) {
	pot := ledger.Pot{Name: "Doorbraakpot"}
	err := pot.CheckAvailable(ledger.Balance{Available: 1200_00}, 1500_00)
	if got, want := dutchMessage(err), "In pot “Doorbraakpot” is nog € 1.200,00 beschikbaar; deze uitbetaling van € 1.500,00 is € 300,00 te veel."; got != want {
		t.Errorf("insufficient funds: %q; want %q", got, want)
	}

	list := ledger.TaakveldList{
		{Code: "6.21", Name: "Wijkteams", Laws: []ledger.Law{ledger.LawWmo}, ValidFrom: 2025, Status: "verified"},
		{Code: "6.23", Name: "Arbeidsparticipatie", Laws: []ledger.Law{ledger.LawWmo}, ValidFrom: 2025, Status: "verified"},
		{Code: "6.72", Name: "Maatwerkdienstverlening 18-", Laws: []ledger.Law{ledger.LawJeugdwet}, ValidFrom: 2025, Status: "verified"},
	}
	err = list.Check(ledger.LawWmo, "6.72", 2026)
	got := dutchMessage(err)
	for _, want := range []string{"hoort bij de Jeugdwet, niet bij de Wmo 2015", "6.21, 6.23"} {
		if !strings.Contains(got, want) {
			t.Errorf("wrong law: %q; want it to say %q", got, want)
		}
	}
	if strings.Contains(got, "jeugdwet") || strings.Contains(got, "6,21") {
		t.Errorf("wrong law: %q shows a code or a taakveld as an amount", got)
	}
	var le *ledger.Error
	if !errors.As(err, &le) || !strings.Contains(le.Message, "belongs to jeugdwet, not to wmo; valid for wmo in 2026: 6.21, 6.23") {
		t.Errorf("the API's English changed: %v", err)
	}

	// A message without a code still reaches the page, after a lead-in
	// that the page tests look for.
	if got := dutchMessage(ledger.Errorf(ledger.ECONFLICT, "an English sentence")); got != "Dat lukte niet: an English sentence" {
		t.Errorf("without a code: %q", got)
	}
}

// TestDateMessages: a date that is no date gets the form's own question;
// one outside the range names the range in Dutch dates.
func TestDateMessages(t *testing.T) {
	_, err := ledger.ParseDate("gisteren")
	if got := dateMessage(err, "Kies een dag."); got != "Kies een dag." {
		t.Errorf("no date: %q", got)
	}
	_, err = ledger.ParseDate("0001-01-01")
	if got := dateMessage(err, "Kies een dag."); !strings.Contains(got, "kies een dag van 1 januari 2000 tot en met 31 december") {
		t.Errorf("out of range: %q", got)
	}
}
