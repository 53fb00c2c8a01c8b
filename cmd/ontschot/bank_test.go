package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	bt "github.com/ontschot/ontschot/ledger/bankfile/bankfiletest"
)

// TestBankImport: "ontschot bank import" reads the bank's file and says
// what it did; the same file again changes nothing; a file that is not the
// bank's answer, an XML bomb and a file too large are refused with a
// sentence, and nothing is imported.
func TestBankImport(t *testing.T) {
	db := filepath.Join(t.TempDir(), "ledger.db")
	wantRun(t, 0, "init", "--db", db)
	out := wantRun(t, 0, "bank", "import", bt.Path(bt.Camt053v02), "--db", db)
	// A new ledger paid none of the fixture's payouts: its debits are
	// unmatched, kept for finance; the partner's money is money in.
	for _, want := range []string{"Imported " + bt.Path(bt.Camt053v02) + " (camt.053.001.02", "0 settled, 0 returned, 2 unmatched", "1 credits",
		"is no payout of ontschot", "GET /api/v1/bank-entries?outcome=unmatched"} {
		if !strings.Contains(out, want) {
			t.Errorf("the import says:\n%s\nwant %q", out, want)
		}
	}
	if out := wantRun(t, 0, "bank", "import", "--db", db, bt.Path(bt.Camt053v02)); !strings.Contains(out, "already; nothing changed") {
		t.Errorf("the same file again: %s", out)
	}
	big := filepath.Join(t.TempDir(), "big.xml")
	if err := os.WriteFile(big, make([]byte, 20<<20+1), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"bank", "import", bt.Path(bt.Pain001), "--db", db}, 1, "not the bank's answer"},
		{[]string{"bank", "import", bt.Path(bt.Bomb), "--db", db}, 1, "DOCTYPE"},
		{[]string{"bank", "import", big, "--db", db}, 1, "larger than 20 MiB"},
		{[]string{"bank", "import", "--db", db}, 2, "name the bank's file to import"},
		{[]string{"bank", "export"}, 2, `"export" is not a bank command`},
		{[]string{"bank", "import", filepath.Join(t.TempDir(), "none.xml"), "--db", db}, 1, "cannot read"},
	} {
		if out := wantRun(t, tt.code, tt.args...); !strings.Contains(out, tt.want) {
			t.Errorf("ontschot %v: %q lacks %q", tt.args, out, tt.want)
		}
	}
}
