package ledger

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"
)

// The sweep tells what nobody acted on in time (issue 16): a decision that
// has waited more than its pot's RemindAfter working days is recalled to
// the people who may take it; one that has waited more than EscalateAfter
// working days goes to the next level up the pot's ladder, and its
// requester is told (Escalation); a paid payout is
// recalled to its requester for its evaluation EvaluationAfter days after
// its payment; finance gets a daily digest of what waits for it
// (FinanceDigest), once a day. Working days are Dutch ones (IsWorkingDay). Each is told
// once: the store keeps one reminder, escalation and evaluation notice per
// payout and person, so every server may sweep, as often as it likes.

// Notification rules, in days.
const (
	// EvaluationAfter: a paid payout this many days after its payment
	// is due its evaluation (DESIGN.md: evaluated after two months).
	EvaluationAfter = 60
)

// SweepNotifications writes the reminders, escalations and evaluation
// notices that are due today, each once, and returns how many it wrote.
// Errors: internal.
func (s *Service) SweepNotifications(ctx context.Context) (int, error) {
	var n int
	err := s.write(ctx, "sweep notifications", func(o *op) error {
		n = 0
		today := o.today()
		var waiting []*PayoutRow
		if err := o.tx.Payouts(PayoutQuery{Status: StatusPending, Oldest: true}, func(r *PayoutRow) error {
			waiting = append(waiting, r)
			return nil
		}); err != nil {
			return err
		}
		for _, r := range waiting {
			waited := WorkingDaysBetween(DateOf(r.RequestedAt), today)
			if waited <= 1 {
				// No pot reminds sooner (Escalation's range).
				continue
			}
			p, err := pot(o.tx, r.PotID)
			if err != nil {
				return err
			}
			after := p.Escalation.orDefault()
			if waited <= after.RemindAfter {
				continue
			}
			who, err := deciders(o.tx, p, r.Amount)
			if err != nil {
				return err
			}
			note := payoutNote(NoteReminder, &r.Payout, p)
			note.WaitedDays = waited
			k, err := o.notifyOnce(who, r.RequestedBy, note)
			if err != nil {
				return err
			}
			n += k
			if waited <= after.EscalateAfter {
				continue
			}
			ls, err := levels(o.tx, p, r.Amount)
			if err != nil {
				return err
			}
			if len(ls) < 2 {
				// The top level has it already: no one to go up to.
				continue
			}
			up := ls[1]
			note.Kind = NoteEscalation
			if k, err = o.notifyOnce(up, r.RequestedBy, note); err != nil {
				return err
			}
			n += k
			note.Kind = NoteEscalated
			if k, err = o.notifyOnce([]string{r.RequestedBy}, "", note); err != nil {
				return err
			}
			n += k
		}
		k, err := o.evaluationsDue(today)
		n += k
		if err != nil {
			return err
		}
		k, err = o.financeDigests(today)
		n += k
		if err != nil {
			return err
		}
		k, err = o.personalDigests(today)
		n += k
		return err
	})
	return n, err
}

// notifyOnce writes n to each user but the one left out, once: a user
// told of it before is passed over. It returns how many it wrote.
func (o *op) notifyOnce(users []string, leaveOut string, n Notification) (int, error) {
	written := 0
	for _, u := range slices.Compact(slices.Sorted(slices.Values(users))) {
		if u == leaveOut {
			continue
		}
		m := n
		m.ID, m.User, m.CreatedAt, m.Mail = NewID(NotificationPrefix, o.now), u, o.now, MailPending
		err := o.tx.InsertNotification(&m)
		switch {
		case err == nil:
			written++
		case !errors.Is(err, ErrExists):
			return written, err
		}
	}
	return written, nil
}

// evaluationsDue tells each requester of a paid payout without an
// evaluation, EvaluationAfter days after its payment (the payment file
// that paid it), once per payout. Only payments of the last
// evaluationWindow days are looked at: older ones are on the requester's
// own list of evaluations owed ("Mijn aanvragen"), and a first sweep must
// not tell of every evaluation owed since the ledger began.
func (o *op) evaluationsDue(today Date) (int, error) {
	us, err := o.tx.Users()
	if err != nil {
		return 0, err
	}
	due, from := today.AddDays(-EvaluationAfter), today.AddDays(-EvaluationAfter-evaluationWindow)
	paidOn := map[PaymentBatchID]Date{}
	written := 0
	for _, u := range us {
		if !Allowed(u.Role, ActEvaluate) {
			continue
		}
		var owed []*PayoutRow
		// Booked up to a year before the window: a held request may be
		// approved and paid long after it was made.
		after := &ValueDateKey{ValueDate: from.AddDays(-365)}
		if err := o.tx.OwedEvaluations(OwedQuery{By: u.Name, Due: due, After: after}, func(r *PayoutRow) error {
			if r.Evaluable() { // paid: an approved payout is evaluated once paid
				owed = append(owed, r)
			}
			return nil
		}); err != nil {
			return written, err
		}
		for _, r := range owed {
			batch, err := o.tx.PaidIn(r.ID)
			if err != nil {
				return written, err
			}
			if batch == "" {
				continue // paid before payment files were kept: on the list of owed ones
			}
			day, ok := paidOn[batch]
			if !ok {
				bs, err := o.tx.PaymentBatches(PaymentBatchQuery{ID: batch})
				if err != nil {
					return written, err
				}
				if len(bs) == 0 {
					continue
				}
				day = DateOf(bs[0].CreatedAt)
				paidOn[batch] = day
			}
			if day.After(due) || day.Before(from) {
				continue
			}
			p, err := pot(o.tx, r.PotID)
			if err != nil {
				return written, err
			}
			k, err := o.notifyOnce([]string{u.Name}, "", payoutNote(NoteEvaluationDue, &r.Payout, p))
			if err != nil {
				return written, err
			}
			written += k
		}
	}
	return written, nil
}

// evaluationWindow is how many days after its sixtieth day a payment's
// evaluation notice may still be written (a server that was down).
const evaluationWindow = 14

// FinanceDigest is finance's daily overview: what waits for it, counted.
type FinanceDigest struct {
	// Unallocated counts the payouts whose cost was booked more than 90
	// days ago and is not (wholly) allocated yet.
	Unallocated int
	// Unmatched counts the bank's entries that match no payout.
	Unmatched int
	// Returned counts the payouts the bank sent back that wait for a
	// corrected payee.
	Returned int
	// Closable counts the quarters of this year and the last that have
	// ended and are not closed.
	Closable int
}

// String is the digest as a notification keeps it (Detail), which
// ParseFinanceDigest reads back: "unallocated=3;unmatched=1;returned=0;closable=2".
func (d FinanceDigest) String() string {
	return fmt.Sprintf("unallocated=%d;unmatched=%d;returned=%d;closable=%d", d.Unallocated, d.Unmatched, d.Returned, d.Closable)
}

// ParseFinanceDigest reads a digest's Detail; a text that is none gives
// the zero digest.
func ParseFinanceDigest(s string) FinanceDigest {
	var d FinanceDigest
	_, _ = fmt.Sscanf(s, "unallocated=%d;unmatched=%d;returned=%d;closable=%d", &d.Unallocated, &d.Unmatched, &d.Returned, &d.Closable)
	return d
}

// financeDigest counts what waits for finance today.
func financeDigest(tx ReadTx, today Date) (FinanceDigest, error) {
	var d FinanceDigest
	err := tx.FactIndex(FactIndexQuery{Kind: IndexQueue, To: today.AddDays(-90)}, func(*FactIndexEntry) error {
		d.Unallocated++
		return nil
	})
	if err != nil {
		return d, err
	}
	if err := tx.BankEntries(BankEntryQuery{Outcome: OutcomeUnmatched}, func(*BankEntryRow) error {
		d.Unmatched++
		return nil
	}); err != nil {
		return d, err
	}
	if err := tx.Payouts(PayoutQuery{Status: StatusReturned}, func(r *PayoutRow) error {
		if r.ReissuedAs == "" {
			d.Returned++
		}
		return nil
	}); err != nil {
		return d, err
	}
	closed, err := tx.ClosedPeriods()
	if err != nil {
		return d, err
	}
	for y := today.Year() - 1; y <= today.Year(); y++ {
		for q := 1; q <= 4; q++ {
			p := Quarter(y, q)
			if p.End.Before(today) && !slices.ContainsFunc(closed, func(c ClosedPeriod) bool { return c.Label == p.Label }) {
				d.Closable++
			}
		}
	}
	return d, nil
}

// financeDigests writes each finance user's digest once a day, when
// anything waits.
func (o *op) financeDigests(today Date) (int, error) {
	us, err := o.tx.Users()
	if err != nil {
		return 0, err
	}
	var digest *FinanceDigest
	written := 0
	for _, u := range us {
		if u.Role != RoleFinance {
			continue
		}
		last, err := o.tx.LastNotified(u.Name, NoteFinanceDigest)
		if err != nil {
			return written, err
		}
		if !last.IsZero() && DateOf(last) == today {
			continue
		}
		if digest == nil {
			d, err := financeDigest(o.tx, today)
			if err != nil {
				return written, err
			}
			digest = &d
		}
		if *digest == (FinanceDigest{}) {
			return written, nil
		}
		k, err := o.notifyOnce([]string{u.Name}, "", Notification{Kind: NoteFinanceDigest, Detail: digest.String()})
		written += k
		if err != nil {
			return written, err
		}
	}
	return written, nil
}

// personalDigests writes, once a day, a digest for each user who chose one
// (MailDigest) and has an address, when notifications came since the last
// digest: the mail sender mails it with those notifications listed.
func (o *op) personalDigests(today Date) (int, error) {
	us, err := o.tx.Users()
	if err != nil {
		return 0, err
	}
	written := 0
	for _, u := range us {
		email, mode, err := o.tx.UserMail(u.Name)
		if err != nil {
			return written, err
		}
		if email == "" || mode != MailDigest {
			continue
		}
		last, err := o.tx.LastNotified(u.Name, NotePersonalDigest)
		if err != nil {
			return written, err
		}
		if !last.IsZero() && DateOf(last) == today {
			continue
		}
		// The notifications since the last digest, and of the last day
		// at most (a first digest, or one after a pause, is no archive):
		// DigestSpan, which the mail lists by the same rule.
		ns, err := o.tx.Notifications(NotificationQuery{User: u.Name, Limit: 200})
		if err != nil {
			return written, err
		}
		count := 0
		for _, n := range ns {
			if n.Kind != NotePersonalDigest && InDigest(n.CreatedAt, last, o.now) {
				count++
			}
		}
		if count == 0 {
			continue
		}
		k, err := o.notifyOnce([]string{u.Name}, "", Notification{Kind: NotePersonalDigest, Detail: fmt.Sprint(count)})
		written += k
		if err != nil {
			return written, err
		}
	}
	return written, nil
}

// InDigest reports whether a notification written at `at` belongs in the
// personal digest written at `digest`, the one before it written at `prev`
// (zero: none): written after the previous digest and in the day before
// this one, up to and including the digest's instant (the sweep that
// writes a digest may write reminders at the same instant).
func InDigest(at, prev, digest time.Time) bool {
	lower := digest.Add(-24 * time.Hour)
	if prev.After(lower) {
		lower = prev
	}
	return at.After(lower) && !at.After(digest)
}
