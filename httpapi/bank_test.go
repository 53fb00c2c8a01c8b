package httpapi_test

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/ledger"
	bt "github.com/ontschot/ontschot/ledger/bankfile/bankfiletest"
)

// TestBankFilesOverHTTP: finance posts the bank's file as it is and is
// told what it did; the same file again is a 200 that changes nothing;
// the entries are listed, the unmatched ones for finance to look into; a
// file of another kind, malformed XML, an XML bomb, a file too large and
// another media type are refused saying why, and change nothing; only
// finance imports, finance and auditors read.
func TestBankFilesOverHTTP(t *testing.T) {
	e := newEnv(t, 10000_00)
	camt, err := os.ReadFile(bt.Path(bt.Camt053v02))
	if err != nil {
		t.Fatal(err)
	}
	xml := []string{"Content-Type", "application/xml"}
	head := func() int64 {
		seq, _, err := e.store.JournalHead(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return seq
	}
	before := head()
	for name, tt := range map[string]struct {
		body   []byte
		header []string
		status int
		code   string
		says   string
	}{
		"a payment file":      {mustRead(t, bt.Pain001), xml, 400, ledger.EINVALID, "not the bank's answer"},
		"malformed XML":       {mustRead(t, bt.Malformed), xml, 400, ledger.EINVALID, "Line 31"},
		"an XML bomb":         {mustRead(t, bt.Bomb), xml, 400, ledger.EINVALID, "DOCTYPE"},
		"an external entity":  {mustRead(t, bt.ExternalXXE), xml, 400, ledger.EINVALID, "DOCTYPE"},
		"too large":           {bytes.Repeat([]byte(" "), 20<<20+1), xml, 413, "TOO_LARGE", "larger than 20 MiB"},
		"another media type":  {camt, []string{"Content-Type", "text/plain"}, 415, "UNSUPPORTED_MEDIA_TYPE", "Content-Type: application/xml"},
		"no file at all":      {[]byte(""), xml, 400, ledger.EINVALID, ""},
		"an MT940 text file":  {mustRead(t, bt.MT940), xml, 400, ledger.EINVALID, "camt.053"},
		"an unrelated XML":    {mustRead(t, bt.Unrelated), xml, 400, ledger.EINVALID, ""},
		"a kind not read yet": {mustRead(t, bt.Camt052), xml, 400, ledger.EINVALID, "camt.052"},
	} {
		t.Run(name, func(t *testing.T) {
			p := wantProblem(t, e.do("POST", "/api/v1/bank-files", finance, tt.body, tt.header...), tt.status, tt.code)
			if !strings.Contains(p.Detail, tt.says) {
				t.Errorf("detail %q lacks %q", p.Detail, tt.says)
			}
		})
	}
	if head() != before {
		t.Fatal("a refused file changed the journal")
	}

	var im ledger.BankImport
	want(t, e.do("POST", "/api/v1/bank-files", finance, camt, xml...), 201).JSON(t, &im)
	if im.Kind != "camt.053.001.02" || im.Again || len(im.Unmatched) != 2 || im.Credits != 1 {
		t.Fatalf("the import: %+v", im)
	}
	var again ledger.BankImport
	want(t, e.do("POST", "/api/v1/bank-files", finance, camt, xml...), 200).JSON(t, &again)
	if !again.Again || again.Digest != im.Digest {
		t.Fatalf("the same file again: %+v", again)
	}
	var list struct {
		Entries []struct {
			Outcome, Detail string
			Amount          string
		}
	}
	want(t, e.do("GET", "/api/v1/bank-entries?outcome=unmatched", auditor, nil), 200).JSON(t, &list)
	if len(list.Entries) != 2 || list.Entries[0].Outcome != "unmatched" || !strings.Contains(list.Entries[0].Detail, "is no payout of ontschot") {
		t.Fatalf("the unmatched entries: %+v", list)
	}
	wantParam(t, wantProblem(t, e.do("GET", "/api/v1/bank-entries?outcome=lost", finance, nil), 400, ledger.EINVALID), "outcome")
	wantProblem(t, e.do("POST", "/api/v1/bank-files", caseworker, camt, xml...), 403, ledger.EFORBIDDEN)
	wantProblem(t, e.do("GET", "/api/v1/bank-entries", partner, nil), 403, ledger.EFORBIDDEN)
}

func mustRead(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(bt.Path(name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}
