package reports_test

import (
	"bytes"
	"encoding/csv"
	"io"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/ledger/sheet"
	"github.com/ontschot/ontschot/reports"
)

// TestCSVDialects writes every CSV document in the Dutch dialect: a byte
// order mark, semicolons, and each cell as in the standard dialect but for
// a number's decimal comma (a text keeps its points: taakveld 6.3, a date).
// The golden files pin the bytes.
func TestCSVDialects(t *testing.T) {
	docs := []struct {
		name  string
		write func(io.Writer, sheet.Dialect) error
		// codes are the columns of codes that look like numbers: the
		// finance view's taakveld (6.3) and economic category (3.4.1),
		// which the Dutch dialect writes as the text formula ="6.3"
		// (sheet.Code), so a spreadsheet keeps their points.
		codes []int
	}{
		{"statement", func(w io.Writer, d sheet.Dialect) error { return reports.StatementCSV(w, fixedStatement(), d) }, nil},
		{"finance", func(w io.Writer, d sheet.Dialect) error { return reports.FinanceViewCSV(w, fixedFinanceView(), d) }, []int{2, 3}},
		{"legitimacy", func(w io.Writer, d sheet.Dialect) error { return reports.LegitimacyCSV(w, fixedLegitimacy(), d) }, nil},
	}
	number := regexp.MustCompile(`^-?[0-9]+\.[0-9]+$`)
	for _, doc := range docs {
		t.Run(doc.name, func(t *testing.T) {
			var std, nl bytes.Buffer
			if err := doc.write(&std, sheet.Standard); err != nil {
				t.Fatal(err)
			}
			if err := doc.write(&nl, sheet.Dutch); err != nil {
				t.Fatal(err)
			}
			golden(t, doc.name+"-nl.csv", nl.Bytes())
			if !strings.HasPrefix(nl.String(), "\ufeff") || strings.HasPrefix(std.String(), "\ufeff") {
				t.Fatal("the Dutch dialect must begin with a byte order mark, the standard one without")
			}
			read := func(b []byte, comma rune) [][]string {
				r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\ufeff"))))
				r.Comma, r.FieldsPerRecord = comma, -1
				recs, err := r.ReadAll()
				if err != nil {
					t.Fatal(err)
				}
				return recs
			}
			s, n := read(std.Bytes(), ','), read(nl.Bytes(), ';')
			if len(s) != len(n) {
				t.Fatalf("%d rows in the standard dialect, %d in the Dutch one", len(s), len(n))
			}
			numbers := 0
			for i := range s {
				if len(s[i]) != len(n[i]) {
					t.Fatalf("row %d: %q in the standard dialect, %q in the Dutch one", i+1, s[i], n[i])
				}
				for j, cell := range s[i] {
					want := cell
					if slices.Contains(doc.codes, j) && sheet.CodeValue(`="`+cell+`"`) == cell {
						want = `="` + cell + `"`
					} else if number.MatchString(cell) {
						want = strings.Replace(cell, ".", ",", 1)
						numbers++
					}
					if n[i][j] != want {
						t.Errorf("row %d, cell %d: %q in the Dutch dialect; want %q (standard %q)", i+1, j+1, n[i][j], want, cell)
					}
				}
			}
			if numbers == 0 {
				t.Error("no decimal number to write with a comma")
			}
		})
	}
}
