package reports

import (
	"io"
	"strconv"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/sheet"
)

// StatementCSV writes the statement as CSV in the dialect d: RFC 4180 (UTF-8,
// comma, amounts as decimal numbers with a point) or Dutch (semicolons,
// decimal commas, a byte order mark; see package sheet). One row per
// figure, with its section, so a spreadsheet can filter it; the third row
// says whom the copy is for, as the PDF's subtitle does. Amounts and
// counts are number cells; names are text cells, guarded so no
// spreadsheet runs one as a formula.
func StatementCSV(w io.Writer, s *Statement, d sheet.Dialect) error {
	cw := sheet.NewDialectWriter(w, d)
	row := func(section, item string, count int, amount ledger.Cents) {
		c := sheet.Empty
		if count >= 0 {
			c = sheet.Int(int64(count))
		}
		cw.Row(sheet.Text(section), sheet.Text(item), c, amountCell(amount))
	}
	cw.Strings("sectie", "omschrijving", "aantal", "bedrag")
	cw.Strings("pot", s.Pot.Name+" "+strconv.Itoa(s.Pot.Year), "", "")
	cw.Strings("periode", s.Period.Label+" ("+s.Period.Start.String()+" tot en met "+s.Period.End.String()+")", "", "")
	cw.Strings("exemplaar voor", s.copyFor(), "", "")
	row("verloop", "beginsaldo", -1, s.Opening)
	row("verloop", "bijdragen", -1, s.Contributions)
	row("verloop", "uitgaven", -1, s.Payouts)
	row("verloop", "terugontvangen", -1, s.Recoveries)
	row("verloop", "eindsaldo", -1, s.Closing)
	for _, f := range s.Funding {
		row("bijdragen toegezegd", f.Partner, -1, f.Pledged)
		row("bijdragen dit kwartaal", f.Partner, -1, f.InPeriod)
		row("bijdragen tot en met kwartaal", f.Partner, -1, f.ToDate)
	}
	for _, c := range s.Categories {
		row("uitgaven per categorie", c.Label, c.Payouts, c.Amount)
		if c.Reversals > 0 {
			// A count only: the reversed amounts are in the
			// category's amount already, netted.
			cw.Row(sheet.Text("teruggedraaid per categorie"), sheet.Text(c.Label), sheet.Int(int64(c.Reversals)), sheet.Empty)
		}
	}
	for _, r := range s.Recovered {
		row("terugontvangen", r.Source, -1, r.Amount)
	}
	for _, r := range s.Receivables {
		row("openstaande vorderingen", r.Party, -1, r.Amount)
	}
	row("spijt", "uitgegeven", -1, s.Regret.Spent)
	row("spijt", "betreurd", -1, s.Regret.Regretted)
	cw.Row(sheet.Text("spijt"), sheet.Text("spijtratio"), sheet.Empty, ratioCell(s.Regret.Ratio))
	cw.Row(sheet.Text("spijt"), sheet.Text("norm"), sheet.Empty, ratioCell(s.Regret.Threshold))
	cw.Strings("spijt", "status", "", RegretStatusLabel(s.Regret.Status))
	for _, m := range s.Months {
		row("uitgaven per maand", m.Month, -1, m.Spending)
		row("terugontvangen per maand", m.Month, -1, m.Recoveries)
	}
	cw.Row(sheet.Text("journaal"), sheet.Text("transactie"), sheet.Int(s.Journal.HeadSeq), sheet.Empty)
	cw.Strings("journaal", "hash", "", s.Journal.HeadHash)
	cw.Strings("journaal", "controlepunt", "", s.Journal.Checkpoint.String())
	cw.Strings("journaal", "geverifieerd", "", yesNo(s.Journal.Verified))
	cw.Row(sheet.Text("journaal"), sheet.Text("geverifieerd tot en met transactie"), sheet.Int(s.Journal.VerifiedSeq), sheet.Empty)
	cw.Strings("journaal", "gemaakt", "", s.MadeAt.UTC().Format(ledger.TimeLayout))
	return cw.Flush()
}

// amountCell is an amount as a number cell: "-12.50" stays a number a
// spreadsheet can add up.
func amountCell(c ledger.Cents) sheet.Cell { return sheet.Number(c.String()) }

// ratioCell is a ratio as a number cell ("0.1798").
func ratioCell(r ledger.Ratio) sheet.Cell { return sheet.Number(r.String()) }

// intCell is a count as a number cell.
func intCell(n int) sheet.Cell { return sheet.Int(int64(n)) }

// copyFor names whom a statement is for: the partner it is addressed to, or
// the municipality that keeps the pot (its own copy, with every partner's
// figures).
func (s *Statement) copyFor() string {
	if s.Recipient != nil {
		return s.Recipient.Name + " (partner van deze pot)"
	}
	return "de gemeente (eigen exemplaar)"
}

// yesNo is a yes or no cell's text, in the statement's Dutch.
func yesNo(b bool) string {
	if b {
		return "ja"
	}
	return "nee"
}
