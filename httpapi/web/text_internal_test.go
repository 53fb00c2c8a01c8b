package web

import (
	"errors"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/ledger"
)

// TestNameRefusalsInDutch: every reason the ledger gives for a character a
// name or a free text may not hold has a Dutch sentence on the pages.
func TestNameRefusalsInDutch(t *testing.T) {
	for _, in := range []string{"Woonbedrijf \u202eNL", "Woon\u2066bedrijf", "Woonbedrijf\nNoord", "Woonbedrijf\tNoord", "Woon\x07bedrijf", "Woon\u0085bedrijf", "Woon\u2028bedrijf"} {
		n := ledger.NewPartner{Name: in, Kind: ledger.KindHealthInsurer}
		var le *ledger.Error
		if err := n.Validate(); !errors.As(err, &le) || len(le.Fields) != 1 {
			t.Fatalf("%q: %v; want one field error", in, err)
		}
		nl := le.Fields[0].Dutch()
		if nl == "" || strings.Contains(nl, "Klopt niet") {
			t.Errorf("%q: %q has no Dutch sentence", in, le.Fields[0].Reason)
		}
		if strings.Contains(in, "\u202e") && !strings.Contains(nl, "(U+202E)") {
			t.Errorf("%q: %q does not name the character", in, nl)
		}
	}
	// Free text takes line breaks, so its line separator gets its own sentence.
	d := ledger.Decision{PayoutID: "PAY-1", Outcome: ledger.OutcomeReject, Note: "Geen grond\u2028voor maatwerk"}
	var le *ledger.Error
	if err := d.Validate(); !errors.As(err, &le) || len(le.Fields) != 1 {
		t.Fatalf("note: %v", d.Validate())
	}
	if nl := le.Fields[0].Dutch(); !strings.Contains(nl, "regelscheidingsteken") {
		t.Errorf("note: %q", nl)
	}
}
