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

// importXML imports a file a test wrote.
func (w *bankWorld) importXML(raw string) ledger.BankImport {
	w.t.Helper()
	f, err := bankfile.Read(strings.NewReader(raw))
	if err != nil {
		w.t.Fatalf("read: %v\n%s", err, raw)
	}
	sum := sha256.Sum256([]byte(raw))
	im, err := w.store.ImportBankFile(w.ctx, Finance, ledger.ImportBankFile{File: f, Digest: hex.EncodeToString(sum[:])})
	if err != nil {
		w.t.Fatalf("import: %v", err)
	}
	return im
}

// pain002 writes a status report of batch with the blocks (each
// "PMTINFID STATUS REASON", a transfer "E2E:ID RJCT REASON AMOUNT" after
// its block), or only a group status when blocks is empty.
func pain002(batch, group, reason string, blocks ...string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.10"><CstmrPmtStsRpt>
<GrpHdr><MsgId>RPT-` + batch + `</MsgId><CreDtTm>2026-10-21T10:03:12+02:00</CreDtTm></GrpHdr>
<OrgnlGrpInfAndSts><OrgnlMsgId>` + batch + `</OrgnlMsgId><OrgnlMsgNmId>pain.001.001.09</OrgnlMsgNmId><GrpSts>` + group + `</GrpSts>`)
	if reason != "" {
		b.WriteString(`<StsRsnInf><Rsn><Cd>` + reason + `</Cd></Rsn></StsRsnInf>`)
	}
	b.WriteString(`</OrgnlGrpInfAndSts>`)
	open := false
	for _, blk := range blocks {
		f := strings.Fields(blk)
		if id, ok := strings.CutPrefix(f[0], "E2E:"); ok {
			b.WriteString(`<TxInfAndSts><OrgnlEndToEndId>` + id + `</OrgnlEndToEndId><TxSts>` + f[1] + `</TxSts><StsRsnInf><Rsn><Cd>` + f[2] +
				`</Cd></Rsn></StsRsnInf><OrgnlTxRef><Amt><InstdAmt Ccy="EUR">` + f[3] + `</InstdAmt></Amt></OrgnlTxRef></TxInfAndSts>`)
			continue
		}
		if open {
			b.WriteString(`</OrgnlPmtInfAndSts>`)
		}
		b.WriteString(`<OrgnlPmtInfAndSts><OrgnlPmtInfId>` + f[0] + `</OrgnlPmtInfId><PmtInfSts>` + f[1] + `</PmtInfSts>`)
		if len(f) > 2 {
			b.WriteString(`<StsRsnInf><Rsn><Cd>` + f[2] + `</Cd></Rsn></StsRsnInf>`)
		}
		open = true
	}
	if open {
		b.WriteString(`</OrgnlPmtInfAndSts>`)
	}
	b.WriteString(`</CstmrPmtStsRpt></Document>`)
	return b.String()
}

// testBankAnswerEdges: what an attacking review found: a whole file
// rejected returns every payout of it; a rejection of a transfer of
// another file, or for another amount, is unmatched; an entry naming a
// payout twice is unmatched and the rest of the file is imported; a
// payout paid from the pot's former account is matched to that account,
// not the new one; a block booked after one of its transfers was rejected
// settles the rest; a reference that holds a BSN is kept masked.
func testBankAnswerEdges(t *testing.T, open Opener) {
	w := newBankWorld(t, open)
	day := ledger.NewDate(2026, 10, 13)
	a1, a2, b1 := ledger.PayoutID(w.ids[bt.PayA1]), ledger.PayoutID(w.ids[bt.PayA2]), ledger.PayoutID(w.ids[bt.PayB1])

	// A transfer of batch 1 named in a report on batch 2, and one for
	// another amount: neither is returned.
	im := w.importXML(pain002(w.ids[bt.Batch2], "PART", "", w.ids[bt.Block2]+" PART", "E2E:"+string(a1)+" RJCT AC01 1250.00"))
	if len(im.Returned) != 0 || len(im.Unmatched) != 1 || !strings.Contains(im.Unmatched[0].Detail, "is not of the payment file") {
		t.Fatalf("a rejection of another file's transfer: %+v", im)
	}
	im = w.importXML(pain002(w.ids[bt.Batch1], "PART", "", w.ids[bt.Block1]+" PART", "E2E:"+string(a1)+" RJCT AC01 1249.99"))
	if len(im.Returned) != 0 || len(im.Unmatched) != 1 || !strings.Contains(im.Unmatched[0].Detail, "the report names") {
		t.Fatalf("a rejection for another amount: %+v", im)
	}
	// One transfer of block 1 rejected; then the statement books the rest
	// of the block, and settles it.
	im = w.importXML(pain002(w.ids[bt.Batch1], "PART", "", w.ids[bt.Block1]+" PART", "E2E:"+string(a2)+" RJCT AC04 487.35"))
	if len(im.Returned) != 1 || w.status(bt.PayA2).Status != ledger.StatusReturned {
		t.Fatalf("one transfer rejected: %+v", im)
	}
	raw := strings.Replace(string(bt.Statement(bt.DebtorIBAN, "S-EDGE-1",
		bt.Booking{Ref: "BLK-1", PayoutID: "x", Amount: bt.AmountA1 + bt.AmountA3, Debit: true, Booked: day})),
		"<NtryDtls><TxDtls>\n     <Refs><EndToEndId>x</EndToEndId></Refs>", "<NtryDtls><Btch><PmtInfId>"+w.ids[bt.Block1]+"</PmtInfId></Btch><TxDtls>\n     <Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs>", 1)
	raw = strings.Replace(raw, "<TxDtls>\n     <Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs>\n     <Amt Ccy=\"EUR\">3350.00</Amt>\n     <CdtDbtInd>DBIT</CdtDbtInd>\n    </TxDtls>", "", 1)
	im = w.importXML(raw)
	if len(im.Settled) != 1 || len(im.Settled[0].Payouts) != 2 {
		t.Fatalf("the rest of a block booked after a transfer of it was rejected: %+v\n%s", im, raw)
	}

	// An entry naming B1 twice is unmatched; the entry beside it counts.
	twice := strings.Replace(string(bt.Statement(bt.DebtorIBAN, "S-EDGE-2",
		bt.Booking{Ref: "TWICE", PayoutID: b1, Amount: 2 * bt.AmountB1, Debit: true, Booked: day})),
		"</TxDtls>", "</TxDtls><TxDtls><Refs><EndToEndId>"+string(b1)+"</EndToEndId></Refs><Amt Ccy=\"EUR\">640.00</Amt><CdtDbtInd>DBIT</CdtDbtInd></TxDtls>", 1)
	twice = strings.Replace(twice, "<Amt Ccy=\"EUR\">1280.00</Amt>\n     <CdtDbtInd>DBIT</CdtDbtInd>", "<Amt Ccy=\"EUR\">640.00</Amt>\n     <CdtDbtInd>DBIT</CdtDbtInd>", 1)
	im = w.importXML(twice)
	if len(im.Unmatched) != 1 || !strings.Contains(im.Unmatched[0].Detail, "twice") {
		t.Fatalf("an entry naming a payout twice: %+v\n%s", im, twice)
	}

	// The pot moves to another account: the payment of B1 left from the
	// old one, so only the old account's statement settles it.
	acct := DebtorAccount()
	acct.IBAN = bt.DebtorIBAN2
	if _, err := w.store.SetDebtorAccount(w.ctx, Finance, w.pot.ID, acct, ""); err != nil {
		t.Fatal(err)
	}
	im = w.importXML(string(bt.Statement(bt.DebtorIBAN2, "S-EDGE-3", bt.Booking{Ref: "NEW-1", PayoutID: b1, Amount: bt.AmountB1, Debit: true, Booked: day})))
	if len(im.Unmatched) != 1 || !strings.Contains(im.Unmatched[0].Detail, "was paid from account "+bt.DebtorIBAN) {
		t.Fatalf("a statement of the pot's new account: %+v", im)
	}
	im = w.importXML(string(bt.Statement(bt.DebtorIBAN, "S-EDGE-4", bt.Booking{Ref: "OLD-1", PayoutID: b1, Amount: bt.AmountB1, Debit: true, Booked: day})))
	if len(im.Settled) != 1 {
		t.Fatalf("a statement of the account the payment left from: %+v", im)
	}

	// A reference that holds a BSN is kept masked.
	im = w.importXML(string(bt.Statement(bt.DebtorIBAN, "S-EDGE-5", bt.Booking{Ref: "111222333", PayoutID: "BSN 111222333", Amount: 10_00, Debit: true, Booked: day})))
	if len(im.Unmatched) != 1 || strings.Contains(im.Unmatched[0].Detail+im.Unmatched[0].Ref, "111222333") {
		t.Fatalf("a BSN in the bank's references: %+v", im)
	}
	es, err := w.store.BankEntries(w.ctx, Finance, ledger.BankEntryQuery{})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range es {
		if strings.Contains(e.Ref+e.Detail+e.StatementID+e.PaymentInfoID, "111222333") {
			t.Errorf("a BSN is kept: %+v", e)
		}
	}

	// Another booking under a reference imported before is kept apart,
	// not skipped as seen.
	im = w.importXML(string(bt.Statement(bt.DebtorIBAN, "S-EDGE-6", bt.Booking{Ref: "OLD-1", PayoutID: "other", Amount: 99_00, Debit: true, Booked: day})))
	if im.Seen != 0 || len(im.Unmatched) != 1 || !strings.Contains(im.Unmatched[0].Detail, "the references clash") {
		t.Fatalf("a clashing reference: %+v", im)
	}

	// The whole of batch 2 rejected at the file's level.
	im = w.importXML(pain002(w.ids[bt.Batch2], "RJCT", "FF01"))
	if len(im.Returned) != 1 || len(im.Returned[0].Payouts) != 2 || w.status(bt.PayC1).Status != ledger.StatusReturned {
		t.Fatalf("a whole file rejected: %+v", im)
	}
	w.verify()
}
