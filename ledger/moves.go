package ledger

import "sync/atomic"

// A payout moves into a status when a write books it there: a new payout
// into pending_approval or approved, a decision into approved or rejected,
// a reversal into reversed, a payment run into paid. The Service counts
// the moves it commits, for the ontschot_payouts_total metric, in the
// write path every rule goes through (moveTx, below factTx): so the API,
// the pages and the command count alike, whatever route booked the move;
// a write that fails or is rolled back counts nothing, and neither does a
// retry answered from its stored answer (an idempotent replay), which
// changes no payout.

// payoutMoves counts, per status, the payouts a Service moved into it
// since it was opened. Safe for concurrent use.
// It counts nothing until made with newPayoutMoves.
type payoutMoves struct {
	n []atomic.Uint64 // by statusIndex
}

// newPayoutMoves returns counts for every status of Statuses.
func newPayoutMoves() payoutMoves { return payoutMoves{n: make([]atomic.Uint64, len(Statuses))} }

// statusIndex is a status's place in Statuses, or -1.
func statusIndex(st Status) int {
	for i, s := range Statuses {
		if s == st {
			return i
		}
	}
	return -1
}

// add counts the moves of one committed write.
func (m *payoutMoves) add(moved []Status) {
	for _, st := range moved {
		if i := statusIndex(st); i >= 0 && i < len(m.n) {
			m.n[i].Add(1)
		}
	}
}

// PayoutMoves returns how many payouts this Service has moved into each
// status since it was opened, counted once each write committed. Every
// status is in the map, zero or not. The counts are this process's:
// servers that share a database each count their own, as Prometheus
// counters are (sum them across instances).
func (s *Service) PayoutMoves() map[Status]uint64 {
	out := make(map[Status]uint64, len(Statuses))
	for i, st := range Statuses {
		if i < len(s.moves.n) {
			out[st] = s.moves.n[i].Load()
		}
	}
	return out
}

// moveTx is the write's transaction as the rules use it: factTx, noting
// each payout a write moves into another status (op.moved) as the write
// stores it. The six writes below are the only ones that change a
// payout's status.
type moveTx struct {
	factTx
}

// InsertPayout notes a new payout's first status (PayoutWrites).
func (t moveTx) InsertPayout(r *PayoutRow) error {
	if err := t.factTx.InsertPayout(r); err != nil {
		return err
	}
	t.o.noteMove(nil, r.Status)
	return nil
}

// DecidePayout notes the status decided (PayoutWrites).
func (t moveTx) DecidePayout(p *Payout, seq int64) error {
	if err := t.factTx.DecidePayout(p, seq); err != nil {
		return err
	}
	t.o.noteMove(t.o.before[p.ID], p.Status)
	return nil
}

// ReversePayout notes the reversal (ReallocationWrites).
func (t moveTx) ReversePayout(p *Payout, seq int64) error {
	if err := t.factTx.ReversePayout(p, seq); err != nil {
		return err
	}
	t.o.noteMove(t.o.before[p.ID], p.Status)
	return nil
}

// MarkPayoutPaid notes the payment (PaymentWrites).
func (t moveTx) MarkPayoutPaid(id PayoutID) error {
	if err := t.factTx.MarkPayoutPaid(id); err != nil {
		return err
	}
	t.o.noteMove(t.o.before[id], StatusPaid)
	return nil
}

// SettlePayout notes the settlement (BankWrites).
func (t moveTx) SettlePayout(id PayoutID, seq int64, on Date) error {
	if err := t.factTx.SettlePayout(id, seq, on); err != nil {
		return err
	}
	t.o.noteMove(t.o.before[id], StatusSettled)
	return nil
}

// ReturnPayout notes the return (BankWrites).
func (t moveTx) ReturnPayout(id PayoutID, seq int64, on Date, reason string) error {
	if err := t.factTx.ReturnPayout(id, seq, on, reason); err != nil {
		return err
	}
	t.o.noteMove(t.o.before[id], StatusReturned)
	return nil
}

// noteMove records that the write moved a payout into a status: a new
// payout (before is nil) into its first, a stored one when the status
// differs from its status before the write (factTx keeps that fact).
func (o *op) noteMove(before *PayoutFact, after Status) {
	if before != nil && before.Status == after {
		return
	}
	o.moved = append(o.moved, after)
}
