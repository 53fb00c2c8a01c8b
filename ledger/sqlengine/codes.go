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
