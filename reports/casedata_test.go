package reports_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/sheet"
	"github.com/ontschot/ontschot/reports"
)

// TestLegitimacyFor checks the legitimacy report as each reader gets it:
// the severity and the rules of an exception only for who sees its case,
// in every form; the figures for everyone.
func TestLegitimacyFor(t *testing.T) {
	d := newDataset(t)
	b := &reports.Builder{Store: d.store, Now: d.clock.Now}
	l, err := b.Legitimacy(context.Background(), d.pot.ID, ledger.Quarter(2026, 1))
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Exceptions) == 0 || l.Exceptions[0].Severity == 0 || len(l.Exceptions[0].DeviatesFrom) == 0 {
		t.Fatalf("the report has no weighing to hide: %+v", l.Exceptions)
	}
	rules := l.Exceptions[0].DeviatesFrom[0]
	for _, tc := range []struct {
		reader ledger.Actor
		sees   bool
	}{
		{caseworker, true},
		{ledger.Actor{User: "anna", Role: ledger.RoleAuditor}, true},
		{ledger.Actor{User: "mia", Role: ledger.RoleManager}, true},
		{ledger.Actor{User: "kees", Role: ledger.RoleCaseworker}, false},
		{ledger.Actor{User: "beheer", Role: ledger.RoleAdmin}, false},
	} {
		got := l.For(tc.reader)
		if got.Requests != l.Requests || got.WeighingComplete != l.WeighingComplete || len(got.Exceptions) != len(l.Exceptions) {
			t.Errorf("%s: the figures changed: %+v", tc.reader.Role, got)
		}
		var js, cs bytes.Buffer
		if err := json.NewEncoder(&js).Encode(got); err != nil {
			t.Fatal(err)
		}
		if err := reports.LegitimacyCSV(&cs, got, sheet.Standard); err != nil {
			t.Fatal(err)
		}
		var pdf bytes.Buffer
		texts, err := reports.LegitimacyPDFUncompressed(&pdf, got)
		if err != nil {
			t.Fatal(err)
		}
		inJSON := strings.Contains(js.String(), `"severity"`) || strings.Contains(js.String(), rules)
		inCSV := strings.Contains(cs.String(), rules) || filledColumn(t, cs.Bytes(), "ernst")
		if inJSON != tc.sees || inCSV != tc.sees {
			t.Errorf("%s (%s), who sees the case: %v, reads the weighing in JSON %v, in CSV %v", tc.reader.User, tc.reader.Role, tc.sees, inJSON, inCSV)
		}
		// The PDF shows the rules as far as the reader may see them, as
		// the JSON and the CSV do.
		if inPDF := containsText(pdf.Bytes(), rules) || strings.Contains(strings.Join(texts, "\n"), rules); inPDF != tc.sees {
			t.Errorf("%s (%s), who sees the case: %v, reads the rules in the PDF: %v", tc.reader.User, tc.reader.Role, tc.sees, inPDF)
		}
		for i, x := range got.Exceptions {
			if x.Redacted == tc.sees || len(x.Findings) != len(l.Exceptions[i].Findings) {
				t.Errorf("%s: exception %s = %+v", tc.reader.Role, x.PayoutID, x)
			}
		}
	}
	if l.Exceptions[0].Severity == 0 {
		t.Errorf("For changed the original report")
	}
}

// filledColumn reports whether any row under the header cell name has a
// value in that column.
func filledColumn(t *testing.T, b []byte, name string) bool {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(b))
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := -1
	for _, row := range rows {
		for i, c := range row {
			if c == name {
				col = i
			}
		}
		if col >= 0 && col < len(row) && row[col] != name && strings.TrimSpace(row[col]) != "" {
			return true
		}
	}
	return false
}
