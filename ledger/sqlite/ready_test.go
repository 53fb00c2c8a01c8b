package sqlite_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/ledgertest"
	"github.com/ontschot/ontschot/ledger/sqlite"
	"github.com/ontschot/ontschot/ledger/storage"
)

// TestReadyOnAFullDisk puts the ledger on a small tmpfs and fills it: the
// kernel answers ENOSPC to the writer exactly as a full production disk
// would, so this is the failure the readiness check exists for. Reads (Ping,
// what liveness asks) keep working; a booking and Ready both fail; once space
// is freed both work again.
func TestReadyOnAFullDisk(t *testing.T) {
	disk := ledgertest.SmallDisk(t, 8<<20)
	clock := ledgertest.NewClock(ledgertest.Start)
	s, err := storage.Open(filepath.Join(disk, "ledger.db"), storage.Options{Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	ctx := context.Background()
	partner, err := s.CreatePartner(ctx, ledgertest.Admin, ledger.NewPartner{Name: "Gemeente", Kind: ledger.KindMunicipality})
	if err != nil {
		t.Fatal(err)
	}
	pot, err := s.CreatePot(ctx, ledgertest.Admin, ledger.NewPot{Name: "Pot", Year: 2026, RecoveryPolicy: ledger.PolicyRefund, Mandates: ledgertest.Ladder()})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Contribute(ctx, ledgertest.Finance, ledger.NewContribution{PotID: pot.ID, PartnerID: partner.ID, Amount: 100_000_00,
		ValueDate: ledger.DateOf(clock.Now()), Reference: "Bijdrage"}); err != nil {
		t.Fatal(err)
	}
	if err := s.Ready(ctx); err != nil {
		t.Fatalf("Ready on a fresh ledger with room: %v", err)
	}

	free := ledgertest.FillDisk(t, disk)
	if _, err := s.RequestPayout(ctx, ledgertest.Caseworker, ledgertest.ValidRequest(pot.ID, 10_00)); err == nil {
		t.Fatal("a payout was booked on a full disk; the test does not simulate a full disk")
	}
	if err := s.Ready(ctx); err == nil {
		t.Fatal("Ready = nil on a full disk, where every booking fails")
	}
	if err := s.Ping(ctx); err != nil {
		t.Fatalf("Ping on a full disk = %v; reads still work, and liveness must say so", err)
	}

	free()
	if err := s.Ready(ctx); err != nil {
		t.Fatalf("Ready once space is free again: %v", err)
	}
	if _, err := s.RequestPayout(ctx, ledgertest.Caseworker, ledgertest.ValidRequest(pot.ID, 10_00)); err != nil {
		t.Fatalf("a payout once space is free again: %v", err)
	}
	ledgertest.MustVerify(t, s)
}

// TestReadyGivesUp checks that Ready answers when its context ends rather
// than waiting on a writer that does not answer, and fails once the store is
// closed.
func TestReadyGivesUp(t *testing.T) {
	s := MustOpen(t, nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := s.Ready(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("Ready with a cancelled context = %v; want context.Canceled", err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Ready(context.Background()); err == nil {
		t.Fatal("Ready on a closed store = nil")
	}
}

// files lists the names in dir.
func files(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// TestBackupLeavesNothingOnFailure makes a backup fail in each way it can,
// and checks that the target directory holds nothing afterwards: no file
// under the backup's name, no temporary file, no SQLite journal.
func TestBackupLeavesNothingOnFailure(t *testing.T) {
	path, _ := fundedFile(t, 1000_00)
	s, err := storage.Open(path, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()

	t.Run("CheckFails", func(t *testing.T) {
		dir := t.TempDir()
		var checked string
		err := s.Engine().(*sqlite.Engine).Backup(ctx, filepath.Join(dir, "backup.db"), func(ctx context.Context, file string) error {
			checked = file
			if _, err := os.Stat(file); err != nil {
				t.Errorf("the check got %s, which does not exist: %v", file, err)
			}
			return errors.New("the copy does not verify")
		})
		if err == nil || err.Error() != "the copy does not verify" {
			t.Fatalf("Backup = %v; want the check's error", err)
		}
		if filepath.Dir(checked) != dir || filepath.Base(checked) == "backup.db" {
			t.Fatalf("the check got %s; want a temporary name in %s", checked, dir)
		}
		if got := files(t, dir); len(got) != 0 {
			t.Fatalf("a failed backup left %v", got)
		}
	})
	t.Run("Cancelled", func(t *testing.T) {
		dir := t.TempDir()
		ctx, cancel := context.WithCancel(ctx)
		err := s.Engine().(*sqlite.Engine).Backup(ctx, filepath.Join(dir, "backup.db"), func(context.Context, string) error {
			cancel() // the operator pressed ^C while the copy was checked
			return nil
		})
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("Backup = %v; want context.Canceled", err)
		}
		if got := files(t, dir); len(got) != 0 {
			t.Fatalf("a cancelled backup left %v", got)
		}
	})
	t.Run("DiskFull", func(t *testing.T) {
		dir := ledgertest.SmallDisk(t, 64<<10)
		err := s.Engine().(*sqlite.Engine).Backup(ctx, filepath.Join(dir, "backup.db"), nil)
		if err == nil {
			t.Fatal("a backup larger than the disk succeeded")
		}
		if got := files(t, dir); len(got) != 0 {
			t.Fatalf("a backup that filled the disk left %v", got)
		}
	})
	t.Run("NameTakenMeanwhile", func(t *testing.T) {
		dir := t.TempDir()
		to := filepath.Join(dir, "backup.db")
		err := s.Engine().(*sqlite.Engine).Backup(ctx, to, func(context.Context, string) error {
			return os.WriteFile(to, []byte("someone else's file"), 0o644)
		})
		if err == nil {
			t.Fatal("Backup replaced a file that appeared under its name")
		}
		if b, _ := os.ReadFile(to); string(b) != "someone else's file" {
			t.Fatalf("the file that appeared under the name now holds %d bytes of something else", len(b))
		}
		if got := files(t, dir); len(got) != 1 {
			t.Fatalf("the failed backup left %v beside the other file", got)
		}
	})
	t.Run("OK", func(t *testing.T) {
		dir := t.TempDir()
		if err := s.Engine().(*sqlite.Engine).Backup(ctx, filepath.Join(dir, "backup.db"), nil); err != nil {
			t.Fatal(err)
		}
		if got := files(t, dir); len(got) != 1 || got[0] != "backup.db" {
			t.Fatalf("a backup left %v; want backup.db alone", got)
		}
	})
}
