package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"sort"
	"strings"

	"github.com/ontschot/ontschot/ledger"
)

// Categories lists the payout categories by code, "other" last.
func (s *Store) Categories(ctx context.Context) ([]ledger.Category, error) {
	rows, err := s.readDB.QueryContext(ctx, `SELECT code, label FROM categories ORDER BY code`)
	if err != nil {
		return nil, internal("list categories", err)
	}
	defer rows.Close()
	var cs []ledger.Category
	for rows.Next() {
		var c ledger.Category
		if err := rows.Scan(&c.Code, &c.Label); err != nil {
			return nil, internal("list categories", err)
		}
		cs = append(cs, c)
	}
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].Code != "other" && cs[j].Code == "other" })
	return cs, internal("list categories", rows.Err())
}

// AddCategory adds a payout category.
func (s *Store) AddCategory(ctx context.Context, actor ledger.Actor, c ledger.Category) (ledger.Category, error) {
	if err := actor.Can(ledger.ActAddCategory, "add categories"); err != nil {
		return c, err
	}
	if err := c.Validate(); err != nil {
		return c, err
	}
	err := s.write(ctx, "add category", func(w *wtx) error {
		w.s.cache.categories = nil
		_, err := w.exec(`INSERT INTO categories (code, label) VALUES (?, ?)`, c.Code, c.Label)
		if isUnique(err) {
			return ledger.Errorf(ledger.ECONFLICT, "the category %q exists already", c.Code)
		}
		if err != nil {
			return err
		}
		return w.commitRecord(actor, ledger.CategoryRecord(&c), "", "added")
	})
	return c, internal("add category", err)
}

// checkCategory refuses an unknown category code, listing the known ones.
func checkCategory(ctx context.Context, q querier, code string) error {
	var label string
	err := q.QueryRowContext(ctx, `SELECT label FROM categories WHERE code = ?`, code).Scan(&label)
	if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	rows, err := q.QueryContext(ctx, `SELECT code FROM categories ORDER BY code`)
	if err != nil {
		return err
	}
	defer rows.Close()
	var codes []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return err
		}
		codes = append(codes, c)
	}
	return &ledger.Error{Code: ledger.EINVALID, Message: "The payout request is not valid; correct category and try again",
		Fields: []ledger.FieldError{{Field: "category", Reason: "\"" + code + "\" is not a category; use one of " + strings.Join(codes, ", ")}}}
}
