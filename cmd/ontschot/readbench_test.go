package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ontschot/ontschot/ledger"
)

// asMain makes this test binary run as the ontschot command when it is
// started with it set: readbench --db starts its server with its own
// binary, which in these tests is the test binary.
const asMain = "ONTSCHOT_TEST_AS_MAIN"

func init() {
	if os.Getenv(asMain) == "1" {
		main()
	}
}

// TestReadbench runs the read benchmark briefly over the demo with a server
// of its own: every row of the table has a figure (no timing is checked),
// the memory rows are the server's, and the server is stopped afterwards.
func TestReadbench(t *testing.T) {
	db := demoFile(t)
	t.Setenv(asMain, "1")
	code, out, errOut := run(t, "readbench", "--db", db, "--runs", "1", "--mixed", "1s", "--mixed-clients", "2", "--heavy", "1s", "--heavy-clients", "4")
	if code != 0 {
		t.Fatalf("readbench: exit %d\nstdout: %s\nstderr: %s", code, out, errOut)
	}
	// The ids come from the ledger: the demo's newest payout is of
	// November 2026, so the quarter is the last one that ended.
	if !strings.Contains(out, "quarter 2026-Q3") || !strings.Contains(out, "| what | median | p95 |") || strings.Contains(out, "failed") {
		t.Fatalf("readbench output:\n%s", out)
	}
	// The ledger's file as served and its journal's length.
	if !regexp.MustCompile(`\(\d+ MB, a journal of \d[\d,]* transactions\)`).MatchString(out) {
		t.Errorf("the ledger's size and journal are not named:\n%s", out)
	}
	figure := `(\d[\d,]*(\.\d)? ms)`
	for _, rd := range benchReads(benchPicks{}) {
		if !regexp.MustCompile(`(?m)^\| ` + regexp.QuoteMeta(rd.what) + ` \| ` + figure + ` \| ` + figure + ` \|$`).MatchString(out) {
			t.Errorf("no figures for %s in:\n%s", rd.what, out)
		}
	}
	for _, row := range []string{"mixed reads, 2 clients for 1 s: answers", "4 concurrent heavy reads for 1 s: answers"} {
		if !regexp.MustCompile(`(?m)^\| ` + regexp.QuoteMeta(row) + ` \| \d+ × 200 \| \|$`).MatchString(out) {
			t.Errorf("no answers for %s in:\n%s", row, out)
		}
	}
	memory := regexp.MustCompile(`(?m)^\| server (peak )?RSS[^|]* \| (\d+) MB \| \|$`).FindAllStringSubmatch(out, -1)
	if len(memory) != 6 {
		t.Errorf("want 6 memory rows with figures, got %d in:\n%s", len(memory), out)
	}
	for _, m := range memory {
		// A server's memory, not nothing and not a machine's worth.
		if mb, _ := strconv.Atoi(m[2]); mb < 5 || mb > 4000 {
			t.Errorf("implausible memory: %s", m[0])
		}
	}
	pid := regexp.MustCompile(`\(process (\d+)\)`).FindStringSubmatch(errOut)
	if pid == nil {
		t.Fatalf("the server's process is not named:\n%s", errOut)
	}
	if _, err := os.Stat("/proc/" + pid[1]); err == nil {
		t.Errorf("the server (process %s) still runs after the benchmark", pid[1])
	}
}

// TestReadbenchRefusals: a wrong command line, a missing ledger, a token
// file that is not the demo's and a wrong password each get a sentence
// that says what to do.
func TestReadbenchRefusals(t *testing.T) {
	db := demoFile(t)
	s := startServer(t, db)
	dir := t.TempDir()
	noFinance := filepath.Join(dir, "partial.tokens")
	if err := os.WriteFile(noFinance, []byte("auditor\truud.accountant\tots_x\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"readbench"}, 2, "give either --db"},
		{[]string{"readbench", "--db", db, "--url", s.url}, 2, "give either --db"},
		{[]string{"readbench", "--db", db, "--pid", "1"}, 2, "--pid goes with --url"},
		{[]string{"readbench", "--url", s.url}, 2, "--tokens is required"},
		{[]string{"readbench", "--db", db, "--runs", "0"}, 2, "at least 1"},
		{[]string{"readbench", "--db", db, "--mixed", "0s"}, 2, "positive durations"},
		{[]string{"readbench", "--db", filepath.Join(dir, "none.db")}, 1, "make bigledger"},
		{[]string{"readbench", "--url", s.url, "--tokens", filepath.Join(dir, "none.tokens")}, 1, "cannot read the token file"},
		{[]string{"readbench", "--url", s.url, "--tokens", noFinance}, 1, "has no line for the finance role"},
		{[]string{"readbench", "--url", s.url, "--tokens", db + ".tokens", "--password", "wrong"}, 1, "cannot sign in to the pages as hanna.jansen (finance)"},
	} {
		code, out, errOut := run(t, tc.args...)
		if code != tc.code || !strings.Contains(errOut, tc.want) {
			t.Errorf("%s: exit %d, stderr %q (stdout %q); want exit %d and %q", strings.Join(tc.args, " "), code, errOut, out, tc.code, tc.want)
		}
	}
}

// TestReadbenchFollowsARunUnderWay: a verification answered 202 with the
// run's Location is asked there again, with the same token, until its
// answer comes, and that answer is the read's. (The server's side of this
// is tested in httpapi; here a stand-in answers as it does.)
func TestReadbenchFollowsARunUnderWay(t *testing.T) {
	var asked []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer ots_auditor" {
			http.Error(w, "no token", http.StatusUnauthorized)
			return
		}
		asked = append(asked, r.URL.RequestURI())
		if len(asked) < 3 {
			w.Header().Set("Location", "/api/v1/journal/verification?run=r1")
			w.WriteHeader(http.StatusAccepted)
			w.Write([]byte(`{"runId":"r1","status":"running"}`))
			return
		}
		w.Write([]byte(`{"ok":true,"headSeq":42}`))
	}))
	defer srv.Close()
	b := &readBench{base: srv.URL, client: srv.Client(), users: map[ledger.Role]benchUser{ledger.RoleAuditor: {user: "ruud", token: "ots_auditor"}}}
	a := b.do(context.Background(), benchRead{path: "/api/v1/journal/verification", role: ledger.RoleAuditor})
	if a.err != nil || a.status != http.StatusOK || !strings.Contains(string(a.body), `"headSeq":42`) {
		t.Fatalf("answer %d %q %v; want the run's 200", a.status, a.body, a.err)
	}
	want := []string{"/api/v1/journal/verification", "/api/v1/journal/verification?run=r1", "/api/v1/journal/verification?run=r1"}
	if strings.Join(asked, " ") != strings.Join(want, " ") {
		t.Errorf("asked %q; want %q", asked, want)
	}
}

func TestReadbenchFigures(t *testing.T) {
	for _, tc := range []struct {
		d    time.Duration
		want string
	}{
		{600 * time.Microsecond, "0.6 ms"},
		{9940 * time.Microsecond, "9.9 ms"},
		{120 * time.Millisecond, "120 ms"},
		{1545400 * time.Microsecond, "1,545 ms"},
		{62554 * time.Millisecond, "62,554 ms"},
	} {
		if got := millis(tc.d); got != tc.want {
			t.Errorf("millis(%s) = %q; want %q", tc.d, got, tc.want)
		}
	}
	for kB, want := range map[int64]string{0: "–", 121_856: "119 MB", 4_565_000: "4,458 MB"} {
		if got := memory(kB); got != want {
			t.Errorf("memory(%d kB) = %q; want %q", kB, got, want)
		}
	}
	if got := span(2 * time.Minute); got != "2 min" {
		t.Errorf("span(2m) = %q", got)
	}
	if got := thousands(-1234567); got != "-1,234,567" {
		t.Errorf("thousands(-1234567) = %q", got)
	}
}
