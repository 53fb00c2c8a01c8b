package reports_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"
	"testing"
	"time"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/bankfile"
	bt "github.com/ontschot/ontschot/ledger/bankfile/bankfiletest"
	"github.com/ontschot/ontschot/ledger/ledgertest"
	"github.com/ontschot/ontschot/ledger/storage"
	"github.com/ontschot/ontschot/reports"
)

// TestReturnedMoneyIsNotSpent: a payout the bank returned is no spending
// in the partner's statement (its cost is taken back, counted with the
// reversals, and its month's spending with it) and no cost in the finance
// view.
func TestReturnedMoneyIsNotSpent(t *testing.T) {
	clock := ledgertest.NewClock(time.Date(2026, time.February, 2, 10, 0, 0, 0, ledger.Amsterdam))
	s, err := storage.Open(filepath.Join(t.TempDir(), "ledger.db"), storage.Options{Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	partner, err := s.CreatePartner(ctx, ledgertest.Admin, ledger.NewPartner{Name: "Gemeente", Kind: ledger.KindMunicipality})
	if err != nil {
		t.Fatal(err)
	}
	pot, err := s.CreatePot(ctx, ledgertest.Admin, ledger.NewPot{Name: "Pot", Year: 2026, RecoveryPolicy: ledger.PolicyRefund, Mandates: ledgertest.Ladder()})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Contribute(ctx, ledgertest.Finance, ledger.NewContribution{PotID: pot.ID, PartnerID: partner.ID, Amount: 10000_00, ValueDate: ledger.DateOf(clock.Now()), Reference: "Bijdrage"}); err != nil {
		t.Fatal(err)
	}
	acct := ledgertest.DebtorAccount()
	acct.IBAN = bt.DebtorIBAN
	if _, err := s.SetDebtorAccount(ctx, ledgertest.Finance, pot.ID, acct, ""); err != nil {
		t.Fatal(err)
	}
	kept, err := s.RequestPayout(ctx, ledgertest.Caseworker, ledgertest.ValidRequest(pot.ID, 300_00))
	if err != nil {
		t.Fatal(err)
	}
	back, err := s.RequestPayout(ctx, ledgertest.Caseworker, ledgertest.ValidRequest(pot.ID, 450_00))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreatePaymentBatch(ctx, ledgertest.Finance, ledger.NewPaymentBatch{}); err != nil {
		t.Fatal(err)
	}
	clock.Set(clock.Now().Add(72 * time.Hour))
	day := ledger.DateOf(clock.Now())
	raw := bt.Statement(bt.DebtorIBAN, "S-1",
		bt.Booking{Ref: "E1", PayoutID: kept.ID, Amount: kept.Amount, Debit: true, Booked: day},
		bt.Booking{Ref: "E2", PayoutID: back.ID, Amount: back.Amount, Return: "AC04", Booked: day})
	f, err := bankfile.Read(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(raw)
	if _, err := s.ImportBankFile(ctx, ledgertest.Finance, ledger.ImportBankFile{File: f, Digest: hex.EncodeToString(sum[:])}); err != nil {
		t.Fatal(err)
	}
	b := &reports.Builder{Store: s, Now: clock.Now}
	st, err := b.Statement(ctx, pot.ID, ledger.Quarter(2026, 1), nil, ledger.Verification{})
	if err != nil {
		t.Fatal(err)
	}
	if st.Payouts != kept.Amount {
		t.Errorf("the statement's spending is %s; want only the kept payout's %s", st.Payouts, kept.Amount)
	}
	if len(st.Categories) != 1 || st.Categories[0].Payouts != 2 || st.Categories[0].Reversals != 1 || st.Categories[0].Amount != kept.Amount {
		t.Errorf("the statement's categories: %+v", st.Categories)
	}
	var months ledger.Cents
	for _, m := range st.Months {
		months += m.Spending
	}
	if months != kept.Amount {
		t.Errorf("the months' spending adds up to %s; want %s", months, kept.Amount)
	}
	v, err := b.FinanceView(ctx, pot.ID, ledger.Quarter(2026, 1))
	if err != nil {
		t.Fatal(err)
	}
	var unallocated ledger.Cents
	for _, l := range v.Unallocated {
		unallocated += l.Amount
	}
	if unallocated != kept.Amount {
		t.Errorf("the finance view's unallocated costs are %s; want %s (the returned payout is no cost)", unallocated, kept.Amount)
	}
}
