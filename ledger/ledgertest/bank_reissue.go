package ledgertest

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ontschot/ontschot/ledger"
	bt "github.com/ontschot/ontschot/ledger/bankfile/bankfiletest"
)

// testBankReissue: a payout the bank returned is paid again to a corrected
// payee without a new decision, by its requester or by someone whose
// mandate covers it; the new payout carries the returned one's decision,
// takes the money the return gave back, and the next payment run pays it
// to the corrected IBAN, and never the returned payout. A returned payout
// is paid again once; the bad inputs and the wrong people change nothing;
// a payout paid again that comes back too is paid again in its turn.
// After each step the journal verifies.
func testBankReissue(t *testing.T, open Opener) {
	w := newBankWorld(t, open)
	// One within the caseworker's mandate, one a team lead approved.
	own := w.mustRequest(Caseworker, 800_00)
	held := w.mustRequest(Caseworker, 3000_00)
	if _, err := w.store.DecidePayout(w.ctx, Teamlead, ledger.Decision{PayoutID: held.ID, Outcome: ledger.OutcomeApprove, Note: "akkoord"}); err != nil {
		t.Fatal(err)
	}
	// Finance allocated both before the bank sent them back: a return
	// withdraws the allocations (the party's turn and load with it).
	w.mustParty("Woonbedrijf Noord", ledger.PartyHousingCorporation)
	w.mustAllocate(own.ID, "", wmo(300_00), party("Woonbedrijf Noord", 500_00))
	w.mustAllocate(held.ID, "", maatwerk(3000_00))
	if _, err := w.store.CreatePaymentBatch(w.ctx, Finance, ledger.NewPaymentBatch{PotID: w.pot.ID}); err != nil {
		t.Fatal(err)
	}
	booked := ledger.NewDate(2026, 3, 12)
	w.importXML(string(bt.Statement(bt.DebtorIBAN, "STMT-RETURNS-1",
		bt.Booking{Ref: "RTN-OWN", PayoutID: own.ID, Amount: own.Amount, Return: "AC04", Booked: booked},
		bt.Booking{Ref: "RTN-HELD", PayoutID: held.ID, Amount: held.Amount, Return: "AC01", Booked: booked})))
	for _, p := range []ledger.Payout{own, held} {
		if got := w.mustPayout(p.ID); got.Status != ledger.StatusReturned || got.Allocated != 0 {
			t.Fatalf("%s after its return: %s, %s allocated", p.ID, got.Status, got.Allocated)
		}
	}
	w.verify()

	corrected := ledger.Payee{Name: "Woonstichting De Kern", IBAN: "NL44 RABO 0123 4567 89", Reference: "HUUR-2026-03"}
	before := w.balance()
	snap := w.snapshot()
	// Bad inputs and the wrong people: each refused, nothing written.
	_, err := w.store.ReissuePayout(w.ctx, Caseworker, ledger.Reissue{PayoutID: held.ID, Payee: ledger.Payee{Name: "Woonstichting De Kern", IBAN: "NL44 RABO 0123 4567 88"}})
	wantField(t, err, "payee.iban")
	_, err = w.store.ReissuePayout(w.ctx, Caseworker, ledger.Reissue{PayoutID: held.ID, Payee: ledger.Payee{Name: " ", IBAN: corrected.IBAN}})
	wantField(t, err, "payee.name")
	_, err = w.store.ReissuePayout(w.ctx, Colleague, ledger.Reissue{PayoutID: held.ID, Payee: corrected})
	wantCode(t, err, ledger.EFORBIDDEN) // not hers, and above her mandate
	for _, a := range []ledger.Actor{Finance, Auditor, Admin} {
		_, err = w.store.ReissuePayout(w.ctx, a, ledger.Reissue{PayoutID: held.ID, Payee: corrected})
		wantCode(t, err, ledger.EFORBIDDEN)
	}
	_, err = w.store.ReissuePayout(w.ctx, Alderman, ledger.Reissue{PayoutID: ledger.PayoutID(w.ids[bt.PayA1]), Payee: corrected})
	wantCode(t, err, ledger.ECONFLICT) // paid, not returned
	_, err = w.store.ReissuePayout(w.ctx, Caseworker, ledger.Reissue{PayoutID: "pay_nope", Payee: corrected})
	wantCode(t, err, ledger.ENOTFOUND)
	w.unchanged(snap)

	// The requester corrects the payee of the payout a team lead approved.
	again, err := w.store.ReissuePayout(w.ctx, Caseworker, ledger.Reissue{PayoutID: held.ID, Payee: corrected, IdempotencyKey: "reissue-held-1"})
	if err != nil {
		t.Fatal(err)
	}
	if again.Status != ledger.StatusApproved || again.ReissueOf != held.ID || again.Amount != held.Amount || again.PotID != held.PotID ||
		again.Decision == nil || again.Decision.By != Teamlead.User || again.Decision.Note != "akkoord" || again.RequestedBy != Caseworker.User ||
		again.ReissuedBy != Caseworker.User || again.CaseRef != held.CaseRef || again.Payee.IBAN != "NL44RABO0123456789" || again.Payee.Reference != "HUUR-2026-03" {
		t.Fatalf("the payout paid again: %+v", again)
	}
	// The team lead's wait is the returned payout's, counted once.
	if f := again.Fact(); func() bool { _, ok := f.DecidedWait(); return ok }() {
		t.Error("the payout paid again counts a wait for the decision it carries")
	}
	if got := w.mustPayout(held.ID); got.Status != ledger.StatusReturned || got.ReissuedAs != again.ID {
		t.Errorf("the returned payout after it was paid again: %s, paid again as %q", got.Status, got.ReissuedAs)
	}
	if b := w.balance(); b.Available != before.Available-held.Amount || b.Spent != before.Spent+held.Amount {
		t.Errorf("after paying it again: available %s, spent %s; want %s, %s", b.Available, b.Spent, before.Available-held.Amount, before.Spent+held.Amount)
	}
	// The same request again answers the same payout; another is refused.
	replay, err := w.store.ReissuePayout(w.ctx, Caseworker, ledger.Reissue{PayoutID: held.ID, Payee: corrected, IdempotencyKey: "reissue-held-1"})
	if err != nil || replay.ID != again.ID {
		t.Errorf("the same request again: %s, %v; want %s", replay.ID, err, again.ID)
	}
	_, err = w.store.ReissuePayout(w.ctx, Alderman, ledger.Reissue{PayoutID: held.ID, Payee: corrected})
	wantCode(t, err, ledger.ECONFLICT)
	w.verify()

	// Another caseworker, whose mandate covers it but who may not see the
	// case, may not send its money elsewhere; the team lead, who may, pays
	// it again. The request stays the requester's.
	other := ledger.Payee{Name: "Energie Noord BV", IBAN: "NL20 INGB 0001 2345 67"}
	_, err = w.store.ReissuePayout(w.ctx, Colleague, ledger.Reissue{PayoutID: own.ID, Payee: other})
	wantCode(t, err, ledger.EFORBIDDEN)
	again2, err := w.store.ReissuePayout(w.ctx, Teamlead, ledger.Reissue{PayoutID: own.ID, Payee: other})
	if err != nil {
		t.Fatal(err)
	}
	if again2.RequestedBy != Caseworker.User || again2.ReissuedBy != Teamlead.User || again2.ReissuedRole != ledger.RoleTeamlead ||
		again2.Decision == nil || !again2.Decision.OwnMandate || again2.Decision.By != Caseworker.User {
		t.Errorf("paid again by the team lead: %+v", again2)
	}
	w.verify()

	// The next run pays the two new payouts to their new IBANs, and
	// neither returned one.
	run, err := w.store.CreatePaymentBatch(w.ctx, Finance, ledger.NewPaymentBatch{PotID: w.pot.ID})
	if err != nil {
		t.Fatal(err)
	}
	full, err := w.store.PaymentBatch(w.ctx, run.ID)
	if err != nil {
		t.Fatal(err)
	}
	var paid []ledger.PayoutID
	for _, it := range full.Items {
		paid = append(paid, it.PayoutID)
		if it.PayoutID == again.ID && it.Payee.IBAN != "NL44RABO0123456789" {
			t.Errorf("paid again to %s, not to the corrected IBAN", it.Payee.IBAN)
		}
	}
	slices.Sort(paid)
	want := []ledger.PayoutID{again.ID, again2.ID}
	slices.Sort(want)
	if !slices.Equal(paid, want) {
		t.Fatalf("the next run paid %v; want %v", paid, want)
	}
	_, err = w.store.CreatePaymentBatch(w.ctx, Finance, ledger.NewPaymentBatch{PotID: w.pot.ID})
	wantCode(t, err, ledger.ECONFLICT) // nothing left to pay
	w.verify()

	// It comes back again (the name check this time), and is paid again
	// in its turn: the returned payout's decision still carries it.
	w.importXML(string(bt.Statement(bt.DebtorIBAN, "STMT-RETURNS-2",
		bt.Booking{Ref: "RTN-AGAIN", PayoutID: again.ID, Amount: again.Amount, Return: "RR02", Booked: booked.AddDays(3)})))
	third, err := w.store.ReissuePayout(w.ctx, Teamlead, ledger.Reissue{PayoutID: again.ID, Payee: ledger.Payee{Name: "Stichting Woonstichting De Kern", IBAN: corrected.IBAN}})
	if err != nil {
		t.Fatal(err)
	}
	if third.ReissueOf != again.ID || third.Decision == nil || third.Decision.By != Teamlead.User {
		t.Errorf("paid again a second time: %+v", third)
	}
	w.verify()

	// Once the pot's year is over, its returned money is not paid again
	// from it.
	w.importXML(string(bt.Statement(bt.DebtorIBAN, "STMT-RETURNS-3",
		bt.Booking{Ref: "RTN-OWN-2", PayoutID: again2.ID, Amount: again2.Amount, Return: "AC06", Booked: booked.AddDays(4)})))
	w.clock.Set(time.Date(2027, time.January, 5, 9, 0, 0, 0, ledger.Amsterdam))
	_, err = w.store.ReissuePayout(w.ctx, Caseworker, ledger.Reissue{PayoutID: again2.ID, Payee: other})
	wantCode(t, err, ledger.ECONFLICT)
	w.verify()
}

func (f *fixture) mustPayout(id ledger.PayoutID) ledger.Payout {
	f.t.Helper()
	p, err := f.store.Payout(f.ctx, id)
	if err != nil {
		f.t.Fatal(err)
	}
	return p
}

// Reissued is what BuildReissued made: two payouts the bank returned, one
// of them paid again by a third.
type Reissued struct {
	// Returned was returned and paid again as Reissue; Other was returned
	// and not paid again.
	Returned, Reissue, Other ledger.PayoutID
}

// BuildReissued fills an empty store: a funded pot paying from the
// fixtures' debtor account, two payouts requested by Caseworker and paid,
// both returned by a statement, and the first paid again to a corrected
// payee. For tests that try to break what the journal says of it.
func BuildReissued(t testing.TB, s ledger.Store, clock *Clock) Reissued {
	t.Helper()
	f := &fixture{t: t, store: s, clock: clock, ctx: context.Background()}
	f.partner = f.mustPartner("Gemeente Leeuwarden", ledger.KindMunicipality)
	f.pot = f.mustPot("Doorbraakpot", ledger.NewPot{Year: 2026, RecoveryPolicy: ledger.PolicyRefund, Mandates: Ladder()})
	f.mustContribute(f.pot.ID, f.partner.ID, 10000_00)
	acct := DebtorAccount()
	acct.IBAN = bt.DebtorIBAN
	if _, err := s.SetDebtorAccount(f.ctx, Finance, f.pot.ID, acct, ""); err != nil {
		t.Fatal(err)
	}
	a, b := f.mustRequest(Caseworker, 800_00), f.mustRequest(Caseworker, 650_00)
	if _, err := s.CreatePaymentBatch(f.ctx, Finance, ledger.NewPaymentBatch{}); err != nil {
		t.Fatal(err)
	}
	w := &bankWorld{fixture: f}
	booked := ledger.DateOf(clock.Now())
	w.importXML(string(bt.Statement(bt.DebtorIBAN, "STMT-RETURNS",
		bt.Booking{Ref: "RTN-A", PayoutID: a.ID, Amount: a.Amount, Return: "AC04", Booked: booked},
		bt.Booking{Ref: "RTN-B", PayoutID: b.ID, Amount: b.Amount, Return: "AC01", Booked: booked})))
	again, err := s.ReissuePayout(f.ctx, Caseworker, ledger.Reissue{PayoutID: a.ID, Payee: ledger.Payee{Name: "Woonstichting De Kern", IBAN: "NL44 RABO 0123 4567 89"}})
	if err != nil {
		t.Fatal(err)
	}
	return Reissued{Returned: a.ID, Reissue: again.ID, Other: b.ID}
}

// testBankFileCleaned: what the bank's file says is kept only as it may
// be: a reason code that is no code (a number, a BSN) is no reason; a
// MsgId holding a BSN is kept masked; a statement of an account that is no
// IBAN, a booked entry without a booking date and one booked after the
// bank made the file are refused naming them, and change nothing; a debit
// booked before the payment file was made matches nothing.
func testBankFileCleaned(t *testing.T, open Opener) {
	w := newBankWorld(t, open)
	p := w.mustRequest(Caseworker, 250_00)
	if _, err := w.store.CreatePaymentBatch(w.ctx, Finance, ledger.NewPaymentBatch{PotID: w.pot.ID}); err != nil {
		t.Fatal(err)
	}
	day := ledger.NewDate(2026, 3, 12)
	const bsn = "123456782" // passes the elfproef
	file := func(iban string, e ledger.BankEntry) *ledger.BankFile {
		return &ledger.BankFile{Kind: ledger.BankCamt053v08, MessageID: "MSG " + bsn, Statements: []ledger.BankStatement{{
			ID: "STMT-CLEAN", IBAN: iban, Currency: "EUR", From: day, To: day, Entries: []ledger.BankEntry{e}}}}
	}
	back := ledger.BankEntry{Ref: "RTN-CLEAN", Amount: p.Amount, Status: "BOOK", BookingDate: day, ValueDate: day, BankTxCode: "PMNT/RCDT/RRTN",
		Details: []ledger.BankDetail{{EndToEndID: string(p.ID), Amount: p.Amount, Return: &ledger.BankReturn{Reason: bsn}}}}
	digest := func(n byte) string { return strings.Repeat(string("0123456789abcdef"[n]), 64) }

	snap := w.snapshot()
	_, err := w.store.ImportBankFile(w.ctx, Finance, ledger.ImportBankFile{File: file(bsn, back), Digest: digest(1)})
	wantCode(t, err, ledger.EINVALID)
	_, err = w.store.ImportBankFile(w.ctx, Finance, ledger.ImportBankFile{File: file("", back), Digest: digest(2)})
	wantCode(t, err, ledger.EINVALID)
	undated := back
	undated.BookingDate = ledger.Date{}
	_, err = w.store.ImportBankFile(w.ctx, Finance, ledger.ImportBankFile{File: file(bt.DebtorIBAN, undated), Digest: digest(3)})
	wantCode(t, err, ledger.EINVALID)
	ahead := file(bt.DebtorIBAN, back)
	ahead.CreatedAt = day.AddDays(-1).Start() // the file was made before the day it books
	_, err = w.store.ImportBankFile(w.ctx, Finance, ledger.ImportBankFile{File: ahead, Digest: digest(5)})
	wantCode(t, err, ledger.EINVALID)
	w.unchanged(snap)

	// A debit booked before the payment file was made names the payout
	// by mistake: kept for finance, the payout stays paid.
	early := ledger.BankEntry{Ref: "EARLY", Amount: p.Amount, Debit: true, Status: "BOOK", BookingDate: ledger.NewDate(2026, 3, 1), BankTxCode: "PMNT/ICDT/ESCT",
		Details: []ledger.BankDetail{{EndToEndID: string(p.ID), Amount: p.Amount}}}
	im, err := w.store.ImportBankFile(w.ctx, Finance, ledger.ImportBankFile{File: file(bt.DebtorIBAN, early), Digest: digest(6)})
	if err != nil || len(im.Unmatched) != 1 || !strings.Contains(im.Unmatched[0].Detail, "before its payment file was made") {
		t.Fatalf("a debit booked before the payment: %+v, %v", im, err)
	}

	im, err = w.store.ImportBankFile(w.ctx, Finance, ledger.ImportBankFile{File: file(bt.DebtorIBAN, back), Digest: digest(4)})
	if err != nil || len(im.Returned) != 1 {
		t.Fatalf("the return with a number for a reason: %+v, %v", im, err)
	}
	got := w.mustPayout(p.ID)
	if got.Status != ledger.StatusReturned || got.Return == nil || got.Return.Reason != "" {
		t.Errorf("a number as the reason code is kept: %+v", got.Return)
	}
	entries, err := w.store.BankEntries(w.ctx, Finance, ledger.BankEntryQuery{})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.Contains(e.Reason+e.Detail+e.DetailNL+e.Ref+e.StatementID, bsn) {
			t.Errorf("an entry keeps the BSN: %+v", e)
		}
	}
	if strings.Contains(im.MessageID, bsn) {
		t.Errorf("the import answers the MsgId with its BSN: %q", im.MessageID)
	}
	w.verify()
}

// testBankReturnBeforeDebit: the bank's notification of money back can
// come before the statement that books the money out. The debit still
// books the payout (it stays returned, its debit settled), whether the
// bank books it alone or in a batch by its block; the return again under
// another reference is a second return, kept for finance.
func testBankReturnBeforeDebit(t *testing.T, open Opener) {
	w := newBankWorld(t, open)
	early := ledger.NewDate(2026, 10, 12)
	w.importXML(string(bt.Statement(bt.DebtorIBAN, "NTF-EARLY",
		bt.Booking{Ref: "EARLY-C1", PayoutID: ledger.PayoutID(w.ids[bt.PayC1]), Amount: bt.AmountC1, Return: "AC04", Booked: early},
		bt.Booking{Ref: "EARLY-A2", PayoutID: ledger.PayoutID(w.ids[bt.PayA2]), Amount: bt.AmountA2, Return: "MS03", Booked: early})))
	im := w.mustImport(bt.Camt053v02)
	if len(im.Settled) != 2 || len(im.Unmatched) != 0 {
		t.Fatalf("the statement after the returns: %+v", im)
	}
	if p := w.status(bt.PayA2); p.Status != ledger.StatusReturned || p.Settlement == nil {
		t.Errorf("A2, back before its debit was booked: %s, settlement %+v", p.Status, p.Settlement)
	}
	im = w.mustImport(bt.Camt053v08)
	if len(im.Settled) != 1 || len(im.Settled[0].Payouts) != 2 || len(im.Returned) != 1 || len(im.Unmatched) != 2 {
		t.Fatalf("the block booked after one of its payouts came back: %+v", im)
	}
	if p := w.status(bt.PayC1); p.Status != ledger.StatusReturned || p.Settlement == nil {
		t.Errorf("C1, back before its block was booked: %s, settlement %+v", p.Status, p.Settlement)
	}
	if p := w.status(bt.PayC2); p.Status != ledger.StatusSettled {
		t.Errorf("C2 in the block: %s", p.Status)
	}
	var second bool
	for _, u := range im.Unmatched {
		second = second || strings.Contains(u.Detail, "came back already")
	}
	if !second {
		t.Errorf("A2's return again is not named a second return: %+v", im.Unmatched)
	}
	w.verify()
}

// testBankRefClashInFile: entries of one file that share the bank's
// reference are no error: the first is kept, the others are kept apart as
// unmatched, each under its own key, even when they book the same amount
// on the same day but name other payouts.
func testBankRefClashInFile(t *testing.T, open Opener) {
	w := newBankWorld(t, open)
	a, b := w.mustRequest(Alderman, 111_00), w.mustRequest(Alderman, 111_00)
	if _, err := w.store.CreatePaymentBatch(w.ctx, Finance, ledger.NewPaymentBatch{PotID: w.pot.ID}); err != nil {
		t.Fatal(err)
	}
	day := ledger.NewDate(2026, 3, 12)
	credit := func(amount ledger.Cents) ledger.BankEntry {
		return ledger.BankEntry{BankRef: "SAME", Amount: amount, Status: "BOOK", BookingDate: day, ValueDate: day, BankTxCode: "PMNT/RCDT/ESCT"}
	}
	debit := func(p ledger.Payout) ledger.BankEntry {
		return ledger.BankEntry{Ref: "1", Amount: p.Amount, Debit: true, Status: "BOOK", BookingDate: day, ValueDate: day, BankTxCode: "PMNT/ICDT/ESCT",
			Details: []ledger.BankDetail{{EndToEndID: string(p.ID), Amount: p.Amount}}}
	}
	f := &ledger.BankFile{Kind: ledger.BankCamt053v08, MessageID: "CLASH", Statements: []ledger.BankStatement{{
		ID: "STMT-CLASH", IBAN: bt.DebtorIBAN, Currency: "EUR", From: day, To: day,
		Entries: []ledger.BankEntry{credit(1_00), credit(2_00), credit(3_00), debit(a), debit(b)}}}}
	im, err := w.store.ImportBankFile(w.ctx, Finance, ledger.ImportBankFile{File: f, Digest: strings.Repeat("c", 64)})
	if err != nil {
		t.Fatalf("a file whose entries share references: %v", err)
	}
	if im.Credits != 1 || len(im.Settled) != 1 || len(im.Unmatched) != 3 || im.Seen != 0 {
		t.Fatalf("entries sharing references: %+v", im)
	}
	for _, u := range im.Unmatched {
		if !strings.Contains(u.Detail, "clash") {
			t.Errorf("kept apart without saying the references clash: %+v", u)
		}
	}
	if w.mustPayout(a.ID).Status != ledger.StatusSettled || w.mustPayout(b.ID).Status != ledger.StatusPaid {
		t.Error("the debit under the taken reference settled its payout, or the first did not")
	}
	w.verify()
}

// testBankStatementEntries: a statement is reconciled with the entries it
// delivered, not with every entry of its account booked in its days:
// another statement of the same day, or a notification it never
// confirmed, is not its; an entry it confirmed from an earlier
// notification is. A statement id imported again with other days or
// balances is refused, the same statement again changes nothing; a
// statement whose id looked like a BSN is found by the id the bank wrote.
func testBankStatementEntries(t *testing.T, open Opener) {
	w := newBankWorld(t, open)
	day := ledger.NewDate(2026, 3, 12)
	credit := func(ref string, amount ledger.Cents) ledger.BankEntry {
		return ledger.BankEntry{Ref: ref, Amount: amount, Status: "BOOK", BookingDate: day, ValueDate: day, BankTxCode: "PMNT/RCDT/ESCT"}
	}
	n := byte(0)
	imp := func(kind ledger.BankFileKind, id string, opening ledger.Cents, es ...ledger.BankEntry) (ledger.BankImport, error) {
		t.Helper()
		st := ledger.BankStatement{ID: id, IBAN: bt.DebtorIBAN, Currency: "EUR", From: day, To: day, Entries: es}
		if kind.IsStatement() {
			closing := opening
			for _, e := range es {
				closing += e.Amount
			}
			st.Opening, st.Closing = &ledger.BankBalance{Amount: opening, Date: day.AddDays(-1)}, &ledger.BankBalance{Amount: closing, Date: day}
		}
		n++
		return w.store.ImportBankFile(w.ctx, Finance, ledger.ImportBankFile{
			File: &ledger.BankFile{Kind: kind, MessageID: id, Statements: []ledger.BankStatement{st}}, Digest: strings.Repeat(string("0123456789abcdef"[n%16]), 63) + string("0123456789abcdef"[n/16])})
	}
	must := func(im ledger.BankImport, err error) ledger.BankImport {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return im
	}
	recon := func(id string) ledger.Reconciliation {
		t.Helper()
		r, err := w.store.Reconciliation(w.ctx, Auditor, bt.DebtorIBAN, id)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	// A notification first, then the statement that confirms it and has
	// one entry more; a second statement of the same day; a notification
	// the statement never had.
	must(imp(ledger.BankCamt054v08, "NTF-1", 0, credit("N-1", 10_00)))
	must(imp(ledger.BankCamt053v08, "STMT-A", 1000_00, credit("N-1", 10_00), credit("A-2", 20_00)))
	must(imp(ledger.BankCamt053v08, "STMT-B", 2000_00, credit("B-1", 40_00)))
	must(imp(ledger.BankCamt054v08, "NTF-2", 0, credit("N-9", 80_00)))
	for id, want := range map[string]ledger.Cents{"STMT-A": 30_00, "STMT-B": 40_00} {
		r := recon(id)
		if r.EntriesTotal != want || r.BankMovement != want {
			t.Errorf("%s reconciles entries of %s (movement %s); want its own %s", id, r.EntriesTotal, r.BankMovement, want)
		}
		for _, it := range r.Items {
			if it.Kind == ledger.DiffStatementGap {
				t.Errorf("%s: a gap where none is: %+v", id, it)
			}
		}
	}

	// The same statement again changes nothing; another with its id is
	// refused, and changes nothing.
	again := must(imp(ledger.BankCamt053v08, "STMT-B", 2000_00, credit("B-1", 40_00)))
	if again.Seen != 1 {
		t.Errorf("the same statement in another file: %+v", again)
	}
	snap := w.snapshot()
	_, err := imp(ledger.BankCamt053v08, "STMT-B", 2500_00, credit("B-1", 40_00))
	wantCode(t, err, ledger.ECONFLICT)
	w.unchanged(snap)

	// An id the BSN detector takes for a number is kept masked, and found
	// by the id as the bank wrote it.
	must(imp(ledger.BankCamt053v08, "S5-1106-1109", 3000_00, credit("C-1", 5_00)))
	if r := recon("S5-1106-1109"); r.EntriesTotal != 5_00 || strings.Contains(r.StatementID, "511061109") {
		t.Errorf("the statement with a BSN-like id: %+v", r)
	}
	w.verify()
}
