package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/ontschot/ontschot/ledger"
)

// payoutReceipt is what an idempotency record keeps of a payout answer: what
// can change after it. The rest (the weighing, the payee) is read from the
// payout itself on a replay, so no personal data are copied into the record.
type payoutReceipt struct {
	ID       ledger.PayoutID        `json:"id"`
	Status   ledger.Status          `json:"status"`
	Decision *ledger.PayoutDecision `json:"decision,omitempty"`
	Reversal *ledger.PayoutReversal `json:"reversal,omitempty"`
}

// idempotentPayout runs a payout operation at most once per key, like
// idempotent, and answers a replay with the payout as the first answer
// showed it.
func idempotentPayout(w *wtx, actor ledger.Actor, key, operation string, fingerprint []byte, fn func() (ledger.Payout, error)) (ledger.Payout, error) {
	var p ledger.Payout
	r, replay, err := idempotent(w, actor, key, operation, fingerprint, func() (payoutReceipt, error) {
		var err error
		p, err = fn()
		return payoutReceipt{ID: p.ID, Status: p.Status, Decision: p.Decision, Reversal: p.Reversal}, err
	})
	if err != nil || !replay {
		return p, err
	}
	row, err := loadPayout(w.ctx, w.tx, r.ID)
	if err != nil {
		return p, err
	}
	p = row.Payout
	p.Status, p.Decision, p.Reversal = r.Status, r.Decision, r.Reversal
	return p, nil
}

// payoutRow is a payout with what only the store sees: the salt of its
// digests and the journal transactions that booked it.
type payoutRow struct {
	ledger.Payout
	salt                                 []byte
	requestSeq, decisionSeq, reversalSeq int64
	// allocationVersion is the current allocation's version, 0 for none.
	allocationVersion int
}

const payoutColumns = `p.id, p.pot_id, p.amount, p.case_ref, p.category, p.urgency,
	p.situation, p.severity, p.resident_involvement, p.expected_return, p.regular_route_tried, p.stuck_since, p.salt,
	p.status, p.requested_by, p.requested_role, p.requested_at, p.value_date, p.request_seq,
	p.decision, p.decided_by, p.decided_role, p.decided_at, p.decision_note, p.decision_limit, p.own_mandate, p.decision_seq,
	p.reversed_by, p.reversed_role, p.reversed_at, p.reversal_reason, p.reversal_seq,
	p.resident_under18, p.paid_to, p.spending_bound, p.allocated, p.allocation_version, p.eval_version, p.eval_outcome, p.eval_regretted,
	COALESCE(y.name, ''), COALESCE(y.iban, ''), y.erased_at IS NOT NULL`

type scanner interface{ Scan(dest ...any) error }

func scanPayout(sc scanner) (payoutRow, error) {
	var r payoutRow
	p := &r.Payout
	j := &p.Justification
	var amount int64
	var urgency, stuck, status, role, at, vd string
	var decision, decidedBy, decidedRole, decidedAt, note sql.NullString
	var limit, decisionSeq, reversalSeq sql.NullInt64
	var reversedBy, reversedRole, reversedAt, reason sql.NullString
	var ownMandate bool
	var iban, paidTo string
	var allocated, evalRegretted int64
	var evalVersion int
	var evalOutcome sql.NullString
	err := sc.Scan(&p.ID, &p.PotID, &amount, &p.CaseRef, &p.Category, &urgency,
		&j.Situation, &j.Severity, &j.ResidentInvolvement, &j.ExpectedReturn, &j.RegularRouteTried, &stuck, &r.salt,
		&status, &p.RequestedBy, &role, &at, &vd, &r.requestSeq,
		&decision, &decidedBy, &decidedRole, &decidedAt, &note, &limit, &ownMandate, &decisionSeq,
		&reversedBy, &reversedRole, &reversedAt, &reason, &reversalSeq,
		&p.ResidentUnder18, &paidTo, &p.SpendingBound, &allocated, &r.allocationVersion, &evalVersion, &evalOutcome, &evalRegretted,
		&p.Payee.Name, &iban, &p.Payee.Erased)
	if err != nil {
		return r, err
	}
	p.Amount, p.Urgency, p.Status = ledger.Cents(amount), ledger.Urgency(urgency), ledger.Status(status)
	p.Payee.IBAN = ledger.IBAN(iban)
	p.PaidTo, p.Allocated = ledger.PaidTo(paidTo), ledger.Cents(allocated)
	if evalVersion > 0 {
		p.Evaluation = &ledger.EvaluationSummary{Version: evalVersion, Outcome: ledger.EvalOutcome(evalOutcome.String), Regretted: ledger.Cents(evalRegretted)}
	}
	j.StuckSince = parseDate(stuck)
	p.RequestedRole, p.RequestedAt, p.ValueDate = ledger.Role(role), parseTime(at), parseDate(vd)
	if decision.Valid {
		p.Decision = &ledger.PayoutDecision{
			Outcome: ledger.Outcome(decision.String), By: decidedBy.String, Role: ledger.Role(decidedRole.String),
			At: parseTime(decidedAt.String), Note: note.String, OwnMandate: ownMandate,
			Mandate: ledger.MandateLevel{Role: ledger.Role(decidedRole.String), Limit: ledger.Cents(limit.Int64), Unlimited: !limit.Valid},
		}
		r.decisionSeq = decisionSeq.Int64
	}
	if reversedBy.Valid {
		p.Reversal = &ledger.PayoutReversal{By: reversedBy.String, Role: ledger.Role(reversedRole.String), At: parseTime(reversedAt.String), Reason: reason.String}
		r.reversalSeq = reversalSeq.Int64
	}
	return r, nil
}

func payoutNotFound(id ledger.PayoutID) error {
	return ledger.Errorf(ledger.ENOTFOUND, "there is no payout %q; check the id", id)
}

// loadPayout reads one payout with its payee and deviations.
func loadPayout(ctx context.Context, q querier, id ledger.PayoutID) (payoutRow, error) {
	if !ledger.ValidID(ledger.PayoutPrefix, string(id)) {
		return payoutRow{}, payoutNotFound(id)
	}
	r, err := scanPayout(q.QueryRowContext(ctx, `SELECT `+payoutColumns+` FROM payouts p LEFT JOIN payees y ON y.payout_id = p.id WHERE p.id = ?`, string(id)))
	if errors.Is(err, sql.ErrNoRows) {
		return r, payoutNotFound(id)
	}
	if err != nil {
		return r, err
	}
	devs, err := loadDeviations(ctx, q, []ledger.PayoutID{id})
	r.Justification.DeviatesFrom = devs[id]
	return r, err
}

func loadDeviations(ctx context.Context, q querier, ids []ledger.PayoutID) (map[ledger.PayoutID][]string, error) {
	out := map[ledger.PayoutID][]string{}
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = string(id)
	}
	rows, err := q.QueryContext(ctx, `SELECT payout_id, rule FROM payout_deviations WHERE payout_id IN (?`+strings.Repeat(",?", len(ids)-1)+`) ORDER BY payout_id, n`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id, rule string
		if err := rows.Scan(&id, &rule); err != nil {
			return nil, err
		}
		out[ledger.PayoutID(id)] = append(out[ledger.PayoutID(id)], rule)
	}
	return out, rows.Err()
}
