package main

import (
	"context"
	"testing"
	"time"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/ledgertest"
	"github.com/ontschot/ontschot/ledger/storage"
)

// TestDemoReconciles: the demo's statement of its last payment run has the
// bank's booked balances, and its reconciliation with the ledger explains
// every difference: the batch written the day before the bank booked it,
// and nothing unexplained.
func TestDemoReconciles(t *testing.T) {
	s, err := storage.Open(demoFile(t), storage.Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	accts, err := s.ReconciliationAccounts(ctx, ledgertest.Auditor)
	if err != nil {
		t.Fatal(err)
	}
	reconciled := 0
	for _, a := range accts {
		if len(a.Statements) == 0 {
			continue
		}
		r, err := s.Reconciliation(ctx, ledgertest.Auditor, a.IBAN, "")
		if err != nil {
			t.Fatal(err)
		}
		var sum ledger.Cents
		earlier := false
		for _, it := range r.Items {
			sum += it.Amount
			earlier = earlier || it.Kind == ledger.DiffBookedPaidEarlier
		}
		if !r.BalancesGiven || r.LedgerMovement+sum != r.BankMovement || !r.Reconciled() || !earlier {
			t.Errorf("the demo's statement of %s: %+v", a.IBAN, r)
		}
		reconciled++
	}
	if reconciled == 0 {
		t.Fatalf("the demo imports no statement: %+v", accts)
	}
}
