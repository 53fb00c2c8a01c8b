package sqlite

import (
	"context"
	"database/sql"
	"errors"

	"github.com/ontschot/ontschot/ledger"
)

func partnerNotFound(id ledger.PartnerID) error {
	return ledger.Errorf(ledger.ENOTFOUND, "there is no partner %q; list the partners to find its id", id)
}

func loadPartner(ctx context.Context, q querier, id ledger.PartnerID) (ledger.Partner, error) {
	var p ledger.Partner
	if !ledger.ValidID(ledger.PartnerPrefix, string(id)) {
		return p, partnerNotFound(id)
	}
	var kind, created string
	err := q.QueryRowContext(ctx, `SELECT id, name, kind, created_at FROM partners WHERE id = ?`, string(id)).
		Scan(&p.ID, &p.Name, &kind, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return p, partnerNotFound(id)
	}
	p.Kind, p.CreatedAt = ledger.PartnerKind(kind), parseTime(created)
	return p, err
}
