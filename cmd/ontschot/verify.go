package main

import (
	"context"
	"fmt"
)

// runVerify recomputes the journal and reports the first transaction that
// does not fit, with exit status 1.
func (m *Main) runVerify(ctx context.Context, args []string) error {
	fs := m.flags("verify", "--db FILE")
	db := fs.String("db", "", "the SQLite file of the ledger")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := requireDB(*db); err != nil {
		return err
	}
	s, err := m.open(*db, true)
	if err != nil {
		return err
	}
	v, err := s.Verify(ctx)
	if err != nil {
		return err
	}
	if !v.OK {
		fmt.Fprintf(m.Stdout, "The journal of %s does NOT verify.\n%s.\n", *db, v.Failure.Error())
		fmt.Fprintf(m.Stdout, "Transactions before it were checked and fit. Restore from a backup that verifies, and find out who could write to the file.\n")
		return errProblemFound
	}
	fmt.Fprintf(m.Stdout, "The journal of %s verifies: %d transactions, %d postings, %d accounts.\n", *db, v.Transactions, v.Postings, v.Accounts)
	fmt.Fprintf(m.Stdout, "Head: transaction %d, hash %s.\n", v.HeadSeq, v.HeadHash)
	if v.Erased > 0 {
		fmt.Fprintf(m.Stdout, "%d payees were erased after their retention period; the chain does not depend on them.\n", v.Erased)
	}
	return nil
}
