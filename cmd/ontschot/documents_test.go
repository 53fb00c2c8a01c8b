package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// demoPot returns the id of the demo's shared fund of this year.
func demoPot(t *testing.T, db string) string {
	t.Helper()
	out := wantRun(t, 0, "pots", "--db", db)
	for _, line := range strings.Split(out, "\n") {
		if strings.Contains(line, "Doorbraakfonds") && strings.Contains(line, " 2026 ") && strings.HasPrefix(line, "POT-") {
			return strings.Fields(line)[0]
		}
	}
	t.Fatalf("no shared fund of 2026 in\n%s", out)
	return ""
}

func TestStatementCommands(t *testing.T) {
	db := demoFile(t)
	pot := demoPot(t, db)
	dir := t.TempDir()
	pdf := filepath.Join(dir, "q3.pdf")
	if out := wantRun(t, 0, "statement", "--db", db, "--pot", pot, "--quarter", "2026-Q3", "--out", pdf); !strings.Contains(out, "Wrote the 2026-Q3 statement") {
		t.Fatalf("statement: %s", out)
	}
	if b, err := os.ReadFile(pdf); err != nil || !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Fatalf("the statement is not a PDF: %v", err)
	}
	out := wantRun(t, 0, "statement", "--db", db, "--pot", pot, "--quarter", "2026-Q3", "--format", "csv", "--out", "-")
	if !strings.Contains(out, "verloop,eindsaldo") {
		t.Fatalf("statement as CSV: %s", out)
	}
	wantRun(t, 2, "statement", "--db", db, "--pot", pot, "--quarter", "2026-Q3", "--format", "docx", "--out", pdf)
	if out := wantRun(t, 1, "statement", "--db", db, "--pot", pot, "--quarter", "2026-13", "--out", pdf); !strings.Contains(out, "not a period") {
		t.Fatalf("a bad quarter: %s", out)
	}
	if out := wantRun(t, 1, "statement", "--db", db, "--pot", pot, "--quarter", "2027-Q1", "--out", pdf); !strings.Contains(out, "has not begun") {
		t.Fatalf("a quarter not begun: %s", out)
	}

	// Every pot's statements of the quarter, for the municipality and each
	// partner: two pots of 2026; the shared fund has two partners.
	all := filepath.Join(dir, "all")
	code, stdout, stderr := run(t, "statements", "--db", db, "--quarter", "2026-Q3", "--out", all)
	if code != 0 || !strings.Contains(stdout, "Wrote 5 statements") {
		t.Fatalf("statements: %d\n%s\n%s", code, stdout, stderr)
	}
	// The output is not a terminal: no progress bar drawn into it.
	if strings.ContainsAny(stdout+stderr, "\r#") {
		t.Fatalf("a progress bar in output that is not a terminal:\nstdout: %q\nstderr: %q", stdout, stderr)
	}
	files, _ := filepath.Glob(filepath.Join(all, "2026-Q3", "*", "*.pdf"))
	if len(files) != 5 {
		t.Fatalf("%d PDFs: %v", len(files), files)
	}
	if _, err := os.Stat(filepath.Join(all, "2026-Q3", "doorbraakfonds-leeuwarden-de-friesland", "zorgverzekeraar-de-friesland.csv")); err != nil {
		t.Fatal(err)
	}
}

func TestReportAndPayCommands(t *testing.T) {
	db := demoFile(t)
	dir := t.TempDir()
	for _, cmd := range []string{"finance-view", "legitimacy"} {
		for _, format := range []string{"pdf", "csv", "json"} {
			out := filepath.Join(dir, cmd+"."+format)
			wantRun(t, 0, cmd, "--db", db, "--period", "2026-Q3", "--format", format, "--out", out)
			if st, err := os.Stat(out); err != nil || st.Size() < 100 {
				t.Fatalf("%s %s: %v", cmd, format, err)
			}
		}
	}
	if out := wantRun(t, 1, "legitimacy", "--db", db, "--period", "Q3", "--out", "-"); !strings.Contains(out, "not a period") {
		t.Fatalf("a bad period: %s", out)
	}
	// The demo paid every Thursday; what was approved since is still unpaid.
	file := filepath.Join(dir, "pain.xml")
	out := wantRun(t, 0, "pay", "--db", db, "--out", file)
	if !strings.Contains(out, "Payment batch BAT-") {
		t.Fatalf("pay: %s", out)
	}
	first, _ := os.ReadFile(file)
	if !bytes.Contains(first, []byte("urn:iso:std:iso:20022:tech:xsd:pain.001.001.09")) {
		t.Fatalf("the file is not pain.001.001.09:\n%s", first)
	}
	batch := strings.TrimSuffix(strings.Fields(out)[2], ":")
	again := filepath.Join(dir, "again.xml")
	wantRun(t, 0, "pay", "--db", db, "--batch", batch, "--out", again)
	if second, _ := os.ReadFile(again); !bytes.Equal(first, second) {
		t.Fatal("the batch's file written again differs")
	}
	// Nothing left to pay is no failure: said, exit 0, no file, no batch.
	os.Remove(file)
	if out := wantRun(t, 0, "pay", "--db", db, "--out", file); !strings.Contains(out, "Nothing to pay: there are no approved, unpaid payouts. No batch was made and no file written.") {
		t.Fatalf("nothing to pay: %s", out)
	}
	if _, err := os.Stat(file); err == nil {
		t.Fatal("pay with nothing to pay wrote a file")
	}
	if out := wantRun(t, 1, "pay", "--db", db, "--pot", "POT-nope", "--out", file); !strings.Contains(out, "POT-nope") {
		t.Fatalf("pay for a pot that is not there: %s", out)
	}
	pot := demoPot(t, db)
	if out := wantRun(t, 1, "debtor", "--db", db, "--pot", pot, "--name", "Gemeente", "--iban", "NL00BNGH0002220001", "--bic", "BNGHNL2G", "--town", "Leeuwarden"); !strings.Contains(out, "iban") {
		t.Fatalf("a bad IBAN: %s", out)
	}
	wantRun(t, 0, "debtor", "--db", db, "--pot", pot, "--name", "Gemeente Leeuwarden", "--iban", "NL11BNGH0002220001", "--bic", "BNGHNL2G", "--town", "Leeuwarden")
	if out := wantRun(t, 0, "verify", "--db", db); !strings.Contains(out, "verifies") {
		t.Fatalf("verify: %s", out)
	}
}
