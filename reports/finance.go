package reports

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strconv"
	"time"

	"github.com/ontschot/ontschot/allocation"
	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/sheet"
)

// FinanceView is finance's quarter in the shape of the municipality's
// quarterly Iv3 delivery: the costs reallocated to each legal budget by
// taakveld and economic category, what went to maatwerk proper and to
// outside parties, what is still unallocated (by age) and what parties
// still owe.
type FinanceView struct {
	Period ledger.Period `json:"period"`
	// PotID and PotName are set when the view covers one pot.
	PotID   ledger.PotID `json:"potId,omitempty"`
	PotName string       `json:"potName,omitempty"`
	MadeAt  time.Time    `json:"madeAt"`

	Lines          []Iv3Line        `json:"lines"`
	LegalTotal     ledger.Cents     `json:"legalTotal"`
	Maatwerk       ledger.Cents     `json:"maatwerk"`
	Parties        []ReceivableLine `json:"parties"`
	PartyTotal     ledger.Cents     `json:"partyTotal"`
	Unallocated    []BandLine       `json:"unallocated"`
	UnallocatedSum ledger.Cents     `json:"unallocatedTotal"`
	// UnallocatedAsOf is the day Unallocated is aged to: the period's end,
	// or the day the view was made while the period is under way.
	// Unallocated is the spending with a value date up to the period's
	// end that is still unallocated when the view is made: ages do not
	// grow with the day a closed quarter's view is printed, but what
	// finance allocates later drops out of it. An "as of the period's end"
	// set would need each allocation's booking day per payout, which the
	// aggregates do not keep; UnallocatedNote says which holds.
	UnallocatedAsOf ledger.Date      `json:"unallocatedAsOf"`
	Receivables     []ReceivableLine `json:"receivables"`
	ReceivableTotal ledger.Cents     `json:"receivableTotal"`
}

// Iv3Line is the amount reallocated in the period to one legal budget,
// taakveld and economic category (net of corrections).
type Iv3Line struct {
	Law              ledger.Law              `json:"law"`
	LawLabel         string                  `json:"lawLabel"`
	Taakveld         string                  `json:"taakveld"`
	TaakveldName     string                  `json:"taakveldName"`
	EconomicCategory ledger.EconomicCategory `json:"economicCategory"`
	Amount           ledger.Cents            `json:"amount"`
}

// BandLine is the unallocated spending of one age band.
type BandLine struct {
	Band    string       `json:"band"`
	Payouts int          `json:"payouts"`
	Amount  ledger.Cents `json:"amount"`
}

// FinanceView makes the finance view of a period for one pot ("" for every
// pot).
func (b *Builder) FinanceView(ctx context.Context, potID ledger.PotID, period ledger.Period) (*FinanceView, error) {
	madeAt := ledger.JournalTime(b.now())
	today := ledger.DateOf(madeAt)
	if period.Start.After(today) {
		return nil, ledger.Invalid(ledger.NounPeriod, []ledger.FieldError{ledger.NewFieldError("period", ledger.MsgPeriodNotBegun, period)})
	}
	v := &FinanceView{Period: period, MadeAt: madeAt, PotID: potID}
	if potID != "" {
		pot, err := b.Store.Pot(ctx, potID)
		if err != nil {
			return nil, err
		}
		v.PotName = pot.Name + " " + strconv.Itoa(pot.Year)
	}
	totals, err := b.Store.PostingTotals(ctx, ledger.PostingQuery{PotID: potID, From: period.Start, To: period.End})
	if err != nil {
		return nil, err
	}
	upToEnd, err := b.Store.PostingTotals(ctx, ledger.PostingQuery{PotID: potID, To: period.End})
	if err != nil {
		return nil, err
	}
	list, err := b.Store.Taakvelden(ctx)
	if err != nil {
		return nil, err
	}
	parties, err := b.Store.Parties(ctx)
	if err != nil {
		return nil, err
	}
	partyNames := map[string]string{}
	for _, p := range parties {
		partyNames[string(p.ID)] = p.Name
	}
	lines := map[string]*Iv3Line{}
	partyCosts := map[string]ledger.Cents{}
	for _, t := range totals {
		a := account(t.Account)
		if a.Kind != ledger.AccountCosts {
			continue
		}
		switch a.Target {
		case ledger.TargetMaatwerk:
			v.Maatwerk += t.Amount
		case ledger.TargetParty:
			partyCosts[string(a.Party)] += t.Amount
		default:
			sub := a.Holder()
			l := lines[sub]
			if l == nil {
				law, _ := a.Target.Law()
				l = &Iv3Line{Law: law, LawLabel: law.Label(), Taakveld: a.Taakveld, EconomicCategory: a.EconomicCategory}
				if tv, ok := list.Lookup(a.Taakveld, period.Start.Year()); ok {
					l.TaakveldName = tv.Name
				} else {
					l.TaakveldName = taakveldName(list, a.Taakveld)
				}
				lines[sub] = l
			}
			l.Amount += t.Amount
		}
	}
	for _, l := range lines {
		if l.Amount != 0 {
			v.Lines = append(v.Lines, *l)
			v.LegalTotal += l.Amount
		}
	}
	sort.Slice(v.Lines, func(i, j int) bool {
		a, c := v.Lines[i], v.Lines[j]
		if a.Law != c.Law {
			return a.Law < c.Law
		}
		if a.Taakveld != c.Taakveld {
			return a.Taakveld < c.Taakveld
		}
		return a.EconomicCategory < c.EconomicCategory
	})
	for party, amount := range partyCosts {
		if amount != 0 {
			v.Parties = append(v.Parties, ReceivableLine{Party: nameOr(partyNames, party), Amount: amount})
			v.PartyTotal += amount
		}
	}
	sort.Slice(v.Parties, func(i, j int) bool { return v.Parties[i].Party < v.Parties[j].Party })
	receivable := map[string]ledger.Cents{}
	for _, t := range upToEnd {
		if a := account(t.Account); a.Kind == ledger.AccountReceivables {
			receivable[string(a.Party)] += t.Amount
		}
	}
	for party, amount := range receivable {
		if amount != 0 {
			v.Receivables = append(v.Receivables, ReceivableLine{Party: nameOr(partyNames, party), Amount: amount})
			v.ReceivableTotal += amount
		}
	}
	sort.Slice(v.Receivables, func(i, j int) bool { return v.Receivables[i].Party < v.Receivables[j].Party })

	// Spending booked up to the period's end that is still unallocated
	// today: finance's work, as it stands; aged to the period's end (or
	// today, before it), so an age in a closed period's report does not
	// grow with the day it is made (which payouts are in it still does:
	// see UnallocatedNote).
	asOf := period.End
	if today.Before(asOf) {
		asOf = today
	}
	v.UnallocatedAsOf = asOf
	// From the aggregates of the queue's days, not from every payout.
	var bands []allocation.BandTotal
	err = b.Store.Aggregates(ctx, func(r ledger.AggregateReader) error {
		var err error
		bands, err = allocation.QueueTotals(r, potID, period.End, asOf)
		return err
	})
	if err != nil {
		return nil, err
	}
	for _, band := range bands {
		v.Unallocated = append(v.Unallocated, BandLine{Band: string(band.Band), Payouts: band.Payouts, Amount: band.Amount})
		v.UnallocatedSum += band.Amount
	}
	v.nonNil()
	return v, nil
}

// taakveldName finds a code's name in any year, for a code no longer valid.
func taakveldName(list ledger.TaakveldList, code string) string {
	for _, t := range list {
		if t.Code == code {
			return t.Name
		}
	}
	return ""
}

func (v *FinanceView) nonNil() {
	if v.Lines == nil {
		v.Lines = []Iv3Line{}
	}
	if v.Parties == nil {
		v.Parties = []ReceivableLine{}
	}
	if v.Unallocated == nil {
		v.Unallocated = []BandLine{}
	}
	if v.Receivables == nil {
		v.Receivables = []ReceivableLine{}
	}
}

func (v *FinanceView) scope() string {
	if v.PotName != "" {
		return v.PotName
	}
	return "alle potten"
}

// FinanceViewCSV writes the view as CSV in the dialect d (see package
// sheet): one row per figure, with its section; the Iv3 rows carry law,
// taakveld and economic category. Amounts and counts are number cells, the
// rest guarded text.
func FinanceViewCSV(w io.Writer, v *FinanceView, d sheet.Dialect) error {
	cw := sheet.NewDialectWriter(w, d)
	row := func(section, law, taakveld, econ, item string, count sheet.Cell, amount ledger.Cents) {
		cw.Row(sheet.Text(section), sheet.Text(law), sheet.Code(taakveld), sheet.Code(econ), sheet.Text(item), count, amountCell(amount))
	}
	cw.Strings("sectie", "wet", "taakveld", "economische categorie", "omschrijving", "aantal", "bedrag")
	// The law by its Dutch label, as the legitimacy CSV writes it: a
	// reader of the sheet should not need the API's codes.
	for _, l := range v.Lines {
		row("iv3", l.LawLabel, l.Taakveld, string(l.EconomicCategory), l.TaakveldName, sheet.Empty, l.Amount)
	}
	row("iv3 totaal", "", "", "", "", sheet.Empty, v.LegalTotal)
	row("maatwerk", "", "", "", "de pot draagt de kosten zelf", sheet.Empty, v.Maatwerk)
	for _, p := range v.Parties {
		row("derden", "", "", "", p.Party, sheet.Empty, p.Amount)
	}
	// Every total the PDF shows is a row here too.
	row("maatwerk en derden totaal", "", "", "", "", sheet.Empty, v.Maatwerk+v.PartyTotal)
	payouts := 0
	for _, b := range v.Unallocated {
		row("niet toegerekend", "", "", "", b.Band+" dagen per "+v.UnallocatedAsOf.String(), intCell(b.Payouts), b.Amount)
		payouts += b.Payouts
	}
	row("niet toegerekend totaal", "", "", "", "nog niet toegerekend op "+ledger.DateOf(v.MadeAt).String(), intCell(payouts), v.UnallocatedSum)
	for _, r := range v.Receivables {
		row("openstaande vorderingen", "", "", "", r.Party, sheet.Empty, r.Amount)
	}
	row("openstaande vorderingen totaal", "", "", "", "open per "+v.ReceivablesAsOf().String(), sheet.Empty, v.ReceivableTotal)
	return cw.Flush()
}

// FinanceViewPDF writes the view as a PDF in Dutch.
func FinanceViewPDF(w io.Writer, v *FinanceView) error {
	_, err := financeViewPDF(w, v, pdfOptions{})
	return err
}

func financeViewPDF(w io.Writer, v *FinanceView, opts pdfOptions) (*doc, error) {
	title := "Herverdeling naar wettelijke budgetten"
	d := newDoc(title, fmt.Sprintf("Financieel overzicht · %s · %s · gemaakt %s", v.scope(), v.Period.Label, DutchMoment(v.MadeAt)), portrait, v.MadeAt, opts)
	d.title(title, fmt.Sprintf("%s (%s tot en met %s), %s", capitalise(PeriodName(v.Period)), DutchDate(v.Period.Start), DutchDate(v.Period.End), v.scope()),
		"In de vorm van de kwartaallevering Iv3: taakveld × economische categorie; herverdelingen geboekt in de periode, correcties verrekend.")
	d.heading("Toegerekend aan wettelijke budgetten")
	var rows [][]string
	for _, l := range v.Lines {
		rows = append(rows, []string{l.LawLabel, l.Taakveld + " " + l.TaakveldName, string(l.EconomicCategory), Euro(l.Amount)})
	}
	if len(rows) > 0 {
		rows = append(rows, []string{"Totaal", "", "", Euro(v.LegalTotal)})
	}
	d.table([]column{{header: "Wet", width: 1.6}, {header: "Taakveld", width: 2.5}, {header: "Ec. cat.", width: 0.7}, {header: "Bedrag", width: 1, right: true}}, rows, len(rows) > 0)
	d.note("Economische categorie 3.4.1: sociale uitkeringen in natura; 4.1.1: sociale uitkeringen in geld.")

	d.heading("Maatwerk en derden")
	rows = [][]string{{"Maatwerk: de pot draagt de kosten zelf", Euro(v.Maatwerk)}}
	for _, p := range v.Parties {
		rows = append(rows, []string{"Toegerekend aan " + p.Party, Euro(p.Amount)})
	}
	rows = append(rows, []string{"Totaal", Euro(v.Maatwerk + v.PartyTotal)})
	d.table([]column{{header: "", width: 3}, {header: "Bedrag", width: 1, right: true}}, rows, true)

	d.heading("Nog niet toegerekend, naar ouderdom")
	rows = nil
	for _, b := range v.Unallocated {
		rows = append(rows, []string{b.Band + " dagen", strconv.Itoa(b.Payouts), Euro(b.Amount)})
	}
	rows = append(rows, []string{"Totaal", "", Euro(v.UnallocatedSum)})
	d.note(v.UnallocatedNote())
	d.table([]column{{header: "Ouderdom", width: 2}, {header: "Uitbetalingen", width: 1, right: true}, {header: "Bedrag", width: 1, right: true}}, rows, true)

	d.heading("Openstaande vorderingen op derden")
	rows = nil
	for _, r := range v.Receivables {
		rows = append(rows, []string{r.Party, Euro(r.Amount)})
	}
	if len(rows) > 0 {
		rows = append(rows, []string{"Totaal", Euro(v.ReceivableTotal)})
	}
	d.table([]column{{header: "Partij", width: 3}, {header: "Open per " + DutchDate(v.ReceivablesAsOf()), width: 1.2, right: true}}, rows, len(rows) > 0)
	return d, d.write(w)
}

// ReceivablesAsOf is the day the receivables are open on: the period's
// end, or the day the view was made while the period is under way (the
// postings read end there; a later day would be a promise).
func (v *FinanceView) ReceivablesAsOf() ledger.Date {
	return v.UnallocatedAsOf
}

// UnallocatedNote says in Dutch what the unallocated spending by age is:
// which value dates, unallocated on which day (the day the view is made,
// so what is allocated later drops out), and to which day the ages are
// counted (agedTo); above the bands in the PDF and on the page.
func (v *FinanceView) UnallocatedNote() string {
	return fmt.Sprintf("Uitgaven met een valutadatum tot en met %s die op %s, de dag waarop dit overzicht is gemaakt, nog niet waren toegerekend; wat later wordt toegerekend, valt eruit. %s",
		DutchDate(v.Period.End), DutchDate(ledger.DateOf(v.MadeAt)), agedTo(v))
}

// agedTo says to which day the ages are counted: the period's end, so an
// age in a closed period's view does not grow with the day it is made; or
// the day it was made, for a period still under way.
func agedTo(v *FinanceView) string {
	if v.UnallocatedAsOf == v.Period.End {
		return "De ouderdom is geteld tot het einde van de periode (" + DutchDate(v.UnallocatedAsOf) + "), niet tot de dag waarop het overzicht wordt gemaakt."
	}
	return "De ouderdom is geteld tot " + DutchDate(v.UnallocatedAsOf) + ", de dag waarop het overzicht is gemaakt: de periode loopt nog."
}
