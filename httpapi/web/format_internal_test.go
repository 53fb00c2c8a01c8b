package web

import (
	"testing"

	"github.com/ontschot/ontschot/ledger"
)

func TestParseEuro(t *testing.T) {
	for in, want := range map[string]ledger.Cents{
		"125": 125_00, "125,5": 125_50, "125,50": 125_50, "1.250,50": 1250_50, "1250.50": 1250_50, "€ 1.250": 0,
		" € 12 ": 12_00, "1.234.567,89": 1234567_89, "0,01": 1, "12.50": 12_50,
	} {
		got, msg := parseEuro(in)
		if want == 0 {
			if msg == "" {
				t.Errorf("parseEuro(%q) = %s; want it refused", in, got)
			}
			continue
		}
		if msg != "" || got != want {
			t.Errorf("parseEuro(%q) = %s, %q; want %s", in, got, msg, want)
		}
	}
	for _, bad := range []string{"", "abc", "12.500", "1234.567,89", "1.23,00", "12,345", "1,2,3", "-5", "1e3", "12..5"} {
		if _, msg := parseEuro(bad); msg == "" {
			t.Errorf("parseEuro(%q) was accepted", bad)
		}
	}
}

func TestEuro(t *testing.T) {
	for c, want := range map[ledger.Cents]string{0: "€ 0,00", 5: "€ 0,05", 1234567_89: "€ 1.234.567,89", -12_00: "− € 12,00"} {
		if got := euro(c); got != want {
			t.Errorf("euro(%d) = %q; want %q", c, got, want)
		}
	}
	if got := inputAmount(1250_50); got != "1250,50" {
		t.Errorf("inputAmount = %q", got)
	}
}
