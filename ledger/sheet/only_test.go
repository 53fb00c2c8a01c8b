package sheet_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTheOnlyCSVWriter keeps package sheet the one place CSV goes through:
// no other package of the product writes CSV with encoding/csv, which would
// write a formula as it is, or reads it with encoding/csv, which would
// refuse a file a spreadsheet in Dutch saved.
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
		if strings.Contains(string(src), "csv.NewReader(") {
			t.Errorf("%s reads CSV with encoding/csv; read it with package sheet, which reads what a spreadsheet in Dutch saves (semicolons, a byte order mark, Windows-1252)", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
