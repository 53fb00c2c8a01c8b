package ledger

import (
	"context"
	"slices"
)

// factTx is the engine's transaction as a write's rules use it: every
// write that changes a payout's fact notes the payout first (op.touch), so
// the write replaces the payout's share of the aggregates before it ends
// (op.flushFacts). No rule can forget it: the rules only see this Tx.
type factTx struct {
	Tx
	o *op
}

// InsertPayout notes a new payout (PayoutWrites); its fact after the
// write is the row's, unless the write changes it again.
func (t factTx) InsertPayout(r *PayoutRow) error {
	t.o.touched(r.ID, nil)
	if err := t.Tx.InsertPayout(r); err != nil {
		return err
	}
	if t.o.inserted == nil {
		t.o.inserted = map[PayoutID]PayoutFact{}
	}
	t.o.inserted[r.ID] = r.Fact()
	return nil
}

// SettlePayout notes the payout (BankWrites).
func (t factTx) SettlePayout(id PayoutID, seq int64, on Date) error {
	if err := t.o.touch(id); err != nil {
		return err
	}
	return t.Tx.SettlePayout(id, seq, on)
}

// ReturnPayout notes the payout (BankWrites).
func (t factTx) ReturnPayout(id PayoutID, seq int64, on Date, reason string) error {
	if err := t.o.touch(id); err != nil {
		return err
	}
	return t.Tx.ReturnPayout(id, seq, on, reason)
}

// DecidePayout notes the payout (PayoutWrites).
func (t factTx) DecidePayout(p *Payout, seq int64) error {
	if err := t.o.touch(p.ID); err != nil {
		return err
	}
	return t.Tx.DecidePayout(p, seq)
}

// ReversePayout notes the payout (ReallocationWrites).
func (t factTx) ReversePayout(p *Payout, seq int64) error {
	if err := t.o.touch(p.ID); err != nil {
		return err
	}
	return t.Tx.ReversePayout(p, seq)
}

// SetCurrentAllocation notes the payout (ReallocationWrites).
func (t factTx) SetCurrentAllocation(payout PayoutID, version int, allocated Cents) error {
	if err := t.o.touch(payout); err != nil {
		return err
	}
	return t.Tx.SetCurrentAllocation(payout, version, allocated)
}

// SetEvaluationSummary notes the payout (ReallocationWrites).
func (t factTx) SetEvaluationSummary(payout PayoutID, e EvaluationSummary) error {
	if err := t.o.touch(payout); err != nil {
		return err
	}
	return t.Tx.SetEvaluationSummary(payout, e)
}

// MarkPayoutPaid notes the payout (PaymentWrites).
func (t factTx) MarkPayoutPaid(id PayoutID) error {
	if err := t.o.touch(id); err != nil {
		return err
	}
	return t.Tx.MarkPayoutPaid(id)
}

// touch remembers a payout's fact as it was before the write changed it,
// the first time the write changes it.
func (o *op) touch(id PayoutID) error {
	delete(o.inserted, id) // changed after its insert: read it at the end
	if _, ok := o.before[id]; ok {
		return nil
	}
	row, err := payoutRow(o.raw, id)
	if err != nil {
		return err
	}
	f := row.Fact()
	o.touched(id, &f)
	return nil
}

// touched records the fact before (nil for a new payout) unless one is.
func (o *op) touched(id PayoutID, before *PayoutFact) {
	if o.before == nil {
		o.before = map[PayoutID]*PayoutFact{}
	}
	if _, ok := o.before[id]; ok {
		return
	}
	o.before[id] = before
	o.order = append(o.order, id)
}

// flushFacts replaces the share of the aggregates of every payout the
// write changed: its old share (of the fact before) out, its new share in.
func (o *op) flushFacts() error {
	if len(o.order) == 0 {
		return nil
	}
	var oldCells, newCells []FactCell
	var oldEntries, newEntries []FactIndexEntry
	for _, id := range o.order {
		if f := o.before[id]; f != nil {
			c, e := f.Aggregates()
			oldCells, oldEntries = append(oldCells, c...), append(oldEntries, e...)
		}
		f, ok := o.inserted[id]
		if !ok {
			row, err := payoutRow(o.raw, id)
			if err != nil {
				return err
			}
			f = row.Fact()
		}
		c, e := f.Aggregates()
		newCells, newEntries = append(newCells, c...), append(newEntries, e...)
	}
	return applyShares(o.raw, cellDelta(newCells, oldCells), oldEntries, newEntries)
}

// applyShares writes a change of the aggregates: the cells' delta, and the
// index from the old entries to the new, with the signal case cells that
// follow from the index.
func applyShares(tx Tx, delta []FactCell, oldEntries, newEntries []FactIndexEntry) error {
	old := make(map[entryID]FactIndexEntry, len(oldEntries))
	for _, e := range oldEntries {
		old[e.id()] = e
	}
	var put, del []FactIndexEntry
	// Each signal case touched, with whether only entries were added to it
	// (then its latest day follows without a read) and the latest added.
	type signalCase struct {
		key       string
		caseHash  int64
		onlyAdded bool
		added     Date
	}
	var cases []signalCase
	noteCase := func(e FactIndexEntry, added bool) {
		if e.Kind != IndexSignal {
			return
		}
		i := slices.IndexFunc(cases, func(c signalCase) bool { return c.key == e.Key && c.caseHash == e.Case })
		if i < 0 {
			cases = append(cases, signalCase{key: e.Key, caseHash: e.Case, onlyAdded: true})
			i = len(cases) - 1
		}
		c := &cases[i]
		c.onlyAdded = c.onlyAdded && added
		if added && e.Day.After(c.added) {
			c.added = e.Day
		}
	}
	seen := map[entryID]bool{}
	for _, e := range newEntries {
		seen[e.id()] = true
		o, ok := old[e.id()]
		if ok && sameEntry(o, e) {
			continue
		}
		if ok {
			noteCase(o, false)
		}
		put = append(put, e)
		noteCase(e, !ok)
	}
	for _, e := range oldEntries {
		if !seen[e.id()] {
			del = append(del, e)
			noteCase(e, false)
		}
	}
	lastBefore := make([]Date, len(cases))
	for i, c := range cases {
		d, err := tx.LastSignalDay(c.key, c.caseHash)
		if err != nil {
			return err
		}
		lastBefore[i] = d
	}
	if err := tx.DeleteFactIndex(del); err != nil {
		return err
	}
	if err := tx.PutFactIndex(put); err != nil {
		return err
	}
	var caseCells []FactCell
	for i, c := range cases {
		after := lastBefore[i]
		if !c.onlyAdded {
			var err error
			if after, err = tx.LastSignalDay(c.key, c.caseHash); err != nil {
				return err
			}
		} else if c.added.After(after) {
			after = c.added
		}
		if after.String() == lastBefore[i].String() {
			continue
		}
		if !lastBefore[i].IsZero() {
			caseCells = append(caseCells, FactCell{Kind: CellSignalCases, Key: c.key, Day: lastBefore[i], N: -1})
		}
		if !after.IsZero() {
			caseCells = append(caseCells, FactCell{Kind: CellSignalCases, Key: c.key, Day: after, N: 1})
		}
	}
	if len(caseCells) > 0 {
		delta = cellDelta(append(delta, caseCells...), nil)
	}
	return tx.AddFactCells(delta)
}

// sameEntry reports whether two entries are equal in every field.
func sameEntry(a, b FactIndexEntry) bool {
	return a.id() == b.id() && a.PotID == b.PotID && a.Day.String() == b.Day.String() && a.At == b.At &&
		a.Case == b.Case && a.Amount == b.Amount
}

// rebuildPage is how many payouts a rebuild reads at a time.
const rebuildPage = 2000

// BuildAggregates builds the aggregates of payout facts from the payouts
// when the ledger asks for it (a new ledger, or one upgraded from a
// release without them), in one write; otherwise it does nothing. The
// storage package calls it when it opens a ledger. Its memory is bounded
// by a page of payouts and the calendar (the cells), not by the ledger's
// size. Errors: the engine's.
func (s *Service) BuildAggregates(ctx context.Context) error {
	var pending bool
	err := s.read(ctx, "read whether the aggregates are built", func(tx ReadTx) (err error) {
		pending, err = tx.AggregatesPending()
		return err
	})
	if err != nil || !pending {
		return err
	}
	return s.write(ctx, "build the aggregates", func(o *op) error {
		pending, err := o.raw.AggregatesPending()
		if err != nil || !pending {
			return err
		}
		if err := o.raw.ClearAggregates(); err != nil {
			return err
		}
		cells := map[cellKey]*FactCell{}
		var before int64
		for {
			var rows []*PayoutRow
			err := o.raw.Payouts(PayoutQuery{Before: before, Limit: rebuildPage}, func(r *PayoutRow) error {
				rows = append(rows, r)
				return nil
			})
			if err != nil {
				return err
			}
			var entries []FactIndexEntry
			for _, r := range rows {
				f := r.Fact()
				c, e := f.Aggregates()
				addCells(cells, c)
				entries = append(entries, e...)
				before = r.RequestSeq
			}
			if err := o.raw.PutFactIndex(entries); err != nil {
				return err
			}
			if len(rows) < rebuildPage {
				break
			}
		}
		err = o.raw.SignalCaseDays(func(key string, day Date, n int64) error {
			addCells(cells, []FactCell{{Kind: CellSignalCases, Key: key, Day: day, N: n}})
			return nil
		})
		if err != nil {
			return err
		}
		out := make([]FactCell, 0, len(cells))
		for _, c := range cells {
			if !c.zero() {
				out = append(out, *c)
			}
		}
		slices.SortFunc(out, compareCells)
		if err := o.raw.AddFactCells(out); err != nil {
			return err
		}
		// Worth a line in the log at the default level: an upgrade does
		// this once, and a ledger marked by hand shows here.
		s.log.Warn("built the aggregates of payout facts from the payouts, as the ledger asked", "cells", len(out))
		return o.raw.AggregatesBuilt()
	})
}

// addCells adds cells into m by their identity.
func addCells(m map[cellKey]*FactCell, cells []FactCell) {
	for i := range cells {
		c := &cells[i]
		d := m[c.id()]
		if d == nil {
			d = &FactCell{Kind: c.Kind, PotID: c.PotID, Day: c.Day, Key: c.Key, Sub: c.Sub}
			m[c.id()] = d
		}
		d.N += c.N
		d.A += c.A
		d.B += c.B
		d.C += c.C
		d.D += c.D
	}
}

// AggregateReader reads the aggregates of payout facts in one snapshot
// (Store.Aggregates): the sums and lists the analyses of package
// allocation and the reports are answered from, so a page costs what it
// shows, not what the ledger holds.
type AggregateReader interface {
	// CellSums sums cells (AggregateReads.FactCellSums).
	CellSums(q FactCellQuery) ([]FactCell, error)
	// Index returns the entries of a list, at most q.Limit (1 to
	// MaxIndexPage; 0 means MaxIndexPage).
	Index(q FactIndexQuery) ([]FactIndexEntry, error)
	// Facts returns the facts of the payouts with these ids, in the order
	// asked; an id that is not there is left out.
	Facts(ids []PayoutID) ([]PayoutFact, error)
	// FactPage returns the page of payout facts p selects, in order of
	// value date and then of request, and whether more facts lie beyond
	// the page in its direction (after it, or before it with Before). It
	// reads the page from the payouts' index by pot and value date, so it
	// costs what the page holds: how a report lists a period's payouts.
	// Errors: EINVALID for a limit out of range, both cursors, a range
	// that ends before it begins, or a cursor that is not a payout the
	// filter selects; ENOTFOUND for a pot that is not there.
	FactPage(p FactPage) (facts []PayoutFact, more bool, err error)
}

// MaxIndexPage caps one read of an index list.
const MaxIndexPage = 1000

type aggregateReader struct{ tx ReadTx }

func (r aggregateReader) CellSums(q FactCellQuery) ([]FactCell, error) { return r.tx.FactCellSums(q) }

func (r aggregateReader) Index(q FactIndexQuery) ([]FactIndexEntry, error) {
	if q.Limit <= 0 || q.Limit > MaxIndexPage {
		q.Limit = MaxIndexPage
	}
	var out []FactIndexEntry
	err := r.tx.FactIndex(q, func(e *FactIndexEntry) error {
		out = append(out, *e)
		return nil
	})
	return out, err
}

func (r aggregateReader) Facts(ids []PayoutID) ([]PayoutFact, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	byID := make(map[PayoutID]PayoutFact, len(ids))
	for chunk := range slices.Chunk(ids, 500) {
		err := r.tx.Payouts(PayoutQuery{IDs: chunk}, func(p *PayoutRow) error {
			byID[p.ID] = p.Fact()
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	out := make([]PayoutFact, 0, len(ids))
	for _, id := range ids {
		if f, ok := byID[id]; ok {
			out = append(out, f)
		}
	}
	return out, nil
}

// FactPage selects a page of the payout facts a filter selects, in order
// of value date and then of request: after or before the payout with an
// id (at most one of them), at most Limit facts (1 to MaxIndexPage).
type FactPage struct {
	FactFilter
	After, Before PayoutID
	Limit         int
}

// FactPage reads a page of payout facts (AggregateReader.FactPage).
func (r aggregateReader) FactPage(p FactPage) (facts []PayoutFact, more bool, err error) {
	tx := r.tx
	switch {
	case p.Limit < 1 || p.Limit > MaxIndexPage:
		return nil, false, Invalid(NounPage, []FieldError{NewFieldError("limit", MsgLimitRange, MaxIndexPage)})
	case p.After != "" && p.Before != "":
		return nil, false, Invalid(NounPage, []FieldError{NewFieldError("before", msgAfterAndBeforePayouts)})
	case !p.From.IsZero() && !p.To.IsZero() && p.To.Before(p.From):
		return nil, false, Invalid(nounFilter, []FieldError{NewFieldError("to", msgToBeforeFrom)})
	}
	if p.PotID != "" {
		if _, err := pot(tx, p.PotID); err != nil {
			return nil, false, err
		}
	}
	q := PayoutQuery{PotID: p.PotID, From: p.From, To: p.To, ByValueDate: true, Oldest: p.Before == "", Limit: p.Limit + 1}
	for _, c := range []struct {
		field string
		id    PayoutID
		key   **ValueDateKey
	}{{"after", p.After, &q.AfterKey}, {"before", p.Before, &q.BeforeKey}} {
		if c.id == "" {
			continue
		}
		row, err := payoutCursor(tx, c.field, c.id)
		if err != nil {
			return nil, false, err
		}
		if (p.PotID != "" && row.PotID != p.PotID) || (!p.From.IsZero() && row.ValueDate.Before(p.From)) || (!p.To.IsZero() && p.To.Before(row.ValueDate)) {
			return nil, false, cursorNotFound(c.field, string(c.id), listPeriodPayouts)
		}
		*c.key = &ValueDateKey{ValueDate: row.ValueDate, RequestSeq: row.RequestSeq}
	}
	if err := tx.Payouts(q, func(r *PayoutRow) error {
		facts = append(facts, r.Payout.Fact())
		return nil
	}); err != nil {
		return nil, false, err
	}
	if more = len(facts) > p.Limit; more {
		facts = facts[:p.Limit]
	}
	if p.Before != "" {
		slices.Reverse(facts)
	}
	return facts, more, nil
}

// Aggregates runs fn over one snapshot of the aggregates of payout facts
// (Store). Errors: fn's and the engine's.
func (s *Service) Aggregates(ctx context.Context, fn func(AggregateReader) error) error {
	return s.read(ctx, "read the aggregates", func(tx ReadTx) error {
		return fn(aggregateReader{tx})
	})
}
