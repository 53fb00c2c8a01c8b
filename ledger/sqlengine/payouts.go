package sqlengine

import (
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/ontschot/ontschot/ledger"
)

// payoutColumns selects a payout with its payee (alias y) and deviations.
func (r *reader) payoutColumns() string {
	return `p.id, p.pot_id, p.amount, p.case_ref, p.category, p.urgency,
	p.situation, p.severity, p.resident_involvement, p.expected_return, p.regular_route_tried, p.stuck_since, p.salt,
	p.status, p.requested_by, p.requested_role, p.requested_at, p.value_date, p.request_seq,
	p.decision, p.decided_by, p.decided_role, p.decided_at, p.decision_note, p.decision_limit, p.own_mandate, p.decision_seq,
	p.reversed_by, p.reversed_role, p.reversed_at, p.reversal_reason, p.reversal_seq,
	p.settle_seq, p.settled_on, p.return_seq, p.returned_on, p.return_reason,
	p.resident_under18, p.paid_to, p.spending_bound, p.allocated, p.allocation_version, p.eval_version, p.eval_outcome, p.eval_regretted,
	COALESCE(y.name, ''), COALESCE(y.iban, ''), COALESCE(y.reference, ''), y.erased_at IS NOT NULL, y.salt, COALESCE(y.seq, 0), COALESCE(y.erased_seq, 0), y.payout_id IS NULL,
	(SELECT ` + r.db.d.StringAgg("d.rule", "d.n") + ` FROM payout_deviations d WHERE d.payout_id = p.id),
	COALESCE((SELECT ri.reissue_of FROM payout_reissues ri WHERE ri.payout_id = p.id), ''),
	COALESCE((SELECT ri.reissued_by FROM payout_reissues ri WHERE ri.payout_id = p.id), ''),
	COALESCE((SELECT ri.reissued_role FROM payout_reissues ri WHERE ri.payout_id = p.id), ''),
	COALESCE((SELECT MIN(ra.payout_id) FROM payout_reissues ra WHERE ra.reissue_of = p.id), '')`
}

// scanPayout scans the columns of payoutColumns, and extra ones after them.
func scanPayout(sc scanner, extra ...any) (*ledger.PayoutRow, error) {
	var r ledger.PayoutRow
	p := &r.Payout
	j := &p.Justification
	var amount int64
	var urgency, stuck, status, role, at, vd string
	var decision, decidedBy, decidedRole, decidedAt, note sql.NullString
	var limit, decisionSeq, reversalSeq sql.NullInt64
	var reversedBy, reversedRole, reversedAt, reason sql.NullString
	var settleSeq, returnSeq sql.NullInt64
	var settledOn, returnedOn, returnReason sql.NullString
	var ownMandate bool
	var iban, paidTo string
	var allocated, evalRegretted int64
	var evalVersion int
	var evalOutcome, devs sql.NullString
	dest := append([]any{&p.ID, &p.PotID, &amount, &p.CaseRef, &p.Category, &urgency,
		&j.Situation, &j.Severity, &j.ResidentInvolvement, &j.ExpectedReturn, &j.RegularRouteTried, &stuck, &r.Salt,
		&status, &p.RequestedBy, &role, &at, &vd, &r.RequestSeq,
		&decision, &decidedBy, &decidedRole, &decidedAt, &note, &limit, &ownMandate, &decisionSeq,
		&reversedBy, &reversedRole, &reversedAt, &reason, &reversalSeq,
		&settleSeq, &settledOn, &returnSeq, &returnedOn, &returnReason,
		&p.ResidentUnder18, &paidTo, &p.SpendingBound, &allocated, &r.AllocationVersion, &evalVersion, &evalOutcome, &evalRegretted,
		&p.Payee.Name, &iban, &p.Payee.Reference, &p.Payee.Erased, &r.PayeeRecord.Salt, &r.PayeeRecord.Seq, &r.PayeeRecord.ErasedSeq, &r.PayeeRecord.Missing,
		&devs, &p.ReissueOf, &p.ReissuedBy, &p.ReissuedRole, &p.ReissuedAs}, extra...)
	if err := sc.Scan(dest...); err != nil {
		return nil, err
	}
	p.Amount, p.Urgency, p.Status = ledger.Cents(amount), ledger.Urgency(urgency), ledger.Status(status)
	p.Payee.IBAN = ledger.IBAN(iban)
	p.PaidTo, p.Allocated = ledger.PaidTo(paidTo), ledger.Cents(allocated)
	if evalVersion > 0 {
		p.Evaluation = &ledger.EvaluationSummary{Version: evalVersion, Outcome: ledger.EvalOutcome(evalOutcome.String), Regretted: ledger.Cents(evalRegretted)}
	}
	if devs.Valid {
		j.DeviatesFrom = strings.Split(devs.String, "\x1f")
	}
	j.StuckSince = parseDate(stuck)
	p.RequestedRole, p.RequestedAt, p.ValueDate = ledger.Role(role), parseTime(at), parseDate(vd)
	if decision.Valid {
		p.Decision = &ledger.PayoutDecision{
			Outcome: ledger.Outcome(decision.String), By: decidedBy.String, Role: ledger.Role(decidedRole.String),
			At: parseTime(decidedAt.String), Note: note.String, OwnMandate: ownMandate,
			Mandate: ledger.MandateLevel{Role: ledger.Role(decidedRole.String), Limit: ledger.Cents(limit.Int64), Unlimited: !limit.Valid},
		}
		r.DecisionSeq = decisionSeq.Int64
	}
	if reversedBy.Valid {
		p.Reversal = &ledger.PayoutReversal{By: reversedBy.String, Role: ledger.Role(reversedRole.String), At: parseTime(reversedAt.String), Reason: reason.String}
		r.ReversalSeq = reversalSeq.Int64
	}
	if settleSeq.Valid {
		p.Settlement = &ledger.PayoutSettlement{BookedOn: parseDate(settledOn.String)}
		r.SettleSeq = settleSeq.Int64
	}
	if returnSeq.Valid {
		p.Return = &ledger.PayoutReturn{BookedOn: parseDate(returnedOn.String), Reason: returnReason.String, Explanation: ledger.BankReasonOf(returnReason.String).Dutch}
		r.ReturnSeq = returnSeq.Int64
	}
	return &r, nil
}

// payoutWhere is the condition of the payouts q selects ("" for every
// payout), with its arguments; with cursors, its Before and After too.
func payoutWhere(q ledger.PayoutQuery, cursors bool) (string, []any) {
	var where []string
	var args []any
	add := func(cond string, v any) {
		where = append(where, cond)
		args = append(args, v)
	}
	if len(q.IDs) > 0 {
		where = append(where, "p.id IN ("+placeholders(len(q.IDs))+")")
		for _, id := range q.IDs {
			args = append(args, string(id))
		}
	}
	if q.PotID != "" {
		add("p.pot_id = ?", string(q.PotID))
	}
	if q.Status != "" {
		add("p.status = ?", string(q.Status))
	}
	if q.Category != "" {
		add("p.category = ?", q.Category)
	}
	if q.RequestedBy != "" {
		add("p.requested_by = ?", q.RequestedBy)
	}
	if q.NotRequestedBy != "" {
		add("p.requested_by <> ?", q.NotRequestedBy)
	}
	if q.Urgency != "" {
		add("p.urgency = ?", string(q.Urgency))
	}
	if !q.From.IsZero() {
		add("p.value_date >= ?", q.From.String())
	}
	if !q.To.IsZero() {
		add("p.value_date <= ?", q.To.String())
	}
	if len(q.Caps) > 0 {
		var caps []string
		for _, c := range q.Caps {
			if c.Unlimited {
				caps, args = append(caps, "p.pot_id = ?"), append(args, string(c.PotID))
			} else {
				caps, args = append(caps, "(p.pot_id = ? AND p.amount <= ?)"), append(args, string(c.PotID), int64(c.Limit))
			}
		}
		where = append(where, "("+strings.Join(caps, " OR ")+")")
	}
	if cursors && q.Before > 0 {
		add("p.request_seq < ?", q.Before)
	}
	if cursors && q.After > 0 {
		add("p.request_seq > ?", q.After)
	}
	if cursors && q.AfterKey != nil {
		c, a := afterKey("p.value_date", "p.request_seq", ">", q.AfterKey.ValueDate.String(), q.AfterKey.RequestSeq)
		where, args = append(where, c), append(args, a...)
	}
	if cursors && q.BeforeKey != nil {
		c, a := afterKey("p.value_date", "p.request_seq", "<", q.BeforeKey.ValueDate.String(), q.BeforeKey.RequestSeq)
		where, args = append(where, c), append(args, a...)
	}
	return strings.Join(where, " AND "), args
}

// Payouts calls fn with each payout the query selects (ledger.PayoutReads).
func (r *reader) Payouts(q ledger.PayoutQuery, fn func(*ledger.PayoutRow) error) error {
	cond, args := payoutWhere(q, true)
	query := `SELECT ` + r.payoutColumns() + ` FROM payouts p LEFT JOIN payees y ON y.payout_id = p.id`
	if cond != "" {
		query += " WHERE " + cond
	}
	switch {
	case q.ByValueDate && q.Oldest:
		query += " ORDER BY p.value_date, p.request_seq"
	case q.ByValueDate:
		query += " ORDER BY p.value_date DESC, p.request_seq DESC"
	case q.Oldest:
		query += " ORDER BY p.request_seq"
	default:
		query += " ORDER BY p.request_seq DESC"
	}
	if q.Limit > 0 {
		query += fmt.Sprintf(" LIMIT %d", q.Limit)
	}
	return r.each(query, func(rows *sql.Rows) error {
		row, err := scanPayout(rows)
		if err != nil {
			return err
		}
		return fn(row)
	}, args...)
}

// CountPayouts counts the payouts the query selects (ledger.PayoutReads).
func (r *reader) CountPayouts(q ledger.PayoutQuery) (int, error) {
	q.IDs = nil
	cond, args := payoutWhere(q, false)
	query := `SELECT COUNT(*) FROM payouts p`
	if cond != "" {
		query += " WHERE " + cond
	}
	var n int
	err := r.each(query, func(rows *sql.Rows) error { return rows.Scan(&n) }, args...)
	return n, err
}

// PayoutTotals counts and sums the payouts the query selects per pot
// (ledger.PayoutReads).
func (r *reader) PayoutTotals(q ledger.PayoutQuery) ([]ledger.PotTotal, error) {
	q.IDs = nil
	cond, args := payoutWhere(q, false)
	query := `SELECT p.pot_id, COUNT(*), CAST(COALESCE(SUM(p.amount), 0) AS BIGINT) FROM payouts p`
	if cond != "" {
		query += " WHERE " + cond
	}
	var out []ledger.PotTotal
	err := r.each(query+" GROUP BY p.pot_id ORDER BY p.pot_id", func(rows *sql.Rows) error {
		var t ledger.PotTotal
		var amount int64
		if err := rows.Scan(&t.PotID, &t.Payouts, &amount); err != nil {
			return err
		}
		t.Amount = ledger.Cents(amount)
		out = append(out, t)
		return nil
	}, args...)
	return out, err
}

// owedWhere is the condition of the evaluations q selects as owed. Its
// first terms repeat the WHERE of the partial index payouts_owed exactly:
// SQLite uses a partial index only for a query that names the same terms.
// The index holds the approved payouts too (it was made when they could be
// evaluated); only the paid and settled ones are owed (ledger.Status.
// PaidOut), a filter on the index's status column, so counting still reads
// no row.
func owedWhere(q ledger.OwedQuery, cursors bool) (string, []any) {
	where := []string{"p.eval_version = 0 AND p.status IN ('approved', 'paid', 'settled')", "p.status IN ('paid', 'settled')", "p.requested_by = ?", "p.value_date <= ?"}
	args := []any{q.By, q.Due.String()}
	if cursors && q.After != nil {
		c, a := afterKey("p.value_date", "p.request_seq", ">", q.After.ValueDate.String(), q.After.RequestSeq)
		where, args = append(where, c), append(args, a...)
	}
	if cursors && q.Before != nil {
		c, a := afterKey("p.value_date", "p.request_seq", "<", q.Before.ValueDate.String(), q.Before.RequestSeq)
		where, args = append(where, c), append(args, a...)
	}
	return strings.Join(where, " AND "), args
}

// OwedEvaluations calls fn with the payouts whose evaluation their
// requester owes, in the order of the index payouts_owed
// (ledger.PayoutReads).
func (r *reader) OwedEvaluations(q ledger.OwedQuery, fn func(*ledger.PayoutRow) error) error {
	cond, args := owedWhere(q, true)
	order := " ORDER BY p.value_date, p.request_seq"
	if q.Before != nil && q.Limit > 0 {
		order = " ORDER BY p.value_date DESC, p.request_seq DESC"
	}
	if q.Limit > 0 {
		order += fmt.Sprintf(" LIMIT %d", q.Limit)
	}
	return r.each(`SELECT `+r.payoutColumns()+` FROM payouts p LEFT JOIN payees y ON y.payout_id = p.id WHERE `+cond+order, func(rows *sql.Rows) error {
		row, err := scanPayout(rows)
		if err != nil {
			return err
		}
		return fn(row)
	}, args...)
}

// CountOwedEvaluations counts the evaluations a requester owes
// (ledger.PayoutReads).
func (r *reader) CountOwedEvaluations(q ledger.OwedQuery) (int, error) {
	cond, args := owedWhere(q, false)
	var n int
	err := r.each(`SELECT COUNT(*) FROM payouts p WHERE `+cond, func(rows *sql.Rows) error { return rows.Scan(&n) }, args...)
	return n, err
}

// PayoutCounts returns the number of payouts in each status
// (ledger.PayoutReads).
func (r *reader) PayoutCounts() (map[ledger.Status]int, error) {
	counts := map[ledger.Status]int{}
	err := r.each(`SELECT status, COUNT(*) FROM payouts GROUP BY status`, func(rows *sql.Rows) error {
		var st string
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return err
		}
		counts[ledger.Status(st)] = n
		return nil
	})
	return counts, err
}

// KeptPayees returns the ids of the payouts whose payee is kept, requested
// before the date, in one of the statuses (ledger.PayoutReads). It reads
// ids alone, so an erasure of many payees holds the write no longer than
// it must.
func (r *reader) KeptPayees(before ledger.Date, statuses []ledger.Status) ([]ledger.PayoutID, error) {
	if len(statuses) == 0 {
		return nil, nil
	}
	args := []any{before.String()}
	for _, st := range statuses {
		args = append(args, string(st))
	}
	var ids []ledger.PayoutID
	err := r.each(`SELECT y.payout_id FROM payees y JOIN payouts p ON p.id = y.payout_id
		WHERE y.erased_at IS NULL AND p.value_date < ? AND p.status IN (`+placeholders(len(statuses))+`)
		ORDER BY y.payout_id`, func(rows *sql.Rows) error {
		var id string
		if err := rows.Scan(&id); err != nil {
			return err
		}
		ids = append(ids, ledger.PayoutID(id))
		return nil
	}, args...)
	return ids, err
}

// InsertPayout adds a payout with its deviations and payee
// (ledger.PayoutWrites). A payout approved at once comes with its decision
// and is written in its final state: one INSERT, no UPDATE of a row (and
// its indexes) just written.
func (w *wtx) InsertPayout(r *ledger.PayoutRow) error {
	p := &r.Payout
	j := &p.Justification
	var decision, decidedBy, decidedRole, decidedAt, limit, decisionSeq any
	note, own := "", false
	if d := p.Decision; d != nil {
		decision, decidedBy, decidedRole, decidedAt, decisionSeq = string(d.Outcome), d.By, string(d.Role), FormatTime(d.At), r.DecisionSeq
		note, own = d.Note, d.OwnMandate
		if !d.Mandate.Unlimited {
			limit = int64(d.Mandate.Limit)
		}
	}
	if err := w.insert(`INSERT INTO payouts (id, pot_id, amount, case_ref, category, urgency,
			situation, severity, resident_involvement, expected_return, regular_route_tried, stuck_since, salt,
			status, requested_by, requested_role, requested_at, value_date, request_seq,
			decision, decided_by, decided_role, decided_at, decision_note, decision_limit, own_mandate, decision_seq,
			resident_under18, paid_to, spending_bound)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		string(p.ID), string(p.PotID), int64(p.Amount), p.CaseRef, p.Category, string(p.Urgency),
		j.Situation, j.Severity, j.ResidentInvolvement, j.ExpectedReturn, j.RegularRouteTried, j.StuckSince.String(), r.Salt,
		string(p.Status), p.RequestedBy, string(p.RequestedRole), FormatTime(p.RequestedAt), p.ValueDate.String(), r.RequestSeq,
		decision, decidedBy, decidedRole, decidedAt, note, limit, own, decisionSeq,
		p.ResidentUnder18, string(p.PaidTo), p.SpendingBound); err != nil {
		return err
	}
	for i, rule := range j.DeviatesFrom {
		if _, err := w.exec(`INSERT INTO payout_deviations (payout_id, n, rule) VALUES (?, ?, ?)`, string(p.ID), i, rule); err != nil {
			return err
		}
	}
	var seq any
	if r.PayeeRecord.Seq > 0 {
		seq = r.PayeeRecord.Seq
	}
	if _, err := w.exec(`INSERT INTO payees (payout_id, name, iban, reference, salt, seq) VALUES (?, ?, ?, ?, ?, ?)`,
		string(p.ID), p.Payee.Name, string(p.Payee.IBAN), p.Payee.Reference, r.PayeeRecord.Salt, seq); err != nil {
		return err
	}
	if p.ReissueOf == "" {
		return nil
	}
	// The UNIQUE constraint on reissue_of makes a second reissue of one
	// payout ErrExists, whatever the caller read before.
	return w.insert(`INSERT INTO payout_reissues (payout_id, reissue_of, reissued_by, reissued_role) VALUES (?, ?, ?, ?)`,
		string(p.ID), string(p.ReissueOf), p.ReissuedBy, string(p.ReissuedRole))
}

// DecidePayout records the decision on a payout that has none
// (ledger.PayoutWrites). The condition on the decision makes a second
// decision change nothing, whatever the caller read before.
func (w *wtx) DecidePayout(p *ledger.Payout, seq int64) error {
	d := p.Decision
	var limit any
	if !d.Mandate.Unlimited {
		limit = int64(d.Mandate.Limit)
	}
	return w.execOne(`UPDATE payouts SET status = ?, decision = ?, decided_by = ?, decided_role = ?, decided_at = ?,
			decision_note = ?, decision_limit = ?, own_mandate = ?, decision_seq = ?
		WHERE id = ? AND decision IS NULL`,
		string(p.Status), string(d.Outcome), d.By, string(d.Role), FormatTime(d.At), d.Note, limit, d.OwnMandate, seq, string(p.ID))
}

// erasureChunk caps the ids of one UPDATE of ErasePayees: SQLite allows a
// limited number of parameters in a statement.
const erasureChunk = 500

// ErasePayees blanks the payees of the payouts and drops their salts
// (ledger.PayoutWrites).
func (w *wtx) ErasePayees(ids []ledger.PayoutID, at time.Time, seq int64) error {
	for start := 0; start < len(ids); start += erasureChunk {
		chunk := ids[start:min(start+erasureChunk, len(ids))]
		args := []any{FormatTime(at), seq}
		for _, id := range chunk {
			args = append(args, string(id))
		}
		if _, err := w.exec(`UPDATE payees SET name = '', iban = '', reference = '', salt = NULL, erased_at = ?, erased_seq = ?
			WHERE payout_id IN (`+placeholders(len(chunk))+`)`, args...); err != nil {
			return err
		}
	}
	return nil
}
