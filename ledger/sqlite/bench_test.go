package sqlite_test

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/ledgertest"
	"github.com/ontschot/ontschot/ledger/storage"
)

var benchPayouts = flag.Int("payouts", 1_000_000, "payouts stored for BenchmarkBalance and BenchmarkVerify")

// benchStore opens a store with one richly funded pot.
func benchStore(b *testing.B, path string) (*ledger.Service, ledger.PotID) {
	b.Helper()
	s, err := storage.Open(path, storage.Options{})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	pots, err := s.Pots(ctx)
	if err != nil {
		b.Fatal(err)
	}
	if len(pots) > 0 {
		return s, pots[0].ID
	}
	partner, err := s.CreatePartner(ctx, ledgertest.Admin, ledger.NewPartner{Name: "Gemeente", Kind: ledger.KindMunicipality})
	if err != nil {
		b.Fatal(err)
	}
	pot, err := s.CreatePot(ctx, ledgertest.Admin, ledger.NewPot{Name: "Pot", Year: ledger.DateOf(time.Now()).Year(),
		RecoveryPolicy: ledger.PolicyRefund, Mandates: ledgertest.Ladder()})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := s.Contribute(ctx, ledgertest.Finance, ledger.NewContribution{PotID: pot.ID, PartnerID: partner.ID,
		Amount: ledger.MaxAmount, ValueDate: ledger.DateOf(time.Now()), Reference: "Bijdrage"}); err != nil {
		b.Fatal(err)
	}
	return s, pot.ID
}

// BenchmarkRequestPayout measures durable (synchronous=FULL) approved payouts
// per second through the store, with one requester and with 32 at once.
func BenchmarkRequestPayout(b *testing.B) {
	for _, bc := range []struct {
		requesters int
		keys       bool
	}{{1, false}, {32, false}, {32, true}} {
		b.Run(fmt.Sprintf("requesters=%d/keys=%t", bc.requesters, bc.keys), func(b *testing.B) {
			s, pot := benchStore(b, filepath.Join(b.TempDir(), "bench.db"))
			defer s.Close()
			ctx := context.Background()
			request := func(i int64) error {
				req := ledgertest.ValidRequest(pot, 1_00)
				if bc.keys {
					req.IdempotencyKey = fmt.Sprintf("bench-%d", i)
				}
				_, err := s.RequestPayout(ctx, ledgertest.Caseworker, req)
				return err
			}
			b.ReportAllocs()
			b.ResetTimer()
			if bc.requesters == 1 {
				var i int64
				for b.Loop() {
					i++
					if err := request(i); err != nil {
						b.Fatal(err)
					}
				}
			} else {
				var next atomic.Int64
				var wg sync.WaitGroup
				for range bc.requesters {
					wg.Add(1)
					go func() {
						defer wg.Done()
						for i := next.Add(1); i <= int64(b.N); i = next.Add(1) {
							if err := request(i); err != nil {
								b.Error(err)
								return
							}
						}
					}()
				}
				wg.Wait()
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "payouts/s")
		})
	}
}

// bigLedger returns a store holding *benchPayouts approved payouts, built
// once and kept in the temporary directory between runs.
func bigLedger(b *testing.B) (*ledger.Service, ledger.PotID) {
	b.Helper()
	path := filepath.Join(os.TempDir(), fmt.Sprintf("ontschot-bench-%d.db", *benchPayouts))
	s, pot := benchStore(b, path)
	ctx := context.Background()
	page, err := s.Payouts(ctx, ledger.PayoutFilter{Limit: 1})
	if err != nil {
		b.Fatal(err)
	}
	if len(page.Payouts) > 0 {
		return s, pot // built by an earlier run
	}
	start := time.Now()
	var next atomic.Int64
	var wg sync.WaitGroup
	req := ledgertest.ValidRequest(pot, 1_00)
	for range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for next.Add(1) <= int64(*benchPayouts) {
				if _, err := s.RequestPayout(ctx, ledgertest.Caseworker, req); err != nil {
					b.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	b.Logf("stored %d payouts in %s (%s)", *benchPayouts, time.Since(start).Round(time.Second), path)
	return s, pot
}

// BenchmarkBalance reads a pot's balance with a million payouts stored: it
// must not depend on the length of the history.
func BenchmarkBalance(b *testing.B) {
	s, pot := bigLedger(b)
	defer s.Close()
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := s.Balance(ctx, pot); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPayoutsPage reads the newest page of 50 payouts of a pot with a
// million payouts stored.
func BenchmarkPayoutsPage(b *testing.B) {
	s, pot := bigLedger(b)
	defer s.Close()
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		if _, err := s.Payouts(ctx, ledger.PayoutFilter{PotID: pot, Status: ledger.StatusApproved}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerify recomputes the whole journal of a million payouts.
func BenchmarkVerify(b *testing.B) {
	s, _ := bigLedger(b)
	defer s.Close()
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		v, err := s.Verify(ctx, ledger.VerifyOptions{})
		if err != nil || !v.OK {
			b.Fatal(err, v.Failure)
		}
		b.ReportMetric(float64(v.Transactions), "transactions")
	}
}
