package reports

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/ontschot/ontschot/allocation"
	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/sheet"
)

// Legitimacy is the report for auditors and the alderman: was every
// exception in the period legitimate? It counts the payouts requested in the
// period and checks each: a complete weighing, a decision within the
// decider's mandate, four eyes (nobody decided their own request above
// their mandate), and how fast it was decided; beside them the reversals
// and the regret, and the list of exceptions itself.
type Legitimacy struct {
	Period  ledger.Period `json:"period"`
	PotID   ledger.PotID  `json:"potId,omitempty"`
	PotName string        `json:"potName,omitempty"`
	MadeAt  time.Time     `json:"madeAt"`

	Requests       int          `json:"requests"`
	Amount         ledger.Cents `json:"amount"`
	Approved       int          `json:"approved"`
	Rejected       int          `json:"rejected"`
	Pending        int          `json:"pending"`
	Reversed       int          `json:"reversed"`
	ReversedAmount ledger.Cents `json:"reversedAmount"`

	WeighingComplete int          `json:"weighingComplete"`
	WeighingShare    ledger.Ratio `json:"weighingShare"`
	// Decided counts the decisions: at once under the requester's own
	// mandate, or by an approver.
	Decided       int          `json:"decided"`
	WithinMandate int          `json:"withinMandate"`
	MandateShare  ledger.Ratio `json:"mandateShare"`
	// ByApprover counts the decisions above the requester's mandate; four
	// eyes holds when the decider is not the requester.
	ByApprover    int          `json:"byApprover"`
	FourEyes      int          `json:"fourEyes"`
	FourEyesShare ledger.Ratio `json:"fourEyesShare"`
	// SlowDecisions counts decisions (or waits) over 14 days.
	SlowDecisions int `json:"slowDecisions"`

	Regret RegretLine `json:"regret"`
	// Exceptions are every payout of the period, or a page of them
	// (LegitimacyPage), in order of value date, then of request; the figures
	// above are of every payout of the period, on every page.
	Exceptions []ExceptionLine `json:"exceptions"`
	// NextCursor and PrevCursor are the cursors of the next and the
	// previous page of the exceptions ("" on the last or the first page,
	// and when the report holds them all).
	NextCursor ledger.PayoutID `json:"nextCursor,omitempty"`
	PrevCursor ledger.PayoutID `json:"prevCursor,omitempty"`
}

// ExceptionPage selects a page of a legitimacy report's exceptions: after
// or before the exception of a payout (at most one), at most Limit of
// them (0: every exception, for a document that lists them all).
type ExceptionPage struct {
	After, Before ledger.PayoutID
	Limit         int
}

// Check checks the page (ledger.MaxPageSize at most; a Limit of 0 is a
// page of ledger.DefaultPageSize): for a request that asks for a page.
// Errors: EINVALID naming after, before or limit.
func (p *ExceptionPage) Check() error {
	var fields []ledger.FieldError
	for _, c := range []struct {
		field string
		id    ledger.PayoutID
	}{{"after", p.After}, {"before", p.Before}} {
		if !ledger.IsText(string(c.id)) || len(c.id) > 100 {
			fields = append(fields, ledger.NewFieldError(c.field, ledger.MsgLegitimacyCursor))
		}
	}
	if p.After != "" && p.Before != "" {
		fields = append(fields, ledger.NewFieldError("before", ledger.MsgLegitimacyAfterAndBefore))
	}
	switch {
	case p.Limit == 0:
		p.Limit = ledger.DefaultPageSize
	case p.Limit < 1 || p.Limit > ledger.MaxPageSize:
		fields = append(fields, ledger.NewFieldError("limit", ledger.MsgLimitRange, ledger.MaxPageSize))
	}
	return ledger.Invalid(ledger.NounPage, fields)
}

// ExceptionLine is one payout of the period, as the auditor checks it:
// what, why (the rules deviated from, the severity), who decided under
// which mandate, how fast, and what was found. No payee, no case
// reference; the severity and the rules are case data, left out for a
// reader who may not see the payout's case (Legitimacy.For).
type ExceptionLine struct {
	PayoutID ledger.PayoutID `json:"payoutId"`
	Date     ledger.Date     `json:"date"`
	Category string          `json:"category"`
	// CategoryLabel is the category's Dutch label, for the PDF (the JSON
	// and the CSV keep the code).
	CategoryLabel string        `json:"-"`
	Amount        ledger.Cents  `json:"amount"`
	Status        ledger.Status `json:"status"`
	// Severity (1 to 5) and DeviatesFrom are the weighing's; 0 and nil
	// when Redacted.
	Severity     int      `json:"severity,omitempty"`
	DeviatesFrom []string `json:"deviatesFrom,omitempty"`
	// Redacted is set when the reader may not see the payout's case.
	Redacted      bool   `json:"redacted,omitempty"`
	RequestedRole string `json:"requestedRole"`
	DecidedBy     string `json:"decidedBy,omitempty"`
	Mandate       string `json:"mandate,omitempty"`
	// DecidedMandate is the level of the ladder the decision was taken
	// under (Mandate in words), for the PDF; zero while the payout waits.
	DecidedMandate ledger.MandateLevel `json:"-"`
	OwnMandate     bool                `json:"ownMandate"`
	WaitDays       int                 `json:"waitDays"`
	// Findings name what does not fit: incomplete weighing, outside the
	// mandate, own request decided, slow decision, reversed.
	Findings []string `json:"findings"`
	// requestedBy is who asked: whom SeesCase is asked about.
	requestedBy string
}

// Legitimacy makes the legitimacy report of a period for one pot ("" for
// every pot), with every exception.
func (b *Builder) Legitimacy(ctx context.Context, potID ledger.PotID, period ledger.Period) (*Legitimacy, error) {
	return b.LegitimacyPage(ctx, potID, period, ExceptionPage{})
}

// LegitimacyPage makes the legitimacy report of a period for one pot (""
// for every pot) with the page of its exceptions that page selects (a
// Limit of 0: all of them). The figures and the regret come from the
// aggregates of the pot's days in the period (ledger.CellLegitimacy and
// the regret cells), and the page from the payouts' index by value date,
// all in one snapshot: a page costs what it shows, not what the period
// holds. Errors: EINVALID (a period not begun, a cursor that names no
// exception of the report), ENOTFOUND (the pot).
func (b *Builder) LegitimacyPage(ctx context.Context, potID ledger.PotID, period ledger.Period, page ExceptionPage) (*Legitimacy, error) {
	madeAt := ledger.JournalTime(b.now())
	today := ledger.DateOf(madeAt)
	if period.Start.After(today) {
		return nil, ledger.Invalid(ledger.NounPeriod, []ledger.FieldError{ledger.NewFieldError("period", ledger.MsgLegitimacyNotBegun, period)})
	}
	l := &Legitimacy{Period: period, MadeAt: madeAt, PotID: potID}
	threshold := ledger.DefaultRegretThreshold
	if potID != "" {
		pot, err := b.Store.Pot(ctx, potID)
		if err != nil {
			return nil, err
		}
		l.PotName = pot.Name + " " + strconv.Itoa(pot.Year)
		threshold = pot.RegretThreshold
	}
	asOf := period.End
	if today.Before(asOf) {
		asOf = today
	}
	var rf allocation.RegretFigures
	err := b.Store.Aggregates(ctx, func(r ledger.AggregateReader) error {
		if err := l.count(r, potID, period, today); err != nil {
			return err
		}
		var err error
		if l.Exceptions, l.NextCursor, l.PrevCursor, err = exceptionPage(r, potID, period, page, today); err != nil {
			return err
		}
		rf, err = allocation.RegretOf(r, potID, period.Start, asOf, asOf, threshold)
		return err
	})
	if err != nil {
		return nil, err
	}
	if err := b.labelCategories(ctx, l.Exceptions); err != nil {
		return nil, err
	}
	l.WeighingShare = ledger.RatioOf(ledger.Cents(l.WeighingComplete), ledger.Cents(l.Requests))
	l.MandateShare = ledger.RatioOf(ledger.Cents(l.WithinMandate), ledger.Cents(l.Decided))
	l.FourEyesShare = ledger.RatioOf(ledger.Cents(l.FourEyes), ledger.Cents(l.ByApprover))
	if threshold == 0 {
		threshold = ledger.DefaultRegretThreshold
	}
	l.Regret = RegretLine{From: period.Start, To: asOf, Spent: rf.Spent, Regretted: rf.Regretted, Ratio: rf.Ratio, Threshold: threshold, Status: string(rf.Status)}
	return l, nil
}

// count sets the report's figures from the legitimacy cells of the pot
// ("" for every pot) and the period's value dates. The requests still
// waiting count as slow when their request day lies more than
// ledger.DecisionLimitDays before today, as allocation.ForPayout has it.
func (l *Legitimacy) count(r ledger.AggregateReader, potID ledger.PotID, period ledger.Period, today ledger.Date) error {
	sums, err := r.CellSums(ledger.FactCellQuery{Kind: ledger.CellLegitimacy, PotID: potID, From: period.Start, To: period.End, GroupBy: []string{"key"}})
	if err != nil {
		return err
	}
	for _, c := range sums {
		switch c.Key {
		case ledger.LegitimacyRequests:
			l.Requests, l.Amount, l.Approved, l.Rejected, l.Pending = int(c.N), ledger.Cents(c.A), int(c.B), int(c.C), int(c.D)
		case ledger.LegitimacyChecks:
			l.WeighingComplete, l.Decided, l.WithinMandate, l.ByApprover, l.FourEyes = int(c.N), int(c.A), int(c.B), int(c.C), int(c.D)
		case ledger.LegitimacyFindings:
			l.Reversed, l.ReversedAmount, l.SlowDecisions = int(c.N), ledger.Cents(c.A), int(c.B)
		}
	}
	waiting, err := r.CellSums(ledger.FactCellQuery{Kind: ledger.CellLegitimacyWaiting, PotID: potID, From: period.Start, To: period.End, GroupBy: []string{"key"}})
	if err != nil {
		return err
	}
	for _, c := range waiting {
		requested, err := ledger.ParseDate(c.Key)
		if err != nil {
			// Not the caller's mistake: an internal error, not the
			// date's EINVALID.
			return fmt.Errorf("a waiting request's day %q in the aggregates is not a date: %s", c.Key, err)
		}
		if requested.DaysUntil(today) > ledger.DecisionLimitDays {
			l.SlowDecisions += int(c.N)
		}
	}
	return nil
}

// exceptionPage reads the page of the report's exceptions that page
// selects (a Limit of 0: all of them, a page of the index at a time) with
// the cursors of the pages after and before it.
func exceptionPage(r ledger.AggregateReader, potID ledger.PotID, period ledger.Period, page ExceptionPage, today ledger.Date) (lines []ExceptionLine, next, prev ledger.PayoutID, err error) {
	filter := ledger.FactFilter{PotID: potID, From: period.Start, To: period.End}
	lines = []ExceptionLine{}
	if page.Limit == 0 {
		for after := ledger.PayoutID(""); ; {
			facts, more, err := r.FactPage(ledger.FactPage{FactFilter: filter, After: after, Limit: ledger.MaxIndexPage})
			if err != nil {
				return nil, "", "", err
			}
			for i := range facts {
				lines = append(lines, exceptionLine(&facts[i], today))
			}
			if !more {
				return lines, "", "", nil
			}
			after = facts[len(facts)-1].ID
		}
	}
	facts, more, err := r.FactPage(ledger.FactPage{FactFilter: filter, After: page.After, Before: page.Before, Limit: page.Limit})
	if err != nil {
		return nil, "", "", err
	}
	for i := range facts {
		lines = append(lines, exceptionLine(&facts[i], today))
	}
	if len(lines) == 0 {
		return lines, "", "", nil
	}
	first, last := lines[0].PayoutID, lines[len(lines)-1].PayoutID
	switch {
	case page.Before != "":
		next = last // the cursor's own exception follows
		if more {
			prev = first
		}
	case page.After != "":
		prev = first // the cursor's own exception precedes
		if more {
			next = last
		}
	case more:
		next = last
	}
	return lines, next, prev, nil
}

// exceptionLine is a payout's line in the report: its figures, and what
// does not fit (Findings).
func exceptionLine(f *ledger.PayoutFact, today ledger.Date) ExceptionLine {
	t := allocation.ForPayout(f, today)
	x := ExceptionLine{PayoutID: f.ID, Date: f.ValueDate, Category: f.Category, Amount: f.Amount, Status: f.Status, Severity: f.Severity,
		DeviatesFrom: f.DeviatesFrom, OwnMandate: f.OwnMandate, WaitDays: t.WaitDays, RequestedRole: string(f.RequestedRole),
		requestedBy: f.RequestedBy, Findings: []string{}}
	if x.DeviatesFrom == nil {
		x.DeviatesFrom = []string{}
	}
	if f.Status == ledger.StatusReversed {
		x.Findings = append(x.Findings, "teruggedraaid")
	}
	if !f.WeighingComplete {
		x.Findings = append(x.Findings, "weging onvolledig")
	}
	if f.Decided() {
		x.DecidedBy, x.Mandate, x.DecidedMandate = string(f.DecidedRole), f.Mandate.String(), f.Mandate
		if !f.WithinMandate() {
			x.Findings = append(x.Findings, "buiten mandaat")
		}
		switch {
		case f.ByApprover() && !f.FourEyes():
			x.Findings = append(x.Findings, "eigen aanvraag beslist")
		case !f.ByApprover() && f.DecidedBy != f.RequestedBy:
			x.Findings = append(x.Findings, "eigen mandaat van een ander")
		}
	}
	if t.SlowDecision {
		x.Findings = append(x.Findings, fmt.Sprintf("besluit na %d dagen", t.WaitDays))
	}
	return x
}

func (l *Legitimacy) scope() string {
	if l.PotName != "" {
		return l.PotName
	}
	return "alle potten"
}

// LegitimacyCSV writes the report as CSV in the dialect d (see package
// sheet): first the figures, then one row per exception. Counts, shares,
// amounts and days are number cells; the rest, the deviation texts
// caseworkers wrote among them, guarded text.
func LegitimacyCSV(w io.Writer, l *Legitimacy, d sheet.Dialect) error {
	cw := sheet.NewDialectWriter(w, d)
	cw.Strings("sectie", "omschrijving", "waarde", "van", "aandeel")
	fig := func(item string, n, of int, share ledger.Ratio) {
		ofs, sh := sheet.Empty, sheet.Empty
		if of >= 0 {
			ofs, sh = intCell(of), ratioCell(share)
		}
		cw.Row(sheet.Text("kengetal"), sheet.Text(item), intCell(n), ofs, sh)
	}
	fig("aanvragen", l.Requests, -1, 0)
	fig("goedgekeurd", l.Approved, -1, 0)
	fig("afgewezen", l.Rejected, -1, 0)
	fig("wachtend", l.Pending, -1, 0)
	fig("teruggedraaid", l.Reversed, -1, 0)
	fig("weging volledig", l.WeighingComplete, l.Requests, l.WeighingShare)
	fig("binnen mandaat", l.WithinMandate, l.Decided, l.MandateShare)
	fig("vier ogen", l.FourEyes, l.ByApprover, l.FourEyesShare)
	fig("besluit na meer dan 14 dagen", l.SlowDecisions, -1, 0)
	cw.Row(sheet.Text("kengetal"), sheet.Text("bedrag aangevraagd"), amountCell(l.Amount), sheet.Empty, sheet.Empty)
	cw.Row(sheet.Text("kengetal"), sheet.Text("bedrag teruggedraaid"), amountCell(l.ReversedAmount), sheet.Empty, sheet.Empty)
	cw.Row(sheet.Text("kengetal"), sheet.Text("spijtratio"), ratioCell(l.Regret.Ratio), ratioCell(l.Regret.Threshold), sheet.Text(RegretStatusLabel(l.Regret.Status)))
	cw.Row()
	cw.Strings("uitbetaling", "datum", "categorie", "bedrag", "status", "ernst", "wijkt af van", "besluit door", "mandaat", "eigen mandaat", "dagen tot besluit", "bevindingen")
	for _, x := range l.Exceptions {
		severity := intCell(x.Severity)
		if x.Redacted {
			severity = sheet.Empty // not seen, rather than a severity of 0
		}
		// Codes by their Dutch labels, as the PDF has them: the copy is
		// read by people, in a spreadsheet.
		decidedBy, mandate := "", ""
		if x.DecidedBy != "" {
			decidedBy = ledger.Role(x.DecidedBy).Label()
			mandate = x.Mandate
			if x.DecidedMandate.Role != "" {
				mandate = MandateLabel(x.DecidedMandate)
			}
		}
		own := "nee"
		if x.OwnMandate {
			own = "ja"
		}
		cw.Row(sheet.Text(string(x.PayoutID)), sheet.Text(x.Date.String()), sheet.Text(x.CategoryName()), amountCell(x.Amount), sheet.Text(x.Status.Label()), severity,
			sheet.Text(strings.Join(x.DeviatesFrom, " | ")), sheet.Text(decidedBy), sheet.Text(mandate), sheet.Text(own), intCell(x.WaitDays), sheet.Text(strings.Join(x.Findings, "; ")))
	}
	return cw.Flush()
}

// LegitimacyPDF writes the report as a PDF in Dutch, on landscape pages:
// each exception on a line an auditor can trace, with the payout's full
// id, the category, status and roles by their Dutch names, who decided
// under which mandate in words, the outcome, and the rules deviated from
// (for an exception whose case the reader may not see, a line that says
// so: see Legitimacy.For).
func LegitimacyPDF(w io.Writer, l *Legitimacy) error {
	_, err := legitimacyPDF(w, l, pdfOptions{})
	return err
}

func legitimacyPDF(w io.Writer, l *Legitimacy, opts pdfOptions) (*doc, error) {
	title := "Legitimiteit van de uitzonderingen"
	d := newDoc(title, fmt.Sprintf("Legitimiteitsrapportage · %s · %s · gemaakt %s", l.scope(), l.Period.Label, DutchMoment(l.MadeAt)), landscape, l.MadeAt, opts)
	d.title(title, fmt.Sprintf("%s (%s tot en met %s), %s", capitalise(PeriodName(l.Period)), DutchDate(l.Period.Start), DutchDate(l.Period.End), l.scope()),
		"Elke uitzondering rust op een integrale afweging, is genomen door wie daar het mandaat voor heeft, en nooit door de aanvrager zelf boven diens mandaat.")
	d.heading("Kengetallen")
	var figures [][]string
	for _, f := range l.Figures() {
		figures = append(figures, []string{f.Label, f.Value})
	}
	d.tableAt(marginLeft, d.width*0.6, []column{{width: 2.2}, {width: 1.8, right: true}}, figures, false)

	d.heading("De uitzonderingen")
	redacted := false
	var rows [][]string
	for _, x := range l.Exceptions {
		redacted = redacted || x.Redacted
		rows = append(rows, []string{x.Date.String(), string(x.PayoutID), x.CategoryName(), Euro(x.Amount), x.Status.Label(),
			x.Decision(), x.Deviations(), x.FindingsText()})
	}
	note := ExceptionsNote
	if redacted {
		note += " " + RedactedNote
	}
	d.note(note)
	// Dates, ids, amounts and outcomes are kept on one line; the texts
	// share the rest of the landscape page.
	d.table([]column{{header: "Datum", fit: true}, {header: "Uitbetaling", fit: true}, {header: "Categorie", width: 36},
		{header: "Bedrag", right: true, fit: true}, {header: "Uitkomst", fit: true}, {header: "Besluit", width: 44},
		{header: "Wijkt af van", width: 50}, {header: "Bevindingen", width: 28}}, rows, false)
	return d, d.write(w)
}

// ExceptionsNote says what the list of exceptions shows, above it in the
// PDF and on the page.
const ExceptionsNote = "Per uitbetaling: wat, de uitkomst, wie besloot onder welk mandaat, waarom (de regels waarvan is afgeweken) en wat opvalt. Zonder ontvanger en zonder zaak."

// RedactedNote follows ExceptionsNote when a line leaves out the rules
// because the reader may not see its case (Legitimacy.For).
const RedactedNote = "Bij een uitbetaling waarvan u de zaak niet mag inzien, staan de regels niet vermeld."

// Figure is one of the report's figures in Dutch: a label and its value,
// as the PDF and the page show them.
type Figure struct {
	Label, Value string
}

// Figures are the report's figures in Dutch: the requests and their
// outcomes, the shares with a complete weighing, within the mandate and
// with four eyes ("n.v.t." when nothing was there to check), the slow
// decisions, the reversals and the regret against its norm.
func (l *Legitimacy) Figures() []Figure {
	share := func(n, of int, r ledger.Ratio) string {
		if of == 0 {
			return "n.v.t."
		}
		return fmt.Sprintf("%d van %d (%s)", n, of, percent(r))
	}
	return []Figure{
		{"Aanvragen in de periode", fmt.Sprintf("%d, samen %s", l.Requests, Euro(l.Amount))},
		{"Goedgekeurd / afgewezen / wachtend", fmt.Sprintf("%d / %d / %d", l.Approved, l.Rejected, l.Pending)},
		{"Met volledige integrale afweging", share(l.WeighingComplete, l.Requests, l.WeighingShare)},
		{"Besluiten binnen het mandaat", share(l.WithinMandate, l.Decided, l.MandateShare)},
		{"Vier ogen (boven het eigen mandaat)", share(l.FourEyes, l.ByApprover, l.FourEyesShare)},
		{"Besluit na meer dan 14 dagen", strconv.Itoa(l.SlowDecisions)},
		{"Teruggedraaid", fmt.Sprintf("%d, samen %s", l.Reversed, Euro(l.ReversedAmount))},
		{"Spijtratio (norm " + percent(l.Regret.Threshold) + ")", percent(l.Regret.Ratio) + ", " + RegretStatusLabel(l.Regret.Status)},
	}
}

// FindingsText lists the exception's findings in Dutch, "geen" when
// nothing stands out.
func (x *ExceptionLine) FindingsText() string {
	if len(x.Findings) == 0 {
		return "geen"
	}
	return strings.Join(x.Findings, "; ")
}

// CategoryName is the exception's category by its Dutch label, or by its
// code when the report was made without labels.
func (x *ExceptionLine) CategoryName() string {
	if x.CategoryLabel != "" {
		return x.CategoryLabel
	}
	return x.Category
}

// Decision says in Dutch who decided under which mandate, and who asked
// when it was not decided at once under the requester's own mandate:
// "teamleider, mandaat tot € 5.000,00; aangevraagd door consulent".
func (x *ExceptionLine) Decision() string {
	requester := ledger.Role(x.RequestedRole).Label()
	if x.DecidedBy == "" {
		return "nog geen besluit; aangevraagd door " + requester
	}
	decider := ledger.Role(x.DecidedBy).Label()
	var mandate string
	switch m := x.DecidedMandate; {
	case m.Role == "":
		mandate = decider // a report made without the ladder's level
	case string(m.Role) != x.DecidedBy:
		mandate = decider + ", met het mandaat van " + m.Role.Label() + " (" + mandateReach(m) + ")"
	default:
		mandate = MandateLabel(m)
	}
	if x.OwnMandate {
		return mandate + "; eigen aanvraag, direct besloten"
	}
	return mandate + "; aangevraagd door " + requester
}

// Deviations lists the rules the exception deviates from, as far as the
// reader may see them.
func (x *ExceptionLine) Deviations() string {
	switch {
	case x.Redacted:
		return "niet zichtbaar: u mag deze zaak niet inzien"
	case len(x.DeviatesFrom) == 0:
		return "geen opgegeven"
	}
	return strings.Join(x.DeviatesFrom, "; ")
}
