package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/ontschot/ontschot/allocation"
	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/storage"
)

// service returns the allocation service over the ledger at db.
func (m *Main) service(db string) (*allocation.Service, error) {
	s, err := m.open(db, true)
	if err != nil {
		return nil, err
	}
	return &allocation.Service{Store: s, Now: m.Now}, nil
}

// runAllocations prints finance's allocation queue: unallocated payouts by
// age, with the suggested allocation.
func (m *Main) runAllocations(ctx context.Context, args []string) error {
	fs := m.flags("allocations", "--db DB [--pot ID] [--limit N]")
	db := fs.String("db", "", dbUsage)
	pot := fs.String("pot", "", "only this pot (POT-…)")
	limit := fs.Int("limit", 100, "list at most this many of the oldest (0: all)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := requireDB(*db); err != nil {
		return err
	}
	svc, err := m.service(*db)
	if err != nil {
		return err
	}
	if *limit < 0 {
		return usageError("--limit must be 0 (all) or more")
	}
	// The queue comes in pages; --limit 0 walks them all.
	var page allocation.QueuePage
	var items []allocation.QueueItem
	for q := (allocation.QueueQuery{PotID: ledger.PotID(*pot)}); ; {
		if *limit > 0 {
			q.Limit = min(*limit-len(items), allocation.QueueMaxPage)
		}
		if page, err = svc.Queue(ctx, q); err != nil {
			return err
		}
		items = append(items, page.Items...)
		if page.Next == "" || *limit > 0 && len(items) >= *limit {
			break
		}
		q.After = page.Next
	}
	bands := page.Totals
	if len(items) == 0 {
		fmt.Fprintln(m.Stdout, "Every approved payout is allocated: the queue is empty.")
		return nil
	}
	t := &table{header: []string{"PAYOUT", "CATEGORY", "AMOUNT", "UNALLOCATED", "AGE", "BAND", "SUGGESTION", "RULE"}, right: map[int]bool{2: true, 3: true, 4: true}}
	for _, it := range items {
		t.add(string(it.Fact.ID), it.Fact.Category, money(it.Fact.Amount), money(it.Unallocated), strconv.Itoa(it.AgeDays)+"d", string(it.Band),
			describeSuggestion(it.Suggestion), orDash(it.Suggestion.RuleID))
	}
	t.write(m.Stdout)
	if page.Matched > len(items) {
		fmt.Fprintf(m.Stdout, "(the oldest %d of %d; --limit 0 lists them all)\n", len(items), page.Matched)
	}
	fmt.Fprintln(m.Stdout)
	bt := &table{header: []string{"AGE", "PAYOUTS", "UNALLOCATED"}, right: map[int]bool{1: true, 2: true}}
	for _, b := range bands {
		bt.add(string(b.Band)+" days", strconv.Itoa(b.Payouts), money(b.Amount))
	}
	bt.write(m.Stdout)
	return nil
}

func describeSuggestion(sg allocation.Suggestion) string {
	parts := make([]string, len(sg.Lines))
	for i, l := range sg.Lines {
		switch l.Target {
		case ledger.TargetParty:
			parts[i] = "party " + l.PartyName
		case ledger.TargetMaatwerk:
			parts[i] = "maatwerk"
		default:
			parts[i] = string(l.Target) + " " + l.Taakveld + " (" + string(l.EconomicCategory) + ")"
		}
	}
	return strings.Join(parts, " + ")
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// runRegret prints each pot's regret ratio against its threshold.
func (m *Main) runRegret(ctx context.Context, args []string) error {
	fs := m.flags("regret", "--db DB [--pot ID] [--year YYYY]")
	db := fs.String("db", "", dbUsage)
	potID := fs.String("pot", "", "only this pot (POT-…)")
	year := fs.Int("year", 0, "the calendar year (default: the current one, or the pot's when it covers an earlier one)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := requireDB(*db); err != nil {
		return err
	}
	svc, err := m.service(*db)
	if err != nil {
		return err
	}
	pots, err := svc.Store.Pots(ctx)
	if err != nil {
		return err
	}
	t := &table{header: []string{"POT", "YEAR", "SPENT", "REGRETTED", "RATIO", "THRESHOLD", "STATUS", "12 MONTHS", "UNEVALUATED >90D"},
		right: map[int]bool{2: true, 3: true, 4: true, 5: true, 7: true, 8: true}}
	var cats []string
	for _, p := range pots {
		if *potID != "" && p.ID != ledger.PotID(*potID) {
			continue
		}
		rep, err := svc.Regret(ctx, &p, *year)
		if err != nil {
			return err
		}
		y := rep.Year
		t.add(p.Name, strconv.Itoa(y.From.Year()), money(y.Spent), money(y.Regretted), percent(y.Ratio), percent(rep.Threshold), string(y.Status),
			percent(rep.LastTwelveMonths.Ratio), percent(y.UnevaluatedOldShare))
		for _, c := range y.ByCategory {
			if c.Regretted > 0 {
				cats = append(cats, fmt.Sprintf("  %s %d: %s %s of %s (%s)", p.Name, y.From.Year(), c.Category, money(c.Regretted), money(c.Spent), percent(c.Ratio)))
			}
		}
	}
	if len(t.rows) == 0 {
		if *potID != "" {
			return ledger.Errorf(ledger.ENOTFOUND, "there is no pot %q; run \"ontschot pots --db %s\" for the list", *potID, storage.Redact(*db))
		}
		fmt.Fprintf(m.Stdout, "%s holds no pots yet.\n", storage.Redact(*db))
		return nil
	}
	t.write(m.Stdout)
	if len(cats) > 0 {
		fmt.Fprintln(m.Stdout, "\nRegret by category:")
		for _, c := range cats {
			fmt.Fprintln(m.Stdout, c)
		}
	}
	return nil
}

// runSignals prints the signals for policy.
func (m *Main) runSignals(ctx context.Context, args []string) error {
	fs := m.flags("signals", "--db DB [--threshold N]")
	db := fs.String("db", "", dbUsage)
	threshold := fs.Int("threshold", allocation.DefaultSignalThreshold, "the number of distinct cases that makes a signal")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := requireDB(*db); err != nil {
		return err
	}
	if *threshold < 2 {
		return usageError("--threshold must be 2 or more")
	}
	svc, err := m.service(*db)
	if err != nil {
		return err
	}
	signals, err := svc.Signals(ctx, *threshold)
	if err != nil {
		return err
	}
	if len(signals) == 0 {
		fmt.Fprintf(m.Stdout, "No signals: nothing was met in %d cases or more in the last twelve months.\n", *threshold)
		return nil
	}
	t := &table{header: []string{"SIGNAL", "KIND", "WHAT", "CASES", "TOTAL", "FIRST", "LAST", "POLICY"}, right: map[int]bool{3: true, 4: true}}
	for _, s := range signals {
		policy := "open"
		if s.TakenUp != nil {
			policy = "taken up " + ledger.DateOf(s.TakenUp.At).String()
		}
		t.add(s.ID, string(s.Kind), s.Label, strconv.Itoa(s.Cases), money(s.Total), s.First.String(), s.Last.String(), policy)
	}
	t.write(m.Stdout)
	return nil
}

// runTaakvelden lists or imports the Iv3 code list.
func (m *Main) runTaakvelden(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return usageError("say what to do: list or import")
	}
	switch args[0] {
	case "list":
		return m.taakveldenList(ctx, args[1:])
	case "import":
		return m.taakveldenImport(ctx, args[1:])
	}
	return usageError(fmt.Sprintf("%q is not a taakvelden command; use list or import", args[0]))
}

func (m *Main) taakveldenList(ctx context.Context, args []string) error {
	fs := m.flags("taakvelden list", "--db DB [--year YYYY] [--csv [--csv-dialect standard|dutch]]")
	db := fs.String("db", "", dbUsage)
	year := fs.Int("year", 0, "only the codes valid in this booking year")
	asCSV := fs.Bool("csv", false, "print the list as the CSV that import reads")
	dialectName := csvDialectFlag(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	dialect, err := parseCSVDialect(*dialectName)
	if err != nil {
		return err
	}
	if err := requireDB(*db); err != nil {
		return err
	}
	s, err := m.open(*db, true)
	if err != nil {
		return err
	}
	list, err := s.Taakvelden(ctx)
	if err != nil {
		return err
	}
	if *asCSV {
		return list.WriteCSVDialect(m.Stdout, dialect)
	}
	t := &table{header: []string{"CODE", "NAME", "LAWS", "FROM", "TO", "STATUS"}}
	for _, tv := range list {
		if *year != 0 && !tv.ValidIn(*year) {
			continue
		}
		laws := make([]string, len(tv.Laws))
		for i, l := range tv.Laws {
			laws[i] = string(l)
		}
		to := ""
		if tv.ValidTo != 0 {
			to = strconv.Itoa(tv.ValidTo)
		}
		t.add(tv.Code, tv.Name, strings.Join(laws, "+"), strconv.Itoa(tv.ValidFrom), to, tv.Status)
	}
	t.write(m.Stdout)
	return nil
}

// taakveldenImport replaces the code list with a CSV file; the file may come
// before or after the flags.
func (m *Main) taakveldenImport(ctx context.Context, args []string) error {
	fs := m.flags("taakvelden import", "--db DB FILE.csv")
	db := fs.String("db", "", dbUsage)
	file, err := parseFileAndFlags(fs, args, "name the CSV file to import (header code,name,law,valid_from,valid_to,status)")
	if err != nil {
		return err
	}
	if err := requireDB(*db); err != nil {
		return err
	}
	f, err := os.Open(file)
	if err != nil {
		return fmt.Errorf("cannot read %s: %w", file, err)
	}
	defer f.Close()
	list, err := ledger.ParseTaakveldCSV(f)
	if err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	s, err := m.open(*db, true)
	if err != nil {
		return err
	}
	// The file's name, not its path, is recorded beside the import: a
	// path names folders (a user's home, a temporary folder whose random
	// digits can pass for a BSN) that the ledger has no use for.
	imp, err := s.ImportTaakvelden(ctx, operator, list, filepath.Base(file))
	if err != nil {
		return err
	}
	if imp.Unchanged {
		fmt.Fprintf(m.Stdout, "%s is the code list in use already (%d rows); nothing changed.\n", file, imp.Rows)
		return nil
	}
	fmt.Fprintf(m.Stdout, "Imported %d taakvelden from %s (SHA-256 %s); the journal records the import. Allocations already booked keep their codes.\n", imp.Rows, file, imp.Digest)
	return nil
}

// percent formats a ratio as a percentage with one decimal: "18.3%".
func percent(r ledger.Ratio) string {
	return strings.Replace(r.Percent(), ",", ".", 1)
}
