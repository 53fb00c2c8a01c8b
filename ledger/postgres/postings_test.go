package postgres_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/ledgertest"
)

// TestVerifyNamesAChangedPostingSumOnPostgres: the sums of postings kept
// beside the journal for the statements are checked against the postings
// on PostgreSQL as on SQLite; one changed behind the service's back is
// named, with its account, kind and month.
func TestVerifyNamesAChangedPostingSumOnPostgres(t *testing.T) {
	x := seedTampered(t)
	db := mustSQL(t, x.dsn)
	if _, err := db.Exec(`UPDATE posting_sums SET n = n + 1 WHERE kind = 'contribution' AND amount > 0`); err != nil {
		t.Fatal(err)
	}
	s := mustOpen(t, x.dsn, time.Now)
	v, err := s.Verify(context.Background(), ledger.VerifyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if v.OK || !strings.Contains(v.Failure.Error(), "of contribution transactions in 2026-03") || !strings.Contains(v.Failure.Error(), "is stored as 2 postings and 50000.00, but the journal's postings give 1 and 50000.00") {
		t.Fatalf("a changed sum: %+v", v.Failure)
	}
}

// TestPostingSumTampering runs the suite's tampering with the sums of
// postings, full and incremental verifications, on PostgreSQL (as its
// owner, triggers and foreign keys off for the session).
func TestPostingSumTampering(t *testing.T) {
	ledgertest.PostingSumTampering(t, func(t testing.TB, clock *ledgertest.Clock) (ledger.Store, func(...string)) {
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
