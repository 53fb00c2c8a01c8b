package ledgertest

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/ontschot/ontschot/ledger"
)

// BenchRequestPayout measures durable approved payouts per second through
// the service, with one requester, with 32 at once, and with 32 each
// sending an idempotency key. open returns the services to spread the
// requesters over, in turn: one, or several on one ledger (servers sharing
// a database); the first is funded with ledger.MaxAmount. Every engine's
// package runs it as its BenchmarkRequestPayout, so the figures compare.
func BenchRequestPayout(b *testing.B, open func(b *testing.B) []ledger.Store) {
	for _, bc := range []struct {
		requesters int
		keys       bool
	}{{1, false}, {32, false}, {32, true}} {
		b.Run(fmt.Sprintf("requesters=%d/keys=%t", bc.requesters, bc.keys), func(b *testing.B) {
			stores := open(b)
			pot := Fund(b, stores[0], ledger.MaxAmount)
			ctx := context.Background()
			request := func(i int64) error {
				req := ValidRequest(pot, 1_00)
				if bc.keys {
					req.IdempotencyKey = fmt.Sprintf("bench-%d", i)
				}
				_, err := stores[i%int64(len(stores))].RequestPayout(ctx, Caseworker, req)
				return err
			}
			b.ReportAllocs()
			b.ResetTimer()
			var next atomic.Int64
			var wg sync.WaitGroup
			for range bc.requesters {
				wg.Go(func() {
					for i := next.Add(1); i <= int64(b.N); i = next.Add(1) {
						if err := request(i); err != nil {
							b.Error(err)
							return
						}
					}
				})
			}
			wg.Wait()
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "payouts/s")
		})
	}
}
