package reports

import (
	"context"
	"sort"
	"time"

	"gonum.org/v1/plot/vg"

	"github.com/ontschot/ontschot/ledger"
)

// monthTable sums spending and recoveries per calendar month.
type monthTable map[string]*MonthLine

// newMonths makes a month line for every month from the month of from up to
// and including the month of to.
func newMonths(from, to ledger.Date) monthTable {
	months := monthTable{}
	for m := ledger.NewDate(from.Year(), from.Month(), 1); !m.After(to); m = m.AddMonths(1) {
		key := m.String()[:7]
		months[key] = &MonthLine{Month: key}
	}
	return months
}

// add counts a posting total in its month: approvals and reversals on the
// unallocated costs are what a pot spends (allocations only move costs
// between cost accounts); recoveries are money that came back.
func (m monthTable) add(t ledger.PostingTotal) {
	month := m[t.Month]
	if month == nil {
		return
	}
	kind := account(t.Account).Kind
	switch {
	case kind == ledger.AccountCostsUnallocated && t.Kind.Spending():
		month.Spending += t.Amount
	case kind == ledger.AccountRecoveries:
		month.Recoveries -= t.Amount
	}
}

// lines returns the months in order.
func (m monthTable) lines() []MonthLine {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]MonthLine, 0, len(keys))
	for _, k := range keys {
		out = append(out, *m[k])
	}
	return out
}

// Months returns a pot's spending and recoveries per month of a calendar
// year, up to today (or the whole year, when it is over), as the
// statements count them.
func (b *Builder) Months(ctx context.Context, potID ledger.PotID, year int) ([]MonthLine, error) {
	from := ledger.NewDate(year, time.January, 1)
	to := ledger.NewDate(year, time.December, 31)
	if today := ledger.DateOf(b.now()); today.Before(to) {
		to = today
	}
	if to.Before(from) {
		return []MonthLine{}, nil
	}
	totals, err := b.Store.PostingTotals(ctx, ledger.PostingQuery{PotID: potID, From: from, To: to})
	if err != nil {
		return nil, err
	}
	months := newMonths(from, to)
	for _, t := range totals {
		months.add(t)
	}
	return months.lines(), nil
}

// MonthChartPNG draws months as the statements do, sized for a web page:
// a PNG of 16 by 7 centimetres.
func MonthChartPNG(months []MonthLine) ([]byte, error) {
	return monthChart(months, 16*vg.Centimeter, 7*vg.Centimeter)
}
