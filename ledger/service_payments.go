package ledger

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Payments: the payment run that turns approved payouts into a payment
// batch (a pain.001 file), the batches as they are read back, and the sums
// of postings statements are made of.
//
// What goes to the bank is judged by the journal, not by the tables: the
// tables are there for speed, and anyone with the database can edit them.
// So a payment run checks every payout it pays against its journal history
// (its state, pot and amount), its request against the digest its request's
// transaction holds, its payee against the payee digest the journal
// committed to, each pot it pays from against its latest pot_set
// transaction, and every payment booked since the oldest approval it pays
// against the record of that payment; it refuses (EINTEGRITY) when anything
// does not fit. Verify checks the same for every record, after the fact.

// payoutKinds are the kinds of transaction that make a payout's history:
// its request and the decisions on it (ReplayPayout).
var payoutKinds = []TxKind{TxPayoutHeld, TxPayoutApproved, TxPayoutRejected, TxPayoutReversed}

// coverage returns the sequence number of the coverage_began transaction,
// where the journal began to commit to payees and payment files (0 when
// the journal has none, which only an empty, unmigrated ledger shows).
// Once found it never changes, so it is read once.
func (s *Service) coverage(tx ReadTx) (int64, error) {
	if seq := s.coverageSeq.Load(); seq != 0 {
		return seq, nil
	}
	var seq int64
	err := tx.Transactions(TxFilter{Kinds: []TxKind{TxCoverageBegan}, Limit: 1}, func(t *Transaction) error {
		seq = t.Seq
		return nil
	})
	if err != nil {
		return 0, err
	}
	s.coverageSeq.Store(seq)
	return seq, nil
}

// journalTxAt returns the transaction with sequence number seq, or nil
// when there is none.
func journalTxAt(tx ReadTx, seq int64) (*Transaction, error) {
	if seq <= 0 {
		return nil, nil
	}
	var t *Transaction
	err := tx.Transactions(TxFilter{After: seq - 1, Through: seq}, func(x *Transaction) error {
		t = x
		return nil
	})
	return t, err
}

// CreatePaymentBatch puts every approved, unpaid payout of the pot (or of
// every pot with a debtor account) in a new batch, books the payment per
// pot and marks the payouts paid, in one write (Store).
//
// With req.DryRun it books nothing: it returns the batch the run would
// make now (without an id, a creation or a checkpoint), for finance to
// look at before it confirms; its PlanDigest, given back as req.Plan,
// makes the run refuse to pay anything but what was shown. Errors:
// EFORBIDDEN (not finance), EINVALID (an execution date in the past or
// more than MaxExecutionDays ahead, a plan that is no plan's digest, a pot
// that does not exist: a field of the request, as an unknown filter is),
// ECONFLICT (nothing to pay, only from pots without a
// debtor account, or not the plan confirmed), EINTEGRITY (a record does
// not fit the journal), EIDEMPOTENCY.
func (s *Service) CreatePaymentBatch(ctx context.Context, actor Actor, req NewPaymentBatch) (PaymentBatch, error) {
	if err := actor.Can(ActPay, "make payment files"); err != nil {
		return PaymentBatch{}, err
	}
	today := DateOf(s.now())
	if !req.ExecutionDate.IsZero() && req.ExecutionDate.Before(today) {
		return PaymentBatch{}, Invalid(nounPaymentBatch, []FieldError{NewFieldError("executionDate", msgExecutionDatePast, req.ExecutionDate)})
	}
	if last := today.AddDays(MaxExecutionDays); req.ExecutionDate.After(last) {
		return PaymentBatch{}, Invalid(nounPaymentBatch, []FieldError{NewFieldError("executionDate", msgExecutionDateFar, req.ExecutionDate, last)})
	}
	// A plan is a digest (PlanDigest): anything else was never one, which
	// is a mistake in the request, not a change since the preview.
	if req.Plan != "" && !isDigest(req.Plan) {
		return PaymentBatch{}, Invalid(nounPaymentBatch, []FieldError{NewFieldError("plan", msgNotAPlan, Quoted(req.Plan))})
	}
	if req.DryRun {
		return s.planPaymentBatch(ctx, req, today)
	}
	key := req.IdempotencyKey
	req.IdempotencyKey = ""
	fp := req.fingerprint()
	var id PaymentBatchID
	err := s.write(ctx, "create payment batch", func(o *op) error {
		var err error
		id, _, err = idempotent(o, actor, key, fp, paymentBatchAnswer, func() (PaymentBatchID, error) {
			return s.createPaymentBatch(o, actor, req)
		})
		return err
	})
	if err != nil {
		return PaymentBatch{}, err
	}
	return s.PaymentBatch(ctx, id)
}

// planPaymentBatch is a dry run: the batch a payment run would make now,
// read in one snapshot, booked nowhere. The journal checks of the run
// itself (checkPaymentRun) are left to the run: a preview is read often,
// and a record that does not fit stops the run all the same.
func (s *Service) planPaymentBatch(ctx context.Context, req NewPaymentBatch, today Date) (PaymentBatch, error) {
	exec := req.ExecutionDate
	if exec.IsZero() {
		exec = today
	}
	var b PaymentBatch
	err := s.read(ctx, "preview payment batch", func(tx ReadTx) error {
		items, skipped, err := payableItems(tx, req.PotID)
		if err != nil {
			return err
		}
		b = planBatch(items, skipped, exec)
		return nil
	})
	return b, err
}

// toPay is an approved payout a payment run selected, with its pot.
type toPay struct {
	row *PayoutRow
	pot *Pot
}

// createPaymentBatch is the payment run inside its write.
func (s *Service) createPaymentBatch(o *op, actor Actor, req NewPaymentBatch) (PaymentBatchID, error) {
	exec := req.ExecutionDate
	if exec.IsZero() {
		exec = o.today()
	}
	items, skipped, err := payableItems(o.tx, req.PotID)
	if err != nil {
		return "", err
	}
	if req.Plan != "" {
		// What finance confirmed must be what is paid: a payout approved,
		// reversed or paid elsewhere since the preview, or a debtor
		// account changed, is a batch finance has not seen.
		if plan := planBatch(items, skipped, exec); plan.PlanDigest() != req.Plan {
			return "", NewError(ECONFLICT, MsgPaymentPlanChanged, plan.Payouts, plan.Amount)
		}
	}
	if err := s.checkPaymentRun(o.tx, items); err != nil {
		return "", err
	}
	return payItems(o, actor, items, skipped, exec)
}

// payableItems selects what a payment run of the pot ("" for every pot)
// pays: the approved, unpaid payouts of pots with a debtor account, in the
// order of the file (by pot, by name, year and id; urgent payouts first,
// then by payout id), and the pots skipped for want of a debtor account.
// Errors: EINVALID (a pot that does not exist, on the field potId),
// ECONFLICT (nothing to pay, or only from
// pots without a debtor account).
func payableItems(tx ReadTx, potID PotID) ([]toPay, []PotID, error) {
	if potID != "" {
		if _, err := pot(tx, potID); ErrorCode(err) == ENOTFOUND {
			// The request's field, as an unknown filter is.
			return nil, nil, Invalid(nounPaymentBatch, []FieldError{NewFieldError("potId", msgPayNoPot, Quoted(potID))})
		} else if err != nil {
			return nil, nil, err
		}
	}
	var rows []*PayoutRow
	err := tx.Payouts(PayoutQuery{Status: StatusApproved, PotID: potID}, func(r *PayoutRow) error {
		rows = append(rows, r)
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	all := make([]toPay, 0, len(rows))
	for _, r := range rows {
		p, err := pot(tx, r.PotID)
		if err != nil {
			return nil, nil, err
		}
		all = append(all, toPay{row: r, pot: p})
	}
	slices.SortFunc(all, func(a, b toPay) int {
		return cmp.Or(
			strings.Compare(strings.ToLower(a.pot.Name), strings.ToLower(b.pot.Name)),
			cmp.Compare(a.pot.Year, b.pot.Year),
			strings.Compare(string(a.pot.ID), string(b.pot.ID)),
			-strings.Compare(string(a.row.Urgency), string(b.row.Urgency)),
			strings.Compare(string(a.row.ID), string(b.row.ID)))
	})
	var items []toPay
	var skipped []PotID
	for _, it := range all {
		if it.pot.DebtorAccount == nil {
			if !slices.Contains(skipped, it.pot.ID) {
				skipped = append(skipped, it.pot.ID)
			}
			continue
		}
		items = append(items, it)
	}
	if len(items) == 0 {
		if len(skipped) > 0 {
			return nil, nil, NewError(ECONFLICT, msgPayNoDebtorAccount, strings.Join(potIDStrings(skipped), ", "))
		}
		return nil, nil, NewError(ECONFLICT, msgPayNothing)
	}
	return items, skipped, nil
}

// planBatch is the batch of items (sorted by pot, as payableItems returns
// them): one group per pot with its debtor account, the items with their
// payees, the totals; no id, creation or journal transactions yet.
func planBatch(items []toPay, skipped []PotID, exec Date) PaymentBatch {
	b := PaymentBatch{ExecutionDate: exec, Payouts: len(items), SkippedPots: skipped, Remittance: RemittanceCurrent}
	for _, it := range items {
		b.Amount += it.row.Amount
		if n := len(b.Groups); n == 0 || b.Groups[n-1].PotID != it.pot.ID {
			b.Groups = append(b.Groups, PaymentGroup{PotID: it.pot.ID, PotName: it.pot.Name, Debtor: *it.pot.DebtorAccount})
		}
		g := &b.Groups[len(b.Groups)-1]
		g.Payouts++
		g.Amount += it.row.Amount
		b.Items = append(b.Items, PaymentItem{PayoutID: it.row.ID, PotID: it.pot.ID, Amount: it.row.Amount, Urgency: it.row.Urgency, Payee: it.row.Payee})
	}
	return b
}

// checkPaymentRun judges what a payment run is about to pay by the journal,
// not by the tables that selected it: a payout rejected, pending, reversed
// or paid by its history, or with a payee other than the one committed to,
// a pot whose account is not the one committed to, or a payment since the
// oldest approval whose record no longer fits, stops the run, whatever the
// tables say. Errors: EINTEGRITY naming every problem.
func (s *Service) checkPaymentRun(tx ReadTx, items []toPay) error {
	coverage, err := s.coverage(tx)
	if err != nil {
		return err
	}
	var problems []string
	pots := map[PotID]bool{}
	since, _, err := tx.Head()
	if err != nil {
		return err
	}
	for _, it := range items {
		ps, requestSeq, err := payable(tx, coverage, it.row)
		if err != nil {
			return err
		}
		problems = append(problems, ps...)
		if !pots[it.pot.ID] {
			pots[it.pot.ID] = true
			p, err := potCommitted(tx, it.pot)
			if err != nil {
				return err
			}
			if p != "" {
				problems = append(problems, p)
			}
		}
		since = min(since, requestSeq)
	}
	ps, err := paymentsSince(tx, coverage, pots, since)
	if err != nil {
		return err
	}
	problems = append(problems, ps...)
	if len(problems) > 0 {
		return IntegrityError("the payment run", problems)
	}
	return nil
}

// payItems books the payment of items (sorted by pot) per pot, stores the
// batch and marks the payouts paid.
func payItems(o *op, actor Actor, items []toPay, skipped []PotID, exec Date) (PaymentBatchID, error) {
	b := planBatch(items, skipped, exec)
	b.ID = PaymentBatchID(NewID(PaymentBatchPrefix, o.now))
	b.CreatedAt, b.CreatedBy = o.now, actor.User
	// The record of a batch keeps no payees: they are read with it from
	// where they are kept (and erased).
	all := b.Items
	b.Items = nil
	for i := range b.Groups {
		g := &b.Groups[i]
		plain := make([]PaymentItem, 0, g.Payouts)
		for _, it := range all {
			if it.PotID == g.PotID {
				plain = append(plain, PaymentItem{PayoutID: it.PayoutID, PotID: it.PotID, Amount: it.Amount, Urgency: it.Urgency})
			}
		}
		t := Transaction{
			Kind: TxPaid, Ref: string(b.ID), PotID: g.PotID, ValueDate: o.today(), Actor: actor.User, ActorRole: actor.Role,
			Memo:     fmt.Sprintf("%d payouts in payment batch %s, to be executed on %s", len(plain), b.ID, exec),
			Digest:   PaymentDigest(&b, g, plain),
			Postings: PaymentPostings(g.PotID, g.Amount),
		}
		if err := o.book(&t); err != nil {
			return "", err
		}
		g.JournalSeq = t.Seq
		b.Items = append(b.Items, plain...)
	}
	id := b.ID
	if err := o.tx.InsertPaymentBatch(&b); err != nil {
		if errors.Is(err, ErrExists) {
			return "", fmt.Errorf("payment batch %s: a payout in it is in another payment batch already: %w", id, err)
		}
		return "", err
	}
	for _, it := range b.Items {
		err := o.tx.MarkPayoutPaid(it.PayoutID)
		if errors.Is(err, ErrNotFound) {
			return "", errors.New("payout " + string(it.PayoutID) + " changed while being paid")
		}
		if err != nil {
			return "", err
		}
	}
	return id, nil
}

func potIDStrings(ps []PotID) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = string(p)
	}
	return out
}

// payeeCheck is a payout's payee as kept, with what the journal says of it.
type payeeCheck struct {
	payout PayoutID
	payee  Payee
	rec    PayeeRecord
	// requestSeq is the payout's request as the journal has it (its first
	// transaction, found by the payout's id), not as the payouts table
	// says: whether the payee predates coverage must not rest on a column
	// anyone with the file can change.
	requestSeq int64
	// ref and digest are the Ref and PayeeDigest of the transaction at
	// rec.Seq.
	ref, digest string
}

// problem says what does not fit, or "" when the payee is the one the
// journal committed to (or was erased by an erasure, or predates coverage).
func (c *payeeCheck) problem(coverage int64) string {
	preCoverage := c.requestSeq < coverage
	switch {
	case c.rec.Missing:
		return fmt.Sprintf("the payee of payout %s is gone from the file", c.payout)
	case c.payee.Erased:
		if c.rec.ErasedSeq == 0 && !preCoverage {
			return fmt.Sprintf("the payee of payout %s is marked erased, but no erasure in the journal erased it", c.payout)
		}
		return ""
	case c.rec.Salt == nil && c.rec.Seq == 0 && preCoverage:
		return "" // requested before the journal committed to payees
	case c.ref != string(c.payout):
		return fmt.Sprintf("the payee of payout %s no longer points to the transaction that recorded it", c.payout)
	case PayeeDigest(c.rec.Salt, c.payout, c.payee) != c.digest:
		return fmt.Sprintf("the payee (name or IBAN) of payout %s no longer matches the digest transaction %d recorded for it", c.payout, c.rec.Seq)
	}
	return ""
}

// payable returns what keeps an approved payout from going out, judged by
// the journal: its history must leave it approved and unpaid, for the pot
// and amount stored; its stored request (pot, amount, urgency, case,
// weighing) must match the digest its request's transaction holds; and its
// payee must be the one committed to. It returns the payout's request's
// sequence number in the journal too (0 when there is none).
func payable(tx ReadTx, coverage int64, row *PayoutRow) ([]string, int64, error) {
	id := row.ID
	var history []*Transaction
	err := tx.Transactions(TxFilter{Ref: string(id), Kinds: payoutKinds, Postings: true}, func(t *Transaction) error {
		history = append(history, t)
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	var problems []string
	var requestSeq int64
	var reqDigest string
	if len(history) > 0 {
		requestSeq, reqDigest = history[0].Seq, history[0].Digest
	}
	if RequestDigest(row.Salt, &row.Payout) != reqDigest {
		problems = append(problems, fmt.Sprintf("the stored request of payout %s (amount, urgency, case or weighing) no longer matches the digest its request's transaction holds", id))
	}
	kinds := make([]TxKind, len(history))
	seqs := make([]int64, len(history))
	for i, t := range history {
		kinds[i], seqs[i] = t.Kind, t.Seq
	}
	st, rerr := ReplayPayout(kinds, seqs)
	switch {
	case rerr != nil:
		problems = append(problems, fmt.Sprintf("the journal history of payout %s does not fit: %v", id, rerr))
	case st != StatusApproved:
		problems = append(problems, fmt.Sprintf("payout %s is approved in the table, but its journal history makes it %s", id, st))
	default:
		// The approving transaction is the last; its first posting is the
		// cost of the payout (ApprovalPostings).
		last := history[len(history)-1]
		var amount Cents
		if len(last.Postings) > 0 {
			amount = last.Postings[0].Amount
		}
		if last.PotID != row.PotID || amount != row.Amount {
			problems = append(problems, fmt.Sprintf("payout %s is stored as %s from pot %s, but its journal approved %s from pot %s", id, row.Amount, row.PotID, amount, last.PotID))
		}
	}
	batch, err := tx.PaidIn(id)
	if err != nil {
		return nil, 0, err
	}
	if batch != "" {
		problems = append(problems, fmt.Sprintf("payout %s is approved in the table, but payment batch %s paid it already", id, batch))
	}
	rec := row.PayeeRecord
	switch {
	case row.Payee.Erased && !rec.Missing:
		problems = append(problems, fmt.Sprintf("the payee of payout %s was erased", id))
	case !rec.Missing && rec.Salt == nil:
		// Every payee that can be paid was committed to, at the request
		// or when coverage began; one without a salt was not.
		problems = append(problems, fmt.Sprintf("the payee of payout %s was never committed to by the journal", id))
	default:
		c := payeeCheck{payout: id, payee: row.Payee, rec: rec, requestSeq: requestSeq}
		if !rec.Missing {
			t, err := journalTxAt(tx, rec.Seq)
			if err != nil {
				return nil, 0, err
			}
			if t != nil {
				c.ref, c.digest = t.Ref, t.PayeeDigest
			}
		}
		if p := c.problem(coverage); p != "" {
			problems = append(problems, p)
		}
	}
	return problems, requestSeq, nil
}

// potCommitted reports a problem when a pot's stored record (its debtor
// account, ladder, limits) differs from what its latest pot_set
// transaction committed to: a payment run must not pay from an account
// someone put in the file.
func potCommitted(tx ReadTx, p *Pot) (string, error) {
	var digest string
	err := tx.Transactions(TxFilter{Kinds: []TxKind{TxPotSet}, Ref: string(p.ID), Newest: true, Limit: 1}, func(t *Transaction) error {
		digest = t.Digest
		return nil
	})
	if err != nil {
		return "", err
	}
	if r := PotRecord(p); digest != r.Digest() {
		return fmt.Sprintf("pot %s (its debtor account, ladder or limits) no longer matches what the journal committed to", p.ID), nil
	}
	return "", nil
}

// paymentsSince checks the payments booked for pots after since against
// the journal: every payouts_paid transaction still has its record, and each
// record's payouts and amounts still match its digest. A payment run runs it
// from the oldest approval it pays: a payout is paid after it was approved,
// so a payment of it, if any, lies in that range, and a record of it that
// was removed (so that it would be paid again) is caught before the money
// goes out.
func paymentsSince(tx ReadTx, coverage int64, pots map[PotID]bool, since int64) ([]string, error) {
	var paid []*Transaction
	err := tx.Transactions(TxFilter{After: since, Kinds: []TxKind{TxPaid}}, func(t *Transaction) error {
		if pots[t.PotID] {
			paid = append(paid, t)
		}
		return nil
	})
	if err != nil || len(paid) == 0 {
		return nil, err
	}
	groups := map[int64]PaymentGroupRow{}
	err = tx.PaymentGroupsAfter(since, func(g PaymentGroupRow) error {
		groups[g.Group.JournalSeq] = g
		return nil
	})
	if err != nil {
		return nil, err
	}
	var problems []string
	items := map[PaymentBatchID][]PaymentItemRow{}
	for _, t := range paid {
		x, ok := groups[t.Seq]
		if !ok {
			problems = append(problems, fmt.Sprintf("transaction %d books the payment of batch %s, whose record is gone", t.Seq, t.Ref))
			continue
		}
		// The pot is the journal's: the record's items are those of its
		// payouts in that pot.
		x.Group.PotID = t.PotID
		batchItems, ok := items[x.Batch.ID]
		if !ok {
			if batchItems, err = tx.PaymentItems(x.Batch.ID); err != nil {
				return nil, err
			}
			items[x.Batch.ID] = batchItems
		}
		var mine []PaymentItem
		for _, it := range batchItems {
			if it.PotID == t.PotID {
				mine = append(mine, PaymentItem{PayoutID: it.PayoutID, Amount: it.Amount, Urgency: it.Urgency})
			}
		}
		want := PaymentDigest(&x.Batch, &x.Group, mine)
		if t.Seq < coverage {
			want = PaymentDigestV1(x.Batch.ID, x.Group.Debtor, mine)
		}
		if want != t.Digest {
			problems = append(problems, fmt.Sprintf("the record of payment batch %s (pot %s) no longer matches what transaction %d booked: a payout it paid may have been taken out of it", x.Batch.ID, t.PotID, t.Seq))
		}
	}
	return problems, nil
}

// batchNotFound is the error for a batch id that names no batch.
func batchNotFound(id PaymentBatchID) error {
	return NewError(ENOTFOUND, msgNoPaymentBatch, Quoted(id))
}

// PaymentBatch returns a batch with its groups and items, the payees
// included: what a payment file is made from (Store). The file is made
// from this record, so it must be the record the journal committed to, or
// the file would not be the one the bank was sent. Errors: ENOTFOUND,
// EINTEGRITY (the record or a payee no longer fits the journal; the batch
// is returned too).
func (s *Service) PaymentBatch(ctx context.Context, id PaymentBatchID) (PaymentBatch, error) {
	if !ValidID(PaymentBatchPrefix, string(id)) {
		return PaymentBatch{}, batchNotFound(id)
	}
	var b PaymentBatch
	var problems []string
	err := s.read(ctx, "read payment batch", func(tx ReadTx) error {
		coverage, err := s.coverage(tx)
		if err != nil {
			return err
		}
		bs, err := tx.PaymentBatches(PaymentBatchQuery{ID: id})
		if err != nil {
			return err
		}
		if len(bs) == 0 {
			return batchNotFound(id)
		}
		b = bs[0]
		rows, err := tx.PaymentItems(id)
		if err != nil {
			return err
		}
		for _, r := range rows {
			c := payeeCheck{payout: r.PayoutID, payee: r.Payee, rec: r.PayeeRecord, requestSeq: r.RequestSeq, ref: r.PayeeRef, digest: r.PayeeDigest}
			if p := c.problem(coverage); p != "" {
				problems = append(problems, p)
			}
			b.Items = append(b.Items, r.PaymentItem)
		}
		var total Cents
		var payouts int
		for _, g := range b.Groups {
			t, err := journalTxAt(tx, g.JournalSeq)
			if err != nil {
				return err
			}
			if t == nil {
				t = &Transaction{}
			}
			var items []PaymentItem
			for _, it := range b.Items {
				if it.PotID == g.PotID {
					items = append(items, PaymentItem{PayoutID: it.PayoutID, Amount: it.Amount, Urgency: it.Urgency})
				}
			}
			want := PaymentDigest(&b, &g, items)
			if g.JournalSeq < coverage {
				want = PaymentDigestV1(b.ID, g.Debtor, items)
			}
			if t.Kind != TxPaid || t.Ref != string(b.ID) || t.Digest != want {
				problems = append(problems, fmt.Sprintf("the part of payment batch %s paid from pot %s no longer matches what transaction %d recorded (its account, dates, payouts or amounts changed)", b.ID, g.PotID, g.JournalSeq))
			}
			if g.JournalSeq >= b.Checkpoint.Seq {
				b.Checkpoint = Checkpoint{Seq: g.JournalSeq, Hash: t.Hash}
			}
			total += g.Amount
			payouts += g.Payouts
		}
		if total != b.Amount || payouts != b.Payouts || payouts != len(b.Items) {
			problems = append(problems, fmt.Sprintf("payment batch %s records %d payouts and %s, but its parts hold %d payouts (%d listed) and %s", b.ID, b.Payouts, b.Amount, payouts, len(b.Items), total))
		}
		return nil
	})
	if err != nil {
		return b, err
	}
	if len(problems) > 0 {
		return b, IntegrityError("reading payment batch "+string(b.ID), problems)
	}
	return b, nil
}

// PaymentBatches lists a page of batches, newest first, with their groups
// but without their items, and the totals of every batch (Store). Errors:
// EINVALID for a page size out of range or a cursor that names no batch.
func (s *Service) PaymentBatches(ctx context.Context, f PaymentBatchFilter) (PaymentBatchPage, error) {
	if err := f.Normalise(); err != nil {
		return PaymentBatchPage{}, err
	}
	var page PaymentBatchPage
	err := s.read(ctx, "list payment batches", func(tx ReadTx) error {
		q := PaymentBatchQuery{Limit: f.Limit + 1}
		var err error
		if q.After, err = batchKey(tx, "after", f.After); err != nil {
			return err
		}
		if q.Before, err = batchKey(tx, "before", f.Before); err != nil {
			return err
		}
		bs, err := tx.PaymentBatches(q)
		if err != nil {
			return err
		}
		// One batch more than the page was read: if it is there, the
		// list goes on past the page (on the side read towards).
		more := len(bs) > f.Limit
		switch {
		case more && q.Before != nil:
			bs = bs[1:]
		case more:
			bs = bs[:f.Limit]
		}
		page.Batches = bs
		if len(bs) > 0 {
			if more || q.Before != nil {
				page.Next = bs[len(bs)-1].ID
			}
			if q.After != nil || (more && q.Before != nil) {
				page.Prev = bs[0].ID
			}
		}
		page.Total, page.Payouts, page.Amount, err = tx.PaymentBatchTotals()
		return err
	})
	if err != nil {
		return PaymentBatchPage{}, err
	}
	if page.Batches == nil {
		page.Batches = []PaymentBatch{}
	}
	return page, nil
}

// batchKey is the place in the order of the batch a cursor names (nil for
// no cursor). Errors: EINVALID for one that names none.
func batchKey(tx ReadTx, field string, id PaymentBatchID) (*PaymentBatchKey, error) {
	if id == "" {
		return nil, nil
	}
	var bs []PaymentBatch
	var err error
	if ValidID(PaymentBatchPrefix, string(id)) {
		if bs, err = tx.PaymentBatches(PaymentBatchQuery{ID: id}); err != nil {
			return nil, err
		}
	}
	if len(bs) == 0 {
		return nil, cursorNotFound(field, string(id), listPaymentBatches)
	}
	return &PaymentBatchKey{CreatedAt: bs[0].CreatedAt, ID: id}, nil
}

// Unpaid returns, per pot, the approved payouts not yet paid and their sum:
// what the next payment batch would pay, by pot id (Store). It reads the
// approved payouts alone (the index on status), never the paid history.
func (s *Service) Unpaid(ctx context.Context) ([]PotTotal, error) {
	var out []PotTotal
	err := s.read(ctx, "sum unpaid payouts", func(tx ReadTx) error {
		var err error
		out, err = tx.PayoutTotals(PayoutQuery{Status: StatusApproved})
		return err
	})
	return out, err
}

// PostingTotals sums postings by account, kind of transaction, month of
// value date and, for payout transactions, the payout's category, for
// statements (Store). Errors: ENOTFOUND (the pot).
func (s *Service) PostingTotals(ctx context.Context, q PostingQuery) ([]PostingTotal, error) {
	var out []PostingTotal
	err := s.read(ctx, "sum postings", func(tx ReadTx) error {
		if q.PotID != "" {
			if _, err := pot(tx, q.PotID); err != nil {
				return err
			}
		}
		var err error
		out, err = tx.PostingTotals(q)
		return err
	})
	return out, err
}
