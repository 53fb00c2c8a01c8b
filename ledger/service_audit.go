package ledger

import (
	"context"
	"errors"
	"fmt"
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
// not fit (Store). It checks, in consistent snapshots:
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
// The chain is walked in one snapshot while the records are checked in a
// second one, at the same time: neither check depends on the other, so two
// cores share the work. Memory stays flat whatever the journal's length:
// everything is read in streams, of which only a running balance per
// account is kept, with what one record is made of (an allocation's lines,
// a payment group's items, the payees one erasure erased) while it is
// checked.
//
// The answer's error is only for a failure to read; a journal that does not
// fit is a Verification with OK false and the Failure named: of the
// failures found, the one with the lowest sequence number; a drifted
// account balance, which names only the account, when nothing more precise
// is found.
func (s *Service) Verify(ctx context.Context, opts VerifyOptions) (Verification, error) {
	v := Verification{VerifiedAt: JournalTime(s.now())}
	type recordResult struct {
		failures []*VerifyFailure
		counts   Verification
		err      error
	}
	records := make(chan recordResult, 1)
	go func() {
		var r recordResult
		// The snapshot ends before the answer goes (Read returns after it
		// ends): a store closed right after Verify must find every
		// connection back, or SQLite leaves its write-ahead log beside
		// the file.
		r.err = s.engine.Read(ctx, func(tx ReadTx) error {
			coverage, err := s.coverage(tx)
			if err != nil {
				return err
			}
			a := &audit{tx: tx, coverage: coverage}
			err = a.run()
			r.failures, r.counts = a.failures(), a.counts
			return err
		})
		records <- r
	}()

	var failures, drift []*VerifyFailure
	err := s.engine.Read(ctx, func(tx ReadTx) error {
		witnesses := NewWitnesses(opts.Checkpoints, opts.CheckpointLog)
		running, lastSeq, err := verifyChain(tx, &v, witnesses, &failures)
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
	return v, nil
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
// transaction of every account.
func verifyChain(tx ReadTx, v *Verification, witnesses *Witnesses, failures *[]*VerifyFailure) (map[string]Cents, map[string]int64, error) {
	running := map[string]Cents{}
	lastSeq := map[string]int64{}
	prevSeq, prevHash := int64(0), GenesisHash
	err := tx.Transactions(TxFilter{Postings: true}, func(t *Transaction) error {
		fail := func(format string, args ...any) error {
			*failures = append(*failures, &VerifyFailure{Seq: t.Seq, Kind: t.Kind, Ref: t.Ref, Problem: fmt.Sprintf(format, args...)})
			return errChainBroken
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
	return running, lastSeq, err
}

// verifyAccounts compares each account's stored balance with its postings.
func verifyAccounts(tx ReadTx, v *Verification, running map[string]Cents, lastSeq map[string]int64, failures *[]*VerifyFailure) error {
	return tx.AuditAccounts(func(a AccountBalance) error {
		v.Accounts++
		if want := running[a.Name]; a.Balance != want {
			*failures = append(*failures, &VerifyFailure{Seq: lastSeq[a.Name], Problem: fmt.Sprintf(
				"the account %s has the balance %s, but its postings sum to %s: the balance was changed outside the journal", a.Name, a.Balance, want)})
		}
		return nil
	})
}

// short abbreviates a hash for a message.
func short(h string) string {
	if len(h) > 12 {
		return h[:12] + "…"
	}
	return h
}
