package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/storage"
)

// addEmojiPot adds to a ledger a pot of 2026 and a partner funding it, both
// with an emoji in their names: what stopped "ontschot statements" with a
// panic in the PDF writer.
func addEmojiPot(t *testing.T, db string) {
	t.Helper()
	s, err := storage.Open(db, storage.Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	admin := ledger.Actor{User: "test.admin", Role: ledger.RoleAdmin}
	partner, err := s.CreatePartner(ctx, admin, ledger.NewPartner{Name: "Woonbedrijf 🏠", Kind: ledger.KindHousingCorporation})
	if err != nil {
		t.Fatal(err)
	}
	pot, err := s.CreatePot(ctx, admin, ledger.NewPot{Name: "Noodfonds 🏠🏡", Year: 2026, RecoveryPolicy: ledger.PolicyReport,
		Mandates: []ledger.MandateLevel{{Role: ledger.RoleCaseworker, Limit: 1500_00}, {Role: ledger.RoleAlderman, Unlimited: true}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.SetPledge(ctx, admin, ledger.Pledge{PotID: pot.ID, PartnerID: partner.ID, Amount: 10_000_00}); err != nil {
		t.Fatal(err)
	}
}

// TestStatementsWithEmojiNames: the case, a pot and a partner with
// an emoji in their names; every statement of the quarter is written.
func TestStatementsWithEmojiNames(t *testing.T) {
	db := demoFile(t)
	addEmojiPot(t, db)
	all := filepath.Join(t.TempDir(), "all")
	code, stdout, stderr := run(t, "statements", "--db", db, "--quarter", "2026-Q3", "--out", all)
	if code != 0 || !strings.Contains(stdout, "Wrote 7 statements") {
		t.Fatalf("statements: %d\n%s\n%s", code, stdout, stderr)
	}
	pdf, err := os.ReadFile(filepath.Join(all, "2026-Q3", "noodfonds", "woonbedrijf.pdf"))
	if err != nil || !bytes.HasPrefix(pdf, []byte("%PDF-")) || !bytes.HasSuffix(bytes.TrimSpace(pdf), []byte("%%EOF")) {
		t.Fatalf("the partner's statement: %v", err)
	}
	csv, err := os.ReadFile(filepath.Join(all, "2026-Q3", "noodfonds", "woonbedrijf.csv"))
	if err != nil || !strings.Contains(string(csv), "Noodfonds 🏠🏡 2026") {
		t.Fatalf("the CSV keeps the name as written: %v\n%s", err, csv)
	}
}

// TestStatementsGoOnAfterAFailure: one statement that cannot be written (a
// folder stands where its file should go) is told in a plain sentence;
// the other statements are still written, and the exit status is 1.
func TestStatementsGoOnAfterAFailure(t *testing.T) {
	db := demoFile(t)
	all := filepath.Join(t.TempDir(), "all")
	blocked := filepath.Join(all, "2026-Q3", "doorbraakfonds-leeuwarden-de-friesland", "gemeente.pdf")
	if err := os.MkdirAll(filepath.Join(blocked, "in-the-way"), 0o755); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := run(t, "statements", "--db", db, "--quarter", "2026-Q3", "--out", all)
	if code != 1 {
		t.Fatalf("exit %d; want 1\n%s\n%s", code, stdout, stderr)
	}
	if !strings.Contains(stdout, "Wrote 4 of 5 statements for 2026-Q3") {
		t.Errorf("stdout: %s", stdout)
	}
	for _, want := range []string{
		"ontschot statements: could not make the statement of Doorbraakfonds Leeuwarden–De Friesland 2026 for the municipality: cannot write " + blocked,
		"ontschot statements: 1 of 5 statements could not be made (see above); the others were written",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr does not say %q:\n%s", want, stderr)
		}
	}
	if strings.Contains(stderr, "goroutine") || strings.Contains(stderr, "panic") {
		t.Errorf("stderr holds a stack trace:\n%s", stderr)
	}
	matches, _ := filepath.Glob(filepath.Join(all, "2026-Q3", "*", "*.pdf"))
	var files []string
	for _, f := range matches {
		if st, err := os.Stat(f); err == nil && st.Mode().IsRegular() {
			files = append(files, f)
		}
	}
	if len(files) != 4 {
		t.Errorf("%d PDFs written: %v", len(files), files)
	}
	if tmp, _ := filepath.Glob(filepath.Join(all, "2026-Q3", "*", "*.tmp")); len(tmp) != 0 {
		t.Errorf("half-written files left behind: %v", tmp)
	}
}

// TestSafely: a panic while making one document becomes an error that says
// so in a sentence, without a stack trace.
func TestSafely(t *testing.T) {
	err := safely(func() error {
		var widths [65536]int
		r := 0x1F3E0
		return []error{nil}[widths[r%len(widths)]+r] // index out of range, as fpdf did
	})
	if err == nil || !strings.Contains(err.Error(), "internal error while making the document (runtime error: index out of range [127968]") {
		t.Fatalf("safely = %v", err)
	}
	if err := safely(func() error { return nil }); err != nil {
		t.Fatal(err)
	}
}
