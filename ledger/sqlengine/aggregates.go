package sqlengine

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/ontschot/ontschot/ledger"
)

// The aggregates of payout facts: fact_cells holds sums, fact_index the
// payouts of each list, aggregate_rebuilds a row while they must be built
// from the payouts (see ledger/aggregates.go for what they mean; the
// Service decides every figure, the engine stores and sums).

// cellGroups maps a GroupBy field to its column.
var cellGroups = map[string]string{"pot": "pot_id", "day": "day", "key": "key", "sub": "sub"}

// FactCellSums sums the cells a query selects (ledger.AggregateReads).
func (r *reader) FactCellSums(q ledger.FactCellQuery) ([]ledger.FactCell, error) {
	var cols []string
	for _, g := range q.GroupBy {
		c, ok := cellGroups[g]
		if !ok {
			return nil, fmt.Errorf("fact cells: no group %q", g)
		}
		cols = append(cols, c)
	}
	where, args := "kind = ?", []any{string(q.Kind)}
	if q.PotID != "" {
		where += " AND pot_id = ?"
		args = append(args, string(q.PotID))
	}
	if q.Key != "" {
		where += " AND key = ?"
		args = append(args, q.Key)
	}
	if !q.From.IsZero() {
		where += " AND day >= ?"
		args = append(args, q.From.String())
	}
	if !q.To.IsZero() {
		where += " AND day <= ?"
		args = append(args, q.To.String())
	}
	sel := `CAST(COALESCE(SUM(n), 0) AS BIGINT), CAST(COALESCE(SUM(a), 0) AS BIGINT), CAST(COALESCE(SUM(b), 0) AS BIGINT),
		CAST(COALESCE(SUM(c), 0) AS BIGINT), CAST(COALESCE(SUM(d), 0) AS BIGINT), COALESCE(MIN(day), ''), COALESCE(MAX(day), '')`
	query := "SELECT " + sel
	if len(cols) > 0 {
		query = "SELECT " + strings.Join(cols, ", ") + ", " + sel
	}
	query += " FROM fact_cells"
	if q.Key != "" && q.PotID == "" {
		// One key's cells over a window of days (a signal's): without
		// statistics SQLite would rather walk every cell of the kind by
		// the primary key, to group by pot without a sort, than read the
		// window from the index by kind, key and day.
		query += r.db.d.IndexedBy("fact_cells_key")
	}
	query += " WHERE " + where
	if len(cols) > 0 {
		query += " GROUP BY " + strings.Join(cols, ", ") + " ORDER BY " + strings.Join(cols, ", ")
	}
	var out []ledger.FactCell
	err := r.each(query, func(rows *sql.Rows) error {
		c := ledger.FactCell{Kind: q.Kind}
		var group = make([]string, len(cols))
		dest := make([]any, 0, len(cols)+7)
		for i := range group {
			dest = append(dest, &group[i])
		}
		var first, last string
		dest = append(dest, &c.N, &c.A, &c.B, &c.C, &c.D, &first, &last)
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		for i, g := range q.GroupBy {
			switch g {
			case "pot":
				c.PotID = ledger.PotID(group[i])
			case "day":
				c.Day = parseDate(group[i])
			case "key":
				c.Key = group[i]
			case "sub":
				c.Sub = group[i]
			}
		}
		c.First, c.Last = parseDate(first), parseDate(last)
		if len(cols) == 0 && c.N == 0 && c.A == 0 && c.B == 0 && c.C == 0 && c.D == 0 && first == "" {
			return nil // no cell selected
		}
		out = append(out, c)
		return nil
	}, args...)
	return out, err
}

// indexWhere is the WHERE clause of an index query, without paging.
func indexWhere(q ledger.FactIndexQuery) (string, []any) {
	// Every list names its key, "" for the lists without one (the queue,
	// the flagged and the waiting requests), so that a list read across
	// pots comes in order from fact_index_day (kind, key, day, at,
	// payout_id) rather than being sorted whole.
	where, args := "kind = ? AND key = ?", []any{string(q.Kind), q.Key}
	if q.PotID != "" {
		// The pot's index holds the lists by pot alone (not the
		// signals'); the term, written out, lets the planner use it.
		where += " AND pot_id = ? AND " + listsByPot
		args = append(args, string(q.PotID))
	}
	if !q.From.IsZero() {
		where += " AND day >= ?"
		args = append(args, q.From.String())
	}
	if !q.To.IsZero() {
		where += " AND day <= ?"
		args = append(args, q.To.String())
	}
	return where, args
}

// listsByPot is the condition of the partial index fact_index_pot, as
// migration 19 (PostgreSQL 10) writes it.
const listsByPot = "kind IN ('queue', 'flagged', 'waiting')"

// FactIndex pages through a list of the index (ledger.AggregateReads).
func (r *reader) FactIndex(q ledger.FactIndexQuery, fn func(*ledger.FactIndexEntry) error) error {
	where, args := indexWhere(q)
	order, cmp := "ASC", ">"
	if q.Desc {
		order, cmp = "DESC", "<"
	}
	if q.AfterID != "" {
		// (day, sub, payout_id) > (?, ?, ?), written out for both engines.
		where += fmt.Sprintf(" AND (day %[1]s ? OR (day = ? AND (at %[1]s ? OR (at = ? AND payout_id %[1]s ?))))", cmp)
		d := q.AfterDay.String()
		args = append(args, d, d, q.AfterAt, q.AfterAt, string(q.AfterID))
	}
	query := `SELECT kind, key, payout_id, pot_id, day, at, case_hash, amount FROM fact_index WHERE ` + where +
		fmt.Sprintf(" ORDER BY day %[1]s, at %[1]s, payout_id %[1]s", order)
	if q.Limit > 0 {
		query += fmt.Sprintf(" LIMIT %d", q.Limit)
	}
	return r.each(query, func(rows *sql.Rows) error {
		e, err := scanEntry(rows)
		if err != nil {
			return err
		}
		return fn(e)
	}, args...)
}

func scanEntry(rows *sql.Rows) (*ledger.FactIndexEntry, error) {
	var e ledger.FactIndexEntry
	var kind, id, pot, day string
	var amount int64
	if err := rows.Scan(&kind, &e.Key, &id, &pot, &day, &e.At, &e.Case, &amount); err != nil {
		return nil, err
	}
	e.Kind, e.PayoutID, e.PotID, e.Day, e.Amount = ledger.IndexKind(kind), ledger.PayoutID(id), ledger.PotID(pot), parseDate(day), ledger.Cents(amount)
	return &e, nil
}

// LastSignalDay reads a case's latest signal day (ledger.AggregateReads).
func (r *reader) LastSignalDay(key string, caseHash int64) (ledger.Date, error) {
	// ORDER BY ... LIMIT 1 rather than MAX(): a seek to the end of the
	// case's entries in fact_index_case, however many there are.
	var day string
	err := r.queryRow(`SELECT day FROM fact_index WHERE kind = 'signal' AND key = ? AND case_hash = ? ORDER BY day DESC LIMIT 1`,
		key, caseHash).Scan(&day)
	if errors.Is(err, sql.ErrNoRows) {
		return ledger.Date{}, nil
	}
	return parseDate(day), err
}

// AggregatesPending reports a rebuild to do (ledger.AggregateReads).
func (r *reader) AggregatesPending() (bool, error) {
	var n int64
	err := r.queryRow(`SELECT COUNT(*) FROM aggregate_rebuilds`).Scan(&n)
	return n > 0, err
}

// EachFactCell reads every cell (ledger.AggregateReads).
func (r *reader) EachFactCell(fn func(*ledger.FactCell) error) error {
	return r.each(`SELECT kind, pot_id, day, key, sub, n, a, b, c, d FROM fact_cells ORDER BY kind, pot_id, key, day, sub`, func(rows *sql.Rows) error {
		var c ledger.FactCell
		var kind, pot, day string
		if err := rows.Scan(&kind, &pot, &day, &c.Key, &c.Sub, &c.N, &c.A, &c.B, &c.C, &c.D); err != nil {
			return err
		}
		c.Kind, c.PotID, c.Day = ledger.CellKind(kind), ledger.PotID(pot), parseDate(day)
		return fn(&c)
	})
}

// EachFactIndex reads every index entry (ledger.AggregateReads).
func (r *reader) EachFactIndex(fn func(*ledger.FactIndexEntry) error) error {
	return r.each(`SELECT kind, key, payout_id, pot_id, day, at, case_hash, amount FROM fact_index ORDER BY kind, key, payout_id`, func(rows *sql.Rows) error {
		e, err := scanEntry(rows)
		if err != nil {
			return err
		}
		return fn(e)
	})
}

// SignalCaseDays recomputes the signal case cells from the index
// (ledger.AggregateReads).
func (r *reader) SignalCaseDays(fn func(key string, day ledger.Date, cases int64) error) error {
	return r.each(`SELECT key, day, COUNT(*) FROM (
			SELECT key, case_hash, MAX(day) AS day FROM fact_index WHERE kind = 'signal' GROUP BY key, case_hash
		) latest GROUP BY key, day ORDER BY key, day`, func(rows *sql.Rows) error {
		var key, day string
		var n int64
		if err := rows.Scan(&key, &day, &n); err != nil {
			return err
		}
		return fn(key, parseDate(day), n)
	})
}

// rowsPerStatement caps the rows of one multi-row statement, well under
// SQLite's limit of bound variables.
const rowsPerStatement = 100

// values returns n groups of k placeholders: "(?, ?), (?, ?)".
func values(n, k int) string {
	group := "(" + strings.TrimSuffix(strings.Repeat("?, ", k), ", ") + ")"
	return strings.TrimSuffix(strings.Repeat(group+", ", n), ", ")
}

// AddFactCells adds to the cells (ledger.AggregateWrites), many in one
// statement: a payout's share is a handful of cells.
func (w *wtx) AddFactCells(cells []ledger.FactCell) error {
	for len(cells) > 0 {
		chunk := cells[:min(len(cells), rowsPerStatement)]
		cells = cells[len(chunk):]
		args := make([]any, 0, 10*len(chunk))
		for i := range chunk {
			c := &chunk[i]
			args = append(args, string(c.Kind), string(c.PotID), c.Day.String(), c.Key, c.Sub, c.N, c.A, c.B, c.C, c.D)
		}
		if _, err := w.exec(`INSERT INTO fact_cells (kind, pot_id, day, key, sub, n, a, b, c, d) VALUES `+values(len(chunk), 10)+`
			ON CONFLICT (kind, pot_id, key, day, sub) DO UPDATE SET n = fact_cells.n + excluded.n, a = fact_cells.a + excluded.a,
				b = fact_cells.b + excluded.b, c = fact_cells.c + excluded.c, d = fact_cells.d + excluded.d`, args...); err != nil {
			return err
		}
		for i := range chunk {
			c := &chunk[i]
			if c.N >= 0 && c.A >= 0 && c.B >= 0 && c.C >= 0 && c.D >= 0 {
				continue // adding cannot bring a stored cell to all zeros
			}
			if _, err := w.exec(`DELETE FROM fact_cells WHERE kind = ? AND pot_id = ? AND day = ? AND key = ? AND sub = ?
				AND n = 0 AND a = 0 AND b = 0 AND c = 0 AND d = 0`, string(c.Kind), string(c.PotID), c.Day.String(), c.Key, c.Sub); err != nil {
				return err
			}
		}
	}
	return nil
}

// PutFactIndex stores entries (ledger.AggregateWrites), many in one
// statement.
func (w *wtx) PutFactIndex(entries []ledger.FactIndexEntry) error {
	for len(entries) > 0 {
		chunk := entries[:min(len(entries), rowsPerStatement)]
		entries = entries[len(chunk):]
		args := make([]any, 0, 8*len(chunk))
		for i := range chunk {
			e := &chunk[i]
			args = append(args, string(e.Kind), e.Key, string(e.PayoutID), string(e.PotID), e.Day.String(), e.At, e.Case, int64(e.Amount))
		}
		if _, err := w.exec(`INSERT INTO fact_index (kind, key, payout_id, pot_id, day, at, case_hash, amount) VALUES `+values(len(chunk), 8)+`
			ON CONFLICT (kind, key, payout_id) DO UPDATE SET pot_id = excluded.pot_id, day = excluded.day, at = excluded.at,
				case_hash = excluded.case_hash, amount = excluded.amount`, args...); err != nil {
			return err
		}
	}
	return nil
}

// DeleteFactIndex removes entries (ledger.AggregateWrites).
func (w *wtx) DeleteFactIndex(entries []ledger.FactIndexEntry) error {
	for i := range entries {
		e := &entries[i]
		if _, err := w.exec(`DELETE FROM fact_index WHERE kind = ? AND key = ? AND payout_id = ?`, string(e.Kind), e.Key, string(e.PayoutID)); err != nil {
			return err
		}
	}
	return nil
}

// ClearAggregates empties the aggregates (ledger.AggregateWrites).
func (w *wtx) ClearAggregates() error {
	for _, q := range []string{`DELETE FROM fact_cells`, `DELETE FROM fact_index`} {
		if _, err := w.exec(q); err != nil {
			return err
		}
	}
	return nil
}

// AggregatesBuilt records a finished rebuild (ledger.AggregateWrites).
func (w *wtx) AggregatesBuilt() error {
	_, err := w.exec(`DELETE FROM aggregate_rebuilds`)
	return err
}
