package reports_test

import (
	"testing"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/reports"
)

func TestStatementFileName(t *testing.T) {
	q3, err := ledger.ParsePeriod("2026-Q3")
	if err != nil {
		t.Fatal(err)
	}
	insurer := &ledger.Partner{Name: "De Friesland"}
	tests := []struct {
		name      string
		potYear   int
		recipient *ledger.Partner
		want      string
	}{
		{"Municipality", 2026, nil, "verantwoording-doorbraakfonds-leeuwarden-2026-Q3"},
		{"Partner", 2026, insurer, "verantwoording-doorbraakfonds-leeuwarden-2026-Q3-de-friesland"},
		{"PotOfAnotherYear", 2025, insurer, "verantwoording-doorbraakfonds-leeuwarden-2025-2026-Q3-de-friesland"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := &reports.Statement{Pot: reports.StatementPot{Name: "Doorbraakfonds Leeuwarden", Year: tt.potYear}, Period: q3, Recipient: tt.recipient}
			if got := st.FileName(); got != tt.want {
				t.Fatalf("FileName() = %q; want %q", got, tt.want)
			}
		})
	}
}
