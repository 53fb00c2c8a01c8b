package sqlite

import (
	"context"
	"fmt"
)

// Ready reports whether the ledger can take a write now, by making one: it
// rewrites the single row of ready_probe through the writer goroutine, in
// the same kind of transaction, savepoint and fsynced COMMIT as a booking,
// possibly in the same group as bookings waiting at that moment. Reads
// (Ping) keep working on a full disk, a read-only file or a file another
// process holds locked; writes do not, and neither does this.
//
// Ready gives up when ctx ends: a writer that does not answer in time is as
// good as one that fails. The write is then dropped if it has not started;
// once started it is left to finish, as every write is (see write).
func (s *Store) Ready(ctx context.Context) error {
	o := &op{ctx: ctx, name: "readiness probe", fn: probe, done: make(chan error, 1)}
	// Hand the probe to the writer as write does, but without waiting past
	// ctx: a full queue or a stuck writer must make readiness fail, not hang
	// the load balancer's request. done is buffered, so the writer never
	// blocks on an answer nobody waits for.
	s.mu.RLock()
	if s.closed {
		s.mu.RUnlock()
		return fmt.Errorf("readiness: %w", errClosed)
	}
	select {
	case s.ops <- o:
		s.mu.RUnlock()
	case <-ctx.Done():
		s.mu.RUnlock()
		return fmt.Errorf("readiness: the writer's queue stayed full: %w", ctx.Err())
	}
	select {
	case err := <-o.done:
		return internal("readiness: a write through the writer failed", err)
	case <-ctx.Done():
		return fmt.Errorf("readiness: the writer did not commit in time: %w", ctx.Err())
	}
}

// probe is the readiness write: one row rewritten, so the transaction
// appends to the write-ahead log and the COMMIT syncs it like any booking.
func probe(w *wtx) error {
	_, err := w.exec(`INSERT INTO ready_probe (id, probes, at) VALUES (1, 1, ?)
		ON CONFLICT (id) DO UPDATE SET probes = probes + 1, at = excluded.at`, formatTime(w.now))
	return err
}
