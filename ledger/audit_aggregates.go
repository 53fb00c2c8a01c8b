package ledger

import (
	"context"
	"crypto/sha3"
	"encoding/binary"
	"fmt"
	"strconv"
)

// The aggregates check of Verify: the aggregates of payout facts
// (aggregates.go) answer the pages and reports, so a difference from the
// payouts would show wrong figures without anyone noticing. Verify
// recomputes every payout's share from its fact and compares: each cell
// exactly, and each list as a multiset, by its count and a homomorphic
// multiset hash (LtHash: each entry's SHAKE128 output read as 1,024
// lanes of 16 bits, added lane by lane), so memory is bounded by the
// calendar (the cells), not by the number of payouts. A sum of 128 bits
// would not do: an attacker who may write the file could use the
// generalised birthday attack to find entries whose sum stands in for
// entries they remove; finding such a set for LtHash's 16,384 bits is as
// hard as a lattice problem believed out of reach. A difference names no
// transaction: the aggregates were changed outside ontschot.

// maxAggregateFailures caps the failures the check files, so a table
// emptied by hand does not fill the report.
const maxAggregateFailures = 20

// ltLanes is the number of 16-bit lanes of a list's multiset hash.
const ltLanes = 1024

// indexSum is a multiset hash of index entries: their count and LtHash.
type indexSum struct {
	n     int64
	lanes [ltLanes]uint16
}

func (s *indexSum) add(e *FactIndexEntry) {
	x := sha3.NewSHAKE128()
	x.Write([]byte(string(e.Kind) + "\x00" + e.Key + "\x00" + string(e.PayoutID) + "\x00" + string(e.PotID) + "\x00" +
		e.Day.String() + "\x00" + strconv.FormatInt(e.At, 10) + "\x00" + strconv.FormatInt(e.Case, 10) + "\x00" + strconv.FormatInt(int64(e.Amount), 10)))
	var out [2 * ltLanes]byte
	x.Read(out[:])
	s.n++
	for i := range s.lanes {
		s.lanes[i] += binary.LittleEndian.Uint16(out[2*i:])
	}
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
