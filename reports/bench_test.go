package reports_test

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/ledgertest"
	"github.com/ontschot/ontschot/ledger/sheet"
	"github.com/ontschot/ontschot/ledger/storage"
	"github.com/ontschot/ontschot/reports"
)

// BenchmarkStatement makes the quarterly statement of a pot with 10,000
// payouts in the quarter: built from the ledger, written as PDF (with its
// chart) and as CSV. The journal's verification is made once, outside the
// loop, as the API and the command do with a verification they keep.
func BenchmarkStatement(b *testing.B) {
	clock := ledgertest.NewClock(time.Date(2026, time.July, 1, 9, 0, 0, 0, ledger.Amsterdam))
	s, err := storage.Open(filepath.Join(b.TempDir(), "bench.db"), storage.Options{Now: clock.Now})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	prt, _ := s.CreatePartner(ctx, ledgertest.Admin, ledger.NewPartner{Name: "Gemeente", Kind: ledger.KindMunicipality})
	pot, err := s.CreatePot(ctx, ledgertest.Admin, ledger.NewPot{Name: "Pot", Year: 2026, RecoveryPolicy: ledger.PolicyRefund, Mandates: ledgertest.Ladder()})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := s.Contribute(ctx, ledgertest.Finance, ledger.NewContribution{PotID: pot.ID, PartnerID: prt.ID, Amount: 100_000_000_00, ValueDate: ledger.DateOf(clock.Now()), Reference: "x"}); err != nil {
		b.Fatal(err)
	}
	cats := []string{"rent_arrears", "dental_care", "hearing_aid", "transport", "bookkeeping", "energy_debt", "deposit", "other"}
	const n = 10_000
	var wg sync.WaitGroup
	errs := make(chan error, 32)
	for w := range 32 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += 32 {
				r := ledgertest.ValidRequest(pot.ID, ledger.Cents(10_00+i%1400*100))
				r.Category = cats[i%len(cats)]
				r.CaseRef = fmt.Sprintf("CASE-%d", i)
				if _, err := s.RequestPayout(ctx, ledgertest.Caseworker, r); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		b.Fatal(err)
	}
	v, err := s.Verify(ctx, ledger.VerifyOptions{})
	if err != nil || !v.OK {
		b.Fatal(err, v.Failure)
	}
	builder := &reports.Builder{Store: s, Now: func() time.Time { return time.Date(2026, time.September, 30, 12, 0, 0, 0, ledger.Amsterdam) }}
	for _, verify := range []bool{false, true} {
		b.Run(fmt.Sprintf("verify=%t", verify), func(b *testing.B) {
			benchStatement(b, s, builder, pot.ID, &prt, v, verify)
		})
	}
}

// benchStatement makes the statement b.N times; with verify, the journal
// is verified each time, as "ontschot statement" does.
func benchStatement(b *testing.B, s *ledger.Service, builder *reports.Builder, pot ledger.PotID, prt *ledger.Partner, v ledger.Verification, verify bool) {
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if verify {
			var err error
			if v, err = s.Verify(ctx, ledger.VerifyOptions{}); err != nil || !v.OK {
				b.Fatal(err, v.Failure)
			}
		}
		st, err := builder.Statement(ctx, pot, ledger.Quarter(2026, 3), prt, v)
		if err != nil {
			b.Fatal(err)
		}
		if st.Categories[0].Payouts < 1000 {
			b.Fatalf("categories = %+v", st.Categories)
		}
		if err := reports.StatementPDF(io.Discard, st); err != nil {
			b.Fatal(err)
		}
		if err := reports.StatementCSV(io.Discard, st, sheet.Standard); err != nil {
			b.Fatal(err)
		}
	}
}
