package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/ontschot/ontschot/ledger"
)

const receivableColumns = `r.id, r.pot_id, r.payout_id, r.party_id, y.name, r.allocation_version, r.amount, r.settled, r.status, r.created_at`

func scanReceivable(sc scanner) (ledger.Receivable, error) {
	var r ledger.Receivable
	var amount, settled int64
	var status, at string
	err := sc.Scan(&r.ID, &r.PotID, &r.PayoutID, &r.PartyID, &r.PartyName, &r.AllocationVersion, &amount, &settled, &status, &at)
	r.Amount, r.Settled, r.Status, r.CreatedAt = ledger.Cents(amount), ledger.Cents(settled), ledger.ReceivableStatus(status), parseTime(at)
	if r.Status == ledger.ReceivableOpen {
		r.Open = r.Amount - r.Settled
	}
	r.Settlements = []ledger.Settlement{}
	return r, err
}

func receivableNotFound(id ledger.ReceivableID) error {
	return ledger.Errorf(ledger.ENOTFOUND, "there is no receivable %q; list the receivables to find its id", id)
}

func loadReceivable(ctx context.Context, q querier, id ledger.ReceivableID) (ledger.Receivable, error) {
	if !ledger.ValidID(ledger.ReceivablePrefix, string(id)) {
		return ledger.Receivable{}, receivableNotFound(id)
	}
	r, err := scanReceivable(q.QueryRowContext(ctx, `SELECT `+receivableColumns+` FROM receivables r JOIN parties y ON y.id = r.party_id WHERE r.id = ?`, string(id)))
	if errors.Is(err, sql.ErrNoRows) {
		return r, receivableNotFound(id)
	}
	if err != nil {
		return r, err
	}
	err = loadSettlements(ctx, q, []*ledger.Receivable{&r})
	return r, err
}

// loadSettlements fills in the settlements of the receivables.
func loadSettlements(ctx context.Context, q querier, rs []*ledger.Receivable) error {
	if len(rs) == 0 {
		return nil
	}
	byID := map[ledger.ReceivableID]*ledger.Receivable{}
	args := make([]any, len(rs))
	for i, r := range rs {
		byID[r.ID] = r
		args[i] = string(r.ID)
	}
	rows, err := q.QueryContext(ctx, `SELECT receivable_id, amount, value_date, reference, by_user, at, seq FROM settlements
		WHERE receivable_id IN (?`+strings.Repeat(",?", len(rs)-1)+`) ORDER BY id`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var s ledger.Settlement
		var amount int64
		var vd, at string
		if err := rows.Scan(&s.ReceivableID, &amount, &vd, &s.Reference, &s.By, &at, &s.JournalSeq); err != nil {
			return err
		}
		s.Amount, s.ValueDate, s.At = ledger.Cents(amount), parseDate(vd), parseTime(at)
		r := byID[s.ReceivableID]
		r.Settlements = append(r.Settlements, s)
	}
	return rows.Err()
}

// Receivable returns one receivable with its settlements.
func (s *Store) Receivable(ctx context.Context, id ledger.ReceivableID) (ledger.Receivable, error) {
	r, err := loadReceivable(ctx, s.readDB, id)
	return r, internal("read receivable", err)
}

// Receivables lists receivables, oldest first.
func (s *Store) Receivables(ctx context.Context, f ledger.ReceivableFilter) ([]ledger.Receivable, error) {
	if err := f.Normalise(); err != nil {
		return nil, err
	}
	var where []string
	var args []any
	for _, c := range []struct {
		cond string
		v    string
	}{{"r.pot_id = ?", string(f.PotID)}, {"r.party_id = ?", string(f.PartyID)}, {"r.payout_id = ?", string(f.PayoutID)}, {"r.status = ?", string(f.Status)}} {
		if c.v != "" {
			where = append(where, c.cond)
			args = append(args, c.v)
		}
	}
	query := `SELECT ` + receivableColumns + ` FROM receivables r JOIN parties y ON y.id = r.party_id`
	if len(where) > 0 {
		query += " WHERE " + strings.Join(where, " AND ")
	}
	tx, err := s.readDB.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, internal("list receivables", err)
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, query+" ORDER BY r.created_at, r.id", args...)
	if err != nil {
		return nil, internal("list receivables", err)
	}
	defer rows.Close()
	var rs []ledger.Receivable
	for rows.Next() {
		r, err := scanReceivable(rows)
		if err != nil {
			return nil, internal("list receivables", err)
		}
		rs = append(rs, r)
	}
	if err := rows.Err(); err != nil {
		return nil, internal("list receivables", err)
	}
	ptrs := make([]*ledger.Receivable, len(rs))
	for i := range rs {
		ptrs[i] = &rs[i]
	}
	// Settlements in chunks, well below SQLite's limit on parameters.
	for i := 0; i < len(ptrs); i += 500 {
		if err := loadSettlements(ctx, tx, ptrs[i:min(i+500, len(ptrs))]); err != nil {
			return nil, internal("list receivables", err)
		}
	}
	return rs, nil
}

// Settle records a party's payment of (part of) a receivable.
func (s *Store) Settle(ctx context.Context, actor ledger.Actor, req ledger.Settlement) (ledger.Receivable, error) {
	if err := actor.Can(ledger.ActSettle, "record settlements"); err != nil {
		return ledger.Receivable{}, err
	}
	if err := req.Validate(ledger.DateOf(s.now())); err != nil {
		return ledger.Receivable{}, err
	}
	key := req.IdempotencyKey
	req.IdempotencyKey = ""
	fp := ledger.Fingerprint("settle", req)
	var r ledger.Receivable
	err := s.write(ctx, "settle receivable", func(w *wtx) error {
		var replay bool
		var err error
		r, replay, err = idempotent(w, actor, key, "settle", fp, func() (ledger.Receivable, error) {
			return w.settle(actor, &req)
		})
		if err == nil && replay {
			// The first answer, as it was then: the receivable may have
			// been settled further since.
			return nil
		}
		return err
	})
	return r, internal("settle receivable", err)
}

func (w *wtx) settle(actor ledger.Actor, req *ledger.Settlement) (ledger.Receivable, error) {
	r, err := loadReceivable(w.ctx, w.tx, req.ReceivableID)
	if err != nil {
		return r, err
	}
	// What is open follows from the settlements themselves, not from the
	// figure kept beside them.
	var settled int64
	if err := w.queryRow(`SELECT COALESCE(SUM(amount), 0) FROM settlements WHERE receivable_id = ?`, string(r.ID)).Scan(&settled); err != nil {
		return r, err
	}
	r.Settled = ledger.Cents(settled)
	if r.Status != ledger.ReceivableCancelled {
		r.Open = r.Amount - r.Settled
	}
	if created := ledger.DateOf(r.CreatedAt); req.ValueDate.Before(created) {
		return r, &ledger.Error{Code: ledger.EINVALID, Message: "The settlement is not valid; correct valueDate and try again",
			Fields: []ledger.FieldError{{Field: "valueDate", Reason: fmt.Sprintf("%s is before the receivable was booked (%s); give the day the money arrived", req.ValueDate, created)}}}
	}
	switch {
	case r.Status == ledger.ReceivableOpen && r.Open <= 0:
		return r, ledger.Errorf(ledger.ECONFLICT, "receivable %s from %s is settled in full already", r.ID, r.PartyName)
	}
	switch r.Status {
	case ledger.ReceivableSettled:
		return r, ledger.Errorf(ledger.ECONFLICT, "receivable %s from %s is settled in full already", r.ID, r.PartyName)
	case ledger.ReceivableCancelled:
		return r, ledger.Errorf(ledger.ECONFLICT, "receivable %s was cancelled when its allocation was corrected; record the payment on the receivable that replaced it", r.ID)
	}
	if req.Amount > r.Open {
		return r, &ledger.Error{Code: ledger.EINVALID, Message: "The settlement is not valid; correct amount and try again",
			Fields: []ledger.FieldError{{Field: "amount", Reason: "only " + r.Open.String() + " of receivable " + string(r.ID) + " is open; " + r.PartyName + " cannot pay more than it owes"}}}
	}
	pot, err := w.s.cache.pot(w, r.PotID)
	if err != nil {
		return r, err
	}
	req.By, req.At = actor.User, w.now
	memo := "settled by the party; the money flows back into the pot"
	if pot.RecoveryPolicy == ledger.PolicyReport {
		memo = "settled by the party; under the report policy the money goes to the municipality's general means"
	}
	t := ledger.Transaction{
		Kind: ledger.TxSettled, Ref: string(r.ID), PotID: r.PotID, ValueDate: req.ValueDate, Actor: actor.User, ActorRole: actor.Role,
		Memo: memo, Digest: ledger.SettlementDigest(req), Postings: ledger.SettlementPostings(r.PotID, pot.RecoveryPolicy, r.PartyID, req.Amount),
	}
	if err := w.book(&t); err != nil {
		return r, err
	}
	req.JournalSeq = t.Seq
	if _, err := w.exec(`INSERT INTO settlements (receivable_id, amount, value_date, reference, by_user, at, seq) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		string(r.ID), int64(req.Amount), req.ValueDate.String(), req.Reference, req.By, formatTime(req.At), t.Seq); err != nil {
		return r, err
	}
	r.Settled += req.Amount
	r.Open -= req.Amount
	if r.Open == 0 {
		r.Status = ledger.ReceivableSettled
	}
	r.Settlements = append(r.Settlements, *req)
	_, err = w.exec(`UPDATE receivables SET settled = ?, status = ? WHERE id = ?`, int64(r.Settled), string(r.Status), string(r.ID))
	return r, err
}
