package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ontschot/ontschot/allocation"
	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/storage"
)

// TestDemoReallocates checks the demo has what finance and the municipality
// look at afterwards: split and corrected allocations, receivables from an
// insurer and a housing corporation, evaluations with a regret ratio near
// the threshold, and a signal.
func TestDemoReallocates(t *testing.T) {
	db := demoFile(t)
	s, err := storage.Open(db, storage.Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	svc := &allocation.Service{Store: s, Now: func() time.Time { return now }}
	facts, err := ledger.CollectFacts(ctx, s, ledger.FactFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var split, corrected, evaluated, regretted int
	for _, f := range facts {
		if f.Allocated == 0 {
			continue
		}
		as, err := s.Allocations(ctx, f.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(as) > 1 {
			corrected++
		}
		if cur := as[len(as)-1]; len(cur.Lines) > 1 {
			split++
		}
		if f.Evaluated {
			evaluated++
			if f.Regretted > 0 {
				regretted++
			}
		}
	}
	if split == 0 || corrected == 0 || evaluated < 20 || regretted == 0 {
		t.Errorf("split %d, corrected %d, evaluated %d, regretted %d; want some of each", split, corrected, evaluated, regretted)
	}
	var rs []ledger.Receivable
	for f := (ledger.ReceivableFilter{Limit: ledger.MaxPageSize}); ; {
		page, err := s.Receivables(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		rs = append(rs, page.Receivables...)
		if page.Next == "" {
			break
		}
		f.After = page.Next
	}
	kinds := map[string]bool{}
	settled := 0
	for _, r := range rs {
		kinds[r.PartyName] = true
		if r.Settled > 0 {
			settled++
		}
	}
	if !(kinds["Zorgverzekeraar De Friesland"] || kinds["Zorgverzekeraar Zilveren Kruis"]) || !kinds["Woonstichting Elkien"] || settled == 0 {
		t.Errorf("receivables from %v, %d settled; want an insurer and a housing corporation, some settled", kinds, settled)
	}
	pots, _ := s.Pots(ctx)
	near := false
	for _, p := range pots {
		rep, err := svc.Regret(ctx, &p, 0)
		if err != nil {
			t.Fatal(err)
		}
		if p.Year == now.Year() && rep.Year.Ratio >= 1200 && rep.Year.Ratio <= 2800 {
			near = true
		}
	}
	if !near {
		t.Errorf("no pot of this year has a regret ratio near its threshold of 20%%")
	}
	signals, err := svc.Signals(ctx, 0)
	if err != nil || len(signals) == 0 || signals[0].TakenUp == nil {
		t.Errorf("signals = %d, %v; want at least one, the first taken up in policy", len(signals), err)
	}
}

func TestReallocationCommands(t *testing.T) {
	db := demoFile(t)
	out := wantRun(t, 0, "allocations", "--db", db)
	for _, want := range []string{"PAYOUT", "UNALLOCATED", "SUGGESTION", "0-30 days", "90+ days"} {
		if !strings.Contains(out, want) {
			t.Fatalf("allocations lacks %q:\n%s", want, out)
		}
	}
	out = wantRun(t, 0, "regret", "--db", db)
	for _, want := range []string{"RATIO", "THRESHOLD", "20.0%", "Doorbraakfonds", "Regret by category"} {
		if !strings.Contains(out, want) {
			t.Fatalf("regret lacks %q:\n%s", want, out)
		}
	}
	if out := wantRun(t, 1, "regret", "--db", db, "--pot", "POT-01ARZ3NDEKTSV4RRFFQ69G5FAV"); !strings.Contains(out, "there is no pot") {
		t.Fatalf("regret of an unknown pot: %s", out)
	}
	out = wantRun(t, 0, "signals", "--db", db)
	if !strings.Contains(out, "taken up") || !strings.Contains(out, "CASES") {
		t.Fatalf("signals: %s", out)
	}
	if out := wantRun(t, 0, "signals", "--db", db, "--threshold", "1000"); !strings.Contains(out, "No signals") {
		t.Fatalf("signals at 1000: %s", out)
	}
	wantRun(t, 2, "signals", "--db", db, "--threshold", "1")
	wantRun(t, 2, "allocations")
}

func TestTaakveldenImport(t *testing.T) {
	db := demoFile(t)
	out := wantRun(t, 0, "taakvelden", "list", "--db", db, "--year", "2024")
	if !strings.Contains(out, "6.71a") || strings.Contains(out, "6.711") {
		t.Fatalf("codes of 2024: %s", out)
	}
	csv := wantRun(t, 0, "taakvelden", "list", "--db", db, "--csv")
	newer := strings.Replace(csv, "6.92,Coördinatie en beleid Jeugd,jeugdwet,2025,,observed", "6.92,Coördinatie en beleid Jeugd,jeugdwet,2025,,observed\n6.93,Coördinatie en beleid Integraal,wmo+jeugdwet,2027,,observed", 1)
	if newer == csv {
		t.Fatalf("the list lacks 6.92:\n%s", csv)
	}
	// The file lies in a folder whose name passes for a BSN, as a
	// temporary folder's random digits can: the import records the file's
	// name alone, so the folder is neither refused nor kept.
	folder := filepath.Join(t.TempDir(), "111222333")
	if err := os.Mkdir(folder, 0o755); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(folder, "iv3-2027.csv")
	if err := os.WriteFile(file, []byte(newer), 0o644); err != nil {
		t.Fatal(err)
	}
	if out := wantRun(t, 0, "taakvelden", "import", file, "--db", db); !strings.Contains(out, "Imported") {
		t.Fatalf("import: %s", out)
	}
	if out := wantRun(t, 0, "taakvelden", "import", "--db", db, file); !strings.Contains(out, "nothing changed") {
		t.Fatalf("import again: %s", out)
	}
	if out := wantRun(t, 0, "taakvelden", "list", "--db", db, "--year", "2027"); !strings.Contains(out, "6.93") {
		t.Fatalf("codes of 2027: %s", out)
	}
	bad := filepath.Join(t.TempDir(), "bad.csv")
	os.WriteFile(bad, []byte("code,name\n6.1,x\n"), 0o644)
	if out := wantRun(t, 1, "taakvelden", "import", bad, "--db", db); !strings.Contains(out, "code,name,law,valid_from,valid_to,status") {
		t.Fatalf("a bad file: %s", out)
	}
	if out := wantRun(t, 1, "taakvelden", "import", filepath.Join(t.TempDir(), "missing.csv"), "--db", db); !strings.Contains(out, "cannot read") {
		t.Fatalf("a missing file: %s", out)
	}
	wantRun(t, 2, "taakvelden", "import", "--db", db)
	wantRun(t, 2, "taakvelden", "export", "--db", db)
	if out := wantRun(t, 0, "verify", "--db", db); !strings.Contains(out, "verifies") {
		t.Fatalf("verify after the import: %s", out)
	}
}
