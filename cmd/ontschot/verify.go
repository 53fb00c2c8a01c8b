package main

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/storage"
)

// checkpointFlags collects --checkpoint SEQ:HASH, which may be given more
// than once.
type checkpointFlags []ledger.Checkpoint

func (c *checkpointFlags) String() string {
	s := make([]string, len(*c))
	for i, cp := range *c {
		s[i] = cp.String()
	}
	return strings.Join(s, ",")
}

func (c *checkpointFlags) Set(v string) error {
	cp, err := ledger.ParseCheckpoint(v)
	if err != nil {
		return fmt.Errorf("%s", ledger.ErrorMessage(err))
	}
	*c = append(*c, cp)
	return nil
}

// runVerify verifies the journal and reports the first transaction that
// does not fit, with exit status 1. By default it continues from the
// checkpoint the last verification recorded in the ledger (the chain from
// there on, and the records the transactions since booked or changed);
// --full reads the whole journal again, as does a verification given
// witnesses (checkpoints written down earlier, or a server's checkpoint
// log), which witness that the journal was not cut back or rewritten.
// Either records where it got to for the next one.
func (m *Main) runVerify(ctx context.Context, args []string) error {
	fs := m.flags("verify", "--db DB [--full] [--checkpoint SEQ:HASH]... [--checkpoint-log FILE]")
	db := fs.String("db", "", dbUsage)
	full := fs.Bool("full", false, "verify the whole journal and every record, not only what was appended since the last verification")
	var cps checkpointFlags
	fs.Var(&cps, "checkpoint", "a checkpoint (SEQ:HASH, as a statement, payment file or earlier verification states it) the journal must still hold; repeat for more (verifies in full)")
	logPath := fs.String("checkpoint-log", "", "a checkpoint log written by 'ontschot serve --checkpoint-log': every line must still hold (verifies in full)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := requireDB(*db); err != nil {
		return err
	}
	opts := ledger.VerifyOptions{Checkpoints: cps, Incremental: !*full, Record: true}
	if *logPath != "" {
		f, err := os.Open(*logPath)
		if err != nil {
			return fmt.Errorf("cannot read the checkpoint log: %w", err)
		}
		defer f.Close()
		opts.CheckpointLog = f
	}
	s, err := m.open(*db, true)
	if err != nil {
		return err
	}
	v, err := s.Verify(ctx, opts)
	if err != nil {
		return err
	}
	name := storage.Redact(*db)
	if !v.OK {
		fmt.Fprintf(m.Stdout, "The journal of %s does NOT verify.\n%s.\n", name, strings.TrimSuffix(v.Failure.Error(), "."))
		fmt.Fprintf(m.Stdout, "Restore from a backup that verifies, and find out who could write to the file.\n")
		return errProblemFound
	}
	if v.Full {
		fmt.Fprintf(m.Stdout, "The journal of %s verifies in full: %d transactions, %d postings, %d accounts.\n", name, v.Transactions, v.Postings, v.Accounts)
	} else {
		fmt.Fprintf(m.Stdout, "The journal of %s verifies: the %d transactions (%d postings) appended since transaction %d, which the verification of %s reached, and what they booked; %d accounts.\n",
			name, v.Transactions, v.Postings, v.FromSeq, v.FromVerifiedAt.Local().Format("2 Jan 2006 15:04"), v.Accounts)
		fmt.Fprintf(m.Stdout, "  ('ontschot verify --full' reads the whole journal and every record again, as a run each night should)\n")
	}
	fmt.Fprintf(m.Stdout, "Checkpoint: %s\n", v.Checkpoint)
	fmt.Fprintf(m.Stdout, "  (write it down or keep it elsewhere; 'ontschot verify --checkpoint %s' later confirms nothing up to here changed)\n", v.Checkpoint)
	if !v.Recorded {
		fmt.Fprintf(m.Stdout, "The checkpoint could not be recorded in the ledger (is it read-only?): the next verification starts where the last recorded one ended.\n")
	}
	if v.Witnesses > 0 {
		fmt.Fprintf(m.Stdout, "The journal still holds every checkpoint given (%d).\n", v.Witnesses)
		if v.Unwitnessed > 0 {
			fmt.Fprintf(m.Stdout, "%d transactions come after the last checkpoint given (transaction %d): no witness covers them yet. If they follow a server's checkpoint log and that server has stopped, it did not write them.\n",
				v.Unwitnessed, v.HeadSeq-v.Unwitnessed)
		}
	}
	if v.Erased > 0 {
		fmt.Fprintf(m.Stdout, "%d payees were erased after their retention period; the chain does not depend on them.\n", v.Erased)
	}
	if v.PreCoverage > 0 {
		fmt.Fprintf(m.Stdout, "%d payouts were requested before this ledger's journal committed to payees (an earlier release); their payees could not be checked.\n", v.PreCoverage)
	}
	return nil
}
