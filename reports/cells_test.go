package reports_test

import (
	"bytes"
	"strings"
	"testing"

	"codeberg.org/go-fonts/liberation/liberationsansbold"
	"codeberg.org/go-fonts/liberation/liberationsansregular"
	"codeberg.org/go-pdf/fpdf"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/reports"
)

// TestNoCellCutOff draws every report, as the golden files have it and
// with the longest texts its cells can hold (a law's full name, a pot's
// and a party's long names, a caseworker's long rule), and holds every
// table cell to two things: its lines, put together, are its whole text
// (nothing cut off, no "…"), and each line fits the room the cell has for
// text, measured here in the documents' font, so nothing runs into the next
// column either.
func TestNoCellCutOff(t *testing.T) {
	long := "Stichting Maatschappelijke Opvang en Beschermd Wonen Noord-Nederland, afdeling Leeuwarden-Oost"
	word := "Maatschappelijkeopvangenbeschermdwonenvoorzieningnoordnederlandleeuwarden"
	for _, tc := range []struct {
		name string
		draw func(*bytes.Buffer) ([]reports.DrawnCell, error)
	}{
		{"statement", func(b *bytes.Buffer) ([]reports.DrawnCell, error) {
			return reports.StatementPDFCells(b, fixedStatement())
		}},
		{"long statement", func(b *bytes.Buffer) ([]reports.DrawnCell, error) {
			s := fixedStatement()
			s.Funding[0].Partner = long
			s.Categories[0].Label = long
			s.Recovered[1].Source = word
			s.Receivables[0].Party = long + " " + word
			s.Payouts = -1_234_567_89
			return reports.StatementPDFCells(b, s)
		}},
		{"finance view", func(b *bytes.Buffer) ([]reports.DrawnCell, error) {
			return reports.FinanceViewPDFCells(b, fixedFinanceView())
		}},
		{"long finance view", func(b *bytes.Buffer) ([]reports.DrawnCell, error) {
			v := fixedFinanceView()
			v.Lines[4].TaakveldName = long
			v.Parties[0].Party = long
			v.Receivables[0].Party = word
			v.Unallocated[0].Band = word
			return reports.FinanceViewPDFCells(b, v)
		}},
		{"legitimacy report", func(b *bytes.Buffer) ([]reports.DrawnCell, error) {
			return reports.LegitimacyPDFCells(b, fixedLegitimacy())
		}},
		{"long legitimacy report", func(b *bytes.Buffer) ([]reports.DrawnCell, error) {
			l := fixedLegitimacy()
			l.Exceptions[0].CategoryLabel = long
			l.Exceptions[0].DeviatesFrom = []string{long, word}
			l.Exceptions[1].Findings = []string{"besluit na 19 dagen", "eigen aanvraag beslist", "buiten mandaat", "weging onvolledig"}
			l.Exceptions[2] = l.Exceptions[2].For(ledger.Actor{User: "beheer", Role: ledger.RoleAdmin})
			return reports.LegitimacyPDFCells(b, l)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var pdf bytes.Buffer
			cells, err := tc.draw(&pdf)
			if err != nil {
				t.Fatal(err)
			}
			if len(cells) < 10 {
				t.Fatalf("only %d table cells drawn", len(cells))
			}
			for _, c := range cells {
				if got, want := squeeze(strings.Join(c.Lines, "")), squeeze(c.Text); got != want {
					t.Errorf("the cell %q is drawn as %q: its text is cut off", c.Text, c.Lines)
				}
				for _, line := range c.Lines {
					if w := width(t, line, c.Size, c.Bold); w > c.Room+0.01 {
						t.Errorf("the line %q of the cell %q is %.1f mm wide; its cell has room for %.1f mm", line, c.Text, w, c.Room)
					}
				}
			}
		})
	}
}

// squeeze drops the white space a line break takes.
func squeeze(s string) string { return strings.Join(strings.Fields(s), "") }

var measure *fpdf.Fpdf

// width measures s in the documents' font (Liberation Sans) at size
// points, in millimetres.
func width(t *testing.T, s string, size float64, bold bool) float64 {
	t.Helper()
	if measure == nil {
		measure = fpdf.New("P", "mm", "A4", "")
		measure.AddUTF8FontFromBytes("sans", "", liberationsansregular.TTF)
		measure.AddUTF8FontFromBytes("sans", "B", liberationsansbold.TTF)
		measure.AddPage()
	}
	style := ""
	if bold {
		style = "B"
	}
	measure.SetFont("sans", style, size)
	if err := measure.Error(); err != nil {
		t.Fatal(err)
	}
	return measure.GetStringWidth(s)
}
