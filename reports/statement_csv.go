package reports

import (
	"encoding/csv"
	"io"
	"strconv"

	"github.com/ontschot/ontschot/ledger"
)

// StatementCSV writes the statement as CSV (RFC 4180, UTF-8, comma, amounts
// as decimal strings with a point): one row per figure, with its section,
// so a spreadsheet can filter it.
func StatementCSV(w io.Writer, s *Statement) error {
	cw := csv.NewWriter(w)
	row := func(section, item string, count int, amount ledger.Cents) {
		c := ""
		if count >= 0 {
			c = strconv.Itoa(count)
		}
		cw.Write([]string{section, item, c, amount.String()})
	}
	cw.Write([]string{"sectie", "omschrijving", "aantal", "bedrag"})
	cw.Write([]string{"pot", s.Pot.Name + " " + strconv.Itoa(s.Pot.Year), "", ""})
	cw.Write([]string{"periode", s.Period.Label + " (" + s.Period.Start.String() + " tot en met " + s.Period.End.String() + ")", "", ""})
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
			row("teruggedraaid per categorie", c.Label, c.Reversals, 0)
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
	cw.Write([]string{"spijt", "spijtratio", "", s.Regret.Ratio.String()})
	cw.Write([]string{"spijt", "norm", "", s.Regret.Threshold.String()})
	cw.Write([]string{"spijt", "status", "", s.Regret.Status})
	for _, m := range s.Months {
		row("uitgaven per maand", m.Month, -1, m.Spending)
		row("terugontvangen per maand", m.Month, -1, m.Recoveries)
	}
	cw.Write([]string{"journaal", "transactie", strconv.FormatInt(s.Journal.HeadSeq, 10), ""})
	cw.Write([]string{"journaal", "hash", "", s.Journal.HeadHash})
	cw.Write([]string{"journaal", "geverifieerd", "", strconv.FormatBool(s.Journal.Verified)})
	cw.Write([]string{"journaal", "geverifieerd tot en met transactie", strconv.FormatInt(s.Journal.VerifiedSeq, 10), ""})
	cw.Write([]string{"journaal", "gemaakt", "", s.MadeAt.UTC().Format(ledger.TimeLayout)})
	cw.Flush()
	return cw.Error()
}
