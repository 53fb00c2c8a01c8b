package reports

import (
	"fmt"
	"io"
	"strconv"

	"gonum.org/v1/plot/vg"

	"github.com/ontschot/ontschot/ledger"
)

// StatementPDF writes the statement as a PDF in Dutch: the pot's course over
// the quarter, funding per partner, spending per category, recoveries, open
// receivables, the regret ratio, a chart per month and the journal it was
// made from.
func StatementPDF(w io.Writer, s *Statement) error {
	_, err := statementPDF(w, s, pdfOptions{})
	return err
}

func statementPDF(w io.Writer, s *Statement, opts pdfOptions) (*doc, error) {
	title := "Kwartaalverantwoording " + s.Pot.Name
	footer := fmt.Sprintf("%s · %s · gemaakt %s", s.Pot.Name, quarterName(s.Period), DutchMoment(s.MadeAt))
	d := newDoc(title, footer, portrait, s.MadeAt, opts)
	subtitles := []string{
		fmt.Sprintf("%s: %s tot en met %s", capitalise(quarterName(s.Period)), DutchDate(s.Period.Start), DutchDate(s.Period.End)),
	}
	if s.Recipient != nil {
		subtitles = append(subtitles, "Voor "+s.Recipient.Name+", als partner van deze pot")
	}
	policy := "Herverdeelde kosten vloeien terug in de pot (terugstorting)."
	if s.Pot.RecoveryPolicy == ledger.PolicyReport {
		policy = "De pot draagt zijn kosten; herverdeling dient de verantwoording (rapportage)."
	}
	subtitles = append(subtitles, policy)
	if s.Provisional {
		subtitles = append(subtitles, "Voorlopig: het kwartaal is nog niet afgesloten, boekingen kunnen nog wijzigen.")
	} else {
		subtitles = append(subtitles, "Definitief: het kwartaal is afgesloten.")
	}
	d.title(title, subtitles...)

	d.heading("Verloop van de pot")
	d.table([]column{{header: "", width: 3}, {header: "Bedrag", width: 1, right: true}}, [][]string{
		{"Saldo aan het begin van het kwartaal", Euro(s.Opening)},
		{"Bijdragen van partners", Signed(s.Contributions, false)},
		{"Uitgaven (uitbetalingen min terugdraaiingen)", Signed(s.Payouts, true)},
		{"Terugontvangen door herverdeling", Signed(s.Recoveries, false)},
		{"Saldo aan het eind van het kwartaal", Euro(s.Closing)},
	}, true)
	d.note("Saldo: het geld van de pot dat niet aan iemand verschuldigd is, ook wat voor aanvragen is gereserveerd.")

	d.heading("Bijdragen per partner")
	var rows [][]string
	var pledged, inPeriod, toDate ledger.Cents
	for _, f := range s.Funding {
		rows = append(rows, []string{f.Partner, Euro(f.Pledged), Euro(f.InPeriod), Euro(f.ToDate)})
		pledged, inPeriod, toDate = pledged+f.Pledged, inPeriod+f.InPeriod, toDate+f.ToDate
	}
	if len(rows) > 0 {
		rows = append(rows, []string{"Totaal", Euro(pledged), Euro(inPeriod), Euro(toDate)})
	}
	d.table([]column{{header: "Partner", width: 2.4}, {header: "Toegezegd", width: 1, right: true}, {header: "Dit kwartaal", width: 1, right: true}, {header: "Tot en met kwartaal", width: 1.2, right: true}}, rows, len(rows) > 0)

	d.heading("Uitgaven per categorie")
	rows = nil
	var count, reversals int
	for _, c := range s.Categories {
		rows = append(rows, []string{c.Label, strconv.Itoa(c.Payouts), strconv.Itoa(c.Reversals), Euro(c.Amount)})
		count, reversals = count+c.Payouts, reversals+c.Reversals
	}
	if len(rows) > 0 {
		rows = append(rows, []string{"Totaal", strconv.Itoa(count), strconv.Itoa(reversals), Euro(s.Payouts)})
	}
	d.table([]column{{header: "Categorie", width: 2.4}, {header: "Uitbetalingen", width: 1, right: true}, {header: "Teruggedraaid", width: 1, right: true}, {header: "Bedrag", width: 1.2, right: true}}, rows, len(rows) > 0)
	d.note(fmt.Sprintf("Alleen totalen, geen persoonsgegevens. Categorieën met minder dan %d uitbetalingen in het kwartaal zijn samengevoegd onder Overig, zodat niemand herkenbaar is.", MinCell))

	d.heading("Terugontvangen door herverdeling")
	rows = nil
	for _, r := range s.Recovered {
		rows = append(rows, []string{r.Source, Euro(r.Amount)})
	}
	if len(rows) > 0 {
		rows = append(rows, []string{"Totaal", Euro(s.Recoveries)})
	}
	d.table([]column{{header: "Wettelijk budget of partij", width: 3}, {header: "Bedrag", width: 1, right: true}}, rows, len(rows) > 0)

	d.heading("Openstaande vorderingen op derden")
	rows = nil
	for _, r := range s.Receivables {
		rows = append(rows, []string{r.Party, Euro(r.Amount)})
	}
	if len(rows) > 0 {
		rows = append(rows, []string{"Totaal", Euro(s.ReceivableTotal)})
	}
	d.table([]column{{header: "Partij", width: 3}, {header: "Open per " + DutchDate(s.Period.End), width: 1.2, right: true}}, rows, len(rows) > 0)

	d.heading("Spijt")
	r := s.Regret
	// Spent counts every approved payout, paid or still to be paid, so it
	// can be more than the year's spending in the chart (what was paid).
	d.para(fmt.Sprintf("Spijtratio van %s tot en met %s: %s van %s aan goedgekeurde uitgaven (betaald of nog te betalen) is achteraf betreurd, %s. De norm is %s: %s.",
		DutchDate(r.From), DutchDate(r.To), Euro(r.Regretted), Euro(r.Spent), percent(r.Ratio), percent(r.Threshold), RegretStatusLabel(r.Status)))

	// The months run from January: the year to date, which the heading,
	// the chart's title and the table beside it all say.
	png, err := monthChart(s.Months, 10*vg.Centimeter, 7.5*vg.Centimeter)
	if err != nil {
		return nil, err
	}
	d.heading("Per maand, het jaar tot en met dit kwartaal")
	rows = nil
	var spent, back ledger.Cents
	for _, m := range s.Months {
		rows = append(rows, []string{monthName(m.Month), Euro(m.Spending), Euro(m.Recoveries)})
		spent, back = spent+m.Spending, back+m.Recoveries
	}
	if len(rows) > 0 {
		rows = append(rows, []string{"Totaal", Euro(spent), Euro(back)})
	}
	d.figure("maanden", png, 100, []column{{header: "Maand", width: 1.25}, {header: "Uitgaven", width: 1.5, right: true}, {header: "Terug", width: 1.5, right: true}}, rows, len(rows) > 0)
	d.note("Uitgaven: uitbetalingen min terugdraaiingen. Terug: terugontvangen door herverdeling. Per maand van januari tot en met het eind van het kwartaal, niet alleen dit kwartaal.")

	d.heading("Journaal")
	j := s.Journal
	verified := "het journaal is niet geverifieerd"
	switch {
	case j.Verified && j.VerifiedSeq == j.HeadSeq:
		verified = "het journaal klopte bij verificatie op " + DutchMoment(j.VerifiedAt)
	case j.Verified:
		verified = fmt.Sprintf("het journaal klopte bij verificatie op %s, tot en met transactie %d", DutchMoment(j.VerifiedAt), j.VerifiedSeq)
	case !j.VerifiedAt.IsZero():
		verified = "LET OP: het journaal klopte niet bij verificatie op " + DutchMoment(j.VerifiedAt)
	}
	d.para(fmt.Sprintf("Gemaakt uit het journaal tot en met transactie %d; %s.", s.Journal.HeadSeq, verified))
	d.para("Controlepunt: " + s.Journal.Checkpoint.String())
	d.note("Bewaar dit controlepunt (transactienummer en hash). Een accountant kan er later mee vaststellen dat het journaal tot hier niet is veranderd of ingekort (ontschot verify --checkpoint).")
	return d, d.write(w)
}

// capitalise makes the first letter upper case.
func capitalise(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	if r[0] >= 'a' && r[0] <= 'z' {
		r[0] -= 'a' - 'A'
	}
	return string(r)
}

// Signed writes a figure of the pot's course with the sign it has in the
// sum: "+ € 50.000,00", "− € 23.580,45" (minus set for what is taken off,
// the payouts); a negative amount turns the sign ("+ € 100,00" for
// payouts that were less than the reversals). The statement's page writes
// its figures with it too.
func Signed(c ledger.Cents, minus bool) string {
	if c < 0 {
		c, minus = -c, !minus
	}
	if minus {
		return "− " + Euro(c)
	}
	return "+ " + Euro(c)
}
