package ledgertest

import (
	"sync"
	"testing"

	"github.com/ontschot/ontschot/ledger"
)

func testIdempotency(t *testing.T, open Opener) {
	t.Run("RetryReturnsTheFirstAnswer", func(t *testing.T) {
		f := newFixture(t, open, 10000_00)
		r := f.request(250_00)
		r.IdempotencyKey = "req-1"
		first, err := f.store.RequestPayout(f.ctx, Caseworker, r)
		if err != nil {
			t.Fatal(err)
		}
		before := f.snapshot()
		again, err := f.store.RequestPayout(f.ctx, Caseworker, r)
		if err != nil {
			t.Fatal(err)
		}
		if again.ID != first.ID || again.Status != first.Status || again.Amount != first.Amount || again.Payee != first.Payee ||
			!again.RequestedAt.Equal(first.RequestedAt) {
			t.Fatalf("retry = %+v; want the first answer %+v", again, first)
		}
		f.unchanged(before)
		f.wantBalance(10000_00, 9750_00, 0, 250_00)
	})
	t.Run("RetryAfterADecisionGetsTheFirstAnswer", func(t *testing.T) {
		f := newFixture(t, open, 10000_00)
		r := f.request(3000_00)
		r.IdempotencyKey = "held-1"
		first, err := f.store.RequestPayout(f.ctx, Caseworker, r)
		if err != nil || first.Status != ledger.StatusPending {
			t.Fatalf("first answer = %v, %v", first.Status, err)
		}
		if _, err := f.store.DecidePayout(f.ctx, Teamlead, ledger.Decision{PayoutID: first.ID, Outcome: ledger.OutcomeApprove}); err != nil {
			t.Fatal(err)
		}
		again, err := f.store.RequestPayout(f.ctx, Caseworker, r)
		if err != nil || again.ID != first.ID || again.Status != ledger.StatusPending || again.Decision != nil ||
			again.Payee != first.Payee || again.Justification.Situation != first.Justification.Situation {
			t.Fatalf("retry = %+v, %v; want the first answer (pending, with its payee and weighing)", again, err)
		}
	})
	t.Run("ErrSameKeyOtherContent", func(t *testing.T) {
		f := newFixture(t, open, 10000_00)
		r := f.request(250_00)
		r.IdempotencyKey = "req-1"
		if _, err := f.store.RequestPayout(f.ctx, Caseworker, r); err != nil {
			t.Fatal(err)
		}
		before := f.snapshot()
		r.Amount = 260_00
		_, err := f.store.RequestPayout(f.ctx, Caseworker, r)
		wantCode(t, err, ledger.EIDEMPOTENCY)
		f.unchanged(before)
		// The same key for another operation is other content too.
		tr := f.request(6000_00)
		tr.IdempotencyKey = "lead-1"
		held, err := f.store.RequestPayout(f.ctx, Teamlead, tr)
		if err != nil {
			t.Fatal(err)
		}
		_, err = f.store.DecidePayout(f.ctx, Manager, ledger.Decision{PayoutID: held.ID, Outcome: ledger.OutcomeApprove, IdempotencyKey: "x"})
		if err != nil {
			t.Fatal(err)
		}
		before = f.snapshot()
		_, err = f.store.DecidePayout(f.ctx, Teamlead, ledger.Decision{PayoutID: held.ID, Outcome: ledger.OutcomeApprove, IdempotencyKey: "lead-1"})
		wantCode(t, err, ledger.EIDEMPOTENCY)
		f.unchanged(before)
	})
	t.Run("KeysAreScopedToTheUser", func(t *testing.T) {
		f := newFixture(t, open, 10000_00)
		r := f.request(250_00)
		r.IdempotencyKey = "req-1"
		a, err := f.store.RequestPayout(f.ctx, Caseworker, r)
		if err != nil {
			t.Fatal(err)
		}
		b, err := f.store.RequestPayout(f.ctx, Colleague, r)
		if err != nil {
			t.Fatal(err)
		}
		if a.ID == b.ID {
			t.Fatalf("two users with the same key got the same payout")
		}
	})
	t.Run("FailuresAreNotRemembered", func(t *testing.T) {
		f := newFixture(t, open, 100_00)
		r := f.request(250_00)
		r.IdempotencyKey = "req-1"
		_, err := f.store.RequestPayout(f.ctx, Caseworker, r)
		wantCode(t, err, ledger.EINSUFFICIENT)
		f.mustContribute(f.pot.ID, f.partner.ID, 1000_00)
		if p, err := f.store.RequestPayout(f.ctx, Caseworker, r); err != nil || p.Status != ledger.StatusApproved {
			t.Fatalf("retry after funding = %v, %v; want approved", p.Status, err)
		}
	})
	t.Run("DecisionsAndContributions", func(t *testing.T) {
		f := newFixture(t, open, 10000_00)
		p := f.mustRequest(Caseworker, 3000_00)
		d := ledger.Decision{PayoutID: p.ID, Outcome: ledger.OutcomeApprove, IdempotencyKey: "dec-1"}
		a, err := f.store.DecidePayout(f.ctx, Teamlead, d)
		if err != nil {
			t.Fatal(err)
		}
		b, err := f.store.DecidePayout(f.ctx, Teamlead, d)
		if err != nil || b.Status != a.Status || b.Decision.By != a.Decision.By {
			t.Fatalf("retried decision = %+v, %v", b, err)
		}
		c := ledger.NewContribution{PotID: f.pot.ID, PartnerID: f.partner.ID, Amount: 500_00, ValueDate: ledger.DateOf(Start), Reference: "Q1", IdempotencyKey: "con-1"}
		c1, err := f.store.Contribute(f.ctx, Finance, c)
		if err != nil {
			t.Fatal(err)
		}
		c2, err := f.store.Contribute(f.ctx, Finance, c)
		if err != nil || c2.ID != c1.ID {
			t.Fatalf("retried contribution = %v, %v; want %v", c2.ID, err, c1.ID)
		}
		f.wantBalance(10500_00, 7500_00, 0, 3000_00)
	})
	t.Run("SameKeyFiftyTimesAtOnce", func(t *testing.T) {
		f := newFixture(t, open, 10000_00)
		r := f.request(100_00)
		r.IdempotencyKey = "burst"
		ids := make([]ledger.PayoutID, 50)
		errs := make([]error, 50)
		var wg sync.WaitGroup
		for i := range 50 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				p, err := f.store.RequestPayout(f.ctx, Caseworker, r)
				ids[i], errs[i] = p.ID, err
			}()
		}
		wg.Wait()
		for i := range 50 {
			if errs[i] != nil || ids[i] != ids[0] {
				t.Fatalf("request %d = %v, %v; want payout %v", i, ids[i], errs[i], ids[0])
			}
		}
		page, _ := f.store.Payouts(f.ctx, ledger.PayoutFilter{})
		if len(page.Payouts) != 1 {
			t.Fatalf("%d payouts; want exactly 1", len(page.Payouts))
		}
		f.wantBalance(10000_00, 9900_00, 0, 100_00)
		f.verify()
	})
}

func testConcurrency(t *testing.T, open Opener) {
	t.Run("NoOverspend", func(t *testing.T) {
		// 200 requests at once against money for 100.
		f := newFixture(t, open, 100*50_00)
		var wg sync.WaitGroup
		results := make([]error, 200)
		for i := range 200 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				actor := Caseworker
				if i%2 == 1 {
					actor = Colleague
				}
				_, results[i] = f.store.RequestPayout(f.ctx, actor, f.request(50_00))
			}()
		}
		wg.Wait()
		approved, refused := 0, 0
		for _, err := range results {
			switch ledger.ErrorCode(err) {
			case "":
				approved++
			case ledger.EINSUFFICIENT:
				refused++
			default:
				t.Fatalf("unexpected error: %v", err)
			}
		}
		if approved != 100 || refused != 100 {
			t.Fatalf("approved %d, refused %d; want exactly 100 and 100", approved, refused)
		}
		f.wantBalance(5000_00, 0, 0, 5000_00)
		f.verify()
		wantNeverNegative(t, f)
	})
	t.Run("HoldsAndDecisionsAtOnce", func(t *testing.T) {
		// Requests within and above the mandate race for the same money,
		// then approvers and rejections race for the holds.
		f := newFixture(t, open, 20000_00)
		var mu sync.Mutex
		var pending []ledger.Payout
		var wg sync.WaitGroup
		for i := range 60 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				amount := ledger.Cents(1000_00)
				if i%3 == 0 {
					amount = 2500_00 // above the caseworker's mandate: held
				}
				p, err := f.store.RequestPayout(f.ctx, Caseworker, f.request(amount))
				if err != nil {
					wantCode(t, err, ledger.EINSUFFICIENT)
					return
				}
				if p.Status == ledger.StatusPending {
					mu.Lock()
					pending = append(pending, p)
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		b := f.balance()
		if b.Available < 0 || b.Available+b.Held+b.Spent != 20000_00 {
			t.Fatalf("balance %+v does not add up to the 20000.00 contributed", b)
		}
		for i, p := range pending {
			wg.Add(1)
			go func() {
				defer wg.Done()
				d := ledger.Decision{PayoutID: p.ID, Outcome: ledger.OutcomeApprove}
				if i%2 == 1 {
					d = ledger.Decision{PayoutID: p.ID, Outcome: ledger.OutcomeReject, Note: "Voorliggende voorziening eerst."}
				}
				if _, err := f.store.DecidePayout(f.ctx, Teamlead, d); err != nil {
					t.Errorf("decide %s: %v", p.ID, err)
				}
			}()
		}
		wg.Wait()
		b = f.balance()
		if b.Held != 0 || b.Available < 0 || b.Available+b.Spent != 20000_00 {
			t.Fatalf("balance after the decisions = %+v", b)
		}
		f.verify()
		wantNeverNegative(t, f)
	})
}

// wantNeverNegative replays the pot's accounts through the journal and fails
// if the available money was ever below zero after any transaction.
func wantNeverNegative(t testing.TB, f *fixture) {
	t.Helper()
	bal := map[string]ledger.Cents{}
	bank := ledger.AccountName(f.pot.ID, ledger.AccountBank, "")
	payable := ledger.AccountName(f.pot.ID, ledger.AccountPayable, "")
	enc := ledger.AccountName(f.pot.ID, ledger.AccountEncumbrances, "")
	for after := int64(0); ; {
		txs, err := f.store.Journal(f.ctx, after, 1000)
		if err != nil {
			t.Fatal(err)
		}
		if len(txs) == 0 {
			return
		}
		for _, tx := range txs {
			for _, p := range tx.Postings {
				bal[p.Account] = p.BalanceAfter
			}
			if avail := bal[bank] + bal[payable] - bal[enc]; avail < -f.pot.OverdraftLimit {
				t.Fatalf("after transaction %d the pot had %s available", tx.Seq, avail)
			}
			after = tx.Seq
		}
	}
}
