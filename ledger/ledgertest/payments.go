package ledgertest

import (
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/ontschot/ontschot/ledger"
)

// DebtorAccount is a valid debtor account: the municipality's account at
// BNG Bank.
func DebtorAccount() ledger.DebtorAccount {
	return ledger.DebtorAccount{Name: "Gemeente Leeuwarden", IBAN: "NL11BNGH0002220001", BIC: "BNGHNL2G", Town: "Leeuwarden", Country: "NL"}
}

func testPayments(t *testing.T, open Opener) {
	setup := func(t *testing.T) *fixture {
		f := newFixture(t, open, 10000_00)
		p, err := f.store.SetDebtorAccount(f.ctx, Finance, f.pot.ID, DebtorAccount(), "")
		if err != nil || p.DebtorAccount == nil || p.DebtorAccount.BIC != "BNGHNL2G" {
			t.Fatalf("SetDebtorAccount = %+v, %v", p.DebtorAccount, err)
		}
		return f
	}
	t.Run("PayApprovedPayouts", func(t *testing.T) {
		f := setup(t)
		r := f.request(100_00)
		r.Urgency = ledger.UrgencyNormal
		normal, err := f.store.RequestPayout(f.ctx, Caseworker, r)
		if err != nil {
			t.Fatal(err)
		}
		r = f.request(250_00)
		r.Urgency = ledger.UrgencyUrgent
		urgent, err := f.store.RequestPayout(f.ctx, Caseworker, r)
		if err != nil {
			t.Fatal(err)
		}
		held := f.mustRequest(Caseworker, 3000_00)
		b, err := f.store.CreatePaymentBatch(f.ctx, Finance, ledger.NewPaymentBatch{IdempotencyKey: "pay-1"})
		if err != nil {
			t.Fatal(err)
		}
		if b.Payouts != 2 || b.Amount != 350_00 || len(b.Items) != 2 || len(b.Groups) != 1 || b.ExecutionDate != ledger.DateOf(Start) || b.Remittance != ledger.RemittanceCurrent {
			t.Fatalf("batch = %+v", b)
		}
		if b.Items[0].PayoutID != urgent.ID || b.Items[1].PayoutID != normal.ID || b.Items[0].Payee.IBAN != "NL91ABNA0417164300" {
			t.Fatalf("items = %+v; want the urgent one first, with its payee", b.Items)
		}
		if g := b.Groups[0]; g.Debtor.IBAN != "NL11BNGH0002220001" || g.Amount != 350_00 || g.JournalSeq == 0 {
			t.Fatalf("group = %+v", g)
		}
		for _, id := range []ledger.PayoutID{normal.ID, urgent.ID} {
			if p, _ := f.store.Payout(f.ctx, id); p.Status != ledger.StatusPaid {
				t.Fatalf("payout %s is %s; want paid", id, p.Status)
			}
		}
		if p, _ := f.store.Payout(f.ctx, held.ID); p.Status != ledger.StatusPending {
			t.Fatalf("the held payout is %s; a pending payout is not paid", p.Status)
		}
		bal := f.balance()
		if bal.Unpaid != 0 || bal.Available != 10000_00-350_00-3000_00 {
			t.Fatalf("balance = %+v; want nothing unpaid, available unchanged by the payment", bal)
		}
		// A retry gives the same batch; a new request finds nothing to pay.
		again, err := f.store.CreatePaymentBatch(f.ctx, Finance, ledger.NewPaymentBatch{IdempotencyKey: "pay-1"})
		if err != nil || again.ID != b.ID {
			t.Fatalf("retry = %s, %v; want %s", again.ID, err, b.ID)
		}
		before := f.snapshot()
		_, err = f.store.CreatePaymentBatch(f.ctx, Finance, ledger.NewPaymentBatch{})
		wantCode(t, err, ledger.ECONFLICT)
		_, err = f.store.ReversePayout(f.ctx, Finance, ledger.Reversal{PayoutID: normal.ID, Reason: "Te laat bedacht"})
		wantCode(t, err, ledger.ECONFLICT)
		f.unchanged(before)
		// A paid payout can still be allocated and evaluated.
		f.mustAllocate(normal.ID, "", maatwerk(100_00))
		if _, err := f.store.Evaluate(f.ctx, Caseworker, ledger.EvaluationRequest{PayoutID: normal.ID, Outcome: ledger.EvalEffective, Note: "Goed gegaan"}); err != nil {
			t.Fatal(err)
		}
		page, err := f.store.PaymentBatches(f.ctx, ledger.PaymentBatchFilter{})
		list := page.Batches
		if err != nil || len(list) != 1 || list[0].ID != b.ID || len(list[0].Items) != 0 || len(list[0].Groups) != 1 || page.Total != 1 || page.Amount != b.Amount {
			t.Fatalf("PaymentBatches = %+v, %v", list, err)
		}
		got, err := f.store.PaymentBatch(f.ctx, b.ID)
		if err != nil || len(got.Items) != 2 || got.CreatedAt != b.CreatedAt || got.Remittance != ledger.RemittanceCurrent || list[0].Remittance != got.Remittance {
			t.Fatalf("PaymentBatch = %+v, %v; want it as made, in the wording it was made with", got, err)
		}
		f.verify()
	})
	t.Run("PreviewThenConfirm", func(t *testing.T) {
		f := setup(t)
		r := f.request(100_00)
		r.Urgency = ledger.UrgencyNormal
		normal, err := f.store.RequestPayout(f.ctx, Caseworker, r)
		if err != nil {
			t.Fatal(err)
		}
		urgent := f.mustRequest(Caseworker, 250_00) // ValidRequest is urgent
		f.mustRequest(Caseworker, 3000_00)          // waits for a decision: not in the batch
		before := f.snapshot()
		plan, err := f.store.CreatePaymentBatch(f.ctx, Finance, ledger.NewPaymentBatch{DryRun: true, IdempotencyKey: "preview"})
		if err != nil {
			t.Fatal(err)
		}
		if plan.ID != "" || plan.Payouts != 2 || plan.Amount != 350_00 || len(plan.Groups) != 1 || plan.Groups[0].Debtor.IBAN != "NL11BNGH0002220001" ||
			len(plan.Items) != 2 || plan.Items[0].PayoutID != urgent.ID || plan.Items[1].PayoutID != normal.ID || plan.Items[0].Payee.Name == "" ||
			plan.ExecutionDate != ledger.DateOf(Start) {
			t.Fatalf("preview = %+v; want the two approved payouts, urgent first, with their payees, from the pot's account", plan)
		}
		if n, amount := plan.Instant(""); n != 1 || amount != 250_00 {
			t.Fatalf("instant payments in the preview = %d, %s; want the urgent one", n, amount)
		}
		f.unchanged(before) // a preview books nothing, stores no answer
		if p, _ := f.store.Payout(f.ctx, normal.ID); p.Status != ledger.StatusApproved {
			t.Fatalf("after the preview the payout is %s; want approved", p.Status)
		}
		// Something approved after the preview: confirming the preview pays
		// nothing and says what a batch would hold now.
		late := f.mustRequest(Caseworker, 40_00)
		_, err = f.store.CreatePaymentBatch(f.ctx, Finance, ledger.NewPaymentBatch{Plan: plan.PlanDigest(), IdempotencyKey: "pay"})
		wantCode(t, err, ledger.ECONFLICT)
		if e := err.(*ledger.Error); !strings.Contains(e.Message, "3 payouts, 390.00") {
			t.Fatalf("refusal %q does not say what a batch would hold now", e.Message)
		}
		if p, _ := f.store.Payout(f.ctx, late.ID); p.Status != ledger.StatusApproved {
			t.Fatalf("after the refusal the payout is %s; want approved, unpaid", p.Status)
		}
		again, err := f.store.CreatePaymentBatch(f.ctx, Finance, ledger.NewPaymentBatch{DryRun: true})
		if err != nil || again.Payouts != 3 || again.PlanDigest() == plan.PlanDigest() {
			t.Fatalf("the preview after the change = %+v, %v; want 3 payouts and another plan", again, err)
		}
		b, err := f.store.CreatePaymentBatch(f.ctx, Finance, ledger.NewPaymentBatch{Plan: again.PlanDigest(), IdempotencyKey: "pay-2"})
		if err != nil || b.Payouts != 3 || b.Amount != 390_00 || b.PlanDigest() != again.PlanDigest() {
			t.Fatalf("confirming the new preview = %+v, %v; want what it showed paid", b, err)
		}
		// A preview says what a run would say: nothing to pay, no date in
		// the past, finance only.
		_, err = f.store.CreatePaymentBatch(f.ctx, Finance, ledger.NewPaymentBatch{DryRun: true})
		wantCode(t, err, ledger.ECONFLICT)
		_, err = f.store.CreatePaymentBatch(f.ctx, Finance, ledger.NewPaymentBatch{DryRun: true, ExecutionDate: ledger.DateOf(Start).AddDays(-1)})
		wantField(t, err, "executionDate")
		_, err = f.store.CreatePaymentBatch(f.ctx, Caseworker, ledger.NewPaymentBatch{DryRun: true})
		wantCode(t, err, ledger.EFORBIDDEN)
		f.verify()
	})
	t.Run("PaymentReference", func(t *testing.T) {
		f := setup(t)
		r := f.request(100_00)
		r.Payee.Reference = "  Factuur 2026-0412 "
		r.IdempotencyKey = "with-reference"
		p, err := f.store.RequestPayout(f.ctx, Caseworker, r)
		if err != nil || p.Payee.Reference != "Factuur 2026-0412" {
			t.Fatalf("RequestPayout = %+v, %v; want the reference trimmed and kept", p.Payee, err)
		}
		// The reference is part of the request: the same key with another
		// reference is another request.
		r.Payee.Reference = "Factuur 2026-0413"
		_, err = f.store.RequestPayout(f.ctx, Caseworker, r)
		wantCode(t, err, ledger.EIDEMPOTENCY)
		b, err := f.store.CreatePaymentBatch(f.ctx, Finance, ledger.NewPaymentBatch{})
		if err != nil || len(b.Items) != 1 || b.Items[0].Payee.Reference != "Factuur 2026-0412" {
			t.Fatalf("batch = %+v, %v; want the item with its payee's reference", b.Items, err)
		}
		got, err := f.store.PaymentBatch(f.ctx, b.ID)
		if err != nil || got.Items[0].Payee != b.Items[0].Payee {
			t.Fatalf("PaymentBatch = %+v, %v; want the payee as paid", got.Items, err)
		}
		f.verify()
	})
	t.Run("ErrNoDebtorAccount", func(t *testing.T) {
		f := newFixture(t, open, 10000_00)
		f.mustRequest(Caseworker, 100_00)
		before := f.snapshot()
		_, err := f.store.CreatePaymentBatch(f.ctx, Finance, ledger.NewPaymentBatch{})
		wantCode(t, err, ledger.ECONFLICT)
		if e := err.(*ledger.Error); !strings.Contains(e.Message, string(f.pot.ID)) {
			t.Fatalf("error %q does not name the pot without an account", e.Message)
		}
		f.unchanged(before)
	})
	t.Run("OnePotOnly", func(t *testing.T) {
		f := setup(t)
		f.mustRequest(Caseworker, 100_00)
		other := f.mustPot("Tweede pot", ledger.NewPot{Year: 2026, RecoveryPolicy: ledger.PolicyReport, Mandates: Ladder()})
		f.mustContribute(other.ID, f.partner.ID, 1000_00)
		if _, err := f.store.RequestPayout(f.ctx, Caseworker, ValidRequest(other.ID, 50_00)); err != nil {
			t.Fatal(err)
		}
		b, err := f.store.CreatePaymentBatch(f.ctx, Finance, ledger.NewPaymentBatch{PotID: f.pot.ID})
		if err != nil || b.Payouts != 1 || len(b.SkippedPots) != 0 {
			t.Fatalf("batch of one pot = %+v, %v", b, err)
		}
		// A pot that does not exist is a field of the request, as an
		// unknown filter is; so is a plan that is no plan.
		_, err = f.store.CreatePaymentBatch(f.ctx, Finance, ledger.NewPaymentBatch{PotID: "POT-01ARZ3NDEKTSV4RRFFQ69G5FAV"})
		wantField(t, err, "potId")
		_, err = f.store.CreatePaymentBatch(f.ctx, Finance, ledger.NewPaymentBatch{PotID: "nope", DryRun: true})
		wantField(t, err, "potId")
		_, err = f.store.CreatePaymentBatch(f.ctx, Finance, ledger.NewPaymentBatch{Plan: "zz"})
		wantField(t, err, "plan")
		// Every pot: the one without a debtor account is skipped, and said.
		f.mustRequest(Caseworker, 20_00)
		b, err = f.store.CreatePaymentBatch(f.ctx, Finance, ledger.NewPaymentBatch{IdempotencyKey: "all"})
		if err != nil || b.Payouts != 1 || len(b.SkippedPots) != 1 || b.SkippedPots[0] != other.ID {
			t.Fatalf("batch of every pot = %+v, %v; want the second pot skipped", b, err)
		}
		again, err := f.store.CreatePaymentBatch(f.ctx, Finance, ledger.NewPaymentBatch{IdempotencyKey: "all"})
		if err != nil || len(again.SkippedPots) != 1 {
			t.Fatalf("retry = %+v, %v; want the same skipped pot", again, err)
		}
	})
	t.Run("ErrBadInput", func(t *testing.T) {
		f := setup(t)
		f.mustRequest(Caseworker, 100_00)
		before := f.snapshot()
		_, err := f.store.CreatePaymentBatch(f.ctx, Finance, ledger.NewPaymentBatch{ExecutionDate: ledger.DateOf(Start).AddDays(-1)})
		wantField(t, err, "executionDate")
		_, err = f.store.CreatePaymentBatch(f.ctx, Caseworker, ledger.NewPaymentBatch{})
		wantCode(t, err, ledger.EFORBIDDEN)
		for field, acct := range map[string]ledger.DebtorAccount{
			"iban":    {Name: "Gemeente", IBAN: "NL00BNGH0002220001", BIC: "BNGHNL2G", Town: "Leeuwarden", Country: "NL"},
			"bic":     {Name: "Gemeente", IBAN: "NL11BNGH0002220001", BIC: "BNG", Town: "Leeuwarden", Country: "NL"},
			"country": {Name: "Gemeente", IBAN: "NL11BNGH0002220001", BIC: "BNGHNL2G", Town: "Leeuwarden", Country: "Nederland"},
			"town":    {Name: "Gemeente", IBAN: "NL11BNGH0002220001", BIC: "BNGHNL2G", Country: "NL"},
			"name":    {Name: "市政府", IBAN: "NL11BNGH0002220001", BIC: "BNGHNL2G", Town: "Leeuwarden", Country: "NL"},
		} {
			_, err := f.store.SetDebtorAccount(f.ctx, Finance, f.pot.ID, acct, "")
			wantField(t, err, field)
		}
		_, err = f.store.SetDebtorAccount(f.ctx, Caseworker, f.pot.ID, DebtorAccount(), "")
		wantCode(t, err, ledger.EFORBIDDEN)
		_, err = f.store.PaymentBatch(f.ctx, "BAT-01ARZ3NDEKTSV4RRFFQ69G5FAV")
		wantCode(t, err, ledger.ENOTFOUND)
		f.unchanged(before)
	})
	t.Run("PostingTotals", func(t *testing.T) {
		f := setup(t)
		f.mustRequest(Caseworker, 100_00)
		f.mustRequest(Caseworker, 250_00)
		totals, err := f.store.PostingTotals(f.ctx, ledger.PostingQuery{PotID: f.pot.ID, From: ledger.DateOf(Start), To: ledger.DateOf(Start)})
		if err != nil {
			t.Fatal(err)
		}
		sums := map[string]ledger.Cents{}
		var cat string
		for _, x := range totals {
			a, err := ledger.ParseAccount(x.Account)
			if err != nil {
				t.Fatal(err)
			}
			kind := string(a.Kind)
			sums[kind] += x.Amount
			if x.Kind == ledger.TxPayoutApproved && kind == "costs:unallocated" {
				cat = x.Category
				if x.Count != 2 || x.Month != "2026-03" {
					t.Fatalf("approvals = %+v", x)
				}
			}
		}
		if sums["bank"] != 10000_00 || sums["costs:unallocated"] != 350_00 || sums["payable"] != -350_00 || cat != "rent_arrears" {
			t.Fatalf("sums = %v, category %q", sums, cat)
		}
		v := f.verify()
		if seq, hash, err := f.store.JournalHead(f.ctx); err != nil || seq != v.HeadSeq || hash != v.HeadHash {
			t.Fatalf("JournalHead = %d %s, %v; want %d %s", seq, hash, err, v.HeadSeq, v.HeadHash)
		}
		totals, err = f.store.PostingTotals(f.ctx, ledger.PostingQuery{PotID: f.pot.ID, To: ledger.DateOf(Start).AddDays(-1)})
		if err != nil || len(totals) != 0 {
			t.Fatalf("totals before the start = %+v, %v", totals, err)
		}
	})
	t.Run("PostingTotalsUpToAHead", func(t *testing.T) {
		f := setup(t)
		f.mustRequest(Caseworker, 100_00)
		head, _, err := f.store.JournalHead(f.ctx)
		if err != nil {
			t.Fatal(err)
		}
		f.mustRequest(Caseworker, 250_00)
		totals, err := f.store.PostingTotals(f.ctx, ledger.PostingQuery{PotID: f.pot.ID, MaxSeq: head})
		if err != nil {
			t.Fatal(err)
		}
		var costs ledger.Cents
		for _, x := range totals {
			a, err := ledger.ParseAccount(x.Account)
			if err != nil {
				t.Fatal(err)
			}
			if a.Kind == ledger.AccountCostsUnallocated {
				costs += x.Amount
			}
		}
		if costs != 100_00 {
			t.Fatalf("costs up to transaction %d = %s; want 100.00, the approval booked after it left out", head, costs)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		f := setup(t)
		for _, id := range []ledger.PaymentBatchID{"BAT-01ARZ3NDEKTSV4RRFFQ69G5FAV", "nonsense", ""} {
			_, err := f.store.PaymentBatch(f.ctx, id)
			wantCode(t, err, ledger.ENOTFOUND)
		}
		for _, id := range []ledger.PotID{"POT-01ARZ3NDEKTSV4RRFFQ69G5FAV", "nonsense"} {
			_, err := f.store.PostingTotals(f.ctx, ledger.PostingQuery{PotID: id})
			wantCode(t, err, ledger.ENOTFOUND)
		}
		list, err := f.store.PaymentBatches(f.ctx, ledger.PaymentBatchFilter{})
		if err != nil || len(list.Batches) != 0 || list.Total != 0 {
			t.Fatalf("PaymentBatches of a ledger that paid nothing = %+v, %v", list, err)
		}
	})
	t.Run("PotsInOneBatch", func(t *testing.T) {
		f := setup(t)
		// Pots are paid in the order of their names, ignoring case: the
		// lower-case "armoedepot" before "Doorbraakpot".
		other := f.mustPot("armoedepot", ledger.NewPot{Year: 2026, RecoveryPolicy: ledger.PolicyReport, Mandates: Ladder()})
		f.mustContribute(other.ID, f.partner.ID, 1000_00)
		if _, err := f.store.SetDebtorAccount(f.ctx, Finance, other.ID, DebtorAccount(), ""); err != nil {
			t.Fatal(err)
		}
		r := f.request(100_00)
		r.Urgency = ledger.UrgencyNormal
		normal, err := f.store.RequestPayout(f.ctx, Caseworker, r)
		if err != nil {
			t.Fatal(err)
		}
		urgent := f.mustRequest(Caseworker, 40_00)
		r = ValidRequest(other.ID, 50_00)
		r.Urgency = ledger.UrgencyNormal
		fromOther, err := f.store.RequestPayout(f.ctx, Caseworker, r)
		if err != nil {
			t.Fatal(err)
		}
		b, err := f.store.CreatePaymentBatch(f.ctx, Finance, ledger.NewPaymentBatch{})
		if err != nil {
			t.Fatal(err)
		}
		if len(b.Groups) != 2 || b.Groups[0].PotID != other.ID || b.Groups[1].PotID != f.pot.ID {
			t.Fatalf("groups = %+v; want the pot %s first, then %s", b.Groups, other.ID, f.pot.ID)
		}
		if g := b.Groups[1]; g.Payouts != 2 || g.Amount != 140_00 || g.PotName != "Doorbraakpot" || b.Groups[0].Amount != 50_00 {
			t.Fatalf("groups = %+v", b.Groups)
		}
		var got []ledger.PayoutID
		for _, it := range b.Items {
			got = append(got, it.PayoutID)
		}
		if want := []ledger.PayoutID{fromOther.ID, urgent.ID, normal.ID}; !slices.Equal(got, want) {
			t.Fatalf("items = %v; want %v: by pot, urgent ones first", got, want)
		}
		if b.Payouts != 3 || b.Amount != 190_00 || b.Groups[0].JournalSeq == b.Groups[1].JournalSeq {
			t.Fatalf("batch = %+v", b)
		}
		// The batch's checkpoint is the transaction of its last payment.
		last := max(b.Groups[0].JournalSeq, b.Groups[1].JournalSeq)
		txs, err := f.store.Journal(f.ctx, last-1, 1)
		if err != nil || len(txs) != 1 {
			t.Fatalf("Journal = %+v, %v", txs, err)
		}
		if want := (ledger.Checkpoint{Seq: last, Hash: txs[0].Hash}); b.Checkpoint != want || txs[0].Kind != ledger.TxPaid {
			t.Fatalf("checkpoint = %s; want %s", b.Checkpoint, want)
		}
		page, err := f.store.PaymentBatches(f.ctx, ledger.PaymentBatchFilter{})
		list := page.Batches
		if err != nil || len(list) != 1 || list[0].Checkpoint != b.Checkpoint || len(list[0].Groups) != 2 || list[0].Groups[0].PotID != other.ID {
			t.Fatalf("PaymentBatches = %+v, %v", list, err)
		}
		f.verify()
	})
	t.Run("ConcurrentRuns", func(t *testing.T) {
		// Payment runs started at once pay each payout once: one makes
		// the batch, the others find nothing left to pay.
		f := setup(t)
		for range 3 {
			f.mustRequest(Caseworker, 100_00)
		}
		const runs = 4
		var wg sync.WaitGroup
		batches := make([]ledger.PaymentBatch, runs)
		errs := make([]error, runs)
		for i := range runs {
			wg.Go(func() {
				batches[i], errs[i] = f.store.CreatePaymentBatch(f.ctx, Finance, ledger.NewPaymentBatch{})
			})
		}
		wg.Wait()
		made := 0
		for i, err := range errs {
			switch ledger.ErrorCode(err) {
			case "":
				made++
				if batches[i].Payouts != 3 {
					t.Fatalf("batch = %+v; want all 3 payouts", batches[i])
				}
			case ledger.ECONFLICT:
			default:
				t.Fatalf("run %d: %v", i, err)
			}
		}
		if made != 1 {
			t.Fatalf("%d runs made a batch; want 1", made)
		}
		f.verify()
	})
}
