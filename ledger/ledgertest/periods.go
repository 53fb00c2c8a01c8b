package ledgertest

import (
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
}
