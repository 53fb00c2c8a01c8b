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
//   - Any other posting on a pot's bank account (a recovery from a legal
//     budget under the refund policy, a party's settlement, or one taken
//     back when its allocation was withdrawn) is ledger_only: the ledger
//     moves the pot's money where the bank moves it, if at all, as money
//     in or out of its own.
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
//
// Which account a posting on a pot's bank account belongs to: a payment
// to the account its payment batch paid the pot from, a return to the
// account its payment was paid from, and every other posting (a
// contribution, a recovery) to the pot's debtor account now. A pot that
// moved from one account to another is reconciled with both, each with
// its own part: the ledger's balances and movement here are the sums of
// the postings that belong to this account, and a posting of another
// account is left out of them (OtherAccountPostings counts it). Left out,
// not set off by a difference: a difference is something the bank books,
// or should book, on this account against the ledger, and another
// account's payment or contribution the bank books there, never here.
// Left out of the balances too, so that the ledger's closing balance of
// one statement is the opening of the next, and the parts of one pot on
// its accounts add up to its bank account.

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
	DiffLedgerOnly        DifferenceKind = "ledger_only"
	DiffStatementGap      DifferenceKind = "statement_gap"
	DiffUnexplained       DifferenceKind = "unexplained"
)

// DifferenceKinds lists the kinds in the order a reconciliation lists them.
var DifferenceKinds = []DifferenceKind{DiffPaidNotBooked, DiffBookedPaidEarlier, DiffReturnTiming, DiffRejected, DiffUnmatched,
	DiffMoneyIn, DiffContribution, DiffLedgerOnly, DiffStatementGap, DiffUnexplained}

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
	case DiffLedgerOnly:
		return "Alleen in het grootboek"
	case DiffStatementGap:
		return "Afschrift telt niet op"
	case DiffUnexplained:
		return "Onverklaard"
	}
	return string(k)
}

// NeedsAction reports whether a difference of the kind asks someone to
// act: an entry nobody recognises, money in or a contribution without its
// other side, a statement that does not add up, or what no rule explains.
// The others explain themselves: a timing difference (paid_not_booked,
// booked_paid_earlier, return_timing, rejected) disappears in a later
// statement or was never money, and ledger_only is the ledger's own
// bookkeeping of the pot (a recovery), which the bank does not book as
// such. An auditor reads "every difference is explained" as "nothing to
// do" only when no line needs action (Reconciliation.NeedsAction).
func (k DifferenceKind) NeedsAction() bool {
	switch k {
	case DiffUnmatched, DiffMoneyIn, DiffContribution, DiffStatementGap, DiffUnexplained:
		return true
	}
	return false
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
	// NeedsAction is Kind.NeedsAction(): the line asks someone to act,
	// where a timing difference does not.
	NeedsAction bool `json:"needsAction"`
	// Payouts, Entries (the bank's entry references) and Transactions
	// (journal sequence numbers) are what it refers to, each once: the
	// line's own, never another side's of the same payout.
	Payouts      []PayoutID `json:"payouts,omitempty"`
	Entries      []string   `json:"entries,omitempty"`
	Transactions []int64    `json:"transactions,omitempty"`
}

// ReconciledPot is a pot whose bank account is reconciled with the
// account: it pays from it now, or a payment batch paid it from it.
type ReconciledPot struct {
	ID   PotID  `json:"id"`
	Name string `json:"name"`
	// Year is the pot's period, a calendar year: a municipality has a pot
	// of the same name each year.
	Year int `json:"year"`
}

// Label is the pot's name with its year, as people tell pots apart:
// "Doorbraakpot 2026".
func (p ReconciledPot) Label() string {
	if p.Year == 0 {
		return p.Name
	}
	return p.Name + " " + itoa(p.Year)
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
	// sum. BankOpening and BankClosing are the booked balances the
	// statement gives, each nil (absent in JSON) when it does not.
	BalancesGiven bool   `json:"balancesGiven"`
	BankOpening   *Cents `json:"bankOpening,omitempty"`
	BankClosing   *Cents `json:"bankClosing,omitempty"`
	// BankMovement is closing minus opening, in cents.
	BankMovement Cents `json:"bankMovement"`
	// EntriesTotal is the sum of the booked entries on the account in the
	// days (money in positive) and Entries their number.
	EntriesTotal Cents `json:"entriesTotal"`
	Entries      int   `json:"entries"`
	// LedgerOpening and LedgerClosing are the sum of the pots' bank
	// accounts before the first day and after the last; LedgerMovement
	// the difference: the postings with value dates in the days. Each
	// counts only the postings that belong to this account (a pot's
	// payments and returns to the account its batch paid from, its other
	// postings to its debtor account now).
	LedgerOpening  Cents `json:"ledgerOpening"`
	LedgerClosing  Cents `json:"ledgerClosing"`
	LedgerMovement Cents `json:"ledgerMovement"`
	// OtherAccountPostings is the number of postings on the pots' bank
	// accounts in the days that belong to another debtor account, left
	// out of the ledger's figures; OtherAccountAmount their sum (money in
	// positive).
	OtherAccountPostings int   `json:"otherAccountPostings"`
	OtherAccountAmount   Cents `json:"otherAccountAmount"`
	// Difference is BankMovement − LedgerMovement: Explained plus
	// Unexplained, to the cent.
	Difference  Cents `json:"difference"`
	Explained   Cents `json:"explained"`
	Unexplained Cents `json:"unexplained"`
	// NeedsAction is the number of items that need action
	// (DifferenceKind.NeedsAction), the unexplained rest included.
	NeedsAction int `json:"needsAction"`
	// Items are the differences by kind (DifferenceKinds' order), the
	// unexplained rest last when it is not 0.
	Items []ReconciliationItem `json:"items"`
	// Checkpoint is the journal's last transaction when the
	// reconciliation was read, as SEQ:HASH, from the same read: an
	// accountant who keeps it can have the journal checked against it
	// later (ontschot verify --checkpoint), as with a partner statement.
	Checkpoint Checkpoint `json:"checkpoint"`
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
	// No account at all is asked for as the statement's account, not with
	// ParseIBAN's words for a payee's.
	if strings.TrimSpace(iban) == "" {
		return Reconciliation{}, Invalid(nounReconciliation, []FieldError{NewFieldError("iban", msgReconNoIBAN)})
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
			a.Pots = append(a.Pots, ReconciledPot{ID: p.ID, Name: p.Name, Year: p.Year})
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
	// paidSeqs and backSeqs are the journal transactions of the payment
	// and of the return; paidEntries and backEntries the bank's entries
	// of the debit and of the money back. Kept apart, so that a line
	// about the payment names neither the return nor its entry.
	paidSeqs, backSeqs       []int64
	paidEntries, backEntries []string
}

// reconciler holds what one reconciliation read.
type reconciler struct {
	tx   ReadTx
	iban string
	out  *Reconciliation
	// debtor is the account each batch's group paid from, by batch and
	// pot.
	debtor map[PaymentBatchID]map[PotID]string
	// current is each pot's debtor account now ("" for none), by pot.
	current map[PotID]string
	// moved are the pots whose postings are not all this account's: a
	// batch paid them from another account, or they pay from another
	// one now.
	moved map[PotID]bool
	// groups are every batch's groups, by pot, with the batch.
	groups map[PotID][]batchGroup
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
	// The journal's head first, in the same read: the checkpoint names a
	// journal that holds everything the reconciliation read.
	if out.Checkpoint.Seq, out.Checkpoint.Hash, err = tx.Head(); err != nil {
		return Reconciliation{}, err
	}
	r := &reconciler{tx: tx, iban: iban, out: &out, debtor: map[PaymentBatchID]map[PotID]string{},
		current: map[PotID]string{}, moved: map[PotID]bool{}, groups: map[PotID][]batchGroup{},
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
	// A balance the statement gives is shown, even when the other is
	// missing; only both make the bank's movement.
	if st.Opening != nil {
		out.BankOpening = &st.Opening.Amount
	}
	if st.Closing != nil {
		out.BankClosing = &st.Closing.Amount
	}
	if st.Opening != nil && st.Closing != nil {
		out.BalancesGiven = true
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
		out.Items = append(out.Items, newItem(DiffUnexplained, Msg{msgReconUnexplained, []any{refs}}, Msg{msgReconUnexplained, []any{refs}},
			out.Unexplained, nil, r.untracedEntries, r.untracedSeqs))
	}
	for _, it := range out.Items {
		if it.NeedsAction {
			out.NeedsAction++
		}
	}
	if out.Items == nil {
		out.Items = []ReconciliationItem{}
	}
	return out, nil
}

// newItem is a difference with its English and Dutch texts, referring to
// each payout, entry and transaction once, in the order first named.
func newItem(kind DifferenceKind, en, nl Msg, amount Cents, payouts []PayoutID, entries []string, seqs []int64) ReconciliationItem {
	return ReconciliationItem{Kind: kind, Text: en.English(), TextNL: nl.Dutch(), Amount: amount, NeedsAction: kind.NeedsAction(),
		Payouts: once(payouts), Entries: once(entries), Transactions: once(seqs)}
}

// once returns s without repeats, in the order of first mention (nil for
// none).
func once[T comparable](s []T) []T {
	var out []T
	seen := make(map[T]bool, len(s))
	for _, v := range s {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}

// item adds a difference.
func (r *reconciler) item(kind DifferenceKind, m Msg, amount Cents, payouts []PayoutID, entries []string, seqs []int64) {
	r.out.Items = append(r.out.Items, newItem(kind, m, m, amount, payouts, entries, seqs))
}

// pots finds the pots reconciled with the account: those paying from it
// now and those a batch paid from it. It notes every batch's accounts.
func (r *reconciler) pots() ([]PotID, error) {
	all, err := r.tx.Pots()
	if err != nil {
		return nil, err
	}
	byID := map[PotID]*Pot{}
	set := map[PotID]bool{}
	for i, p := range all {
		byID[p.ID] = &all[i]
		if p.DebtorAccount != nil {
			r.current[p.ID] = string(p.DebtorAccount.IBAN)
		}
		if r.current[p.ID] == r.iban {
			set[p.ID] = true
			r.out.Holder = cmpOr(r.out.Holder, p.DebtorAccount.Name)
		} else {
			r.moved[p.ID] = true
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
			r.groups[g.PotID] = append(r.groups[g.PotID], batchGroup{batch: b.ID, PaymentGroup: g})
			if string(g.Debtor.IBAN) == r.iban {
				set[g.PotID] = true
				r.out.Holder = cmpOr(r.out.Holder, g.Debtor.Name)
			} else {
				r.moved[g.PotID] = true
			}
		}
		r.debtor[b.ID] = m
	}
	var ids []PotID
	for id := range set {
		ids = append(ids, id)
		rp := ReconciledPot{ID: id}
		if p := byID[id]; p != nil {
			rp.Name, rp.Year = p.Name, p.Year
		}
		r.out.Pots = append(r.out.Pots, rp)
	}
	slices.Sort(ids)
	slices.SortFunc(r.out.Pots, func(a, b ReconciledPot) int {
		return cmp.Or(strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)), cmp.Compare(a.Year, b.Year), strings.Compare(string(a.ID), string(b.ID)))
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

// batchGroup is a payment batch's group of one pot, with the batch.
type batchGroup struct {
	batch PaymentBatchID
	PaymentGroup
}

// ledger reads the pots' bank accounts: the balances before the days and
// each posting within them that belongs to this account, followed to its
// payouts where it pays or returns them.
func (r *reconciler) ledger(pots []PotID) error {
	for _, p := range pots {
		opening, err := r.opening(p)
		if err != nil {
			return err
		}
		r.out.LedgerOpening += opening
	}
	var postings []BankPosting
	err := r.tx.BankPostings(BankPostingQuery{Pots: pots, From: r.out.From, To: r.out.To}, func(bp *BankPosting) error {
		postings = append(postings, *bp)
		return nil
	})
	if err != nil {
		return err
	}
	type ledgerOnly struct {
		kind TxKind
		in   bool
	}
	other := map[ledgerOnly][]int64{}
	otherSum := map[ledgerOnly]Cents{}
	var kinds []ledgerOnly
	r.ledgerIn = nil
	for _, bp := range postings {
		acct, err := r.account(bp)
		if err != nil {
			return err
		}
		if acct != r.iban {
			r.out.OtherAccountPostings++
			r.out.OtherAccountAmount += bp.Amount
			continue
		}
		r.out.LedgerMovement += bp.Amount
		switch bp.Kind {
		case TxPaid:
			if err := r.paid(bp); err != nil {
				return err
			}
		case TxPayoutReturned:
			ps := r.sides(PayoutID(bp.Ref))
			ps.ledgerBack += bp.Amount
			ps.backSeqs = append(ps.backSeqs, bp.Seq)
		case TxContribution:
			r.ledgerIn = append(r.ledgerIn, moneyIn{ref: bp.Ref, day: bp.ValueDate, amount: bp.Amount, seq: bp.Seq})
		default:
			// By kind and direction, so that each line's words fit all
			// its postings: a recovery credited, or one taken back.
			k := ledgerOnly{bp.Kind, bp.Amount > 0}
			if _, ok := other[k]; !ok {
				kinds = append(kinds, k)
			}
			other[k], otherSum[k] = append(other[k], bp.Seq), otherSum[k]+bp.Amount
		}
	}
	for _, k := range kinds {
		m := msgReconLedgerOnlyOut
		if k.in {
			m = msgReconLedgerOnlyIn
		}
		kind := ledgerOnlyKind(k.kind)
		r.item(DiffLedgerOnly, Msg{m, []any{kind, len(other[k])}}, -otherSum[k], nil, nil, other[k])
	}
	r.out.LedgerClosing = r.out.LedgerOpening + r.out.LedgerMovement
	return nil
}

// ledgerOnlyKind names a kind of transaction on a pot's bank account that
// the bank does not book as such, in both languages (never the kind's
// code inside a Dutch sentence).
func ledgerOnlyKind(k TxKind) MsgCode {
	switch k {
	case TxAllocated:
		return msgReconKindAllocated
	case TxAllocationReversed:
		return msgReconKindAllocationReversed
	case TxSettled:
		return msgReconKindSettled
	}
	return msgReconKindOther
}

// account is the debtor account a posting on a pot's bank account
// belongs to: a payment's batch's, a return's payment's, and for any
// other posting the pot's account now. A payment of a batch that is not
// there, or a return of a payout no batch paid, is the pot's account's
// now too, so that it is counted, and named unexplained, there.
func (r *reconciler) account(bp BankPosting) (string, error) {
	var batch PaymentBatchID
	switch bp.Kind {
	case TxPaid:
		batch = PaymentBatchID(bp.Ref)
	case TxPayoutReturned:
		var err error
		if batch, err = r.tx.PaidIn(PayoutID(bp.Ref)); err != nil {
			return "", err
		}
	}
	if from, ok := r.debtor[batch][bp.PotID]; ok {
		return from, nil
	}
	return r.current[bp.PotID], nil
}

// opening is the part of the pot's bank account before the days that
// belongs to this account. For a pot that paid from this account only
// and pays from it now, that is all of it; for one that moved, it is all
// of it less the payments and returns of its other accounts when it pays
// from this one now, else only the payments and returns of this one. A
// payment's value date is its transaction's; returned payouts are few.
func (r *reconciler) opening(p PotID) (Cents, error) {
	var sum Cents
	here := r.current[p] == r.iban
	if here {
		totals, err := r.tx.PostingTotals(PostingQuery{PotID: p, To: r.out.From.AddDays(-1)})
		if err != nil {
			return 0, err
		}
		for _, t := range totals {
			if t.Account == AccountName(p, AccountBank, "") {
				sum += t.Amount
			}
		}
	}
	if !r.moved[p] {
		return sum, nil
	}
	// adjust counts a payment or return of the account from: in when it
	// is this account's and not already in (the pot pays from another
	// account now), out when it is in but another account's.
	adjust := func(from string, amount Cents) {
		switch {
		case from == r.iban && !here:
			sum += amount
		case from != r.iban && here:
			sum -= amount
		}
	}
	for _, g := range r.groups[p] {
		day, err := r.valueDate(g.JournalSeq)
		if err != nil {
			return 0, err
		}
		if day.Before(r.out.From) {
			adjust(string(g.Debtor.IBAN), -g.Amount)
		}
	}
	var returned []*PayoutRow
	err := r.tx.Payouts(PayoutQuery{PotID: p, Status: StatusReturned}, func(row *PayoutRow) error {
		cp := *row
		returned = append(returned, &cp)
		return nil
	})
	if err != nil {
		return 0, err
	}
	for _, row := range returned {
		if row.ReturnSeq == 0 {
			continue
		}
		day, err := r.valueDate(row.ReturnSeq)
		if err != nil {
			return 0, err
		}
		if !day.Before(r.out.From) {
			continue
		}
		acct, err := r.account(BankPosting{Kind: TxPayoutReturned, Ref: string(row.ID), PotID: p})
		if err != nil {
			return 0, err
		}
		adjust(acct, row.Amount)
	}
	return sum, nil
}

// paid follows a payment group's posting to its payouts.
func (r *reconciler) paid(bp BankPosting) error {
	batch := PaymentBatchID(bp.Ref)
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
		ps.batch, ps.paidOn, ps.paidSeqs = batch, bp.ValueDate, append(ps.paidSeqs, bp.Seq)
	}
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
			ps.backEntries = append(ps.backEntries, e.Ref)
		case OutcomeUnmatched:
			r.out.Items = append(r.out.Items, newItem(DiffUnmatched, Msg{msgReconUnmatched, []any{e.Ref, e.BookingDate, e.Detail}},
				Msg{msgReconUnmatched, []any{e.Ref, e.BookingDate, cmpOr(e.DetailNL, e.Detail)}}, signed, nil, []string{e.Ref}, nil))
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
		ps.paidEntries = append(ps.paidEntries, e.Ref)
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
			g.entries, g.seqs = append(g.entries, ps.paidEntries...), append(g.seqs, ps.paidSeqs...)
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
				r.item(DiffRejected, Msg{msgReconRejected, []any{string(id), bankDay, reason}}, d, []PayoutID{id}, nil, ps.backSeqs)
				continue
			}
			ledgerDay, err := r.valueDate(row.ReturnSeq)
			if err != nil {
				return err
			}
			r.item(DiffReturnTiming, Msg{msgReconReturnBank, []any{string(id), bankDay, ledgerDay}}, d, []PayoutID{id}, ps.backEntries, ps.backSeqs)
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
		r.out.Items = append(r.out.Items, newItem(g.kind, m, nl, g.amount, g.payouts, g.entries, g.seqs))
	}
	return nil
}

// valueDate is the value date of the journal transaction seq (zero for
// seq 0: a payout's return that was never booked).
func (r *reconciler) valueDate(seq int64) (Date, error) {
	if seq == 0 {
		return Date{}, nil
	}
	var day Date
	err := r.tx.Transactions(TxFilter{After: seq - 1, Through: seq}, func(t *Transaction) error {
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
