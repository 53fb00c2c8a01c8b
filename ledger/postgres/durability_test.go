package postgres_test

import (
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/ledgertest"
	"github.com/ontschot/ontschot/ledger/storage"
)

// TestHelperWriter is not a test: TestDurabilityAfterKill runs the test
// binary again with this test selected, as a child process (a server) that
// writes payouts to PostgreSQL and reports each approval on stdout until it
// is killed.
func TestHelperWriter(t *testing.T) {
	dsn := os.Getenv("ONTSCHOT_HELPER_DSN")
	if dsn == "" {
		t.Skip("runs only as the child process of TestDurabilityAfterKill")
	}
	s, err := storage.Open(dsn, storage.Options{})
	if err != nil {
		fmt.Println("ERROR", err)
		os.Exit(1)
	}
	ledgertest.WriteUntilKilled(s, ledger.PotID(os.Getenv("ONTSCHOT_HELPER_POT")), os.Stdout)
}

// TestDurabilityAfterKill kills a server writing to PostgreSQL with
// SIGKILL mid-stream: its open transactions end with its connections, and
// every payout it answered is in the ledger, which verifies.
func TestDurabilityAfterKill(t *testing.T) {
	dsn := newDSN(t, time.Now())
	s := mustOpen(t, dsn, time.Now)
	pot := ledgertest.Fund(t, s, 1_000_000_00)
	reported := ledgertest.KillMidStream(t, "TestHelperWriter", []string{"ONTSCHOT_HELPER_DSN=" + dsn, "ONTSCHOT_HELPER_POT=" + string(pot)}, 500)
	ledgertest.CheckAfterKill(t, s, pot, 1_000_000_00, reported)
}
