package web_test

import (
	"context"
	"net/http"
	"regexp"
	"slices"
	"testing"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/ledgertest"
)

// TestPeriodsOffered: the periods page offers only what can still be
// closed, oldest first with each quarter after its months: not a month of
// a closed quarter, not a closed month, not a quarter closed month by
// month, not a period that has not ended.
func TestPeriodsOffered(t *testing.T) {
	e := newEnv(t, finance)
	ctx := context.Background()
	for _, label := range []string{"2025-Q1", "2025-04", "2025-05", "2025-06", "2025-08", "2026-01"} {
		p, err := ledger.ParsePeriod(label)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.store.ClosePeriod(ctx, ledgertest.Finance, ledger.ClosePeriod{Period: p}); err != nil {
			t.Fatalf("close %s: %v", label, err)
		}
	}
	b := e.browser(t)
	b.signIn(finance)
	page := wantStatus(t, b.get("/financien/perioden"), http.StatusOK)
	var got []string
	for _, m := range regexp.MustCompile(`<option value="([^"]+)"`).FindAllStringSubmatch(page.Body, -1) {
		if m[1] != "" {
			got = append(got, m[1])
		}
	}
	// Today is 10 March 2026: February is the last month that has ended.
	want := []string{"2025-07", "2025-09", "2025-Q3", "2025-10", "2025-11", "2025-12", "2025-Q4", "2026-02"}
	if !slices.Equal(got, want) {
		t.Errorf("the periods offered are %v; want %v", got, want)
	}
}
