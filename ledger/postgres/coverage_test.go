package postgres_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/ledgertest"
	"github.com/ontschot/ontschot/ledger/postgres/pgtest"
	"github.com/ontschot/ontschot/ledger/storage"
)

// TestNewLedgerStartsLikeSQLite opens a new ledger on PostgreSQL and a new
// SQLite file at the same instant: both begin with the baseline of
// coverage (ledger.BookCoverage), transaction for transaction, so their
// journals have the same head hash, and both verify with coverage from
// their first transaction.
func TestNewLedgerStartsLikeSQLite(t *testing.T) {
	at := time.Date(2026, 2, 3, 10, 0, 0, 0, time.UTC)
	now := func() time.Time { return at }
	pg := mustOpen(t, pgtest.DSN(t), now)
	lite, err := storage.Open(filepath.Join(t.TempDir(), "ledger.db"), storage.Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	defer lite.Close()
	ctx := context.Background()
	journal := func(s ledger.Store) []ledger.Transaction {
		t.Helper()
		txs, err := s.Journal(ctx, 0, 1000)
		if err != nil {
			t.Fatal(err)
		}
		return txs
	}
	got, want := journal(pg), journal(lite)
	if len(got) == 0 || got[0].Kind != ledger.TxCoverageBegan {
		t.Fatalf("a new PostgreSQL ledger starts with %d transactions, the first %+v; want the baseline of coverage", len(got), got)
	}
	if len(got) != len(want) {
		t.Fatalf("a new PostgreSQL ledger has %d transactions; a new SQLite file %d", len(got), len(want))
	}
	for i := range want {
		if got[i].Kind != want[i].Kind || got[i].Ref != want[i].Ref || got[i].Hash != want[i].Hash {
			t.Fatalf("transaction %d on PostgreSQL is %s %s (%s); on SQLite %s %s (%s)", i+1,
				got[i].Kind, got[i].Ref, got[i].Hash, want[i].Kind, want[i].Ref, want[i].Hash)
		}
	}
	v := ledgertest.MustVerify(t, pg)
	if w := ledgertest.MustVerify(t, lite); v.Checkpoint != w.Checkpoint {
		t.Fatalf("checkpoint on PostgreSQL %s; on SQLite %s", v.Checkpoint, w.Checkpoint)
	}
}
