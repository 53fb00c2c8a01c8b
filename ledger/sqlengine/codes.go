package sqlengine

import (
	"database/sql"
	"strings"

	"github.com/ontschot/ontschot/ledger"
)

// Categories returns the payout categories by code (ledger.CodeReads).
func (r *reader) Categories() ([]ledger.Category, error) {
	var cs []ledger.Category
	err := r.each(`SELECT code, label FROM categories ORDER BY code`, func(rows *sql.Rows) error {
		var c ledger.Category
		err := rows.Scan(&c.Code, &c.Label)
		cs = append(cs, c)
		return err
	})
	return cs, err
}

// Categories serves a write's reads from the writer's cache.
func (w *wtx) Categories() ([]ledger.Category, error) {
	return cached(w, "categories", w.reader.Categories)
}

// Taakvelden returns the Iv3 code list, in its order (ledger.CodeReads).
func (r *reader) Taakvelden() (ledger.TaakveldList, error) {
	var list ledger.TaakveldList
	err := r.each(`SELECT code, name, laws, valid_from, COALESCE(valid_to, 0), status FROM taakvelden ORDER BY n`, func(rows *sql.Rows) error {
		var t ledger.Taakveld
		var laws string
		if err := rows.Scan(&t.Code, &t.Name, &laws, &t.ValidFrom, &t.ValidTo, &t.Status); err != nil {
			return err
		}
		for _, l := range strings.Split(laws, "+") {
			t.Laws = append(t.Laws, ledger.Law(l))
		}
		list = append(list, t)
		return nil
	})
	return list, err
}

// Taakvelden serves a write's reads from the writer's cache.
func (w *wtx) Taakvelden() (ledger.TaakveldList, error) {
	return cached(w, "taakvelden", w.reader.Taakvelden)
}

// InsertCategory adds a payout category (ledger.CodeWrites).
func (w *wtx) InsertCategory(c *ledger.Category) error {
	w.invalidate("categories")
	return w.insert(`INSERT INTO categories (code, label) VALUES (?, ?)`, c.Code, c.Label)
}

// InsertClosedPeriod records a closed period (ledger.CodeWrites). Every
// booking reads the closed periods, so the cached list goes with it.
func (w *wtx) InsertClosedPeriod(cp *ledger.ClosedPeriod) error {
	w.invalidate("closed")
	return w.insert(`INSERT INTO closed_periods (start_date, end_date, label, closed_by, closed_at, seq) VALUES (?, ?, ?, ?, ?, ?)`,
		cp.Start.String(), cp.End.String(), cp.Label, cp.ClosedBy, FormatTime(cp.ClosedAt), cp.JournalSeq)
}

// ReplaceTaakvelden replaces the Iv3 code list (ledger.CodeWrites). Rows
// are numbered from 0 in the list's order, which Taakvelden reads back;
// ValidTo 0 (still valid) is stored as NULL.
func (w *wtx) ReplaceTaakvelden(list ledger.TaakveldList) error {
	w.invalidate("taakvelden")
	if _, err := w.exec(`DELETE FROM taakvelden`); err != nil {
		return err
	}
	for i, t := range list {
		laws := make([]string, len(t.Laws))
		for j, l := range t.Laws {
			laws[j] = string(l)
		}
		var to any
		if t.ValidTo != 0 {
			to = t.ValidTo
		}
		if _, err := w.exec(`INSERT INTO taakvelden (n, code, name, laws, valid_from, valid_to, status) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			i, t.Code, t.Name, strings.Join(laws, "+"), t.ValidFrom, to, t.Status); err != nil {
			return err
		}
	}
	return nil
}

// InsertTaakveldImport records an import of the code list
// (ledger.CodeWrites).
func (w *wtx) InsertTaakveldImport(imp *ledger.TaakveldImport, seq int64) error {
	_, err := w.exec(`INSERT INTO taakveld_imports (digest, rows, source, imported_by, imported_at, seq) VALUES (?, ?, ?, ?, ?, ?)`,
		imp.Digest, imp.Rows, imp.Source, imp.ImportedBy, FormatTime(imp.ImportedAt), nullSeq(seq))
	return err
}

// AllocationRules returns the rule table as stored, in order
// (ledger.CodeReads).
func (r *reader) AllocationRules() ([]ledger.RuleRow, error) {
	var rows []ledger.RuleRow
	err := r.each(`SELECT id, rule FROM allocation_rules ORDER BY n`, func(sr *sql.Rows) error {
		var row ledger.RuleRow
		err := sr.Scan(&row.ID, &row.Text)
		rows = append(rows, row)
		return err
	})
	return rows, err
}

// ReplaceAllocationRules replaces the rule table (ledger.CodeWrites).
func (w *wtx) ReplaceAllocationRules(rows []ledger.RuleRow) error {
	if _, err := w.exec(`DELETE FROM allocation_rules`); err != nil {
		return err
	}
	for i, row := range rows {
		if err := w.insert(`INSERT INTO allocation_rules (n, id, rule) VALUES (?, ?, ?)`, i, row.ID, row.Text); err != nil {
			return err
		}
	}
	return nil
}

// RuleStats counts what finance did with each rule's suggestions
// (ledger.CodeReads). followed_suggestion is a boolean (BOOLEAN in
// PostgreSQL), so it is counted with CASE rather than summed.
func (r *reader) RuleStats() ([]ledger.RuleStats, error) {
	var stats []ledger.RuleStats
	err := r.each(`SELECT suggested_by,
			CAST(COALESCE(SUM(CASE WHEN followed_suggestion = TRUE THEN 1 ELSE 0 END), 0) AS BIGINT),
			CAST(COALESCE(SUM(CASE WHEN followed_suggestion = TRUE THEN 0 ELSE 1 END), 0) AS BIGINT)
		FROM allocations WHERE suggested_by <> '' GROUP BY suggested_by ORDER BY suggested_by`, func(rows *sql.Rows) error {
		var st ledger.RuleStats
		err := rows.Scan(&st.RuleID, &st.Followed, &st.Changed)
		stats = append(stats, st)
		return err
	})
	return stats, err
}

// nullSeq stores a journal sequence number, 0 (none) as NULL.
func nullSeq(seq int64) any {
	if seq == 0 {
		return nil
	}
	return seq
}
