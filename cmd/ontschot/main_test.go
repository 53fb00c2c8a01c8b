package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/storage"
)

// now is the moment the command tests run at.
var now = time.Date(2026, time.November, 24, 10, 0, 0, 0, ledger.Amsterdam)

// run runs the program in-process and returns its exit status and output.
func run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	m := NewMain()
	m.Stdout, m.Stderr, m.Now = &stdout, &stderr, func() time.Time { return now }
	code := m.Run(context.Background(), args)
	if err := m.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	return code, stdout.String(), stderr.String()
}

func wantRun(t *testing.T, wantCode int, args ...string) string {
	t.Helper()
	code, out, errOut := run(t, args...)
	if code != wantCode {
		t.Fatalf("ontschot %s: exit %d; want %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), code, wantCode, out, errOut)
	}
	return out + errOut
}

func TestInit(t *testing.T) {
	db := filepath.Join(t.TempDir(), "ledger.db")
	if out := wantRun(t, 0, "init", "--db", db); !strings.Contains(out, "Created an empty ledger") {
		t.Fatalf("init: %s", out)
	}
	if out := wantRun(t, 0, "init", "--db", db); !strings.Contains(out, "up to date") {
		t.Fatalf("second init: %s", out)
	}
	if out := wantRun(t, 0, "pots", "--db", db); !strings.Contains(out, "no pots yet") {
		t.Fatalf("pots of an empty ledger: %s", out)
	}
	// A new ledger's journal holds only what it starts covered with: the
	// marker and its governed records (categories, rules, the code list).
	if out := wantRun(t, 0, "verify", "--db", db); !strings.Contains(out, "verifies in full: 15 transactions, 0 postings, 0 accounts") || !strings.Contains(out, "Checkpoint: 15:") {
		t.Fatalf("verify of an empty ledger: %s", out)
	}
}

// builtDemo is the demo the tests copy: loading it takes seconds (tens
// under the race detector), and every test's demo is the same one, made
// at the same moment (now).
var builtDemo struct {
	once sync.Once
	dir  string // removed by TestMain
	path string
	fail string
}

// demoFile returns the path of a new file holding the demo, the test's own
// copy to change as it likes. The demo is loaded once per test binary.
func demoFile(t *testing.T) string {
	t.Helper()
	builtDemo.once.Do(func() {
		dir, err := os.MkdirTemp("", "ontschot-demo-")
		if err != nil {
			builtDemo.fail = err.Error()
			return
		}
		builtDemo.dir, builtDemo.path = dir, filepath.Join(dir, "demo.db")
		code, out, errOut := run(t, "demo", "--db", builtDemo.path)
		if code != 0 || !strings.Contains(out, "Loaded the demo") || !strings.Contains(out, "Doorbraakfonds") {
			builtDemo.fail = fmt.Sprintf("demo: exit %d\n%s\n%s", code, out, errOut)
		}
	})
	if builtDemo.fail != "" {
		t.Fatal(builtDemo.fail)
	}
	dir := t.TempDir()
	files, err := filepath.Glob(builtDemo.path + "*") // the ledger, its tokens, a WAL if any
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(f)), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return filepath.Join(dir, "demo.db")
}

func TestDemo(t *testing.T) {
	db := demoFile(t)
	s, err := storage.Open(db, storage.Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	v, err := s.Verify(ctx, ledger.VerifyOptions{})
	if err != nil || !v.OK {
		t.Fatalf("the demo does not verify: %v %v", err, v.Failure)
	}
	pots, _ := s.Pots(ctx)
	if len(pots) != 4 {
		t.Fatalf("%d pots; want the two funds for this year and last year", len(pots))
	}
	// About 450 payouts over the last twelve months (a few hundred for each
	// fund, as a real pot of its size has), at every mandate level, with
	// some waiting, rejected and reversed.
	counts := map[ledger.Status]int{}
	levels := map[ledger.Role]int{}
	inYear := 0
	for after := ledger.PayoutID(""); ; {
		page, err := s.Payouts(ctx, ledger.PayoutFilter{After: after, Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range page.Payouts {
			counts[p.Status]++
			if p.Decision != nil {
				levels[p.Decision.Mandate.Role]++
			}
			if !p.ValueDate.Before(ledger.DateOf(now).AddMonths(-12)) {
				inYear++
			}
		}
		if page.Next == "" {
			break
		}
		after = page.Next
	}
	if inYear < 350 || inYear > 550 {
		t.Errorf("%d payouts in the last twelve months; want about 450", inYear)
	}
	if counts[ledger.StatusPending] < 3 || counts[ledger.StatusRejected] == 0 || counts[ledger.StatusReversed] == 0 {
		t.Errorf("statuses %v; want waiting, rejected and reversed payouts", counts)
	}
	for _, r := range []ledger.Role{ledger.RoleCaseworker, ledger.RoleTeamlead, ledger.RoleManager} {
		if levels[r] == 0 {
			t.Errorf("no payout decided at the %s level: %v", r, levels)
		}
	}
	// The demo goes only into a new file.
	if out := wantRun(t, 1, "demo", "--db", db); !strings.Contains(out, "holds pots already") {
		t.Fatalf("demo into a filled file: %s", out)
	}
}

func TestPotsShowsBalancesAndFunding(t *testing.T) {
	db := demoFile(t)
	out := wantRun(t, 0, "pots", "--db", db)
	for _, want := range []string{"CONTRIBUTED", "AVAILABLE", "HELD", "SPENT", "Maatwerkbudget Leeuwarden", "400,000.00", "PLEDGED", "RECEIVED", "Zorgverzekeraar De Friesland"} {
		if !strings.Contains(out, want) {
			t.Fatalf("pots output lacks %q:\n%s", want, out)
		}
	}
}

func TestVerifyNamesTheBrokenTransaction(t *testing.T) {
	db := demoFile(t)
	if out := wantRun(t, 0, "verify", "--db", db); !strings.Contains(out, "verifies") {
		t.Fatalf("verify: %s", out)
	}
	raw, err := sql.Open("sqlite3", "file:"+db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`DROP TRIGGER journal_no_update; UPDATE journal SET actor = 'mallory' WHERE seq = 42`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	// Transaction 42 comes before the checkpoint the first verification
	// recorded: a full verification reads it again.
	out := wantRun(t, 1, "verify", "--db", db, "--full")
	if !strings.Contains(out, "does NOT verify") || !strings.Contains(out, "journal transaction 42 ") {
		t.Fatalf("verify of a tampered file: %s", out)
	}
}

func TestBackup(t *testing.T) {
	db := demoFile(t)
	to := filepath.Join(t.TempDir(), "backup.db")
	if out := wantRun(t, 0, "backup", "--db", db, "--to", to); !strings.Contains(out, "the copy verifies") {
		t.Fatalf("backup: %s", out)
	}
	if out := wantRun(t, 0, "verify", "--db", to); !strings.Contains(out, "verifies") {
		t.Fatalf("verify of the backup: %s", out)
	}
	if out := wantRun(t, 1, "backup", "--db", db, "--to", to); !strings.Contains(out, "exists already") {
		t.Fatalf("backup over an existing file: %s", out)
	}
}

func TestCommandLineMistakes(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nope.db")
	tests := []struct {
		args []string
		code int
		want string
	}{
		{nil, 2, "usage: ontschot COMMAND"},
		{[]string{"frobnicate"}, 2, `"frobnicate" is not a command`},
		{[]string{"pots"}, 2, "--db is required"},
		{[]string{"verify", "--db"}, 2, "flag needs an argument"},
		{[]string{"pots", "--db", "x.db", "extra"}, 2, `unexpected argument "extra"`},
		{[]string{"pots", "--nope"}, 2, "flag provided but not defined"},
		{[]string{"verify", "--db", missing}, 1, "there is no ledger at"},
		{[]string{"backup", "--db", missing}, 2, "--to FILE is required"},
		{[]string{"help"}, 0, "verify"},
		{[]string{"version"}, 0, "ontschot dev"},
	}
	for _, tt := range tests {
		out := wantRun(t, tt.code, tt.args...)
		if !strings.Contains(out, tt.want) {
			t.Errorf("ontschot %v: output %q lacks %q", tt.args, out, tt.want)
		}
	}
	if _, err := os.Stat(missing); err == nil {
		t.Fatalf("verify created %s", missing)
	}
}

// TestDemoOfAGivenSize builds a large demo ledger as load tests do (about
// N payouts, written without waiting for the disk at every booking): it
// has about that many payouts, every one booked through the rules, and it
// verifies once closed.
func TestDemoOfAGivenSize(t *testing.T) {
	db := filepath.Join(t.TempDir(), "large.db")
	wantRun(t, 0, "demo", "--db", db, "--payouts", "400")
	s, err := storage.Open(db, storage.Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	counts, err := s.PayoutCounts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, c := range counts {
		n += c
	}
	if n < 300 || n > 500 {
		t.Fatalf("demo --payouts 400 made %d payouts", n)
	}
	if out := wantRun(t, 0, "verify", "--db", db); !strings.Contains(out, "verifies") {
		t.Fatalf("verify: %s", out)
	}
}
