package ledgertest

import (
	"strings"
	"testing"
	"time"

	"github.com/ontschot/ontschot/ledger"
)

func testClosedPeriods(t *testing.T, open Opener) {
	feb := ledger.Month(2026, time.February)
	t.Run("NothingBookedInAClosedPeriod", func(t *testing.T) {
		f := newFixture(t, open, 10000_00) // funded on 10 March
		cp, err := f.store.ClosePeriod(f.ctx, Finance, ledger.ClosePeriod{Period: feb})
		if err != nil {
			t.Fatal(err)
		}
		if cp.Label != "2026-02" || cp.ClosedBy != Finance.User || cp.JournalSeq == 0 {
			t.Fatalf("closed period = %+v", cp)
		}
		before := f.snapshot()
		_, err = f.store.Contribute(f.ctx, Finance, ledger.NewContribution{PotID: f.pot.ID, PartnerID: f.partner.ID,
			Amount: 10_00, ValueDate: ledger.NewDate(2026, time.February, 27), Reference: "late"})
		wantCode(t, err, ledger.ECLOSED)
		f.unchanged(before)
		// A clock set back into the closed month (a misconfigured server) books nothing either.
		f.clock.SetDate(2026, time.February, 20)
		_, err = f.store.RequestPayout(f.ctx, Caseworker, f.request(10_00))
		wantCode(t, err, ledger.ECLOSED)
		f.unchanged(before)
		f.clock.Set(Start)
		if _, err := f.store.Contribute(f.ctx, Finance, ledger.NewContribution{PotID: f.pot.ID, PartnerID: f.partner.ID,
			Amount: 10_00, ValueDate: ledger.NewDate(2026, time.March, 1), Reference: "on time"}); err != nil {
			t.Fatalf("booking on the first day after the closed month: %v", err)
		}
	})
	t.Run("DecisionAfterTheRequestsPeriodClosed", func(t *testing.T) {
		f := newFixture(t, open, 10000_00)
		p := f.mustRequest(Caseworker, 3000_00) // 10 March
		f.clock.SetDate(2026, time.April, 2)
		if _, err := f.store.ClosePeriod(f.ctx, Finance, ledger.ClosePeriod{Period: ledger.Quarter(2026, 1)}); err != nil {
			t.Fatal(err)
		}
		got, err := f.store.DecidePayout(f.ctx, Teamlead, ledger.Decision{PayoutID: p.ID, Outcome: ledger.OutcomeApprove})
		if err != nil || got.Status != ledger.StatusApproved {
			t.Fatalf("decision in April on a March request = %v, %v; want approved, booked in April", got.Status, err)
		}
		f.verify()
	})
	t.Run("ErrNotEnded", func(t *testing.T) {
		f := newFixture(t, open, 0)
		_, err := f.store.ClosePeriod(f.ctx, Finance, ledger.ClosePeriod{Period: ledger.Month(2026, time.March)})
		wantField(t, err, "period")
		_, err = f.store.ClosePeriod(f.ctx, Finance, ledger.ClosePeriod{})
		wantField(t, err, "period")
	})
	t.Run("ErrClosedTwice", func(t *testing.T) {
		f := newFixture(t, open, 0)
		f.clock.SetDate(2026, time.April, 2)
		if _, err := f.store.ClosePeriod(f.ctx, Finance, ledger.ClosePeriod{Period: feb}); err != nil {
			t.Fatal(err)
		}
		// The quarter around a closed month can still be closed…
		if _, err := f.store.ClosePeriod(f.ctx, Finance, ledger.ClosePeriod{Period: ledger.Quarter(2026, 1)}); err != nil {
			t.Fatal(err)
		}
		// …but then every month in it is closed already.
		for _, p := range []ledger.Period{feb, ledger.Month(2026, time.March), ledger.Quarter(2026, 1)} {
			_, err := f.store.ClosePeriod(f.ctx, Finance, ledger.ClosePeriod{Period: p})
			wantCode(t, err, ledger.ECONFLICT)
		}
		cps, err := f.store.ClosedPeriods(f.ctx)
		if err != nil || len(cps) != 2 {
			t.Fatalf("ClosedPeriods = %+v, %v; want 2", cps, err)
		}
		f.verify()
	})
	t.Run("ErrForbidden", func(t *testing.T) {
		f := newFixture(t, open, 0)
		_, err := f.store.ClosePeriod(f.ctx, Caseworker, ledger.ClosePeriod{Period: feb})
		wantCode(t, err, ledger.EFORBIDDEN)
	})
	t.Run("ClosedAtOnceForEveryWrite", func(t *testing.T) {
		// An engine that keeps the closed periods between writes must
		// forget them when one is closed: the very next booking in it is
		// refused, whatever the write.
		f := newFixture(t, open, 0)
		if _, err := f.store.AddCategory(f.ctx, Admin, ledger.Category{Code: "glasses", Label: "Bril"}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.store.ClosePeriod(f.ctx, Finance, ledger.ClosePeriod{Period: feb}); err != nil {
			t.Fatal(err)
		}
		f.clock.SetDate(2026, time.February, 20)
		_, err := f.store.AddCategory(f.ctx, Admin, ledger.Category{Code: "toys", Label: "Speelgoed"})
		wantCode(t, err, ledger.ECLOSED)
		f.clock.Set(Start)
		cs, err := f.store.Categories(f.ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cs {
			if c.Code == "toys" {
				t.Fatal("a category refused in a closed period was added")
			}
		}
		f.verify()
	})
	t.Run("IdempotentRetry", func(t *testing.T) {
		f := newFixture(t, open, 0)
		req := ledger.ClosePeriod{Period: feb, IdempotencyKey: "close-feb"}
		first, err := f.store.ClosePeriod(f.ctx, Finance, req)
		if err != nil {
			t.Fatal(err)
		}
		head := f.verify().Transactions
		again, err := f.store.ClosePeriod(f.ctx, Finance, req)
		if err != nil {
			t.Fatalf("the retry = %v; want the first answer", err)
		}
		if again.JournalSeq != first.JournalSeq || again.Label != first.Label || !again.ClosedAt.Equal(first.ClosedAt) {
			t.Fatalf("the retry = %+v; want %+v", again, first)
		}
		if n := f.verify().Transactions; n != head {
			t.Fatalf("the retry booked %d transactions; want none", n-head)
		}
		_, err = f.store.ClosePeriod(f.ctx, Finance, ledger.ClosePeriod{Period: ledger.Month(2026, time.January), IdempotencyKey: "close-feb"})
		wantCode(t, err, ledger.EIDEMPOTENCY)
		// Without the key, the same period is refused in words finance can act on.
		_, err = f.store.ClosePeriod(f.ctx, Finance, ledger.ClosePeriod{Period: feb})
		wantCode(t, err, ledger.ECONFLICT)
		if got, want := ledger.ErrorMessage(err), "2026-02 is closed already"; !strings.Contains(got, want) {
			t.Fatalf("error = %q; want it to say %q", got, want)
		}
	})
}
