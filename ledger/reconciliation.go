package ledger

import (
	"cmp"
	"context"
	"slices"
	"strings"
)

// The reconciliation of a bank account with the ledger (issue 15): for one
// of the bank's statements of a debtor account, the bank's booked balances
// beside the ledger's bank accounts of the pots that pay from that account
// over the same days, and every difference between the two movements
// explained, or named as unexplained.
//
// The levels of the two cannot be compared: the account at the bank holds
// the municipality's money before a pot was funded from it, and several
// pots may pay from one account. The movements can: over the statement's
// days the bank's closing minus opening balance is what the bank booked,
// and the sum of the postings on the pots' bank accounts with value dates
// in those days is what the ledger booked. Each difference is an amount in
// cents that, added to the ledger's movement, moves it towards the bank's
// (the bank's side of a thing minus the ledger's side of it):
//
//	bank movement = ledger movement + Σ explained differences + unexplained
//
// The rules, in the order Reconciliation applies them:
//
//   - A payout is followed on both sides: its payment (the payment batch's
//     posting, on the day the file was written) and return (on the day the
//     return was imported) in the ledger; its debit (an entry that settled
//     it, single or in a batch booking of its block) and money back (an
//     entry that returned it) at the bank. Where both sides booked the same
//     thing within the days, there is no difference. A payment written in
//     the days that the bank booked later or not yet is paid_not_booked; a
//     debit the bank booked in the days of a payment written before them is
//     booked_paid_earlier; money back booked on other days by the bank than
//     by the ledger is return_timing; a return in the ledger of a transfer
//     the bank rejected (a status report: the money never left) is
//     rejected.
//   - An entry matched to no payout (BankEntryRow outcome unmatched) is
//     unmatched: it is at the bank only.
//   - Money in that is no return (outcome credit) is matched to a
//     contribution of the same amount in the ledger within the days (the
//     same day first); what is left is money_in (bank only) or
//     contribution (ledger only).
//   - A payment or return of a pot paid from another account (a pot that
//     moved to this account, or from it) is other_account.
//   - Any other posting on a pot's bank account (a recovery from a legal
//     budget under the refund policy, a party's settlement) is ledger_only:
//     the ledger credits the pot with money that moves at the bank, if at
//     all, as money in of its own.
//   - When the statement's entries do not add up to the movement of its
//     balances (an entry not imported, or kept with another file),
//     statement_gap names the difference.
//   - What none of these explains is unexplained: a posting or entry that
//     could not be traced to its payouts, named by reference.
//
// A statement's entries are those it delivered (BankStatementEntry),
// whichever file keeps them: an entry seen first in a debit notification
// (camt.054) is kept once, with that file, and the statement that confirms
// it delivers it too. Not every entry of the account booked in its days:
// another statement of the same days, or a notification the statement
// never confirmed, is not this statement's.

// DifferenceKind names a kind of difference between the bank's and the
// ledger's movement (ReconciliationItem.Kind).
type DifferenceKind string

// The kinds of difference, in the order a reconciliation lists them.
const (
	DiffPaidNotBooked     DifferenceKind = "paid_not_booked"
	DiffBookedPaidEarlier DifferenceKind = "booked_paid_earlier"
	DiffReturnTiming      DifferenceKind = "return_timing"
	DiffRejected          DifferenceKind = "rejected"
	DiffUnmatched         DifferenceKind = "unmatched"
	DiffMoneyIn           DifferenceKind = "money_in"
	DiffContribution      DifferenceKind = "contribution"
	DiffOtherAccount      DifferenceKind = "other_account"
	DiffLedgerOnly        DifferenceKind = "ledger_only"
	DiffStatementGap      DifferenceKind = "statement_gap"
	DiffUnexplained       DifferenceKind = "unexplained"
)

// DifferenceKinds lists the kinds in the order a reconciliation lists them.
var DifferenceKinds = []DifferenceKind{DiffPaidNotBooked, DiffBookedPaidEarlier, DiffReturnTiming, DiffRejected, DiffUnmatched,
	DiffMoneyIn, DiffContribution, DiffOtherAccount, DiffLedgerOnly, DiffStatementGap, DiffUnexplained}

// Dutch is the kind's label on the pages and in the PDF and CSV.
func (k DifferenceKind) Dutch() string {
	switch k {
	case DiffPaidNotBooked:
		return "Betaald, nog niet door de bank geboekt"
	case DiffBookedPaidEarlier:
		return "Door de bank geboekt, eerder betaald"
	case DiffReturnTiming:
		return "Terugboeking op een andere dag"
	case DiffRejected:
		return "Geweigerd door de bank"
	case DiffUnmatched:
		return "Niet herkende boeking"
	case DiffMoneyIn:
		return "Bijschrijving zonder bijdrage"
	case DiffContribution:
		return "Bijdrage zonder bijschrijving"
	case DiffOtherAccount:
		return "Andere betaalrekening"
	case DiffLedgerOnly:
		return "Alleen in het grootboek"
	case DiffStatementGap:
		return "Afschrift telt niet op"
	case DiffUnexplained:
		return "Onverklaard"
	}
	return string(k)
}

// ReconciliationItem is one difference between the bank's movement and the
// ledger's.
type ReconciliationItem struct {
	Kind DifferenceKind `json:"kind"`
	// Text says what the difference is, in English; TextNL in Dutch.
	Text   string `json:"text"`
	TextNL string `json:"textNl"`
	// Amount is the bank's side minus the ledger's side, in cents: what
	// the difference adds to the ledger's movement to reach the bank's.
	Amount Cents `json:"amount"`
	// Payouts, Entries (the bank's entry references) and Transactions
	// (journal sequence numbers) are what it refers to.
	Payouts      []PayoutID `json:"payouts,omitempty"`
	Entries      []string   `json:"entries,omitempty"`
	Transactions []int64    `json:"transactions,omitempty"`
}

// ReconciledPot is a pot whose bank account is reconciled with the
// account: it pays from it now, or a payment batch paid it from it.
type ReconciledPot struct {
	ID   PotID  `json:"id"`
	Name string `json:"name"`
}

// Reconciliation is one statement of a debtor account beside the ledger.
type Reconciliation struct {
	// IBAN is the account; Holder its holder as a pot's debtor account
	// names it ("" when no pot names it).
	IBAN   string `json:"iban"`
	Holder string `json:"holder"`
	// StatementID is the statement's identification; From and To the
	// days it covers (both inclusive): its FrToDt, else the days of its
	// entries, else the day of its closing balance.
	StatementID string `json:"statementId"`
	From        Date   `json:"from"`
	To          Date   `json:"to"`
	// Pots are the pots whose bank accounts are reconciled, by name.
	Pots []ReconciledPot `json:"pots"`
	// BalancesGiven is false when the statement lacks its opening or
	// closing booked balance: then the bank's movement is its entries'
	// sum, and Opening and Closing are 0.
	BalancesGiven bool  `json:"balancesGiven"`
	BankOpening   Cents `json:"bankOpening"`
	BankClosing   Cents `json:"bankClosing"`
	// BankMovement is closing minus opening, in cents.
	BankMovement Cents `json:"bankMovement"`
	// EntriesTotal is the sum of the booked entries on the account in the
	// days (money in positive) and Entries their number.
	EntriesTotal Cents `json:"entriesTotal"`
	Entries      int   `json:"entries"`
	// LedgerOpening and LedgerClosing are the sum of the pots' bank
	// accounts before the first day and after the last; LedgerMovement
	// the difference: the postings with value dates in the days.
	LedgerOpening  Cents `json:"ledgerOpening"`
	LedgerClosing  Cents `json:"ledgerClosing"`
	LedgerMovement Cents `json:"ledgerMovement"`
	// Difference is BankMovement − LedgerMovement: Explained plus
	// Unexplained, to the cent.
	Difference  Cents `json:"difference"`
	Explained   Cents `json:"explained"`
	Unexplained Cents `json:"unexplained"`
	// Items are the differences by kind (DifferenceKinds' order), the
	// unexplained rest last when it is not 0.
	Items []ReconciliationItem `json:"items"`
}

// Reconciled reports whether every difference is explained.
func (r *Reconciliation) Reconciled() bool { return r.Unexplained == 0 }

// ReconciliationAccount is a debtor account that can be reconciled, with
// its statements (newest first).
type ReconciliationAccount struct {
	IBAN string `json:"iban"`
	// Holder is the account holder as a pot's debtor account names it.
	Holder string `json:"holder"`
	// Pots are the pots paying from it now.
	Pots       []ReconciledPot    `json:"pots"`
	Statements []BankStatementRow `json:"-"`
}

// Reconciliation reconciles the statement of the account with the ledger
// (the rules are above); statementID "" takes the account's newest
// statement (Store). Errors: EFORBIDDEN (not finance or auditor), EINVALID
// (an IBAN that is none, on the field iban; a statement the account does
// not have, on the field statement), ENOTFOUND (no statement of the
// account was imported), ECONFLICT (the statement names no days).
func (s *Service) Reconciliation(ctx context.Context, actor Actor, iban, statementID string) (Reconciliation, error) {
	if err := actor.Can(ActReadBankEntries, "reconcile the bank's statements"); err != nil {
		return Reconciliation{}, err
	}
	acct, err := ParseIBAN(iban)
	if err != nil {
		var fe fieldErrors
		fe.addErr("iban", err)
		return Reconciliation{}, fe.err(nounReconciliation)
	}
	// A statement id that looked like a BSN was kept as a digest of it
	// (bankText): asked for as the bank wrote it, it is found by the same
	// digest.
	id := strings.TrimSpace(statementID)
	if id != "" {
		id = bankText(id)
	}
	var out Reconciliation
	err = s.read(ctx, "reconcile a bank statement", func(tx ReadTx) error {
		var err error
		out, err = reconcile(tx, string(acct), id)
		return err
	})
	return out, err
}

// ReconciliationAccounts lists the debtor accounts that can be reconciled:
// every pot's debtor account and every account of which a statement was
// imported, by IBAN, each with its statements, newest first (Store).
// Errors: EFORBIDDEN.
func (s *Service) ReconciliationAccounts(ctx context.Context, actor Actor) ([]ReconciliationAccount, error) {
	if err := actor.Can(ActReadBankEntries, "reconcile the bank's statements"); err != nil {
		return nil, err
	}
	var out []ReconciliationAccount
	err := s.read(ctx, "list accounts to reconcile", func(tx ReadTx) error {
		out = nil
		byIBAN := map[string]*ReconciliationAccount{}
		add := func(iban string) *ReconciliationAccount {
			if a := byIBAN[iban]; a != nil {
				return a
			}
			a := &ReconciliationAccount{IBAN: iban}
			byIBAN[iban] = a
			return a
		}
		pots, err := tx.Pots()
		if err != nil {
			return err
		}
		for _, p := range pots {
			if p.DebtorAccount == nil {
				continue
			}
			a := add(string(p.DebtorAccount.IBAN))
			a.Holder = cmpOr(a.Holder, p.DebtorAccount.Name)
			a.Pots = append(a.Pots, ReconciledPot{ID: p.ID, Name: p.Name})
		}
		ibans, err := tx.BankStatementAccounts()
		if err != nil {
			return err
		}
		for _, iban := range ibans {
			add(iban)
		}
		for _, a := range byIBAN {
			if a.Statements, err = tx.BankStatements(BankStatementQuery{IBAN: a.IBAN}); err != nil {
				return err
			}
			out = append(out, *a)
		}
		slices.SortFunc(out, func(a, b ReconciliationAccount) int { return strings.Compare(a.IBAN, b.IBAN) })
		return nil
	})
	return out, err
}

// payoutSides is what each side booked of one payout within the days.
type payoutSides struct {
	// ledgerPaid and bankPaid are the payment (negative); ledgerBack and
	// bankBack the money back (positive).
	ledgerPaid, ledgerBack, bankPaid, bankBack Cents
	batch                                      PaymentBatchID
	paidOn                                     Date
	seqs                                       []int64
	entries                                    []string
}

// reconciler holds what one reconciliation read.
type reconciler struct {
	tx   ReadTx
	iban string
	out  *Reconciliation
	// debtor is the account each batch's group paid from, by batch and
	// pot.
	debtor map[PaymentBatchID]map[PotID]string
	// batches are batches read in full (items in order), by id.
	batches map[PaymentBatchID]*PaymentBatch
	payouts map[PayoutID]*payoutSides
	order   []PayoutID
	rows    map[PayoutID]*PayoutRow
	// untraced names what could not be followed to its payouts.
	untraced []string
	// untracedSeqs and untracedEntries refer to it.
	untracedSeqs    []int64
	untracedEntries []string
	// ledgerIn are the contributions posted in the days.
	ledgerIn []moneyIn
}

// reconcile is Reconciliation inside its read, for the account iban (in
// electronic form) and its statement ("" for the newest).
func reconcile(tx ReadTx, iban, statementID string) (Reconciliation, error) {
	q := BankStatementQuery{IBAN: iban, ID: statementID}
	if statementID == "" {
		q.Limit = 1
	}
	sts, err := tx.BankStatements(q)
	if err != nil {
		return Reconciliation{}, err
	}
	if len(sts) == 0 {
		if statementID != "" {
			return Reconciliation{}, Invalid(nounReconciliation, []FieldError{NewFieldError("statement", msgReconUnknownStatement, Quoted(statementID), iban)})
		}
		return Reconciliation{}, NewError(ENOTFOUND, msgReconNoStatement, iban)
	}
	st := sts[0]
	out := Reconciliation{IBAN: iban, StatementID: st.StatementID, From: st.From, To: st.To}
	// Without FrToDt the statement's days are those of its entries
	// (bankfile); a statement with neither is taken to be of the day of
	// its closing balance, as a daily statement is. The opening balance's
	// day is no guide: banks date it the day before (PRCD) or the day
	// itself (OPBD).
	if out.To.IsZero() && st.Closing != nil {
		out.To = st.Closing.Date
	}
	if out.From.IsZero() {
		out.From = out.To
	}
	if out.From.IsZero() || out.To.IsZero() {
		return Reconciliation{}, NewError(ECONFLICT, msgReconNoDays, st.StatementID)
	}
	r := &reconciler{tx: tx, iban: iban, out: &out, debtor: map[PaymentBatchID]map[PotID]string{},
		batches: map[PaymentBatchID]*PaymentBatch{}, payouts: map[PayoutID]*payoutSides{}, rows: map[PayoutID]*PayoutRow{}}
	pots, err := r.pots()
	if err != nil {
		return Reconciliation{}, err
	}
	if err := r.ledger(pots); err != nil {
		return Reconciliation{}, err
	}
	credits, err := r.bank()
	if err != nil {
		return Reconciliation{}, err
	}
	if st.Opening != nil && st.Closing != nil {
		out.BalancesGiven, out.BankOpening, out.BankClosing = true, st.Opening.Amount, st.Closing.Amount
		out.BankMovement = st.Closing.Amount - st.Opening.Amount
	} else {
		out.BankMovement = out.EntriesTotal
	}
	if err := r.payoutItems(); err != nil {
		return Reconciliation{}, err
	}
	r.moneyIn(credits)
	if gap := out.BankMovement - out.EntriesTotal; gap != 0 {
		r.item(DiffStatementGap, Msg{msgReconStatementGap, []any{out.EntriesTotal, out.BankMovement}}, gap, nil, nil, nil)
	}
	slices.SortStableFunc(out.Items, func(a, b ReconciliationItem) int {
		return cmp.Compare(slices.Index(DifferenceKinds, a.Kind), slices.Index(DifferenceKinds, b.Kind))
	})
	out.Difference = out.BankMovement - out.LedgerMovement
	for _, it := range out.Items {
		out.Explained += it.Amount
	}
	out.Unexplained = out.Difference - out.Explained
	if out.Unexplained != 0 {
		refs := ""
		if len(r.untraced) > 0 {
			refs = ": " + strings.Join(r.untraced, "; ")
		}
		out.Items = append(out.Items, ReconciliationItem{Kind: DiffUnexplained, Text: Msg{msgReconUnexplained, []any{refs}}.English(),
			TextNL: Msg{msgReconUnexplained, []any{refs}}.Dutch(), Amount: out.Unexplained, Entries: r.untracedEntries, Transactions: r.untracedSeqs})
	}
	if out.Items == nil {
		out.Items = []ReconciliationItem{}
	}
	return out, nil
}

// item adds a difference.
func (r *reconciler) item(kind DifferenceKind, m Msg, amount Cents, payouts []PayoutID, entries []string, seqs []int64) {
	r.out.Items = append(r.out.Items, ReconciliationItem{Kind: kind, Text: m.English(), TextNL: m.Dutch(), Amount: amount,
		Payouts: payouts, Entries: entries, Transactions: seqs})
}

// pots finds the pots reconciled with the account: those paying from it
// now and those a batch paid from it. It notes every batch's accounts.
func (r *reconciler) pots() ([]PotID, error) {
	all, err := r.tx.Pots()
	if err != nil {
		return nil, err
	}
	names := map[PotID]string{}
	set := map[PotID]bool{}
	for _, p := range all {
		names[p.ID] = p.Name
		if p.DebtorAccount != nil && string(p.DebtorAccount.IBAN) == r.iban {
			set[p.ID] = true
			r.out.Holder = cmpOr(r.out.Holder, p.DebtorAccount.Name)
		}
	}
	// Batches are few (a payment run a week or so); their groups say
	// which account paid each pot.
	bs, err := r.tx.PaymentBatches(PaymentBatchQuery{})
	if err != nil {
		return nil, err
	}
	for _, b := range bs {
		m := map[PotID]string{}
		for _, g := range b.Groups {
			m[g.PotID] = string(g.Debtor.IBAN)
			if string(g.Debtor.IBAN) == r.iban {
				set[g.PotID] = true
				r.out.Holder = cmpOr(r.out.Holder, g.Debtor.Name)
			}
		}
		r.debtor[b.ID] = m
	}
	var ids []PotID
	for id := range set {
		ids = append(ids, id)
		r.out.Pots = append(r.out.Pots, ReconciledPot{ID: id, Name: names[id]})
	}
	slices.Sort(ids)
	slices.SortFunc(r.out.Pots, func(a, b ReconciledPot) int {
		return cmp.Or(strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)), strings.Compare(string(a.ID), string(b.ID)))
	})
	if r.out.Pots == nil {
		r.out.Pots = []ReconciledPot{}
	}
	return ids, nil
}

// sides returns the payout's sides, noting it in order of first mention.
func (r *reconciler) sides(id PayoutID) *payoutSides {
	ps := r.payouts[id]
	if ps == nil {
		ps = &payoutSides{}
		r.payouts[id] = ps
		r.order = append(r.order, id)
	}
	return ps
}

// batch reads a batch with its items in order (nil when it is not there).
func (r *reconciler) batch(id PaymentBatchID) (*PaymentBatch, error) {
	if b, ok := r.batches[id]; ok {
		return b, nil
	}
	bs, err := r.tx.PaymentBatches(PaymentBatchQuery{ID: id})
	if err != nil {
		return nil, err
	}
	var b *PaymentBatch
	if len(bs) > 0 {
		b = &bs[0]
		items, err := r.tx.PaymentItems(id)
		if err != nil {
			return nil, err
		}
		for _, it := range items {
			b.Items = append(b.Items, it.PaymentItem)
		}
	}
	r.batches[id] = b
	return b, nil
}

func (r *reconciler) payoutRow(id PayoutID) (*PayoutRow, error) {
	if row, ok := r.rows[id]; ok {
		return row, nil
	}
	row, err := payoutRow(r.tx, id)
	if err != nil {
		return nil, err
	}
	r.rows[id] = row
	return row, nil
}

// moneyIn is money in on one side: a credit at the bank, or a
// contribution in the ledger.
type moneyIn struct {
	ref    string
	day    Date
	amount Cents
	seq    int64
	used   bool
}

// ledger reads the pots' bank accounts: the balances before the days and
// each posting within them, followed to its payouts where it pays or
// returns them.
func (r *reconciler) ledger(pots []PotID) error {
	for _, p := range pots {
		totals, err := r.tx.PostingTotals(PostingQuery{PotID: p, To: r.out.From.AddDays(-1)})
		if err != nil {
			return err
		}
		for _, t := range totals {
			if t.Account == AccountName(p, AccountBank, "") {
				r.out.LedgerOpening += t.Amount
			}
		}
	}
	var postings []BankPosting
	err := r.tx.BankPostings(BankPostingQuery{Pots: pots, From: r.out.From, To: r.out.To}, func(bp *BankPosting) error {
		postings = append(postings, *bp)
		return nil
	})
	if err != nil {
		return err
	}
	other := map[TxKind][]int64{}
	otherSum := map[TxKind]Cents{}
	var kinds []TxKind
	r.ledgerIn = nil
	for _, bp := range postings {
		r.out.LedgerMovement += bp.Amount
		switch bp.Kind {
		case TxPaid:
			if err := r.paid(bp); err != nil {
				return err
			}
		case TxPayoutReturned:
			if err := r.returned(bp); err != nil {
				return err
			}
		case TxContribution:
			r.ledgerIn = append(r.ledgerIn, moneyIn{ref: bp.Ref, day: bp.ValueDate, amount: bp.Amount, seq: bp.Seq})
		default:
			if _, ok := other[bp.Kind]; !ok {
				kinds = append(kinds, bp.Kind)
			}
			other[bp.Kind], otherSum[bp.Kind] = append(other[bp.Kind], bp.Seq), otherSum[bp.Kind]+bp.Amount
		}
	}
	for _, k := range kinds {
		r.item(DiffLedgerOnly, Msg{msgReconLedgerOnly, []any{string(k), len(other[k])}}, -otherSum[k], nil, nil, other[k])
	}
	r.out.LedgerClosing = r.out.LedgerOpening + r.out.LedgerMovement
	return nil
}

// paid follows a payment group's posting to its payouts.
func (r *reconciler) paid(bp BankPosting) error {
	batch := PaymentBatchID(bp.Ref)
	if from := r.debtor[batch][bp.PotID]; from != r.iban {
		r.item(DiffOtherAccount, Msg{msgReconOtherAccount, []any{msgReconPayment, string(batch), cmpOr(from, "?")}}, -bp.Amount, nil, nil, []int64{bp.Seq})
		return nil
	}
	b, err := r.batch(batch)
	if err != nil {
		return err
	}
	var items []PaymentItem
	var sum Cents
	if b != nil {
		for _, it := range b.Items {
			if it.PotID == bp.PotID {
				items, sum = append(items, it), sum+it.Amount
			}
		}
	}
	if sum != -bp.Amount {
		r.untraced = append(r.untraced, "payment batch "+string(batch)+" ("+string(bp.PotID)+")")
		r.untracedSeqs = append(r.untracedSeqs, bp.Seq)
		return nil
	}
	for _, it := range items {
		ps := r.sides(it.PayoutID)
		ps.ledgerPaid -= it.Amount
		ps.batch, ps.paidOn, ps.seqs = batch, bp.ValueDate, append(ps.seqs, bp.Seq)
	}
	return nil
}

// returned follows a return's posting to its payout.
func (r *reconciler) returned(bp BankPosting) error {
	id := PayoutID(bp.Ref)
	batch, err := r.tx.PaidIn(id)
	if err != nil {
		return err
	}
	if from := r.debtor[batch][bp.PotID]; batch != "" && from != r.iban {
		r.item(DiffOtherAccount, Msg{msgReconOtherAccount, []any{msgReconReturn, string(id), from}}, -bp.Amount, []PayoutID{id}, nil, []int64{bp.Seq})
		return nil
	}
	ps := r.sides(id)
	ps.ledgerBack += bp.Amount
	ps.seqs = append(ps.seqs, bp.Seq)
	return nil
}

// bank reads the account's booked entries in the days, following each to
// its payouts; it returns the money in that is no return.
func (r *reconciler) bank() ([]moneyIn, error) {
	var entries []BankEntryRow
	// The statement's own entries, as it delivered them (those seen
	// before in a notification included): not every entry of the account
	// booked in its days, which another statement of those days, or a
	// notification it never confirmed, may hold.
	err := r.tx.BankEntries(BankEntryQuery{IBAN: r.iban, StatementID: r.out.StatementID}, func(e *BankEntryRow) error {
		entries = append(entries, *e)
		return nil
	})
	if err != nil {
		return nil, err
	}
	// Oldest first, as a statement lists them.
	slices.Reverse(entries)
	var credits []moneyIn
	for _, e := range entries {
		signed := e.Amount
		if e.Debit {
			signed = -signed
		}
		r.out.EntriesTotal += signed
		r.out.Entries++
		switch e.Outcome {
		case OutcomeSettled:
			if err := r.settled(&e); err != nil {
				return nil, err
			}
		case OutcomeReturned:
			ps := r.sides(e.PayoutID)
			ps.bankBack += signed
			ps.entries = append(ps.entries, e.Ref)
		case OutcomeUnmatched:
			why := Msg{msgReconUnmatched, []any{e.Ref, e.BookingDate, e.Detail}}
			r.out.Items = append(r.out.Items, ReconciliationItem{Kind: DiffUnmatched, Text: why.English(),
				TextNL: Msg{msgReconUnmatched, []any{e.Ref, e.BookingDate, cmpOr(e.DetailNL, e.Detail)}}.Dutch(), Amount: signed, Entries: []string{e.Ref}})
		case OutcomeCredit:
			credits = append(credits, moneyIn{ref: e.Ref, day: e.BookingDate, amount: signed})
		default:
			r.untraced = append(r.untraced, "entry "+e.Ref)
			r.untracedEntries = append(r.untracedEntries, e.Ref)
		}
	}
	return credits, nil
}

// settled follows a settling debit to its payouts: the payout it names,
// or the payouts of its block that the bank settled on its booking day.
func (r *reconciler) settled(e *BankEntryRow) error {
	var ids []PayoutID
	var sum Cents
	if e.PayoutID != "" {
		ids, sum = []PayoutID{e.PayoutID}, e.Amount
	} else if cut := strings.LastIndexByte(e.PaymentInfoID, '-'); cut > 0 {
		b, err := r.batch(PaymentBatchID(e.PaymentInfoID[:cut]))
		if err != nil {
			return err
		}
		if b != nil {
			for _, blk := range b.Blocks() {
				if blk.ID != e.PaymentInfoID {
					continue
				}
				for _, it := range blk.Items {
					row, err := r.payoutRow(it.PayoutID)
					if err != nil {
						return err
					}
					if row.Settlement != nil && row.Settlement.BookedOn == e.BookingDate {
						ids, sum = append(ids, it.PayoutID), sum+it.Amount
					}
				}
			}
		}
	}
	if len(ids) == 0 || sum != e.Amount {
		r.untraced = append(r.untraced, "entry "+e.Ref)
		r.untracedEntries = append(r.untracedEntries, e.Ref)
		return nil
	}
	for _, id := range ids {
		row, err := r.payoutRow(id)
		if err != nil {
			return err
		}
		ps := r.sides(id)
		ps.bankPaid -= row.Amount
		ps.entries = append(ps.entries, e.Ref)
	}
	return nil
}

// payoutItems compares each payout's sides: the payments by batch, the
// money back by payout.
func (r *reconciler) payoutItems() error {
	type group struct {
		kind    DifferenceKind
		batch   PaymentBatchID
		day     Date
		fates   []string
		fatesNL []string
		amount  Cents
		payouts []PayoutID
		entries []string
		seqs    []int64
	}
	var groups []*group
	find := func(kind DifferenceKind, batch PaymentBatchID) *group {
		for _, g := range groups {
			if g.kind == kind && g.batch == batch {
				return g
			}
		}
		g := &group{kind: kind, batch: batch}
		groups = append(groups, g)
		return g
	}
	for _, id := range r.order {
		ps := r.payouts[id]
		if ps.bankPaid == 0 && ps.bankBack == 0 && ps.ledgerPaid+ps.ledgerBack == 0 {
			// Paid and rejected within the days, or untouched: nothing
			// moved on either side.
			continue
		}
		row, err := r.payoutRow(id)
		if err != nil {
			return err
		}
		if d := ps.bankPaid - ps.ledgerPaid; d != 0 {
			kind := DiffPaidNotBooked
			if d < 0 {
				kind = DiffBookedPaidEarlier
			}
			batch, day := ps.batch, ps.paidOn
			if batch == "" {
				if batch, err = r.tx.PaidIn(id); err != nil {
					return err
				}
				if b, err := r.batch(batch); err != nil {
					return err
				} else if b != nil {
					day = DateOf(b.CreatedAt)
				}
			}
			g := find(kind, batch)
			g.day, g.amount, g.payouts = day, g.amount+d, append(g.payouts, id)
			g.entries, g.seqs = append(g.entries, ps.entries...), append(g.seqs, ps.seqs...)
			if kind == DiffPaidNotBooked {
				fate := Msg{Code: msgReconNotBookedYet}
				switch {
				case row.Return != nil:
					fate = Msg{msgReconReturnedOn, []any{row.Return.BookedOn}}
				case row.Settlement != nil:
					fate = Msg{msgReconBookedOn, []any{row.Settlement.BookedOn}}
				}
				if en := fate.English(); !slices.Contains(g.fates, en) {
					g.fates, g.fatesNL = append(g.fates, en), append(g.fatesNL, fate.Dutch())
				}
			}
		}
		if d := ps.bankBack - ps.ledgerBack; d != 0 {
			var bankDay Date
			if row.Return != nil {
				bankDay = row.Return.BookedOn
			}
			if d < 0 && ps.bankBack == 0 && !bankDay.Before(r.out.From) && !bankDay.After(r.out.To) {
				// The ledger's return is in the days and so is the day
				// the bank answered, yet the account holds no money back:
				// a rejection, whose money never left.
				reason := "-"
				if row.Return != nil {
					reason = cmpOr(row.Return.Reason, "-")
				}
				r.item(DiffRejected, Msg{msgReconRejected, []any{string(id), bankDay, reason}}, d, []PayoutID{id}, nil, ps.seqs)
				continue
			}
			ledgerDay, err := r.returnDay(row)
			if err != nil {
				return err
			}
			r.item(DiffReturnTiming, Msg{msgReconReturnBank, []any{string(id), bankDay, ledgerDay}}, d, []PayoutID{id}, ps.entries, ps.seqs)
		}
	}
	for _, g := range groups {
		var m, nl Msg
		if g.kind == DiffPaidNotBooked {
			m = Msg{msgReconPaidNotBooked, []any{len(g.payouts), string(g.batch), g.day, strings.Join(g.fates, ", ")}}
			nl = Msg{msgReconPaidNotBooked, []any{len(g.payouts), string(g.batch), g.day, strings.Join(g.fatesNL, ", ")}}
		} else {
			m = Msg{msgReconBookedEarlier, []any{len(g.payouts), string(g.batch), g.day}}
			nl = m
		}
		r.out.Items = append(r.out.Items, ReconciliationItem{Kind: g.kind, Text: m.English(), TextNL: nl.Dutch(), Amount: g.amount,
			Payouts: g.payouts, Entries: g.entries, Transactions: g.seqs})
	}
	return nil
}

// returnDay is the value date of the transaction that booked a payout's
// return in the ledger (zero when there is none).
func (r *reconciler) returnDay(row *PayoutRow) (Date, error) {
	if row.ReturnSeq == 0 {
		return Date{}, nil
	}
	var day Date
	err := r.tx.Transactions(TxFilter{After: row.ReturnSeq - 1, Through: row.ReturnSeq}, func(t *Transaction) error {
		day = t.ValueDate
		return nil
	})
	return day, err
}

// moneyIn matches the bank's money in with the ledger's contributions:
// the same amount, on the same day first, each used once.
func (r *reconciler) moneyIn(credits []moneyIn) {
	contribs := r.ledgerIn
	match := func(sameDay bool) {
		for i := range credits {
			c := &credits[i]
			for j := range contribs {
				k := &contribs[j]
				if !c.used && !k.used && c.amount == k.amount && (!sameDay || c.day == k.day) {
					c.used, k.used = true, true
				}
			}
		}
	}
	match(true)
	match(false)
	for _, c := range credits {
		if !c.used {
			r.item(DiffMoneyIn, Msg{msgReconMoneyIn, []any{c.ref, c.day}}, c.amount, nil, []string{c.ref}, nil)
		}
	}
	for _, k := range contribs {
		if !k.used {
			r.item(DiffContribution, Msg{msgReconContribution, []any{k.ref, k.day}}, -k.amount, nil, nil, []int64{k.seq})
		}
	}
}
