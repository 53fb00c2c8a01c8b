package main

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/storage"
)

// runPots prints every pot's balance, and each partner's pledged and
// received money.
func (m *Main) runPots(ctx context.Context, args []string) error {
	fs := m.flags("pots", "--db DB")
	db := fs.String("db", "", dbUsage)
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := requireDB(*db); err != nil {
		return err
	}
	s, err := m.open(*db, true)
	if err != nil {
		return err
	}
	pots, err := s.Pots(ctx)
	if err != nil {
		return err
	}
	if len(pots) == 0 {
		fmt.Fprintf(m.Stdout, "%s holds no pots yet.\n", storage.Redact(*db))
		return nil
	}
	names := map[ledger.PotID]string{}
	order := map[ledger.PotID]int{}
	years := map[ledger.PotID]string{}
	pt := &table{header: []string{"POT", "NAME", "YEAR", "POLICY", "CONTRIBUTED", "AVAILABLE", "HELD", "SPENT"}, right: map[int]bool{4: true, 5: true, 6: true, 7: true}}
	for _, p := range pots {
		b, err := s.Balance(ctx, p.ID)
		if err != nil {
			return err
		}
		names[p.ID] = p.Name
		order[p.ID] = len(order)
		years[p.ID] = strconv.Itoa(p.Year)
		pt.add(string(p.ID), p.Name, strconv.Itoa(p.Year), string(p.RecoveryPolicy), money(b.Contributed), money(b.Available), money(b.Held), money(b.Spent))
	}
	pt.write(m.Stdout)
	funding, err := s.Funding(ctx, "")
	if err != nil {
		return err
	}
	if len(funding) > 0 {
		sort.SliceStable(funding, func(i, j int) bool { return order[funding[i].PotID] < order[funding[j].PotID] })
		fmt.Fprintln(m.Stdout)
		ft := &table{header: []string{"POT", "YEAR", "PARTNER", "KIND", "PLEDGED", "RECEIVED"}, right: map[int]bool{4: true, 5: true}}
		for _, f := range funding {
			ft.add(names[f.PotID], years[f.PotID], f.PartnerName, string(f.PartnerKind), money(f.Pledged), money(f.Received))
		}
		ft.write(m.Stdout)
	}
	return nil
}

// money formats cents with thousands separators: "100,000.00".
func money(c ledger.Cents) string { return c.Grouped(",", ".") }

// table prints rows in aligned columns; right-aligned where asked.
type table struct {
	header []string
	right  map[int]bool
	rows   [][]string
}

func (t *table) add(cells ...string) { t.rows = append(t.rows, cells) }

func (t *table) write(w io.Writer) {
	widths := make([]int, len(t.header))
	for _, row := range append([][]string{t.header}, t.rows...) {
		for i, c := range row {
			widths[i] = max(widths[i], utf8.RuneCountInString(c))
		}
	}
	for _, row := range append([][]string{t.header}, t.rows...) {
		var b strings.Builder
		for i, c := range row {
			pad := strings.Repeat(" ", widths[i]-utf8.RuneCountInString(c))
			if i > 0 {
				b.WriteString("  ")
			}
			if t.right[i] {
				b.WriteString(pad + c)
			} else if i < len(row)-1 {
				b.WriteString(c + pad)
			} else {
				b.WriteString(c)
			}
		}
		fmt.Fprintln(w, b.String())
	}
}
