package ledger

import (
	"fmt"
	"regexp"
	"strconv"
	"time"
)

// Period is a range of calendar days that finance closes: a month
// ("2026-03") or a quarter ("2026-Q1").
type Period struct {
	Start Date   `json:"start"`
	End   Date   `json:"end"`
	Label string `json:"label"`
}

var (
	monthPattern   = regexp.MustCompile(`^(\d{4})-(\d{2})$`)
	quarterPattern = regexp.MustCompile(`^(\d{4})-Q([1-4])$`)
)

// ParsePeriod parses a month ("2026-03") or a quarter ("2026-Q1") of a year
// from MinYear to MaxYear. Errors: EINVALID, saying how to write a period or
// which years are allowed.
func ParsePeriod(s string) (Period, error) {
	if m := monthPattern.FindStringSubmatch(s); m != nil {
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		if mo >= 1 && mo <= 12 {
			if err := checkYear(s, y); err != nil {
				return Period{}, err
			}
			return Month(y, time.Month(mo)), nil
		}
	}
	if m := quarterPattern.FindStringSubmatch(s); m != nil {
		y, _ := strconv.Atoi(m[1])
		q, _ := strconv.Atoi(m[2])
		if err := checkYear(s, y); err != nil {
			return Period{}, err
		}
		return Quarter(y, q), nil
	}
	return Period{}, NewError(EINVALID, msgNotAPeriod, Quoted(s))
}

// checkYear applies the ledger's range of dates (CheckDateIn) to the year of
// a period or report, with the range in the message.
func checkYear(s string, y int) error {
	if y < MinYear || y > MaxYear {
		return NewError(EINVALID, msgPeriodYears, Quoted(s), MinYear, MaxYear, FirstDate, LastDate)
	}
	return nil
}

// Month returns the period of one calendar month.
func Month(year int, month time.Month) Period {
	start := NewDate(year, month, 1)
	return Period{Start: start, End: start.AddMonths(1).AddDays(-1), Label: fmt.Sprintf("%04d-%02d", year, int(month))}
}

// Quarter returns the period of quarter q (1 to 4) of year.
func Quarter(year, q int) Period {
	start := NewDate(year, time.Month(3*(q-1)+1), 1)
	return Period{Start: start, End: start.AddMonths(3).AddDays(-1), Label: fmt.Sprintf("%04d-Q%d", year, q)}
}

// Contains reports whether d lies in the period.
func (p Period) Contains(d Date) bool { return !d.Before(p.Start) && !d.After(p.End) }

// String returns the label.
func (p Period) String() string { return p.Label }

// ClosedPeriod is a period finance has closed: nothing can be booked with a
// value date inside it, ever again.
type ClosedPeriod struct {
	Period
	ClosedBy   string    `json:"closedBy"`
	ClosedAt   time.Time `json:"closedAt"`
	JournalSeq int64     `json:"journalSeq"`
}

// Covered reports whether closed periods together cover every day of p:
// a quarter is closed when it was closed as a quarter or month by month.
func Covered(p Period, closed []ClosedPeriod) bool {
	for d := p.Start; !d.After(p.End); d = d.AddDays(1) {
		in := false
		for _, cp := range closed {
			if cp.Contains(d) {
				in = true
				break
			}
		}
		if !in {
			return false
		}
	}
	return true
}

// ClosePeriod is finance's request to close a period.
type ClosePeriod struct {
	Period         Period
	IdempotencyKey string
}

// Validate checks that the period has ended by today: an open day cannot be
// closed, or bookings made today would be refused.
func (c *ClosePeriod) Validate(today Date) error {
	var fe fieldErrors
	switch {
	case c.Period.Start.IsZero():
		fe.add("period", msgPeriodRequired)
	case checkYear(c.Period.Label, c.Period.Start.Year()) != nil:
		fe.addErr("period", checkYear(c.Period.Label, c.Period.Start.Year()))
	case !c.Period.End.Before(today):
		fe.add("period", msgPeriodNotEnded, c.Period, c.Period.End, c.Period.End.AddDays(1))
	}
	return fe.err(NounPeriod)
}

// ClosedError is the error for a booking in a closed period.
func ClosedError(d Date, p ClosedPeriod) error {
	return NewError(ECLOSED, msgPeriodClosed, d, p.Period, DateOf(p.ClosedAt))
}

var yearPattern = regexp.MustCompile(`^(\d{4})$`)

// ParseReportPeriod parses the period of a report: a month ("2026-03"), a
// quarter ("2026-Q1") or a whole year ("2026").
func ParseReportPeriod(s string) (Period, error) {
	if m := yearPattern.FindStringSubmatch(s); m != nil {
		y, _ := strconv.Atoi(m[1])
		if err := checkYear(s, y); err != nil {
			return Period{}, err
		}
		start := NewDate(y, time.January, 1)
		return Period{Start: start, End: NewDate(y, time.December, 31), Label: m[1]}, nil
	}
	p, err := ParsePeriod(s)
	if err != nil {
		return Period{}, NewError(EINVALID, msgNotAReportPeriod, Quoted(s))
	}
	return p, nil
}
