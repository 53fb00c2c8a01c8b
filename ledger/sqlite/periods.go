package sqlite

import (
	"context"

	"github.com/ontschot/ontschot/ledger"
)

// ClosePeriod closes a month or quarter for good and records it in the journal.
func (s *Store) ClosePeriod(ctx context.Context, actor ledger.Actor, req ledger.ClosePeriod) (ledger.ClosedPeriod, error) {
	if err := actor.Can(ledger.ActClosePeriod, "close periods"); err != nil {
		return ledger.ClosedPeriod{}, err
	}
	if err := req.Validate(ledger.DateOf(s.now())); err != nil {
		return ledger.ClosedPeriod{}, err
	}
	key := req.IdempotencyKey
	req.IdempotencyKey = ""
	fp := ledger.Fingerprint("close_period", req)
	var cp ledger.ClosedPeriod
	err := s.write(ctx, "close period", func(w *wtx) error {
		var err error
		cp, _, err = idempotent(w, actor, key, "close_period", fp, func() (ledger.ClosedPeriod, error) {
			p := req.Period
			var n int
			if err := w.queryRow(`SELECT COUNT(*) FROM closed_periods WHERE start_date <= ? AND end_date >= ?`,
				p.Start.String(), p.End.String()).Scan(&n); err != nil {
				return ledger.ClosedPeriod{}, err
			}
			if n > 0 {
				return ledger.ClosedPeriod{}, ledger.Errorf(ledger.ECONFLICT, "%s is closed already", p.Label)
			}
			t := ledger.Transaction{
				Kind: ledger.TxPeriodClosed, Ref: p.Label, ValueDate: w.today(),
				Actor: actor.User, ActorRole: actor.Role, Memo: "closed " + p.Start.String() + " to " + p.End.String(),
			}
			if err := w.book(&t); err != nil {
				return ledger.ClosedPeriod{}, err
			}
			cp := ledger.ClosedPeriod{Period: p, ClosedBy: actor.User, ClosedAt: w.now, JournalSeq: t.Seq}
			w.s.cache.closedValid = false
			_, err := w.exec(`INSERT INTO closed_periods (start_date, end_date, label, closed_by, closed_at, seq) VALUES (?, ?, ?, ?, ?, ?)`,
				p.Start.String(), p.End.String(), p.Label, cp.ClosedBy, formatTime(cp.ClosedAt), cp.JournalSeq)
			if err != nil {
				return cp, err
			}
			return cp, nil
		})
		return err
	})
	return cp, internal("close period", err)
}

// ClosedPeriods lists closed periods, oldest first.
func (s *Store) ClosedPeriods(ctx context.Context) ([]ledger.ClosedPeriod, error) {
	rows, err := s.readDB.QueryContext(ctx, `SELECT start_date, end_date, label, closed_by, closed_at, seq FROM closed_periods ORDER BY start_date, end_date`)
	if err != nil {
		return nil, internal("list closed periods", err)
	}
	defer rows.Close()
	var cps []ledger.ClosedPeriod
	for rows.Next() {
		var cp ledger.ClosedPeriod
		var start, end, at string
		if err := rows.Scan(&start, &end, &cp.Label, &cp.ClosedBy, &at, &cp.JournalSeq); err != nil {
			return nil, internal("list closed periods", err)
		}
		cp.Start, cp.End, cp.ClosedAt = parseDate(start), parseDate(end), parseTime(at)
		cps = append(cps, cp)
	}
	return cps, internal("list closed periods", rows.Err())
}
