package sqlengine

import (
	"database/sql"

	"github.com/ontschot/ontschot/ledger"
)

// Parties returns the outside parties with the given ids, or every party,
// by name (ledger.ReallocationReads).
func (r *reader) Parties(ids ...ledger.PartyID) ([]ledger.Party, error) {
	query := `SELECT id, name, kind, created_at FROM parties`
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = string(id)
	}
	if len(ids) > 0 {
		query += ` WHERE id IN (` + placeholders(len(ids)) + `)`
	}
	var ps []ledger.Party
	err := r.each(query+` ORDER BY lower(name), id`, func(rows *sql.Rows) error {
		var p ledger.Party
		var kind, at string
		if err := rows.Scan(&p.ID, &p.Name, &kind, &at); err != nil {
			return err
		}
		p.Kind, p.CreatedAt = ledger.PartyKind(kind), parseTime(at)
		ps = append(ps, p)
		return nil
	}, args...)
	return ps, err
}
