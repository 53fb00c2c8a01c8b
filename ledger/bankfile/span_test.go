package bankfile_test

import (
	"strings"
	"testing"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/bankfile"
)

// TestStatementDays: a statement's FrToDt is read as the days the bank
// wrote, in its own zone: an end of 23:59:59 in winter time on the
// 23rd is the 23rd (though it is the 24th in Amsterdam's summer time), and
// an end at midnight exactly (a half-open period) is the day before; a
// period written in UTC is of the Dutch days it bounds.
func TestStatementDays(t *testing.T) {
	for _, tc := range []struct {
		from, to         string
		wantFrom, wantTo ledger.Date
	}{
		{"2026-10-23T00:00:00+02:00", "2026-10-23T23:59:59+01:00", ledger.NewDate(2026, 10, 23), ledger.NewDate(2026, 10, 23)},
		{"2026-10-23T00:00:00", "2026-10-24T00:00:00", ledger.NewDate(2026, 10, 23), ledger.NewDate(2026, 10, 23)},
		{"2026-10-22T22:00:00Z", "2026-10-23T21:59:59Z", ledger.NewDate(2026, 10, 23), ledger.NewDate(2026, 10, 23)},
		{"2026-10-23T00:00:00+01:00", "2026-10-23T23:59:59", ledger.NewDate(2026, 10, 23), ledger.NewDate(2026, 10, 23)},
		{"2026-10-01T00:00:00+02:00", "2026-10-31T23:59:59+01:00", ledger.NewDate(2026, 10, 1), ledger.NewDate(2026, 10, 31)},
	} {
		raw := strings.Replace(stmt("", "", ""), "<Id>S1</Id>", "<Id>S1</Id><FrToDt><FrDtTm>"+tc.from+"</FrDtTm><ToDtTm>"+tc.to+"</ToDtTm></FrToDt>", 1)
		f, err := bankfile.Read(strings.NewReader(raw))
		if err != nil {
			t.Fatalf("%s to %s: %v", tc.from, tc.to, err)
		}
		if st := f.Statements[0]; st.From != tc.wantFrom || st.To != tc.wantTo {
			t.Errorf("%s to %s: the days %s to %s; want %s to %s", tc.from, tc.to, st.From, st.To, tc.wantFrom, tc.wantTo)
		}
	}
}
