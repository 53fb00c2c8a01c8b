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

// SetPledge records what a partner promised to a pot.
func (s *Store) SetPledge(ctx context.Context, actor ledger.Actor, req ledger.Pledge) (ledger.Funding, error) {
	if err := actor.Can(ledger.ActSetPledge, "record pledges"); err != nil {
		return ledger.Funding{}, err
	}
	if err := req.Validate(); err != nil {
		return ledger.Funding{}, err
	}
	key := req.IdempotencyKey
	req.IdempotencyKey = ""
	fp := ledger.Fingerprint("set_pledge", req)
	var f ledger.Funding
	err := s.write(ctx, "set pledge", func(w *wtx) error {
		var err error
		f, _, err = idempotent(w, actor, key, "set_pledge", fp, func() (ledger.Funding, error) {
			if _, err := loadPot(w.ctx, w.tx, req.PotID); err != nil {
				return ledger.Funding{}, err
			}
			if _, err := loadPartner(w.ctx, w.tx, req.PartnerID); err != nil {
				return ledger.Funding{}, err
			}
			if _, err := w.exec(`INSERT INTO pot_partners (pot_id, partner_id, pledged) VALUES (?, ?, ?)
				ON CONFLICT (pot_id, partner_id) DO UPDATE SET pledged = excluded.pledged`,
				string(req.PotID), string(req.PartnerID), int64(req.Amount)); err != nil {
				return ledger.Funding{}, err
			}
			if err := w.commitPledge(actor, req.PotID, req.PartnerID, "pledge set to "+req.Amount.String()); err != nil {
				return ledger.Funding{}, err
			}
			fs, err := loadFunding(w.ctx, w.tx, req.PotID, req.PartnerID)
			if err != nil || len(fs) != 1 {
				return ledger.Funding{}, errors.Join(err, errors.New("pledge not found after writing it"))
			}
			return fs[0], nil
		})
		return err
	})
	return f, internal("set pledge", err)
}

// Funding lists pledged and received money per partner of a pot, or of every
// pot when pot is "".
func (s *Store) Funding(ctx context.Context, pot ledger.PotID) ([]ledger.Funding, error) {
	if pot != "" {
		if _, err := loadPot(ctx, s.readDB, pot); err != nil {
			return nil, internal("read funding", err)
		}
	}
	fs, err := loadFunding(ctx, s.readDB, pot, "")
	return fs, internal("read funding", err)
}

// loadFunding reads funding rows; received is the running balance of the
// partner's contributions account (credit, so negated).
func loadFunding(ctx context.Context, q querier, pot ledger.PotID, partner ledger.PartnerID) ([]ledger.Funding, error) {
	rows, err := q.QueryContext(ctx, `SELECT pp.pot_id, pp.partner_id, p.name, p.kind, pp.pledged,
			COALESCE((SELECT -a.balance FROM accounts a WHERE a.name = 'pot:' || pp.pot_id || ':contributions:' || pp.partner_id), 0)
		FROM pot_partners pp JOIN partners p ON p.id = pp.partner_id
		WHERE (? = '' OR pp.pot_id = ?) AND (? = '' OR pp.partner_id = ?)
		ORDER BY pp.pot_id, p.name COLLATE NOCASE`, string(pot), string(pot), string(partner), string(partner))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var fs []ledger.Funding
	for rows.Next() {
		var f ledger.Funding
		var kind string
		var pledged, received int64
		if err := rows.Scan(&f.PotID, &f.PartnerID, &f.PartnerName, &kind, &pledged, &received); err != nil {
			return nil, err
		}
		f.PartnerKind, f.Pledged, f.Received = ledger.PartnerKind(kind), ledger.Cents(pledged), ledger.Cents(received)
		fs = append(fs, f)
	}
	return fs, rows.Err()
}
