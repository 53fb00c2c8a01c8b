package main

import (
	"database/sql"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// tamper changes the ledger file as someone with the file could: with the
// append-only triggers dropped.
func tamper(t *testing.T, db string, stmts ...string) {
	t.Helper()
	raw, err := sql.Open("sqlite3", "file:"+db)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	for _, s := range append([]string{`DROP TRIGGER IF EXISTS journal_no_delete`, `DROP TRIGGER IF EXISTS postings_no_delete`,
		`DROP TRIGGER IF EXISTS payment_items_no_update`, `PRAGMA foreign_keys = OFF`}, stmts...) {
		if _, err := raw.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

func copyDB(t *testing.T, from string) string {
	t.Helper()
	to := filepath.Join(t.TempDir(), "copy.db")
	// With its write-ahead log, when SQLite left one beside a closed file.
	for _, suffix := range []string{"", "-wal"} {
		b, err := os.ReadFile(from + suffix)
		if suffix != "" && os.IsNotExist(err) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(to+suffix, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return to
}

var checkpointRE = regexp.MustCompile(`Checkpoint: ([0-9]+:[0-9a-f]{64})`)

// TestVerifyWithWitnesses is the auditor's path: a checkpoint written down
// and a server's checkpoint log catch a journal cut back, which the file
// alone cannot show.
func TestVerifyWithWitnesses(t *testing.T) {
	db := demoFile(t)
	// The newest transactions: a user and its token.
	wantRun(t, 0, "token", "create", "--db", db, "--user", "riet.revisor", "--role", "auditor")
	out := wantRun(t, 0, "verify", "--db", db)
	m := checkpointRE.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("verify prints no checkpoint: %s", out)
	}
	cp := m[1]
	if out := wantRun(t, 0, "verify", "--db", db, "--checkpoint", cp); !strings.Contains(out, "still holds every checkpoint given (1)") || strings.Contains(out, "come after") {
		t.Fatalf("verify with its own checkpoint: %s", out)
	}
	// What comes after the last witness is said: the chain cannot tell who
	// appended it.
	later := copyDB(t, db)
	wantRun(t, 0, "token", "create", "--db", later, "--user", "mallory", "--role", "admin")
	if out := wantRun(t, 0, "verify", "--db", later, "--checkpoint", cp); !strings.Contains(out, "2 transactions come after the last checkpoint given") {
		t.Fatalf("verify with an older checkpoint: %s", out)
	}
	head := strings.Split(cp, ":")[0]
	// Cut the newest two transactions away with what they booked: the
	// checkpoint the last verification recorded in the file names the
	// cut...
	cutRows := []string{`DELETE FROM journal WHERE seq >= ` + head + ` - 1`, `DELETE FROM tokens WHERE user_name = 'riet.revisor'`, `DELETE FROM users WHERE name = 'riet.revisor'`}
	naive := copyDB(t, db)
	tamper(t, naive, cutRows...)
	if out := wantRun(t, 1, "verify", "--db", naive); !strings.Contains(out, "does NOT verify") || !strings.Contains(out, "cut back") || !strings.Contains(out, "verify --full") {
		t.Fatalf("the cut journal with the recorded checkpoint: %s", out)
	}
	// ...but it is in the file, and whoever cut the journal can delete it
	// too: the file alone then verifies, in full.
	cut := copyDB(t, db)
	tamper(t, cut, append(cutRows, `DELETE FROM verified_balances`, `DELETE FROM verified_checkpoint`)...)
	if out := wantRun(t, 0, "verify", "--db", cut); !strings.Contains(out, "verifies in full") {
		t.Fatalf("the cut journal alone: %s", out)
	}
	if out := wantRun(t, 1, "verify", "--db", cut, "--checkpoint", cp); !strings.Contains(out, "does NOT verify") || !strings.Contains(out, "cut back") {
		t.Fatalf("verify of a cut journal with the checkpoint: %s", out)
	}
	log := filepath.Join(t.TempDir(), "checkpoints.log")
	if err := os.WriteFile(log, []byte(cp+" 2026-10-01T00:00:00.000000Z\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if out := wantRun(t, 1, "verify", "--db", cut, "--checkpoint-log", log); !strings.Contains(out, "were removed") || !strings.Contains(out, head) {
		t.Fatalf("verify of a cut journal with the log: %s", out)
	}
	for _, bad := range []string{"12", "12:abc", "x:" + strings.Repeat("a", 64)} {
		if out := wantRun(t, 2, "verify", "--db", db, "--checkpoint", bad); !strings.Contains(out, "SEQ:HASH") {
			t.Fatalf("verify --checkpoint %s: %s", bad, out)
		}
	}
	if out := wantRun(t, 1, "verify", "--db", db, "--checkpoint-log", filepath.Join(t.TempDir(), "missing.log")); !strings.Contains(out, "cannot read the checkpoint log") {
		t.Fatalf("verify with a missing log: %s", out)
	}
}

// TestVerifyContinues verifies what was appended since the last
// verification by default, and everything with --full: a change made
// before the recorded checkpoint is left to --full, which finds it.
func TestVerifyContinues(t *testing.T) {
	db := demoFile(t)
	if out := wantRun(t, 0, "verify", "--db", db); !strings.Contains(out, "verifies in full") {
		t.Fatalf("the first verification: %s", out)
	}
	m := checkpointRE.FindStringSubmatch(wantRun(t, 0, "verify", "--db", db))
	if m == nil {
		t.Fatal("verify prints no checkpoint")
	}
	from := strings.Split(m[1], ":")[0]
	// A user and its token: two transactions.
	wantRun(t, 0, "token", "create", "--db", db, "--user", "riet.revisor", "--role", "auditor")
	out := wantRun(t, 0, "verify", "--db", db)
	if !strings.Contains(out, "verifies: the 2 transactions (0 postings) appended since transaction "+from) || !strings.Contains(out, "verify --full") {
		t.Fatalf("verify after two transactions: %s", out)
	}
	raw, err := sql.Open("sqlite3", "file:"+db+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	var payout string
	err = raw.QueryRow(`SELECT id FROM payouts ORDER BY request_seq LIMIT 1`).Scan(&payout)
	raw.Close()
	if err != nil {
		t.Fatal(err)
	}
	tamper(t, db, `UPDATE payouts SET situation = 'Anders.' WHERE id = '`+payout+`'`)
	if out := wantRun(t, 0, "verify", "--db", db); !strings.Contains(out, "the 0 transactions") {
		t.Fatalf("verify after a change before the checkpoint: %s", out)
	}
	if out := wantRun(t, 1, "verify", "--db", db, "--full"); !strings.Contains(out, "does NOT verify") || !strings.Contains(out, payout) {
		t.Fatalf("verify --full after a change before the checkpoint: %s", out)
	}
	// The failure cleared the checkpoint: the next verification reads
	// everything.
	if out := wantRun(t, 1, "verify", "--db", db); !strings.Contains(out, payout) {
		t.Fatalf("verify after a failed one: %s", out)
	}
}

// TestPayRefusesAChangedPayee changes a payee's IBAN in the file: pay
// refuses, naming the payout, and so does writing an old batch's file
// again after its payee was changed.
func TestPayRefusesAChangedPayee(t *testing.T) {
	db := demoFile(t)
	dir := t.TempDir()
	raw, err := sql.Open("sqlite3", "file:"+db+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	var unpaid, paid, batch string
	if err := raw.QueryRow(`SELECT id FROM payouts WHERE status = 'approved' ORDER BY request_seq LIMIT 1`).Scan(&unpaid); err != nil {
		t.Fatal(err)
	}
	if err := raw.QueryRow(`SELECT payout_id, batch_id FROM payment_items ORDER BY batch_id DESC, n LIMIT 1`).Scan(&paid, &batch); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	first := filepath.Join(dir, "first.xml")
	wantRun(t, 0, "pay", "--db", db, "--batch", batch, "--out", first)
	tampered := copyDB(t, db)
	tamper(t, tampered, `UPDATE payees SET iban = 'NL02ABNA0123456789' WHERE payout_id IN ('`+unpaid+`', '`+paid+`')`)
	out := wantRun(t, 1, "pay", "--db", tampered, "--out", filepath.Join(dir, "new.xml"))
	if !strings.Contains(out, "payment run refused") || !strings.Contains(out, unpaid) || !strings.Contains(out, "run ontschot verify") {
		t.Fatalf("pay with a changed payee: %s", out)
	}
	out = wantRun(t, 1, "pay", "--db", tampered, "--batch", batch, "--out", filepath.Join(dir, "again.xml"))
	if !strings.Contains(out, "refused") || !strings.Contains(out, paid) {
		t.Fatalf("pay --batch after its payee changed: %s", out)
	}
	if _, err := os.Stat(filepath.Join(dir, "again.xml")); err == nil {
		t.Fatal("a refused file was written")
	}
	if out := wantRun(t, 1, "verify", "--db", tampered); !strings.Contains(out, "payee") {
		t.Fatalf("verify after a payee changed: %s", out)
	}
	// The untouched ledger writes the old file again, byte for byte.
	again := filepath.Join(dir, "same.xml")
	wantRun(t, 0, "pay", "--db", db, "--batch", batch, "--out", again)
	a, _ := os.ReadFile(first)
	b, _ := os.ReadFile(again)
	if string(a) != string(b) || !strings.Contains(string(a), "<!-- ontschot journal checkpoint ") {
		t.Fatal("the batch's file written again differs, or states no checkpoint")
	}
}
