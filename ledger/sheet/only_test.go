package sheet_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTheOnlyCSVWriter keeps package sheet the one place CSV output goes
// through: no other package of the product writes CSV with encoding/csv,
// which would write a formula as it is.
func TestTheOnlyCSVWriter(t *testing.T) {
	root := "../.."
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") && path != root || d.Name() == "testdata" || d.Name() == "sheet") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if strings.Contains(string(src), "csv.NewWriter(") {
			t.Errorf("%s writes CSV with encoding/csv; write it with package sheet, which no spreadsheet can be made to run a formula from", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
