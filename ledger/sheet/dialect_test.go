package sheet_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ontschot/ontschot/ledger/sheet"
)

// writeIn writes rows of cells in a dialect.
func writeIn(t testing.TB, d sheet.Dialect, rows ...[]sheet.Cell) string {
	t.Helper()
	var b bytes.Buffer
	w := sheet.NewDialectWriter(&b, d)
	for _, r := range rows {
		w.Row(r...)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestDutchDialect: the Dutch dialect is what a spreadsheet in a Dutch
// locale reads: a byte order mark, semicolons, decimal commas; a text that
// holds a semicolon or a comma is quoted, a formula is guarded as in the
// standard dialect, and counts stay as they are.
func TestDutchDialect(t *testing.T) {
	row := []sheet.Cell{sheet.Text("Huurachterstand, Leeuwarden"), sheet.Int(1342), sheet.Number("-86777.18"), sheet.Number("0.1798"),
		sheet.Text("a;b"), sheet.Text("=1+1"), sheet.Text("6.21"), sheet.Empty, sheet.Number("12,50")}
	got := writeIn(t, sheet.Dutch, []sheet.Cell{sheet.Text("sectie"), sheet.Text("€ ë")}, row)
	want := "\ufeffsectie;€ ë\n" + `"Huurachterstand, Leeuwarden";1342;-86777,18;0,1798;"a;b";"'=1+1";6.21;;"12,50"` + "\n"
	if got != want {
		t.Fatalf("the Dutch dialect writes\n%q\nwant\n%q", got, want)
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(got, "\ufeff")))
	r.Comma = ';'
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 2 || len(recs[1]) != len(row) || recs[1][0] != "Huurachterstand, Leeuwarden" || recs[1][4] != "a;b" {
		t.Fatalf("reads back as %q", recs)
	}
	// The standard dialect is what it always was.
	std := writeIn(t, sheet.Standard, row)
	if want := `"Huurachterstand, Leeuwarden",1342,-86777.18,0.1798,a;b,"'=1+1",6.21,,"12,50"` + "\n"; std != want {
		t.Fatalf("the standard dialect writes\n%q\nwant\n%q", std, want)
	}
	if std != writeIn(t, sheet.Dialect(0), row) {
		t.Fatal("the zero Dialect is not the standard one")
	}
}

// TestParseDialect: the names the API takes.
func TestParseDialect(t *testing.T) {
	for _, d := range sheet.Dialects {
		if got, ok := sheet.ParseDialect(d.String()); !ok || got != d {
			t.Errorf("ParseDialect(%q) = %v, %v", d.String(), got, ok)
		}
	}
	if d, ok := sheet.ParseDialect(""); !ok || d != sheet.Standard {
		t.Error(`ParseDialect("") is not the standard dialect`)
	}
	for _, bad := range []string{"nl", "Dutch", "excel", ";"} {
		if _, ok := sheet.ParseDialect(bad); ok {
			t.Errorf("ParseDialect(%q) is a dialect", bad)
		}
	}
}

// TestReader: a file is read in the separator of its first line, with or
// without a byte order mark, in UTF-8 or Windows-1252; a separator inside
// a quoted header field does not count.
func TestReader(t *testing.T) {
	tests := []struct {
		name, in string
		comma    rune
		want     [][]string
	}{
		{"comma", "code,name\n6.1,Samenkracht; burgerparticipatie\n", ',', [][]string{{"code", "name"}, {"6.1", "Samenkracht; burgerparticipatie"}}},
		{"semicolon, as Excel in Dutch saves", "code;name\r\n6.1;Samenkracht, burgerparticipatie\r\n", ';', [][]string{{"code", "name"}, {"6.1", "Samenkracht, burgerparticipatie"}}},
		{"byte order mark", "\ufeffcode;name\n6.1;x\n", ';', [][]string{{"code", "name"}, {"6.1", "x"}}},
		{"byte order mark before a quote", "\ufeff\"code\",\"name\"\n6.1,x\n", ',', [][]string{{"code", "name"}, {"6.1", "x"}}},
		{"separators in quotes", "\"a;b;c\",d\n1,2\n", ',', [][]string{{"a;b;c", "d"}, {"1", "2"}}},
		{"one field", "code\n6.1\n", ',', [][]string{{"code"}, {"6.1"}}},
		{"Windows-1252", "code;name\n6.1;Co\xebrdinatie \x80\n", ';', [][]string{{"code", "name"}, {"6.1", "Coërdinatie €"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := sheet.NewReader(strings.NewReader(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if r.Comma != tt.comma || (r.Dialect == sheet.Dutch) != (tt.comma == ';') {
				t.Errorf("separator %q, dialect %v; want %q", r.Comma, r.Dialect, tt.comma)
			}
			got, err := r.ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("read %q; want %q", got, tt.want)
			}
			for i := range got {
				if strings.Join(got[i], "|") != strings.Join(tt.want[i], "|") {
					t.Errorf("row %d is %q; want %q", i, got[i], tt.want[i])
				}
			}
			if r.Windows1252 != strings.Contains(tt.name, "1252") {
				t.Errorf("Windows1252 = %v", r.Windows1252)
			}
		})
	}
}

// FuzzDialects: any row written in either dialect reads back through
// Reader as it was (a formula with its guard), with the number in the
// dialect's decimal sign.
func FuzzDialects(f *testing.F) {
	for _, s := range []string{"", "Elkien", "a,b", "a;b", "\"", "=1", "x\ny", "€ ë", " lead"} {
		f.Add(s, "-12.50")
	}
	f.Fuzz(func(t *testing.T, s, n string) {
		if !utf8.ValidString(s) || !utf8.ValidString(n) {
			t.Skip("the Reader reads a file that is not UTF-8 as Windows-1252")
		}
		for _, d := range sheet.Dialects {
			// A header line of two plain fields, as every file of the
			// product has, so the separator can be read from it.
			out := writeIn(t, d, []sheet.Cell{sheet.Text("a"), sheet.Text("b"), sheet.Text("c")}, []sheet.Cell{sheet.Text(s), sheet.Number(n), sheet.Text("eind")})
			r, err := sheet.NewReader(strings.NewReader(out))
			if err != nil {
				t.Fatal(err)
			}
			r.FieldsPerRecord = 3
			recs, err := r.ReadAll()
			if err != nil || len(recs) != 2 {
				t.Fatalf("%v: %q reads back as %q, %v", d, out, recs, err)
			}
			if r.Dialect != d {
				t.Fatalf("%q is read as %v; it is %v", out, r.Dialect, d)
			}
			norm := func(s string) string { return strings.ReplaceAll(s, "\r\n", "\n") }
			if !sheet.LooksLikeFormula(s) && norm(recs[1][0]) != norm(s) {
				t.Fatalf("%v: %q reads back as %q", d, s, recs[1][0])
			}
			if recs[1][2] != "eind" {
				t.Fatalf("%v: the row reads back as %q", d, recs[1])
			}
		}
	})
}

// TestCodes: a code of numbers and dots is text a Dutch spreadsheet would
// read as a number (6.751 as 6751), so the Dutch dialect writes it as the
// constant text formula ="6.751" and CodeValue reads that back; anything
// that is not such a code is ordinary guarded text, so no other formula
// passes as a code.
func TestCodes(t *testing.T) {
	row := []sheet.Cell{sheet.Code("6.751"), sheet.Code("4.3.1"), sheet.Code("0"), sheet.Code("=1+1"), sheet.Code("6..1"), sheet.Code("6.1\"")}
	got := writeIn(t, sheet.Dutch, row)
	want := "\ufeff" + `"=""6.751""";"=""4.3.1""";"=""0""";"'=1+1";6..1;"6.1"""` + "\n"
	if got != want {
		t.Fatalf("the Dutch dialect writes codes as\n%q\nwant\n%q", got, want)
	}
	if std := writeIn(t, sheet.Standard, row); std != `6.751,4.3.1,0,"'=1+1",6..1,"6.1"""`+"\n" {
		t.Fatalf("the standard dialect writes codes as %q", std)
	}
	r, err := sheet.NewReader(strings.NewReader(got))
	if err != nil {
		t.Fatal(err)
	}
	rec, err := r.Read()
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []string{"6.751", "4.3.1", "0", "'=1+1", "6..1", "6.1\""} {
		if v := sheet.CodeValue(rec[i]); v != want {
			t.Errorf("field %d %q reads back as %q, want %q", i, rec[i], v, want)
		}
	}
	for _, s := range []string{`="=1+1"`, `="6.1`, `=6.1`, `="6.1"x`} {
		if v := sheet.CodeValue(s); v != s {
			t.Errorf("CodeValue(%q) = %q; only a plain code is unwrapped", s, v)
		}
	}
}
