package ledger

import (
	"time"
	_ "time/tzdata" // the zone database travels in the binary: the service must not depend on the host's
)

// Amsterdam is the time zone in which the ledger's calendar days begin and end.
var Amsterdam = mustLoadLocation("Europe/Amsterdam")

func mustLoadLocation(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// Date is a calendar day without a time of day: a value date, a booking date,
// the day a case got stuck. The zero Date is "no date".
type Date struct {
	t time.Time // midnight UTC of the day
}

// NewDate returns the date year-month-day, normalising overflow as time.Date does.
func NewDate(year int, month time.Month, day int) Date {
	return Date{time.Date(year, month, day, 0, 0, 0, 0, time.UTC)}
}

// DateOf returns the calendar day of t in Amsterdam.
func DateOf(t time.Time) Date {
	y, m, d := t.In(Amsterdam).Date()
	return NewDate(y, m, d)
}

// ParseDate parses an ISO 8601 calendar date ("2026-03-14").
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, Errorf(EINVALID, "%q is not a date; write it as YYYY-MM-DD, for example 2026-03-14", s)
	}
	return Date{t}, nil
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d.t.IsZero() }

// Year returns the year of d.
func (d Date) Year() int { return d.t.Year() }

// Month returns the month of d.
func (d Date) Month() time.Month { return d.t.Month() }

// Day returns the day of the month of d.
func (d Date) Day() int { return d.t.Day() }

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.t.Before(e.t) }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.t.After(e.t) }

// AddDays returns d plus n days (n may be negative).
func (d Date) AddDays(n int) Date { return Date{d.t.AddDate(0, 0, n)} }

// AddMonths returns d plus n months, normalised as time.AddDate does.
func (d Date) AddMonths(n int) Date { return Date{d.t.AddDate(0, n, 0)} }

// DaysUntil returns the number of days from d to e (negative when e is earlier).
func (d Date) DaysUntil(e Date) int { return int(e.t.Sub(d.t) / (24 * time.Hour)) }

// Start returns the moment d begins in Amsterdam.
func (d Date) Start() time.Time {
	return time.Date(d.t.Year(), d.t.Month(), d.t.Day(), 0, 0, 0, 0, Amsterdam)
}

// String formats d as YYYY-MM-DD, or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format(time.DateOnly)
}

// MarshalText writes d as YYYY-MM-DD.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads YYYY-MM-DD; an empty text is the zero Date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}
