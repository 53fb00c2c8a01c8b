package ledgertest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/bankfile"
	bt "github.com/ontschot/ontschot/ledger/bankfile/bankfiletest"
)

// reconWorld is a pot paying from bt.DebtorIBAN, with the bank's
// statements of that account imported day by day.
type reconWorld struct {
	*fixture
}

// pay requests approved payouts of the amounts (urgent ones by urgency)
// and pays them in one batch today; it returns the payouts and the batch
// with its items.
func (w *reconWorld) pay(urgent bool, amounts ...ledger.Cents) ([]ledger.PayoutID, ledger.PaymentBatch) {
	w.t.Helper()
	var ids []ledger.PayoutID
	for _, a := range amounts {
		req := w.request(a)
		req.Urgency = ledger.UrgencyNormal
		if urgent {
			req.Urgency = ledger.UrgencyUrgent
		}
		p, err := w.store.RequestPayout(w.ctx, Alderman, req)
		if err != nil || p.Status != ledger.StatusApproved {
			w.t.Fatalf("request %s: %v %v", a, p.Status, err)
		}
		ids = append(ids, p.ID)
	}
	b, err := w.store.CreatePaymentBatch(w.ctx, Finance, ledger.NewPaymentBatch{PotID: w.pot.ID})
	if err != nil {
		w.t.Fatal(err)
	}
	if b, err = w.store.PaymentBatch(w.ctx, b.ID); err != nil {
		w.t.Fatal(err)
	}
	return ids, b
}

// importRaw imports a file the test wrote.
func (w *reconWorld) importRaw(raw []byte) ledger.BankImport {
	w.t.Helper()
	f, err := bankfile.Read(strings.NewReader(string(raw)))
	if err != nil {
		w.t.Fatalf("read: %v\n%s", err, raw)
	}
	sum := sha256.Sum256(raw)
	im, err := w.store.ImportBankFile(w.ctx, Finance, ledger.ImportBankFile{File: f, Digest: hex.EncodeToString(sum[:])})
	if err != nil {
		w.t.Fatalf("import: %v", err)
	}
	return im
}

// reconcile reconciles a statement and checks that it adds up: the
// ledger's movement plus every difference is the bank's movement, the
// explained and unexplained parts are the items' sums, and the journal
// verifies.
func (w *reconWorld) reconcile(id string) ledger.Reconciliation {
	w.t.Helper()
	r, err := w.store.Reconciliation(w.ctx, Finance, bt.DebtorIBAN, id)
	if err != nil {
		w.t.Fatalf("Reconciliation(%s): %v", id, err)
	}
	wantAddsUp(w.t, &r)
	w.verify()
	return r
}

// wantAddsUp fails the test unless the reconciliation adds up to the cent.
func wantAddsUp(t testing.TB, r *ledger.Reconciliation) {
	t.Helper()
	var items, unexplained ledger.Cents
	for _, it := range r.Items {
		items += it.Amount
		if it.Kind == ledger.DiffUnexplained {
			unexplained += it.Amount
		}
	}
	if r.LedgerMovement+items != r.BankMovement || r.Difference != r.BankMovement-r.LedgerMovement ||
		r.Explained+r.Unexplained != r.Difference || r.Unexplained != unexplained ||
		r.LedgerClosing != r.LedgerOpening+r.LedgerMovement || (r.BalancesGiven && r.BankMovement != r.BankClosing-r.BankOpening) {
		t.Fatalf("the reconciliation of %s does not add up: %+v", r.StatementID, r)
	}
}

// wantItems fails the test unless the reconciliation's items are exactly
// these kinds with these amounts (in order), each naming the payouts.
func wantItems(t testing.TB, r *ledger.Reconciliation, want ...reconItem) {
	t.Helper()
	var got []reconItem
	for _, it := range r.Items {
		got = append(got, reconItem{it.Kind, it.Amount, it.Payouts})
	}
	if len(got) != len(want) {
		t.Fatalf("statement %s: items %+v; want %+v", r.StatementID, r.Items, want)
	}
	for i := range want {
		if got[i].kind != want[i].kind || got[i].amount != want[i].amount || !slices.Equal(got[i].payouts, want[i].payouts) {
			t.Fatalf("statement %s: item %d is %+v; want %+v (all: %+v)", r.StatementID, i, got[i], want[i], r.Items)
		}
	}
	for _, it := range r.Items {
		if it.Text == "" || it.TextNL == "" || it.TextNL == it.Text {
			t.Errorf("item %+v: a text in English and one in Dutch", it)
		}
	}
}

type reconItem struct {
	kind    ledger.DifferenceKind
	amount  ledger.Cents
	payouts []ledger.PayoutID
}

// testReconciliation: three statements of a pot's account, reconciled
// with the ledger over their days. A settled batch, an instant transfer
// and a contribution booked on both sides explain nothing; a payment
// written but booked by the bank the next statement, a bank charge that
// matches nothing, a return booked by the bank days before its import, a
// transfer rejected after its payment, one rejected the day it was paid,
// and a statement whose entries do not add up to its balances are each
// named with their amounts; every reconciliation adds up to the cent and
// the journal verifies after each. Only finance and auditors reconcile,
// a wrong IBAN or statement is named, an account without statements is
// not found.
func testReconciliation(t *testing.T, open Opener) {
	f := newFixture(t, open, 0)
	acct := DebtorAccount()
	acct.IBAN = bt.DebtorIBAN
	if _, err := f.store.SetDebtorAccount(f.ctx, Finance, f.pot.ID, acct, ""); err != nil {
		t.Fatal(err)
	}
	w := &reconWorld{fixture: f}
	day := func(d int) ledger.Date { return ledger.NewDate(2026, time.March, d) }

	// Tuesday 10 March: the partner's money comes in; three payouts are
	// paid, two in a batch booking, one instantly.
	w.mustContribute(f.pot.ID, f.partner.ID, 200000_00)
	p12, b1 := w.pay(false, 100_00, 200_00)
	p3, b1u := w.pay(true, 50_00)
	// Wednesday 11 March: a fourth, which the bank books on the 12th.
	w.clock.SetDate(2026, time.March, 11)
	p4, _ := w.pay(false, 300_00)
	block := func(b ledger.PaymentBatch) string {
		blks := b.Blocks()
		if len(blks) != 1 {
			t.Fatalf("batch %s: %d blocks", b.ID, len(blks))
		}
		return blks[0].ID
	}

	// Statement 1, 10 and 11 March, imported on the 12th.
	w.clock.SetDate(2026, time.March, 12)
	const opening ledger.Cents = 1000000_00
	close1 := opening + 200000_00 - 300_00 - 50_00 - 7_50
	w.importRaw(bt.BalancedStatement(bt.DebtorIBAN, "REC-1", day(10), day(11), opening, close1,
		bt.Booking{Ref: "REC1-IN", Amount: 200000_00, Booked: day(10)},
		bt.Booking{Ref: "REC1-P3", PayoutID: p3[0], Amount: 50_00, Debit: true, Booked: day(10)},
		bt.Booking{Ref: "REC1-B1", Block: block(b1), Amount: 300_00, Debit: true, Booked: day(11)},
		bt.Booking{Ref: "REC1-FEE", PayoutID: "NOTPROVIDED", Amount: 7_50, Debit: true, Booked: day(11)}))
	_ = b1u
	r := w.reconcile("REC-1")
	if r.BankOpening != opening || r.BankClosing != close1 || r.LedgerOpening != 0 || r.LedgerMovement != 200000_00-650_00 ||
		r.From != day(10) || r.To != day(11) || r.Entries != 4 || r.EntriesTotal != r.BankMovement || !r.BalancesGiven {
		t.Fatalf("statement 1: %+v", r)
	}
	if len(r.Pots) != 1 || r.Pots[0].ID != f.pot.ID || r.Holder != acct.Name {
		t.Errorf("statement 1 reconciles %+v of %q", r.Pots, r.Holder)
	}
	wantItems(t, &r,
		reconItem{ledger.DiffPaidNotBooked, 300_00, p4},
		reconItem{ledger.DiffUnmatched, -7_50, nil})
	if !r.Reconciled() || r.Unexplained != 0 || r.Difference != 292_50 {
		t.Errorf("statement 1: difference %s, unexplained %s", r.Difference, r.Unexplained)
	}

	// Thursday 12 March: two urgent payouts; the bank rejects one of them
	// on the 13th, the other on the 16th.
	p56, b3 := w.pay(true, 40_00, 60_00)
	w.clock.SetDate(2026, time.March, 13)
	w.importRaw([]byte(pain002(string(b3.ID), "PART", "", block(b3)+" PART", "E2E:"+string(p56[0])+" RJCT AC04 40.00")))
	// Monday 16 March: statement 2 (12 and 13 March), which books the
	// fourth payout and the return of the second (AC04, on the 13th), and
	// whose closing balance is a euro lower than its entries say; the
	// second rejection.
	w.clock.SetDate(2026, time.March, 16)
	close2 := close1 - 300_00 + 200_00 - 1_00
	w.importRaw(bt.BalancedStatement(bt.DebtorIBAN, "REC-2", day(12), day(13), close1, close2,
		bt.Booking{Ref: "REC2-P4", PayoutID: p4[0], Amount: 300_00, Debit: true, Booked: day(12)},
		bt.Booking{Ref: "REC2-RET", PayoutID: p12[1], Amount: 200_00, Return: "AC04", Booked: day(13)}))
	w.importRaw([]byte(pain002(string(b3.ID), "PART", "", block(b3)+" PART", "E2E:"+string(p56[1])+" RJCT AC01 60.00")))
	if p, err := w.store.Payout(w.ctx, p12[1]); err != nil || p.Status != ledger.StatusReturned {
		t.Fatalf("the second payout after its return: %+v %v", p.Status, err)
	}
	r = w.reconcile("REC-2")
	wantItems(t, &r,
		reconItem{ledger.DiffPaidNotBooked, 60_00, p56[1:]},
		reconItem{ledger.DiffBookedPaidEarlier, -300_00, p4},
		reconItem{ledger.DiffReturnTiming, 200_00, p12[1:]},
		reconItem{ledger.DiffStatementGap, -1_00, nil})
	if r.LedgerOpening != 200000_00-650_00 || r.LedgerMovement != -60_00 || r.Unexplained != 0 {
		t.Errorf("statement 2: %+v", r)
	}

	// Statement 3, 16 March, with no entries: the ledger booked the
	// return and the second rejection that day.
	w.clock.SetDate(2026, time.March, 17)
	w.importRaw(bt.BalancedStatement(bt.DebtorIBAN, "REC-3", day(16), day(16), close2, close2))
	r = w.reconcile("")
	if r.StatementID != "REC-3" {
		t.Fatalf("the newest statement is %s", r.StatementID)
	}
	wantItems(t, &r,
		reconItem{ledger.DiffReturnTiming, -200_00, p12[1:]},
		reconItem{ledger.DiffRejected, -60_00, p56[1:]})
	if r.BankMovement != 0 || r.LedgerMovement != 260_00 {
		t.Errorf("statement 3: %+v", r)
	}

	// Only finance and auditors reconcile; wrong input is named.
	if _, err := w.store.Reconciliation(w.ctx, Auditor, bt.DebtorIBAN, "REC-1"); err != nil {
		t.Errorf("an auditor: %v", err)
	}
	for _, a := range []ledger.Actor{Caseworker, Alderman, Admin} {
		_, err := w.store.Reconciliation(w.ctx, a, bt.DebtorIBAN, "REC-1")
		wantCode(t, err, ledger.EFORBIDDEN)
		_, err = w.store.ReconciliationAccounts(w.ctx, a)
		wantCode(t, err, ledger.EFORBIDDEN)
	}
	_, err := w.store.Reconciliation(w.ctx, Finance, "NL00BANK0123456789", "")
	wantField(t, err, "iban")
	_, err = w.store.Reconciliation(w.ctx, Finance, bt.DebtorIBAN, "REC-9")
	wantField(t, err, "statement")
	_, err = w.store.Reconciliation(w.ctx, Finance, bt.DebtorIBAN2, "")
	wantCode(t, err, ledger.ENOTFOUND)

	accts, err := w.store.ReconciliationAccounts(w.ctx, Auditor)
	if err != nil || len(accts) != 1 || accts[0].IBAN != bt.DebtorIBAN || len(accts[0].Statements) != 3 ||
		accts[0].Statements[0].StatementID != "REC-3" || accts[0].Statements[2].StatementID != "REC-1" || len(accts[0].Pots) != 1 {
		t.Fatalf("the accounts to reconcile: %+v, %v", accts, err)
	}

	// A statement without its days (FrToDt) or entries is of the day of
	// its closing balance; one without balances either names no day to
	// reconcile.
	undated := strings.Replace(string(bt.BalancedStatement(bt.DebtorIBAN2, "UNDATED-1", day(17), day(17), 500_00, 500_00)),
		"   <FrToDt><FrDtTm>2026-03-17T00:00:00+01:00</FrDtTm><ToDtTm>2026-03-17T23:59:59+01:00</ToDtTm></FrToDt>\n", "", 1)
	if strings.Contains(undated, "FrToDt") {
		t.Fatal("the statement still has its days")
	}
	w.importRaw([]byte(undated))
	if r, err := w.store.Reconciliation(w.ctx, Finance, bt.DebtorIBAN2, "UNDATED-1"); err != nil || r.From != day(17) || r.To != day(17) || !r.Reconciled() {
		t.Fatalf("a statement without days: %+v, %v", r, err)
	}
	w.importRaw(bt.Statement(bt.DebtorIBAN2, "UNDATED-2"))
	_, err = w.store.Reconciliation(w.ctx, Finance, bt.DebtorIBAN2, "UNDATED-2")
	wantCode(t, err, ledger.ECONFLICT)
}

// verify checks that the journal verifies and that every statement the
// bank tests imported reconciles with the ledger to the cent: after every
// test of the bank's answer the journal verifies and the reconciliation
// adds up (issue 15).
func (w *bankWorld) verify() ledger.Verification {
	w.t.Helper()
	v := w.fixture.verify()
	reconcileAll(w.t, w.store)
	return v
}

// reconcileAll reconciles every imported statement of every account and
// fails the test unless each adds up.
func reconcileAll(t testing.TB, s ledger.Store) {
	t.Helper()
	ctx := context.Background()
	accts, err := s.ReconciliationAccounts(ctx, Auditor)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range accts {
		for _, st := range a.Statements {
			r, err := s.Reconciliation(ctx, Auditor, a.IBAN, st.StatementID)
			if err != nil {
				t.Fatalf("the reconciliation of %s %s: %v", a.IBAN, st.StatementID, err)
			}
			wantAddsUp(t, &r)
		}
	}
}
