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

// MinYear and MaxYear bound the years the ledger takes: a pot covers one
// calendar year between them (NewPot.Validate), and every date the ledger
// books, compares or erases by lies in them. A date outside, such as
// 0001-01-01 (a zero value sent by a program) or 9999-12-31 (a "forever"),
// is a mistake: taken as it is, an erasure "before 9999-12-31" would erase
// every closed payee at once.
const (
	MinYear = 2000
	MaxYear = 2100
)

// FirstDate and LastDate are the first and last day the ledger takes.
var (
	FirstDate = NewDate(MinYear, time.January, 1)
	LastDate  = NewDate(MaxYear, time.December, 31)
)

// ParseDate parses an ISO 8601 calendar date ("2026-03-14") from FirstDate to
// LastDate. Every date that enters the ledger as text (API bodies and
// queries, forms, the command line) passes here, so the range is checked at
// the door; the domain's validations narrow it further for each field (a day
// money arrived is not after today). Errors: EINVALID, saying how to write a
// date or which range is allowed.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, NewError(EINVALID, MsgNotADate, Quoted(s))
	}
	// 0001-01-01 is time.Time's zero, which Date reads as "no date": the
	// check runs on the time itself and the message quotes the text.
	if t.Before(FirstDate.t) || t.After(LastDate.t) {
		return Date{}, dateRangeError(s, FirstDate, LastDate)
	}
	return Date{t}, nil
}

// CheckDateIn is the one range rule for dates: it returns nil when d lies
// from from to to (both inclusive, and narrowed to FirstDate..LastDate), and
// otherwise an EINVALID error that names the range allowed, so the person
// who sent 0001-01-01 learns what to send instead.
func CheckDateIn(d, from, to Date) error {
	from, to = clampRange(from, to)
	if d.IsZero() {
		return NewError(EINVALID, msgDateOutOfRange, msgNoDate, from, to)
	}
	if d.Before(from) || d.After(to) {
		return dateRangeError(d, from, to)
	}
	return nil
}

// dateRangeError refuses text, a date as written (a string) or a Date, for
// lying outside from to to.
func dateRangeError(text any, from, to Date) error {
	return NewError(EINVALID, msgDateOutOfRange, text, from, to)
}

// clampRange narrows a range of dates to FirstDate..LastDate, as
// CheckDateIn does, for the messages that name it.
func clampRange(from, to Date) (Date, Date) {
	if from.IsZero() || from.Before(FirstDate) {
		from = FirstDate
	}
	if to.IsZero() || to.After(LastDate) {
		to = LastDate
	}
	return from, to
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
