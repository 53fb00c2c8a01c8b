package sqlengine

import (
	"database/sql"

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
	debtor_name, debtor_iban, debtor_bic, debtor_town, debtor_country`

func scanPot(sc scanner) (ledger.Pot, error) {
	var p ledger.Pot
	var policy, created string
	var threshold, overdraft int64
	var name, iban, bic, town, country sql.NullString
	if err := sc.Scan(&p.ID, &p.Name, &p.Year, &policy, &threshold, &overdraft, &created, &name, &iban, &bic, &town, &country); err != nil {
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
