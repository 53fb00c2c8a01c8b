package ledgertest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/ontschot/ontschot/ledger"
)

// testReadiness checks Store.Ready: a write commits on a healthy store, and
// it fails (rather than hangs) when its context has ended and once the store
// is closed. A full disk is an engine's own test: it needs the engine's
// files on a filesystem that fills up.
func testReadiness(t *testing.T, open Opener) {
	f := newFixture(t, open, 1000_00)
	if err := f.store.Ready(f.ctx); err != nil {
		t.Fatalf("Ready on a healthy store: %v", err)
	}
	s := f.snapshot()
	for range 3 {
		if err := f.store.Ready(f.ctx); err != nil {
			t.Fatalf("Ready again: %v", err)
		}
	}
	f.unchanged(s) // the probe touches no ledger data and books nothing
	f.mustRequest(Caseworker, 10_00)
	ctx, cancel := context.WithCancel(f.ctx)
	cancel()
	if err := f.store.Ready(ctx); err == nil {
		t.Fatal("Ready with an ended context = nil")
	}
	if err := f.store.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.store.Ready(f.ctx); err == nil {
		t.Fatal("Ready on a closed store = nil")
	}
}

// testDebtorAccountName sets a pot's account in the name the municipality
// officially has: the store keeps it as written, diacritics and all (the
// payment file transliterates it, reports.Pain001).
func testDebtorAccountName(t *testing.T, open Opener) {
	f := newFixture(t, open, 1000_00)
	acct := DebtorAccount()
	acct.Name = "Gemeente Súdwest-Fryslân"
	pot, err := f.store.SetDebtorAccount(f.ctx, Finance, f.pot.ID, acct, "")
	if err != nil {
		t.Fatalf("SetDebtorAccount(%q): %v", acct.Name, err)
	}
	if pot.DebtorAccount == nil || pot.DebtorAccount.Name != acct.Name {
		t.Fatalf("the pot's account holder is %+v; want %q as written", pot.DebtorAccount, acct.Name)
	}
	if pot, err = f.store.Pot(f.ctx, f.pot.ID); err != nil || pot.DebtorAccount == nil || pot.DebtorAccount.Name != acct.Name {
		t.Fatalf("the pot's account holder reads back as %+v, %v; want %q", pot.DebtorAccount, err, acct.Name)
	}
	f.verify()
}

// testDateRange sends dates outside the ledger's range (ledger.CheckDateIn)
// to every store method that takes one: each is refused with EINVALID on its
// field, with the range allowed in the reason, and nothing is written.
func testDateRange(t *testing.T, open Opener) {
	f := newFixture(t, open, 1000_00)
	f.mustRequest(Caseworker, 10_00)
	s := f.snapshot()
	early := ledger.NewDate(1999, time.December, 31)
	wantRange := func(what string, err error, field, want string) {
		t.Helper()
		if ledger.ErrorCode(err) != ledger.EINVALID {
			t.Fatalf("%s: %v; want EINVALID", what, err)
		}
		le := err.(*ledger.Error)
		for _, fe := range le.Fields {
			if fe.Field == field {
				if !strings.Contains(fe.Reason, want) {
					t.Fatalf("%s: %s: %q does not say %q", what, field, fe.Reason, want)
				}
				return
			}
		}
		t.Fatalf("%s: %v does not name %s", what, err, field)
	}
	_, err := f.store.ErasePersonalData(f.ctx, Admin, early)
	wantRange("an erasure before 1999-12-31", err, "before", "a date from 2000-01-01 to 2026-03-10")
	_, err = f.store.ErasePersonalData(f.ctx, Admin, ledger.Date{})
	wantRange("an erasure without a date", err, "before", "required")
	_, err = f.store.ErasePersonalData(f.ctx, Admin, ledger.NewDate(9999, time.December, 31))
	wantRange("an erasure before 9999-12-31", err, "before", "a date from 2000-01-01 to 2026-03-10")
	_, err = f.store.Contribute(f.ctx, Finance, ledger.NewContribution{PotID: f.pot.ID, PartnerID: f.partner.ID, Amount: 1_00, ValueDate: early, Reference: "x"})
	wantRange("a contribution on 1999-12-31", err, "valueDate", "a date from 2000-01-01 to 2026-03-10")
	r := f.request(10_00)
	r.Justification.StuckSince = early
	_, err = f.store.RequestPayout(f.ctx, Caseworker, r)
	wantRange("a case stuck since 1999-12-31", err, "justification.stuckSince", "a date from 2006-03-10 to 2026-03-10")
	_, err = f.store.ClosePeriod(f.ctx, Finance, ledger.ClosePeriod{Period: ledger.Month(1999, time.December)})
	wantRange("closing 1999-12", err, "period", "2000 to 2100")
	f.unchanged(s)
}
