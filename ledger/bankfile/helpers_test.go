package bankfile_test

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	bt "github.com/ontschot/ontschot/ledger/bankfile/bankfiletest"
)

// fixtureNames are all the files in testdata.
var fixtureNames = []string{bt.Camt053v02, bt.Camt053v08, bt.TwoStatements, bt.Camt054v02, bt.Camt054v08, bt.Pain002,
	bt.Pain001, bt.Camt052, bt.Unrelated, bt.Malformed, bt.Bomb, bt.ExternalXXE, bt.MT940}

func readBytes(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(bt.Path(name))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func asError[T error](err error, target *T) bool { return errors.As(err, target) }

// Every file in testdata is a named fixture (and read by the fuzz seeds).
func TestFixturesNamed(t *testing.T) {
	entries, err := os.ReadDir(filepath.Dir(bt.Path(bt.Camt053v02)))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Name() != "README.md" && e.Name() != "fuzz" && !slices.Contains(fixtureNames, e.Name()) {
			t.Errorf("testdata/%s is not among the fixtures", e.Name())
		}
	}
}
