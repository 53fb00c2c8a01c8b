package ledger_test

import (
	"errors"
	"strings"
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

// TestDatesOutsideTheRange checks the one range rule for dates: text outside
// FirstDate..LastDate is refused at the door with the range in the message,
// and the domain's narrower ranges say theirs.
func TestDatesOutsideTheRange(t *testing.T) {
	for _, s := range []string{"0001-01-01", "1999-12-31", "2101-01-01", "9999-12-31"} {
		_, err := ledger.ParseDate(s)
		if ledger.ErrorCode(err) != ledger.EINVALID || !strings.Contains(err.Error(), "give a date from 2000-01-01 to 2100-12-31") || !strings.Contains(err.Error(), s) {
			t.Errorf("ParseDate(%q) = %v; want a refusal naming the range 2000-01-01 to 2100-12-31", s, err)
		}
	}
	for _, s := range []string{"2000-01-01", "2100-12-31"} {
		if d, err := ledger.ParseDate(s); err != nil || d.String() != s {
			t.Errorf("ParseDate(%q) = %v, %v; the ends of the range are allowed", s, d, err)
		}
	}
	for _, s := range []string{"0001-03", "1999-Q4", "2101-01"} {
		if _, err := ledger.ParsePeriod(s); err == nil || !strings.Contains(err.Error(), "2000 to 2100") {
			t.Errorf("ParsePeriod(%q) = %v; want a refusal naming the years allowed", s, err)
		}
	}
	if _, err := ledger.ParseReportPeriod("0001"); err == nil || !strings.Contains(err.Error(), "2000 to 2100") {
		t.Errorf("ParseReportPeriod(0001) = %v; want a refusal naming the years allowed", err)
	}
	today := ledger.NewDate(2026, time.March, 10)
	if err := ledger.CheckDateIn(ledger.NewDate(2026, time.March, 11), ledger.Date{}, today); err == nil || err.Error() != "2026-03-11 is outside the dates allowed here; give a date from 2000-01-01 to 2026-03-10" {
		t.Errorf("CheckDateIn(tomorrow, up to today) = %v", err)
	}
	if err := ledger.CheckDateIn(ledger.Date{}, ledger.Date{}, today); err == nil {
		t.Error("CheckDateIn(no date) = nil")
	}
}

// TestDomainDatesSayTheirRange sends dates outside the range to every
// validation that takes a date: each names its field and the range allowed.
func TestDomainDatesSayTheirRange(t *testing.T) {
	today := ledger.NewDate(2026, time.March, 10)
	early, late := ledger.NewDate(1999, time.December, 31), ledger.NewDate(2027, time.January, 1)
	reason := func(err error, field string) string {
		var le *ledger.Error
		if errors.As(err, &le) {
			for _, f := range le.Fields {
				if f.Field == field {
					return f.Reason
				}
			}
		}
		return ""
	}
	for _, d := range []ledger.Date{early, late} {
		c := ledger.NewContribution{PotID: "POT-x", PartnerID: "PRT-x", Amount: 1_00, ValueDate: d, Reference: "x"}
		s := ledger.Settlement{Amount: 1_00, ValueDate: d, Reference: "x"}
		r := ledger.PayoutRequest{Justification: ledger.Justification{StuckSince: d}}
		checks := []struct {
			name, field string
			err         error
			want        string
		}{
			{"contribution", "valueDate", c.Validate(today), "a date from 2000-01-01 to 2026-03-10"},
			{"settlement", "valueDate", s.Validate(today), "a date from 2000-01-01 to 2026-03-10"},
			{"stuck since", "justification.stuckSince", r.Validate(today), "a date from 2006-03-10 to 2026-03-10"},
			{"erasure", "before", ledger.CheckErasure(d, today), "a date from 2000-01-01 to 2026-03-10"},
		}
		for _, tt := range checks {
			if got := reason(tt.err, tt.field); !strings.Contains(got, tt.want) {
				t.Errorf("%s on %s: %s = %q (%v); want it to say %q", tt.name, d, tt.field, got, tt.err, tt.want)
			}
		}
	}
	cp := ledger.ClosePeriod{Period: ledger.Month(1999, time.March)}
	if err := cp.Validate(today); !strings.Contains(ledger.ErrorMessage(err)+reasonOf(err), "2000 to 2100") {
		t.Errorf("closing 1999-03 = %v; want the years allowed", err)
	}
	if err := ledger.CheckErasure(ledger.Date{}, today); reason(err, "before") == "" {
		t.Errorf("an erasure without a date = %v; want a field error on before", err)
	}
	if err := ledger.CheckErasure(ledger.NewDate(2020, time.January, 1), today); err != nil {
		t.Errorf("an erasure before 2020-01-01 = %v", err)
	}
}

// reasonOf joins the reasons of a domain error's fields.
func reasonOf(err error) string {
	var le *ledger.Error
	if !errors.As(err, &le) {
		return ""
	}
	var s []string
	for _, f := range le.Fields {
		s = append(s, f.Reason)
	}
	return strings.Join(s, "; ")
}
