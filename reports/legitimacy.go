package reports

import (
	"context"
	"fmt"
	"io"
	"sort"
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

	Regret     RegretLine      `json:"regret"`
	Exceptions []ExceptionLine `json:"exceptions"`
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
// every pot).
func (b *Builder) Legitimacy(ctx context.Context, potID ledger.PotID, period ledger.Period) (*Legitimacy, error) {
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
	// The report lists every payout of the period, so it holds them all.
	facts, err := ledger.CollectFacts(ctx, b.Store, ledger.FactFilter{PotID: potID, From: period.Start, To: period.End})
	if err != nil {
		return nil, err
	}
	asOf := period.End
	if today.Before(asOf) {
		asOf = today
	}
	for i := range facts {
		f := &facts[i]
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
		l.Exceptions = append(l.Exceptions, x)
	}
	sort.SliceStable(l.Exceptions, func(i, j int) bool { return l.Exceptions[i].Date.Before(l.Exceptions[j].Date) })
	l.WeighingShare = ledger.RatioOf(ledger.Cents(l.WeighingComplete), ledger.Cents(l.Requests))
	l.MandateShare = ledger.RatioOf(ledger.Cents(l.WithinMandate), ledger.Cents(l.Decided))
	l.FourEyesShare = ledger.RatioOf(ledger.Cents(l.FourEyes), ledger.Cents(l.ByApprover))
	rf := allocation.RegretOver(facts, period.Start, asOf, asOf, threshold)
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
