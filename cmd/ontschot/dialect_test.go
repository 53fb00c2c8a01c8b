package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCSVDialectFlag: every CSV the commands write comes in the dialect
// --csv-dialect names, and the Iv3 list a spreadsheet in Dutch saved
// (semicolons, a byte order mark) is read back; a line with a field too
// few is refused naming its line and the separator.
func TestCSVDialectFlag(t *testing.T) {
	db := filepath.Join(t.TempDir(), "ledger.db")
	wantRun(t, 0, "init", "--db", db)

	std := wantRun(t, 0, "taakvelden", "list", "--db", db, "--csv")
	nl := wantRun(t, 0, "taakvelden", "list", "--db", db, "--csv", "--csv-dialect", "dutch")
	if !strings.HasPrefix(std, "code,name,law,valid_from,valid_to,status\n") || !strings.HasPrefix(nl, "\ufeffcode;name;law;valid_from;valid_to;status\n") {
		t.Fatalf("the list in both dialects:\n%.200s\n%.200s", std, nl)
	}
	// The codes are text formulas in the Dutch dialect (a Dutch
	// spreadsheet would read 6.92 as 692); a line typed in the
	// spreadsheet, saved as text, has the plain code.
	newer := strings.Replace(nl, `"=""6.92""";Coördinatie en beleid Jeugd;jeugdwet;2025;;observed`+"\n",
		`"=""6.92""";Coördinatie en beleid Jeugd;jeugdwet;2025;;observed`+"\n6.93;Coördinatie en beleid Integraal;wmo+jeugdwet;2027;;observed\n", 1)
	if newer == nl {
		t.Fatalf("the list lacks 6.92:\n%s", nl)
	}
	file := filepath.Join(t.TempDir(), "iv3-excel.csv")
	if err := os.WriteFile(file, []byte(strings.ReplaceAll(newer, "\n", "\r\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	if out := wantRun(t, 0, "taakvelden", "import", file, "--db", db); !strings.Contains(out, "Imported") {
		t.Fatalf("import of a semicolon-separated list: %s", out)
	}
	short := filepath.Join(t.TempDir(), "short.csv")
	os.WriteFile(short, []byte("code;name;law;valid_from;valid_to;status\n6.1;Samenkracht;wmo;2017;verified\n"), 0o644)
	if out := wantRun(t, 1, "taakvelden", "import", short, "--db", db); !strings.Contains(out, "line 2 of the taakveld list has 5 fields separated by semicolons (;)") {
		t.Fatalf("a line a field short: %s", out)
	}

	for _, cmd := range []string{"finance-view", "legitimacy"} {
		out := wantRun(t, 0, cmd, "--db", db, "--period", "2026-Q1", "--format", "csv", "--csv-dialect", "dutch", "--out", "-")
		if !strings.HasPrefix(out, "\ufeffsectie;") {
			t.Errorf("%s --csv-dialect dutch:\n%s", cmd, out)
		}
		if out := wantRun(t, 0, cmd, "--db", db, "--period", "2026-Q1", "--format", "csv", "--out", "-"); !strings.HasPrefix(out, "sectie,") {
			t.Errorf("%s in the standard dialect:\n%s", cmd, out)
		}
		wantRun(t, 2, cmd, "--db", db, "--period", "2026-Q1", "--format", "csv", "--csv-dialect", "excel", "--out", "-")
	}
	wantRun(t, 2, "taakvelden", "list", "--db", db, "--csv", "--csv-dialect", "nl")
}
