package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"time"

	"github.com/ontschot/ontschot/ledger"
)

// seedReallocation fills the code list and the rule table with what the
// binary carries, when migration 3 creates them.
func seedReallocation(ctx context.Context, tx *sql.Tx, now time.Time) error {
	list := ledger.DefaultTaakvelden()
	if err := writeTaakvelden(ctx, tx, list); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO taakveld_imports (digest, rows, source, imported_by, imported_at) VALUES (?, ?, 'built-in', 'ontschot', ?)`,
		list.Digest(), len(list), formatTime(now)); err != nil {
		return err
	}
	return writeRules(ctx, tx, ledger.DefaultAllocationRules())
}

func writeTaakvelden(ctx context.Context, tx *sql.Tx, list ledger.TaakveldList) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM taakvelden`); err != nil {
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
		if _, err := tx.ExecContext(ctx, `INSERT INTO taakvelden (n, code, name, laws, valid_from, valid_to, status) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			i, t.Code, t.Name, strings.Join(laws, "+"), t.ValidFrom, to, t.Status); err != nil {
			return err
		}
	}
	return nil
}

func loadTaakvelden(ctx context.Context, q querier) (ledger.TaakveldList, error) {
	rows, err := q.QueryContext(ctx, `SELECT code, name, laws, valid_from, COALESCE(valid_to, 0), status FROM taakvelden ORDER BY n`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list ledger.TaakveldList
	for rows.Next() {
		var t ledger.Taakveld
		var laws string
		if err := rows.Scan(&t.Code, &t.Name, &laws, &t.ValidFrom, &t.ValidTo, &t.Status); err != nil {
			return nil, err
		}
		for _, l := range strings.Split(laws, "+") {
			t.Laws = append(t.Laws, ledger.Law(l))
		}
		list = append(list, t)
	}
	return list, rows.Err()
}

func writeRules(ctx context.Context, tx *sql.Tx, rules []ledger.AllocationRule) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM allocation_rules`); err != nil {
		return err
	}
	for i, r := range rules {
		b, err := json.Marshal(r)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO allocation_rules (n, id, rule) VALUES (?, ?, ?)`, i, r.ID, string(b)); err != nil {
			return err
		}
	}
	return nil
}
