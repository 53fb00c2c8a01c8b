package sqlengine

import (
	"database/sql"

	"github.com/ontschot/ontschot/ledger"
)

// cache holds what writes read for nearly every write and what rarely
// changes: pots with their ladders, the category codes, the closed periods,
// the Iv3 code list. Only the writer goroutine touches it, so it needs no
// lock. Entries are keyed by what they hold ("closed", "pot:POT-…").
//
// It stays right because (1) the write method that changes a row drops the
// entry that holds it (wtx.invalidate, called by the write itself, so no
// caller can forget it); (2) a write that fails, and a group that does not
// commit, drop all of it (a failed write may have loaded what it then
// undid); and (3) at the start of every group the Dialect's data version
// tells whether another process or server has committed since this one
// last did; if so, all of it goes.
type cache struct {
	entries map[string]any
}

// reset drops everything.
func (c *cache) reset() { c.entries = nil }

// cached returns the entry under key, loading it on a miss.
func cached[T any](w *wtx, key string, load func() (T, error)) (T, error) {
	if v, ok := w.db.cache.entries[key]; ok {
		return v.(T), nil
	}
	v, err := load()
	if err != nil {
		return v, err
	}
	if w.db.cache.entries == nil {
		w.db.cache.entries = map[string]any{}
	}
	w.db.cache.entries[key] = v
	return v, nil
}

// invalidate drops the entries a write changes.
func (w *wtx) invalidate(keys ...string) {
	for _, k := range keys {
		delete(w.db.cache.entries, k)
	}
}

// ClosedPeriods returns the closed periods, oldest first
// (ledger.CodeReads).
func (r *reader) ClosedPeriods() ([]ledger.ClosedPeriod, error) {
	var cps []ledger.ClosedPeriod
	err := r.each(`SELECT start_date, end_date, label, closed_by, closed_at, seq FROM closed_periods ORDER BY start_date, end_date`, func(rows *sql.Rows) error {
		var cp ledger.ClosedPeriod
		var start, end, at string
		if err := rows.Scan(&start, &end, &cp.Label, &cp.ClosedBy, &at, &cp.JournalSeq); err != nil {
			return err
		}
		cp.Start, cp.End, cp.ClosedAt = parseDate(start), parseDate(end), parseTime(at)
		cps = append(cps, cp)
		return nil
	})
	return cps, err
}

// ClosedPeriods returns the closed periods from the writer's cache.
func (w *wtx) ClosedPeriods() ([]ledger.ClosedPeriod, error) {
	return cached(w, "closed", w.reader.ClosedPeriods)
}
