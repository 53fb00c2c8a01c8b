package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/ontschot/ontschot/ledger"
)

// checker holds one read snapshot for the record checks of Verify and
// collects what it finds. Each check streams its rows in table order and
// keeps only what it must compare, so memory stays flat at any size.
type checker struct {
	ctx      context.Context
	tx       *sql.Tx
	coverage int64 // the transaction that marks where coverage began
	failures *[]*ledger.VerifyFailure
}

func (c *checker) fail(seq int64, kind ledger.TxKind, ref, format string, args ...any) {
	*c.failures = append(*c.failures, &ledger.VerifyFailure{Seq: seq, Kind: kind, Ref: ref, Problem: fmt.Sprintf(format, args...)})
}

// jrow is what the checks read of a journal transaction.
type jrow struct {
	ref, digest, kind, actor, role, memo, valueDate, recordedAt, pot string
	reverses                                                         int64
}

// jcols selects a jrow from the journal row aliased a (missing: empty).
func jcols(a string) string {
	return strings.NewReplacer("j.", a+".").Replace(`COALESCE(j.ref, ''), COALESCE(j.digest, ''), COALESCE(j.kind, ''), COALESCE(j.actor, ''),
		COALESCE(j.actor_role, ''), COALESCE(j.memo, ''), COALESCE(j.value_date, ''), COALESCE(j.recorded_at, ''), COALESCE(j.pot_id, ''), COALESCE(j.reverses, 0)`)
}

func (j *jrow) targets() []any {
	return []any{&j.ref, &j.digest, &j.kind, &j.actor, &j.role, &j.memo, &j.valueDate, &j.recordedAt, &j.pot, &j.reverses}
}

// by reports whether the transaction was booked by user in role at t.
func (j *jrow) by(user string, role ledger.Role, at string) bool {
	return j.actor == user && j.role == string(role) && j.recordedAt == at
}

// payouts checks every payout against the transactions that booked it:
// the digests of its request, decision and reversal; that their kinds,
// actors, instants and memos are the ones the row states (so a changed
// outcome, decider or mandate level is named); that the status follows from
// that history; and that the payee is the one committed to.
func (c *checker) payouts(counts *ledger.Verification) error {
	rows, err := c.tx.QueryContext(c.ctx, `SELECT `+payoutColumns+`,
			(SELECT group_concat(rule, char(31) ORDER BY n) FROM payout_deviations d WHERE d.payout_id = p.id),
			`+jcols("jr")+`, `+jcols("jd")+`, `+jcols("jv")+`,
			y.salt, COALESCE(y.seq, 0), COALESCE(y.erased_seq, 0), COALESCE(jy.ref, ''), COALESCE(jy.payee_digest, ''), y.payout_id IS NULL
		FROM payouts p
		LEFT JOIN payees y ON y.payout_id = p.id
		LEFT JOIN journal jr ON jr.seq = p.request_seq
		LEFT JOIN journal jd ON jd.seq = p.decision_seq
		LEFT JOIN journal jv ON jv.seq = p.reversal_seq
		LEFT JOIN journal jy ON jy.seq = y.seq`) // in table order: sorting a million wide rows costs seconds, and the earliest failure is chosen afterwards
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var devs sql.NullString
		var jr, jd, jv jrow
		var py payeeRow
		var missing bool
		extra := []any{&devs}
		extra = append(append(append(extra, jr.targets()...), jd.targets()...), jv.targets()...)
		extra = append(extra, &py.salt, &py.seq, &py.erasedSeq, &py.ref, &py.digest, &missing)
		r, err := scanPayout(multiScanner{rows: rows, extra: extra})
		if err != nil {
			return err
		}
		if devs.Valid {
			r.Justification.DeviatesFrom = strings.Split(devs.String, "\x1f")
		}
		c.payout(&r, &jr, &jd, &jv, counts)
		py.payout, py.payee, py.requestSeq = r.ID, r.Payee, r.requestSeq
		if r.Payee.Erased {
			counts.Erased++
		} else if py.salt == nil && py.seq == 0 && r.requestSeq < c.coverage {
			counts.PreCoverage++
		}
		if p := py.problem(c.coverage, missing); p != "" {
			seq := py.seq
			if seq == 0 {
				seq = r.requestSeq
			}
			c.fail(seq, "", string(r.ID), "%s", p)
		}
	}
	return rows.Err()
}

// payout checks one payout row against its transactions.
func (c *checker) payout(r *payoutRow, jr, jd, jv *jrow, counts *ledger.Verification) {
	id := string(r.ID)
	fail := func(seq int64, format string, args ...any) { c.fail(seq, "", id, format, args...) }
	requestedAt := formatTime(r.RequestedAt)
	switch {
	case jr.ref != id:
		fail(r.requestSeq, "%s", pointsTo(r.ID, "request", jr.ref, r.requestSeq))
		return
	case ledger.RequestDigest(r.salt, &r.Payout) != jr.digest:
		fail(r.requestSeq, "the stored request of payout %s (amount, case reference or weighing) no longer matches the digest the journal recorded", r.ID)
	case jr.kind != string(ledger.TxPayoutHeld) && jr.kind != string(ledger.TxPayoutApproved):
		fail(r.requestSeq, "payout %s names it as its request, but it books a %s", r.ID, jr.kind)
		return
	case jr.pot != string(r.PotID) || jr.valueDate != r.ValueDate.String() || jr.recordedAt != requestedAt:
		fail(r.requestSeq, "the stored pot, booking date or time of payout %s's request no longer match the journal", r.ID)
	}
	kinds := []ledger.TxKind{ledger.TxKind(jr.kind)}
	seqs := []int64{r.requestSeq}
	ownMandate := jr.kind == string(ledger.TxPayoutApproved)
	d := r.Decision
	switch {
	case ownMandate && (d == nil || !d.OwnMandate || d.Outcome != ledger.OutcomeApprove || r.decisionSeq != r.requestSeq ||
		!jr.by(d.By, d.Role, formatTime(d.At)) || jr.memo != ledger.DecisionMemo(d)):
		fail(r.requestSeq, "payout %s was approved at once under its requester's own mandate, as this transaction says (%q), but its stored decision says otherwise", r.ID, jr.memo)
	case !ownMandate && d != nil && d.OwnMandate:
		fail(r.requestSeq, "payout %s is stored as approved under its requester's own mandate, but its request was held for a decision", r.ID)
	case !ownMandate && d != nil:
		want := ledger.TxPayoutApproved
		if d.Outcome != ledger.OutcomeApprove {
			want = ledger.TxPayoutRejected
		}
		switch {
		case jd.ref != id:
			fail(r.decisionSeq, "%s", pointsTo(r.ID, "decision", jd.ref, r.decisionSeq))
		case ledger.DecisionDigest(r.salt, r.ID, d) != jd.digest:
			fail(r.decisionSeq, "the stored decision on payout %s no longer matches the digest the journal recorded", r.ID)
		case jd.kind != string(want):
			fail(r.decisionSeq, "payout %s is stored as decided %s, but its decision's transaction is a %s", r.ID, d.Outcome, jd.kind)
		case !jd.by(d.By, d.Role, formatTime(d.At)) || jd.memo != ledger.DecisionMemo(d):
			fail(r.decisionSeq, "the stored decider, time or mandate of the decision on payout %s no longer match its transaction (%q)", r.ID, jd.memo)
		}
		kinds, seqs = append(kinds, ledger.TxKind(jd.kind)), append(seqs, r.decisionSeq)
	}
	if rv := r.Reversal; rv != nil {
		switch {
		case jv.ref != id:
			fail(r.reversalSeq, "%s", pointsTo(r.ID, "reversal", jv.ref, r.reversalSeq))
		case ledger.ReversalDigest(r.salt, r.ID, rv) != jv.digest:
			fail(r.reversalSeq, "the stored reversal of payout %s no longer matches the digest the journal recorded", r.ID)
		case jv.kind != string(ledger.TxPayoutReversed) || jv.reverses != r.decisionSeq || !jv.by(rv.By, rv.Role, formatTime(rv.At)):
			fail(r.reversalSeq, "the stored reversal of payout %s no longer matches its transaction", r.ID)
		}
		kinds, seqs = append(kinds, ledger.TxKind(jv.kind)), append(seqs, r.reversalSeq)
	}
	status, err := ledger.ReplayPayout(kinds, seqs)
	last := seqs[len(seqs)-1]
	switch {
	case err != nil:
		fail(last, "the journal history of payout %s does not fit: %v", r.ID, err)
	case r.Status == ledger.StatusPaid && status != ledger.StatusApproved:
		fail(last, "payout %s is stored as paid, but its journal history makes it %s", r.ID, status)
	case r.Status != ledger.StatusPaid && r.Status != status:
		fail(last, "payout %s is stored as %s, but its journal history makes it %s", r.ID, r.Status, status)
	}
}

// pointsTo describes a payout whose journal transaction is gone or books
// something else.
func pointsTo(id ledger.PayoutID, what, ref string, seq int64) string {
	if ref == "" {
		return fmt.Sprintf("payout %s refers to transaction %d as its %s, but the journal has no such transaction", id, seq, what)
	}
	return fmt.Sprintf("payout %s refers to transaction %d as its %s, but it books %q", id, seq, what, ref)
}

// payments recomputes the digest of each pot's part of each payment batch
// from the batch, the account it paid from and the payouts and amounts it
// paid, checks that the parts add up to the batch, that every payment
// transaction has its record, and that a payout is paid exactly when it is
// in a batch.
func (c *checker) payments() error {
	fail := func(seq int64, ref, format string, args ...any) { c.fail(seq, ledger.TxPaid, ref, format, args...) }
	rows, err := c.tx.QueryContext(c.ctx, `SELECT b.id, b.created_at, b.created_by, b.execution_date,
			g.seq, COALESCE(g.pot_name, ''), g.debtor_name, g.debtor_iban, g.debtor_bic, g.debtor_town, g.debtor_country, g.amount, COALESCE(j.ref, ''), COALESCE(j.digest, ''),
			i.payout_id, i.amount, p.urgency
		FROM payment_groups g
		JOIN payment_batches b ON b.id = g.batch_id
		LEFT JOIN journal j ON j.seq = g.seq
		JOIN payment_items i ON i.batch_id = g.batch_id
		JOIN payouts p ON p.id = i.payout_id AND p.pot_id = g.pot_id
		ORDER BY g.batch_id, g.pot_id, i.n`)
	if err != nil {
		return err
	}
	var cur struct {
		batch       ledger.PaymentBatch
		seq         int64
		group       ledger.PaymentGroup
		amount      ledger.Cents
		ref, digest string
		items       []ledger.PaymentItem
	}
	check := func() {
		if cur.seq == 0 {
			return
		}
		var sum ledger.Cents
		for _, it := range cur.items {
			sum += it.Amount
		}
		want := ledger.PaymentDigest(&cur.batch, &cur.group, cur.items)
		if cur.seq < c.coverage {
			want = ledger.PaymentDigestV1(cur.batch.ID, cur.group.Debtor, cur.items)
		}
		switch {
		case cur.ref != string(cur.batch.ID) || want != cur.digest:
			fail(cur.seq, string(cur.batch.ID), "the stored account, dates, payouts or amounts of payment batch %s no longer match the digest the journal recorded", cur.batch.ID)
		case sum != cur.amount:
			fail(cur.seq, string(cur.batch.ID), "payment batch %s records %s for the pot, but its payouts add up to %s", cur.batch.ID, cur.amount, sum)
		}
	}
	for rows.Next() {
		var b ledger.PaymentBatch
		var g ledger.PaymentGroup
		d := &g.Debtor
		var seq, groupAmount, amount int64
		var at, exec, iban, ref, digest, payout, urgency string
		if err := rows.Scan(&b.ID, &at, &b.CreatedBy, &exec, &seq, &g.PotName, &d.Name, &iban, &d.BIC, &d.Town, &d.Country, &groupAmount, &ref, &digest, &payout, &amount, &urgency); err != nil {
			rows.Close()
			return err
		}
		if seq != cur.seq {
			check()
			b.CreatedAt, b.ExecutionDate, d.IBAN = parseTime(at), parseDate(exec), ledger.IBAN(iban)
			cur.batch, cur.seq, cur.ref, cur.digest, cur.items = b, seq, ref, digest, nil
			cur.group, cur.amount = g, ledger.Cents(groupAmount)
		}
		cur.items = append(cur.items, ledger.PaymentItem{PayoutID: ledger.PayoutID(payout), Amount: ledger.Cents(amount), Urgency: ledger.Urgency(urgency)})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	check()
	// A batch holds what its parts hold.
	err = eachRow(c.ctx, c.tx, `SELECT b.id, b.payouts, b.amount, COALESCE(SUM(g.payouts), 0), COALESCE(SUM(g.amount), 0), COALESCE(MIN(g.seq), 0),
			(SELECT COUNT(*) FROM payment_items i WHERE i.batch_id = b.id)
		FROM payment_batches b LEFT JOIN payment_groups g ON g.batch_id = b.id GROUP BY b.id
		HAVING b.payouts <> COALESCE(SUM(g.payouts), 0) OR b.amount <> COALESCE(SUM(g.amount), 0) OR b.payouts <> (SELECT COUNT(*) FROM payment_items i WHERE i.batch_id = b.id)`,
		func(rows *sql.Rows) error {
			var id string
			var payouts, groupPayouts, items int
			var amount, groupAmount, seq int64
			if err := rows.Scan(&id, &payouts, &amount, &groupPayouts, &groupAmount, &seq, &items); err != nil {
				return err
			}
			fail(seq, id, "payment batch %s records %d payouts and %s, but its parts hold %d payouts (%d listed) and %s",
				id, payouts, ledger.Cents(amount), groupPayouts, items, ledger.Cents(groupAmount))
			return nil
		})
	if err != nil {
		return err
	}
	// Every payment in the journal has its record.
	err = eachRow(c.ctx, c.tx, `SELECT j.seq, j.ref FROM journal j
		WHERE j.kind = 'payouts_paid' AND NOT EXISTS (SELECT 1 FROM payment_groups g WHERE g.seq = j.seq)`, func(rows *sql.Rows) error {
		var seq int64
		var ref string
		if err := rows.Scan(&seq, &ref); err != nil {
			return err
		}
		fail(seq, ref, "it books the payment of batch %s, whose record is gone", ref)
		return nil
	})
	if err != nil {
		return err
	}
	// Paid exactly when in a batch.
	return eachRow(c.ctx, c.tx, `SELECT p.id, p.status, COALESCE(g.seq, p.request_seq)
		FROM payouts p
		LEFT JOIN payment_items i ON i.payout_id = p.id
		LEFT JOIN payment_groups g ON g.batch_id = i.batch_id AND g.pot_id = p.pot_id
		WHERE (p.status = 'paid') <> (i.payout_id IS NOT NULL)`, func(rows *sql.Rows) error {
		var id, status string
		var seq int64
		if err := rows.Scan(&id, &status, &seq); err != nil {
			return err
		}
		if status == string(ledger.StatusPaid) {
			fail(seq, id, "payout %s is recorded as paid, but no payment batch paid it", id)
		} else {
			fail(seq, id, "payout %s is in a payment batch, but is recorded as %s", id, status)
		}
		return nil
	})
}

// erasures checks that the payees each erasure blanked are the ones its
// transaction lists.
func (c *checker) erasures() error {
	var cur struct {
		seq               int64
		ref, kind, digest string
		ids               []ledger.PayoutID
	}
	check := func() {
		if cur.seq == 0 {
			return
		}
		before, _ := ledger.ParseDate(strings.TrimPrefix(cur.ref, "before "))
		if cur.kind != string(ledger.TxPersonalErasure) || ledger.ErasureDigest(before, cur.ids) != cur.digest {
			c.fail(cur.seq, ledger.TxPersonalErasure, cur.ref, "the payees marked as erased by it (%d) are not the ones it erased", len(cur.ids))
		}
	}
	err := eachRow(c.ctx, c.tx, `SELECT y.erased_seq, y.payout_id, COALESCE(j.ref, ''), COALESCE(j.kind, ''), COALESCE(j.digest, '')
		FROM payees y LEFT JOIN journal j ON j.seq = y.erased_seq WHERE y.erased_seq IS NOT NULL ORDER BY y.erased_seq, y.payout_id`,
		func(rows *sql.Rows) error {
			var seq int64
			var id ledger.PayoutID
			var ref, kind, digest string
			if err := rows.Scan(&seq, &id, &ref, &kind, &digest); err != nil {
				return err
			}
			if seq != cur.seq {
				check()
				cur.seq, cur.ref, cur.kind, cur.digest, cur.ids = seq, ref, kind, digest, nil
			}
			cur.ids = append(cur.ids, id)
			return nil
		})
	check()
	return err
}

// closedPeriods checks each closed period against the transaction that
// closed it: a period deleted or widened by hand would let bookings into it.
func (c *checker) closedPeriods() error {
	return eachRow(c.ctx, c.tx, `SELECT c.start_date, c.end_date, c.label, c.closed_by, c.closed_at, c.seq, `+jcols("j")+`
		FROM closed_periods c LEFT JOIN journal j ON j.seq = c.seq`, func(rows *sql.Rows) error {
		var start, end, label, by, at string
		var seq int64
		var j jrow
		if err := rows.Scan(append([]any{&start, &end, &label, &by, &at, &seq}, j.targets()...)...); err != nil {
			return err
		}
		if j.kind != string(ledger.TxPeriodClosed) || j.ref != label || j.memo != "closed "+start+" to "+end || j.actor != by || j.recordedAt != at {
			c.fail(seq, ledger.TxPeriodClosed, label, "the closed period %s (%s to %s) no longer matches the transaction that closed it", label, start, end)
		}
		return nil
	})
}

// governed compares every governed record with the latest transaction that
// committed to it: a record changed, added or deleted by hand is named.
func (c *checker) governed() error {
	type commit struct {
		seq    int64
		digest string
	}
	latest := map[string]commit{}
	key := func(kind ledger.TxKind, ref string) string { return string(kind) + "\x00" + ref }
	err := eachRow(c.ctx, c.tx, `SELECT kind, ref, seq, digest FROM journal WHERE kind IN `+governedKindsSQL+` ORDER BY seq`, func(rows *sql.Rows) error {
		var kind, ref, digest string
		var seq int64
		if err := rows.Scan(&kind, &ref, &seq, &digest); err != nil {
			return err
		}
		if k := ledger.TxKind(kind); k != ledger.TxCoverageBegan && k != ledger.TxTaakveldenImported {
			latest[key(k, ref)] = commit{seq, digest}
		}
		return nil
	})
	if err != nil {
		return err
	}
	records, err := governedRecords(c.ctx, c.tx)
	if err != nil {
		return err
	}
	for i := range records {
		r := &records[i]
		k := key(r.Kind, r.Ref)
		l, ok := latest[k]
		delete(latest, k)
		switch {
		case !ok:
			c.fail(0, r.Kind, r.Ref, "%s is not committed to by any transaction: it was added outside ontschot", r.Label)
		case l.digest != r.Digest():
			c.fail(l.seq, r.Kind, r.Ref, "%s no longer matches what this transaction committed to: it was changed outside ontschot", r.Label)
		}
	}
	for k, l := range latest {
		kind, ref, _ := strings.Cut(k, "\x00")
		c.fail(l.seq, ledger.TxKind(kind), ref, "the %s it committed to is gone from the file", strings.TrimSuffix(kind, "_set"))
	}
	return nil
}

// taakvelden compares the Iv3 code list with the latest list the journal
// committed to, and each import record with its transaction.
func (c *checker) taakvelden() error {
	var seq sql.NullInt64
	var digest string
	err := c.tx.QueryRowContext(c.ctx, `SELECT seq, digest FROM journal WHERE kind IN `+governedKindsSQL+` AND kind = 'taakvelden_imported'
		ORDER BY seq DESC LIMIT 1`).Scan(&seq, &digest)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	list, err := loadTaakvelden(c.ctx, c.tx)
	if err != nil {
		return err
	}
	got := list.Digest()
	if seq.Valid && got != digest {
		c.fail(seq.Int64, ledger.TxTaakveldenImported, "taakvelden", "the Iv3 code list (%d rows) no longer matches the list this transaction committed to: it was changed outside ontschot", len(list))
	}
	return eachRow(c.ctx, c.tx, `SELECT t.seq, t.digest, COALESCE(j.kind, ''), COALESCE(j.digest, '') FROM taakveld_imports t
		LEFT JOIN journal j ON j.seq = t.seq WHERE t.seq IS NOT NULL`, func(rows *sql.Rows) error {
		var seq int64
		var digest, kind, jdigest string
		if err := rows.Scan(&seq, &digest, &kind, &jdigest); err != nil {
			return err
		}
		if kind != string(ledger.TxTaakveldenImported) || digest != jdigest {
			c.fail(seq, ledger.TxTaakveldenImported, "taakvelden", "the record of this import of the Iv3 code list no longer matches it")
		}
		return nil
	})
}

// sessions checks each open web session against the transaction that
// opened it: a session put in the file by hand would sign anyone in.
func (c *checker) sessions() error {
	return eachRow(c.ctx, c.tx, `SELECT w.hash, w.user_name, w.created_at, w.expires_at, COALESCE(w.seq, 0), COALESCE(j.kind, ''), COALESCE(j.ref, ''), COALESCE(j.digest, '')
		FROM web_sessions w LEFT JOIN journal j ON j.seq = w.seq`, func(rows *sql.Rows) error {
		var hash, user, created, expires, kind, ref, digest string
		var seq int64
		if err := rows.Scan(&hash, &user, &created, &expires, &seq, &kind, &ref, &digest); err != nil {
			return err
		}
		r := ledger.SessionRecord(hash, user, parseTime(created), parseTime(expires))
		if kind != string(ledger.TxSessionOpened) || ref != user || digest != r.Digest() {
			c.fail(seq, ledger.TxSessionOpened, user, "a web session of %s is not the one a sign-in opened: it was put in the file or changed outside ontschot", user)
		}
		return nil
	})
}

// answers checks the stored answers to requests with an idempotency key
// against the transactions that committed to them, group by group.
func (c *checker) answers() error {
	var cur struct {
		seq          int64
		kind, digest string
		answers      []string
		first        string
	}
	check := func() {
		if cur.answers == nil {
			return
		}
		switch {
		case cur.seq == 0:
			c.fail(0, ledger.TxAnswersRecorded, "", "%d stored answers (the first: %s) are not committed to by any transaction: they were put in the file outside ontschot", len(cur.answers), cur.first)
		case cur.kind != string(ledger.TxAnswersRecorded) || ledger.AnswersDigest(cur.answers) != cur.digest:
			c.fail(cur.seq, ledger.TxAnswersRecorded, "answers", "the %d stored answers it committed to were changed or deleted outside ontschot (the first now: %s)", len(cur.answers), cur.first)
		}
	}
	err := eachRow(c.ctx, c.tx, `SELECT COALESCE(k.seq, 0), k.actor, k.key, k.operation, k.fingerprint, k.result, COALESCE(j.kind, ''), COALESCE(j.digest, '')
		FROM idempotency_keys k LEFT JOIN journal j ON j.seq = k.seq ORDER BY k.seq, k.id`, func(rows *sql.Rows) error {
		var seq int64
		var actor, key, op, result, kind, digest string
		var fp []byte
		if err := rows.Scan(&seq, &actor, &key, &op, &fp, &result, &kind, &digest); err != nil {
			return err
		}
		if seq != cur.seq || cur.answers == nil {
			check()
			cur.seq, cur.kind, cur.digest, cur.answers = seq, kind, digest, []string{}
			cur.first = fmt.Sprintf("the answer to key %q of %s", key, actor)
		}
		cur.answers = append(cur.answers, ledger.AnswerDigest(actor, key, op, fp, result))
		return nil
	})
	check()
	return err
}

// orphans names every transaction whose record is gone from the file: a
// payout row deleted with its payee, a contribution, an allocation, a
// settlement, an evaluation, a closed period, an erasure's payees or a
// group of stored answers. Payments are checked in payments; governed
// records in governed. One scan of the journal, with an index lookup for
// the transactions of each kind.
func (c *checker) orphans() error {
	return eachRow(c.ctx, c.tx, `SELECT j.seq, j.kind, j.ref FROM journal j WHERE
		(j.kind IN `+payoutKindsSQL+` AND NOT EXISTS (SELECT 1 FROM payouts p WHERE p.id = j.ref AND j.seq IN (p.request_seq, p.decision_seq, p.reversal_seq)))
		OR (j.kind = 'contribution' AND NOT EXISTS (SELECT 1 FROM contributions c WHERE c.id = j.ref AND c.seq = j.seq))
		OR (j.kind = 'payout_allocated' AND NOT EXISTS (SELECT 1 FROM allocations a WHERE a.payout_id = j.ref AND a.seq = j.seq))
		OR (j.kind = 'allocation_reversed' AND NOT EXISTS (SELECT 1 FROM allocations a WHERE a.payout_id = j.ref AND a.reversal_seq = j.seq))
		OR (j.kind = 'receivable_settled' AND NOT EXISTS (SELECT 1 FROM settlements s WHERE s.receivable_id = j.ref AND s.seq = j.seq))
		OR (j.kind = 'payout_evaluated' AND NOT EXISTS (SELECT 1 FROM evaluations e WHERE e.payout_id = j.ref AND e.seq = j.seq))
		OR (j.kind = 'period_closed' AND NOT EXISTS (SELECT 1 FROM closed_periods c WHERE c.seq = j.seq))
		OR (j.kind = 'taakvelden_imported' AND j.seq > ? AND NOT EXISTS (SELECT 1 FROM taakveld_imports t WHERE t.seq = j.seq))
		OR (j.kind = 'personal_data_erased' AND j.seq > ? AND NOT EXISTS (SELECT 1 FROM payees y WHERE y.erased_seq = j.seq))
		OR (j.kind = 'answers_recorded' AND NOT EXISTS (SELECT 1 FROM idempotency_keys k WHERE k.seq = j.seq))`,
		func(rows *sql.Rows) error {
			var seq int64
			var kind, ref string
			if err := rows.Scan(&seq, &kind, &ref); err != nil {
				return err
			}
			c.fail(seq, ledger.TxKind(kind), ref, "the record it booked is gone from the file: it was deleted outside ontschot")
			return nil
		}, c.coverage, c.coverage)
}
