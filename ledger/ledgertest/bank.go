package ledgertest

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/bankfile"
	bt "github.com/ontschot/ontschot/ledger/bankfile/bankfiletest"
)

// bankWorld is a pot paying from the fixtures' account with payouts of
// the fixtures' amounts, paid in batches as the fixtures' story has them,
// and the map from the fixtures' ids to the ledger's.
type bankWorld struct {
	*fixture
	ids map[string]string
}

// newBankWorld pays A1, A2, A3 (normal) and B1 (urgent) in one batch, C1
// and C2 in a second, so the fixtures' Batch1 and Batch2 and their blocks
// are the ledger's.
func newBankWorld(t *testing.T, open Opener) *bankWorld {
	t.Helper()
	f := newFixture(t, open, 200000_00)
	acct := DebtorAccount()
	acct.IBAN = bt.DebtorIBAN
	if _, err := f.store.SetDebtorAccount(f.ctx, Finance, f.pot.ID, acct, ""); err != nil {
		t.Fatal(err)
	}
	w := &bankWorld{fixture: f, ids: map[string]string{}}
	pay := func(ps map[string]ledger.Cents, urgent map[string]bool) ledger.PaymentBatch {
		for name, amount := range ps {
			req := f.request(amount)
			req.Urgency = ledger.UrgencyNormal
			if urgent[name] {
				req.Urgency = ledger.UrgencyUrgent
			}
			p, err := f.store.RequestPayout(f.ctx, Alderman, req)
			if err != nil || p.Status != ledger.StatusApproved {
				t.Fatalf("request %s: %v %v", name, p.Status, err)
			}
			w.ids[name] = string(p.ID)
		}
		b, err := f.store.CreatePaymentBatch(f.ctx, Finance, ledger.NewPaymentBatch{PotID: f.pot.ID})
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	b1 := pay(map[string]ledger.Cents{bt.PayA1: bt.AmountA1, bt.PayA2: bt.AmountA2, bt.PayA3: bt.AmountA3, bt.PayB1: bt.AmountB1}, map[string]bool{bt.PayB1: true})
	w.ids[bt.Batch1] = string(b1.ID)
	w.blocks(b1, map[string]string{bt.Block1: bt.PayA1, bt.Block1Instant: bt.PayB1})
	b2 := pay(map[string]ledger.Cents{bt.PayC1: bt.AmountC1, bt.PayC2: bt.AmountC2}, nil)
	w.ids[bt.Batch2] = string(b2.ID)
	w.blocks(b2, map[string]string{bt.Block2: bt.PayC1})
	return w
}

// blocks maps each fixture block to the ledger's block that holds the
// payout named.
func (w *bankWorld) blocks(b ledger.PaymentBatch, holds map[string]string) {
	w.t.Helper()
	full, err := w.store.PaymentBatch(w.ctx, b.ID)
	if err != nil {
		w.t.Fatal(err)
	}
	for block, payout := range holds {
		for _, blk := range full.Blocks() {
			for _, it := range blk.Items {
				if string(it.PayoutID) == w.ids[payout] {
					w.ids[block] = blk.ID
				}
			}
		}
		if w.ids[block] == "" {
			w.t.Fatalf("no block of batch %s holds %s", b.ID, payout)
		}
	}
}

// file reads a fixture with the ledger's ids in place of the fixture's,
// and returns it with the digest of those bytes.
func (w *bankWorld) file(name string) (*ledger.BankFile, string) {
	w.t.Helper()
	b, err := os.ReadFile(bt.Path(name))
	if err != nil {
		w.t.Fatal(err)
	}
	s := string(b)
	// Longest first: a block's id holds its batch's.
	for _, from := range []string{bt.Block1, bt.Block1Instant, bt.Block2, bt.Block3Accepted, bt.Block3Partial, bt.Block3Rejected,
		bt.Batch1, bt.Batch2, bt.Batch3,
		bt.PayA1, bt.PayA2, bt.PayA3, bt.PayB1, bt.PayC1, bt.PayC2, bt.PayD1, bt.PayD2, bt.PayE1, bt.PayE2, bt.PayF1} {
		if to, ok := w.ids[from]; ok {
			s = strings.ReplaceAll(s, from, to)
		}
	}
	f, err := bankfile.Read(strings.NewReader(s))
	if err != nil {
		w.t.Fatalf("read %s: %v", name, err)
	}
	sum := sha256.Sum256([]byte(s))
	return f, hex.EncodeToString(sum[:])
}

func (w *bankWorld) mustImport(name string) ledger.BankImport {
	w.t.Helper()
	f, digest := w.file(name)
	im, err := w.store.ImportBankFile(w.ctx, Finance, ledger.ImportBankFile{File: f, Digest: digest})
	if err != nil {
		w.t.Fatalf("import %s: %v", name, err)
	}
	return im
}

func (w *bankWorld) status(fixtureID string) ledger.Payout {
	w.t.Helper()
	p, err := w.store.Payout(w.ctx, ledger.PayoutID(w.ids[fixtureID]))
	if err != nil {
		w.t.Fatal(err)
	}
	return p
}

// testBankAnswers: the bank's statements settle what was paid (a batch
// booked with its transactions, a batch booked without them by its block,
// a single instant transfer), return what came back (AC04, AC01) with the
// money back in the pot and the payout no longer spent, keep an entry
// that matches nothing and money in that is no return; the same file
// again changes nothing, an entry seen in another file changes nothing;
// a status report's rejections return payouts not yet booked. After each
// step the journal verifies.
func testBankAnswers(t *testing.T, open Opener) {
	w := newBankWorld(t, open)
	before := w.balance()

	im := w.mustImport(bt.Camt053v02)
	if len(im.Settled) != 2 || len(im.Returned) != 0 || len(im.Unmatched) != 0 || im.Credits != 1 || im.Again {
		t.Fatalf("camt.053.001.02: %+v", im)
	}
	for _, id := range []string{bt.PayA1, bt.PayA2, bt.PayA3, bt.PayB1} {
		if p := w.status(id); p.Status != ledger.StatusSettled || p.Settlement == nil || p.Settlement.BookedOn != ledger.NewDate(2026, 10, 13) {
			t.Errorf("%s after the statement: %s %+v", id, p.Status, p.Settlement)
		}
	}
	if b := w.balance(); b != before {
		t.Errorf("a settlement moved money: %+v, was %+v", b, before)
	}
	w.verify()

	again := w.mustImport(bt.Camt053v02)
	if !again.Again || len(again.Settled) != 0 {
		t.Errorf("the same file again: %+v", again)
	}
	seen := w.mustImport(bt.Camt054v02)
	if seen.Seen != 1 || len(seen.Settled) != 0 || len(seen.Unmatched) != 0 {
		t.Errorf("the notification of an entry the statement had: %+v", seen)
	}

	im = w.mustImport(bt.Camt053v08)
	if len(im.Settled) != 1 || len(im.Settled[0].Payouts) != 2 || len(im.Returned) != 2 || len(im.Unmatched) != 1 {
		t.Fatalf("camt.053.001.08: %+v", im)
	}
	for _, id := range []string{bt.PayC1, bt.PayC2} {
		if p := w.status(id); p.Status != ledger.StatusSettled {
			t.Errorf("%s in the batch booked by its block: %s", id, p.Status)
		}
	}
	for id, reason := range map[string]string{bt.PayA2: "AC04", bt.PayA3: "AC01"} {
		p := w.status(id)
		if p.Status != ledger.StatusReturned || p.Return == nil || p.Return.Reason != reason || p.Return.Explanation == "" {
			t.Errorf("%s after its return: %s %+v", id, p.Status, p.Return)
		}
	}
	back := bt.AmountA2 + bt.AmountA3
	if b := w.balance(); b.Available != before.Available+back || b.Spent != before.Spent-back {
		t.Errorf("after the returns: available %s, spent %s; want %s, %s", b.Available, b.Spent, before.Available+back, before.Spent-back)
	}
	if !strings.Contains(im.Unmatched[0].Detail, "names no payout") || im.Unmatched[0].Amount != bt.AmountCharges {
		t.Errorf("the bank charge: %+v", im.Unmatched[0])
	}
	w.verify()

	unmatched, err := w.store.BankEntries(w.ctx, Auditor, ledger.BankEntryQuery{Outcome: ledger.OutcomeUnmatched})
	if err != nil || len(unmatched) != 1 || unmatched[0].Amount != bt.AmountCharges {
		t.Errorf("the unmatched entries: %+v, %v", unmatched, err)
	}
	_, err = w.store.BankEntries(w.ctx, Caseworker, ledger.BankEntryQuery{})
	wantCode(t, err, ledger.EFORBIDDEN)
	f, digest := w.file(bt.Camt053v02)
	_, err = w.store.ImportBankFile(w.ctx, Caseworker, ledger.ImportBankFile{File: f, Digest: digest})
	wantCode(t, err, ledger.EFORBIDDEN)
}

// testBankStatusReport: a pain.002 that accepts one block, rejects one
// transfer of another and rejects a third block whole returns exactly the
// rejected payouts, their money back in their pots, with the reasons; the
// accepted ones stay paid. The same report again changes nothing.
func testBankStatusReport(t *testing.T, open Opener) {
	w := newBankWorld(t, open)
	second := w.mustPot("Zorgpot", ledger.NewPot{Name: "Zorgpot", Year: 2026, RecoveryPolicy: ledger.PolicyRefund, Mandates: Ladder()})
	w.mustContribute(second.ID, w.partner.ID, 10000_00)
	acct := DebtorAccount()
	acct.IBAN = bt.DebtorIBAN
	if _, err := w.store.SetDebtorAccount(w.ctx, Finance, second.ID, acct, ""); err != nil {
		t.Fatal(err)
	}
	ask := func(name string, pot ledger.PotID, amount ledger.Cents, urgency ledger.Urgency) {
		req := ValidRequest(pot, amount)
		req.Urgency = urgency
		p, err := w.store.RequestPayout(w.ctx, Alderman, req)
		if err != nil {
			t.Fatal(err)
		}
		w.ids[name] = string(p.ID)
	}
	ask(bt.PayD1, w.pot.ID, bt.AmountD1, ledger.UrgencyUrgent)
	ask(bt.PayD2, w.pot.ID, bt.AmountD2, ledger.UrgencyUrgent)
	ask(bt.PayE1, w.pot.ID, bt.AmountE1, ledger.UrgencyNormal)
	ask(bt.PayE2, w.pot.ID, bt.AmountE2, ledger.UrgencyNormal)
	ask(bt.PayF1, second.ID, bt.AmountF1, ledger.UrgencyNormal)
	b3, err := w.store.CreatePaymentBatch(w.ctx, Finance, ledger.NewPaymentBatch{})
	if err != nil {
		t.Fatal(err)
	}
	w.ids[bt.Batch3] = string(b3.ID)
	w.blocks(b3, map[string]string{bt.Block3Accepted: bt.PayD1, bt.Block3Partial: bt.PayE2, bt.Block3Rejected: bt.PayF1})
	before, beforeSecond := w.balance(), w.potBalance(second.ID)

	im := w.mustImport(bt.Pain002)
	if len(im.Returned) != 2 || len(im.Settled) != 0 || len(im.Unmatched) != 0 {
		t.Fatalf("the status report: %+v", im)
	}
	for id, want := range map[string]string{bt.PayE2: "AC01", bt.PayF1: "AM04"} {
		p := w.status(id)
		if p.Status != ledger.StatusReturned || p.Return == nil || p.Return.Reason != want {
			t.Errorf("%s after its rejection: %s %+v", id, p.Status, p.Return)
		}
	}
	for _, id := range []string{bt.PayD1, bt.PayD2, bt.PayE1} {
		if p := w.status(id); p.Status != ledger.StatusPaid {
			t.Errorf("%s, accepted, is %s", id, p.Status)
		}
	}
	if b := w.balance(); b.Available != before.Available+bt.AmountE2 || b.Spent != before.Spent-bt.AmountE2 {
		t.Errorf("the pot after the rejection of E2: %+v, was %+v", b, before)
	}
	if b := w.potBalance(second.ID); b.Available != beforeSecond.Available+bt.AmountF1 {
		t.Errorf("the second pot after the rejection of its block: %+v, was %+v", b, beforeSecond)
	}
	if again := w.mustImport(bt.Pain002); !again.Again {
		t.Errorf("the same report again: %+v", again)
	}
	w.verify()
}

func (w *bankWorld) potBalance(pot ledger.PotID) ledger.Balance {
	w.t.Helper()
	b, err := w.store.Balance(w.ctx, pot)
	if err != nil {
		w.t.Fatal(err)
	}
	return b
}

// testBankOddEntries: two statements in one file (a reversed charge
// naming nothing, a debit of a payout ontschot never made, a batch of
// another account's payouts it does not know, a pending credit) keep what
// matches nothing for finance and change no payout; a return for a payout
// that was reversed before it was paid is no return of it, and stays for
// finance too.
func testBankOddEntries(t *testing.T, open Opener) {
	w := newBankWorld(t, open)
	w.mustImport(bt.Camt053v02)
	w.mustImport(bt.Camt053v08)
	before := w.balance()
	im := w.mustImport(bt.TwoStatements)
	if im.Statements != 2 || len(im.Unmatched) != 3 || im.Pending != 1 || len(im.Settled)+len(im.Returned) != 0 {
		t.Fatalf("two statements: %+v", im)
	}
	if b := w.balance(); b != before {
		t.Errorf("entries that match nothing moved money: %+v, was %+v", b, before)
	}
	w.verify()

	// A return naming a payout that was approved and reversed, never paid.
	v := newBankWorld(t, open)
	p := v.mustRequest(Alderman, bt.AmountA2)
	if _, err := v.store.ReversePayout(v.ctx, Finance, ledger.Reversal{PayoutID: p.ID, Reason: "dubbel ingediend"}); err != nil {
		t.Fatal(err)
	}
	v.ids[bt.PayA2] = string(p.ID)
	before = v.balance()
	im = v.mustImport(bt.Camt053v08)
	if len(im.Returned) != 1 || len(im.Unmatched) != 2 || !strings.Contains(im.Unmatched[0].Detail+im.Unmatched[1].Detail, "is reversed") {
		t.Fatalf("a return of a reversed payout: %+v", im)
	}
	if got := v.status(bt.PayA2); got.Status != ledger.StatusReversed {
		t.Errorf("the reversed payout is %s after a return named it", got.Status)
	}
	if b := v.balance(); b.Available != before.Available+bt.AmountA3 {
		t.Errorf("only A3's money is back: available %s, was %s", b.Available, before.Available)
	}
	v.verify()
}
