package ledgertest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"regexp"
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

// reconcile reconciles a statement of bt.DebtorIBAN and checks that it
// adds up: the ledger's movement plus every difference is the bank's
// movement, the explained and unexplained parts are the items' sums, and
// the journal verifies.
func (w *reconWorld) reconcile(id string) ledger.Reconciliation {
	w.t.Helper()
	return w.reconcileOf(bt.DebtorIBAN, id)
}

// reconcileOf is reconcile of the account iban; it also checks that the
// reconciliation names the journal's head as its checkpoint.
func (w *reconWorld) reconcileOf(iban, id string) ledger.Reconciliation {
	w.t.Helper()
	r, err := w.store.Reconciliation(w.ctx, Finance, iban, id)
	if err != nil {
		w.t.Fatalf("Reconciliation(%s): %v", id, err)
	}
	wantAddsUp(w.t, &r)
	if seq, hash, err := w.store.JournalHead(w.ctx); err != nil || r.Checkpoint != (ledger.Checkpoint{Seq: seq, Hash: hash}) || seq == 0 {
		w.t.Errorf("statement %s was reconciled at checkpoint %s; the journal's head is %d:%s (%v)", id, r.Checkpoint, seq, hash, err)
	}
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
		r.LedgerClosing != r.LedgerOpening+r.LedgerMovement ||
		r.BalancesGiven != (r.BankOpening != nil && r.BankClosing != nil) ||
		(r.BalancesGiven && r.BankMovement != *r.BankClosing-*r.BankOpening) {
		t.Fatalf("the reconciliation of %s does not add up: %+v", r.StatementID, r)
	}
	// Each line refers to each of its payouts, entries and transactions
	// once, and says whether it needs action; the count of those is the
	// reconciliation's.
	action := 0
	for _, it := range r.Items {
		if it.NeedsAction != it.Kind.NeedsAction() {
			t.Errorf("%s: item %+v says needsAction %v", r.StatementID, it, it.NeedsAction)
		}
		if it.NeedsAction {
			action++
		}
		if len(it.Payouts) != len(slices.Compact(slices.Sorted(slices.Values(it.Payouts)))) ||
			len(it.Entries) != len(slices.Compact(slices.Sorted(slices.Values(it.Entries)))) ||
			len(it.Transactions) != len(slices.Compact(slices.Sorted(slices.Values(it.Transactions)))) {
			t.Errorf("%s: item %+v names a reference twice", r.StatementID, it)
		}
	}
	if r.NeedsAction != action {
		t.Errorf("%s: needsAction %d; %d items need action", r.StatementID, r.NeedsAction, action)
	}
}

// wantRefs fails the test unless the item refers to exactly these bank
// entries and journal transactions.
func wantRefs(t testing.TB, it ledger.ReconciliationItem, entries []string, seqs []int64) {
	t.Helper()
	if !slices.Equal(it.Entries, entries) || !slices.Equal(it.Transactions, seqs) {
		t.Errorf("the %s line refers to entries %q and transactions %v; want %q and %v", it.Kind, it.Entries, it.Transactions, entries, seqs)
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
	p4, b2 := w.pay(false, 300_00)
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
	if *r.BankOpening != opening || *r.BankClosing != close1 || r.LedgerOpening != 0 || r.LedgerMovement != 200000_00-650_00 ||
		r.From != day(10) || r.To != day(11) || r.Entries != 4 || r.EntriesTotal != r.BankMovement || !r.BalancesGiven {
		t.Fatalf("statement 1: %+v", r)
	}
	if len(r.Pots) != 1 || r.Pots[0].ID != f.pot.ID || r.Holder != acct.Name {
		t.Errorf("statement 1 reconciles %+v of %q", r.Pots, r.Holder)
	}
	wantItems(t, &r,
		reconItem{ledger.DiffPaidNotBooked, 300_00, p4},
		reconItem{ledger.DiffUnmatched, -7_50, nil})
	wantRefs(t, r.Items[0], nil, []int64{b2.Groups[0].JournalSeq})
	wantRefs(t, r.Items[1], []string{"REC1-FEE"}, nil)
	if r.NeedsAction != 1 || r.Items[0].NeedsAction || !r.Items[1].NeedsAction {
		t.Errorf("statement 1: the charge needs action, the payment not yet booked does not: %+v", r.Items)
	}
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
	wantRefs(t, r.Items[0], nil, []int64{b3.Groups[0].JournalSeq})
	wantRefs(t, r.Items[1], []string{"REC2-P4"}, nil)
	wantRefs(t, r.Items[2], []string{"REC2-RET"}, nil)
	if r.NeedsAction != 1 {
		t.Errorf("statement 2: only the gap needs action: %+v", r.Items)
	}
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
	returnSeq := func(id ledger.PayoutID) []int64 {
		t.Helper()
		tx, ok := f.latest(ledger.TxPayoutReturned, string(id))
		if !ok {
			t.Fatalf("payout %s has no return", id)
		}
		return []int64{tx.Seq}
	}
	wantRefs(t, r.Items[0], nil, returnSeq(p12[1]))
	wantRefs(t, r.Items[1], nil, returnSeq(p56[1]))
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

	// A statement that gives only its closing balance keeps it: the
	// bank's movement is then its entries', the opening is not given.
	closingOnly := regexp.MustCompile(`(?m)^.*<Cd>OPBD</Cd>.*\n`).ReplaceAllString(
		string(bt.BalancedStatement(bt.DebtorIBAN2, "CLOSING-1", day(17), day(17), 700_00, 725_00,
			bt.Booking{Ref: "CLOSING1-IN", Amount: 25_00, Booked: day(17)})), "")
	if strings.Contains(closingOnly, "OPBD") {
		t.Fatal("the statement still has its opening balance")
	}
	w.importRaw([]byte(closingOnly))
	r = w.reconcileOf(bt.DebtorIBAN2, "CLOSING-1")
	if r.BalancesGiven || r.BankOpening != nil || r.BankClosing == nil || *r.BankClosing != 725_00 || r.BankMovement != 25_00 {
		t.Errorf("a statement with only its closing balance: given %v, opening %v, closing %v, movement %s",
			r.BalancesGiven, r.BankOpening, r.BankClosing, r.BankMovement)
	}

	// Without an account the statement's account is asked for.
	_, err = w.store.Reconciliation(w.ctx, Finance, " ", "REC-1")
	wantField(t, err, "iban")
	if le := (*ledger.Error)(nil); !errors.As(err, &le) || len(le.Fields) != 1 || !strings.Contains(le.Fields[0].Dutch(), "betaalrekening") {
		t.Errorf("no account: %v", err)
	}

	t.Run("MovedPot", func(t *testing.T) { testReconciliationMovedPot(t, open) })
	t.Run("References", func(t *testing.T) { testReconciliationReferences(t, open) })
	t.Run("Recovery", func(t *testing.T) { testReconciliationRecovery(t, open) })
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

// newReconWorld is a fixture whose pot pays from bt.DebtorIBAN, funded
// with funds on 10 March 2026.
func newReconWorld(t *testing.T, open Opener, funds ledger.Cents) *reconWorld {
	t.Helper()
	w := &reconWorld{fixture: newFixture(t, open, funds)}
	w.payFrom(bt.DebtorIBAN)
	return w
}

// payFrom makes the pot pay from the account iban from now on.
func (w *reconWorld) payFrom(iban string) {
	w.t.Helper()
	acct := DebtorAccount()
	acct.IBAN = ledger.IBAN(iban)
	if _, err := w.store.SetDebtorAccount(w.ctx, Finance, w.pot.ID, acct, ""); err != nil {
		w.t.Fatal(err)
	}
}

// block is the one payment information block of the batch.
func (w *reconWorld) block(b ledger.PaymentBatch) string {
	w.t.Helper()
	blks := b.Blocks()
	if len(blks) != 1 {
		w.t.Fatalf("batch %s: %d blocks", b.ID, len(blks))
	}
	return blks[0].ID
}

// testReconciliationMovedPot: a pot that moved from one debtor account
// to another is reconciled with each for its own part: its payments and
// their returns on the account its batch paid them from, everything else
// (its contributions) on its account now. Neither account names the
// other's postings as a difference, each statement's ledger opening is
// the closing of the account's statement before it, and the two parts of
// the pot add up to its bank account.
func testReconciliationMovedPot(t *testing.T, open Opener) {
	w := newReconWorld(t, open, 100000_00)
	day := func(d int) ledger.Date { return ledger.NewDate(2026, time.March, d) }
	// 10 March: the partner's money came in (the fixture's) and the pot
	// paid a payout from the first account.
	p1, _ := w.pay(false, 100_00)
	// 11 March: the pot moves to the second account, gets a contribution
	// and pays from there; the bank books the first payout.
	w.clock.SetDate(2026, time.March, 11)
	w.payFrom(bt.DebtorIBAN2)
	w.mustContribute(w.pot.ID, w.partner.ID, 500_00)
	p2, _ := w.pay(false, 40_00)

	w.clock.SetDate(2026, time.March, 12)
	w.importRaw(bt.BalancedStatement(bt.DebtorIBAN, "MOV-1", day(11), day(11), 5000_00, 4900_00,
		bt.Booking{Ref: "MOV1-P1", PayoutID: p1[0], Amount: 100_00, Debit: true, Booked: day(11)}))
	w.importRaw(bt.BalancedStatement(bt.DebtorIBAN2, "MOV-2", day(11), day(11), 0, 460_00,
		bt.Booking{Ref: "MOV2-IN", Amount: 500_00, Booked: day(11)},
		bt.Booking{Ref: "MOV2-P2", PayoutID: p2[0], Amount: 40_00, Debit: true, Booked: day(11)}))
	old := w.reconcileOf(bt.DebtorIBAN, "MOV-1")
	// The old account: the payout it paid, booked a day later, and
	// nothing of the contribution or the payment of the new account.
	wantItems(t, &old, reconItem{ledger.DiffBookedPaidEarlier, -100_00, p1})
	if old.LedgerOpening != -100_00 || old.LedgerMovement != 0 || old.OtherAccountPostings != 2 || old.OtherAccountAmount != 460_00 ||
		len(old.Pots) != 1 || old.Pots[0].ID != w.pot.ID {
		t.Errorf("the old account: %+v", old)
	}
	cur := w.reconcileOf(bt.DebtorIBAN2, "MOV-2")
	wantItems(t, &cur)
	if cur.LedgerOpening != 100000_00 || cur.LedgerMovement != 460_00 || cur.OtherAccountPostings != 0 {
		t.Errorf("the new account: %+v", cur)
	}

	// 12 March: the bank returns the first payout to the old account.
	w.importRaw(bt.BalancedStatement(bt.DebtorIBAN, "MOV-3", day(12), day(12), 4900_00, 5000_00,
		bt.Booking{Ref: "MOV3-RET", PayoutID: p1[0], Amount: 100_00, Return: "AC04", Booked: day(12)}))
	ret := w.reconcileOf(bt.DebtorIBAN, "MOV-3")
	wantItems(t, &ret)
	if ret.LedgerOpening != old.LedgerClosing || ret.LedgerMovement != 100_00 {
		t.Errorf("the return on the old account: %+v", ret)
	}

	// 13 March: a day without entries on both accounts.
	w.clock.SetDate(2026, time.March, 13)
	w.importRaw(bt.BalancedStatement(bt.DebtorIBAN, "MOV-4", day(13), day(13), 5000_00, 5000_00))
	w.importRaw(bt.BalancedStatement(bt.DebtorIBAN2, "MOV-5", day(13), day(13), 460_00, 460_00))
	a, b := w.reconcileOf(bt.DebtorIBAN, "MOV-4"), w.reconcileOf(bt.DebtorIBAN2, "MOV-5")
	wantItems(t, &a)
	wantItems(t, &b)
	if a.LedgerOpening != ret.LedgerClosing || b.LedgerOpening != cur.LedgerClosing {
		t.Errorf("the openings %s and %s; the closings before them %s and %s", a.LedgerOpening, b.LedgerOpening, ret.LedgerClosing, cur.LedgerClosing)
	}
	totals, err := w.store.PostingTotals(w.ctx, ledger.PostingQuery{PotID: w.pot.ID})
	if err != nil {
		t.Fatal(err)
	}
	var bank ledger.Cents
	for _, pt := range totals {
		if pt.Account == ledger.AccountName(w.pot.ID, ledger.AccountBank, "") {
			bank += pt.Amount
		}
	}
	if a.LedgerOpening+b.LedgerOpening != bank || bank != 100460_00 {
		t.Errorf("the pot's parts %s and %s; its bank account %s", a.LedgerOpening, b.LedgerOpening, bank)
	}
}

// testReconciliationReferences: each line names only its own entries and
// transactions, each once. A batch booking of a block of two payouts paid
// the day before is one entry on the "booked, paid earlier" line, not one
// per payout, and not the entry that returned one of them; the line of
// that return names the return's entry, not the block's debit, and the
// next statement's line names the ledger's return, not the payment.
func testReconciliationReferences(t *testing.T, open Opener) {
	w := newReconWorld(t, open, 10000_00)
	day := func(d int) ledger.Date { return ledger.NewDate(2026, time.March, d) }
	p, b := w.pay(false, 100_00, 200_00)
	w.clock.SetDate(2026, time.March, 12)
	w.importRaw(bt.BalancedStatement(bt.DebtorIBAN, "REF-1", day(11), day(11), 5000_00, 4900_00,
		bt.Booking{Ref: "REF1-B", Block: w.block(b), Amount: 300_00, Debit: true, Booked: day(11)},
		bt.Booking{Ref: "REF1-RET", PayoutID: p[1], Amount: 200_00, Return: "AC04", Booked: day(11)}))
	r := w.reconcile("REF-1")
	// The block's payouts in the order the reconciliation met them.
	both := slices.Clone(p)
	if len(r.Items) > 0 && len(r.Items[0].Payouts) == 2 && r.Items[0].Payouts[0] == p[1] {
		both[0], both[1] = p[1], p[0]
	}
	wantItems(t, &r,
		reconItem{ledger.DiffBookedPaidEarlier, -300_00, both},
		reconItem{ledger.DiffReturnTiming, 200_00, p[1:]})
	wantRefs(t, r.Items[0], []string{"REF1-B"}, nil)
	wantRefs(t, r.Items[1], []string{"REF1-RET"}, nil)

	w.importRaw(bt.BalancedStatement(bt.DebtorIBAN, "REF-2", day(12), day(12), 4900_00, 4900_00))
	r = w.reconcile("REF-2")
	wantItems(t, &r, reconItem{ledger.DiffReturnTiming, -200_00, p[1:]})
	tx, ok := w.latest(ledger.TxPayoutReturned, string(p[1]))
	if !ok {
		t.Fatal("no return")
	}
	wantRefs(t, r.Items[0], nil, []int64{tx.Seq})
}

// testReconciliationRecovery: a recovery credited to the pot's bank
// account (an allocation to a legal budget under the refund policy) and
// one taken back when that allocation was withdrawn are each a
// ledger_only line of its own direction, named in Dutch in the Dutch
// text, never by the journal's code for the kind.
func testReconciliationRecovery(t *testing.T, open Opener) {
	w := newReconWorld(t, open, 10000_00)
	day := ledger.NewDate(2026, time.March, 10)
	p, _ := w.pay(false, 500_00)
	w.mustAllocate(p[0], "", wmo(500_00))
	w.mustAllocate(p[0], "Deels maatwerk na overleg", wmo(350_00), maatwerk(150_00))
	w.importRaw(bt.BalancedStatement(bt.DebtorIBAN, "RECOV-1", day, day, 20000_00, 30000_00-500_00,
		bt.Booking{Ref: "RECOV1-IN", Amount: 10000_00, Booked: day},
		bt.Booking{Ref: "RECOV1-P", PayoutID: p[0], Amount: 500_00, Debit: true, Booked: day}))
	r := w.reconcile("RECOV-1")
	wantItems(t, &r,
		reconItem{ledger.DiffLedgerOnly, -850_00, nil},
		reconItem{ledger.DiffLedgerOnly, 500_00, nil})
	in, out := r.Items[0].TextNL, r.Items[1].TextNL
	if !strings.Contains(in, "2 boeking(en) (toewijzing aan een wettelijk budget)") || !strings.Contains(in, "ten goede") ||
		!strings.Contains(out, "1 boeking(en) (ingetrokken toewijzing)") || !strings.Contains(out, "teruggenomen") || strings.Contains(out, "ten goede") {
		t.Errorf("the Dutch texts:\n%s\n%s", in, out)
	}
	for _, it := range r.Items {
		if strings.Contains(it.TextNL, "_") || it.NeedsAction {
			t.Errorf("%+v: a Dutch text without the journal's codes, and no action needed", it)
		}
	}
}
