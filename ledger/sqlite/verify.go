package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/ontschot/ontschot/ledger"
)

// Verify recomputes the journal from the file and names the first
// transaction that does not fit. It checks, in consistent snapshots:
//
//   - the chain: sequence numbers without gaps, each transaction's previous
//     hash equal to its predecessor's hash, and its hash equal to the hash of
//     its canonical content; and the checkpoints given, which witness that
//     the journal was not cut back or rewritten;
//   - double entry: every transaction's postings sum to zero;
//   - running balances: every posting's balance-after follows from the
//     postings before it, and every account's balance equals its last one;
//   - records: every payout's weighing, decision, reversal and payee, every
//     contribution, allocation (with its lines and its reversal),
//     settlement, evaluation, payment batch, erasure, closed period, stored
//     answer, web session and governed record still match what the journal
//     committed to, and every transaction still has its record;
//   - state: each payout's status, decision and payment agree with its
//     journal history, and what the store keeps beside the records for speed
//     (receivables' progress, each payout's current allocation and
//     evaluation) agrees with the records (see verifyState).
//
// The answer's error is only for a failure to read; a journal that does not
// fit is a Verification with OK false and the Failure named.
func (s *Store) Verify(ctx context.Context, opts ledger.VerifyOptions) (ledger.Verification, error) {
	v := ledger.Verification{VerifiedAt: ledger.JournalTime(s.now())}

	// The records are checked on a second connection while the chain is
	// walked: each check reads one consistent snapshot of its own, and
	// neither depends on the other's, so the two cores share the work.
	type recordResult struct {
		failures []*ledger.VerifyFailure
		counts   ledger.Verification
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
		c := &checker{ctx: ctx, tx: tx, coverage: s.coverage, failures: &r.failures}
		r.err = errors.Join(c.payouts(&r.counts), verifyContributions(ctx, tx, &r.failures),
			verifyAllocations(ctx, tx, &r.failures), verifySettlements(ctx, tx, &r.failures), verifyEvaluations(ctx, tx, &r.failures),
			c.payments(), verifyState(ctx, tx, &r.failures), c.erasures(), c.closedPeriods(), c.governed(), c.taakvelden(),
			c.sessions(), c.answers(), c.orphans())
		// The snapshot ends before the answer goes: a store closed right
		// after Verify must find every connection back, or SQLite leaves
		// the write-ahead log beside the file.
		tx.Rollback()
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
	witnesses := ledger.NewWitnesses(opts.Checkpoints, opts.CheckpointLog)
	running, lastSeq, err := s.verifyChain(ctx, tx, &v, witnesses, &failures)
	if err == nil && len(failures) == 0 {
		if f := witnesses.End(v.HeadSeq); f != nil {
			failures = append(failures, f)
		} else {
			v.Witnesses = witnesses.Checked()
			if v.Witnesses > 0 {
				v.Unwitnessed = v.HeadSeq - witnesses.Last()
			}
		}
		err = verifyAccounts(ctx, tx, &v, running, lastSeq, &drift)
	}
	r := <-records
	if err := errors.Join(err, r.err); err != nil {
		return v, internal("verify", err)
	}
	failures = append(failures, r.failures...)
	v.Erased, v.PreCoverage = r.counts.Erased, r.counts.PreCoverage
	v.Checkpoint = ledger.Checkpoint{Seq: v.HeadSeq, Hash: v.HeadHash}
	if v.HeadSeq == 0 {
		v.Checkpoint.Hash = ledger.GenesisHash
	}
	v.Failure = earliest(failures)
	if v.Failure == nil {
		v.Failure = earliest(drift)
	}
	v.OK = v.Failure == nil
	return v, nil
}

// earliest returns the failure with the lowest sequence number; one that
// names no transaction (a record added by hand) comes after all others,
// which say more precisely where the file went wrong.
func earliest(fs []*ledger.VerifyFailure) *ledger.VerifyFailure {
	var first *ledger.VerifyFailure
	for _, f := range fs {
		if first == nil || f.Seq != 0 && (first.Seq == 0 || f.Seq < first.Seq) {
			first = f
		}
	}
	return first
}

// verifyChain walks the journal in order and stops at the first transaction
// that does not fit. It returns the running balance and the last
// transaction of every account.
func (s *Store) verifyChain(ctx context.Context, tx *sql.Tx, v *ledger.Verification, witnesses *ledger.Witnesses, failures *[]*ledger.VerifyFailure) (map[string]ledger.Cents, map[string]int64, error) {
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
		if f := witnesses.Observe(t.Seq, t.Kind, t.Ref, t.Hash); f != nil {
			*failures = append(*failures, f)
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

// multiScanner scans a row into leading columns (head), the columns a scan
// function reads, and extra ones after them.
type multiScanner struct {
	rows  *sql.Rows
	head  []any
	extra []any
}

// Scan scans the head targets, then dest, then the extra targets.
func (m multiScanner) Scan(dest ...any) error {
	all := make([]any, 0, len(m.head)+len(dest)+len(m.extra))
	all = append(append(append(all, m.head...), dest...), m.extra...)
	return m.rows.Scan(all...)
}

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
		a, salt, err := scanAllocation(multiScanner{rows: rows, extra: []any{&ref, &digest, &reversalRef, &reversalDigest}})
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
		if a.ReversalSeq != 0 && (reversalRef != string(a.PayoutID) || ledger.AllocationReversalDigest(salt, a.PayoutID, a.Version, a.ReversalNote) != reversalDigest) {
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
