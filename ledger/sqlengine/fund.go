package sqlengine

import (
	"database/sql"
	"fmt"
	"strings"

	"github.com/ontschot/ontschot/ledger"
)

// Partners returns the partners with the given ids, or every partner, by
// name (ledger.FundReads).
func (r *reader) Partners(ids ...ledger.PartnerID) ([]ledger.Partner, error) {
	query := `SELECT id, name, kind, created_at FROM partners`
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = string(id)
	}
	if len(ids) > 0 {
		query += ` WHERE id IN (` + placeholders(len(ids)) + `)`
	}
	var ps []ledger.Partner
	err := r.each(query+` ORDER BY lower(name), id`, func(rows *sql.Rows) error {
		var p ledger.Partner
		var kind, created string
		if err := rows.Scan(&p.ID, &p.Name, &kind, &created); err != nil {
			return err
		}
		p.Kind, p.CreatedAt = ledger.PartnerKind(kind), parseTime(created)
		ps = append(ps, p)
		return nil
	}, args...)
	return ps, err
}

// InsertPartner adds a partner (ledger.FundWrites).
func (w *wtx) InsertPartner(p *ledger.Partner) error {
	return w.insert(`INSERT INTO partners (id, name, kind, created_at) VALUES (?, ?, ?, ?)`,
		string(p.ID), p.Name, string(p.Kind), FormatTime(p.CreatedAt))
}

const potColumns = `id, name, year, recovery_policy, regret_threshold_bp, overdraft_limit, created_at,
	debtor_name, debtor_iban, debtor_bic, debtor_town, debtor_country, remind_after, escalate_after`

func scanPot(sc scanner) (ledger.Pot, error) {
	var p ledger.Pot
	var policy, created string
	var threshold, overdraft int64
	var name, iban, bic, town, country sql.NullString
	if err := sc.Scan(&p.ID, &p.Name, &p.Year, &policy, &threshold, &overdraft, &created, &name, &iban, &bic, &town, &country,
		&p.RemindAfter, &p.EscalateAfter); err != nil {
		return p, err
	}
	p.RecoveryPolicy = ledger.RecoveryPolicy(policy)
	p.RegretThreshold = ledger.Ratio(threshold)
	p.OverdraftLimit = ledger.Cents(overdraft)
	p.CreatedAt = parseTime(created)
	if name.Valid {
		p.DebtorAccount = &ledger.DebtorAccount{Name: name.String, IBAN: ledger.IBAN(iban.String), BIC: bic.String, Town: town.String, Country: country.String}
	}
	return p, nil
}

// Pots returns the pots with the given ids, or every pot, with their
// mandate ladders, newest year first, then by name (ledger.FundReads).
func (r *reader) Pots(ids ...ledger.PotID) ([]ledger.Pot, error) {
	where := ""
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = string(id)
	}
	if len(ids) > 0 {
		where = ` WHERE id IN (` + placeholders(len(ids)) + `)`
	}
	var pots []ledger.Pot
	index := map[ledger.PotID]int{}
	err := r.each(`SELECT `+potColumns+` FROM pots`+where+` ORDER BY year DESC, lower(name), id`, func(rows *sql.Rows) error {
		p, err := scanPot(rows)
		index[p.ID] = len(pots)
		pots = append(pots, p)
		return err
	}, args...)
	if err != nil || len(pots) == 0 {
		return pots, err
	}
	where = ""
	if len(ids) > 0 {
		where = ` WHERE pot_id IN (` + placeholders(len(ids)) + `)`
	}
	err = r.each(`SELECT pot_id, role, limit_cents FROM mandate_levels`+where+` ORDER BY pot_id, rank`, func(rows *sql.Rows) error {
		var pot ledger.PotID
		var role string
		var limit sql.NullInt64
		if err := rows.Scan(&pot, &role, &limit); err != nil {
			return err
		}
		if i, ok := index[pot]; ok {
			pots[i].Mandates = append(pots[i].Mandates, ledger.MandateLevel{Role: ledger.Role(role), Limit: ledger.Cents(limit.Int64), Unlimited: !limit.Valid})
		}
		return nil
	}, args...)
	return pots, err
}

// Pots serves a write's reads of single pots from the writer's cache.
func (w *wtx) Pots(ids ...ledger.PotID) ([]ledger.Pot, error) {
	if len(ids) != 1 {
		return w.reader.Pots(ids...)
	}
	return cached(w, "pot:"+string(ids[0]), func() ([]ledger.Pot, error) { return w.reader.Pots(ids[0]) })
}

// InsertPot adds a pot with its mandate ladder and opens the named
// accounts at zero (ledger.FundWrites). The pot's cache entry goes: a read
// of the id before the pot existed may have cached its absence.
func (w *wtx) InsertPot(p *ledger.Pot, accounts []string) error {
	w.invalidate("pot:" + string(p.ID))
	e := p.Escalation
	if err := w.insert(`INSERT INTO pots (id, name, year, recovery_policy, regret_threshold_bp, overdraft_limit, created_at, remind_after, escalate_after)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, string(p.ID), p.Name, p.Year, string(p.RecoveryPolicy), int64(p.RegretThreshold),
		int64(p.OverdraftLimit), FormatTime(p.CreatedAt), e.RemindAfter, e.EscalateAfter); err != nil {
		return err
	}
	if err := w.writeLadder(p.ID, p.Mandates); err != nil {
		return err
	}
	for _, name := range accounts {
		if _, err := w.account(name); err != nil {
			return err
		}
	}
	return nil
}

// SetLadder replaces a pot's mandate ladder (ledger.FundWrites).
func (w *wtx) SetLadder(pot ledger.PotID, ladder []ledger.MandateLevel) error {
	w.invalidate("pot:" + string(pot))
	return w.writeLadder(pot, ladder)
}

// SetEscalation sets a pot's working days before a reminder and an
// escalation (ledger.FundWrites).
func (w *wtx) SetEscalation(pot ledger.PotID, e ledger.Escalation) error {
	w.invalidate("pot:" + string(pot))
	_, err := w.exec(`UPDATE pots SET remind_after = ?, escalate_after = ? WHERE id = ?`, e.RemindAfter, e.EscalateAfter, string(pot))
	return err
}

// writeLadder writes a pot's ladder, rank 0 the lowest level; a NULL limit
// is no limit. The old ladder goes first, since ranks and roles are unique
// per pot.
func (w *wtx) writeLadder(pot ledger.PotID, ladder []ledger.MandateLevel) error {
	if _, err := w.exec(`DELETE FROM mandate_levels WHERE pot_id = ?`, string(pot)); err != nil {
		return err
	}
	for i, m := range ladder {
		var limit any
		if !m.Unlimited {
			limit = int64(m.Limit)
		}
		if _, err := w.exec(`INSERT INTO mandate_levels (pot_id, rank, role, limit_cents) VALUES (?, ?, ?, ?)`,
			string(pot), i, string(m.Role), limit); err != nil {
			return err
		}
	}
	return nil
}

// RenamePot gives a pot another name (ledger.FundWrites).
func (w *wtx) RenamePot(pot ledger.PotID, name string) error {
	w.invalidate("pot:" + string(pot))
	err := w.execOne(`UPDATE pots SET name = ? WHERE id = ?`, name, string(pot))
	if err != nil && w.db.d.IsUnique(err) {
		return fmt.Errorf("%w: %v", ledger.ErrExists, err)
	}
	return err
}

// SetDebtorAccount sets the account a pot pays from (ledger.FundWrites).
func (w *wtx) SetDebtorAccount(pot ledger.PotID, a ledger.DebtorAccount) error {
	w.invalidate("pot:" + string(pot))
	return w.execOne(`UPDATE pots SET debtor_name = ?, debtor_iban = ?, debtor_bic = ?, debtor_town = ?, debtor_country = ? WHERE id = ?`,
		a.Name, string(a.IBAN), a.BIC, a.Town, a.Country, string(pot))
}

// Pledges returns the partners that fund a pot, or every pot, with their
// pledges, by pot and then by the partner's name (ledger.FundReads).
func (r *reader) Pledges(pot ledger.PotID, partner ledger.PartnerID) ([]ledger.PledgeRow, error) {
	var where []string
	var args []any
	if pot != "" {
		where, args = append(where, `pp.pot_id = ?`), append(args, string(pot))
	}
	if partner != "" {
		where, args = append(where, `pp.partner_id = ?`), append(args, string(partner))
	}
	cond := ""
	if len(where) > 0 {
		cond = ` WHERE ` + strings.Join(where, ` AND `)
	}
	var ps []ledger.PledgeRow
	err := r.each(`SELECT pp.pot_id, pp.partner_id, pp.pledged FROM pot_partners pp JOIN partners p ON p.id = pp.partner_id`+cond+`
		ORDER BY pp.pot_id, lower(p.name), p.id`, func(rows *sql.Rows) error {
		var p ledger.PledgeRow
		var pledged int64
		if err := rows.Scan(&p.PotID, &p.PartnerID, &pledged); err != nil {
			return err
		}
		p.Pledged = ledger.Cents(pledged)
		ps = append(ps, p)
		return nil
	}, args...)
	return ps, err
}

// SetPledge adds or changes a partner's pledge to a pot
// (ledger.FundWrites).
func (w *wtx) SetPledge(pot ledger.PotID, partner ledger.PartnerID, pledged ledger.Cents) error {
	_, err := w.exec(`INSERT INTO pot_partners (pot_id, partner_id, pledged) VALUES (?, ?, ?)
		ON CONFLICT (pot_id, partner_id) DO UPDATE SET pledged = excluded.pledged`,
		string(pot), string(partner), int64(pledged))
	return err
}

// AddFunder makes a partner a funder of a pot unless it is one
// (ledger.FundWrites). ON CONFLICT, not a failed insert, keeps the
// transaction usable on PostgreSQL.
func (w *wtx) AddFunder(pot ledger.PotID, partner ledger.PartnerID) (bool, error) {
	res, err := w.exec(`INSERT INTO pot_partners (pot_id, partner_id) VALUES (?, ?) ON CONFLICT (pot_id, partner_id) DO NOTHING`,
		string(pot), string(partner))
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// Contributions returns a pot's contributions, oldest first
// (ledger.FundReads).
func (r *reader) Contributions(pot ledger.PotID) ([]ledger.Contribution, error) {
	var cs []ledger.Contribution
	err := r.each(`SELECT id, pot_id, partner_id, amount, value_date, reference, recorded_by, recorded_at, seq
		FROM contributions WHERE pot_id = ? ORDER BY value_date, seq`, func(rows *sql.Rows) error {
		var c ledger.Contribution
		var amount int64
		var vd, at string
		if err := rows.Scan(&c.ID, &c.PotID, &c.PartnerID, &amount, &vd, &c.Reference, &c.RecordedBy, &at, &c.JournalSeq); err != nil {
			return err
		}
		c.Amount, c.ValueDate, c.RecordedAt = ledger.Cents(amount), parseDate(vd), parseTime(at)
		cs = append(cs, c)
		return nil
	}, string(pot))
	return cs, err
}

// InsertContribution adds a booked contribution (ledger.FundWrites).
func (w *wtx) InsertContribution(c *ledger.Contribution) error {
	return w.insert(`INSERT INTO contributions (id, pot_id, partner_id, amount, value_date, reference, recorded_by, recorded_at, seq)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, string(c.ID), string(c.PotID), string(c.PartnerID), int64(c.Amount),
		c.ValueDate.String(), c.Reference, c.RecordedBy, FormatTime(c.RecordedAt), c.JournalSeq)
}
