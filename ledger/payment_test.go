package ledger_test

import (
	"strings"
	"testing"

	"github.com/ontschot/ontschot/ledger"
)

// TestDebtorAccountNames checks that a pot's account takes the holder's name
// as the municipality officially writes it, keeps it so, and that the
// payment file's form of it is the SEPA transliteration payees get; a name
// with no Latin letters the bank could match stays refused.
func TestDebtorAccountNames(t *testing.T) {
	for _, tt := range []struct{ name, sepa string }{
		{"Gemeente Súdwest-Fryslân", "Gemeente Sudwest-Fryslan"},
		{"Gemeente Noardeast-Fryslân", "Gemeente Noardeast-Fryslan"},
		{"Gemeente  's-Hertogenbosch", "Gemeente 's-Hertogenbosch"},
		{"Gemeente Leeuwarden", "Gemeente Leeuwarden"},
	} {
		d := ledger.DebtorAccount{Name: tt.name, IBAN: "NL11 BNGH 0002 2200 01", BIC: "bnghnl2g", Town: "Sneek", Country: "nl"}
		if err := d.Validate(); err != nil {
			t.Errorf("debtor account %q refused: %v", tt.name, err)
			continue
		}
		if want := strings.Join(strings.Fields(tt.name), " "); d.Name != want {
			t.Errorf("debtor account %q kept as %q; want %q", tt.name, d.Name, want)
		}
		if got := ledger.SEPAText(d.Name); got != tt.sepa {
			t.Errorf("SEPAText(%q) = %q; want %q", d.Name, got, tt.sepa)
		}
	}
	for _, name := range []string{"市政府", "Δήμος"} {
		d := ledger.DebtorAccount{Name: name, IBAN: "NL11BNGH0002220001", BIC: "BNGHNL2G", Town: "Sneek", Country: "NL"}
		if err := d.Validate(); err == nil || !strings.Contains(err.Error()+reasonOf(err), "Latin letters") {
			t.Errorf("debtor account %q = %v; want a refusal asking for Latin letters", name, err)
		}
	}
	// Too few letters is not a matter of script: "X" is a Latin letter.
	for _, name := range []string{"?", "X"} {
		d := ledger.DebtorAccount{Name: name, IBAN: "NL11BNGH0002220001", BIC: "BNGHNL2G", Town: "Sneek", Country: "NL"}
		err := d.Validate()
		if err == nil || !strings.Contains(reasonOf(err), "at least 2 letters") || strings.Contains(reasonOf(err), "Latin") {
			t.Errorf("debtor account %q = %v; want a refusal asking for at least 2 letters", name, err)
		}
	}
}
