package postgres_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/ledgertest"
	"github.com/ontschot/ontschot/ledger/postgres/pgtest"
)

// BenchmarkRequestPayout measures durable approved payouts per second
// through the service on PostgreSQL (the test server made durable:
// pgtest.Durable), with one
// server and with two on one database, requesters spread over them in
// turn: the same benchmark as SQLite's (ledgertest.BenchRequestPayout).
func BenchmarkRequestPayout(b *testing.B) {
	pgtest.Durable(b)
	for _, servers := range []int{1, 2} {
		b.Run(fmt.Sprintf("servers=%d", servers), func(b *testing.B) {
			ledgertest.BenchRequestPayout(b, func(b *testing.B) []ledger.Store {
				dsn := newDSN(b, time.Now())
				var stores []ledger.Store
				for range servers {
					stores = append(stores, mustOpen(b, dsn, time.Now))
				}
				return stores
			})
		})
	}
}
