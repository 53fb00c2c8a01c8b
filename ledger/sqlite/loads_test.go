package sqlite_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/ledgertest"
	"github.com/ontschot/ontschot/ledger/storage"
)

// partyLoadFile makes a ledger with one payout allocated partly to an
// outside party and returns its path and pot.
func partyLoadFile(t *testing.T) (string, ledger.PotID) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "ledger.db")
	s, err := storage.Open(path, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	pot := ledgertest.Fund(t, s, 10000_00)
	party, err := s.CreateParty(ctx, ledgertest.Finance, ledger.NewParty{Name: "Woonbedrijf Noord", Kind: ledger.PartyHousingCorporation})
	if err != nil {
		t.Fatal(err)
	}
	p, err := s.RequestPayout(ctx, ledgertest.Caseworker, ledgertest.ValidRequest(pot, 500_00))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Allocate(ctx, ledgertest.Finance, ledger.AllocationRequest{PayoutID: p.ID, Lines: []ledger.AllocationLine{
		{Target: ledger.TargetParty, PartyID: party.ID, Amount: 200_00}, {Target: ledger.TargetMaatwerk, Amount: 300_00}}}); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return path, pot
}

// TestVerifyNamesAChangedPartyLoad: the rotation loads kept beside the
// allocations are checked against them; one changed in the file is named.
func TestVerifyNamesAChangedPartyLoad(t *testing.T) {
	path, _ := partyLoadFile(t)
	if v := verifyFile(t, path); !v.OK {
		t.Fatalf("before: %v", v.Failure)
	}
	rawExec(t, path, `UPDATE party_loads SET turns = turns + 1`)
	v := verifyFile(t, path)
	if v.OK || !strings.Contains(v.Failure.Error(), "rotation load") || !strings.Contains(v.Failure.Error(), "stored as 2 payouts") {
		t.Fatalf("a changed load: %+v", v.Failure)
	}
}

// TestPartyLoadsMigrate: a ledger from before the loads were kept gets them
// summed from its allocations when migration 11 runs.
func TestPartyLoadsMigrate(t *testing.T) {
	path, pot := partyLoadFile(t)
	rawExec(t, path, `DROP TABLE party_loads`, `DELETE FROM schema_migrations WHERE version = 11`)
	s, err := storage.Open(path, storage.Options{Now: time.Now})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	loads, err := s.PartyLoads(context.Background(), pot)
	if err != nil || len(loads) != 1 || loads[0].Turns != 1 || loads[0].Borne != 200_00 {
		t.Fatalf("loads after the migration: %+v, %v", loads, err)
	}
	ledgertest.MustVerify(t, s)
}
