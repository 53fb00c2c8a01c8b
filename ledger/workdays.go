package ledger

import "time"

// Working days are the days a municipality's staff can act on a request:
// Monday to Friday, except the public holidays on which the CAO Gemeenten
// gives them the day off. Reminders and escalations count in them ("a
// decision has waited 2 working days"), so a request filed on the Friday
// before Easter is not "late" on Tuesday.
//
// The holidays are those of the CAO Gemeenten (the collective agreement of
// municipal staff, chapter 6, "feestdagen"): Nieuwjaarsdag, Goede Vrijdag,
// Eerste en Tweede Paasdag, Koningsdag, Bevrijdingsdag, Hemelvaartsdag,
// Eerste en Tweede Pinksterdag, Eerste en Tweede Kerstdag.
//
//   - Bevrijdingsdag (5 May) counts every year, not only in lustrum years
//     (2025, 2030, 2035) as in most private-sector agreements: since the CAO
//     Gemeenten 2023 (article 6.6, in force from 2024) 5 May is a paid day off
//     for every municipal employee every year, as it already was for the
//     national government's staff. Before 2024 each municipality chose, which
//     is one reason the table starts in 2024.
//   - Koningsdag is 27 April, or 26 April when the 27th is a Sunday (the rule
//     since 2014, when Koninginnedag on 30 April ended).
//   - Easter Sunday is computed with the anonymous Gregorian algorithm (Meeus,
//     Astronomical Algorithms, ch. 8; also known as the Meeus/Jones/Butcher
//     algorithm); Goede Vrijdag is two days before it, Hemelvaartsdag 39 days
//     after, Pinksteren 49 and 50 days after. The tests compare it with the
//     published Easter dates for 2024–2035.
//
// The table covers FirstHolidayYear to LastHolidayYear. Outside those years
// no day is a holiday and only Saturdays and Sundays are days off: the rules
// above were checked for these years only (5 May before 2024 differed per
// municipality; an agreement after 2035 may change the list). Extend the
// range, and the tests, when a new agreement has been read.

// FirstHolidayYear and LastHolidayYear bound the years whose public holidays
// the ledger knows; see Holiday.
const (
	FirstHolidayYear = 2024
	LastHolidayYear  = 2035
)

// holidays maps each public holiday from FirstHolidayYear to LastHolidayYear
// to its Dutch name. It is built once and only read afterwards, so it is safe
// for concurrent use.
var holidays = buildHolidays(FirstHolidayYear, LastHolidayYear)

// buildHolidays lists the holidays of the years from first to last (both
// inclusive) by the rules in the comment above.
func buildHolidays(first, last int) map[Date]string {
	m := make(map[Date]string, (last-first+1)*12)
	for y := first; y <= last; y++ {
		easter := EasterSunday(y)
		koningsdag := NewDate(y, time.April, 27)
		if weekday(koningsdag) == time.Sunday {
			koningsdag = NewDate(y, time.April, 26)
		}
		for d, name := range map[Date]string{
			NewDate(y, time.January, 1):   "Nieuwjaarsdag",
			easter.AddDays(-2):            "Goede Vrijdag",
			easter:                        "Eerste Paasdag",
			easter.AddDays(1):             "Tweede Paasdag",
			koningsdag:                    "Koningsdag",
			NewDate(y, time.May, 5):       "Bevrijdingsdag",
			easter.AddDays(39):            "Hemelvaartsdag",
			easter.AddDays(49):            "Eerste Pinksterdag",
			easter.AddDays(50):            "Tweede Pinksterdag",
			NewDate(y, time.December, 25): "Eerste Kerstdag",
			NewDate(y, time.December, 26): "Tweede Kerstdag",
		} {
			// Two holidays can share a day (Hemelvaartsdag fell on
			// 5 May in 2016): the first name in alphabetical order
			// is kept, so the name does not depend on map order.
			if prev, ok := m[d]; ok && prev < name {
				continue
			}
			m[d] = name
		}
	}
	return m
}

// EasterSunday returns the date of Easter Sunday (Eerste Paasdag) in the
// Gregorian calendar of year y, by the anonymous Gregorian algorithm (Meeus,
// Astronomical Algorithms, 2nd ed., ch. 8), valid for every year from 1583.
func EasterSunday(y int) Date {
	a := y % 19
	b, c := y/100, y%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return NewDate(y, time.Month(month), day)
}

// weekday returns the day of the week of d.
func weekday(d Date) time.Weekday {
	return time.Date(d.Year(), d.Month(), d.Day(), 12, 0, 0, 0, time.UTC).Weekday()
}

// Holiday returns the Dutch name of the public holiday on d ("Tweede
// Paasdag") and true, or "" and false when d is no holiday. Only the years
// FirstHolidayYear to LastHolidayYear have holidays; see the comment on the
// rules at the top of this file for the list and its source.
func Holiday(d Date) (name string, ok bool) {
	name, ok = holidays[d]
	return name, ok
}

// IsWorkingDay reports whether d is a working day: not a Saturday, a Sunday
// or a public holiday (Holiday). The zero Date is no working day.
func IsWorkingDay(d Date) bool {
	if d.IsZero() {
		return false
	}
	switch weekday(d) {
	case time.Saturday, time.Sunday:
		return false
	}
	_, holiday := holidays[d]
	return !holiday
}

// AddWorkingDays returns the n-th working day after d (n > 0), or the n-th
// working day before d (n < 0); d itself is never counted, so
// AddWorkingDays(friday, 1) is the next Monday when that is a working day.
// With n == 0 it returns d unchanged, working day or not.
func AddWorkingDays(d Date, n int) Date {
	step := 1
	if n < 0 {
		step, n = -1, -n
	}
	for n > 0 {
		d = d.AddDays(step)
		if IsWorkingDay(d) {
			n--
		}
	}
	return d
}

// WorkingDaysBetween returns the number of working days after from up to and
// including to: how many working days a request received on from has waited
// on to. It is 0 when to is not after from or either is the zero Date, and WorkingDaysBetween(d,
// AddWorkingDays(d, n)) == n for every n >= 0.
func WorkingDaysBetween(from, to Date) int {
	if from.IsZero() || to.IsZero() {
		return 0
	}
	n := 0
	for d := from.AddDays(1); !d.After(to); d = d.AddDays(1) {
		if IsWorkingDay(d) {
			n++
		}
	}
	return n
}
