package ledgertest

import (
	"context"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"

	"github.com/ontschot/ontschot/ledger"
)

// Incremental verification: a verification records where it got to
// (VerifyOptions.Record) and the next continues from there
// (VerifyOptions.Incremental), reading what was appended since; and a
// verification reads beside the writer, never holding it up.

// continued is a ledger with a verified checkpoint part-way: before it,
// three payouts approved at once and paid (before) and a second pot, funded; after it, a payout approved at
// once and one held and approved by the team lead (after), an allocation of
// before[0] to a party (a receivable) that is partly settled, an
// evaluation of before[1] and a contribution.
type continued struct {
	*fixture
	before, after []ledger.Payout
	// checkpoint is the full verification that recorded the checkpoint.
	checkpoint ledger.Verification
}

// newContinued books the ledger of continued in store.
func newContinued(t testing.TB, store ledger.Store, clock *Clock) *continued {
	t.Helper()
	f := &fixture{t: t, store: store, clock: clock, ctx: context.Background()}
	f.partner = f.mustPartner("Gemeente Leeuwarden", ledger.KindMunicipality)
	f.pot = f.mustPot("Doorbraakpot", ledger.NewPot{Year: 2026, RecoveryPolicy: ledger.PolicyRefund, Mandates: Ladder()})
	f.mustContribute(f.pot.ID, f.partner.ID, 50000_00)
	f.mustParty("Woningcorporatie Elkien", ledger.PartyHousingCorporation)
	// A second pot that nothing after the checkpoint touches.
	other := f.mustPot("Tweede pot", ledger.NewPot{Year: 2026, RecoveryPolicy: ledger.PolicyReport, Mandates: Ladder()})
	f.mustContribute(other.ID, f.partner.ID, 700_00)
	c := &continued{fixture: f}
	for _, amount := range []ledger.Cents{100_00, 200_00, 300_00} {
		c.before = append(c.before, f.mustRequest(Caseworker, amount))
	}
	f.mustPay() // so before[1] can be evaluated after the checkpoint
	c.checkpoint = c.mustVerify(ledger.VerifyOptions{Record: true})
	if !c.checkpoint.Full || !c.checkpoint.Recorded {
		t.Fatalf("the first verification = %+v; want a full one that recorded its checkpoint", c.checkpoint)
	}
	c.after = append(c.after, f.mustRequest(Caseworker, 400_00))
	held := f.mustRequest(Caseworker, 3000_00)
	if _, err := store.DecidePayout(f.ctx, Teamlead, ledger.Decision{PayoutID: held.ID, Outcome: ledger.OutcomeApprove, Note: "akkoord"}); err != nil {
		t.Fatalf("DecidePayout: %v", err)
	}
	c.after = append(c.after, held)
	a := f.mustAllocate(c.before[0].ID, "naar de corporatie", party("Woningcorporatie Elkien", 60_00), maatwerk(40_00))
	if _, err := store.Settle(f.ctx, Finance, ledger.Settlement{ReceivableID: a.Lines[0].ReceivableID, Amount: 20_00,
		ValueDate: ledger.DateOf(clock.Now()), Reference: "Elkien 2026-7"}); err != nil {
		t.Fatalf("Settle: %v", err)
	}
	if _, err := store.Evaluate(f.ctx, Caseworker, ledger.EvaluationRequest{PayoutID: c.before[1].ID, Outcome: ledger.EvalEffective, Note: "De bewoner woont er nog"}); err != nil {
		t.Fatalf("Evaluate: %v", err)
	}
	f.mustContribute(f.pot.ID, f.partner.ID, 1000_00)
	return c
}

// mustVerify verifies with opts and fails the test on an error to read.
func (c *continued) mustVerify(opts ledger.VerifyOptions) ledger.Verification {
	c.t.Helper()
	v, err := c.store.Verify(c.ctx, opts)
	if err != nil {
		c.t.Fatalf("Verify(%+v): %v", opts, err)
	}
	return v
}

// head returns the journal's head.
func (c *continued) head() (int64, string) {
	c.t.Helper()
	seq, hash, err := c.store.JournalHead(c.ctx)
	if err != nil {
		c.t.Fatalf("JournalHead: %v", err)
	}
	return seq, hash
}

// incremental asks for a verification that continues from the recorded
// checkpoint and records where it gets to.
var incremental = ledger.VerifyOptions{Incremental: true, Record: true}

// Verification runs the tests of incremental verification against stores
// made by open: an engine's test calls it beside Run.
func Verification(t *testing.T, open Opener) {
	t.Run("ContinuesFromTheCheckpoint", func(t *testing.T) {
		clock := NewClock(Start)
		c := newContinued(t, open(t, clock), clock)
		from := c.checkpoint.HeadSeq
		head, hash := c.head()
		v := c.mustVerify(incremental)
		if !v.OK {
			t.Fatalf("the incremental verification fails: %v", v.Failure)
		}
		if v.Full || v.FromSeq != from || v.FromVerifiedAt == nil || !v.FromVerifiedAt.Equal(c.checkpoint.FinishedAt) {
			t.Fatalf("verification = full %v from %d (%v); want it to continue from %d, recorded at %s", v.Full, v.FromSeq, v.FromVerifiedAt, from, c.checkpoint.FinishedAt)
		}
		if v.Transactions != head-from || v.HeadSeq != head || v.HeadHash != hash || !v.Recorded {
			t.Fatalf("verification = %d transactions up to %d (%s), recorded %v; want the %d after %d, up to %d (%s), recorded",
				v.Transactions, v.HeadSeq, v.HeadHash, v.Recorded, head-from, from, head, hash)
		}
		// Nothing new: nothing to verify but the checkpoint's transaction.
		again := c.mustVerify(incremental)
		if !again.OK || again.Full || again.FromSeq != head || again.Transactions != 0 || again.HeadSeq != head {
			t.Fatalf("the next verification = %+v; want one of nothing after %d", again, head)
		}
		// A full one reads everything, whatever is recorded.
		full := c.mustVerify(ledger.VerifyOptions{Record: true})
		if !full.OK || !full.Full || full.FromSeq != 0 || full.Transactions != head {
			t.Fatalf("the full verification = %+v; want all %d transactions", full, head)
		}
		if v.Accounts != full.Accounts || v.Accounts <= c.checkpoint.Accounts {
			t.Fatalf("the incremental verification compared %d accounts; want all %d, more than the %d before the allocation", v.Accounts, full.Accounts, c.checkpoint.Accounts)
		}
	})
	t.Run("FullWithoutACheckpoint", func(t *testing.T) {
		f := newFixture(t, open, 1000_00)
		f.mustRequest(Caseworker, 100_00)
		head, _, _ := f.store.JournalHead(f.ctx)
		// Not recorded: the next one has nothing to continue from either.
		for range 2 {
			v, err := f.store.Verify(f.ctx, ledger.VerifyOptions{Incremental: true})
			if err != nil || !v.OK || !v.Full || v.Transactions != head || v.Recorded {
				t.Fatalf("Verify = %+v, %v; want a full verification of %d transactions, not recorded", v, err, head)
			}
		}
	})
	t.Run("WitnessesMakeItFull", func(t *testing.T) {
		clock := NewClock(Start)
		c := newContinued(t, open(t, clock), clock)
		head, hash := c.head()
		opts := incremental
		opts.Checkpoints = []ledger.Checkpoint{{Seq: head, Hash: hash}}
		if v := c.mustVerify(opts); !v.OK || !v.Full || v.Witnesses != 1 || v.Transactions != head {
			t.Fatalf("Verify with a checkpoint = %+v; want a full verification that confirmed it", v)
		}
	})
	t.Run("AFailureClearsTheCheckpoint", func(t *testing.T) {
		clock := NewClock(Start)
		c := newContinued(t, open(t, clock), clock)
		head, _ := c.head()
		// A witness the journal does not hold: the verification fails, and
		// the next one reads the whole journal again.
		opts := ledger.VerifyOptions{Record: true, Checkpoints: []ledger.Checkpoint{{Seq: 2, Hash: strings.Repeat("0", 64)}}}
		if v := c.mustVerify(opts); v.OK || v.Recorded {
			t.Fatalf("Verify with a wrong checkpoint = %+v; want a failure", v)
		}
		if v := c.mustVerify(incremental); !v.OK || !v.Full || v.Transactions != head {
			t.Fatalf("the verification after a failure = %+v; want a full one", v)
		}
	})
	t.Run("BesideTheWriter", func(t *testing.T) { testVerifyBesideTheWriter(t, open) })
}

// gatedLog is a checkpoint log whose first line is there at once and whose
// end is not: a verification that reads it blocks in the middle of its walk
// of the chain, with its snapshot open, until release is closed. reading
// is closed when it blocks.
type gatedLog struct {
	first            []byte
	reading, release chan struct{}
	once             sync.Once
}

func (g *gatedLog) Read(p []byte) (int, error) {
	if len(g.first) > 0 {
		n := copy(p, g.first)
		g.first = g.first[n:]
		return n, nil
	}
	g.once.Do(func() { close(g.reading) })
	<-g.release
	return 0, io.EOF
}

// testVerifyBesideTheWriter holds a verification in the middle of its walk
// of the chain (a checkpoint log that is slow to read) and books payouts
// meanwhile: the writer is not held up by the verification's read (were it,
// the bookings would never return and the test would hang), and the
// verification answers for the snapshot it started on.
func testVerifyBesideTheWriter(t *testing.T, open Opener) {
	f := newFixture(t, open, 100000_00)
	for range 3 {
		f.mustRequest(Caseworker, 100_00)
	}
	first, err := f.store.Journal(f.ctx, 0, 1)
	if err != nil || len(first) != 1 {
		t.Fatalf("Journal = %v, %v", first, err)
	}
	before, _, err := f.store.JournalHead(f.ctx)
	if err != nil {
		t.Fatal(err)
	}
	log := &gatedLog{first: []byte(ledger.Checkpoint{Seq: 1, Hash: first[0].Hash}.String() + "\n"),
		reading: make(chan struct{}), release: make(chan struct{})}
	var release sync.Once
	t.Cleanup(func() { release.Do(func() { close(log.release) }) })
	type result struct {
		v   ledger.Verification
		err error
	}
	done := make(chan result, 1)
	go func() {
		v, err := f.store.Verify(f.ctx, ledger.VerifyOptions{CheckpointLog: log, Record: true})
		done <- result{v, err}
	}()
	<-log.reading
	const booked = 20
	for range booked {
		f.mustRequest(Caseworker, 10_00)
	}
	after, _, err := f.store.JournalHead(f.ctx)
	if err != nil || after != before+booked {
		t.Fatalf("JournalHead = %d, %v; want %d", after, err, before+booked)
	}
	release.Do(func() { close(log.release) })
	r := <-done
	if r.err != nil || !r.v.OK || r.v.Witnesses != 1 || r.v.HeadSeq != before || r.v.Transactions != before {
		t.Fatalf("the verification held up = %+v, %v; want the %d transactions of its snapshot, verified", r.v, r.err, before)
	}
	v, err := f.store.Verify(f.ctx, incremental)
	if err != nil || !v.OK || v.FromSeq != before || v.Transactions != booked || v.HeadSeq != after {
		t.Fatalf("the next verification = %+v, %v; want the %d transactions booked meanwhile", v, err, booked)
	}
}

// Tamperer opens a fresh store on clock and returns it with a function that
// runs statements on its database behind its back, as whoever can write the
// database can: with the append-only triggers and the foreign keys out of
// the way. The statements are written for both engines.
type Tamperer func(t testing.TB, clock *Clock) (ledger.Store, func(stmts ...string))

// VerifyTampering changes a ledger with a recorded checkpoint behind its
// store's back, before the checkpoint and after it, and the recorded
// checkpoint itself, as an attacker with the database could, and checks
// what an incremental verification and a full one find: an incremental one
// finds what was changed at or after the checkpoint and a checkpoint that
// does not fit the journal; a full one finds everything, whatever the
// recorded checkpoint says.
func VerifyTampering(t *testing.T, open Tamperer) {
	type want struct {
		// incremental and full are the failures each finds ("" for none):
		// a part of the problem, with the transaction's number.
		incremental, full string
		incrementalSeq    int64
	}
	tests := []struct {
		name   string
		change func(c *continued) ([]string, want)
	}{
		{"RecordBeforeTheCheckpoint", func(c *continued) ([]string, want) {
			// Touched by no transaction since: left to full verifications.
			p := c.before[2]
			return []string{fmt.Sprintf(`UPDATE payouts SET situation = 'Een andere situatie.' WHERE id = '%s'`, p.ID)},
				want{full: fmt.Sprintf("the stored request of payout %s", p.ID)}
		}},
		{"PayoutAfterTheCheckpoint", func(c *continued) ([]string, want) {
			p := c.after[0]
			return []string{fmt.Sprintf(`UPDATE payouts SET amount = amount + 1 WHERE id = '%s'`, p.ID)},
				want{incremental: fmt.Sprintf("the stored request of payout %s", p.ID), full: fmt.Sprintf("the stored request of payout %s", p.ID)}
		}},
		{"DecisionAfterTheCheckpoint", func(c *continued) ([]string, want) {
			p := c.after[1]
			return []string{fmt.Sprintf(`UPDATE payouts SET decided_by = 'mallory' WHERE id = '%s'`, p.ID)},
				want{incremental: fmt.Sprintf("the stored decision on payout %s", p.ID), full: fmt.Sprintf("the stored decision on payout %s", p.ID)}
		}},
		{"AllocationOfAnOldPayout", func(c *continued) ([]string, want) {
			p := c.before[0]
			return []string{fmt.Sprintf(`UPDATE allocations SET note = 'anders' WHERE payout_id = '%s'`, p.ID)},
				want{incremental: fmt.Sprintf("allocation version 1 of payout %s", p.ID), full: fmt.Sprintf("allocation version 1 of payout %s", p.ID)}
		}},
		{"ReceivableOfAnOldPayout", func(c *continued) ([]string, want) {
			p := c.before[0]
			return []string{fmt.Sprintf(`UPDATE receivables SET settled = 0 WHERE payout_id = '%s'`, p.ID)},
				want{incremental: "records 0.00 settled, but its settlements add up to 20.00", full: "records 0.00 settled, but its settlements add up to 20.00"}
		}},
		{"Settlement", func(c *continued) ([]string, want) {
			return []string{`UPDATE settlements SET reference = 'anders'`},
				want{incremental: "the stored settlement of receivable", full: "the stored settlement of receivable"}
		}},
		{"EvaluationOfAnOldPayout", func(c *continued) ([]string, want) {
			p := c.before[1]
			return []string{fmt.Sprintf(`UPDATE evaluations SET note = 'anders' WHERE payout_id = '%s'`, p.ID)},
				want{incremental: fmt.Sprintf("evaluation version 1 of payout %s", p.ID), full: fmt.Sprintf("evaluation version 1 of payout %s", p.ID)}
		}},
		{"Contribution", func(c *continued) ([]string, want) {
			return []string{fmt.Sprintf(`UPDATE contributions SET reference = 'anders' WHERE seq > %d`, c.checkpoint.HeadSeq)},
				want{incremental: "the stored contribution", full: "the stored contribution"}
		}},
		{"AccountUntouchedSince", func(c *continued) ([]string, want) {
			// Every account's balance is compared, touched or not.
			return []string{fmt.Sprintf(`UPDATE accounts SET balance = balance + 100 WHERE id = (SELECT MIN(id) FROM accounts WHERE id NOT IN (SELECT account_id FROM postings WHERE seq > %d))`, c.checkpoint.HeadSeq)},
				want{incremental: "the balance was changed outside the journal", full: "the balance was changed outside the journal"}
		}},
		{"CheckpointTransactionChanged", func(c *continued) ([]string, want) {
			seq := c.checkpoint.HeadSeq
			return []string{fmt.Sprintf(`UPDATE journal SET memo = 'anders' WHERE seq = %d`, seq)},
				want{incremental: "its content no longer matches its hash", incrementalSeq: seq, full: "its content no longer matches its hash"}
		}},
		{"CheckpointHashChanged", func(c *continued) ([]string, want) {
			// What an attacker gets: a verification that fails, and a full
			// one next.
			return []string{`UPDATE verified_checkpoint SET hash = '` + strings.Repeat("0", 64) + `'`},
				want{incremental: "recorded it with the hash 000000000000…", incrementalSeq: c.checkpoint.HeadSeq}
		}},
		{"CheckpointBeyondTheJournal", func(c *continued) ([]string, want) {
			// As the journal cut back behind the checkpoint leaves it.
			head, _ := c.head()
			return []string{fmt.Sprintf(`UPDATE verified_checkpoint SET seq = %d`, head+3)},
				want{incremental: fmt.Sprintf("the journal ends at transaction %d, but the verification of", head), incrementalSeq: head + 1}
		}},
		{"CheckpointBalancesChanged", func(c *continued) ([]string, want) {
			return []string{`UPDATE verified_balances SET balance = balance + 1`},
				want{incremental: "but the postings up to it give"}
		}},
		{"CheckpointMovedForward", func(c *continued) ([]string, want) {
			// What an attacker gains: a change made after the checkpoint
			// is hidden from incremental verifications by a checkpoint
			// moved past it, with the balances there; a full verification
			// does not read the checkpoint and finds the change.
			p := c.after[0]
			head, hash := c.head()
			return []string{
					fmt.Sprintf(`UPDATE payouts SET situation = 'Een andere situatie.' WHERE id = '%s'`, p.ID),
					fmt.Sprintf(`UPDATE verified_checkpoint SET seq = %d, hash = '%s'`, head, hash),
					`DELETE FROM verified_balances`,
					`INSERT INTO verified_balances (account, balance) SELECT name, balance FROM accounts`,
				},
				want{full: fmt.Sprintf("the stored request of payout %s", p.ID)}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := NewClock(Start)
			store, exec := open(t, clock)
			c := newContinued(t, store, clock)
			stmts, w := tt.change(c)
			exec(stmts...)
			// The full verification first, recording nothing: it must not
			// depend on the checkpoint.
			check := func(what string, v ledger.Verification, problem string, seq int64) {
				t.Helper()
				switch {
				case problem == "" && !v.OK:
					t.Fatalf("the %s verification fails: %v", what, v.Failure)
				case problem != "" && (v.OK || !strings.Contains(v.Failure.Problem, problem)):
					t.Fatalf("the %s verification = ok %v, %v; want a failure saying %q", what, v.OK, v.Failure, problem)
				case problem != "" && seq != 0 && v.Failure.Seq != seq:
					t.Fatalf("the %s verification names transaction %d (%v); want %d", what, v.Failure.Seq, v.Failure, seq)
				}
			}
			full := c.mustVerify(ledger.VerifyOptions{})
			if !full.Full {
				t.Fatalf("a verification without Incremental continued from %d", full.FromSeq)
			}
			check("full", full, w.full, 0)
			v := c.mustVerify(incremental)
			if v.Full || v.FromSeq == 0 {
				t.Fatalf("the incremental verification read everything (full %v, from %d)", v.Full, v.FromSeq)
			}
			check("incremental", v, w.incremental, w.incrementalSeq)
			if w.incremental == "" {
				return
			}
			// The failure cleared the checkpoint: the next verification
			// reads everything, and finds what a full one finds.
			next := c.mustVerify(incremental)
			if !next.Full {
				t.Fatalf("the verification after a failure continued from %d; want a full one", next.FromSeq)
			}
			check("next", next, w.full, 0)
		})
	}
}
