package sqlite

import (
	"context"

	"github.com/ontschot/ontschot/ledger"
)

// Contribute records money a partner put into a pot, and books it.
func (s *Store) Contribute(ctx context.Context, actor ledger.Actor, req ledger.NewContribution) (ledger.Contribution, error) {
	if err := actor.Can(ledger.ActContribute, "record contributions"); err != nil {
		return ledger.Contribution{}, err
	}
	if err := req.Validate(ledger.DateOf(s.now())); err != nil {
		return ledger.Contribution{}, err
	}
	key := req.IdempotencyKey
	req.IdempotencyKey = ""
	fp := ledger.Fingerprint("contribute", req)
	var c ledger.Contribution
	err := s.write(ctx, "contribute", func(w *wtx) error {
		var err error
		c, _, err = idempotent(w, actor, key, "contribute", fp, func() (ledger.Contribution, error) {
			if _, err := w.s.cache.pot(w, req.PotID); err != nil {
				return ledger.Contribution{}, err
			}
			if _, err := loadPartner(w.ctx, w.tx, req.PartnerID); err != nil {
				return ledger.Contribution{}, err
			}
			c := ledger.Contribution{
				ID:         ledger.ContributionID(ledger.NewID(ledger.ContributionPrefix, w.now)),
				PotID:      req.PotID,
				PartnerID:  req.PartnerID,
				Amount:     req.Amount,
				ValueDate:  req.ValueDate,
				Reference:  req.Reference,
				RecordedBy: actor.User,
				RecordedAt: w.now,
			}
			t := ledger.Transaction{
				Kind: ledger.TxContribution, Ref: string(c.ID), PotID: c.PotID, ValueDate: c.ValueDate,
				Actor: actor.User, ActorRole: actor.Role, Digest: ledger.ContributionDigest(&c),
				Postings: ledger.ContributionPostings(c.PotID, c.PartnerID, c.Amount),
			}
			if err := w.book(&t); err != nil {
				return c, err
			}
			c.JournalSeq = t.Seq
			if _, err := w.exec(`INSERT INTO contributions (id, pot_id, partner_id, amount, value_date, reference, recorded_by, recorded_at, seq)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, string(c.ID), string(c.PotID), string(c.PartnerID), int64(c.Amount),
				c.ValueDate.String(), c.Reference, c.RecordedBy, formatTime(c.RecordedAt), c.JournalSeq); err != nil {
				return c, err
			}
			// The partner funds the pot from now on, pledged or not: it reads
			// the pot's statements, so the link is a governed record.
			res, err := w.exec(`INSERT INTO pot_partners (pot_id, partner_id) VALUES (?, ?) ON CONFLICT DO NOTHING`,
				string(c.PotID), string(c.PartnerID))
			if err != nil {
				return c, err
			}
			if n, _ := res.RowsAffected(); n == 1 {
				err = w.commitPledge(actor, c.PotID, c.PartnerID, "funds the pot from its first contribution on")
			}
			return c, err
		})
		return err
	})
	return c, internal("contribute", err)
}

// Contributions lists a pot's contributions, oldest first.
func (s *Store) Contributions(ctx context.Context, pot ledger.PotID) ([]ledger.Contribution, error) {
	if _, err := loadPot(ctx, s.readDB, pot); err != nil {
		return nil, internal("list contributions", err)
	}
	rows, err := s.readDB.QueryContext(ctx, `SELECT id, pot_id, partner_id, amount, value_date, reference, recorded_by, recorded_at, seq
		FROM contributions WHERE pot_id = ? ORDER BY value_date, seq`, string(pot))
	if err != nil {
		return nil, internal("list contributions", err)
	}
	defer rows.Close()
	var cs []ledger.Contribution
	for rows.Next() {
		var c ledger.Contribution
		var amount int64
		var vd, at string
		if err := rows.Scan(&c.ID, &c.PotID, &c.PartnerID, &amount, &vd, &c.Reference, &c.RecordedBy, &at, &c.JournalSeq); err != nil {
			return nil, internal("list contributions", err)
		}
		c.Amount, c.ValueDate, c.RecordedAt = ledger.Cents(amount), parseDate(vd), parseTime(at)
		cs = append(cs, c)
	}
	return cs, internal("list contributions", rows.Err())
}
