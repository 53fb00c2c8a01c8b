package ledger

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// RequestPayout books a payout request: approved at once within the
// requester's mandate, otherwise held until a decision (Store).
func (s *Service) RequestPayout(ctx context.Context, actor Actor, req PayoutRequest) (Payout, error) {
	if err := actor.Can(ActRequestPayout, "request payouts"); err != nil {
		return Payout{}, err
	}
	// The category against the stored list, with the other fields, so an
	// unknown one is reported with every other mistake at once.
	cats, err := s.Categories(ctx)
	if err != nil {
		return Payout{}, err
	}
	if err := req.ValidateIn(DateOf(s.now()), cats); err != nil {
		return Payout{}, err
	}
	key := req.IdempotencyKey
	req.IdempotencyKey = ""
	fp := req.fingerprint()
	return s.writePayout(ctx, actor, "request payout", key, fp, func(o *op) (Payout, error) {
		return o.requestPayout(actor, &req)
	})
}

// payoutReceipt is what an idempotency record keeps of a payout answer: what
// can change after it. The rest (the weighing, the payee) is read from the
// payout itself on a replay, so no personal data are copied into the record.
// Its JSON names are those of the answers stored already: keep them.
type payoutReceipt struct {
	ID       PayoutID        `json:"id"`
	Status   Status          `json:"status"`
	Decision *PayoutDecision `json:"decision,omitempty"`
	Reversal *PayoutReversal `json:"reversal,omitempty"`
}

// writePayout runs a payout operation in a write named name, at most once
// per idempotency key (idempotentPayout), and returns the payout it
// answers. Errors: fn's, idempotentPayout's and the write's.
func (s *Service) writePayout(ctx context.Context, actor Actor, name, key string, fp fingerprint, fn func(o *op) (Payout, error)) (Payout, error) {
	var p Payout
	err := s.write(ctx, name, func(o *op) error {
		var err error
		p, err = idempotentPayout(o, actor, key, fp, func() (Payout, error) { return fn(o) })
		return err
	})
	return p, err
}

// idempotentPayout runs a payout operation (a request, a decision, a
// reversal) at most once per key, like idempotent, and answers a replay
// with the payout as the first answer showed it: the payout as it is now,
// with the status, decision and reversal of the receipt. Errors: fn's, and
// idempotent's.
func idempotentPayout(o *op, actor Actor, key string, fp fingerprint, fn func() (Payout, error)) (Payout, error) {
	var p Payout
	r, replay, err := idempotent(o, actor, key, fp, payoutAnswer, func() (payoutReceipt, error) {
		var err error
		p, err = fn()
		return payoutReceipt{ID: p.ID, Status: p.Status, Decision: p.Decision, Reversal: p.Reversal}, err
	})
	if err != nil || !replay {
		return p, err
	}
	row, err := payoutRow(o.tx, r.ID)
	if err != nil {
		return p, err
	}
	p = row.Payout
	p.Status, p.Decision, p.Reversal = r.Status, r.Decision, r.Reversal
	return p, nil
}

// requestPayout books the request inside the write: the pot and its year,
// the category, the route up the ladder (invariant 8), the money available
// (invariant 4), then the journal and the rows.
func (o *op) requestPayout(actor Actor, req *PayoutRequest) (Payout, error) {
	pot, err := pot(o.tx, req.PotID)
	if err != nil {
		return Payout{}, err
	}
	if err := checkCategory(o.tx, req.Category); err != nil {
		return Payout{}, err
	}
	today := o.today()
	if !pot.InYear(today) {
		return Payout{}, NewError(ECONFLICT, msgPotWrongYear, Quoted(pot.Name), pot.Year, today, today.Year())
	}
	level, atOnce, err := pot.Route(actor.Role, req.Amount)
	if err != nil {
		return Payout{}, err
	}
	avail, err := available(o.tx, pot.ID)
	if err != nil {
		return Payout{}, err
	}
	if err := pot.CheckAvailable(Balance{Available: avail}, req.Amount); err != nil {
		return Payout{}, err
	}
	r := PayoutRow{Payout: Payout{
		ID:              PayoutID(NewID(PayoutPrefix, o.now)),
		PotID:           pot.ID,
		Amount:          req.Amount,
		Payee:           req.Payee,
		CaseRef:         req.CaseRef,
		Category:        req.Category,
		Urgency:         req.Urgency,
		Justification:   req.Justification,
		PaidTo:          req.PaidTo,
		SpendingBound:   req.Bound(),
		ResidentUnder18: req.ResidentUnder18,
		Status:          StatusPending,
		RequestedBy:     actor.User,
		RequestedRole:   actor.Role,
		RequestedAt:     o.now,
		ValueDate:       today,
	}}
	p := &r.Payout
	r.Salt = make([]byte, 16)
	if _, err := rand.Read(r.Salt); err != nil {
		return *p, err
	}
	// The payee has a salt of its own, erased with it: the request's salt
	// stays (the weighing's digest needs it), and must not let anyone
	// confirm a guessed name and IBAN once the payee is gone.
	r.PayeeRecord.Salt = make([]byte, 16)
	if _, err := rand.Read(r.PayeeRecord.Salt); err != nil {
		return *p, err
	}
	t := Transaction{
		Ref: string(p.ID), PotID: pot.ID, ValueDate: today, Actor: actor.User, ActorRole: actor.Role,
		Digest: RequestDigest(r.Salt, p), PayeeDigest: PayeeDigest(r.PayeeRecord.Salt, p.ID, req.Payee),
	}
	if atOnce {
		p.Status = StatusApproved
		p.Decision = &PayoutDecision{Outcome: OutcomeApprove, By: actor.User, Role: actor.Role, At: o.now, Mandate: level, OwnMandate: true}
		t.Kind = TxPayoutApproved
		t.Memo = "approved at once under the requester's own mandate: " + level.String()
		t.Postings = ApprovalPostings(pot.ID, p.Amount, false)
	} else {
		t.Kind = TxPayoutHeld
		t.Memo = "held for a decision by " + strings.Join(roleNames(pot.Deciders(p.Amount)), " or ")
		t.Postings = HoldPostings(pot.ID, p.Amount)
	}
	if err := o.book(&t); err != nil {
		return *p, err
	}
	// One transaction booked the request, the decision at once and the
	// payee's commitment.
	r.RequestSeq, r.PayeeRecord.Seq = t.Seq, t.Seq
	if atOnce {
		r.DecisionSeq = t.Seq
	}
	if err := o.tx.InsertPayout(&r); err != nil {
		return *p, err
	}
	if atOnce {
		return *p, nil
	}
	// The level it waits for is told, in the same write (levels).
	who, err := deciders(o.tx, pot, p.Amount)
	if err != nil {
		return *p, err
	}
	return *p, o.notify(actor, who, payoutNote(NoteDecisionWaiting, p, pot))
}

// roleNames returns the roles as strings, for a memo.
func roleNames(rs []Role) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = string(r)
	}
	return out
}

// DecidePayout approves or rejects a pending payout (Store).
func (s *Service) DecidePayout(ctx context.Context, actor Actor, req Decision) (Payout, error) {
	if err := actor.Can(ActDecidePayout, "decide payouts"); err != nil {
		return Payout{}, err
	}
	if err := req.Validate(); err != nil {
		return Payout{}, err
	}
	key := req.IdempotencyKey
	req.IdempotencyKey = ""
	fp := req.fingerprint()
	return s.writePayout(ctx, actor, "decide payout", key, fp, func(o *op) (Payout, error) {
		return o.decidePayout(actor, &req)
	})
}

// decidePayout books the decision inside the write: whether the payout
// waits and the actor's mandate covers it (Pot.CheckDecision), then the
// journal and the row.
func (o *op) decidePayout(actor Actor, req *Decision) (Payout, error) {
	row, err := payoutRow(o.tx, req.PayoutID)
	if err != nil {
		return Payout{}, err
	}
	p := row.Payout
	pot, err := pot(o.tx, p.PotID)
	if err != nil {
		return p, err
	}
	level, err := pot.CheckDecision(&p, actor)
	if err != nil {
		return p, err
	}
	p.Decision = &PayoutDecision{Outcome: req.Outcome, By: actor.User, Role: actor.Role, At: o.now, Note: req.Note, Mandate: level}
	t := Transaction{
		Ref: string(p.ID), PotID: p.PotID, ValueDate: o.today(), Actor: actor.User, ActorRole: actor.Role,
		Digest: DecisionDigest(row.Salt, p.ID, p.Decision),
	}
	if req.Outcome == OutcomeApprove {
		p.Status = StatusApproved
		t.Kind, t.Memo = TxPayoutApproved, "approved under the mandate "+level.String()
		t.Postings = ApprovalPostings(p.PotID, p.Amount, true)
	} else {
		p.Status = StatusRejected
		t.Kind, t.Memo = TxPayoutRejected, "rejected under the mandate "+level.String()
		t.Postings = ReleasePostings(p.PotID, p.Amount)
	}
	if err := o.book(&t); err != nil {
		return p, err
	}
	// The write read the payout undecided; a row decided all the same
	// means the rows and the writes disagree, which no user can fix.
	err = o.tx.DecidePayout(&p, t.Seq)
	if errors.Is(err, ErrNotFound) {
		return p, errors.New("payout " + string(p.ID) + " was decided twice")
	}
	if err != nil {
		return p, err
	}
	// Those asked to decide it are done: their requests to decide are
	// read now, for the others of the level too.
	if err := o.tx.MarkDecidedRead(p.ID, []NotificationKind{NoteDecisionWaiting, NoteReminder, NoteEscalation}, o.now); err != nil {
		return p, err
	}
	n := payoutNote(NoteDecided, &p, pot)
	n.Detail = string(req.Outcome)
	return p, o.notify(actor, []string{p.RequestedBy}, n)
}

// Payout returns one payout with its payee and deviations (Store).
// Errors: ENOTFOUND.
func (s *Service) Payout(ctx context.Context, id PayoutID) (Payout, error) {
	var p Payout
	err := s.read(ctx, "read payout", func(tx ReadTx) error {
		row, err := payoutRow(tx, id)
		if err == nil {
			p = row.Payout
		}
		return err
	})
	return p, err
}

// Payouts lists payouts, newest request first, a page at a time (Store).
// A cursor (f.After) that names no payout gives an empty page. Errors:
// EINVALID naming the fields of the filter at fault.
func (s *Service) Payouts(ctx context.Context, f PayoutFilter) (PayoutPage, error) {
	if err := f.Normalise(); err != nil {
		return PayoutPage{}, err
	}
	var page PayoutPage
	err := s.read(ctx, "list payouts", func(tx ReadTx) error {
		q := PayoutQuery{PotID: f.PotID, Status: f.Status, Category: f.Category, RequestedBy: f.RequestedBy,
			Urgency: f.Urgency, From: f.From, To: f.To, Limit: f.Limit + 1}
		if f.After != "" {
			after, err := payoutRow(tx, f.After)
			var le *Error
			if errors.As(err, &le) && le.Code == ENOTFOUND {
				return nil
			}
			if err != nil {
				return err
			}
			q.Before = after.RequestSeq
		}
		return tx.Payouts(q, func(r *PayoutRow) error {
			page.Payouts = append(page.Payouts, r.Payout)
			return nil
		})
	})
	if err != nil {
		return PayoutPage{}, err
	}
	// One payout more than the page was read: if it is there, the page
	// has a next one, which starts after the page's last.
	if len(page.Payouts) > f.Limit {
		page.Payouts = page.Payouts[:f.Limit]
		page.Next = page.Payouts[f.Limit-1].ID
	}
	return page, nil
}

// PayoutCounts returns the number of payouts in each status (Store).
func (s *Service) PayoutCounts(ctx context.Context) (map[Status]int, error) {
	var counts map[Status]int
	err := s.read(ctx, "count payouts", func(tx ReadTx) error {
		var err error
		counts, err = tx.PayoutCounts()
		return err
	})
	return counts, err
}

// PayoutFacts calls fn with the fact of each payout the filter selects, in
// order of request, one payout at a time: memory stays flat however many
// payouts there are (Store). Errors: EINVALID when to is before from,
// ENOTFOUND for a pot that is not there, and fn's.
func (s *Service) PayoutFacts(ctx context.Context, f FactFilter, fn func(*PayoutFact) error) error {
	if !f.From.IsZero() && !f.To.IsZero() && f.To.Before(f.From) {
		return Invalid(nounFilter, []FieldError{NewFieldError("to", msgToBeforeFrom)})
	}
	return s.read(ctx, "read payout facts", func(tx ReadTx) error {
		if f.PotID != "" {
			if _, err := pot(tx, f.PotID); err != nil {
				return err
			}
		}
		return tx.Payouts(PayoutQuery{PotID: f.PotID, From: f.From, To: f.To, Oldest: true}, func(r *PayoutRow) error {
			x := r.Payout.Fact()
			return fn(&x)
		})
	})
}

// closedStatuses are the statuses of payouts that are done with: no money
// can move for them any more, so their payee data can be erased after the
// retention period.
var closedStatuses = []Status{StatusRejected, StatusReversed, StatusPaid, StatusSettled}

// ErasePersonalData erases the payee names and IBANs of closed payouts
// (rejected, reversed, paid or settled) requested before the date, and records the
// erasure in the journal; it returns how many it erased (Store). Payee
// data never entered the hash chain, so it still verifies. Errors:
// EFORBIDDEN, EINVALID on the field "before" (CheckErasure).
func (s *Service) ErasePersonalData(ctx context.Context, actor Actor, before Date) (int, error) {
	if err := actor.Can(ActErasePersonal, "erase personal data"); err != nil {
		return 0, err
	}
	if err := CheckErasure(before, DateOf(s.now())); err != nil {
		return 0, err
	}
	var n int
	err := s.write(ctx, "erase personal data", func(o *op) error {
		n = 0
		ids, err := o.tx.KeptPayees(before, closedStatuses)
		if err != nil || len(ids) == 0 {
			return err
		}
		// The erasure's own transaction lists what it erased, so an
		// erased payee is known as erased (and one blanked by hand is not).
		t := Transaction{
			Kind: TxPersonalErasure, Ref: "before " + before.String(), ValueDate: o.today(),
			Actor: actor.User, ActorRole: actor.Role, Digest: ErasureDigest(before, ids),
			Memo: "erased the payee data of " + strconv.Itoa(len(ids)) + " closed payouts requested before " + before.String(),
		}
		if err := o.book(&t); err != nil {
			return err
		}
		if err := o.tx.ErasePayees(ids, o.now, t.Seq); err != nil {
			return fmt.Errorf("erase %d payees: %w", len(ids), err)
		}
		n = len(ids)
		return nil
	})
	return n, err
}

// ReissuePayout pays a returned payout again to a corrected payee (Store).
func (s *Service) ReissuePayout(ctx context.Context, actor Actor, req Reissue) (Payout, error) {
	if err := actor.Can(ActReissuePayout, "pay a returned payout again"); err != nil {
		return Payout{}, err
	}
	if err := req.Validate(); err != nil {
		return Payout{}, err
	}
	key := req.IdempotencyKey
	req.IdempotencyKey = ""
	fp := req.fingerprint()
	return s.writePayout(ctx, actor, "reissue payout", key, fp, func(o *op) (Payout, error) {
		return o.reissuePayout(actor, &req)
	})
}

// reissuePayout books the reissue inside the write: who may, and whether
// the payout can be paid again (Pot.CheckReissue); the pot's year not over; and its money still available
// (the return made it available, and it may have been spent since). The
// new payout copies the request (amount, case reference, category,
// urgency, weighing) and the decision that approved it, and is approved
// at once by one transaction: the approval's postings, the request's
// digest, the new payee's digest, and a memo naming the returned payout
// (ReissueMemo), which Verify checks against the rows.
func (o *op) reissuePayout(actor Actor, req *Reissue) (Payout, error) {
	old, err := payoutRow(o.tx, req.PayoutID)
	if err != nil {
		return Payout{}, err
	}
	was := &old.Payout
	pot, err := pot(o.tx, was.PotID)
	if err != nil {
		return Payout{}, err
	}
	if err := pot.CheckReissue(was, actor); err != nil {
		return Payout{}, err
	}
	if was.Decision == nil || was.Decision.Outcome != OutcomeApprove {
		return Payout{}, fmt.Errorf("returned payout %s has no approval", was.ID)
	}
	today := o.today()
	if !pot.InYear(today) {
		return Payout{}, NewError(ECONFLICT, msgReissueWrongYear, was.ID, Quoted(pot.Name), pot.Year, today.Year())
	}
	avail, err := available(o.tx, pot.ID)
	if err != nil {
		return Payout{}, err
	}
	if err := pot.CheckAvailable(Balance{Available: avail}, was.Amount); err != nil {
		// The return gave the money back, and it was spent since.
		return Payout{}, NewError(EINSUFFICIENT, msgReissueInsufficient, was.ID, Quoted(pot.Name), avail+pot.OverdraftLimit, was.Amount)
	}
	d := *was.Decision
	r := PayoutRow{Payout: Payout{
		ID:              PayoutID(NewID(PayoutPrefix, o.now)),
		PotID:           pot.ID,
		Amount:          was.Amount,
		Payee:           req.Payee,
		CaseRef:         was.CaseRef,
		Category:        was.Category,
		Urgency:         was.Urgency,
		Justification:   was.Justification,
		PaidTo:          was.PaidTo,
		SpendingBound:   was.SpendingBound,
		ResidentUnder18: was.ResidentUnder18,
		Status:          StatusApproved,
		RequestedBy:     was.RequestedBy,
		RequestedRole:   was.RequestedRole,
		RequestedAt:     o.now,
		ValueDate:       today,
		Decision:        &d,
		ReissueOf:       was.ID,
		ReissuedBy:      actor.User,
		ReissuedRole:    actor.Role,
	}}
	p := &r.Payout
	r.Salt = make([]byte, 16)
	if _, err := rand.Read(r.Salt); err != nil {
		return *p, err
	}
	r.PayeeRecord.Salt = make([]byte, 16)
	if _, err := rand.Read(r.PayeeRecord.Salt); err != nil {
		return *p, err
	}
	t := Transaction{
		Kind: TxPayoutApproved, Ref: string(p.ID), PotID: pot.ID, ValueDate: today, Actor: actor.User, ActorRole: actor.Role,
		Memo: ReissueMemo(was.ID, d.Mandate), Postings: ApprovalPostings(pot.ID, p.Amount, false),
		Digest: RequestDigest(r.Salt, p), PayeeDigest: PayeeDigest(r.PayeeRecord.Salt, p.ID, req.Payee),
	}
	if err := o.book(&t); err != nil {
		return *p, err
	}
	r.RequestSeq, r.DecisionSeq, r.PayeeRecord.Seq = t.Seq, t.Seq, t.Seq
	err = o.tx.InsertPayout(&r)
	if errors.Is(err, ErrExists) {
		// Another write paid it again between the read and this one.
		return *p, NewError(ECONFLICT, msgReissuedMeanwhile, was.ID)
	}
	return *p, err
}

// reissueMemoPrefix begins every ReissueMemo.
const reissueMemoPrefix = "approved by the decision on returned payout "

// ReissueMemo is the memo of the transaction that approves a payout paying
// the returned payout `of` again: the decision it rests on is that
// payout's, under the mandate level. Verify compares it with the stored
// link, so a reissue cannot be made to name another payout unseen.
func ReissueMemo(of PayoutID, level MandateLevel) string {
	return reissueMemoPrefix + string(of) + " under the mandate " + level.String() +
		": paid again to a corrected payee"
}

// CheckReissue reports whether actor may pay the payout po of this pot
// again to a corrected payee (Store.ReissuePayout): po must be returned by
// the bank and not paid again yet (ECONFLICT), and actor its requester, or
// an approver who sees its case and holds a mandate on the pot that covers
// its amount, who could have decided it (EFORBIDDEN): not another
// caseworker, who may not see the case, let alone send its money
// elsewhere. Pages ask it to offer the form.
func (p *Pot) CheckReissue(po *Payout, actor Actor) error {
	switch {
	case po.ReissuedAs != "":
		return NewError(ECONFLICT, msgReissuedAlready, po.ID, po.ReissuedAs)
	case po.Status != StatusReturned:
		return NewError(ECONFLICT, msgReissueNotReturned, po.ID, po.Status)
	case !Allowed(actor.Role, ActReissuePayout):
		return NewError(EFORBIDDEN, msgReissueNotYours, po.ID, po.RequestedBy, po.Amount, Quoted(p.Name))
	case actor.User == po.RequestedBy:
		return nil
	}
	if level, ok := p.Mandate(actor.Role); !ok || !level.Covers(po.Amount) || !actor.SeesCase(po.RequestedBy) {
		return NewError(EFORBIDDEN, msgReissueNotYours, po.ID, po.RequestedBy, po.Amount, Quoted(p.Name))
	}
	return nil
}
