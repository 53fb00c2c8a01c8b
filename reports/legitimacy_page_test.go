package reports_test

import (
	"context"
	"slices"
	"testing"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/reports"
)

// TestLegitimacyPages walks a legitimacy report's exceptions a page at a
// time, forwards and back: the pages hold every exception once, in the
// order of the whole report, and every page carries the figures of the
// whole period.
func TestLegitimacyPages(t *testing.T) {
	d := newDataset(t)
	b := &reports.Builder{Store: d.store, Now: d.clock.Now}
	ctx := context.Background()
	q1 := ledger.Quarter(2026, 1)
	whole, err := b.Legitimacy(ctx, d.pot.ID, q1)
	if err != nil {
		t.Fatal(err)
	}
	if len(whole.Exceptions) < 5 || whole.NextCursor != "" || whole.PrevCursor != "" {
		t.Fatalf("the whole report: %d exceptions, cursors %q %q", len(whole.Exceptions), whole.NextCursor, whole.PrevCursor)
	}
	ids := func(xs []reports.ExceptionLine) []ledger.PayoutID {
		var out []ledger.PayoutID
		for _, x := range xs {
			out = append(out, x.PayoutID)
		}
		return out
	}
	want := ids(whole.Exceptions)
	page := func(p reports.ExceptionPage) *reports.Legitimacy {
		t.Helper()
		if err := p.Check(); err != nil {
			t.Fatal(err)
		}
		l, err := b.LegitimacyPage(ctx, d.pot.ID, q1, p)
		if err != nil {
			t.Fatalf("LegitimacyPage(%+v): %v", p, err)
		}
		if l.Requests != whole.Requests || l.Approved != whole.Approved || l.Reversed != whole.Reversed || l.Regret != whole.Regret {
			t.Fatalf("a page's figures %+v differ from the whole report's %+v", l, whole)
		}
		return l
	}

	// Forwards, two at a time.
	var got []ledger.PayoutID
	l := page(reports.ExceptionPage{Limit: 2})
	if l.PrevCursor != "" {
		t.Fatalf("the first page has a previous one: %q", l.PrevCursor)
	}
	var pages []*reports.Legitimacy
	for {
		pages = append(pages, l)
		got = append(got, ids(l.Exceptions)...)
		if l.NextCursor == "" {
			break
		}
		if len(pages) > len(want) {
			t.Fatal("the pages do not end")
		}
		l = page(reports.ExceptionPage{After: l.NextCursor, Limit: 2})
		if l.PrevCursor != l.Exceptions[0].PayoutID {
			t.Fatalf("page %d: previous cursor %q; want its first exception %s", len(pages)+1, l.PrevCursor, l.Exceptions[0].PayoutID)
		}
	}
	if !slices.Equal(got, want) {
		t.Fatalf("forwards the pages hold %v; the report %v", got, want)
	}
	// Back from the last page: the same pages.
	for i := len(pages) - 1; i > 0; i-- {
		back := page(reports.ExceptionPage{Before: pages[i].PrevCursor, Limit: 2})
		if !slices.Equal(ids(back.Exceptions), ids(pages[i-1].Exceptions)) || back.NextCursor == "" || (i == 1) != (back.PrevCursor == "") {
			t.Fatalf("back to page %d: %v (next %q, prev %q); want %v", i, ids(back.Exceptions), back.NextCursor, back.PrevCursor, ids(pages[i-1].Exceptions))
		}
	}
	// A page as large as the report holds it all, without cursors.
	if l := page(reports.ExceptionPage{Limit: len(want)}); !slices.Equal(ids(l.Exceptions), want) || l.NextCursor != "" || l.PrevCursor != "" {
		t.Fatalf("one page of all: %v, %q, %q", ids(l.Exceptions), l.NextCursor, l.PrevCursor)
	}

	for name, p := range map[string]reports.ExceptionPage{
		"NotAnException":  {After: "PAY-01ARZ3NDEKTSV4RRFFQ69G5FAV", Limit: 2},
		"NotAnException2": {Before: "PAY-01ARZ3NDEKTSV4RRFFQ69G5FAV", Limit: 2},
	} {
		if _, err := b.LegitimacyPage(ctx, d.pot.ID, q1, p); ledger.ErrorCode(err) != ledger.EINVALID {
			t.Errorf("%s: %v; want EINVALID", name, err)
		}
	}
	for name, p := range map[string]reports.ExceptionPage{
		"TooLarge": {Limit: ledger.MaxPageSize + 1},
		"Negative": {Limit: -1},
		"Both":     {After: want[0], Before: want[1]},
		"NotText":  {After: "PAY-\x00"},
	} {
		if err := p.Check(); ledger.ErrorCode(err) != ledger.EINVALID {
			t.Errorf("%s: Check = %v; want EINVALID", name, err)
		}
	}
}
