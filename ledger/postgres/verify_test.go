package postgres_test

import (
	"context"
	"testing"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/ledgertest"
)

// TestVerification runs the suite's tests of incremental verification and
// of a verification beside the writer on PostgreSQL.
func TestVerification(t *testing.T) {
	ledgertest.Verification(t, func(t testing.TB, clock *ledgertest.Clock) ledger.Store {
		return mustOpen(t, newDSN(t, clock.Now()), clock.Now)
	})
}

// TestVerifyTampering changes the database behind an open store, as its
// owner can (triggers and foreign keys off for the session), before and
// after the recorded checkpoint and the checkpoint itself.
func TestVerifyTampering(t *testing.T) {
	ledgertest.VerifyTampering(t, func(t testing.TB, clock *ledgertest.Clock) (ledger.Store, func(...string)) {
		dsn := newDSN(t, clock.Now())
		s := mustOpen(t, dsn, clock.Now)
		return s, func(stmts ...string) {
			t.Helper()
			ctx := context.Background()
			conn, err := mustSQL(t, dsn).Conn(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			for _, stmt := range append([]string{`SET session_replication_role = replica`}, stmts...) {
				if _, err := conn.ExecContext(ctx, stmt); err != nil {
					t.Fatalf("%s: %v", stmt, err)
				}
			}
		}
	})
}
