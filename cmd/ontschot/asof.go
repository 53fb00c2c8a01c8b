//go:build asof

package main

import (
	"fmt"
	"os"
	"time"

	"github.com/ontschot/ontschot/ledger"
)

// A binary built with -tags asof reads ONTSCHOT_AS_OF (YYYY-MM-DD) and runs
// as if today were that day, at the present time of day: for measuring a
// large ledger whose build was stopped early (make bigledger) as of its
// last day, so the windows that end today (twelve months of signals and
// regret, the queue's ages) hold what they would. Release builds do not
// have it: a server's clock is not something an environment variable may
// move.
func init() {
	day := os.Getenv("ONTSCHOT_AS_OF")
	if day == "" {
		return
	}
	d, err := ledger.ParseDate(day)
	if err != nil {
		fmt.Fprintf(os.Stderr, "ONTSCHOT_AS_OF=%q is not a date (YYYY-MM-DD): %v\n", day, err)
		os.Exit(2)
	}
	shift := d.Start().Sub(ledger.DateOf(time.Now()).Start())
	asOf = func() time.Time { return time.Now().Add(shift) }
}
