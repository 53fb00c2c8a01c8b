package ledger

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"strconv"
)

// The aggregates check of Verify: the aggregates of payout facts
// (aggregates.go) answer the pages and reports, so a difference from the
// payouts would show wrong figures without anyone noticing. Verify
// recomputes every payout's share from its fact and compares: each cell
// exactly, and the index as a multiset (a count and a 128-bit sum of each
// entry's SHA-256 per list), so memory is bounded by the calendar (the
// cells), not by the number of payouts. A difference names no
// transaction: the aggregates were changed outside ontschot.

// maxAggregateFailures caps the failures the check files, so a table
// emptied by hand does not fill the report.
const maxAggregateFailures = 20

// indexSum is a multiset digest of index entries.
type indexSum struct {
	n      int64
	lo, hi uint64
}

func (s *indexSum) add(e *FactIndexEntry) {
	h := sha256.Sum256([]byte(string(e.Kind) + "\x00" + e.Key + "\x00" + string(e.PayoutID) + "\x00" + string(e.PotID) + "\x00" +
		e.Day.String() + "\x00" + strconv.FormatInt(e.At, 10) + "\x00" + strconv.FormatInt(e.Case, 10) + "\x00" + strconv.FormatInt(int64(e.Amount), 10)))
	s.n++
	s.lo += binary.BigEndian.Uint64(h[:8])
	s.hi += binary.BigEndian.Uint64(h[8:16])
}

// factAggregates checks the aggregates of payout facts against the
// payouts. They sum the whole history, so an incremental verification
// leaves them to the full one (and to CheckAggregates).
//
// A ledger is only ever open with its aggregates built (storage.Open
// builds them first), so one that says they are still to be built was
// marked outside ontschot: perhaps to have this check pass over
// aggregates changed by hand until the next start rebuilds them. That is
// a failure, and the aggregates are checked all the same.
func (a *audit) factAggregates() error {
	if a.incremental() {
		return nil
	}
	pending, err := a.tx.AggregatesPending()
	if err != nil {
		return err
	}
	if pending {
		a.fail(checkFactAggregates, 0, "", "", "the ledger is marked to have its aggregates built from the payouts (a row in aggregate_rebuilds) while it is open: it was marked outside ontschot; the figures below are checked all the same, and the next start builds them anew")
	}
	failed := 0
	fail := func(format string, args ...any) {
		if failed < maxAggregateFailures {
			a.fail(checkFactAggregates, 0, "", "", format, args...)
		}
		failed++
	}
	want := map[cellKey]*FactCell{}
	wantIndex := map[IndexKind]*indexSum{}
	err = a.tx.Payouts(PayoutQuery{Oldest: true}, func(r *PayoutRow) error {
		f := r.Fact()
		cells, entries := f.Aggregates()
		addCells(want, cells)
		for i := range entries {
			e := &entries[i]
			if wantIndex[e.Kind] == nil {
				wantIndex[e.Kind] = &indexSum{}
			}
			wantIndex[e.Kind].add(e)
		}
		return nil
	})
	if err != nil {
		return err
	}
	got := map[IndexKind]*indexSum{}
	err = a.tx.EachFactIndex(func(e *FactIndexEntry) error {
		if got[e.Kind] == nil {
			got[e.Kind] = &indexSum{}
		}
		got[e.Kind].add(e)
		return nil
	})
	if err != nil {
		return err
	}
	for _, k := range []IndexKind{IndexQueue, IndexSignal, IndexFlagged, IndexWaiting} {
		w, g := wantIndex[k], got[k]
		if w == nil {
			w = &indexSum{}
		}
		if g == nil {
			g = &indexSum{}
		}
		if *w != *g {
			fail("the %s list of the aggregates holds %d entries that differ from the %d the payouts give: it was changed outside ontschot", k, g.n, w.n)
		}
	}
	for k, g := range got {
		if wantIndex[k] == nil && g.n > 0 && k != IndexQueue && k != IndexSignal && k != IndexFlagged && k != IndexWaiting {
			fail("the aggregates hold %d entries of an unknown list %q: they were added outside ontschot", g.n, k)
		}
	}
	// The signal case cells follow from the signal list, checked above.
	err = a.tx.SignalCaseDays(func(key string, day Date, n int64) error {
		addCells(want, []FactCell{{Kind: CellSignalCases, Key: key, Day: day, N: n}})
		return nil
	})
	if err != nil {
		return err
	}
	err = a.tx.EachFactCell(func(c *FactCell) error {
		w := want[c.id()]
		if w == nil || w.N != c.N || w.A != c.A || w.B != c.B || w.C != c.C || w.D != c.D {
			var expect FactCell
			if w != nil {
				expect = *w
			}
			fail("the aggregate cell %s is stored as %s, but the payouts give %s: it was changed outside ontschot", cellName(c), figures(c), figures(&expect))
		}
		delete(want, c.id())
		return nil
	})
	if err != nil {
		return err
	}
	for _, w := range want {
		if !w.zero() {
			fail("the aggregate cell %s is missing; the payouts give %s: it was removed outside ontschot", cellName(w), figures(w))
		}
	}
	if failed > maxAggregateFailures {
		a.fail(checkFactAggregates, 0, "", "", "and %d more differences in the aggregates", failed-maxAggregateFailures)
	}
	return nil
}

func cellName(c *FactCell) string {
	return fmt.Sprintf("%s (pot %q, key %q, day %q, sub %q)", c.Kind, c.PotID, c.Key, c.Day, c.Sub)
}

func figures(c *FactCell) string {
	return fmt.Sprintf("n=%d a=%d b=%d c=%d d=%d", c.N, c.A, c.B, c.C, c.D)
}

// CheckAggregates recomputes the aggregates of payout facts from the
// payouts, as Verify does, and returns every difference found (at most
// maxAggregateFailures and a count of the rest); none when they agree. It
// reads one snapshot and does not hold the writer. Errors: the engine's.
func (s *Service) CheckAggregates(ctx context.Context) ([]*VerifyFailure, error) {
	var out []*VerifyFailure
	err := s.read(ctx, "check the aggregates", func(tx ReadTx) error {
		a := &audit{tx: tx}
		if err := a.factAggregates(); err != nil {
			return err
		}
		out = a.found[checkFactAggregates]
		return nil
	})
	return out, err
}
