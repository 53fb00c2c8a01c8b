package ledger

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
)

// The record checks of Verify: every record the journal commits to is read
// with the transactions it refers to (AuditReads) and compared with them,
// and what the engine keeps beside the records for speed is compared with
// the records. Each check reads its rows as one stream and keeps only what
// it must compare (a payout's allocations while they pass, a running sum
// per account), so memory stays flat at any size.
//
// In an incremental verification (audit.after > 0) each check reads only
// the records the transactions after `after` booked or changed (see
// AuditReads); the governed records, web sessions and the code list are
// few and read in full every time. A check of a figure summed over a whole
// history (a receivables account against every open receivable, a party's
// rotation load against every current allocation) cannot be limited to
// what is new: it runs in full verifications only (audit.incremental).

// check names one of the record checks. A failure is filed under its check,
// and the checks' failures are joined in this order: of two failures at
// the same sequence number, the one of the earlier check is reported.
type check int

const (
	checkPayouts check = iota
	checkContributions
	checkAllocations
	checkSettlements
	checkEvaluations
	checkPaymentGroups
	checkPaymentBatches
	checkPaymentsRecorded
	checkPaidInBatch
	checkReceivables
	checkReceivableAccounts
	checkCurrentAllocation
	checkLatestEvaluation
	checkErasures
	checkClosedPeriods
	checkGoverned
	checkTaakvelden
	checkSessions
	checkBankFiles
	checkAnswers
	checkUnrecorded
	checkPartyLoads
	checkFactAggregates
	checkPostingSums
	numChecks
)

// audit checks the records in one read snapshot and collects what it finds.
type audit struct {
	tx ReadTx
	// coverage is the transaction that marks where coverage began.
	coverage int64
	// after is the transaction an incremental verification continues
	// after: the checks read what the transactions after it booked or
	// changed. 0 in a full verification: everything.
	after int64
	// counts has the Erased and PreCoverage counts of the verification.
	counts Verification
	found  [numChecks][]*VerifyFailure
	// open sums, per receivables account, the receivables still open.
	open map[string]Cents
	// reissues are the payouts payouts read that pay a returned payout
	// again, for reissues to compare with the payouts they pay again.
	reissues []reissue
}

// reissue is a payout that pays a returned payout again, as its row says.
type reissue struct {
	id, of               PayoutID
	seq                  int64
	pot                  PotID
	amount               Cents
	requestedBy, caseRef string
	decision             PayoutDecision
}

func (a *audit) fail(c check, seq int64, kind TxKind, ref, format string, args ...any) {
	a.found[c] = append(a.found[c], &VerifyFailure{Seq: seq, Kind: kind, Ref: ref, Problem: fmt.Sprintf(format, args...)})
}

// failures returns every failure found, check by check.
func (a *audit) failures() []*VerifyFailure {
	var all []*VerifyFailure
	for _, fs := range a.found {
		all = append(all, fs...)
	}
	return all
}

// incremental reports whether the audit checks only what the transactions
// after a.after booked or changed.
func (a *audit) incremental() bool { return a.after > 0 }

// run runs every record check. A check that can only be run over the
// whole history returns at once when a.incremental().
func (a *audit) run() error {
	for _, step := range []func() error{
		a.payouts, a.reissued, a.contributions, a.allocations, a.settlements, a.evaluations, a.payments,
		a.receivables, a.erasures, a.closedPeriods, a.governed, a.taakvelden, a.sessions, a.bankFiles, a.answers, a.unrecorded,
		a.partyLoads, a.factAggregates, a.postingSums,
	} {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

// partyLoads checks each party's rotation load in each pot, which the
// store keeps beside the allocations so that suggestions need not sum them,
// against the sums of the current allocations. A difference names no
// transaction: the load was changed outside ontschot.
func (a *audit) partyLoads() error {
	if a.incremental() {
		return nil
	}
	return a.tx.AuditPartyLoads(func(pot PotID, stored, computed PartyLoad) error {
		if stored.Turns != computed.Turns || stored.Borne != computed.Borne {
			a.fail(checkPartyLoads, 0, "", "", "the rotation load of party %s in pot %s is stored as %d payouts and %s, but the current allocations give %d payouts and %s: it was changed outside ontschot",
				computed.PartyID, pot, stored.Turns, stored.Borne, computed.Turns, computed.Borne)
		}
		return nil
	})
}

// bookedBy reports whether t was booked by user in role at the instant.
// Instants are read from text in TimeLayout, so two are equal exactly when
// their text is.
func bookedBy(t *Transaction, user string, role Role, at time.Time) bool {
	return t.Actor == user && t.ActorRole == role && t.RecordedAt.Equal(at)
}

// payouts checks every payout against the transactions that booked it
// (payout), its payee against the one committed to, whether it is paid
// exactly when it is in a payment batch, and, for a payout without any
// allocation or evaluation, that its row names none.
func (a *audit) payouts() error {
	return a.tx.AuditPayouts(a.after, func(r *AuditPayout) error {
		a.payout(r)
		id := string(r.ID)
		rec := r.PayeeRecord
		if r.Payee.Erased {
			a.counts.Erased++
		} else if rec.Salt == nil && rec.Seq == 0 && r.RequestSeq < a.coverage {
			a.counts.PreCoverage++
		}
		py := payeeCheck{payout: r.ID, payee: r.Payee, rec: rec, requestSeq: r.RequestSeq, ref: r.PayeeTx.Ref, digest: r.PayeeTx.PayeeDigest}
		if p := py.problem(a.coverage); p != "" {
			seq := rec.Seq
			if seq == 0 {
				seq = r.RequestSeq
			}
			a.fail(checkPayouts, seq, "", id, "%s", p)
		}
		// Paid (settled or returned since) exactly when in a batch.
		if paid := r.Status.PaidOut() || r.Status == StatusReturned; paid != r.InBatch {
			seq := r.PaidSeq
			if seq == 0 {
				seq = r.RequestSeq
			}
			if paid {
				a.fail(checkPaidInBatch, seq, TxPaid, id, "payout %s is recorded as paid, but no payment batch paid it", id)
			} else {
				a.fail(checkPaidInBatch, seq, TxPaid, id, "payout %s is in a payment batch, but is recorded as %s", id, r.Status)
			}
		}
		// The current allocation and evaluation of a payout that has
		// some are checked with them (allocations, evaluations).
		if !r.HasAllocations {
			a.currentAllocation(id, r.RequestSeq, r.AllocationVersion, r.Allocated, currentAllocation{})
		}
		if !r.HasEvaluations {
			a.latestEvaluation(id, r.RequestSeq, r.StoredEvaluation, nil)
		}
		return nil
	})
}

// reissued checks each payout that pays a returned payout again (read by
// payouts) against the payout it pays again: that one was returned before,
// for the same pot and amount, was paid again by this payout and no other
// (the store keeps one link per returned payout; a second one, written
// into the file, names this payout's original as paid again by another),
// and its decision is the one the new payout is approved by.
func (a *audit) reissued() error {
	const chunk = 500
	for len(a.reissues) > 0 {
		n := min(chunk, len(a.reissues))
		part := a.reissues[:n]
		a.reissues = a.reissues[n:]
		ids := make([]PayoutID, n)
		for i, ri := range part {
			ids[i] = ri.of
		}
		was := make(map[PayoutID]*PayoutRow, n)
		if err := a.tx.Payouts(PayoutQuery{IDs: ids}, func(r *PayoutRow) error {
			was[r.ID] = r
			return nil
		}); err != nil {
			return err
		}
		for _, ri := range part {
			fail := func(format string, args ...any) {
				a.fail(checkPayouts, ri.seq, TxPayoutApproved, string(ri.id), format, args...)
			}
			o := was[ri.of]
			switch {
			case o == nil:
				fail("payout %s is stored as paying payout %s again, which is not there", ri.id, ri.of)
			case o.Status != StatusReturned || o.ReturnSeq == 0 || o.ReturnSeq > ri.seq:
				fail("payout %s pays payout %s again, which had not come back from the bank then (it is %s)", ri.id, ri.of, o.Status)
			case o.ReissuedAs != ri.id:
				fail("payout %s pays returned payout %s again, which is stored as paid again by %s", ri.id, ri.of, cmp.Or(string(o.ReissuedAs), "no payout"))
			case o.PotID != ri.pot || o.Amount != ri.amount:
				fail("payout %s pays returned payout %s again, but from pot %s for %s, not from pot %s for %s", ri.id, ri.of, ri.pot, ri.amount, o.PotID, o.Amount)
			case o.RequestedBy != ri.requestedBy || o.CaseRef != ri.caseRef:
				fail("payout %s pays returned payout %s again, but for another requester or case", ri.id, ri.of)
			case o.Decision == nil || !sameDecision(o.Decision, &ri.decision):
				fail("payout %s is stored as approved by the decision on returned payout %s, but that decision says otherwise", ri.id, ri.of)
			}
		}
	}
	return nil
}

// sameDecision reports whether two decisions are the same: outcome,
// decider, role, instant, note and mandate.
func sameDecision(x, y *PayoutDecision) bool {
	return x.Outcome == y.Outcome && x.By == y.By && x.Role == y.Role && x.At.Equal(y.At) && x.Note == y.Note &&
		x.Mandate == y.Mandate && x.OwnMandate == y.OwnMandate
}

// payout checks one payout row against its transactions: the digests of
// its request, decision and reversal; that their kinds, actors, instants
// and memos are the ones the row states (so a changed outcome, decider or
// mandate level is named); and that the status follows from that history.
func (a *audit) payout(r *AuditPayout) {
	id := string(r.ID)
	fail := func(seq int64, format string, args ...any) { a.fail(checkPayouts, seq, "", id, format, args...) }
	jr, jd, jv := &r.RequestTx, &r.DecisionTx, &r.ReversalTx
	switch {
	case jr.Ref != id:
		fail(r.RequestSeq, "%s", pointsTo(r.ID, "request", jr.Ref, r.RequestSeq))
		return
	case RequestDigest(r.Salt, &r.Payout) != jr.Digest:
		fail(r.RequestSeq, "the stored request of payout %s (amount, case reference or weighing) no longer matches the digest the journal recorded", r.ID)
	case jr.Kind != TxPayoutHeld && jr.Kind != TxPayoutApproved:
		fail(r.RequestSeq, "payout %s names it as its request, but it books a %s", r.ID, jr.Kind)
		return
	case jr.PotID != r.PotID || jr.ValueDate.String() != r.ValueDate.String() || !jr.RecordedAt.Equal(r.RequestedAt):
		fail(r.RequestSeq, "the stored pot, booking date or time of payout %s's request no longer match the journal", r.ID)
	}
	kinds := []TxKind{jr.Kind}
	seqs := []int64{r.RequestSeq}
	ownMandate := jr.Kind == TxPayoutApproved
	d := r.Decision
	switch {
	case r.ReissueOf != "":
		// Approved by the returned payout's decision, as its one
		// transaction says; reissues compares the decision with that
		// payout's.
		if d == nil || d.Outcome != OutcomeApprove || r.DecisionSeq != r.RequestSeq || jr.Kind != TxPayoutApproved ||
			!bookedBy(jr, r.ReissuedBy, r.ReissuedRole, r.RequestedAt) || jr.Memo != ReissueMemo(r.ReissueOf, d.Mandate) {
			fail(r.RequestSeq, "payout %s is stored as paying returned payout %s again, but its transaction says otherwise (%q)", r.ID, r.ReissueOf, jr.Memo)
		}
		ri := reissue{id: r.ID, of: r.ReissueOf, seq: r.RequestSeq, pot: r.PotID, amount: r.Amount, requestedBy: r.RequestedBy, caseRef: r.CaseRef}
		if d != nil {
			ri.decision = *d
		}
		a.reissues = append(a.reissues, ri)
	case strings.HasPrefix(jr.Memo, reissueMemoPrefix):
		fail(r.RequestSeq, "payout %s was approved to pay a returned payout again, as this transaction says (%q), but it is not stored as paying any payout again", r.ID, jr.Memo)
	case ownMandate && (d == nil || !d.OwnMandate || d.Outcome != OutcomeApprove || r.DecisionSeq != r.RequestSeq ||
		!bookedBy(jr, d.By, d.Role, d.At) || jr.Memo != DecisionMemo(d)):
		fail(r.RequestSeq, "payout %s was approved at once under its requester's own mandate, as this transaction says (%q), but its stored decision says otherwise", r.ID, jr.Memo)
	case !ownMandate && d != nil && d.OwnMandate:
		fail(r.RequestSeq, "payout %s is stored as approved under its requester's own mandate, but its request was held for a decision", r.ID)
	case !ownMandate && d != nil:
		want := TxPayoutApproved
		if d.Outcome != OutcomeApprove {
			want = TxPayoutRejected
		}
		switch {
		case jd.Ref != id:
			fail(r.DecisionSeq, "%s", pointsTo(r.ID, "decision", jd.Ref, r.DecisionSeq))
		case DecisionDigest(r.Salt, r.ID, d) != jd.Digest:
			fail(r.DecisionSeq, "the stored decision on payout %s no longer matches the digest the journal recorded", r.ID)
		case jd.Kind != want:
			fail(r.DecisionSeq, "payout %s is stored as decided %s, but its decision's transaction is a %s", r.ID, d.Outcome, jd.Kind)
		case !bookedBy(jd, d.By, d.Role, d.At) || jd.Memo != DecisionMemo(d):
			fail(r.DecisionSeq, "the stored decider, time or mandate of the decision on payout %s no longer match its transaction (%q)", r.ID, jd.Memo)
		}
		kinds, seqs = append(kinds, jd.Kind), append(seqs, r.DecisionSeq)
	}
	if rv := r.Reversal; rv != nil {
		switch {
		case jv.Ref != id:
			fail(r.ReversalSeq, "%s", pointsTo(r.ID, "reversal", jv.Ref, r.ReversalSeq))
		case ReversalDigest(r.Salt, r.ID, rv) != jv.Digest:
			fail(r.ReversalSeq, "the stored reversal of payout %s no longer matches the digest the journal recorded", r.ID)
		case jv.Kind != TxPayoutReversed || jv.Reverses != r.DecisionSeq || !bookedBy(jv, rv.By, rv.Role, rv.At):
			fail(r.ReversalSeq, "the stored reversal of payout %s no longer matches its transaction", r.ID)
		}
		kinds, seqs = append(kinds, jv.Kind), append(seqs, r.ReversalSeq)
	}
	// The bank's settlement and return, each committed to by its record.
	for _, b := range []struct {
		seq  int64
		tx   *Transaction
		kind TxKind
		rec  *GovernedRecord
		what string
	}{
		{r.SettleSeq, &r.SettleTx, TxPayoutSettled, settlementRecord(r), "settlement"},
		{r.ReturnSeq, &r.ReturnTx, TxPayoutReturned, returnRecord(r), "return"},
	} {
		switch {
		case b.rec == nil && b.seq == 0:
			continue
		case b.rec == nil || b.seq == 0:
			fail(max(b.seq, r.RequestSeq), "the stored %s of payout %s is not whole", b.what, r.ID)
			continue
		case b.tx.Ref != id:
			fail(b.seq, "%s", pointsTo(r.ID, b.what, b.tx.Ref, b.seq))
		case b.tx.Kind != b.kind || b.tx.Digest != b.rec.Digest():
			fail(b.seq, "the stored %s of payout %s no longer matches its transaction", b.what, r.ID)
		}
		kinds, seqs = append(kinds, b.tx.Kind), append(seqs, b.seq)
	}
	status, err := ReplayPayout(kinds, seqs)
	last := seqs[len(seqs)-1]
	switch {
	case err != nil:
		fail(last, "the journal history of payout %s does not fit: %v", r.ID, err)
	case r.Status == StatusPaid && status != StatusApproved:
		fail(last, "payout %s is stored as paid, but its journal history makes it %s", r.ID, status)
	case r.Status != StatusPaid && r.Status != status:
		fail(last, "payout %s is stored as %s, but its journal history makes it %s", r.ID, r.Status, status)
	}
}

// pointsTo describes a payout whose journal transaction is gone or books
// something else.
func pointsTo(id PayoutID, what, ref string, seq int64) string {
	if ref == "" {
		return fmt.Sprintf("payout %s refers to transaction %d as its %s, but the journal has no such transaction", id, seq, what)
	}
	return fmt.Sprintf("payout %s refers to transaction %d as its %s, but it books %q", id, seq, what, ref)
}

// contributions recomputes each contribution's digest.
func (a *audit) contributions() error {
	return a.tx.AuditContributions(a.after, func(c *Contribution, t *Transaction) error {
		if t.Ref != string(c.ID) || ContributionDigest(c) != t.Digest {
			a.fail(checkContributions, c.JournalSeq, TxContribution, string(c.ID),
				"the stored contribution %s no longer matches the digest the journal recorded", c.ID)
		}
		return nil
	})
}

// currentAllocation is what a payout's allocations that were never
// reversed add up to: how many there are, the highest version, allocated
// cents and transaction among them, and the lines of the highest version.
type currentAllocation struct {
	n         int
	version   int
	allocated Cents
	seq       int64
	lines     Cents
}

// allocations recomputes each allocation's digest from its record and
// lines, checks the transaction that reversed it, if any, and, payout by
// payout, that the payout's row names its one current allocation.
func (a *audit) allocations() error {
	var payout PayoutID
	var requestSeq int64
	var version int
	var allocated Cents
	var cur currentAllocation
	flush := func() {
		if payout != "" {
			a.currentAllocation(string(payout), requestSeq, version, allocated, cur)
		}
	}
	err := a.tx.AuditAllocations(a.after, func(x *AuditAllocation) error {
		if x.PayoutID != payout {
			flush()
			payout, requestSeq, version, allocated, cur = x.PayoutID, x.PayoutRequestSeq, x.PayoutVersion, x.PayoutAllocated, currentAllocation{}
		}
		fail := func(seq int64, kind TxKind, format string, args ...any) {
			a.fail(checkAllocations, seq, kind, string(x.PayoutID), format, args...)
		}
		if x.BookedTx.Ref != string(x.PayoutID) || AllocationDigest(x.Salt, &x.Allocation) != x.BookedTx.Digest {
			fail(x.JournalSeq, TxAllocated, "the stored allocation version %d of payout %s (its lines or note) no longer matches the digest the journal recorded", x.Version, x.PayoutID)
		}
		if x.ReversalSeq != 0 && (x.ReversalTx.Ref != string(x.PayoutID) || AllocationReversalDigest(x.Salt, x.PayoutID, x.Version, x.ReversalNote) != x.ReversalTx.Digest) {
			fail(x.ReversalSeq, TxAllocationReversed, "payout %s's allocation version %d refers to it as its reversal, but its record (or the reason it was replaced) no longer matches", x.PayoutID, x.Version)
		}
		if x.ReversalSeq == 0 {
			// Versions come in order: the last one never reversed is the
			// highest, and its lines are the ones that count.
			cur.n++
			cur.version, cur.seq = max(cur.version, x.Version), max(cur.seq, x.JournalSeq)
			cur.allocated = max(cur.allocated, x.Allocated)
			cur.lines = 0
			for _, l := range x.Lines {
				cur.lines += l.Amount
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	flush()
	return nil
}

// currentAllocation checks that a payout has at most one current
// allocation, that its row names it, and that it allocates what its lines
// add up to. version and allocated are what the payout's row says.
func (a *audit) currentAllocation(id string, requestSeq int64, version int, allocated Cents, cur currentAllocation) {
	if version == cur.version && allocated == cur.allocated && cur.n <= 1 && cur.allocated == cur.lines {
		return
	}
	seq := cur.seq
	if seq == 0 {
		seq = requestSeq
	}
	switch {
	case cur.n > 1:
		a.fail(checkCurrentAllocation, seq, TxAllocated, id, "payout %s has %d allocations that were never reversed; at most one can be current", id, cur.n)
	case cur.allocated != cur.lines:
		a.fail(checkCurrentAllocation, seq, TxAllocated, id, "payout %s's allocation version %d records %s allocated, but its lines add up to %s", id, cur.version, cur.allocated, cur.lines)
	default:
		a.fail(checkCurrentAllocation, seq, "", id, "payout %s names allocation version %d (%s), but its current allocation is version %d (%s)", id, version, allocated, cur.version, cur.allocated)
	}
}

// settlements recomputes each settlement's digest.
func (a *audit) settlements() error {
	return a.tx.AuditSettlements(a.after, func(st *Settlement, t *Transaction) error {
		if t.Ref != string(st.ReceivableID) || SettlementDigest(st) != t.Digest {
			a.fail(checkSettlements, st.JournalSeq, TxSettled, string(st.ReceivableID),
				"the stored settlement of receivable %s no longer matches the digest the journal recorded", st.ReceivableID)
		}
		return nil
	})
}

// evaluations recomputes each evaluation's digest and, payout by payout,
// checks that the payout's row names its latest evaluation.
func (a *audit) evaluations() error {
	var last *AuditEvaluation
	err := a.tx.AuditEvaluations(a.after, func(e *AuditEvaluation) error {
		if last != nil && last.PayoutID != e.PayoutID {
			a.latestEvaluation(string(last.PayoutID), last.PayoutRequestSeq, last.PayoutEvaluation, last)
		}
		last = e
		if e.BookedTx.Ref != string(e.PayoutID) || EvaluationDigest(e.Salt, &e.Evaluation) != e.BookedTx.Digest {
			a.fail(checkEvaluations, e.JournalSeq, TxEvaluated, string(e.PayoutID),
				"the stored evaluation version %d of payout %s no longer matches the digest the journal recorded", e.Version, e.PayoutID)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if last != nil {
		a.latestEvaluation(string(last.PayoutID), last.PayoutRequestSeq, last.PayoutEvaluation, last)
	}
	return nil
}

// latestEvaluation checks that a payout's row names its latest evaluation
// (nil: it has none). stored is what the row says.
func (a *audit) latestEvaluation(id string, requestSeq int64, stored EvaluationSummary, latest *AuditEvaluation) {
	var want EvaluationSummary
	var seq int64
	if latest != nil {
		want, seq = EvaluationSummary{Version: latest.Version, Outcome: latest.Outcome, Regretted: latest.Regretted}, latest.JournalSeq
	}
	if stored == want {
		return
	}
	if seq == 0 {
		seq = requestSeq
	}
	a.fail(checkLatestEvaluation, seq, TxEvaluated, id, "payout %s records evaluation %d (%s, %s regretted), but its latest evaluation is %d (%s, %s regretted)",
		id, stored.Version, orNone(string(stored.Outcome)), stored.Regretted, want.Version, orNone(string(want.Outcome)), want.Regretted)
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// payments recomputes the digest of each pot's part of each payment batch
// from the batch, the account it paid from and the payouts and amounts it
// paid, and checks that the parts add up to the batch. (That every payment
// transaction has its record is checked in unrecorded, and that a payout
// is paid exactly when it is in a batch in payouts.)
func (a *audit) payments() error {
	err := a.tx.AuditPaymentGroups(a.after, func(g *AuditPaymentGroup) error {
		seq := g.Group.JournalSeq
		var sum Cents
		for _, it := range g.Items {
			sum += it.Amount
		}
		want := PaymentDigest(&g.Batch, &g.Group, g.Items)
		if seq < a.coverage {
			want = PaymentDigestV1(g.Batch.ID, g.Group.Debtor, g.Items)
		}
		id := string(g.Batch.ID)
		switch {
		case g.BookedTx.Ref != id || want != g.BookedTx.Digest:
			a.fail(checkPaymentGroups, seq, TxPaid, id, "the stored account, dates, payouts or amounts of payment batch %s no longer match the digest the journal recorded", id)
		case sum != g.Group.Amount:
			a.fail(checkPaymentGroups, seq, TxPaid, id, "payment batch %s records %s for the pot, but its payouts add up to %s", id, g.Group.Amount, sum)
		}
		return nil
	})
	if err != nil {
		return err
	}
	// A batch holds what its parts hold.
	return a.tx.AuditPaymentBatches(a.after, func(b *AuditPaymentBatch) error {
		if b.Payouts != b.GroupPayouts || b.Amount != b.GroupAmount || b.Payouts != b.Items {
			a.fail(checkPaymentBatches, b.FirstSeq, TxPaid, string(b.ID), "payment batch %s records %d payouts and %s, but its parts hold %d payouts (%d listed) and %s",
				b.ID, b.Payouts, b.Amount, b.GroupPayouts, b.Items, b.GroupAmount)
		}
		return nil
	})
}

// receivables checks the figures kept beside the records for speed
// against the records the journal commits to: each receivable against its
// allocation line and its settlements (identity from the line, progress
// from the settlements, status from whether the allocation was reversed),
// and each party's receivables account against the receivables still
// open. The money logic reads these figures (what is open, which
// allocation a correction reverses), so a changed one must not pass
// unnoticed.
func (a *audit) receivables() error {
	a.open = map[string]Cents{}
	err := a.tx.AuditReceivables(a.after, func(r *AuditReceivable) error {
		id := string(r.ID)
		if r.Status != ReceivableCancelled {
			a.open[AccountName(r.PotID, AccountReceivables, string(r.PartyID))] += r.Amount - r.Settled
		}
		want := ReceivableOpen
		switch {
		case r.LineReversed:
			want = ReceivableCancelled
		case r.SettlementsTotal == r.Amount:
			want = ReceivableSettled
		}
		switch {
		case !r.HasLine:
			a.fail(checkReceivables, 0, "", id, "receivable %s has no allocation line that booked it", id)
		case r.LineAmount != r.Amount || r.LinePartyID != r.PartyID || r.LineVersion != r.AllocationVersion || r.LinePayoutID != r.PayoutID:
			a.fail(checkReceivables, r.LineSeq, TxAllocated, id, "receivable %s no longer matches the allocation line that booked it (amount, party or payout changed)", id)
		case r.Settled != r.SettlementsTotal:
			a.fail(checkReceivables, r.LineSeq, TxAllocated, id, "receivable %s records %s settled, but its settlements add up to %s", id, r.Settled, r.SettlementsTotal)
		case r.Status != want:
			a.fail(checkReceivables, r.LineSeq, TxAllocated, id, "receivable %s is recorded as %s, but its allocation and settlements make it %s", id, r.Status, want)
		}
		return nil
	})
	if err != nil || a.incremental() {
		return err
	}
	// Each party's receivables account holds exactly what is open: a sum
	// over every receivable, so in full verifications only. The account's
	// last posting is looked up only for one that fails, once the accounts
	// are read.
	type drifted struct {
		name          string
		balance, open Cents
	}
	var bad []drifted
	err = a.tx.AuditAccounts(func(b AccountBalance) error {
		if acc, err := ParseAccount(b.Name); err != nil || acc.Kind != AccountReceivables {
			return nil
		}
		if open := a.open[b.Name]; b.Balance != open {
			bad = append(bad, drifted{b.Name, b.Balance, open})
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, d := range bad {
		seq, err := a.tx.LastPosting(d.name)
		if err != nil {
			return err
		}
		a.fail(checkReceivableAccounts, seq, "", d.name, "the account %s holds %s, but the receivables still open add up to %s", d.name, d.balance, d.open)
	}
	return nil
}

// erasures checks that the payees each erasure blanked are the ones its
// transaction lists.
func (a *audit) erasures() error {
	return a.tx.AuditErasures(a.after, func(e *AuditErasure) error {
		t := &e.BookedTx
		before, _ := ParseDate(strings.TrimPrefix(t.Ref, "before "))
		if t.Kind != TxPersonalErasure || ErasureDigest(before, e.Payouts) != t.Digest {
			a.fail(checkErasures, e.Seq, TxPersonalErasure, t.Ref, "the payees marked as erased by it (%d) are not the ones it erased", len(e.Payouts))
		}
		return nil
	})
}

// closedPeriods checks each closed period against the transaction that
// closed it: a period deleted or widened by hand would let bookings into it.
func (a *audit) closedPeriods() error {
	return a.tx.AuditClosedPeriods(a.after, func(cp *ClosedPeriod, t *Transaction) error {
		start, end := cp.Start.String(), cp.End.String()
		if t.Kind != TxPeriodClosed || t.Ref != cp.Label || t.Memo != "closed "+start+" to "+end || t.Actor != cp.ClosedBy || !t.RecordedAt.Equal(cp.ClosedAt) {
			a.fail(checkClosedPeriods, cp.JournalSeq, TxPeriodClosed, cp.Label, "the closed period %s (%s to %s) no longer matches the transaction that closed it", cp.Label, start, end)
		}
		return nil
	})
}

// governedRecordKinds are the kinds whose latest transaction per record
// holds the digest of a governed record (GovernedKinds but the Iv3 code
// list, whose digest is the list's own: see taakvelden).
var governedRecordKinds = slices.DeleteFunc(slices.Clone(GovernedKinds), func(k TxKind) bool { return k == TxTaakveldenImported })

// governed compares every governed record with the latest transaction that
// committed to it: a record changed, added or deleted by hand is named.
func (a *audit) governed() error {
	type commit struct {
		seq    int64
		digest string
	}
	type key struct {
		kind TxKind
		ref  string
	}
	latest := map[key]commit{}
	err := a.tx.Transactions(TxFilter{Kinds: governedRecordKinds}, func(t *Transaction) error {
		latest[key{t.Kind, t.Ref}] = commit{t.Seq, t.Digest}
		return nil
	})
	if err != nil {
		return err
	}
	records, err := governedRecords(a.tx)
	if err != nil {
		return err
	}
	for i := range records {
		r := &records[i]
		k := key{r.Kind, r.Ref}
		l, ok := latest[k]
		delete(latest, k)
		switch {
		case !ok:
			a.fail(checkGoverned, 0, r.Kind, r.Ref, "%s is not committed to by any transaction: it was added outside ontschot", r.Label)
		case l.digest != r.Digest():
			a.fail(checkGoverned, l.seq, r.Kind, r.Ref, "%s no longer matches what this transaction committed to: it was changed outside ontschot", r.Label)
		}
	}
	gone := make([]key, 0, len(latest))
	for k := range latest {
		gone = append(gone, k)
	}
	slices.SortFunc(gone, func(x, y key) int { return cmp.Compare(latest[x].seq, latest[y].seq) })
	for _, k := range gone {
		a.fail(checkGoverned, latest[k].seq, k.kind, k.ref, "the %s it committed to is gone from the file", strings.TrimSuffix(string(k.kind), "_set"))
	}
	return nil
}

// taakvelden compares the Iv3 code list with the latest list the journal
// committed to, and each import record with its transaction.
func (a *audit) taakvelden() error {
	var last *Transaction
	err := a.tx.Transactions(TxFilter{Kinds: []TxKind{TxTaakveldenImported}, Newest: true, Limit: 1}, func(t *Transaction) error {
		last = t
		return nil
	})
	if err != nil {
		return err
	}
	list, err := a.tx.Taakvelden()
	if err != nil {
		return err
	}
	if last != nil && list.Digest() != last.Digest {
		a.fail(checkTaakvelden, last.Seq, TxTaakveldenImported, "taakvelden", "the Iv3 code list (%d rows) no longer matches the list this transaction committed to: it was changed outside ontschot", len(list))
	}
	return a.tx.AuditTaakveldImports(a.after, func(seq int64, digest string, t *Transaction) error {
		if t.Kind != TxTaakveldenImported || digest != t.Digest {
			a.fail(checkTaakvelden, seq, TxTaakveldenImported, "taakvelden", "the record of this import of the Iv3 code list no longer matches it")
		}
		return nil
	})
}

// bankFiles checks each import of a bank file, its statements and entries
// as stored, against the transaction that committed to them: an entry or
// a balance changed, added or removed in the file (to hide a return, or
// to make the reconciliation add up) is named.
func (a *audit) bankFiles() error {
	return a.tx.AuditBankFiles(func(f *BankFileRow, sts []BankStatementRow, es []BankEntryRow, ds []BankStatementEntry, t *Transaction) error {
		if f.Seq == 0 {
			a.fail(checkBankFiles, 0, TxBankFileImported, f.Digest, "statements or entries of bank file %s are stored, but no import made them: they were put in the file outside ontschot", f.Digest)
			return nil
		}
		r := BankFileRecord(f.Digest, f.Kind, f.MessageID, sts, es, ds)
		switch {
		case t.Kind != TxBankFileImported || t.Ref != f.Digest || t.Digest != r.Digest():
			a.fail(checkBankFiles, f.Seq, TxBankFileImported, f.Digest, "the import of bank file %s (%d statements, %d entries) no longer matches what this transaction committed to: it was changed outside ontschot", f.Digest, len(sts), len(es))
		case t.Actor != f.ImportedBy || !t.RecordedAt.Equal(f.ImportedAt) || t.Memo != bankImportMemo(f.Kind, f.Summary):
			a.fail(checkBankFiles, f.Seq, TxBankFileImported, f.Digest, "who imported bank file %s, when, or what the import says it did, no longer matches this transaction: it was changed outside ontschot", f.Digest)
		}
		return nil
	})
}

// sessions checks each open web session against the transaction that
// opened it: a session put in the file by hand would sign anyone in.
func (a *audit) sessions() error {
	return a.tx.AuditSessions(func(s *SessionRow, t *Transaction) error {
		r := SessionRecord(s.Hash, s.User, s.CreatedAt, s.ExpiresAt)
		if t.Kind != TxSessionOpened || t.Ref != s.User || t.Digest != r.Digest() {
			a.fail(checkSessions, s.Seq, TxSessionOpened, s.User, "a web session of %s is not the one a sign-in opened: it was put in the file or changed outside ontschot", s.User)
		}
		return nil
	})
}

// answers checks the stored answers to requests with an idempotency key
// against the transactions that committed to them, group by group (the
// answers one transaction committed to come together).
func (a *audit) answers() error {
	var cur struct {
		started bool
		seq     int64
		t       Transaction
		answers []string
		first   string
	}
	check := func() {
		if !cur.started {
			return
		}
		switch {
		case cur.seq == 0:
			a.fail(checkAnswers, 0, TxAnswersRecorded, "", "%d stored answers (the first: %s) are not committed to by any transaction: they were put in the file outside ontschot", len(cur.answers), cur.first)
		case cur.t.Kind != TxAnswersRecorded || AnswersDigest(cur.answers) != cur.t.Digest:
			a.fail(checkAnswers, cur.seq, TxAnswersRecorded, "answers", "the %d stored answers it committed to were changed or deleted outside ontschot (the first now: %s)", len(cur.answers), cur.first)
		}
	}
	err := a.tx.AuditAnswers(a.after, func(s *StoredAnswer, t *Transaction) error {
		if !cur.started || s.Seq != cur.seq {
			check()
			cur.started, cur.seq, cur.t, cur.answers = true, s.Seq, *t, cur.answers[:0]
			cur.first = fmt.Sprintf("the answer to key %q of %s", s.Key, s.Actor)
		}
		cur.answers = append(cur.answers, AnswerDigest(s.Actor, s.Key, s.Operation, s.Fingerprint, s.Result))
		return nil
	})
	if err != nil {
		return err
	}
	check()
	return nil
}

// unrecorded names every transaction whose record is gone: a payout row
// deleted with its payee, a contribution, an allocation, a settlement, an
// evaluation, a closed period, an erasure's payees, a payment's record or
// a group of stored answers. Governed records are checked in governed. An
// import of the code list or an erasure from before coverage began had no
// record that refers to it.
func (a *audit) unrecorded() error {
	return a.tx.Unrecorded(a.after, func(t *Transaction) error {
		switch t.Kind {
		case TxPaid:
			a.fail(checkPaymentsRecorded, t.Seq, TxPaid, t.Ref, "it books the payment of batch %s, whose record is gone", t.Ref)
		case TxTaakveldenImported, TxPersonalErasure:
			if t.Seq > a.coverage {
				a.fail(checkUnrecorded, t.Seq, t.Kind, t.Ref, "the record it booked is gone from the file: it was deleted outside ontschot")
			}
		default:
			a.fail(checkUnrecorded, t.Seq, t.Kind, t.Ref, "the record it booked is gone from the file: it was deleted outside ontschot")
		}
		return nil
	})
}

// settlementRecord is the record a payout's stored settlement is committed
// to by (nil when it has none).
func settlementRecord(r *AuditPayout) *GovernedRecord {
	if r.Settlement == nil {
		return nil
	}
	rec := BankSettlementRecord(r.ID, r.Settlement.BookedOn)
	return &rec
}

// returnRecord is the record a payout's stored return is committed to by
// (nil when it has none).
func returnRecord(r *AuditPayout) *GovernedRecord {
	if r.Return == nil {
		return nil
	}
	rec := BankReturnRecord(r.ID, r.Return.BookedOn, r.Return.Reason)
	return &rec
}
