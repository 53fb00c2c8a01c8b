package ledger_test

import (
	"testing"
	"time"

	"github.com/ontschot/ontschot/ledger"
)

func ymd(y int, m time.Month, d int) ledger.Date { return ledger.NewDate(y, m, d) }

// The dates of Easter Sunday for 2024–2035 as published in the US Naval
// Observatory's table "The Date of Easter" (Astronomical Applications
// Department), which also lists them by the Gregorian rule; written out here
// by hand, not computed, so the algorithm is checked against them.
var easterSundays = map[int]ledger.Date{
	2024: ymd(2024, time.March, 31),
	2025: ymd(2025, time.April, 20),
	2026: ymd(2026, time.April, 5),
	2027: ymd(2027, time.March, 28),
	2028: ymd(2028, time.April, 16),
	2029: ymd(2029, time.April, 1),
	2030: ymd(2030, time.April, 21),
	2031: ymd(2031, time.April, 13),
	2032: ymd(2032, time.March, 28),
	2033: ymd(2033, time.April, 17),
	2034: ymd(2034, time.April, 9),
	2035: ymd(2035, time.March, 25),
}

func TestEasterSunday(t *testing.T) {
	for y := ledger.FirstHolidayYear; y <= ledger.LastHolidayYear; y++ {
		want, ok := easterSundays[y]
		if !ok {
			t.Fatalf("no published Easter date for %d in the test's table", y)
		}
		if got := ledger.EasterSunday(y); got != want {
			t.Errorf("EasterSunday(%d) = %s; want %s", y, got, want)
		}
		if name, ok := ledger.Holiday(want); !ok || name != "Eerste Paasdag" {
			t.Errorf("Holiday(%s) = %q, %v; want Eerste Paasdag", want, name, ok)
		}
	}
}

func TestHoliday(t *testing.T) {
	t.Run("2026", func(t *testing.T) {
		// The public holidays of 2026 as the CAO Gemeenten counts them,
		// Bevrijdingsdag included although 2026 is no lustrum year.
		want := map[ledger.Date]string{
			ymd(2026, time.January, 1):   "Nieuwjaarsdag",
			ymd(2026, time.April, 3):     "Goede Vrijdag",
			ymd(2026, time.April, 5):     "Eerste Paasdag",
			ymd(2026, time.April, 6):     "Tweede Paasdag",
			ymd(2026, time.April, 27):    "Koningsdag",
			ymd(2026, time.May, 5):       "Bevrijdingsdag",
			ymd(2026, time.May, 14):      "Hemelvaartsdag",
			ymd(2026, time.May, 24):      "Eerste Pinksterdag",
			ymd(2026, time.May, 25):      "Tweede Pinksterdag",
			ymd(2026, time.December, 25): "Eerste Kerstdag",
			ymd(2026, time.December, 26): "Tweede Kerstdag",
		}
		found := 0
		for d := ymd(2026, time.January, 1); d.Year() == 2026; d = d.AddDays(1) {
			name, ok := ledger.Holiday(d)
			if w, isHoliday := want[d]; isHoliday != ok || name != w {
				t.Errorf("Holiday(%s) = %q, %v; want %q, %v", d, name, ok, w, isHoliday)
			}
			if ok {
				found++
			}
		}
		if found != len(want) {
			t.Errorf("2026 has %d holidays; want %d", found, len(want))
		}
	})
	t.Run("KoningsdagOnSunday", func(t *testing.T) {
		// 27 April 2025 and 2031 are Sundays: Koningsdag moves to Saturday 26 April.
		for _, y := range []int{2025, 2031} {
			if name, ok := ledger.Holiday(ymd(y, time.April, 26)); !ok || name != "Koningsdag" {
				t.Errorf("Holiday(%d-04-26) = %q, %v; want Koningsdag", y, name, ok)
			}
			if name, ok := ledger.Holiday(ymd(y, time.April, 27)); ok {
				t.Errorf("Holiday(%d-04-27) = %q; want none (a Sunday, Koningsdag is on the 26th)", y, name)
			}
		}
	})
	t.Run("ElevenEveryYear", func(t *testing.T) {
		// No two holidays share a day in 2024–2035: every year has all eleven.
		for y := ledger.FirstHolidayYear; y <= ledger.LastHolidayYear; y++ {
			n := 0
			for d := ymd(y, time.January, 1); d.Year() == y; d = d.AddDays(1) {
				if _, ok := ledger.Holiday(d); ok {
					n++
				}
			}
			if n != 11 {
				t.Errorf("%d has %d holidays; want 11", y, n)
			}
		}
	})
	t.Run("OutsideTheTable", func(t *testing.T) {
		// Years outside FirstHolidayYear..LastHolidayYear have no holidays:
		// only weekends are days off there.
		for _, d := range []ledger.Date{
			ymd(2023, time.December, 25), // a Monday
			ymd(2036, time.January, 1),   // a Tuesday
			ledger.EasterSunday(2036).AddDays(1),
		} {
			if name, ok := ledger.Holiday(d); ok {
				t.Errorf("Holiday(%s) = %q; want none outside %d–%d", d, name, ledger.FirstHolidayYear, ledger.LastHolidayYear)
			}
			if !ledger.IsWorkingDay(d) {
				t.Errorf("IsWorkingDay(%s) = false; want true (a weekday outside the table)", d)
			}
		}
		if ledger.IsWorkingDay(ymd(2036, time.January, 5)) {
			t.Errorf("IsWorkingDay(2036-01-05) = true; want false (a Saturday)")
		}
	})
}

func TestIsWorkingDay(t *testing.T) {
	tests := []struct {
		d    ledger.Date
		want bool
	}{
		{ymd(2026, time.April, 2), true},     // Thursday before Easter
		{ymd(2026, time.April, 3), false},    // Goede Vrijdag
		{ymd(2026, time.April, 4), false},    // Saturday
		{ymd(2026, time.April, 6), false},    // Tweede Paasdag
		{ymd(2026, time.April, 7), true},     // Tuesday after Easter
		{ymd(2026, time.May, 5), false},      // Bevrijdingsdag, a Tuesday
		{ymd(2027, time.December, 27), true}, // Monday after a Christmas on the weekend
		{ledger.Date{}, false},
	}
	for _, tt := range tests {
		if got := ledger.IsWorkingDay(tt.d); got != tt.want {
			t.Errorf("IsWorkingDay(%s) = %v; want %v", tt.d, got, tt.want)
		}
	}
}

func TestAddWorkingDays(t *testing.T) {
	tests := []struct {
		name string
		d    ledger.Date
		n    int
		want ledger.Date
	}{
		{"Zero", ymd(2026, time.April, 4), 0, ymd(2026, time.April, 4)},
		{"NextDay", ymd(2026, time.March, 31), 1, ymd(2026, time.April, 1)},
		{"OverWeekend", ymd(2026, time.March, 13), 1, ymd(2026, time.March, 16)},
		// Thursday 2 April 2026: Goede Vrijdag, the weekend and Tweede
		// Paasdag follow, so the first working day after is Tuesday 7 April.
		{"OverEaster", ymd(2026, time.April, 2), 1, ymd(2026, time.April, 7)},
		{"OverEasterTwo", ymd(2026, time.April, 2), 2, ymd(2026, time.April, 8)},
		// A request on Friday 1 May 2026: Bevrijdingsdag is Tuesday 5 May.
		{"OverBevrijdingsdag", ymd(2026, time.May, 1), 2, ymd(2026, time.May, 6)},
		// Christmas 2027 falls on Saturday and Sunday: no day is moved, so
		// Monday 27 December is a working day.
		{"ChristmasOnWeekend", ymd(2027, time.December, 24), 1, ymd(2027, time.December, 27)},
		// Christmas 2026 on Friday and Saturday: Thursday 24 + 1 is Monday 28.
		{"ChristmasOnFriday", ymd(2026, time.December, 24), 1, ymd(2026, time.December, 28)},
		{"FromAHoliday", ymd(2026, time.April, 6), 1, ymd(2026, time.April, 7)},
		{"Backwards", ymd(2026, time.April, 7), -1, ymd(2026, time.April, 2)},
		{"AcrossNewYear", ymd(2026, time.December, 31), 1, ymd(2027, time.January, 4)},
		{"OutsideTheTable", ymd(2036, time.January, 4), 1, ymd(2036, time.January, 7)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ledger.AddWorkingDays(tt.d, tt.n); got != tt.want {
				t.Fatalf("AddWorkingDays(%s, %d) = %s; want %s", tt.d, tt.n, got, tt.want)
			}
		})
	}
}

func TestWorkingDaysBetween(t *testing.T) {
	tests := []struct {
		name     string
		from, to ledger.Date
		want     int
	}{
		{"SameDay", ymd(2026, time.March, 31), ymd(2026, time.March, 31), 0},
		{"Reversed", ymd(2026, time.April, 8), ymd(2026, time.April, 1), 0},
		{"Weekend", ymd(2026, time.March, 13), ymd(2026, time.March, 16), 1},
		// Thursday 2 April to Wednesday 8 April 2026: only 7 and 8 count.
		{"EasterAndWeekend", ymd(2026, time.April, 2), ymd(2026, time.April, 8), 2},
		// A request on Friday 24 April 2026, looked at on Friday 8 May:
		// Koningsdag (27 April) and Bevrijdingsdag (5 May) are not counted.
		{"KoningsdagAndBevrijdingsdag", ymd(2026, time.April, 24), ymd(2026, time.May, 8), 8},
		{"ZeroDate", ledger.Date{}, ymd(2026, time.May, 8), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ledger.WorkingDaysBetween(tt.from, tt.to); got != tt.want {
				t.Fatalf("WorkingDaysBetween(%s, %s) = %d; want %d", tt.from, tt.to, got, tt.want)
			}
		})
	}
	t.Run("InverseOfAdd", func(t *testing.T) {
		for d := ymd(2024, time.January, 1); d.Year() < 2027; d = d.AddDays(3) {
			for _, n := range []int{0, 1, 2, 5, 14} {
				if got := ledger.WorkingDaysBetween(d, ledger.AddWorkingDays(d, n)); got != n {
					t.Fatalf("WorkingDaysBetween(%s, AddWorkingDays(%s, %d)) = %d; want %d", d, d, n, got, n)
				}
			}
		}
	})
}
