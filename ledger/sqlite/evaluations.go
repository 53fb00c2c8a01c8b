package sqlite

import (
	"context"
	"fmt"
	"strings"

	"github.com/ontschot/ontschot/ledger"
)

// Evaluate records or revises the evaluation of a payout. Each version is a
// journal transaction that commits to it, so the regret ratio rests on
// tamper-evident records.
func (s *Store) Evaluate(ctx context.Context, actor ledger.Actor, req ledger.EvaluationRequest) (ledger.Evaluation, error) {
	if err := actor.Can(ledger.ActEvaluate, "evaluate payouts"); err != nil {
		return ledger.Evaluation{}, err
	}
	if err := req.Validate(); err != nil {
		return ledger.Evaluation{}, err
	}
	key := req.IdempotencyKey
	req.IdempotencyKey = ""
	fp := ledger.Fingerprint("evaluate", req)
	var e ledger.Evaluation
	err := s.write(ctx, "evaluate payout", func(w *wtx) error {
		var err error
		// The record keeps which version was made, not its note.
		type receipt struct {
			PayoutID ledger.PayoutID `json:"payoutId"`
			Version  int             `json:"version"`
		}
		var rc receipt
		var replay bool
		rc, replay, err = idempotent(w, actor, key, "evaluate", fp, func() (receipt, error) {
			var err error
			e, err = w.evaluate(actor, &req)
			return receipt{e.PayoutID, e.Version}, err
		})
		if err != nil || !replay {
			return err
		}
		es, err := loadEvaluations(w.ctx, w.tx, rc.PayoutID)
		if err != nil {
			return err
		}
		for _, x := range es {
			if x.Version == rc.Version {
				e = x
				e.Current = true
			}
		}
		return nil
	})
	return e, internal("evaluate payout", err)
}

func (w *wtx) evaluate(actor ledger.Actor, req *ledger.EvaluationRequest) (ledger.Evaluation, error) {
	row, err := loadPayout(w.ctx, w.tx, req.PayoutID)
	if err != nil {
		return ledger.Evaluation{}, err
	}
	p := &row.Payout
	switch p.Status {
	case ledger.StatusApproved, ledger.StatusPaid:
	case ledger.StatusPending:
		return ledger.Evaluation{}, ledger.Errorf(ledger.ECONFLICT, "payout %s is waiting for a decision; evaluate it once the money was spent", p.ID)
	default:
		return ledger.Evaluation{}, ledger.Errorf(ledger.ECONFLICT, "payout %s is %s: nothing was spent, so there is nothing to evaluate", p.ID, p.Status)
	}
	if actor.Role == ledger.RoleCaseworker && p.RequestedBy != actor.User {
		return ledger.Evaluation{}, ledger.Errorf(ledger.EFORBIDDEN,
			"payout %s was requested by a colleague; the caseworker who requested it, or an approver, evaluates it", p.ID)
	}
	if err := req.Resolve(p.Amount); err != nil {
		return ledger.Evaluation{}, err
	}
	e := ledger.Evaluation{PayoutID: p.ID, Version: 1, Outcome: req.Outcome, Regretted: req.Regretted, Note: req.Note,
		By: actor.User, Role: actor.Role, At: w.now, Current: true}
	if p.Evaluation != nil {
		e.Version = p.Evaluation.Version + 1
	}
	memo := fmt.Sprintf("evaluation version %d: %s", e.Version, e.Outcome)
	if e.Regretted > 0 {
		memo += ", regretted " + e.Regretted.String()
	}
	t := ledger.Transaction{
		Kind: ledger.TxEvaluated, Ref: string(p.ID), PotID: p.PotID, ValueDate: w.today(), Actor: actor.User, ActorRole: actor.Role,
		Memo: memo, Digest: ledger.EvaluationDigest(row.salt, &e),
	}
	if err := w.book(&t); err != nil {
		return e, err
	}
	e.JournalSeq = t.Seq
	if _, err := w.exec(`INSERT INTO evaluations (payout_id, version, outcome, regretted, note, by_user, role, at, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		string(e.PayoutID), e.Version, string(e.Outcome), int64(e.Regretted), e.Note, e.By, string(e.Role), formatTime(e.At), t.Seq); err != nil {
		return e, err
	}
	_, err = w.exec(`UPDATE payouts SET eval_version = ?, eval_outcome = ?, eval_regretted = ? WHERE id = ?`,
		e.Version, string(e.Outcome), int64(e.Regretted), string(e.PayoutID))
	return e, err
}

// Evaluations returns a payout's evaluations, oldest first.
func (s *Store) Evaluations(ctx context.Context, id ledger.PayoutID) ([]ledger.Evaluation, error) {
	if _, err := loadPayout(ctx, s.readDB, id); err != nil {
		return nil, internal("read evaluations", err)
	}
	es, err := loadEvaluations(ctx, s.readDB, id)
	return es, internal("read evaluations", err)
}

func loadEvaluations(ctx context.Context, q querier, id ledger.PayoutID) ([]ledger.Evaluation, error) {
	rows, err := q.QueryContext(ctx, `SELECT e.payout_id, e.version, e.outcome, e.regretted, e.note, e.by_user, e.role, e.at, e.seq, p.eval_version
		FROM evaluations e JOIN payouts p ON p.id = e.payout_id WHERE e.payout_id = ? ORDER BY e.version`, string(id))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var es []ledger.Evaluation
	for rows.Next() {
		var e ledger.Evaluation
		var outcome, role, at string
		var regretted int64
		var current int
		if err := rows.Scan(&e.PayoutID, &e.Version, &outcome, &regretted, &e.Note, &e.By, &role, &at, &e.JournalSeq, &current); err != nil {
			return nil, err
		}
		e.Outcome, e.Regretted, e.Role, e.At, e.Current = ledger.EvalOutcome(outcome), ledger.Cents(regretted), ledger.Role(role), parseTime(at), current == e.Version
		es = append(es, e)
	}
	return es, rows.Err()
}

// PayoutFacts calls fn with the fact of each payout the filter selects, in
// order of request, one row at a time: memory stays flat however many
// payouts there are.
func (s *Store) PayoutFacts(ctx context.Context, f ledger.FactFilter, fn func(*ledger.PayoutFact) error) error {
	if !f.From.IsZero() && !f.To.IsZero() && f.To.Before(f.From) {
		return &ledger.Error{Code: ledger.EINVALID, Message: "The filter is not valid; correct to and try again",
			Fields: []ledger.FieldError{{Field: "to", Reason: "is before from"}}}
	}
	if f.PotID != "" {
		if _, err := loadPot(ctx, s.readDB, f.PotID); err != nil {
			return internal("read payout facts", err)
		}
	}
	var where []string
	var args []any
	if f.PotID != "" {
		where, args = append(where, "p.pot_id = ?"), append(args, string(f.PotID))
	}
	if !f.From.IsZero() {
		where, args = append(where, "p.value_date >= ?"), append(args, f.From.String())
	}
	if !f.To.IsZero() {
		where, args = append(where, "p.value_date <= ?"), append(args, f.To.String())
	}
	query := `SELECT p.id, p.pot_id, p.amount, p.category, p.case_ref, p.urgency, p.resident_under18, p.paid_to, p.spending_bound,
			p.status, p.value_date, p.stuck_since, p.requested_at, COALESCE(p.decided_at, ''), p.own_mandate, p.allocated,
			p.eval_version, COALESCE(p.eval_outcome, ''), p.eval_regretted,
			(SELECT group_concat(rule, char(31)) FROM payout_deviations d WHERE d.payout_id = p.id),
			p.requested_by, p.requested_role, COALESCE(p.decided_by, ''), COALESCE(p.decided_role, ''), COALESCE(p.decision, ''), p.decision_limit,
			p.severity, p.situation <> '' AND p.resident_involvement <> '' AND p.expected_return <> '' AND p.regular_route_tried <> ''
				AND p.stuck_since <> '' AND p.severity BETWEEN 1 AND 5
		FROM payouts p`
	if len(where) > 0 {
		query += " WHERE " + strings.Join(where, " AND ")
	}
	rows, err := s.readDB.QueryContext(ctx, query+" ORDER BY p.request_seq", args...)
	if err != nil {
		return internal("read payout facts", err)
	}
	defer rows.Close()
	for rows.Next() {
		var x ledger.PayoutFact
		var amount, allocated, regretted int64
		var urgency, paidTo, status, vd, stuck, requested, decided, outcome string
		var evalVersion int
		var devs *string
		var decidedRole, decision, requestedRole string
		var limit *int64
		if err := rows.Scan(&x.ID, &x.PotID, &amount, &x.Category, &x.CaseRef, &urgency, &x.ResidentUnder18, &paidTo, &x.SpendingBound,
			&status, &vd, &stuck, &requested, &decided, &x.OwnMandate, &allocated, &evalVersion, &outcome, &regretted, &devs,
			&x.RequestedBy, &requestedRole, &x.DecidedBy, &decidedRole, &decision, &limit, &x.Severity, &x.WeighingComplete); err != nil {
			return internal("read payout facts", err)
		}
		x.DecidedRole, x.Outcome, x.RequestedRole = ledger.Role(decidedRole), ledger.Outcome(decision), ledger.Role(requestedRole)
		if decision != "" {
			x.Mandate = ledger.MandateLevel{Role: x.DecidedRole, Unlimited: limit == nil}
			if limit != nil {
				x.Mandate.Limit = ledger.Cents(*limit)
			}
		}
		x.Amount, x.Allocated, x.Regretted = ledger.Cents(amount), ledger.Cents(allocated), ledger.Cents(regretted)
		x.Urgency, x.PaidTo, x.Status = ledger.Urgency(urgency), ledger.PaidTo(paidTo), ledger.Status(status)
		x.ValueDate, x.StuckSince, x.RequestedAt = parseDate(vd), parseDate(stuck), parseTime(requested)
		if decided != "" {
			x.DecidedAt = parseTime(decided)
		}
		x.Evaluated, x.EvalOutcome = evalVersion > 0, ledger.EvalOutcome(outcome)
		if devs != nil {
			x.DeviatesFrom = strings.Split(*devs, "\x1f")
		}
		x.WeighingComplete = x.WeighingComplete && len(x.DeviatesFrom) > 0
		if err := fn(&x); err != nil {
			return err
		}
	}
	return internal("read payout facts", rows.Err())
}

// TakeUpSignal records that a signal was taken up in policy.
func (s *Store) TakeUpSignal(ctx context.Context, actor ledger.Actor, req ledger.SignalUptake) (ledger.SignalUptake, error) {
	if err := actor.Can(ledger.ActTakeUpSignal, "mark signals as taken up in policy"); err != nil {
		return ledger.SignalUptake{}, err
	}
	if err := req.Validate(); err != nil {
		return ledger.SignalUptake{}, err
	}
	key := req.IdempotencyKey
	req.IdempotencyKey = ""
	fp := ledger.Fingerprint("take_up_signal", req)
	var u ledger.SignalUptake
	err := s.write(ctx, "take up signal", func(w *wtx) error {
		var err error
		u, _, err = idempotent(w, actor, key, "take_up_signal", fp, func() (ledger.SignalUptake, error) {
			u := ledger.SignalUptake{SignalID: req.SignalID, Note: req.Note, By: actor.User, Role: actor.Role, At: w.now}
			_, err := w.exec(`INSERT INTO signal_uptakes (signal_id, note, by_user, role, at) VALUES (?, ?, ?, ?, ?)`,
				u.SignalID, u.Note, u.By, string(u.Role), formatTime(u.At))
			if isUnique(err) {
				return u, ledger.Errorf(ledger.ECONFLICT, "signal %s was taken up in policy already", u.SignalID)
			}
			if err != nil {
				return u, err
			}
			return u, w.commitRecord(actor, ledger.UptakeRecord(&u), "", "taken up in policy")
		})
		return err
	})
	return u, internal("take up signal", err)
}

// SignalUptakes lists the signals taken up in policy, oldest first.
func (s *Store) SignalUptakes(ctx context.Context) ([]ledger.SignalUptake, error) {
	rows, err := s.readDB.QueryContext(ctx, `SELECT signal_id, note, by_user, role, at FROM signal_uptakes ORDER BY at, signal_id`)
	if err != nil {
		return nil, internal("read signal uptakes", err)
	}
	defer rows.Close()
	var us []ledger.SignalUptake
	for rows.Next() {
		var u ledger.SignalUptake
		var role, at string
		if err := rows.Scan(&u.SignalID, &u.Note, &u.By, &role, &at); err != nil {
			return nil, internal("read signal uptakes", err)
		}
		u.Role, u.At = ledger.Role(role), parseTime(at)
		us = append(us, u)
	}
	return us, internal("read signal uptakes", rows.Err())
}
