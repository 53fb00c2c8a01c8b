package ledger_test

import (
	"testing"
	"time"

	"github.com/ontschot/ontschot/ledger"
)

func TestDateOf(t *testing.T) {
	// 23:30 UTC on 31 March is already 1 April in Amsterdam (summer time).
	got := ledger.DateOf(time.Date(2026, time.March, 31, 23, 30, 0, 0, time.UTC))
	if got.String() != "2026-04-01" {
		t.Fatalf("DateOf = %s; want 2026-04-01 (the day in Amsterdam)", got)
	}
}

func TestParseDate(t *testing.T) {
	d, err := ledger.ParseDate("2026-02-28")
	if err != nil || d.String() != "2026-02-28" || d.AddDays(1).String() != "2026-03-01" {
		t.Fatalf("ParseDate = %v, %v", d, err)
	}
	for _, s := range []string{"2026-02-30", "28-02-2026", "2026-2-28", "", "2026-02-28T00:00:00Z"} {
		if _, err := ledger.ParseDate(s); ledger.ErrorCode(err) != ledger.EINVALID {
			t.Errorf("ParseDate(%q) = %v; want EINVALID", s, err)
		}
	}
}

func TestParsePeriod(t *testing.T) {
	tests := []struct{ in, start, end string }{
		{"2026-02", "2026-02-01", "2026-02-28"},
		{"2024-02", "2024-02-01", "2024-02-29"},
		{"2026-12", "2026-12-01", "2026-12-31"},
		{"2026-Q1", "2026-01-01", "2026-03-31"},
		{"2026-Q4", "2026-10-01", "2026-12-31"},
	}
	for _, tt := range tests {
		p, err := ledger.ParsePeriod(tt.in)
		if err != nil || p.Start.String() != tt.start || p.End.String() != tt.end || p.Label != tt.in {
			t.Errorf("ParsePeriod(%q) = %+v, %v; want %s to %s", tt.in, p, err, tt.start, tt.end)
		}
	}
	for _, in := range []string{"2026-13", "2026-Q5", "2026", "Q1-2026", "2026-q1"} {
		if _, err := ledger.ParsePeriod(in); err == nil {
			t.Errorf("ParsePeriod(%q) accepted", in)
		}
	}
	q := ledger.Quarter(2026, 1)
	if !q.Contains(ledger.NewDate(2026, 3, 31)) || q.Contains(ledger.NewDate(2026, 4, 1)) || !q.Contains(q.Start) {
		t.Errorf("Contains is wrong at the edges of %s", q)
	}
}

func TestNewID(t *testing.T) {
	now := time.Now()
	a, b := ledger.NewID(ledger.PayoutPrefix, now), ledger.NewID(ledger.PayoutPrefix, now.Add(time.Millisecond))
	if !ledger.ValidID(ledger.PayoutPrefix, a) || len(a) != 30 || a == b || a >= b {
		t.Fatalf("NewID = %q, %q; want distinct, valid, time-ordered ids of 30 characters", a, b)
	}
	for _, s := range []string{"", "PAY-", "POT-01ARZ3NDEKTSV4RRFFQ69G5FAV", "PAY-01ARZ3NDEKTSV4RRFFQ69G5FAU0", "PAY-01arz3ndektsv4rrffq69g5fav"} {
		if ledger.ValidID(ledger.PayoutPrefix, s) {
			t.Errorf("ValidID(%q) = true", s)
		}
	}
}

func TestParseReportPeriod(t *testing.T) {
	for in, want := range map[string]string{"2026": "2026-01-01..2026-12-31", "2026-Q3": "2026-07-01..2026-09-30", "2026-02": "2026-02-01..2026-02-28"} {
		p, err := ledger.ParseReportPeriod(in)
		if err != nil || p.Start.String()+".."+p.End.String() != want || p.Label != in {
			t.Errorf("ParseReportPeriod(%q) = %+v, %v; want %s", in, p, err, want)
		}
	}
	for _, bad := range []string{"", "26", "2026-Q5", "2026-13", "Q3-2026"} {
		if _, err := ledger.ParseReportPeriod(bad); ledger.ErrorCode(err) != ledger.EINVALID {
			t.Errorf("ParseReportPeriod(%q) = %v; want EINVALID", bad, err)
		}
	}
}
