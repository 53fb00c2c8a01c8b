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

// CreatePot creates a pot, its mandate ladder and its accounts.
func (s *Store) CreatePot(ctx context.Context, actor ledger.Actor, req ledger.NewPot) (ledger.Pot, error) {
	if err := actor.Can(ledger.ActCreatePot, "create pots"); err != nil {
		return ledger.Pot{}, err
	}
	if err := req.Validate(); err != nil {
		return ledger.Pot{}, err
	}
	key := req.IdempotencyKey
	req.IdempotencyKey = ""
	fp := ledger.Fingerprint("create_pot", req)
	var pot ledger.Pot
	err := s.write(ctx, "create pot", func(w *wtx) error {
		var err error
		pot, _, err = idempotent(w, actor, key, "create_pot", fp, func() (ledger.Pot, error) {
			p := ledger.Pot{
				ID:              ledger.PotID(ledger.NewID(ledger.PotPrefix, w.now)),
				Name:            req.Name,
				Year:            req.Year,
				RecoveryPolicy:  req.RecoveryPolicy,
				RegretThreshold: req.RegretThreshold,
				OverdraftLimit:  req.OverdraftLimit,
				Mandates:        req.Mandates,
				CreatedAt:       w.now,
			}
			_, err := w.exec(`INSERT INTO pots (id, name, year, recovery_policy, regret_threshold_bp, overdraft_limit, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?)`, string(p.ID), p.Name, p.Year, string(p.RecoveryPolicy), int64(p.RegretThreshold),
				int64(p.OverdraftLimit), formatTime(p.CreatedAt))
			if isUnique(err) {
				return p, ledger.Errorf(ledger.ECONFLICT, "a pot named %q for %d exists already; choose another name", p.Name, p.Year)
			}
			if err != nil {
				return p, err
			}
			if err := w.writeLadder(p.ID, p.Mandates); err != nil {
				return p, err
			}
			for _, kind := range ledger.PotAccounts {
				if _, err := w.account(ledger.AccountName(p.ID, kind, "")); err != nil {
					return p, err
				}
			}
			return w.commitPot(actor, p.ID, "created")
		})
		return err
	})
	return pot, internal("create pot", err)
}

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

// SetMandates replaces a pot's mandate ladder.
func (s *Store) SetMandates(ctx context.Context, actor ledger.Actor, id ledger.PotID, ladder []ledger.MandateLevel, key string) (ledger.Pot, error) {
	if err := actor.Can(ledger.ActSetMandates, "set mandates"); err != nil {
		return ledger.Pot{}, err
	}
	probe := ledger.NewPot{Name: "x", Year: 2026, RecoveryPolicy: ledger.PolicyReport, Mandates: ladder}
	if err := probe.Validate(); err != nil {
		return ledger.Pot{}, err
	}
	fp := ledger.Fingerprint("set_mandates", struct {
		Pot    ledger.PotID
		Ladder []ledger.MandateLevel
	}{id, ladder})
	var pot ledger.Pot
	err := s.write(ctx, "set mandates", func(w *wtx) error {
		var err error
		pot, _, err = idempotent(w, actor, key, "set_mandates", fp, func() (ledger.Pot, error) {
			if _, err := loadPot(w.ctx, w.tx, id); err != nil {
				return ledger.Pot{}, err
			}
			w.s.cache.dropPot(id)
			if err := w.writeLadder(id, ladder); err != nil {
				return ledger.Pot{}, err
			}
			return w.commitPot(actor, id, "mandate ladder replaced")
		})
		return err
	})
	return pot, internal("set mandates", err)
}

// Pot returns one pot.
func (s *Store) Pot(ctx context.Context, id ledger.PotID) (ledger.Pot, error) {
	p, err := loadPot(ctx, s.readDB, id)
	return p, internal("read pot", err)
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

// Pots lists every pot, newest year first, then by name.
func (s *Store) Pots(ctx context.Context) ([]ledger.Pot, error) {
	pots, err := loadPots(ctx, s.readDB)
	return pots, internal("list pots", err)
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

// Balance returns a pot's figures from the running balances of its accounts.
func (s *Store) Balance(ctx context.Context, id ledger.PotID) (ledger.Balance, error) {
	b, err := potBalance(ctx, s.readDB, id)
	return b, internal("read balance", err)
}

func potBalance(ctx context.Context, q querier, id ledger.PotID) (ledger.Balance, error) {
	if !ledger.ValidID(ledger.PotPrefix, string(id)) {
		return ledger.Balance{}, potNotFound(id)
	}
	rows, err := q.QueryContext(ctx, `SELECT name, balance FROM accounts WHERE pot_id = ?`, string(id))
	if err != nil {
		return ledger.Balance{}, err
	}
	defer rows.Close()
	var accounts []ledger.AccountBalance
	for rows.Next() {
		var a ledger.AccountBalance
		var bal int64
		if err := rows.Scan(&a.Name, &bal); err != nil {
			return ledger.Balance{}, err
		}
		a.Balance = ledger.Cents(bal)
		accounts = append(accounts, a)
	}
	if err := rows.Err(); err != nil {
		return ledger.Balance{}, err
	}
	if len(accounts) == 0 {
		return ledger.Balance{}, potNotFound(id)
	}
	return ledger.BalanceOf(id, accounts), nil
}
