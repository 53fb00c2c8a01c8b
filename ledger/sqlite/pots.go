package sqlite

import (
	"context"
	"database/sql"
	"errors"

	"github.com/ontschot/ontschot/ledger"
)

// querier is what reads need from either the reader pool or the writer's
// transaction, so one helper serves both.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func potNotFound(id ledger.PotID) error {
	return ledger.Errorf(ledger.ENOTFOUND, "there is no pot %q; list the pots to find its id", id)
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

func loadPot(ctx context.Context, q querier, id ledger.PotID) (ledger.Pot, error) {
	if !ledger.ValidID(ledger.PotPrefix, string(id)) {
		return ledger.Pot{}, potNotFound(id)
	}
	p, err := scanPot(q.QueryRowContext(ctx, `SELECT `+potColumns+` FROM pots WHERE id = ?`, string(id)))
	if errors.Is(err, sql.ErrNoRows) {
		return p, potNotFound(id)
	}
	if err != nil {
		return p, err
	}
	ladders, err := loadLadders(ctx, q, id)
	p.Mandates = ladders[id]
	return p, err
}

// loadLadders reads the ladder of one pot, or of all pots when id is "".
func loadLadders(ctx context.Context, q querier, id ledger.PotID) (map[ledger.PotID][]ledger.MandateLevel, error) {
	rows, err := q.QueryContext(ctx, `SELECT pot_id, role, limit_cents FROM mandate_levels
		WHERE ? = '' OR pot_id = ? ORDER BY pot_id, rank`, string(id), string(id))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[ledger.PotID][]ledger.MandateLevel{}
	for rows.Next() {
		var pot, role string
		var limit sql.NullInt64
		if err := rows.Scan(&pot, &role, &limit); err != nil {
			return nil, err
		}
		out[ledger.PotID(pot)] = append(out[ledger.PotID(pot)], ledger.MandateLevel{
			Role: ledger.Role(role), Limit: ledger.Cents(limit.Int64), Unlimited: !limit.Valid,
		})
	}
	return out, rows.Err()
}

// loadPots reads every pot with its ladder, newest year first, then by name.
func loadPots(ctx context.Context, q querier) ([]ledger.Pot, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+potColumns+` FROM pots ORDER BY year DESC, name COLLATE NOCASE`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var pots []ledger.Pot
	for rows.Next() {
		p, err := scanPot(rows)
		if err != nil {
			return nil, err
		}
		pots = append(pots, p)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	ladders, err := loadLadders(ctx, q, "")
	if err != nil {
		return nil, err
	}
	for i := range pots {
		pots[i].Mandates = ladders[pots[i].ID]
	}
	return pots, nil
}
