package reports_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/ledgertest"
	"github.com/ontschot/ontschot/ledger/storage"
	"github.com/ontschot/ontschot/reports"
)

// TestLegitimacyEqualsOnePass lives random histories on a real ledger and
// holds the legitimacy report, whose figures come from the aggregates and
// whose exceptions are read a page at a time, to the same report counted
// in one pass over every payout fact of the period, as it was made before
// the aggregates: for each quarter, for the pot and for every pot, during
// the history and months after it (when waiting requests have become
// slow).
func TestLegitimacyEqualsOnePass(t *testing.T) {
	for _, seed := range []uint64{5, 17} {
		clock := ledgertest.NewClock(ledgertest.Start)
		store, err := storage.Open(filepath.Join(t.TempDir(), "ledger.db"), storage.Options{Now: clock.Now})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { store.Close() })
		b := &reports.Builder{Store: store, Now: clock.Now}
		compare := func(pot ledger.PotID, when string) {
			t.Helper()
			today := ledger.DateOf(clock.Now())
			for q := 1; q <= 4; q++ {
				period := ledger.Quarter(today.Year(), q)
				if period.Start.After(today) {
					continue
				}
				for _, p := range []ledger.PotID{"", pot} {
					compareLegitimacy(t, b, store, p, period, today, fmt.Sprintf("seed %d, %s, %s, pot %q", seed, when, period.Label, p))
				}
			}
		}
		h := ledgertest.RandomHistory(t, store, clock, seed, 300, func(step int, what string) {
			if step%30 == 0 {
				compare("", what)
			}
		})
		// A period that has not begun is refused, naming the period.
		next := ledger.Quarter(ledger.DateOf(clock.Now()).Year()+1, 1)
		var le *ledger.Error
		if _, err := b.Legitimacy(context.Background(), "", next); !errors.As(err, &le) || le.Code != ledger.EINVALID || len(le.Fields) != 1 || le.Fields[0].Field != "period" {
			t.Fatalf("the report of %s, not begun: %v; want EINVALID naming period", next.Label, err)
		}
		end := clock.Now()
		for _, later := range []int{0, 10, 30, 90} {
			clock.Set(end.Add(time.Duration(later) * 24 * time.Hour))
			compare(h.Pot.ID, fmt.Sprintf("%d days later", later))
		}
	}
}

// compareLegitimacy compares the report with the one counted in one pass,
// and its pages of three with its whole list.
func compareLegitimacy(t *testing.T, b *reports.Builder, store ledger.Store, pot ledger.PotID, period ledger.Period, today ledger.Date, where string) {
	t.Helper()
	ctx := context.Background()
	got, err := b.Legitimacy(ctx, pot, period)
	if err != nil {
		t.Fatalf("%s: %v", where, err)
	}
	facts, err := ledger.CollectFacts(ctx, store, ledger.FactFilter{PotID: pot, From: period.Start, To: period.End})
	if err != nil {
		t.Fatal(err)
	}
	want := onePass(facts, today)
	figures := func(l *reports.Legitimacy) [14]int64 {
		return [14]int64{int64(l.Requests), int64(l.Amount), int64(l.Approved), int64(l.Rejected), int64(l.Pending), int64(l.Reversed),
			int64(l.ReversedAmount), int64(l.WeighingComplete), int64(l.Decided), int64(l.WithinMandate), int64(l.ByApprover),
			int64(l.FourEyes), int64(l.SlowDecisions), 0}
	}
	if figures(got) != figures(want) {
		t.Fatalf("%s: figures from the aggregates %v; counted from the facts %v (requests, amount, approved, rejected, pending, reversed, reversed amount, weighing, decided, within mandate, by approver, four eyes, slow)",
			where, figures(got), figures(want))
	}
	if !sameLines(got.Exceptions, want.Exceptions) {
		t.Fatalf("%s: the exceptions differ from the facts'\n got %+v\nwant %+v", where, got.Exceptions, want.Exceptions)
	}
	var walked []reports.ExceptionLine
	for page := (reports.ExceptionPage{Limit: 3}); ; {
		l, err := b.LegitimacyPage(ctx, pot, period, page)
		if err != nil {
			t.Fatalf("%s: page after %q: %v", where, page.After, err)
		}
		walked = append(walked, l.Exceptions...)
		if l.NextCursor == "" {
			break
		}
		page.After = l.NextCursor
	}
	if len(walked) == 0 {
		walked = []reports.ExceptionLine{}
	}
	if !sameLines(walked, want.Exceptions) {
		t.Fatalf("%s: the pages of three hold %d exceptions, differently from the whole list's %d", where, len(walked), len(want.Exceptions))
	}
}

// sameLines compares lists of exceptions as the report shows them (in
// JSON: who asked is kept only to redact, and is not compared).
func sameLines(a, b []reports.ExceptionLine) bool {
	ja, err := json.Marshal(a)
	if err != nil {
		panic(err)
	}
	jb, err := json.Marshal(b)
	if err != nil {
		panic(err)
	}
	return bytes.Equal(ja, jb)
}

// onePass counts the report's figures and lists its exceptions from every
// fact of the period, as the report did before the aggregates, with the
// rules written out here rather than taken from package ledger: a change
// to one of them there makes the comparison fail.
func onePass(facts []ledger.PayoutFact, today ledger.Date) *reports.Legitimacy {
	l := &reports.Legitimacy{Exceptions: []reports.ExceptionLine{}}
	slices.SortStableFunc(facts, func(a, b ledger.PayoutFact) int { return strings.Compare(a.ValueDate.String(), b.ValueDate.String()) })
	for i := range facts {
		f := &facts[i]
		l.Requests++
		l.Amount += f.Amount
		x := reports.ExceptionLine{PayoutID: f.ID, Date: f.ValueDate, Category: f.Category, Amount: f.Amount, Status: f.Status,
			Severity: f.Severity, DeviatesFrom: f.DeviatesFrom, OwnMandate: f.OwnMandate, RequestedRole: string(f.RequestedRole), Findings: []string{}}
		if x.DeviatesFrom == nil {
			x.DeviatesFrom = []string{}
		}
		switch f.Status {
		case ledger.StatusApproved, ledger.StatusPaid:
			l.Approved++
		case ledger.StatusRejected:
			l.Rejected++
		case ledger.StatusPending:
			l.Pending++
		case ledger.StatusReversed:
			l.Approved++
			l.Reversed++
			l.ReversedAmount += f.Amount
			x.Findings = append(x.Findings, "teruggedraaid")
		}
		if f.WeighingComplete {
			l.WeighingComplete++
		} else {
			x.Findings = append(x.Findings, "weging onvolledig")
		}
		if f.Outcome != "" {
			l.Decided++
			x.DecidedBy, x.Mandate = string(f.DecidedRole), f.Mandate.String()
			if f.Mandate.Role == f.DecidedRole && (f.Outcome == ledger.OutcomeReject || f.Mandate.Covers(f.Amount)) {
				l.WithinMandate++
			} else {
				x.Findings = append(x.Findings, "buiten mandaat")
			}
			if !f.OwnMandate {
				l.ByApprover++
				if f.DecidedBy != f.RequestedBy {
					l.FourEyes++
				} else {
					x.Findings = append(x.Findings, "eigen aanvraag beslist")
				}
			} else if f.DecidedBy != f.RequestedBy {
				x.Findings = append(x.Findings, "eigen mandaat van een ander")
			}
		}
		requested := ledger.DateOf(f.RequestedAt)
		switch {
		case !f.OwnMandate && f.Status == ledger.StatusPending:
			x.WaitDays = max(requested.DaysUntil(today), 0)
		case !f.OwnMandate && !f.DecidedAt.IsZero():
			x.WaitDays = max(requested.DaysUntil(ledger.DateOf(f.DecidedAt)), 0)
		}
		if x.WaitDays > 14 {
			l.SlowDecisions++
			x.Findings = append(x.Findings, fmt.Sprintf("besluit na %d dagen", x.WaitDays))
		}
		l.Exceptions = append(l.Exceptions, x)
	}
	return l
}
