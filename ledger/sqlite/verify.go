package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/ontschot/ontschot/ledger"
)

// Verify recomputes the journal from the file and names the first
// transaction that does not fit. It checks, in one consistent snapshot:
//
//   - the chain: sequence numbers without gaps, each transaction's previous
//     hash equal to its predecessor's hash, and its hash equal to the hash of
//     its canonical content;
//   - double entry: every transaction's postings sum to zero;
//   - running balances: every posting's balance-after follows from the
//     postings before it, and every account's balance equals its last one;
//   - records: every payout's weighing, decision and reversal, every
//     contribution, allocation (with its lines and its reversal),
//     settlement, evaluation and payment batch still match the digests the
//     journal holds for them;
//   - state: what the store keeps beside the records for speed (receivables'
//     progress, each payout's current allocation and evaluation) agrees
//     with the records (see verifyState).
//
// The answer's error is only for a failure to read; a journal that does not
// fit is a Verification with OK false and the Failure named.
func (s *Store) Verify(ctx context.Context) (ledger.Verification, error) {
	v := ledger.Verification{VerifiedAt: ledger.JournalTime(s.now())}

	// The records are checked on a second connection while the chain is
	// walked: each check reads one consistent snapshot of its own, and
	// neither depends on the other's, so the two cores share the work.
	type recordResult struct {
		failures []*ledger.VerifyFailure
		erased   int64
		err      error
	}
	records := make(chan recordResult, 1)
	go func() {
		var r recordResult
		tx, err := s.readDB.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
		if err != nil {
			records <- recordResult{err: err}
			return
		}
		defer tx.Rollback()
		var rv ledger.Verification
		r.err = errors.Join(verifyPayouts(ctx, tx, &rv, &r.failures), verifyContributions(ctx, tx, &r.failures),
			verifyAllocations(ctx, tx, &r.failures), verifySettlements(ctx, tx, &r.failures), verifyEvaluations(ctx, tx, &r.failures),
			verifyPayments(ctx, tx, &r.failures), verifyState(ctx, tx, &r.failures))
		r.erased = rv.Erased
		records <- r
	}()

	tx, err := s.readDB.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		<-records
		return v, internal("verify", err)
	}
	defer tx.Rollback()
	// Failures of the chain and of the records name the transaction at
	// fault; a drifted account balance only names the account, so it is
	// reported when nothing more precise is found.
	var failures, drift []*ledger.VerifyFailure
	running, lastSeq, err := s.verifyChain(ctx, tx, &v, &failures)
	if err == nil && len(failures) == 0 {
		err = verifyAccounts(ctx, tx, &v, running, lastSeq, &drift)
	}
	r := <-records
	if err := errors.Join(err, r.err); err != nil {
		return v, internal("verify", err)
	}
	failures = append(failures, r.failures...)
	v.Erased = r.erased
	v.Failure = earliest(failures)
	if v.Failure == nil {
		v.Failure = earliest(drift)
	}
	v.OK = v.Failure == nil
	return v, nil
}

// earliest returns the failure with the lowest sequence number.
func earliest(fs []*ledger.VerifyFailure) *ledger.VerifyFailure {
	var first *ledger.VerifyFailure
	for _, f := range fs {
		if first == nil || f.Seq < first.Seq {
			first = f
		}
	}
	return first
}

// verifyChain walks the journal in order and stops at the first transaction
// that does not fit. It returns the running balance and the last
// transaction of every account.
func (s *Store) verifyChain(ctx context.Context, tx *sql.Tx, v *ledger.Verification, failures *[]*ledger.VerifyFailure) (map[string]ledger.Cents, map[string]int64, error) {
	running := map[string]ledger.Cents{}
	lastSeq := map[string]int64{}
	rows, err := tx.QueryContext(ctx, journalQuery+` ORDER BY j.seq, p.n`)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	r := &journalReader{rows: rows}
	prevSeq, prevHash := int64(0), ledger.GenesisHash
	for t := r.read(); t != nil; t = r.read() {
		fail := func(format string, args ...any) {
			*failures = append(*failures, &ledger.VerifyFailure{Seq: t.Seq, Kind: t.Kind, Ref: t.Ref, Problem: fmt.Sprintf(format, args...)})
		}
		switch {
		case t.Seq == prevSeq+2:
			fail("it follows transaction %d, so transaction %d is missing", prevSeq, prevSeq+1)
		case t.Seq != prevSeq+1:
			fail("it follows transaction %d, so transactions %d to %d are missing", prevSeq, prevSeq+1, t.Seq-1)
		case t.PrevHash != prevHash:
			fail("its previous-hash %s does not match the hash of transaction %d (%s)", short(t.PrevHash), prevSeq, short(prevHash))
		case t.ComputeHash() != t.Hash:
			fail("its content no longer matches its hash %s: it was changed after it was written", short(t.Hash))
		case t.Sum() != 0:
			fail("its postings sum to %s, not zero", t.Sum())
		}
		if len(*failures) > 0 {
			return running, lastSeq, nil
		}
		for _, p := range t.Postings {
			want := running[p.Account] + p.Amount
			if p.BalanceAfter != want {
				fail("the balance of %s after it is recorded as %s, but the postings up to it give %s", p.Account, p.BalanceAfter, want)
				return running, lastSeq, nil
			}
			running[p.Account] = want
			lastSeq[p.Account] = t.Seq
			v.Postings++
		}
		prevSeq, prevHash = t.Seq, t.Hash
		v.Transactions++
		v.HeadSeq, v.HeadHash = t.Seq, t.Hash
	}
	return running, lastSeq, r.err
}

// verifyAccounts compares each account's stored balance with its postings.
func verifyAccounts(ctx context.Context, tx *sql.Tx, v *ledger.Verification, running map[string]ledger.Cents, lastSeq map[string]int64, failures *[]*ledger.VerifyFailure) error {
	rows, err := tx.QueryContext(ctx, `SELECT name, balance FROM accounts ORDER BY id`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		var bal int64
		if err := rows.Scan(&name, &bal); err != nil {
			return err
		}
		v.Accounts++
		if want := running[name]; ledger.Cents(bal) != want {
			*failures = append(*failures, &ledger.VerifyFailure{Seq: lastSeq[name], Problem: fmt.Sprintf(
				"the account %s has the balance %s, but its postings sum to %s: the balance was changed outside the journal", name, ledger.Cents(bal), want)})
		}
	}
	return rows.Err()
}

// verifyPayouts recomputes each payout's digests and compares them with the
// journal transactions that booked the request, the decision and the
// reversal.
func verifyPayouts(ctx context.Context, tx *sql.Tx, v *ledger.Verification, failures *[]*ledger.VerifyFailure) error {
	rows, err := tx.QueryContext(ctx, `SELECT `+payoutColumns+`,
			(SELECT group_concat(rule, char(31) ORDER BY n) FROM payout_deviations d WHERE d.payout_id = p.id),
			COALESCE(jr.ref, ''), COALESCE(jr.digest, ''), COALESCE(jd.ref, ''), COALESCE(jd.digest, ''), COALESCE(jv.ref, ''), COALESCE(jv.digest, '')
		FROM payouts p
		LEFT JOIN payees y ON y.payout_id = p.id
		LEFT JOIN journal jr ON jr.seq = p.request_seq
		LEFT JOIN journal jd ON jd.seq = p.decision_seq
		LEFT JOIN journal jv ON jv.seq = p.reversal_seq`) // in table order: sorting a million wide rows costs seconds, and the earliest failure is chosen afterwards
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var devs sql.NullString
		var reqRef, reqDigest, decRef, decDigest, revRef, revDigest string
		r, err := scanPayout(multiScanner{rows, []any{&devs, &reqRef, &reqDigest, &decRef, &decDigest, &revRef, &revDigest}})
		if err != nil {
			return err
		}
		if devs.Valid {
			r.Justification.DeviatesFrom = strings.Split(devs.String, "\x1f")
		}
		if r.Payee.Erased {
			v.Erased++
		}
		fail := func(seq int64, format string, args ...any) {
			*failures = append(*failures, &ledger.VerifyFailure{Seq: seq, Ref: string(r.ID), Problem: fmt.Sprintf(format, args...)})
		}
		if reqRef != string(r.ID) {
			fail(r.requestSeq, "%s", pointsTo(r.ID, "request", reqRef))
		} else if ledger.RequestDigest(r.salt, &r.Payout) != reqDigest {
			fail(r.requestSeq, "the stored request of payout %s (amount, case reference or weighing) no longer matches the digest the journal recorded", r.ID)
		}
		if d := r.Decision; d != nil && !d.OwnMandate {
			if decRef != string(r.ID) {
				fail(r.decisionSeq, "%s", pointsTo(r.ID, "decision", decRef))
			} else if ledger.DecisionDigest(r.salt, r.ID, d) != decDigest {
				fail(r.decisionSeq, "the stored decision on payout %s no longer matches the digest the journal recorded", r.ID)
			}
		}
		if rv := r.Reversal; rv != nil {
			if revRef != string(r.ID) {
				fail(r.reversalSeq, "%s", pointsTo(r.ID, "reversal", revRef))
			} else if ledger.ReversalDigest(r.salt, r.ID, rv) != revDigest {
				fail(r.reversalSeq, "the stored reversal of payout %s no longer matches the digest the journal recorded", r.ID)
			}
		}
	}
	return rows.Err()
}

// pointsTo describes a payout whose journal transaction is gone or books
// something else.
func pointsTo(id ledger.PayoutID, what, ref string) string {
	if ref == "" {
		return fmt.Sprintf("it is missing, though payout %s refers to it as its %s", id, what)
	}
	return fmt.Sprintf("payout %s refers to it as its %s, but it books %q", id, what, ref)
}

// multiScanner scans a row into the payout columns followed by extra ones.
type multiScanner struct {
	rows  *sql.Rows
	extra []any
}

// Scan scans the payout columns into dest and the rest into the extra targets.
func (m multiScanner) Scan(dest ...any) error { return m.rows.Scan(append(dest, m.extra...)...) }

// verifyContributions recomputes each contribution's digest.
func verifyContributions(ctx context.Context, tx *sql.Tx, failures *[]*ledger.VerifyFailure) error {
	rows, err := tx.QueryContext(ctx, `SELECT c.id, c.pot_id, c.partner_id, c.amount, c.value_date, c.reference, c.seq,
			COALESCE(j.ref, ''), COALESCE(j.digest, '')
		FROM contributions c LEFT JOIN journal j ON j.seq = c.seq ORDER BY c.seq`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var c ledger.Contribution
		var amount int64
		var vd, ref, digest string
		if err := rows.Scan(&c.ID, &c.PotID, &c.PartnerID, &amount, &vd, &c.Reference, &c.JournalSeq, &ref, &digest); err != nil {
			return err
		}
		c.Amount, c.ValueDate = ledger.Cents(amount), parseDate(vd)
		if ref != string(c.ID) || ledger.ContributionDigest(&c) != digest {
			*failures = append(*failures, &ledger.VerifyFailure{Seq: c.JournalSeq, Kind: ledger.TxContribution, Ref: string(c.ID),
				Problem: fmt.Sprintf("the stored contribution %s no longer matches the digest the journal recorded", c.ID)})
		}
	}
	return rows.Err()
}

func short(h string) string {
	if len(h) > 12 {
		return h[:12] + "…"
	}
	return h
}

// verifyAllocations recomputes each allocation's digest from its record and
// lines, and checks the transaction that reversed it, if any. Records and
// lines are read in the same key order and merged, so memory stays flat.
func verifyAllocations(ctx context.Context, tx *sql.Tx, failures *[]*ledger.VerifyFailure) error {
	rows, err := tx.QueryContext(ctx, `SELECT `+allocationColumns+`, COALESCE(j.ref, ''), COALESCE(j.digest, ''), COALESCE(jr.ref, ''), COALESCE(jr.digest, '')
		FROM allocations a JOIN payouts p ON p.id = a.payout_id
		LEFT JOIN journal j ON j.seq = a.seq LEFT JOIN journal jr ON jr.seq = a.reversal_seq
		ORDER BY a.payout_id, a.version`)
	if err != nil {
		return err
	}
	defer rows.Close()
	lrows, err := tx.QueryContext(ctx, `SELECT payout_id, version, target, taakveld, economic_category, COALESCE(party_id, ''), amount, COALESCE(receivable_id, '')
		FROM allocation_lines ORDER BY payout_id, version, n`)
	if err != nil {
		return err
	}
	defer lrows.Close()
	type lineRow struct {
		payout  string
		version int
		line    ledger.AllocationLine
	}
	var next *lineRow
	readLine := func() error {
		next = nil
		if !lrows.Next() {
			return lrows.Err()
		}
		var r lineRow
		var target, ecat, party, rcv string
		var amount int64
		if err := lrows.Scan(&r.payout, &r.version, &target, &r.line.Taakveld, &ecat, &party, &amount, &rcv); err != nil {
			return err
		}
		r.line.Target, r.line.EconomicCategory, r.line.PartyID, r.line.Amount, r.line.ReceivableID =
			ledger.Target(target), ledger.EconomicCategory(ecat), ledger.PartyID(party), ledger.Cents(amount), ledger.ReceivableID(rcv)
		next = &r
		return nil
	}
	if err := readLine(); err != nil {
		return err
	}
	for rows.Next() {
		var ref, digest, reversalRef, reversalDigest string
		a, salt, err := scanAllocation(multiScanner{rows, []any{&ref, &digest, &reversalRef, &reversalDigest}})
		if err != nil {
			return err
		}
		// Lines of allocations that no longer exist are skipped; the
		// foreign key keeps them from being written.
		for next != nil && (next.payout < string(a.PayoutID) || next.payout == string(a.PayoutID) && next.version < a.Version) {
			if err := readLine(); err != nil {
				return err
			}
		}
		for next != nil && next.payout == string(a.PayoutID) && next.version == a.Version {
			a.Lines = append(a.Lines, next.line)
			if err := readLine(); err != nil {
				return err
			}
		}
		fail := func(seq int64, kind ledger.TxKind, format string, args ...any) {
			*failures = append(*failures, &ledger.VerifyFailure{Seq: seq, Kind: kind, Ref: string(a.PayoutID), Problem: fmt.Sprintf(format, args...)})
		}
		if ref != string(a.PayoutID) || ledger.AllocationDigest(salt, &a) != digest {
			fail(a.JournalSeq, ledger.TxAllocated, "the stored allocation version %d of payout %s (its lines or note) no longer matches the digest the journal recorded", a.Version, a.PayoutID)
		}
		if a.ReversalSeq != 0 && (reversalRef != string(a.PayoutID) || allocationReversalDigest(salt, a.PayoutID, a.Version, a.ReversalNote) != reversalDigest) {
			fail(a.ReversalSeq, ledger.TxAllocationReversed, "payout %s's allocation version %d refers to it as its reversal, but its record (or the reason it was replaced) no longer matches", a.PayoutID, a.Version)
		}
	}
	return rows.Err()
}

// verifySettlements recomputes each settlement's digest.
func verifySettlements(ctx context.Context, tx *sql.Tx, failures *[]*ledger.VerifyFailure) error {
	rows, err := tx.QueryContext(ctx, `SELECT s.receivable_id, s.amount, s.value_date, s.reference, s.by_user, s.seq, COALESCE(j.ref, ''), COALESCE(j.digest, '')
		FROM settlements s LEFT JOIN journal j ON j.seq = s.seq`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var st ledger.Settlement
		var amount int64
		var vd, ref, digest string
		if err := rows.Scan(&st.ReceivableID, &amount, &vd, &st.Reference, &st.By, &st.JournalSeq, &ref, &digest); err != nil {
			return err
		}
		st.Amount, st.ValueDate = ledger.Cents(amount), parseDate(vd)
		if ref != string(st.ReceivableID) || ledger.SettlementDigest(&st) != digest {
			*failures = append(*failures, &ledger.VerifyFailure{Seq: st.JournalSeq, Kind: ledger.TxSettled, Ref: string(st.ReceivableID),
				Problem: fmt.Sprintf("the stored settlement of receivable %s no longer matches the digest the journal recorded", st.ReceivableID)})
		}
	}
	return rows.Err()
}

// verifyEvaluations recomputes each evaluation's digest.
func verifyEvaluations(ctx context.Context, tx *sql.Tx, failures *[]*ledger.VerifyFailure) error {
	rows, err := tx.QueryContext(ctx, `SELECT e.payout_id, e.version, e.outcome, e.regretted, e.note, e.by_user, e.role, e.seq, p.salt,
			COALESCE(j.ref, ''), COALESCE(j.digest, '')
		FROM evaluations e JOIN payouts p ON p.id = e.payout_id LEFT JOIN journal j ON j.seq = e.seq`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var e ledger.Evaluation
		var outcome, role, ref, digest string
		var regretted int64
		var salt []byte
		if err := rows.Scan(&e.PayoutID, &e.Version, &outcome, &regretted, &e.Note, &e.By, &role, &e.JournalSeq, &salt, &ref, &digest); err != nil {
			return err
		}
		e.Outcome, e.Regretted, e.Role = ledger.EvalOutcome(outcome), ledger.Cents(regretted), ledger.Role(role)
		if ref != string(e.PayoutID) || ledger.EvaluationDigest(salt, &e) != digest {
			*failures = append(*failures, &ledger.VerifyFailure{Seq: e.JournalSeq, Kind: ledger.TxEvaluated, Ref: string(e.PayoutID),
				Problem: fmt.Sprintf("the stored evaluation version %d of payout %s no longer matches the digest the journal recorded", e.Version, e.PayoutID)})
		}
	}
	return rows.Err()
}

// verifyPayments recomputes the digest of each pot's part of each payment
// batch from the account it paid from and the payouts and amounts it paid,
// checks that the items add up to what the journal booked, that every
// payment transaction has its record, and that a payout is paid exactly
// when it is in a batch.
func verifyPayments(ctx context.Context, tx *sql.Tx, failures *[]*ledger.VerifyFailure) error {
	fail := func(seq int64, ref, format string, args ...any) {
		*failures = append(*failures, &ledger.VerifyFailure{Seq: seq, Kind: ledger.TxPaid, Ref: ref, Problem: fmt.Sprintf(format, args...)})
	}
	rows, err := tx.QueryContext(ctx, `SELECT g.batch_id, g.seq, g.debtor_iban, g.debtor_bic, g.amount, COALESCE(j.ref, ''), COALESCE(j.digest, ''),
			i.payout_id, i.amount
		FROM payment_groups g
		LEFT JOIN journal j ON j.seq = g.seq
		JOIN payment_items i ON i.batch_id = g.batch_id
		JOIN payouts p ON p.id = i.payout_id AND p.pot_id = g.pot_id
		ORDER BY g.batch_id, g.pot_id, i.n`)
	if err != nil {
		return err
	}
	var cur struct {
		batch       ledger.PaymentBatchID
		seq         int64
		debtor      ledger.DebtorAccount
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
		switch {
		case cur.ref != string(cur.batch) || ledger.PaymentDigest(cur.batch, cur.debtor, cur.items) != cur.digest:
			fail(cur.seq, string(cur.batch), "the stored account, payouts or amounts of payment batch %s no longer match the digest the journal recorded", cur.batch)
		case sum != cur.amount:
			fail(cur.seq, string(cur.batch), "payment batch %s records %s for the pot, but its payouts add up to %s", cur.batch, cur.amount, sum)
		}
	}
	for rows.Next() {
		var batch ledger.PaymentBatchID
		var seq, groupAmount, amount int64
		var iban, bic, ref, digest, payout string
		if err := rows.Scan(&batch, &seq, &iban, &bic, &groupAmount, &ref, &digest, &payout, &amount); err != nil {
			rows.Close()
			return err
		}
		if seq != cur.seq {
			check()
			cur.batch, cur.seq, cur.ref, cur.digest, cur.items = batch, seq, ref, digest, nil
			cur.debtor, cur.amount = ledger.DebtorAccount{IBAN: ledger.IBAN(iban), BIC: bic}, ledger.Cents(groupAmount)
		}
		cur.items = append(cur.items, ledger.PaymentItem{PayoutID: ledger.PayoutID(payout), Amount: ledger.Cents(amount)})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	check()
	// Every payment in the journal has its record.
	rows, err = tx.QueryContext(ctx, `SELECT j.seq, j.ref FROM journal j
		WHERE j.kind = 'payouts_paid' AND NOT EXISTS (SELECT 1 FROM payment_groups g WHERE g.seq = j.seq)`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var seq int64
		var ref string
		if err := rows.Scan(&seq, &ref); err != nil {
			rows.Close()
			return err
		}
		fail(seq, ref, "it books the payment of batch %s, whose record is gone", ref)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	// Paid exactly when in a batch.
	rows, err = tx.QueryContext(ctx, `SELECT p.id, p.status, COALESCE(g.seq, p.request_seq)
		FROM payouts p
		LEFT JOIN payment_items i ON i.payout_id = p.id
		LEFT JOIN payment_groups g ON g.batch_id = i.batch_id AND g.pot_id = p.pot_id
		WHERE (p.status = 'paid') <> (i.payout_id IS NOT NULL)`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
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
	}
	return rows.Err()
}
