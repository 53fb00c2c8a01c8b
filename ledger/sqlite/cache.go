package sqlite

import (
	"github.com/ontschot/ontschot/ledger"
)

// writerCache holds what the writer reads for nearly every write and what
// rarely changes: pots with their ladders, the category codes, the closed
// periods and the Iv3 code list. Only the writer goroutine touches it, so it needs no lock.
//
// It stays right because (1) every write that changes one of these drops it,
// (2) any write that fails, and any group that does not commit, drops all of
// it (a failed write may have loaded what it then undid), and (3) at the
// start of every group PRAGMA data_version tells whether another connection
// (the CLI beside a running server) has committed since; if so, all of it
// goes.
type writerCache struct {
	dataVersion int64
	pots        map[ledger.PotID]*ledger.Pot
	categories  map[string]bool
	closed      []ledger.ClosedPeriod
	closedValid bool
	taakvelden  ledger.TaakveldList
}

// reset drops everything.
func (c *writerCache) reset() {
	c.pots, c.categories, c.closed, c.closedValid, c.taakvelden = nil, nil, nil, false, nil
}

// taakveldList returns the Iv3 code list.
func (c *writerCache) taakveldList(w *wtx) (ledger.TaakveldList, error) {
	if c.taakvelden == nil {
		list, err := loadTaakvelden(w.ctx, w.tx)
		if err != nil {
			return nil, err
		}
		c.taakvelden = list
	}
	return c.taakvelden, nil
}

// validate drops everything if another connection wrote since the last group.
func (c *writerCache) validate(w *wtx) error {
	var v int64
	if err := w.queryRow(`PRAGMA data_version`).Scan(&v); err != nil {
		return err
	}
	if v != c.dataVersion {
		c.reset()
		c.dataVersion = v
	}
	return nil
}

// pot returns a pot as the writer's transaction sees it.
func (c *writerCache) pot(w *wtx, id ledger.PotID) (*ledger.Pot, error) {
	if p, ok := c.pots[id]; ok {
		return p, nil
	}
	p, err := loadPot(w.ctx, w.tx, id)
	if err != nil {
		return nil, err
	}
	if c.pots == nil {
		c.pots = map[ledger.PotID]*ledger.Pot{}
	}
	c.pots[id] = &p
	return &p, nil
}

// dropPot forgets a pot that a write changes.
func (c *writerCache) dropPot(id ledger.PotID) { delete(c.pots, id) }

// checkCategory refuses an unknown category code.
func (c *writerCache) checkCategory(w *wtx, code string) error {
	if c.categories == nil {
		rows, err := w.tx.QueryContext(w.ctx, `SELECT code FROM categories`)
		if err != nil {
			return err
		}
		defer rows.Close()
		cats := map[string]bool{}
		for rows.Next() {
			var code string
			if err := rows.Scan(&code); err != nil {
				return err
			}
			cats[code] = true
		}
		if err := rows.Err(); err != nil {
			return err
		}
		c.categories = cats
	}
	if c.categories[code] {
		return nil
	}
	return checkCategory(w.ctx, w.tx, code)
}

// closedPeriods returns the closed periods.
func (c *writerCache) closedPeriods(w *wtx) ([]ledger.ClosedPeriod, error) {
	if c.closedValid {
		return c.closed, nil
	}
	rows, err := w.tx.QueryContext(w.ctx, `SELECT start_date, end_date, label, closed_at FROM closed_periods`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var cps []ledger.ClosedPeriod
	for rows.Next() {
		var cp ledger.ClosedPeriod
		var start, end, at string
		if err := rows.Scan(&start, &end, &cp.Label, &at); err != nil {
			return nil, err
		}
		cp.Start, cp.End, cp.ClosedAt = parseDate(start), parseDate(end), parseTime(at)
		cps = append(cps, cp)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	c.closed, c.closedValid = cps, true
	return cps, nil
}
