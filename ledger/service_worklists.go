package ledger

import (
	"context"
	"slices"
)

// Work lists: what waits for one person. Each is read a page at a time
// from an index, with its size counted from an index in the same snapshot
// (lists.go), so a list costs what its page holds however long the
// ledger's history is.

// Inbox lists a page of the requests waiting for a decision the actor may
// take, the longest waiting first, with how many there are and how many
// others wait for someone else (Store). Which ones the actor may take is
// Pot.CheckDecision's rule: not their own request (four eyes), on a pot
// where their role's level covers the amount; it is asked of the index of
// pending payouts per pot, so no payout is read that the page does not
// show. Errors: EFORBIDDEN for a role that decides nothing, EINVALID for
// a page out of range or a cursor that is not a payout.
func (s *Service) Inbox(ctx context.Context, actor Actor, f WorkFilter) (WorkPage, error) {
	if err := actor.Can(ActDecidePayout, "read the requests waiting for a decision"); err != nil {
		return WorkPage{}, err
	}
	if err := f.Normalise(); err != nil {
		return WorkPage{}, err
	}
	var page WorkPage
	err := s.read(ctx, "read inbox", func(tx ReadTx) error {
		pots, err := tx.Pots()
		if err != nil {
			return err
		}
		q := PayoutQuery{Status: StatusPending, NotRequestedBy: actor.User, Oldest: true}
		for _, p := range pots {
			if level, ok := p.Mandate(actor.Role); ok {
				q.Caps = append(q.Caps, PotCap{PotID: p.ID, Limit: level.Limit, Unlimited: level.Unlimited})
			}
		}
		waiting, err := tx.CountPayouts(PayoutQuery{Status: StatusPending})
		if err != nil {
			return err
		}
		if len(q.Caps) == 0 {
			// A mandate on no pot: every waiting request is someone
			// else's to decide.
			page.Others = waiting
			return nil
		}
		if err := payoutPage(tx, q, f, &page); err != nil {
			return err
		}
		page.Others = waiting - page.Total
		return nil
	})
	if err != nil {
		return WorkPage{}, err
	}
	return page, nil
}

// Requests lists a page of the actor's own requests, newest first, with
// how many they made (Store). Errors: EINVALID for a page out of range or
// a cursor that is not a payout.
func (s *Service) Requests(ctx context.Context, actor Actor, f WorkFilter) (WorkPage, error) {
	if err := f.Normalise(); err != nil {
		return WorkPage{}, err
	}
	var page WorkPage
	err := s.read(ctx, "read own requests", func(tx ReadTx) error {
		return payoutPage(tx, PayoutQuery{RequestedBy: actor.User}, f, &page)
	})
	if err != nil {
		return WorkPage{}, err
	}
	return page, nil
}

// payoutPage reads the page of the payouts q selects that f asks for (in
// q's order: by request, newest first unless q.Oldest), its cursors and
// the list's size. Errors: EINVALID for a cursor that is not a payout.
func payoutPage(tx ReadTx, q PayoutQuery, f WorkFilter, page *WorkPage) error {
	after, err := payoutCursor(tx, "after", f.After)
	if err != nil {
		return err
	}
	before, err := payoutCursor(tx, "before", f.Before)
	if err != nil {
		return err
	}
	var cursor int64
	if after != nil {
		cursor = after.RequestSeq
	}
	if before != nil {
		cursor = before.RequestSeq
	}
	// In a newest-first list the page after a payout holds older ones,
	// in an oldest-first list newer ones; the page before a cursor is
	// read from the cursor outwards (the nearest first) and turned.
	back := before != nil
	if cursor > 0 {
		if q.Oldest != back {
			q.After = cursor
		} else {
			q.Before = cursor
		}
	}
	if back {
		q.Oldest = !q.Oldest
	}
	q.Limit = f.Limit + 1
	var ps []Payout
	if err := tx.Payouts(q, func(r *PayoutRow) error {
		ps = append(ps, r.Payout)
		return nil
	}); err != nil {
		return err
	}
	more := len(ps) > f.Limit
	if more {
		ps = ps[:f.Limit]
	}
	if back {
		slices.Reverse(ps)
	}
	page.Payouts = ps
	if len(ps) > 0 {
		first, last := ps[0].ID, ps[len(ps)-1].ID
		if more || back {
			page.Next = last
		}
		if (more && back) || after != nil {
			page.Prev = first
		}
	}
	if page.Payouts == nil {
		page.Payouts = []Payout{}
	}
	page.Total, err = tx.CountPayouts(q)
	return err
}

// payoutCursor reads the payout a cursor names (nil for no cursor).
// Errors: EINVALID for one that names no payout.
func payoutCursor(tx ReadTx, field string, id PayoutID) (*PayoutRow, error) {
	if id == "" {
		return nil, nil
	}
	if !ValidID(PayoutPrefix, string(id)) {
		return nil, cursorNotFound(field, string(id), listPayouts)
	}
	var row *PayoutRow
	if err := tx.Payouts(PayoutQuery{IDs: []PayoutID{id}}, func(r *PayoutRow) error {
		row = r
		return nil
	}); err != nil {
		return nil, err
	}
	if row == nil {
		return nil, cursorNotFound(field, string(id), listPayouts)
	}
	return row, nil
}

// OwedEvaluations lists a page of the evaluations the actor owes: their own
// paid requests (Payout.Evaluable) without an evaluation whose value date is
// EvaluationDueDays or more ago, the longest overdue first, with how many
// there are (Store). Errors: EINVALID for a page out of range or a cursor
// that is not a payout.
func (s *Service) OwedEvaluations(ctx context.Context, actor Actor, f WorkFilter) (WorkPage, error) {
	if err := f.Normalise(); err != nil {
		return WorkPage{}, err
	}
	var page WorkPage
	err := s.read(ctx, "read owed evaluations", func(tx ReadTx) error {
		q := OwedQuery{By: actor.User, Due: DateOf(s.now()).AddDays(-EvaluationDueDays), Limit: f.Limit + 1}
		after, err := payoutCursor(tx, "after", f.After)
		if err != nil {
			return err
		}
		before, err := payoutCursor(tx, "before", f.Before)
		if err != nil {
			return err
		}
		if after != nil {
			q.After = &ValueDateKey{ValueDate: after.ValueDate, RequestSeq: after.RequestSeq}
		}
		if before != nil {
			q.Before = &ValueDateKey{ValueDate: before.ValueDate, RequestSeq: before.RequestSeq}
		}
		var ps []Payout
		if err := tx.OwedEvaluations(q, func(r *PayoutRow) error {
			ps = append(ps, r.Payout)
			return nil
		}); err != nil {
			return err
		}
		more := len(ps) > f.Limit
		if more {
			ps = ps[:f.Limit]
		}
		if before != nil {
			slices.Reverse(ps)
		}
		page.Payouts = ps
		if len(ps) > 0 {
			if more || before != nil {
				page.Next = ps[len(ps)-1].ID
			}
			if (more && before != nil) || after != nil {
				page.Prev = ps[0].ID
			}
		}
		page.Total, err = tx.CountOwedEvaluations(q)
		return err
	})
	if err != nil {
		return WorkPage{}, err
	}
	if page.Payouts == nil {
		page.Payouts = []Payout{}
	}
	return page, nil
}
