package sqlengine

import (
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/ontschot/ontschot/ledger"
)

// The reads Verify compares with the journal (ledger.AuditReads), and the
// writes of the baseline of coverage (ledger.AuditWrites). Each read is one
// query whose rows are handed on as they come, each record joined with the
// journal transactions it refers to: a PostgreSQL connection runs one query
// at a time, so a record cannot be completed by a second query while the
// first is open. Records that must be handed on whole (an allocation with
// its lines, a payment group with its items) are read as one row per line,
// in key order, and gathered until the key changes.
//
// With after > 0 (an incremental verification) each read finds its records
// from the journal's transactions after `after`, through the journal's
// primary key and the records' own keys, so that it costs what was
// appended since and not what the ledger holds.

// refColumns selects what the audit reads of the journal transaction
// aliased a (every column but the hashes), empty and 0 when there is no
// such transaction. scanRef reads them.
func refColumns(a string) string {
	return strings.NewReplacer("j.", a+".").Replace(`COALESCE(j.seq, 0), COALESCE(j.kind, ''), COALESCE(j.ref, ''), COALESCE(j.pot_id, ''),
		COALESCE(j.value_date, ''), COALESCE(j.recorded_at, ''), COALESCE(j.actor, ''), COALESCE(j.actor_role, ''), COALESCE(j.memo, ''),
		COALESCE(j.digest, ''), COALESCE(j.payee_digest, ''), COALESCE(j.reverses, 0)`)
}

// ref scans the columns of refColumns into a transaction.
type ref struct {
	t                       *ledger.Transaction
	kind, pot, vd, at, role string
}

func scanRef(t *ledger.Transaction) *ref { return &ref{t: t} }

// dest returns the scan targets, in the order of refColumns.
func (x *ref) dest() []any { return x.appendDest(make([]any, 0, 12)) }

// appendDest appends the scan targets to dst.
func (x *ref) appendDest(dst []any) []any {
	t := x.t
	return append(dst, &t.Seq, &x.kind, &t.Ref, &x.pot, &x.vd, &x.at, &t.Actor, &x.role, &t.Memo, &t.Digest, &t.PayeeDigest, &t.Reverses)
}

// done converts what was scanned into the transaction's types. The
// instant and date of a transaction that is not there stay zero, without
// parsing "".
func (x *ref) done() {
	t := x.t
	t.Kind, t.PotID, t.ActorRole = ledger.TxKind(x.kind), ledger.PotID(x.pot), ledger.Role(x.role)
	t.ValueDate, t.RecordedAt = ledger.Date{}, time.Time{}
	if x.vd != "" {
		t.ValueDate = parseDate(x.vd)
	}
	if x.at != "" {
		t.RecordedAt = parseTime(x.at)
	}
}

// AuditAccounts calls fn with every account's stored balance, in the order
// the accounts were opened (ledger.AuditReads). Inside a write it reads
// the balances as stored, not as the write has moved them.
func (r *reader) AuditAccounts(fn func(ledger.AccountBalance) error) error {
	return r.each(`SELECT name, balance FROM accounts ORDER BY id`, func(rows *sql.Rows) error {
		var a ledger.AccountBalance
		var bal int64
		if err := rows.Scan(&a.Name, &bal); err != nil {
			return err
		}
		a.Balance = ledger.Cents(bal)
		return fn(a)
	})
}

// LastPosting returns the last transaction that posted to an account
// (ledger.AuditReads). Postings have no index by account: it is meant for
// the few accounts a verification finds wrong.
func (r *reader) LastPosting(account string) (int64, error) {
	var seq int64
	err := r.queryRow(`SELECT COALESCE(MAX(p.seq), 0) FROM postings p JOIN accounts a ON a.id = p.account_id WHERE a.name = ?`, account).Scan(&seq)
	return seq, err
}

// touchedPayouts selects the ids of the payouts that the transactions
// after the three ? name (their request, decision, reversal, payee,
// allocations, evaluations), pay (a payment's transaction names its
// batch), or erase the payee of.
//
// The erased payees are read through their partial index: to merge the
// union without a sort, SQLite (3.54) would rather walk every payee by
// its key.
func (r *reader) touchedPayouts() string {
	return `SELECT j.ref AS id FROM journal j WHERE j.seq > ? AND j.kind IN ('payout_held', 'payout_approved', 'payout_rejected',
			'payout_reversed', 'payee_set', 'payout_allocated', 'allocation_reversed', 'payout_evaluated', 'payout_settled', 'payout_returned')
		UNION SELECT i.payout_id FROM payment_items i WHERE i.batch_id IN (SELECT j.ref FROM journal j WHERE j.seq > ? AND j.kind = 'payouts_paid')
		UNION SELECT y.payout_id FROM payees y` + r.db.d.IndexedBy("payees_erased") + ` WHERE y.erased_seq IS NOT NULL AND y.erased_seq > ?`
}

// AuditPayouts calls fn with every payout and what refers to it, or with
// those touched after `after` (ledger.AuditReads). The rows come in the
// table's order: sorting a million wide rows costs seconds, and the
// verification chooses the earliest failure itself. One record and one set
// of scan targets serve every row, so a million rows cost no more memory
// than one.
func (r *reader) AuditPayouts(after int64, fn func(*ledger.AuditPayout) error) error {
	from := `payouts p`
	var args []any
	if after > 0 {
		from, args = `(`+r.touchedPayouts()+`) t JOIN payouts p ON p.id = t.id`, []any{after, after, after}
	}
	query := `SELECT ` + r.payoutColumns() + `, p.eval_version, COALESCE(p.eval_outcome, ''), p.eval_regretted,
			` + refColumns("jr") + `, ` + refColumns("jd") + `, ` + refColumns("jv") + `, ` + refColumns("js") + `, ` + refColumns("jt") + `,
			COALESCE(jy.ref, ''), COALESCE(jy.payee_digest, ''), i.payout_id IS NOT NULL, COALESCE(g.seq, 0),
			EXISTS (SELECT 1 FROM allocations a WHERE a.payout_id = p.id), EXISTS (SELECT 1 FROM evaluations e WHERE e.payout_id = p.id)
		FROM ` + from + `
		LEFT JOIN payees y ON y.payout_id = p.id
		LEFT JOIN journal jr ON jr.seq = p.request_seq
		LEFT JOIN journal jd ON jd.seq = p.decision_seq
		LEFT JOIN journal jv ON jv.seq = p.reversal_seq
		LEFT JOIN journal js ON js.seq = p.settle_seq
		LEFT JOIN journal jt ON jt.seq = p.return_seq
		LEFT JOIN journal jy ON jy.seq = y.seq
		LEFT JOIN payment_items i ON i.payout_id = p.id
		LEFT JOIN payment_groups g ON g.batch_id = i.batch_id AND g.pot_id = p.pot_id`
	var x ledger.AuditPayout
	var outcome string
	var regretted int64
	jr, jd, jv := scanRef(&x.RequestTx), scanRef(&x.DecisionTx), scanRef(&x.ReversalTx)
	js, jt := scanRef(&x.SettleTx), scanRef(&x.ReturnTx)
	extra := make([]any, 0, 3+5*12+6)
	extra = append(extra, &x.StoredEvaluation.Version, &outcome, &regretted)
	extra = jt.appendDest(js.appendDest(jv.appendDest(jd.appendDest(jr.appendDest(extra)))))
	extra = append(extra, &x.PayeeTx.Ref, &x.PayeeTx.PayeeDigest, &x.InBatch, &x.PaidSeq, &x.HasAllocations, &x.HasEvaluations)
	return r.each(query, func(rows *sql.Rows) error {
		row, err := scanPayout(rows, extra...)
		if err != nil {
			return err
		}
		jr.done()
		jd.done()
		jv.done()
		js.done()
		jt.done()
		x.PayoutRow = *row
		x.StoredEvaluation.Outcome, x.StoredEvaluation.Regretted = ledger.EvalOutcome(outcome), ledger.Cents(regretted)
		return fn(&x)
	}, args...)
}

// AuditContributions calls fn with every contribution booked after `after`
// and the transaction that booked it, in order of that transaction
// (ledger.AuditReads). Contributions are few: the table is read whole.
func (r *reader) AuditContributions(after int64, fn func(*ledger.Contribution, *ledger.Transaction) error) error {
	return r.each(`SELECT c.id, c.pot_id, c.partner_id, c.amount, c.value_date, c.reference, c.recorded_by, c.recorded_at, c.seq, `+refColumns("j")+`
		FROM contributions c LEFT JOIN journal j ON j.seq = c.seq WHERE c.seq > ? ORDER BY c.seq`, func(rows *sql.Rows) error {
		var c ledger.Contribution
		var t ledger.Transaction
		var amount int64
		var vd, at string
		j := scanRef(&t)
		if err := rows.Scan(append([]any{&c.ID, &c.PotID, &c.PartnerID, &amount, &vd, &c.Reference, &c.RecordedBy, &at, &c.JournalSeq}, j.dest()...)...); err != nil {
			return err
		}
		j.done()
		c.Amount, c.ValueDate, c.RecordedAt = ledger.Cents(amount), parseDate(vd), parseTime(at)
		return fn(&c, &t)
	}, after)
}

// AuditAllocations calls fn with every version of every allocation with
// its lines, by payout and version (ledger.AuditReads): one row per line,
// gathered per version. Lines of a version that is not there are never
// read (the foreign key keeps them from being written). With after, the
// allocations of the payouts an allocation or its reversal after it names,
// found by the allocations' key.
func (r *reader) AuditAllocations(after int64, fn func(*ledger.AuditAllocation) error) error {
	where := ""
	var args []any
	if after > 0 {
		where, args = ` WHERE a.payout_id IN (SELECT j.ref FROM journal j WHERE j.seq > ? AND j.kind IN ('payout_allocated', 'allocation_reversed'))`, []any{after}
	}
	rows, err := r.query(`SELECT a.payout_id, a.version, a.pot_id, a.allocated, a.note, a.salt, a.by_user, a.role, a.at, a.seq,
			a.suggested_by, a.followed_suggestion, COALESCE(a.reversal_seq, 0), a.replaced_at, COALESCE(a.reversal_note, ''),
			p.amount, p.request_seq, p.allocation_version, p.allocated, `+refColumns("j")+`, `+refColumns("jr")+`,
			l.n, COALESCE(l.target, ''), COALESCE(l.taakveld, ''), COALESCE(l.economic_category, ''), COALESCE(l.party_id, ''),
			COALESCE(l.amount, 0), COALESCE(l.receivable_id, '')
		FROM allocations a
		JOIN payouts p ON p.id = a.payout_id
		LEFT JOIN journal j ON j.seq = a.seq
		LEFT JOIN journal jr ON jr.seq = a.reversal_seq
		LEFT JOIN allocation_lines l ON l.payout_id = a.payout_id AND l.version = a.version`+where+`
		ORDER BY a.payout_id, a.version, l.n`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	var cur *ledger.AuditAllocation
	for rows.Next() {
		var x ledger.AuditAllocation
		a := &x.Allocation
		var allocated, amount, payoutAllocated, lineAmount int64
		var role, at string
		var replaced sql.NullString
		var n sql.NullInt64
		var l ledger.AllocationLine
		var target, ecat, party, rcv string
		jb, jr := scanRef(&x.BookedTx), scanRef(&x.ReversalTx)
		dest := []any{&a.PayoutID, &a.Version, &a.PotID, &allocated, &a.Note, &x.Salt, &a.By, &role, &at, &a.JournalSeq,
			&a.SuggestedBy, &a.FollowedSuggestion, &a.ReversalSeq, &replaced, &a.ReversalNote,
			&amount, &x.PayoutRequestSeq, &x.PayoutVersion, &payoutAllocated}
		dest = append(append(dest, jb.dest()...), jr.dest()...)
		dest = append(dest, &n, &target, &l.Taakveld, &ecat, &party, &lineAmount, &rcv)
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		l.Target, l.EconomicCategory, l.PartyID, l.Amount, l.ReceivableID =
			ledger.Target(target), ledger.EconomicCategory(ecat), ledger.PartyID(party), ledger.Cents(lineAmount), ledger.ReceivableID(rcv)
		if cur != nil && cur.PayoutID == a.PayoutID && cur.Version == a.Version {
			cur.Lines = append(cur.Lines, l)
			continue
		}
		if cur != nil {
			if err := fn(cur); err != nil {
				return err
			}
		}
		jb.done()
		jr.done()
		a.Allocated, a.PayoutAmount, a.Role, a.At, a.ReplacedAt = ledger.Cents(allocated), ledger.Cents(amount), ledger.Role(role), parseTime(at), nullTime(replaced)
		a.Unallocated, a.Current = a.PayoutAmount-a.Allocated, x.PayoutVersion == a.Version
		x.PayoutAllocated = ledger.Cents(payoutAllocated)
		if n.Valid {
			a.Lines = []ledger.AllocationLine{l}
		}
		cur = &x
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if cur != nil {
		return fn(cur)
	}
	return nil
}

// AuditSettlements calls fn with every settlement and the transaction that
// booked it, in the order they were recorded (ledger.AuditReads). With
// after, those booked after it, found by their receivables.
func (r *reader) AuditSettlements(after int64, fn func(*ledger.Settlement, *ledger.Transaction) error) error {
	where := ""
	var args []any
	if after > 0 {
		where, args = ` WHERE s.seq > ? AND s.receivable_id IN (SELECT j.ref FROM journal j WHERE j.seq > ? AND j.kind = 'receivable_settled')`, []any{after, after}
	}
	return r.each(`SELECT s.receivable_id, s.amount, s.value_date, s.reference, s.by_user, s.at, s.seq, `+refColumns("j")+`
		FROM settlements s LEFT JOIN journal j ON j.seq = s.seq`+where+` ORDER BY s.id`, func(rows *sql.Rows) error {
		var s ledger.Settlement
		var t ledger.Transaction
		var amount int64
		var vd, at string
		j := scanRef(&t)
		if err := rows.Scan(append([]any{&s.ReceivableID, &amount, &vd, &s.Reference, &s.By, &at, &s.JournalSeq}, j.dest()...)...); err != nil {
			return err
		}
		j.done()
		s.Amount, s.ValueDate, s.At = ledger.Cents(amount), parseDate(vd), parseTime(at)
		return fn(&s, &t)
	}, args...)
}

// AuditEvaluations calls fn with every version of every evaluation, by
// payout and version (ledger.AuditReads); with after, of the payouts an
// evaluation after it names, found by the evaluations' key.
func (r *reader) AuditEvaluations(after int64, fn func(*ledger.AuditEvaluation) error) error {
	where := ""
	var args []any
	if after > 0 {
		where, args = ` WHERE e.payout_id IN (SELECT j.ref FROM journal j WHERE j.seq > ? AND j.kind = 'payout_evaluated')`, []any{after}
	}
	return r.each(`SELECT e.payout_id, e.version, e.outcome, e.regretted, e.note, e.by_user, e.role, e.at, e.seq,
			p.salt, p.request_seq, p.eval_version, COALESCE(p.eval_outcome, ''), p.eval_regretted, `+refColumns("j")+`
		FROM evaluations e JOIN payouts p ON p.id = e.payout_id LEFT JOIN journal j ON j.seq = e.seq`+where+`
		ORDER BY e.payout_id, e.version`, func(rows *sql.Rows) error {
		var x ledger.AuditEvaluation
		e := &x.Evaluation
		var outcome, role, at, storedOutcome string
		var regretted, storedRegretted int64
		j := scanRef(&x.BookedTx)
		dest := []any{&e.PayoutID, &e.Version, &outcome, &regretted, &e.Note, &e.By, &role, &at, &e.JournalSeq,
			&x.Salt, &x.PayoutRequestSeq, &x.PayoutEvaluation.Version, &storedOutcome, &storedRegretted}
		if err := rows.Scan(append(dest, j.dest()...)...); err != nil {
			return err
		}
		j.done()
		e.Outcome, e.Regretted, e.Role, e.At = ledger.EvalOutcome(outcome), ledger.Cents(regretted), ledger.Role(role), parseTime(at)
		x.PayoutEvaluation.Outcome, x.PayoutEvaluation.Regretted = ledger.EvalOutcome(storedOutcome), ledger.Cents(storedRegretted)
		return fn(&x)
	}, args...)
}

// AuditPaymentGroups calls fn with every payment group booked after
// `after`, its batch's header and its items, by batch and pot
// (ledger.AuditReads): one row per item, gathered per group. With after,
// the groups are found by the batches the payments after it name, so that
// the query starts from them and not from the payouts.
func (r *reader) AuditPaymentGroups(after int64, fn func(*ledger.AuditPaymentGroup) error) error {
	where := ""
	args := []any{after}
	if after > 0 {
		where, args = ` AND g.batch_id IN (SELECT j.ref FROM journal j WHERE j.seq > ? AND j.kind = 'payouts_paid')`, []any{after, after}
	}
	rows, err := r.query(`SELECT g.batch_id, g.pot_id, b.created_at, b.created_by, b.execution_date, b.remittance,
			g.seq, COALESCE(g.pot_name, ''), g.debtor_name, g.debtor_iban, g.debtor_bic, g.debtor_town, g.debtor_country, g.payouts, g.amount,
			`+refColumns("j")+`, i.payout_id, i.amount, p.urgency
		FROM payment_groups g
		JOIN payment_batches b ON b.id = g.batch_id
		LEFT JOIN journal j ON j.seq = g.seq
		JOIN payment_items i ON i.batch_id = g.batch_id
		JOIN payouts p ON p.id = i.payout_id AND p.pot_id = g.pot_id
		WHERE g.seq > ?`+where+`
		ORDER BY g.batch_id, g.pot_id, i.n`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	var cur *ledger.AuditPaymentGroup
	for rows.Next() {
		var x ledger.AuditPaymentGroup
		g, d := &x.Group, &x.Group.Debtor
		var at, exec, iban, urgency string
		var groupAmount, amount int64
		var it ledger.PaymentItem
		j := scanRef(&x.BookedTx)
		dest := []any{&x.Batch.ID, &g.PotID, &at, &x.Batch.CreatedBy, &exec, &x.Batch.Remittance,
			&g.JournalSeq, &g.PotName, &d.Name, &iban, &d.BIC, &d.Town, &d.Country, &g.Payouts, &groupAmount}
		dest = append(append(dest, j.dest()...), &it.PayoutID, &amount, &urgency)
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		it.PotID, it.Amount, it.Urgency = g.PotID, ledger.Cents(amount), ledger.Urgency(urgency)
		if cur != nil && cur.Batch.ID == x.Batch.ID && cur.Group.PotID == g.PotID {
			cur.Items = append(cur.Items, it)
			continue
		}
		if cur != nil {
			if err := fn(cur); err != nil {
				return err
			}
		}
		j.done()
		x.Batch.CreatedAt, x.Batch.ExecutionDate = parseTime(at), parseDate(exec)
		d.IBAN, g.Amount = ledger.IBAN(iban), ledger.Cents(groupAmount)
		x.Items = []ledger.PaymentItem{it}
		cur = &x
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if cur != nil {
		return fn(cur)
	}
	return nil
}

// AuditPaymentBatches calls fn with every batch's figures beside its
// parts', by batch id (ledger.AuditReads); with after, of the batches a
// payment after it names. A batch without groups is read only whole.
func (r *reader) AuditPaymentBatches(after int64, fn func(*ledger.AuditPaymentBatch) error) error {
	where := ""
	var args []any
	if after > 0 {
		where, args = ` WHERE b.id IN (SELECT j.ref FROM journal j WHERE j.seq > ? AND j.kind = 'payouts_paid')`, []any{after}
	}
	return r.each(`SELECT b.id, b.payouts, b.amount, CAST(COALESCE(SUM(g.payouts), 0) AS BIGINT), CAST(COALESCE(SUM(g.amount), 0) AS BIGINT),
			COALESCE(MIN(g.seq), 0), (SELECT COUNT(*) FROM payment_items i WHERE i.batch_id = b.id)
		FROM payment_batches b LEFT JOIN payment_groups g ON g.batch_id = b.id`+where+`
		GROUP BY b.id, b.payouts, b.amount ORDER BY b.id`, func(rows *sql.Rows) error {
		var x ledger.AuditPaymentBatch
		var amount, groupAmount int64
		if err := rows.Scan(&x.ID, &x.Payouts, &amount, &x.GroupPayouts, &groupAmount, &x.FirstSeq, &x.Items); err != nil {
			return err
		}
		x.Amount, x.GroupAmount = ledger.Cents(amount), ledger.Cents(groupAmount)
		return fn(&x)
	}, args...)
}

// AuditReceivables calls fn with every receivable, the allocation line
// that names it and the sum of its settlements (ledger.AuditReads). With
// after, the receivables of the payouts an allocation or its reversal
// after it names and those a settlement after it settled, each with its
// settlements summed by its key (where a full read sums them all at once).
// The line is looked up among the lines of the receivable's payout, by the
// lines' key: allocation lines have no index by receivable, and a scan of
// every line for every receivable grows with the square of the ledger. A
// receivable whose payout was changed by hand thus has no line.
func (r *reader) AuditReceivables(after int64, fn func(*ledger.AuditReceivable) error) error {
	from, total := `receivables r`, `COALESCE(st.total, 0)`
	settled := `
		LEFT JOIN (SELECT receivable_id, CAST(SUM(amount) AS BIGINT) AS total FROM settlements GROUP BY receivable_id) st ON st.receivable_id = r.id`
	var args []any
	if after > 0 {
		from = `(SELECT x.id FROM receivables x WHERE x.payout_id IN
				(SELECT j.ref FROM journal j WHERE j.seq > ? AND j.kind IN ('payout_allocated', 'allocation_reversed'))
			UNION SELECT j.ref FROM journal j WHERE j.seq > ? AND j.kind = 'receivable_settled') t
			JOIN receivables r ON r.id = t.id`
		total, settled = `(SELECT CAST(COALESCE(SUM(s.amount), 0) AS BIGINT) FROM settlements s WHERE s.receivable_id = r.id)`, ""
		args = []any{after, after}
	}
	return r.each(`SELECT r.id, r.pot_id, r.payout_id, r.party_id, r.allocation_version, r.amount, r.settled, r.status, r.created_at,
			l.receivable_id IS NOT NULL, COALESCE(l.payout_id, ''), COALESCE(l.version, 0), COALESCE(l.party_id, ''), COALESCE(l.amount, 0),
			COALESCE(a.seq, 0), a.reversal_seq IS NOT NULL, `+total+`
		FROM `+from+`
		LEFT JOIN allocation_lines l ON l.payout_id = r.payout_id AND l.receivable_id = r.id
		LEFT JOIN allocations a ON a.payout_id = l.payout_id AND a.version = l.version`+settled,
		func(rows *sql.Rows) error {
			var x ledger.AuditReceivable
			var amount, settled, lineAmount, total int64
			var status, at string
			if err := rows.Scan(&x.ID, &x.PotID, &x.PayoutID, &x.PartyID, &x.AllocationVersion, &amount, &settled, &status, &at,
				&x.HasLine, &x.LinePayoutID, &x.LineVersion, &x.LinePartyID, &lineAmount, &x.LineSeq, &x.LineReversed, &total); err != nil {
				return err
			}
			x.Amount, x.Settled, x.Status, x.CreatedAt = ledger.Cents(amount), ledger.Cents(settled), ledger.ReceivableStatus(status), parseTime(at)
			x.LineAmount, x.SettlementsTotal = ledger.Cents(lineAmount), ledger.Cents(total)
			return fn(&x)
		}, args...)
}

// AuditErasures calls fn with every erasure the payees name, with the
// payouts whose payees name it (ledger.AuditReads): one row per payee,
// gathered per erasure. The ids of one erasure are kept together, since
// its digest is over all of them. With after, the erasures after it.
func (r *reader) AuditErasures(after int64, fn func(*ledger.AuditErasure) error) error {
	rows, err := r.query(`SELECT y.erased_seq, y.payout_id, `+refColumns("j")+`
		FROM payees y LEFT JOIN journal j ON j.seq = y.erased_seq
		WHERE y.erased_seq IS NOT NULL AND y.erased_seq > ? ORDER BY y.erased_seq, y.payout_id`, after)
	if err != nil {
		return err
	}
	defer rows.Close()
	var cur *ledger.AuditErasure
	for rows.Next() {
		var x ledger.AuditErasure
		var id ledger.PayoutID
		j := scanRef(&x.BookedTx)
		if err := rows.Scan(append([]any{&x.Seq, &id}, j.dest()...)...); err != nil {
			return err
		}
		if cur != nil && cur.Seq == x.Seq {
			cur.Payouts = append(cur.Payouts, id)
			continue
		}
		if cur != nil {
			if err := fn(cur); err != nil {
				return err
			}
		}
		j.done()
		x.Payouts = []ledger.PayoutID{id}
		cur = &x
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if cur != nil {
		return fn(cur)
	}
	return nil
}

// AuditClosedPeriods calls fn with every closed period closed after
// `after` and the transaction that closed it (ledger.AuditReads).
func (r *reader) AuditClosedPeriods(after int64, fn func(*ledger.ClosedPeriod, *ledger.Transaction) error) error {
	return r.each(`SELECT c.start_date, c.end_date, c.label, c.closed_by, c.closed_at, c.seq, `+refColumns("j")+`
		FROM closed_periods c LEFT JOIN journal j ON j.seq = c.seq WHERE c.seq > ? ORDER BY c.seq`, func(rows *sql.Rows) error {
		var cp ledger.ClosedPeriod
		var t ledger.Transaction
		var start, end, at string
		j := scanRef(&t)
		if err := rows.Scan(append([]any{&start, &end, &cp.Label, &cp.ClosedBy, &at, &cp.JournalSeq}, j.dest()...)...); err != nil {
			return err
		}
		j.done()
		cp.Start, cp.End, cp.ClosedAt = parseDate(start), parseDate(end), parseTime(at)
		return fn(&cp, &t)
	}, after)
}

// AuditTaakveldImports calls fn with every import of the code list that
// names a transaction after `after` (ledger.AuditReads).
func (r *reader) AuditTaakveldImports(after int64, fn func(int64, string, *ledger.Transaction) error) error {
	return r.each(`SELECT t.seq, t.digest, `+refColumns("j")+`
		FROM taakveld_imports t LEFT JOIN journal j ON j.seq = t.seq WHERE t.seq IS NOT NULL AND t.seq > ? ORDER BY t.seq`, func(rows *sql.Rows) error {
		var seq int64
		var digest string
		var t ledger.Transaction
		j := scanRef(&t)
		if err := rows.Scan(append([]any{&seq, &digest}, j.dest()...)...); err != nil {
			return err
		}
		j.done()
		return fn(seq, digest, &t)
	}, after)
}

// AuditSessions calls fn with every web session and the transaction that
// committed to it, oldest first (ledger.AuditReads). A session whose user
// is gone is read too, with an empty role.
func (r *reader) AuditSessions(fn func(*ledger.SessionRow, *ledger.Transaction) error) error {
	return r.each(`SELECT w.hash, w.user_name, COALESCE(u.role, ''), COALESCE(u.partner_id, ''), w.csrf, w.created_at, w.last_seen, w.expires_at,
			COALESCE(w.seq, 0), `+refColumns("j")+`
		FROM web_sessions w LEFT JOIN users u ON u.name = w.user_name LEFT JOIN journal j ON j.seq = w.seq
		ORDER BY w.created_at, w.hash`, func(rows *sql.Rows) error {
		var s ledger.SessionRow
		var t ledger.Transaction
		var role, partner, created, seen, expires string
		j := scanRef(&t)
		if err := rows.Scan(append([]any{&s.Hash, &s.User, &role, &partner, &s.CSRF, &created, &seen, &expires, &s.Seq}, j.dest()...)...); err != nil {
			return err
		}
		j.done()
		s.Role, s.Partner = ledger.Role(role), ledger.PartnerID(partner)
		s.CreatedAt, s.LastSeen, s.ExpiresAt = parseTime(created), parseTime(seen), parseTime(expires)
		return fn(&s, &t)
	})
}

// AuditAnswers calls fn with every stored answer and the transaction that
// committed to it, by that transaction and then in the order they were
// stored (ledger.AuditReads). Answers committed to by none come together,
// first. With after, the answers committed to after it and those committed
// to by none, through the index on seq.
func (r *reader) AuditAnswers(after int64, fn func(*ledger.StoredAnswer, *ledger.Transaction) error) error {
	where := ""
	var args []any
	if after > 0 {
		where, args = ` WHERE k.seq IS NULL OR k.seq > ?`, []any{after}
	}
	return r.each(`SELECT k.actor, k.key, k.operation, k.fingerprint, k.result, k.created_at, COALESCE(k.seq, 0), `+refColumns("j")+`
		FROM idempotency_keys k LEFT JOIN journal j ON j.seq = k.seq`+where+` ORDER BY COALESCE(k.seq, 0), k.id`, func(rows *sql.Rows) error {
		var a ledger.StoredAnswer
		var t ledger.Transaction
		var at string
		j := scanRef(&t)
		if err := rows.Scan(append([]any{&a.Actor, &a.Key, &a.Operation, &a.Fingerprint, &a.Result, &at, &a.Seq}, j.dest()...)...); err != nil {
			return err
		}
		j.done()
		a.CreatedAt = parseTime(at)
		return fn(&a, &t)
	}, args...)
}

// Unrecorded calls fn with every transaction after `after` whose record
// does not refer to it (ledger.AuditReads): one scan of the journal from
// there, with an index lookup of the record for the transactions of each
// kind.
func (r *reader) Unrecorded(after int64, fn func(*ledger.Transaction) error) error {
	return r.each(`SELECT j.seq, j.kind, j.ref, j.pot_id, j.value_date, j.recorded_at, j.actor, j.actor_role, j.memo, j.digest, j.payee_digest, j.reverses, j.prev_hash, j.hash
		FROM journal j WHERE j.seq > ? AND (
		(j.kind IN `+payoutHistoryKinds+` AND NOT EXISTS (SELECT 1 FROM payouts p WHERE p.id = j.ref AND j.seq IN (p.request_seq, p.decision_seq, p.reversal_seq)))
		OR (j.kind = 'contribution' AND NOT EXISTS (SELECT 1 FROM contributions c WHERE c.id = j.ref AND c.seq = j.seq))
		OR (j.kind = 'payout_allocated' AND NOT EXISTS (SELECT 1 FROM allocations a WHERE a.payout_id = j.ref AND a.seq = j.seq))
		OR (j.kind = 'allocation_reversed' AND NOT EXISTS (SELECT 1 FROM allocations a WHERE a.payout_id = j.ref AND a.reversal_seq = j.seq))
		OR (j.kind = 'receivable_settled' AND NOT EXISTS (SELECT 1 FROM settlements s WHERE s.receivable_id = j.ref AND s.seq = j.seq))
		OR (j.kind = 'payout_evaluated' AND NOT EXISTS (SELECT 1 FROM evaluations e WHERE e.payout_id = j.ref AND e.seq = j.seq))
		OR (j.kind = 'period_closed' AND NOT EXISTS (SELECT 1 FROM closed_periods c WHERE c.seq = j.seq))
		OR (j.kind = 'taakvelden_imported' AND NOT EXISTS (SELECT 1 FROM taakveld_imports t WHERE t.seq = j.seq))
		OR (j.kind = 'personal_data_erased' AND NOT EXISTS (SELECT 1 FROM payees y WHERE y.erased_seq = j.seq))
		OR (j.kind = 'answers_recorded' AND NOT EXISTS (SELECT 1 FROM idempotency_keys k WHERE k.seq = j.seq))
		OR (j.kind IN ('payout_settled', 'payout_returned') AND NOT EXISTS (SELECT 1 FROM payouts p WHERE p.id = j.ref AND j.seq IN (p.settle_seq, p.return_seq)))
		OR (j.kind = 'bank_file_imported' AND NOT EXISTS (SELECT 1 FROM bank_files b WHERE b.digest = j.ref AND b.seq = j.seq))
		OR (j.kind = 'payouts_paid' AND NOT EXISTS (SELECT 1 FROM payment_groups g WHERE g.seq = j.seq)))
		ORDER BY j.seq`, func(rows *sql.Rows) error {
		t, err := scanTransaction(rows)
		if err != nil {
			return err
		}
		return fn(t)
	}, after)
}

// CommitPayee records the commitment to a payout's payee
// (ledger.AuditWrites).
func (w *wtx) CommitPayee(payout ledger.PayoutID, salt []byte, seq int64) error {
	return w.execOne(`UPDATE payees SET salt = ?, seq = ? WHERE payout_id = ?`, salt, seq, string(payout))
}

// CommitSession records the commitment to a web session
// (ledger.AuditWrites).
func (w *wtx) CommitSession(hash string, seq int64) error {
	return w.execOne(`UPDATE web_sessions SET seq = ? WHERE hash = ?`, seq, hash)
}

// CommitAnswers links every stored answer not linked yet to the
// transaction seq (ledger.AuditWrites). The answers a write group stores
// are linked by the group itself (wtx.commitAnswers), so this is for the
// baseline alone.
func (w *wtx) CommitAnswers(seq int64) error {
	_, err := w.exec(`UPDATE idempotency_keys SET seq = ? WHERE seq IS NULL`, seq)
	return err
}

// RunTx runs fn as a write over tx, in dialect d, before any engine is
// open on the database: for a migration that books the baseline of
// coverage in its own transaction (SQLite's migration 8). It is DB.Run over
// an engine that has no writer, cache or hook; the caller commits tx.
func RunTx(ctx context.Context, tx *sql.Tx, d Dialect, fn func(ledger.Tx) error) error {
	db := &DB{d: d, log: slog.New(slog.DiscardHandler)}
	return db.Run(ctx, tx, fn)
}

// AuditPartyLoads calls fn with every (pot, party) that has a stored
// rotation load or current allocation lines charging it: the load as
// stored and as the current allocations give it (ledger.AuditReads).
func (r *reader) AuditPartyLoads(fn func(pot ledger.PotID, stored, computed ledger.PartyLoad) error) error {
	return r.each(`SELECT COALESCE(s.pot_id, c.pot_id), COALESCE(s.party_id, c.party_id),
			COALESCE(s.turns, 0), COALESCE(s.borne, 0), COALESCE(c.turns, 0), COALESCE(c.borne, 0)
		FROM party_loads s
		FULL JOIN (SELECT p.pot_id, l.party_id, COUNT(DISTINCT l.payout_id) AS turns, CAST(COALESCE(SUM(l.amount), 0) AS BIGINT) AS borne
			FROM allocation_lines l JOIN payouts p ON p.id = l.payout_id AND p.allocation_version = l.version
			WHERE l.party_id IS NOT NULL GROUP BY p.pot_id, l.party_id) c
		ON c.pot_id = s.pot_id AND c.party_id = s.party_id
		ORDER BY 1, 2`, func(rows *sql.Rows) error {
		var pot, party string
		var st, ct int
		var sb, cb int64
		if err := rows.Scan(&pot, &party, &st, &sb, &ct, &cb); err != nil {
			return err
		}
		return fn(ledger.PotID(pot), ledger.PartyLoad{PartyID: ledger.PartyID(party), Turns: st, Borne: ledger.Cents(sb)},
			ledger.PartyLoad{PartyID: ledger.PartyID(party), Turns: ct, Borne: ledger.Cents(cb)})
	})
}

// VerifiedCheckpoint returns the recorded checkpoint of the last
// verification that found the journal whole, with its balances
// (ledger.AuditReads).
func (r *reader) VerifiedCheckpoint() (ledger.VerifiedCheckpoint, bool, error) {
	var c ledger.VerifiedCheckpoint
	var started, finished string
	var lastFull sql.NullString
	err := r.queryRow(`SELECT seq, hash, full_run, started_at, finished_at, last_full_seq, last_full_at FROM verified_checkpoint WHERE id = 1`).
		Scan(&c.Seq, &c.Hash, &c.Full, &started, &finished, &c.LastFullSeq, &lastFull)
	if errors.Is(err, sql.ErrNoRows) {
		return ledger.VerifiedCheckpoint{}, false, nil
	}
	if err != nil {
		return c, false, err
	}
	c.StartedAt, c.FinishedAt = parseTime(started), parseTime(finished)
	if lastFull.Valid {
		c.LastFullAt = parseTime(lastFull.String)
	}
	c.Balances = map[string]ledger.Cents{}
	err = r.each(`SELECT account, balance FROM verified_balances`, func(rows *sql.Rows) error {
		var name string
		var b int64
		if err := rows.Scan(&name, &b); err != nil {
			return err
		}
		c.Balances[name] = ledger.Cents(b)
		return nil
	})
	return c, err == nil, err
}

// balanceRows is how many balances one statement of
// SaveVerifiedCheckpoint inserts: few round trips, far below either
// engine's limit of parameters.
const balanceRows = 200

// SaveVerifiedCheckpoint replaces the recorded checkpoint and its balances
// (ledger.AuditWrites).
func (w *wtx) SaveVerifiedCheckpoint(c *ledger.VerifiedCheckpoint) error {
	var lastFull any
	if !c.LastFullAt.IsZero() {
		lastFull = FormatTime(c.LastFullAt)
	}
	if _, err := w.exec(`INSERT INTO verified_checkpoint (id, seq, hash, full_run, started_at, finished_at, last_full_seq, last_full_at)
		VALUES (1, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash, full_run = excluded.full_run, started_at = excluded.started_at,
			finished_at = excluded.finished_at, last_full_seq = excluded.last_full_seq, last_full_at = excluded.last_full_at`,
		c.Seq, c.Hash, c.Full, FormatTime(c.StartedAt), FormatTime(c.FinishedAt), c.LastFullSeq, lastFull); err != nil {
		return err
	}
	if _, err := w.exec(`DELETE FROM verified_balances`); err != nil {
		return err
	}
	// In order of name, so that the statements are the same for the same
	// balances.
	names := slices.Sorted(maps.Keys(c.Balances))
	for len(names) > 0 {
		n := min(len(names), balanceRows)
		args := make([]any, 0, 2*n)
		for _, name := range names[:n] {
			args = append(args, name, int64(c.Balances[name]))
		}
		if _, err := w.exec(`INSERT INTO verified_balances (account, balance) VALUES `+strings.TrimSuffix(strings.Repeat("(?, ?), ", n), ", "), args...); err != nil {
			return err
		}
		names = names[n:]
	}
	return nil
}

// ClearVerifiedCheckpoint removes the recorded checkpoint and its balances
// (ledger.AuditWrites).
func (w *wtx) ClearVerifiedCheckpoint() error {
	if _, err := w.exec(`DELETE FROM verified_balances`); err != nil {
		return err
	}
	_, err := w.exec(`DELETE FROM verified_checkpoint`)
	return err
}
