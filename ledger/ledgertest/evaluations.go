package ledgertest

import (
	"errors"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/ledger"
)

// mustPay pays the approved payouts of the fixture's pot in a payment
// batch (giving the pot its bank account first, if it has none), so they
// can be evaluated (ledger.Payout.Evaluable), and returns the batch.
func (f *fixture) mustPay() ledger.PaymentBatch {
	f.t.Helper()
	pot, err := f.store.Pot(f.ctx, f.pot.ID)
	if err != nil {
		f.t.Fatal(err)
	}
	if pot.DebtorAccount == nil {
		if _, err := f.store.SetDebtorAccount(f.ctx, Finance, f.pot.ID, DebtorAccount(), ""); err != nil {
			f.t.Fatalf("SetDebtorAccount: %v", err)
		}
	}
	b, err := f.store.CreatePaymentBatch(f.ctx, Finance, ledger.NewPaymentBatch{PotID: f.pot.ID})
	if err != nil {
		f.t.Fatalf("CreatePaymentBatch: %v", err)
	}
	return b
}

// testEvaluateOnlyPaid: a payout is evaluated once its money has gone out
// in a payment batch, not before. An evaluation recorded seconds after the
// request (the approval at once, within the caseworker's mandate) is
// refused, so the regret ratio weighs judgements of money spent; the
// evaluations a requester owes are paid payouts only.
func testEvaluateOnlyPaid(t *testing.T, open Opener) {
	f := newFixture(t, open, 10000_00)
	p := f.mustRequest(Caseworker, 400_00)
	if p.Status != ledger.StatusApproved {
		t.Fatalf("status %s; want approved at once", p.Status)
	}
	before := f.snapshot()
	_, err := f.store.Evaluate(f.ctx, Caseworker, ledger.EvaluationRequest{PayoutID: p.ID, Outcome: ledger.EvalEffective, Note: "Meteen goed gegaan"})
	wantCode(t, err, ledger.ECONFLICT)
	var le *ledger.Error
	if !errors.As(err, &le) || le.Msg.Code.String() != "evaluation.not_paid" || !strings.Contains(le.Message, "not yet paid") {
		t.Fatalf("err = %v; want it to say the payout is not paid yet", err)
	}
	f.unchanged(before)
	// Sixty days on, approved and still unpaid: nothing is owed.
	f.clock.Set(Start.AddDate(0, 0, ledger.EvaluationDueDays))
	owed, err := f.store.OwedEvaluations(f.ctx, Caseworker, ledger.WorkFilter{})
	if err != nil || owed.Total != 0 || len(owed.Payouts) != 0 {
		t.Fatalf("OwedEvaluations = %+v, %v; an unpaid payout is owed by no one", owed, err)
	}
	// Paid, it is owed, and evaluated.
	f.mustPay()
	owed, err = f.store.OwedEvaluations(f.ctx, Caseworker, ledger.WorkFilter{})
	if err != nil || owed.Total != 1 || len(owed.Payouts) != 1 || owed.Payouts[0].ID != p.ID {
		t.Fatalf("OwedEvaluations = %+v, %v; want the paid payout", owed, err)
	}
	if got, _ := f.store.Payout(f.ctx, p.ID); !got.Evaluable() {
		t.Fatalf("a paid payout is not evaluable: %s", got.Status)
	}
	e, err := f.store.Evaluate(f.ctx, Caseworker, ledger.EvaluationRequest{PayoutID: p.ID, Outcome: ledger.EvalEffective, Note: "De bewoner woont er nog"})
	if err != nil || e.Version != 1 {
		t.Fatalf("Evaluate after payment = %+v, %v", e, err)
	}
	f.verify()
}
