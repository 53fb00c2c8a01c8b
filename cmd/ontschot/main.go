// Command ontschot runs the ledger and disbursement service for the
// maatwerk pots of Dutch municipalities, and the tools around it: demo data,
// verification of the journal, backups.
//
// Run "ontschot help" for the subcommands.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	m := NewMain()
	code := m.Run(ctx, os.Args[1:])
	m.Close()
	stop()
	os.Exit(code)
}
