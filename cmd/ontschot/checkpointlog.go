package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/ontschot/ontschot/ledger"
)

// checkpointLog appends the journal's head to a file after every write group
// (see ledger.WriteCheckpointLine). The file lives outside the database
// file, so it witnesses the journal: 'ontschot verify --checkpoint-log'
// names a journal cut back behind it.
//
// Lines are written after the group's COMMIT reached the disk, so the log
// is never ahead of the journal. They are not fsynced one by one (that would
// double the cost of every write): after a power failure the log may lack
// its last lines, which only makes it a slightly older witness. Close syncs.
type checkpointLog struct {
	mu   sync.Mutex
	f    *os.File
	log  *slog.Logger
	now  func() time.Time
	fail bool // an error was logged; log the next one only after a success
}

// openCheckpointLog opens (or creates) the log for appending.
func openCheckpointLog(path string, log *slog.Logger, now func() time.Time) (*checkpointLog, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o640)
	if err != nil {
		return nil, fmt.Errorf("cannot open the checkpoint log: %w (give a file in a directory that exists, ideally on another disk than the ledger)", err)
	}
	return &checkpointLog{f: f, log: log, now: now}, nil
}

// Append writes one checkpoint. A failure is logged, not returned: the
// write it follows has committed and must not be reported as failed.
func (c *checkpointLog) Append(cp ledger.Checkpoint) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := ledger.WriteCheckpointLine(c.f, cp, c.now()); err != nil {
		if !c.fail {
			c.log.Error("checkpoint log: cannot append", "err", err, "seq", cp.Seq)
		}
		c.fail = true
		return
	}
	c.fail = false
}

// Close syncs and closes the log.
func (c *checkpointLog) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return errors.Join(c.f.Sync(), c.f.Close())
}

// checkLastCheckpoint refuses to serve a ledger whose journal no longer
// holds the last checkpoint of its log: it was cut back or replaced while
// the server was down, and a payment run on it could pay what was reversed.
// An empty or new log passes.
func checkLastCheckpoint(ctx context.Context, s ledger.Store, path string) error {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("cannot read the checkpoint log: %w", err)
	}
	defer f.Close()
	var last ledger.Checkpoint
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 || strings.HasPrefix(fields[0], "#") {
			continue
		}
		if cp, err := ledger.ParseCheckpoint(fields[0]); err == nil {
			last = cp
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("cannot read the checkpoint log: %w", err)
	}
	if last.IsZero() {
		return nil
	}
	txs, err := s.Journal(ctx, last.Seq-1, 1)
	if err != nil {
		return err
	}
	if len(txs) == 1 && txs[0].Seq == last.Seq && txs[0].Hash == last.Hash {
		return nil
	}
	return fmt.Errorf("the journal no longer holds the last checkpoint in %s (%s): it was cut back or replaced while the server was down. "+
		"Run \"ontschot verify --db FILE --checkpoint-log %s\" to see where; if you restored a backup on purpose, start a new checkpoint log", path, last, path)
}
