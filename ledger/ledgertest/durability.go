package ledgertest

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/ontschot/ontschot/ledger"
)

// The durability test every engine runs: a child process writes payouts
// and reports each approval once the store answered it; it is killed with
// SIGKILL mid-stream; every approval it reported must be in the ledger
// afterwards, and the ledger must verify. The engine's test package holds
// the two ends (a test that is the child, selected by its name, and the
// test that starts and kills it); these are their bodies.

// Fund makes a partner and a pot with a ladder (Ladder) in s, books funds
// (cents) into it today and returns the pot.
func Fund(tb testing.TB, s ledger.Store, funds ledger.Cents) ledger.PotID {
	tb.Helper()
	ctx := context.Background()
	partner, err := s.CreatePartner(ctx, Admin, ledger.NewPartner{Name: "Gemeente", Kind: ledger.KindMunicipality})
	if err != nil {
		tb.Fatal(err)
	}
	year := ledger.DateOf(time.Now()).Year()
	pot, err := s.CreatePot(ctx, Admin, ledger.NewPot{Name: "Pot", Year: year, RecoveryPolicy: ledger.PolicyRefund, Mandates: Ladder()})
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := s.Contribute(ctx, Finance, ledger.NewContribution{PotID: pot.ID, PartnerID: partner.ID, Amount: funds,
		ValueDate: ledger.DateOf(time.Now()), Reference: "Bijdrage"}); err != nil {
		tb.Fatal(err)
	}
	return pot.ID
}

// WriteUntilKilled is the child's body: 16 writers request payouts of
// €1.00 from pot and print "APPROVED id" (or "ERROR …") on out after each
// answer, until the process is killed.
func WriteUntilKilled(s ledger.Store, pot ledger.PotID, out io.Writer) {
	var mu sync.Mutex
	w := bufio.NewWriter(out)
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			for {
				p, err := s.RequestPayout(context.Background(), Caseworker, ValidRequest(pot, 1_00))
				mu.Lock()
				if err != nil {
					fmt.Fprintln(w, "ERROR", err)
				} else {
					fmt.Fprintln(w, "APPROVED", p.ID)
				}
				w.Flush() // reported only after the store answered, so after the commit
				mu.Unlock()
			}
		})
	}
	wg.Wait()
}

// KillMidStream runs the test binary again with only the test named child
// selected and env added, reads approvals until it has reported n, kills
// it with SIGKILL and returns what it reported.
func KillMidStream(t *testing.T, child string, env []string, n int) []ledger.PayoutID {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^"+child+"$", "-test.v=false")
	cmd.Env = append(os.Environ(), env...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var reported []ledger.PayoutID
	sc := bufio.NewScanner(stdout)
	for sc.Scan() && len(reported) < n {
		line := sc.Text()
		if id, ok := strings.CutPrefix(line, "APPROVED "); ok {
			reported = append(reported, ledger.PayoutID(id))
		} else if strings.HasPrefix(line, "ERROR") {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("child: %s", line)
		}
	}
	// Kill it mid-stream: writes are in flight, some committed and unreported.
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	if len(reported) < n {
		t.Fatalf("the child reported only %d approvals before stopping", len(reported))
	}
	return reported
}

// CheckAfterKill checks the ledger, reopened after the kill: every
// reported approval is there and approved, the pot's money adds up to
// funds (cents), and the journal verifies.
func CheckAfterKill(t *testing.T, s ledger.Store, pot ledger.PotID, funds ledger.Cents, reported []ledger.PayoutID) {
	t.Helper()
	ctx := context.Background()
	for _, id := range reported {
		p, err := s.Payout(ctx, id)
		if err != nil || p.Status != ledger.StatusApproved {
			t.Fatalf("payout %s was reported approved before the kill, but after reopening: %v, %v", id, p.Status, err)
		}
	}
	v := MustVerify(t, s)
	b, err := s.Balance(ctx, pot)
	if err != nil {
		t.Fatal(err)
	}
	if b.Spent < ledger.Cents(len(reported))*1_00 || b.Available+b.Spent != funds {
		t.Fatalf("balance after the kill = %+v; want every reported payout spent and the sum intact", b)
	}
	t.Logf("%d approvals reported, %d transactions after reopening", len(reported), v.Transactions)
}
