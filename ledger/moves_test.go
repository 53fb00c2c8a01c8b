package ledger_test

import (
	"context"
	"maps"
	"path/filepath"
	"testing"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/ledgertest"
	"github.com/ontschot/ontschot/ledger/storage"
)

// TestPayoutMoves: the service counts each payout it moves into a status
// once, whatever the write (a request, a decision, a reversal, a payment
// run); a retry answered from its stored answer and a refused write count
// nothing.
func TestPayoutMoves(t *testing.T) {
	ctx := context.Background()
	clock := ledgertest.NewClock(ledgertest.Start)
	s, err := storage.Open(filepath.Join(t.TempDir(), "ledger.db"), storage.Options{Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	want := map[ledger.Status]uint64{}
	for _, st := range ledger.Statuses {
		want[st] = 0
	}
	check := func(step string) {
		t.Helper()
		if got := s.PayoutMoves(); !maps.Equal(got, want) {
			t.Fatalf("after %s: moves %v; want %v", step, got, want)
		}
	}
	check("opening")

	partner, err := s.CreatePartner(ctx, ledgertest.Admin, ledger.NewPartner{Name: "De Friesland", Kind: ledger.KindHealthInsurer})
	if err != nil {
		t.Fatal(err)
	}
	pot, err := s.CreatePot(ctx, ledgertest.Admin, ledger.NewPot{Name: "Doorbraakpot", Year: 2026, RecoveryPolicy: ledger.PolicyRefund, Mandates: ledgertest.Ladder()})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Contribute(ctx, ledgertest.Finance, ledger.NewContribution{PotID: pot.ID, PartnerID: partner.ID, Amount: 20000_00,
		ValueDate: ledger.DateOf(clock.Now()), Reference: "Bijdrage"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SetDebtorAccount(ctx, ledgertest.Finance, pot.ID, ledgertest.DebtorAccount(), ""); err != nil {
		t.Fatal(err)
	}
	check("a pot, a contribution and an account")

	// Within the mandate, with an idempotency key, sent three times.
	req := ledgertest.ValidRequest(pot.ID, 100_00)
	req.IdempotencyKey = "retry-1"
	var atOnce ledger.Payout
	for range 3 {
		if atOnce, err = s.RequestPayout(ctx, ledgertest.Caseworker, req); err != nil {
			t.Fatal(err)
		}
	}
	want[ledger.StatusApproved]++
	check("a payout approved at once, asked three times")

	// Refused: more than the pot holds.
	if _, err := s.RequestPayout(ctx, ledgertest.Caseworker, ledgertest.ValidRequest(pot.ID, 30000_00)); err == nil {
		t.Fatal("a request above the pot's money was booked")
	}
	check("a refused request")

	above := ledgertest.ValidRequest(pot.ID, 2000_00)
	held1, err := s.RequestPayout(ctx, ledgertest.Caseworker, above)
	if err != nil {
		t.Fatal(err)
	}
	held2, err := s.RequestPayout(ctx, ledgertest.Caseworker, above)
	if err != nil {
		t.Fatal(err)
	}
	want[ledger.StatusPending] += 2
	check("two payouts held for a decision")

	decision := ledger.Decision{PayoutID: held1.ID, Outcome: ledger.OutcomeApprove, Note: "Akkoord.", IdempotencyKey: "decide-1"}
	for range 2 {
		if _, err := s.DecidePayout(ctx, ledgertest.Teamlead, decision); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.DecidePayout(ctx, ledgertest.Teamlead, ledger.Decision{PayoutID: held2.ID, Outcome: ledger.OutcomeReject, Note: "Eerst de reguliere route."}); err != nil {
		t.Fatal(err)
	}
	want[ledger.StatusApproved]++
	want[ledger.StatusRejected]++
	check("an approval sent twice and a rejection")

	if _, err := s.ReversePayout(ctx, ledgertest.Finance, ledger.Reversal{PayoutID: atOnce.ID, Reason: "Dubbel ingevoerd."}); err != nil {
		t.Fatal(err)
	}
	want[ledger.StatusReversed]++
	check("a reversal")

	batch := ledger.NewPaymentBatch{PotID: pot.ID, IdempotencyKey: "pay-1"}
	for range 2 {
		if _, err := s.CreatePaymentBatch(ctx, ledgertest.Finance, batch); err != nil {
			t.Fatal(err)
		}
	}
	want[ledger.StatusPaid]++
	check("a payment run sent twice")
}
