package sqlite_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/ledgertest"
	"github.com/ontschot/ontschot/ledger/sqlite"
	"github.com/ontschot/ontschot/ledger/storage"
)

// fundedFile creates a ledger file with one pot holding funds and returns
// its path and the pot.
func fundedFile(t *testing.T, funds ledger.Cents) (string, ledger.PotID) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "ledger.db")
	s, err := storage.Open(path, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	pot := ledgertest.Fund(t, s, funds)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return path, pot
}

// TestHelperWriter is not a test: TestDurabilityAfterKill runs the test
// binary again with this test selected, as a child process that writes
// payouts and reports each approval on stdout until it is killed.
func TestHelperWriter(t *testing.T) {
	path := os.Getenv("ONTSCHOT_HELPER_DB")
	if path == "" {
		t.Skip("runs only as the child process of TestDurabilityAfterKill")
	}
	s, err := storage.Open(path, storage.Options{})
	if err != nil {
		fmt.Println("ERROR", err)
		os.Exit(1)
	}
	ledgertest.WriteUntilKilled(s, ledger.PotID(os.Getenv("ONTSCHOT_HELPER_POT")), os.Stdout)
}

func TestDurabilityAfterKill(t *testing.T) {
	path, pot := fundedFile(t, 1_000_000_00)
	reported := ledgertest.KillMidStream(t, "TestHelperWriter", []string{"ONTSCHOT_HELPER_DB=" + path, "ONTSCHOT_HELPER_POT=" + string(pot)}, 500)
	s, err := storage.Open(path, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ledgertest.CheckAfterKill(t, s, pot, 1_000_000_00, reported)
}

func TestBackupWhileWriting(t *testing.T) {
	path, pot := fundedFile(t, 1_000_000_00)
	s, err := storage.Open(path, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				if _, err := s.RequestPayout(ctx, ledgertest.Caseworker, ledgertest.ValidRequest(pot, 1_00)); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	time.Sleep(50 * time.Millisecond)
	backup := filepath.Join(t.TempDir(), "backup.db")
	err = s.Engine().(*sqlite.Engine).Backup(ctx, backup, nil)
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	b, err := storage.Open(backup, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	v := ledgertest.MustVerify(t, b)
	if v.Transactions < 2 {
		t.Fatalf("the backup holds %d transactions", v.Transactions)
	}
	if err := s.Engine().(*sqlite.Engine).Backup(ctx, backup, nil); err == nil || !strings.Contains(err.Error(), "exists already") {
		t.Fatalf("Backup over an existing file = %v; want a refusal", err)
	}
}

func TestTwoProcessesShareTheFile(t *testing.T) {
	// The CLI may book while the server runs: two stores on one file must
	// keep one chain.
	path, pot := fundedFile(t, 1_000_000_00)
	a, err := storage.Open(path, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := storage.Open(path, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	before := ledgertest.MustVerify(t, a).Transactions
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := a
			if i%2 == 1 {
				s = b
			}
			for range 25 {
				if _, err := s.RequestPayout(context.Background(), ledgertest.Caseworker, ledgertest.ValidRequest(pot, 1_00)); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	v := ledgertest.MustVerify(t, a)
	if v.Transactions != before+200 {
		t.Fatalf("%d transactions; want %d", v.Transactions, before+200)
	}
}

func TestCacheSeesAnotherProcessesChanges(t *testing.T) {
	path, pot := fundedFile(t, 100000_00)
	server, err := storage.Open(path, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer server.Close()
	ctx := context.Background()
	// The server reads (and caches) the pot with the standard ladder.
	if p, err := server.RequestPayout(ctx, ledgertest.Caseworker, ledgertest.ValidRequest(pot, 2000_00)); err != nil || p.Status != ledger.StatusPending {
		t.Fatalf("first request = %v, %v; want pending", p.Status, err)
	}
	// The CLI, another process, raises the caseworker's mandate…
	cli, err := storage.Open(path, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ladder := ledgertest.Ladder()
	ladder[0].Limit = 2500_00
	if _, err := cli.SetMandates(ctx, ledgertest.Admin, pot, ladder, ledger.Escalation{}, ""); err != nil {
		t.Fatal(err)
	}
	cli.Close()
	// …and the server applies the new ladder to the next request.
	if p, err := server.RequestPayout(ctx, ledgertest.Caseworker, ledgertest.ValidRequest(pot, 2000_00)); err != nil || p.Status != ledger.StatusApproved {
		t.Fatalf("request after the CLI changed the ladder = %v, %v; want approved", p.Status, err)
	}
	ledgertest.MustVerify(t, server)
}
