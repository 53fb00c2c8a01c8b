package main

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/ledger/ledgertest"
)

// TestBackupOnAFullDiskLeavesNothing backs up to a tmpfs with room for the
// copy but not for opening it to verify it: the backup fails, and the
// directory holds nothing afterwards, neither under the backup's name nor
// under a temporary one, so nobody mistakes a copy nobody verified for a
// backup (and a retry is not refused because the name is taken).
func TestBackupOnAFullDiskLeavesNothing(t *testing.T) {
	db := demoFile(t)
	probe := filepath.Join(t.TempDir(), "probe.db")
	wantRun(t, 0, "backup", "--db", db, "--to", probe)
	info, err := os.Stat(probe)
	if err != nil {
		t.Fatal(err)
	}
	// Room for the copy and two pages more: VACUUM INTO fits, opening the
	// copy (a journal, the write-ahead log, the shared memory) does not.
	disk := ledgertest.SmallDisk(t, (info.Size()+4095)/4096*4096+8192)
	to := filepath.Join(disk, "backup.db")
	out := wantRun(t, 1, "backup", "--db", db, "--to", to)
	if !strings.Contains(out, "no backup was written") {
		t.Fatalf("backup on a full disk: %s", out)
	}
	entries, err := os.ReadDir(disk)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		t.Errorf("a failed backup left %s", e.Name())
	}
}

var debugMetricsAt = regexp.MustCompile(`metrics:  (http://127\.0\.0\.1:\d+/metrics)   \(no token`)

// TestMetricsOnTheDebugListener serves with --debug-addr: the metrics are
// there without a token, while the API's listener asks for one.
func TestMetricsOnTheDebugListener(t *testing.T) {
	db := demoFile(t)
	s := startServer(t, db, "--debug-addr", "127.0.0.1:0")
	m := debugMetricsAt.FindStringSubmatch(s.stdout.String())
	if m == nil {
		t.Fatalf("serve does not say where the debug listener's metrics are:\n%s", s.stdout.String())
	}
	get := func(url string) (int, string) {
		resp, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := get(m[1]); code != 200 || !strings.Contains(body, `ontschot_payouts{status="paid"}`) {
		t.Fatalf("the debug listener's metrics: %d\n%s", code, body)
	}
	if code, body := get(s.url + "/metrics"); code != 401 || strings.Contains(body, "ontschot_payouts") {
		t.Fatalf("the API listener's metrics without a token: %d\n%s", code, body)
	}
}
