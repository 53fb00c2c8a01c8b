package reports

import (
	"strings"
	"time"

	"github.com/ontschot/ontschot/ledger"
)

// Euro formats cents the Dutch way: "€ 1.234,56", and a negative amount
// with a minus sign (U+2212) before the euro sign: "− € 12,00", as the
// statement's signed figures have it (see Signed), on pages and in
// documents alike.
func Euro(c ledger.Cents) string {
	if c < 0 {
		return "− € " + (-c).Grouped(".", ",")
	}
	return "€ " + c.Grouped(".", ",")
}

var dutchMonths = []string{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"}

// DutchDate formats a date as "30 september 2026".
func DutchDate(d ledger.Date) string {
	return itoa(d.Day()) + " " + dutchMonths[d.Month()-1] + " " + itoa(d.Year())
}

// DutchMoment formats an instant in Amsterdam as "25 november 2026, 10:30".
func DutchMoment(t time.Time) string {
	a := t.In(ledger.Amsterdam)
	return DutchDate(ledger.DateOf(t)) + ", " + a.Format("15:04")
}

var dutchShortMonths = []string{"jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"}

// shortMonth names a month ("2026-07") as "jul"; what is not a month is
// returned as it is.
func shortMonth(month string) string {
	if m, ok := monthOf(month); ok {
		return dutchShortMonths[m-1]
	}
	return month
}

// monthName names a month ("2026-07") as "juli"; what is not a month is
// returned as it is.
func monthName(month string) string {
	if m, ok := monthOf(month); ok {
		return dutchMonths[m-1]
	}
	return month
}

// monthOf reads the month (1 to 12) of "2026-07".
func monthOf(month string) (int, bool) {
	if len(month) != 7 || month[5] < '0' || month[5] > '9' || month[6] < '0' || month[6] > '9' {
		return 0, false
	}
	m := int(month[5]-'0')*10 + int(month[6]-'0')
	return m, m >= 1 && m <= 12
}

// quarterName names a quarter period: "3e kwartaal 2026".
func quarterName(p ledger.Period) string {
	q := (int(p.Start.Month())-1)/3 + 1
	return itoa(q) + "e kwartaal " + itoa(p.Start.Year())
}

// PeriodName names a period: a quarter, a month or a year.
func PeriodName(p ledger.Period) string {
	switch {
	case strings.Contains(p.Label, "-Q"):
		return quarterName(p)
	case len(p.Label) == 7:
		return dutchMonths[p.Start.Month()-1] + " " + itoa(p.Start.Year())
	}
	return p.Label
}

// percent formats a ratio as "18,3%".
func percent(r ledger.Ratio) string { return r.Percent() }

func itoa(i int) string {
	if i < 0 {
		return "-" + itoa(-i)
	}
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}

// lawLabel is a recovery source's Dutch name.
func lawLabel(l ledger.Law) string { return l.Label() }

// RegretStatusLabel says in Dutch where a regret ratio stands against its
// norm ("ok", "warning", "breach").
func RegretStatusLabel(s string) string {
	switch s {
	case "ok":
		return "binnen de norm"
	case "warning":
		return "waarschuwing: dicht bij de norm"
	case "breach":
		return "boven de norm"
	}
	return s
}

// Slug makes a name fit for a file name: lower case letters and digits,
// with a dash between words ("Doorbraakfonds Leeuwarden–De Friesland"
// becomes "doorbraakfonds-leeuwarden-de-friesland").
func Slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(ledger.SEPAText(s)) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}
