// Package gate bounds how many heavy reads run at once.
//
// A heavy read (finance's queue, the policy signals, a pot's regret and
// timeliness, a statement, the finance view, the legitimacy report) reads
// every payout of a pot or a period. Each takes memory and a core while it
// runs; a burst of them (64 clients asking for the queue at once, as one
// auditor's script can) would exhaust the server for everyone. The gate lets
// a few run at a time and has the rest wait a short while; one that cannot
// get in within that while is refused, so the client hears "busy, try again
// in a moment" (503 with Retry-After) rather than nothing until a timeout.
package gate

import (
	"context"
	"errors"
	"runtime"
	"sync/atomic"
	"time"
)

// ErrBusy is the error for a read that could not get in within the wait.
var ErrBusy = errors.New("gate: too many heavy reads at once")

// Gate lets at most a fixed number of heavy reads run at once.
type Gate struct {
	slots chan struct{}
	wait  time.Duration

	running, waiting, refused atomic.Int64
}

// DefaultSlots is the default number of heavy reads at once: the cores
// (at least 2), since each read keeps one busy.
func DefaultSlots() int { return max(2, runtime.GOMAXPROCS(0)) }

// DefaultWait is how long a heavy read waits for a slot by default: short
// enough that the client's answer, refused or not, comes well within the
// server's 30-second write timeout.
const DefaultWait = 10 * time.Second

// New returns a gate of slots (below 1: DefaultSlots) that has a read wait
// up to wait (0 or less: DefaultWait) for one.
func New(slots int, wait time.Duration) *Gate {
	if slots < 1 {
		slots = DefaultSlots()
	}
	if wait <= 0 {
		wait = DefaultWait
	}
	return &Gate{slots: make(chan struct{}, slots), wait: wait}
}

// Enter waits for a slot and returns the function that gives it back (call
// it once, when the read is done). Errors: ErrBusy when no slot came free
// within the wait, or ctx's error when the client went away first.
func (g *Gate) Enter(ctx context.Context) (release func(), err error) {
	select {
	case g.slots <- struct{}{}:
	default:
		g.waiting.Add(1)
		t := time.NewTimer(g.wait)
		select {
		case g.slots <- struct{}{}:
			t.Stop()
			g.waiting.Add(-1)
		case <-t.C:
			g.waiting.Add(-1)
			g.refused.Add(1)
			return nil, ErrBusy
		case <-ctx.Done():
			t.Stop()
			g.waiting.Add(-1)
			return nil, ctx.Err()
		}
	}
	g.running.Add(1)
	var once atomic.Bool
	return func() {
		if once.CompareAndSwap(false, true) {
			g.running.Add(-1)
			<-g.slots
		}
	}, nil
}

// RetryAfter is the number of seconds a refused client should wait before
// asking again: the wait, rounded up.
func (g *Gate) RetryAfter() int { return int((g.wait + time.Second - 1) / time.Second) }

// Running, Waiting and Refused count the reads inside, the reads waiting,
// and the reads refused so far: for the metrics.
func (g *Gate) Running() int64 { return g.running.Load() }

// Waiting counts the reads waiting for a slot.
func (g *Gate) Waiting() int64 { return g.waiting.Load() }

// Refused counts the reads refused since the gate was made.
func (g *Gate) Refused() int64 { return g.refused.Load() }

// Slots returns how many reads may run at once.
func (g *Gate) Slots() int { return cap(g.slots) }
