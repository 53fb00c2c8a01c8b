package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/ontschot/ontschot/ledger"
)

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
