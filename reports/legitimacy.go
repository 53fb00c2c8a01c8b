package reports

import (
	"context"
	"fmt"
	"io"
	"slices"
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
	// (LegitimacyPage), in order of request (so of date); the figures
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
			fields = append(fields, ledger.FieldError{Field: c.field, Reason: "is not a cursor: give the id of a payout of the report, as the last page answered it"})
		}
	}
	if p.After != "" && p.Before != "" {
		fields = append(fields, ledger.FieldError{Field: "before", Reason: "cannot be given with after: ask for the page after one exception or the page before another"})
	}
	switch {
	case p.Limit == 0:
		p.Limit = ledger.DefaultPageSize
	case p.Limit < 1 || p.Limit > ledger.MaxPageSize:
		fields = append(fields, ledger.FieldError{Field: "limit", Reason: fmt.Sprintf("must be 1 to %d", ledger.MaxPageSize)})
	}
	if len(fields) > 0 {
		return &ledger.Error{Code: ledger.EINVALID, Message: "The page is not valid; correct " + fields[0].Field + " and try again", Fields: fields}
	}
	return nil
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
	Amount   ledger.Cents    `json:"amount"`
	Status   ledger.Status   `json:"status"`
	// Severity (1 to 5) and DeviatesFrom are the weighing's; 0 and nil
	// when Redacted.
	Severity     int      `json:"severity,omitempty"`
	DeviatesFrom []string `json:"deviatesFrom,omitempty"`
	// Redacted is set when the reader may not see the payout's case.
	Redacted      bool   `json:"redacted,omitempty"`
	RequestedRole string `json:"requestedRole"`
	DecidedBy     string `json:"decidedBy,omitempty"`
	Mandate       string `json:"mandate,omitempty"`
	OwnMandate    bool   `json:"ownMandate"`
	WaitDays      int    `json:"waitDays"`
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
// Limit of 0: all of them). The figures are counted in one pass over the
// period's payouts, which keeps only the page (a window of Limit
// exceptions): memory is the page's, time the period's payouts'. The
// regret comes from the aggregates of the pot's days. Errors: EINVALID (a
// period not begun, a cursor that names no exception of the report),
// ENOTFOUND (the pot).
func (b *Builder) LegitimacyPage(ctx context.Context, potID ledger.PotID, period ledger.Period, page ExceptionPage) (*Legitimacy, error) {
	madeAt := ledger.JournalTime(b.now())
	today := ledger.DateOf(madeAt)
	if period.Start.After(today) {
		return nil, ledger.Errorf(ledger.EINVALID, "%s has not begun yet", period.Label)
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
	w := exceptionWindow{page: page}
	err := b.Store.PayoutFacts(ctx, ledger.FactFilter{PotID: potID, From: period.Start, To: period.End}, func(f *ledger.PayoutFact) error {
		l.Requests++
		l.Amount += f.Amount
		t := allocation.ForPayout(f, today)
		x := ExceptionLine{PayoutID: f.ID, Date: f.ValueDate, Category: f.Category, Amount: f.Amount, Status: f.Status, Severity: f.Severity,
			DeviatesFrom: f.DeviatesFrom, OwnMandate: f.OwnMandate, WaitDays: t.WaitDays, requestedBy: f.RequestedBy}
		if x.DeviatesFrom == nil {
			x.DeviatesFrom = []string{}
		}
		switch f.Status {
		case ledger.StatusApproved, ledger.StatusPaid:
			l.Approved++
		case ledger.StatusRejected:
			l.Rejected++
		case ledger.StatusPending:
			l.Pending++
		case ledger.StatusReversed:
			l.Approved++
			l.Reversed++
			l.ReversedAmount += f.Amount
			x.Findings = append(x.Findings, "teruggedraaid")
		}
		if f.WeighingComplete {
			l.WeighingComplete++
		} else {
			x.Findings = append(x.Findings, "weging onvolledig")
		}
		if f.Outcome != "" {
			l.Decided++
			x.DecidedBy, x.Mandate = string(f.DecidedRole), f.Mandate.String()
			if f.Mandate.Role == f.DecidedRole && (f.Outcome == ledger.OutcomeReject || f.Mandate.Covers(f.Amount)) {
				l.WithinMandate++
			} else {
				x.Findings = append(x.Findings, "buiten mandaat")
			}
			if !f.OwnMandate {
				l.ByApprover++
				if f.DecidedBy != f.RequestedBy {
					l.FourEyes++
				} else {
					x.Findings = append(x.Findings, "eigen aanvraag beslist")
				}
			} else if f.DecidedBy != f.RequestedBy {
				x.Findings = append(x.Findings, "eigen mandaat van een ander")
			}
		}
		if t.SlowDecision {
			l.SlowDecisions++
			x.Findings = append(x.Findings, fmt.Sprintf("besluit na %d dagen", t.WaitDays))
		}
		x.RequestedRole = string(f.RequestedRole)
		if x.Findings == nil {
			x.Findings = []string{}
		}
		w.add(x)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if l.Exceptions, l.NextCursor, l.PrevCursor, err = w.result(); err != nil {
		return nil, err
	}
	l.WeighingShare = ledger.RatioOf(ledger.Cents(l.WeighingComplete), ledger.Cents(l.Requests))
	l.MandateShare = ledger.RatioOf(ledger.Cents(l.WithinMandate), ledger.Cents(l.Decided))
	l.FourEyesShare = ledger.RatioOf(ledger.Cents(l.FourEyes), ledger.Cents(l.ByApprover))
	var rf allocation.RegretFigures
	err = b.Store.Aggregates(ctx, func(r ledger.AggregateReader) error {
		var err error
		rf, err = allocation.RegretOf(r, potID, period.Start, asOf, asOf, threshold)
		return err
	})
	if err != nil {
		return nil, err
	}
	if threshold == 0 {
		threshold = ledger.DefaultRegretThreshold
	}
	l.Regret = RegretLine{From: period.Start, To: asOf, Spent: rf.Spent, Regretted: rf.Regretted, Ratio: rf.Ratio, Threshold: threshold, Status: string(rf.Status)}
	if l.Exceptions == nil {
		l.Exceptions = []ExceptionLine{}
	}
	return l, nil
}

func (l *Legitimacy) scope() string {
	if l.PotName != "" {
		return l.PotName
	}
	return "alle potten"
}

// LegitimacyCSV writes the report as CSV: first the figures, then one row
// per exception. Counts, shares, amounts and days are number cells; the
// rest, the deviation texts caseworkers wrote among them, guarded text (see
// package sheet).
func LegitimacyCSV(w io.Writer, l *Legitimacy) error {
	cw := sheet.NewWriter(w)
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
	cw.Row(sheet.Text("kengetal"), sheet.Text("spijtratio"), ratioCell(l.Regret.Ratio), ratioCell(l.Regret.Threshold), sheet.Text(l.Regret.Status))
	cw.Row()
	cw.Strings("uitbetaling", "datum", "categorie", "bedrag", "status", "ernst", "wijkt af van", "besluit door", "mandaat", "eigen mandaat", "dagen tot besluit", "bevindingen")
	for _, x := range l.Exceptions {
		severity := intCell(x.Severity)
		if x.Redacted {
			severity = sheet.Empty // not seen, rather than a severity of 0
		}
		cw.Row(sheet.Text(string(x.PayoutID)), sheet.Text(x.Date.String()), sheet.Text(x.Category), amountCell(x.Amount), sheet.Text(string(x.Status)), severity,
			sheet.Text(strings.Join(x.DeviatesFrom, " | ")), sheet.Text(x.DecidedBy), sheet.Text(x.Mandate), sheet.Text(strconv.FormatBool(x.OwnMandate)), intCell(x.WaitDays), sheet.Text(strings.Join(x.Findings, "; ")))
	}
	return cw.Flush()
}

// LegitimacyPDF writes the report as a PDF in Dutch.
func LegitimacyPDF(w io.Writer, l *Legitimacy) error {
	_, err := legitimacyPDF(w, l, pdfOptions{})
	return err
}

func legitimacyPDF(w io.Writer, l *Legitimacy, opts pdfOptions) ([]string, error) {
	title := "Legitimiteit van de uitzonderingen"
	d := newDoc(title, fmt.Sprintf("Legitimiteitsrapportage · %s · %s · gemaakt %s", l.scope(), l.Period.Label, DutchMoment(l.MadeAt)), l.MadeAt, opts)
	d.title(title, fmt.Sprintf("%s (%s tot en met %s), %s", capitalise(PeriodName(l.Period)), DutchDate(l.Period.Start), DutchDate(l.Period.End), l.scope()),
		"Elke uitzondering rust op een integrale afweging, is genomen door wie daar het mandaat voor heeft, en nooit door de aanvrager zelf boven diens mandaat.")
	d.heading("Kengetallen")
	share := func(n, of int, r ledger.Ratio) string {
		if of == 0 {
			return "n.v.t."
		}
		return fmt.Sprintf("%d van %d (%s)", n, of, percent(r))
	}
	d.table([]column{{"", 2.2, false}, {"", 1.8, true}}, [][]string{
		{"Aanvragen in de periode", fmt.Sprintf("%d, samen %s", l.Requests, Euro(l.Amount))},
		{"Goedgekeurd / afgewezen / wachtend", fmt.Sprintf("%d / %d / %d", l.Approved, l.Rejected, l.Pending)},
		{"Met volledige integrale afweging", share(l.WeighingComplete, l.Requests, l.WeighingShare)},
		{"Besluiten binnen het mandaat", share(l.WithinMandate, l.Decided, l.MandateShare)},
		{"Vier ogen (boven het eigen mandaat)", share(l.FourEyes, l.ByApprover, l.FourEyesShare)},
		{"Besluit na meer dan 14 dagen", strconv.Itoa(l.SlowDecisions)},
		{"Teruggedraaid", fmt.Sprintf("%d, samen %s", l.Reversed, Euro(l.ReversedAmount))},
		{"Spijtratio (norm " + percent(l.Regret.Threshold) + ")", percent(l.Regret.Ratio) + ", " + RegretStatusLabel(l.Regret.Status)},
	}, false)

	d.heading("De uitzonderingen")
	d.note("Per uitbetaling: wat, waarom (de regels waarvan is afgeweken), wie besloot onder welk mandaat, en wat opvalt. Zonder ontvanger en zonder zaak.")
	var rows [][]string
	for _, x := range l.Exceptions {
		findings := strings.Join(x.Findings, "; ")
		if findings == "" {
			findings = "in orde"
		}
		decided := x.Mandate
		if x.OwnMandate {
			decided = "eigen mandaat"
		}
		rows = append(rows, []string{x.Date.String(), string(x.PayoutID), x.Category, Euro(x.Amount), decided, findings})
	}
	d.table([]column{{"Datum", 1.1, false}, {"Uitbetaling", 2.4, false}, {"Categorie", 1.3, false}, {"Bedrag", 1, true}, {"Besluit", 1.5, false}, {"Bevindingen", 1.8, false}}, rows, false)
	return d.texts, d.write(w)
}

// exceptionWindow keeps the page of exceptions an ExceptionPage selects
// while the period's exceptions pass in their order: with After, the
// Limit exceptions after the cursor; with Before, the last Limit before
// it; without either, the first Limit; with a Limit of 0, all.
type exceptionWindow struct {
	page ExceptionPage
	// kept holds the page; with Before, a ring of the last Limit
	// exceptions, the oldest at start.
	kept  []ExceptionLine
	start int
	// found is set once the cursor has passed; before counts the
	// exceptions that passed before the first one kept, more those that
	// came after the last one kept.
	found        bool
	before, more int
}

func (w *exceptionWindow) add(x ExceptionLine) {
	p := &w.page
	switch {
	case p.Limit == 0:
		w.kept = append(w.kept, x)
	case p.After != "" && !w.found:
		w.found = x.PayoutID == p.After
		w.before++
	case p.Before != "":
		if w.found || x.PayoutID == p.Before {
			w.found = true
			w.more++
			return
		}
		// Keep the last Limit: the oldest kept makes room.
		if len(w.kept) < p.Limit {
			w.kept = append(w.kept, x)
			return
		}
		w.kept[w.start] = x
		w.start = (w.start + 1) % p.Limit
		w.before++
	case len(w.kept) < p.Limit:
		w.kept = append(w.kept, x)
	default:
		w.more++
	}
}

// result returns the page with the cursors of the next and previous
// pages. Errors: EINVALID when the cursor names no exception.
func (w *exceptionWindow) result() (page []ExceptionLine, next, prev ledger.PayoutID, err error) {
	p := &w.page
	switch {
	case p.After != "" && !w.found:
		return nil, "", "", cursorNotFound("after", p.After)
	case p.Before != "" && !w.found:
		return nil, "", "", cursorNotFound("before", p.Before)
	}
	page = slices.Concat(w.kept[w.start:], w.kept[:w.start])
	if page == nil {
		page = []ExceptionLine{}
	}
	if len(page) > 0 && w.more > 0 {
		next = page[len(page)-1].PayoutID
	}
	if len(page) > 0 && w.before > 0 {
		prev = page[0].PayoutID
	}
	return page, next, prev, nil
}

// cursorNotFound is the error for a cursor that names no exception of the
// report.
func cursorNotFound(field string, id ledger.PayoutID) error {
	return &ledger.Error{Code: ledger.EINVALID, Message: "The page is not valid; correct " + field + " and try again",
		Fields: []ledger.FieldError{{Field: field, Reason: fmt.Sprintf("%q is not a payout of this report; start again at the first page, without after or before", id)}}}
}
