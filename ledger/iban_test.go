package ledger_test

import (
	"strings"
	"testing"

	"github.com/ontschot/ontschot/ledger"
)

func TestParseIBAN(t *testing.T) {
	valid := []struct{ in, want string }{
		{"NL91ABNA0417164300", "NL91ABNA0417164300"},
		{"NL91 ABNA 0417 1643 00", "NL91ABNA0417164300"},
		{"nl91abna0417164300", "NL91ABNA0417164300"},
		{"NL86INGB0002445588", "NL86INGB0002445588"},
		{"NL11BNGH0002220001", "NL11BNGH0002220001"},
		{"GB82WEST12345698765432", "GB82WEST12345698765432"},
		{"DE89370400440532013000", "DE89370400440532013000"},
		{"BE68539007547034", "BE68539007547034"},
		{"FR1420041010050500013M02606", "FR1420041010050500013M02606"},
		{"NO9386011117947", "NO9386011117947"},
	}
	for _, tt := range valid {
		got, err := ledger.ParseIBAN(tt.in)
		if err != nil || string(got) != tt.want {
			t.Errorf("ParseIBAN(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	invalid := []struct{ in, reason string }{
		{"", "required"},
		{"NL91ABNA0417164301", "check digits"},
		{"NL19ABNA0417164300", "check digits"},
		// Check digits ISO 13616 never issues, on numbers that pass mod 97.
		{"NL00ABNA0000000075", "00 never occurs"},
		{"NL01ABNA0000000057", "01 never occurs"},
		{"NL99ABNA0000000039", "99 never occurs"},
		{"NL91ABNA041716430", "has 18 characters, this one has 17"},
		{"NL91ABNA04171643000", "has 18 characters, this one has 19"},
		{"XX91ABNA0417164300", "not a country"},
		{"NL91ABN10417164300", "has the form AAAA9999999999"},
		{"NL91-ABNA-0417-1643-00", "only letters and digits"},
		{"91NLABNA0417164300", "starts with a country code"},
		{"TR330006100519786457841326", "outside the SEPA area"},
	}
	for _, tt := range invalid {
		_, err := ledger.ParseIBAN(tt.in)
		if err == nil || ledger.ErrorCode(err) != ledger.EINVALID || !strings.Contains(err.Error(), tt.reason) {
			t.Errorf("ParseIBAN(%q) = %v; want an error saying %q", tt.in, err, tt.reason)
		}
	}
}

func TestIBANFormats(t *testing.T) {
	iban, _ := ledger.ParseIBAN("NL91ABNA0417164300")
	if got := iban.String(); got != "NL91 ABNA 0417 1643 00" {
		t.Errorf("String() = %q", got)
	}
	if got := iban.Masked(); got != "NL91 •••• •••• ••43 00" {
		t.Errorf("Masked() = %q", got)
	}
	if iban.Country() != "NL" {
		t.Errorf("Country() = %q", iban.Country())
	}
}

func FuzzParseIBAN(f *testing.F) {
	for _, s := range []string{"NL91ABNA0417164300", "GB82 WEST 1234 5698 7654 32", "NL00", "", "€€"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		iban, err := ledger.ParseIBAN(s)
		if err != nil {
			return
		}
		// An accepted IBAN is normalised, and accepted again as printed.
		again, err := ledger.ParseIBAN(iban.String())
		if err != nil || again != iban || strings.ContainsAny(string(iban), " abcdefghijklmnopqrstuvwxyz") {
			t.Fatalf("ParseIBAN(%q) = %q; printed form %q reparsed as %q, %v", s, iban, iban.String(), again, err)
		}
	})
}

func TestNewIBAN(t *testing.T) {
	got, err := ledger.NewIBAN("NL", "ABNA0417164300")
	if err != nil || got != "NL91ABNA0417164300" {
		t.Fatalf("NewIBAN = %q, %v; want NL91ABNA0417164300", got, err)
	}
	if _, err := ledger.NewIBAN("NL", "ABNA041716430"); err == nil {
		t.Fatalf("NewIBAN with a short account number succeeded")
	}
}

func TestSEPAText(t *testing.T) {
	for in, want := range map[string]string{
		"Café Ölçer & Zn":         "Cafe Olcer + Zn",
		"Łukasz Błaszczykowski":   "Lukasz Blaszczykowski",
		"Đorđe Petrović":          "Dorde Petrovic",
		"Søren Ærø":               "Soren AEro",
		"Taxicentrale Fryslân":    "Taxicentrale Fryslan",
		"Leeuwarden–De Friesland": "Leeuwarden-De Friesland",
		"Иван Петров":             "",
	} {
		if got := ledger.SEPAText(in); got != want {
			t.Errorf("SEPAText(%q) = %q; want %q", in, got, want)
		}
	}
	if ledger.SEPANameOK("Иван Петров") || !ledger.SEPANameOK("Jo") || ledger.SEPANameOK("☺ ☺") {
		t.Error("SEPANameOK does not tell Latin names from others")
	}
	// A name is taken whole or not at all: no letter may be dropped from
	// the payment file. Ligatures and compatibility letters are written out.
	if ledger.SEPANameOK("Ω Ωmega") || ledger.SEPANameOK("Jan Иванов") {
		t.Error("a name with letters the payment file cannot carry is accepted")
	}
	if !ledger.SEPANameOK("Ǆemal Ĳsselmeer") || ledger.SEPAText("Ǆemal Ĳsselmeer") != "DZemal IJsselmeer" || ledger.SEPAText("ﬁets") != "fiets" {
		t.Errorf("SEPAText(Ǆemal Ĳsselmeer) = %q; want the letters written out", ledger.SEPAText("Ǆemal Ĳsselmeer"))
	}
}
