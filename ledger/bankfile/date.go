package bankfile

import (
	"time"

	"github.com/ontschot/ontschot/ledger"
)

// day reads a DateAndDateTimeChoice as a calendar day: Dt as it is written
// (an ISODate, which XML Schema lets carry a zone: "2026-10-13+02:00" is
// still the 13th), or the day in Amsterdam of DtTm. A choice with neither
// is the zero Date, or a missing element when required. el names the
// element.
func (p *parser) day(x xDateChoice, pl place, el string, required bool) (ledger.Date, error) {
	if s := trim(x.Dt); s != "" {
		day := s
		if len(s) > 10 && isZone(s[10:]) {
			day = s[:10]
		}
		d, err := ledger.ParseDate(day)
		if err != nil {
			return ledger.Date{}, p.badDate(pl, el, s)
		}
		return d, nil
	}
	if s := trim(x.DtTm); s != "" {
		t, err := p.moment(s, pl, el)
		if err != nil {
			return ledger.Date{}, err
		}
		return ledger.DateOf(t), nil
	}
	if required {
		return ledger.Date{}, p.missingAt(pl, el)
	}
	return ledger.Date{}, nil
}

// span reads a statement's FrDtTm or ToDtTm (end true) as a day. Banks
// mean the boundaries of Dutch days, but write them in any zone, not
// always the one in force (2026-10-23T23:59:59+01:00 in summer time),
// and an end as midnight (2026-10-24T00:00:00, a half-open period). So
// the moment is taken in Amsterdam, and a boundary up to two hours off a
// midnight is that midnight's: an end up to two hours after it ends the
// day before, a start from two hours before it starts the day after.
func (p *parser) span(s string, pl place, el string, end bool) (ledger.Date, error) {
	if trim(s) == "" {
		return ledger.Date{}, p.missingAt(pl, el)
	}
	t, err := p.moment(s, pl, el)
	if err != nil {
		return ledger.Date{}, err
	}
	const slack = 2 * time.Hour
	if end {
		return ledger.DateOf(t.Add(-slack)), nil
	}
	return ledger.DateOf(t.Add(slack)), nil
}

// isZone reports whether s is an XML Schema time zone: "Z" or "±hh:mm".
func isZone(s string) bool {
	if s == "Z" {
		return true
	}
	return len(s) == 6 && (s[0] == '+' || s[0] == '-') && digits(s[1:3]) && s[3] == ':' && digits(s[4:6])
}

// momentLayouts are the ISODateTime forms banks write: with a zone, or
// without one (then local time: Dutch banks mean Dutch time). Fractions of
// a second are read by time.Parse after the seconds in any layout.
var momentLayouts = []string{time.RFC3339, "2006-01-02T15:04:05"}

// moment reads an ISODateTime. Its day must lie in the years the ledger
// takes (ledger.MinYear to ledger.MaxYear).
func (p *parser) moment(s string, pl place, el string) (time.Time, error) {
	s = trim(s)
	for i, layout := range momentLayouts {
		var t time.Time
		var err error
		if i == 0 {
			t, err = time.Parse(layout, s)
		} else {
			t, err = time.ParseInLocation(layout, s, ledger.Amsterdam)
		}
		if err != nil {
			continue
		}
		if y := ledger.DateOf(t).Year(); y < ledger.MinYear || y > ledger.MaxYear {
			return time.Time{}, p.badDate(pl, el, s)
		}
		return t, nil
	}
	return time.Time{}, p.badDate(pl, el, s)
}

// badDate refuses the value s of el as no date.
func (p *parser) badDate(pl place, el, s string) *Error {
	return p.invalid(ProblemDate, pl, el, s,
		"that is no date from 2000 to 2100; dates are written as 2026-10-13 and moments as 2026-10-13T09:30:00+02:00",
		"dat is geen datum van 2000 tot 2100; een datum wordt geschreven als 2026-10-13 en een tijdstip als 2026-10-13T09:30:00+02:00")
}
