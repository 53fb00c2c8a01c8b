package ledger

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Audit: the journal as it is read back, and Verify, which recomputes it
// and checks every record against what it committed to. The checks are
// written here once; an engine only reads (AuditReads), so a ledger on
// any engine is held to the same account.

// Journal returns transactions with seq > after, in order, at most limit
// (1 to 1000; otherwise 100), with their postings (Store).
func (s *Service) Journal(ctx context.Context, after int64, limit int) ([]Transaction, error) {
	if limit <= 0 || limit > 1000 {
		limit = 100
	}
	if after+int64(limit) <= 0 {
		return nil, nil // nothing has a sequence number below 1
	}
	var ts []Transaction
	err := s.read(ctx, "read journal", func(tx ReadTx) error {
		ts = nil
		return tx.Transactions(TxFilter{After: after, Through: after + int64(limit), Postings: true}, func(t *Transaction) error {
			ts = append(ts, *t)
			return nil
		})
	})
	return ts, err
}

// JournalHead returns the last transaction's sequence number and hash (0
// and GenesisHash for an empty journal) (Store).
func (s *Service) JournalHead(ctx context.Context) (int64, string, error) {
	var seq int64
	var hash string
	err := s.read(ctx, "read journal head", func(tx ReadTx) error {
		var err error
		seq, hash, err = tx.Head()
		return err
	})
	return seq, hash, err
}

// Verify recomputes the journal and names the first transaction that does
// not fit (Store). A full verification checks, in consistent snapshots:
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
//     journal history, and what the engine keeps beside the records for
//     speed (receivables' progress, each payout's current allocation and
//     evaluation) agrees with the records (see audit_records.go).
//
// An incremental verification (opts.Incremental, without witnesses)
// continues from the VerifiedCheckpoint an earlier one recorded: it checks
// that the journal still holds the checkpoint's transaction with the
// checkpoint's hash and content, walks the chain from there with the
// running balances recorded there, compares every account's balance, and
// checks the records the transactions after the checkpoint booked or
// changed, with the governed records, web sessions and code list (few, and
// what a forged sign-in would change). Sums over the whole history
// (receivables accounts, rotation loads) and records nothing new touched
// are left to full verifications. Without a recorded checkpoint it is a
// full one. opts.Record records the head reached, or clears the
// checkpoint when the journal does not fit (see VerifyOptions).
//
// The chain is walked in one snapshot while the records are checked in a
// second one, at the same time: neither check depends on the other, so two
// cores share the work. The records' snapshot is taken once the chain's is,
// so it holds every transaction the chain's does: no record booked before
// the head reached goes unchecked. Neither snapshot holds up a write: both
// engines read beside the writer. Memory stays flat whatever the journal's
// length: everything is read in streams, of which only a running balance
// per account is kept, with what one record is made of (an allocation's
// lines, a payment group's items, the payees one erasure erased) while it
// is checked.
//
// The answer's error is only for a failure to read; a journal that does not
// fit is a Verification with OK false and the Failure named: of the
// failures found, the one with the lowest sequence number; a drifted
// account balance, which names only the account, when nothing more precise
// is found. A checkpoint that cannot be recorded is logged and leaves
// Recorded false.
func (s *Service) Verify(ctx context.Context, opts VerifyOptions) (Verification, error) {
	v := Verification{VerifiedAt: JournalTime(s.now()), Full: true}
	witnessed := len(opts.Checkpoints) > 0 || opts.CheckpointLog != nil
	type recordResult struct {
		failures []*VerifyFailure
		counts   Verification
		err      error
	}
	// begun carries, once the chain's snapshot is taken, the transaction
	// after which the records are to be checked (0: all); it is closed
	// without one when the chain's read fails first.
	begun := make(chan int64, 1)
	records := make(chan recordResult, 1)
	go func() {
		var r recordResult
		after, ok := <-begun
		if !ok {
			records <- r
			return
		}
		// The snapshot ends before the answer goes (Read returns after it
		// ends): a store closed right after Verify must find every
		// connection back, or SQLite leaves its write-ahead log beside
		// the file.
		r.err = s.engine.Read(ctx, func(tx ReadTx) error {
			coverage, err := s.coverage(tx)
			if err != nil {
				return err
			}
			a := &audit{tx: tx, coverage: coverage, after: after}
			err = a.run()
			r.failures, r.counts = a.failures(), a.counts
			return err
		})
		records <- r
	}()

	var failures, drift []*VerifyFailure
	var from *VerifiedCheckpoint
	var running map[string]Cents
	sent := false
	err := s.engine.Read(ctx, func(tx ReadTx) error {
		// The first read takes the snapshot.
		if opts.Incremental && !witnessed {
			cp, ok, err := tx.VerifiedCheckpoint()
			if err != nil {
				return err
			}
			if ok && cp.Seq > 0 {
				from = &cp
			}
		} else if _, _, err := tx.Head(); err != nil {
			return err
		}
		if from != nil {
			v.Full, v.FromSeq = false, from.Seq
			at := from.FinishedAt
			v.FromVerifiedAt = &at
			begun <- from.Seq
		} else {
			begun <- 0
		}
		sent = true
		witnesses := NewWitnesses(opts.Checkpoints, opts.CheckpointLog)
		var lastSeq map[string]int64
		var err error
		running, lastSeq, err = verifyChain(tx, &v, from, witnesses, &failures)
		if err != nil || len(failures) > 0 {
			return err
		}
		if f := witnesses.End(v.HeadSeq); f != nil {
			failures = append(failures, f)
		} else {
			v.Witnesses = witnesses.Checked()
			if v.Witnesses > 0 {
				v.Unwitnessed = v.HeadSeq - witnesses.Last()
			}
		}
		return verifyAccounts(tx, &v, running, lastSeq, &drift)
	})
	if !sent {
		close(begun)
	}
	r := <-records
	if err := errors.Join(err, r.err); err != nil {
		return v, wrapInternal("verify", err)
	}
	failures = append(failures, r.failures...)
	v.Erased, v.PreCoverage = r.counts.Erased, r.counts.PreCoverage
	v.Checkpoint = Checkpoint{Seq: v.HeadSeq, Hash: v.HeadHash}
	if v.HeadSeq == 0 {
		v.Checkpoint.Hash = GenesisHash
	}
	v.Failure = earliest(failures)
	if v.Failure == nil {
		v.Failure = earliest(drift)
	}
	v.OK = v.Failure == nil
	v.FinishedAt = JournalTime(s.now())
	if opts.Record {
		s.recordVerification(ctx, &v, running)
	}
	return v, nil
}

// recordVerification keeps where v got to as the checkpoint the next
// incremental verification continues from, with the running balances
// there, when the journal verifies; and clears it when it does not, so
// that the next verification reads everything again.
//
// A checkpoint only moves forward: a full verification that started before
// an incremental one and ends after it leaves the later checkpoint in
// place, and records only that a full verification ran. A failure to
// record is logged, not returned: the verification itself stands, and the
// next one starts from the checkpoint before.
func (s *Service) recordVerification(ctx context.Context, v *Verification, running map[string]Cents) {
	err := s.write(ctx, "record the verified checkpoint", func(o *op) error {
		if !v.OK {
			return o.tx.ClearVerifiedCheckpoint()
		}
		cp := VerifiedCheckpoint{Checkpoint: v.Checkpoint, Full: v.Full, StartedAt: v.VerifiedAt, FinishedAt: v.FinishedAt, Balances: running}
		old, ok, err := o.tx.VerifiedCheckpoint()
		if err != nil {
			return err
		}
		if ok {
			cp.LastFullSeq, cp.LastFullAt = old.LastFullSeq, old.LastFullAt
		}
		if v.Full {
			cp.LastFullSeq, cp.LastFullAt = v.HeadSeq, v.FinishedAt
		}
		if ok && old.Seq > cp.Seq {
			// A later checkpoint stays; what this run adds is that a
			// full verification ran.
			old.LastFullSeq, old.LastFullAt = cp.LastFullSeq, cp.LastFullAt
			cp = old
		}
		return o.tx.SaveVerifiedCheckpoint(&cp)
	})
	if err != nil {
		s.log.Error("verify: cannot record the verified checkpoint; the next verification starts from the one before", "err", err.Error(), "seq", v.HeadSeq)
		return
	}
	v.Recorded = v.OK
}

// earliest returns the failure with the lowest sequence number; one that
// names no transaction (a record added by hand) comes after all others,
// which say more precisely where the ledger went wrong. Of failures with
// the same number, the first found.
func earliest(fs []*VerifyFailure) *VerifyFailure {
	var first *VerifyFailure
	for _, f := range fs {
		if first == nil || f.Seq != 0 && (first.Seq == 0 || f.Seq < first.Seq) {
			first = f
		}
	}
	return first
}

// errChainBroken ends the walk of the chain at its first failure: what
// follows a transaction that does not fit cannot be judged.
var errChainBroken = errors.New("the chain is broken")

// verifyChain walks the journal in order and stops at the first transaction
// that does not fit. It returns the running balance and the last
// transaction of every account (of the accounts it saw postings to).
//
// From a recorded checkpoint (from not nil), the walk starts at the
// checkpoint's own transaction, which must still be there with the
// recorded hash and a content that gives it (a broken link there is named,
// not skipped), and carries on with the balances recorded there.
func verifyChain(tx ReadTx, v *Verification, from *VerifiedCheckpoint, witnesses *Witnesses, failures *[]*VerifyFailure) (map[string]Cents, map[string]int64, error) {
	running := map[string]Cents{}
	lastSeq := map[string]int64{}
	prevSeq, prevHash := int64(0), GenesisHash
	var after int64
	atCheckpoint := from != nil
	if from != nil {
		for name, b := range from.Balances {
			running[name] = b
		}
		after = from.Seq - 1
	}
	err := tx.Transactions(TxFilter{After: after, Postings: true}, func(t *Transaction) error {
		fail := func(format string, args ...any) error {
			*failures = append(*failures, &VerifyFailure{Seq: t.Seq, Kind: t.Kind, Ref: t.Ref, Problem: fmt.Sprintf(format, args...)})
			return errChainBroken
		}
		if atCheckpoint {
			atCheckpoint = false
			switch {
			case t.Seq != from.Seq:
				return fail("the verification of %s ended at transaction %d, which is no longer in the journal: it was removed, or the recorded checkpoint was changed; %s",
					from.FinishedAt.Format(time.RFC3339), from.Seq, verifyFullHint)
			case t.Hash != from.Hash:
				return fail("the verification of %s recorded it with the hash %s, but it now has the hash %s: the journal was rewritten up to here, or the recorded checkpoint was changed; %s",
					from.FinishedAt.Format(time.RFC3339), short(from.Hash), short(t.Hash), verifyFullHint)
			case t.ComputeHash() != t.Hash:
				return fail("its content no longer matches its hash %s: it was changed after it was written", short(t.Hash))
			}
			prevSeq, prevHash = t.Seq, t.Hash
			v.HeadSeq, v.HeadHash = t.Seq, t.Hash
			return nil
		}
		switch {
		case t.Seq == prevSeq+2:
			return fail("it follows transaction %d, so transaction %d is missing", prevSeq, prevSeq+1)
		case t.Seq != prevSeq+1:
			return fail("it follows transaction %d, so transactions %d to %d are missing", prevSeq, prevSeq+1, t.Seq-1)
		case t.PrevHash != prevHash:
			return fail("its previous-hash %s does not match the hash of transaction %d (%s)", short(t.PrevHash), prevSeq, short(prevHash))
		case t.ComputeHash() != t.Hash:
			return fail("its content no longer matches its hash %s: it was changed after it was written", short(t.Hash))
		case t.Sum() != 0:
			return fail("its postings sum to %s, not zero", t.Sum())
		}
		if f := witnesses.Observe(t.Seq, t.Kind, t.Ref, t.Hash); f != nil {
			*failures = append(*failures, f)
			return errChainBroken
		}
		for _, p := range t.Postings {
			want := running[p.Account] + p.Amount
			if p.BalanceAfter != want {
				return fail("the balance of %s after it is recorded as %s, but the postings up to it give %s", p.Account, p.BalanceAfter, want)
			}
			running[p.Account] = want
			lastSeq[p.Account] = t.Seq
			v.Postings++
		}
		prevSeq, prevHash = t.Seq, t.Hash
		v.Transactions++
		v.HeadSeq, v.HeadHash = t.Seq, t.Hash
		return nil
	})
	if errors.Is(err, errChainBroken) {
		err = nil
	}
	if err == nil && atCheckpoint {
		// The journal ends before the checkpoint's transaction.
		head, _, herr := tx.Head()
		if herr != nil {
			return nil, nil, herr
		}
		what := fmt.Sprintf("transactions %d to %d were removed (the journal was cut back)", head+1, from.Seq)
		if head+1 == from.Seq {
			what = fmt.Sprintf("transaction %d was removed (the journal was cut back)", from.Seq)
		}
		*failures = append(*failures, &VerifyFailure{Seq: head + 1, Problem: fmt.Sprintf(
			"the journal ends at transaction %d, but the verification of %s reached transaction %d: %s, or the recorded checkpoint was changed; %s",
			head, from.FinishedAt.Format(time.RFC3339), from.Seq, what, verifyFullHint)})
	}
	return running, lastSeq, err
}

// verifyFullHint tells what to do when an incremental verification finds
// the recorded checkpoint does not fit.
const verifyFullHint = "a full verification (ontschot verify --full) reads the whole journal without it"

// verifyAccounts compares each account's stored balance with its postings.
// An account whose last posting the walk did not see (one an incremental
// verification found untouched) is named by its last posting, looked up
// once the accounts are read.
func verifyAccounts(tx ReadTx, v *Verification, running map[string]Cents, lastSeq map[string]int64, failures *[]*VerifyFailure) error {
	type drifted struct {
		name          string
		balance, want Cents
	}
	var bad []drifted
	err := tx.AuditAccounts(func(a AccountBalance) error {
		v.Accounts++
		if want := running[a.Name]; a.Balance != want {
			bad = append(bad, drifted{a.Name, a.Balance, running[a.Name]})
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, d := range bad {
		seq, ok := lastSeq[d.name]
		if !ok {
			var err error
			if seq, err = tx.LastPosting(d.name); err != nil {
				return err
			}
		}
		*failures = append(*failures, &VerifyFailure{Seq: seq, Problem: fmt.Sprintf(
			"the account %s has the balance %s, but its postings sum to %s: the balance was changed outside the journal", d.name, d.balance, d.want)})
	}
	return nil
}

// short abbreviates a hash for a message.
func short(h string) string {
	if len(h) > 12 {
		return h[:12] + "…"
	}
	return h
}
