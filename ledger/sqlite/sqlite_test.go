package sqlite_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/ledgertest"
	"github.com/ontschot/ontschot/ledger/storage"
)

// MustOpen opens a store on a new file in a temporary directory and closes it
// when the test ends.
func MustOpen(tb testing.TB, now func() time.Time) *ledger.Service {
	tb.Helper()
	s, err := storage.Open(filepath.Join(tb.TempDir(), "ledger.db"), storage.Options{Now: now})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if err := s.Close(); err != nil {
			tb.Errorf("close: %v", err)
		}
	})
	return s
}

func TestConformance(t *testing.T) {
	ledgertest.Run(t, func(t testing.TB, clock *ledgertest.Clock) ledger.Store {
		return MustOpen(t, clock.Now)
	})
}
