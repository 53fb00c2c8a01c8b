package sqlite

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"strings"

	"github.com/ontschot/ontschot/ledger"
)

// RequestPayout books a payout request: approved at once within the
// requester's mandate, otherwise held until a decision.
func (s *Store) RequestPayout(ctx context.Context, actor ledger.Actor, req ledger.PayoutRequest) (ledger.Payout, error) {
	if err := actor.Can(ledger.ActRequestPayout, "request payouts"); err != nil {
		return ledger.Payout{}, err
	}
	if err := req.Validate(ledger.DateOf(s.now())); err != nil {
		return ledger.Payout{}, err
	}
	key := req.IdempotencyKey
	req.IdempotencyKey = ""
	fp := ledger.Fingerprint("request_payout", req)
	var p ledger.Payout
	err := s.write(ctx, "request payout", func(w *wtx) error {
		var err error
		p, err = idempotentPayout(w, actor, key, "request_payout", fp, func() (ledger.Payout, error) {
			p, err := w.requestPayout(actor, &req)
			p.Payee = req.Payee
			return p, err
		})
		return err
	})
	return p, internal("request payout", err)
}

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

// requestPayout books the request inside the writer's transaction.
func (w *wtx) requestPayout(actor ledger.Actor, req *ledger.PayoutRequest) (ledger.Payout, error) {
	pot, err := w.s.cache.pot(w, req.PotID)
	if err != nil {
		return ledger.Payout{}, err
	}
	if err := w.s.cache.checkCategory(w, req.Category); err != nil {
		return ledger.Payout{}, err
	}
	today := w.today()
	if !pot.InYear(today) {
		return ledger.Payout{}, ledger.Errorf(ledger.ECONFLICT, "pot %q covers %d, and today is %s; request the payout from a pot for %d", pot.Name, pot.Year, today, today.Year())
	}
	level, atOnce, err := pot.Route(actor.Role, req.Amount)
	if err != nil {
		return ledger.Payout{}, err
	}
	available, err := w.available(pot.ID)
	if err != nil {
		return ledger.Payout{}, err
	}
	if err := pot.CheckAvailable(ledger.Balance{Available: available}, req.Amount); err != nil {
		return ledger.Payout{}, err
	}
	p := ledger.Payout{
		ID:              ledger.PayoutID(ledger.NewID(ledger.PayoutPrefix, w.now)),
		PotID:           pot.ID,
		Amount:          req.Amount,
		CaseRef:         req.CaseRef,
		Category:        req.Category,
		Urgency:         req.Urgency,
		Justification:   req.Justification,
		PaidTo:          req.PaidTo,
		SpendingBound:   req.Bound(),
		ResidentUnder18: req.ResidentUnder18,
		Status:          ledger.StatusPending,
		RequestedBy:     actor.User,
		RequestedRole:   actor.Role,
		RequestedAt:     w.now,
		ValueDate:       today,
	}
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return p, err
	}
	// The payee has a salt of its own, erased with it: the request's salt
	// stays (the weighing's digest needs it), and must not let anyone
	// confirm a guessed name and IBAN once the payee is gone.
	payeeSalt := make([]byte, 16)
	if _, err := rand.Read(payeeSalt); err != nil {
		return p, err
	}
	t := ledger.Transaction{
		Ref: string(p.ID), PotID: pot.ID, ValueDate: today, Actor: actor.User, ActorRole: actor.Role,
		Digest: ledger.RequestDigest(salt, &p), PayeeDigest: ledger.PayeeDigest(payeeSalt, p.ID, req.Payee),
	}
	if atOnce {
		p.Status = ledger.StatusApproved
		p.Decision = &ledger.PayoutDecision{Outcome: ledger.OutcomeApprove, By: actor.User, Role: actor.Role, At: w.now, Mandate: level, OwnMandate: true}
		t.Kind = ledger.TxPayoutApproved
		t.Memo = "approved at once under the requester's own mandate: " + level.String()
		t.Postings = ledger.ApprovalPostings(pot.ID, p.Amount, false)
	} else {
		t.Kind = ledger.TxPayoutHeld
		t.Memo = "held for a decision by " + strings.Join(rolesOf(pot.Deciders(p.Amount)), " or ")
		t.Postings = ledger.HoldPostings(pot.ID, p.Amount)
	}
	if err := w.book(&t); err != nil {
		return p, err
	}
	// An approval at once is written in its final state: one INSERT, no
	// UPDATE of a row (and its indexes) just written.
	j := &p.Justification
	var decision, decidedBy, decidedRole, decidedAt, limit, decisionSeq any
	if d := p.Decision; d != nil {
		decision, decidedBy, decidedRole, decidedAt, decisionSeq = string(d.Outcome), d.By, string(d.Role), formatTime(d.At), t.Seq
		if !d.Mandate.Unlimited {
			limit = int64(d.Mandate.Limit)
		}
	}
	if _, err := w.exec(`INSERT INTO payouts (id, pot_id, amount, case_ref, category, urgency,
			situation, severity, resident_involvement, expected_return, regular_route_tried, stuck_since, salt,
			status, requested_by, requested_role, requested_at, value_date, request_seq,
			decision, decided_by, decided_role, decided_at, decision_note, decision_limit, own_mandate, decision_seq,
			resident_under18, paid_to, spending_bound)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?, ?, ?, ?, ?)`,
		string(p.ID), string(p.PotID), int64(p.Amount), p.CaseRef, p.Category, string(p.Urgency),
		j.Situation, j.Severity, j.ResidentInvolvement, j.ExpectedReturn, j.RegularRouteTried, j.StuckSince.String(), salt,
		string(p.Status), p.RequestedBy, string(p.RequestedRole), formatTime(p.RequestedAt), p.ValueDate.String(), t.Seq,
		decision, decidedBy, decidedRole, decidedAt, limit, atOnce, decisionSeq,
		p.ResidentUnder18, string(p.PaidTo), p.SpendingBound); err != nil {
		return p, err
	}
	for i, rule := range j.DeviatesFrom {
		if _, err := w.exec(`INSERT INTO payout_deviations (payout_id, n, rule) VALUES (?, ?, ?)`, string(p.ID), i, rule); err != nil {
			return p, err
		}
	}
	_, err = w.exec(`INSERT INTO payees (payout_id, name, iban, salt, seq) VALUES (?, ?, ?, ?, ?)`,
		string(p.ID), req.Payee.Name, string(req.Payee.IBAN), payeeSalt, t.Seq)
	return p, err
}

func rolesOf(rs []ledger.Role) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = string(r)
	}
	return out
}

// recordDecision writes the decision on a pending payout into its row.
func (w *wtx) recordDecision(p *ledger.Payout, seq int64) error {
	d := p.Decision
	var limit any
	if !d.Mandate.Unlimited {
		limit = int64(d.Mandate.Limit)
	}
	res, err := w.exec(`UPDATE payouts SET status = ?, decision = ?, decided_by = ?, decided_role = ?, decided_at = ?,
			decision_note = ?, decision_limit = ?, own_mandate = ?, decision_seq = ?
		WHERE id = ? AND decision IS NULL`,
		string(p.Status), string(d.Outcome), d.By, string(d.Role), formatTime(d.At), d.Note, limit, d.OwnMandate, seq, string(p.ID))
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return errors.New("payout " + string(p.ID) + " was decided twice")
	}
	return nil
}

// DecidePayout approves or rejects a pending payout.
func (s *Store) DecidePayout(ctx context.Context, actor ledger.Actor, req ledger.Decision) (ledger.Payout, error) {
	if err := actor.Can(ledger.ActDecidePayout, "decide payouts"); err != nil {
		return ledger.Payout{}, err
	}
	if err := req.Validate(); err != nil {
		return ledger.Payout{}, err
	}
	key := req.IdempotencyKey
	req.IdempotencyKey = ""
	fp := ledger.Fingerprint("decide_payout", req)
	var p ledger.Payout
	err := s.write(ctx, "decide payout", func(w *wtx) error {
		var err error
		p, err = idempotentPayout(w, actor, key, "decide_payout", fp, func() (ledger.Payout, error) {
			return w.decidePayout(actor, &req)
		})
		return err
	})
	return p, internal("decide payout", err)
}

func (w *wtx) decidePayout(actor ledger.Actor, req *ledger.Decision) (ledger.Payout, error) {
	row, err := loadPayout(w.ctx, w.tx, req.PayoutID)
	if err != nil {
		return ledger.Payout{}, err
	}
	p := row.Payout
	pot, err := w.s.cache.pot(w, p.PotID)
	if err != nil {
		return p, err
	}
	level, err := pot.CheckDecision(&p, actor)
	if err != nil {
		return p, err
	}
	p.Decision = &ledger.PayoutDecision{Outcome: req.Outcome, By: actor.User, Role: actor.Role, At: w.now, Note: req.Note, Mandate: level}
	t := ledger.Transaction{
		Ref: string(p.ID), PotID: p.PotID, ValueDate: w.today(), Actor: actor.User, ActorRole: actor.Role,
		Digest: ledger.DecisionDigest(row.salt, p.ID, p.Decision),
	}
	if req.Outcome == ledger.OutcomeApprove {
		p.Status = ledger.StatusApproved
		t.Kind, t.Memo = ledger.TxPayoutApproved, "approved under the mandate "+level.String()
		t.Postings = ledger.ApprovalPostings(p.PotID, p.Amount, true)
	} else {
		p.Status = ledger.StatusRejected
		t.Kind, t.Memo = ledger.TxPayoutRejected, "rejected under the mandate "+level.String()
		t.Postings = ledger.ReleasePostings(p.PotID, p.Amount)
	}
	if err := w.book(&t); err != nil {
		return p, err
	}
	return p, w.recordDecision(&p, t.Seq)
}

// ReversePayout corrects an approved, unpaid payout with a reversing entry.
func (s *Store) ReversePayout(ctx context.Context, actor ledger.Actor, req ledger.Reversal) (ledger.Payout, error) {
	if err := actor.Can(ledger.ActReversePayout, "reverse payouts"); err != nil {
		return ledger.Payout{}, err
	}
	if err := req.Validate(); err != nil {
		return ledger.Payout{}, err
	}
	key := req.IdempotencyKey
	req.IdempotencyKey = ""
	fp := ledger.Fingerprint("reverse_payout", req)
	var p ledger.Payout
	err := s.write(ctx, "reverse payout", func(w *wtx) error {
		var err error
		p, err = idempotentPayout(w, actor, key, "reverse_payout", fp, func() (ledger.Payout, error) {
			return w.reversePayout(actor, &req)
		})
		return err
	})
	return p, internal("reverse payout", err)
}

func (w *wtx) reversePayout(actor ledger.Actor, req *ledger.Reversal) (ledger.Payout, error) {
	row, err := loadPayout(w.ctx, w.tx, req.PayoutID)
	if err != nil {
		return ledger.Payout{}, err
	}
	p := row.Payout
	switch p.Status {
	case ledger.StatusApproved:
	case ledger.StatusPaid:
		return p, ledger.Errorf(ledger.ECONFLICT, "payout %s has been paid, so it cannot be reversed; the money has left the bank", p.ID)
	case ledger.StatusPending:
		return p, ledger.Errorf(ledger.ECONFLICT, "payout %s is waiting for a decision; reject it instead of reversing it", p.ID)
	default:
		return p, ledger.Errorf(ledger.ECONFLICT, "payout %s is %s; only an approved payout can be reversed", p.ID, p.Status)
	}
	if row.allocationVersion > 0 {
		// The cost goes away, so its allocation does too: first undo it.
		a, err := loadAllocation(w.ctx, w.tx, p.ID, row.allocationVersion)
		if err != nil {
			return p, err
		}
		if err := w.withdrawAllocation(actor, &p, &a, "payout reversed: "+req.Reason); err != nil {
			return p, err
		}
		p.Allocated = 0
	}
	p.Status = ledger.StatusReversed
	p.Reversal = &ledger.PayoutReversal{By: actor.User, Role: actor.Role, At: w.now, Reason: req.Reason}
	t := ledger.Transaction{
		Kind: ledger.TxPayoutReversed, Ref: string(p.ID), PotID: p.PotID, ValueDate: w.today(),
		Actor: actor.User, ActorRole: actor.Role, Digest: ledger.ReversalDigest(row.salt, p.ID, p.Reversal),
		Reverses: row.decisionSeq, Memo: "reverses the approval",
		Postings: ledger.ReversalPostings(p.PotID, p.Amount),
	}
	if err := w.book(&t); err != nil {
		return p, err
	}
	res, err := w.exec(`UPDATE payouts SET status = 'reversed', reversed_by = ?, reversed_role = ?, reversed_at = ?, reversal_reason = ?, reversal_seq = ?,
			allocated = 0, allocation_version = 0
		WHERE id = ? AND status = 'approved'`, actor.User, string(actor.Role), formatTime(w.now), req.Reason, t.Seq, string(p.ID))
	if err != nil {
		return p, err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return p, errors.New("payout " + string(p.ID) + " changed while being reversed")
	}
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

// Payout returns one payout.
func (s *Store) Payout(ctx context.Context, id ledger.PayoutID) (ledger.Payout, error) {
	r, err := loadPayout(ctx, s.readDB, id)
	return r.Payout, internal("read payout", err)
}

// Payouts lists payouts, newest first, a page at a time.
func (s *Store) Payouts(ctx context.Context, f ledger.PayoutFilter) (ledger.PayoutPage, error) {
	if err := f.Normalise(); err != nil {
		return ledger.PayoutPage{}, err
	}
	var where []string
	var args []any
	add := func(cond string, v any) {
		where = append(where, cond)
		args = append(args, v)
	}
	if f.PotID != "" {
		add("p.pot_id = ?", string(f.PotID))
	}
	if f.Status != "" {
		add("p.status = ?", string(f.Status))
	}
	if f.Category != "" {
		add("p.category = ?", f.Category)
	}
	if f.RequestedBy != "" {
		add("p.requested_by = ?", f.RequestedBy)
	}
	if f.Urgency != "" {
		add("p.urgency = ?", string(f.Urgency))
	}
	if !f.From.IsZero() {
		add("p.value_date >= ?", f.From.String())
	}
	if !f.To.IsZero() {
		add("p.value_date <= ?", f.To.String())
	}
	if f.After != "" {
		add("p.request_seq < COALESCE((SELECT request_seq FROM payouts WHERE id = ?), 0)", string(f.After))
	}
	query := `SELECT ` + payoutColumns + ` FROM payouts p LEFT JOIN payees y ON y.payout_id = p.id`
	if len(where) > 0 {
		query += " WHERE " + strings.Join(where, " AND ")
	}
	query += " ORDER BY p.request_seq DESC LIMIT ?"
	args = append(args, f.Limit+1)
	rows, err := s.readDB.QueryContext(ctx, query, args...)
	if err != nil {
		return ledger.PayoutPage{}, internal("list payouts", err)
	}
	defer rows.Close()
	var page ledger.PayoutPage
	for rows.Next() {
		r, err := scanPayout(rows)
		if err != nil {
			return ledger.PayoutPage{}, internal("list payouts", err)
		}
		page.Payouts = append(page.Payouts, r.Payout)
	}
	if err := rows.Err(); err != nil {
		return ledger.PayoutPage{}, internal("list payouts", err)
	}
	if len(page.Payouts) > f.Limit {
		page.Payouts = page.Payouts[:f.Limit]
		page.Next = page.Payouts[f.Limit-1].ID
	}
	ids := make([]ledger.PayoutID, len(page.Payouts))
	for i, p := range page.Payouts {
		ids[i] = p.ID
	}
	devs, err := loadDeviations(ctx, s.readDB, ids)
	if err != nil {
		return ledger.PayoutPage{}, internal("list payouts", err)
	}
	for i := range page.Payouts {
		page.Payouts[i].Justification.DeviatesFrom = devs[page.Payouts[i].ID]
	}
	return page, nil
}

// PayoutCounts returns the number of payouts in each status.
func (s *Store) PayoutCounts(ctx context.Context) (map[ledger.Status]int, error) {
	rows, err := s.readDB.QueryContext(ctx, `SELECT status, COUNT(*) FROM payouts GROUP BY status`)
	if err != nil {
		return nil, internal("count payouts", err)
	}
	defer rows.Close()
	counts := map[ledger.Status]int{}
	for rows.Next() {
		var st string
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return nil, internal("count payouts", err)
		}
		counts[ledger.Status(st)] = n
	}
	return counts, internal("count payouts", rows.Err())
}
