package web

import (
	"fmt"
	"html/template"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/reports"
)

// funcs are the templates' helpers: Dutch money, dates and labels.
var funcs = template.FuncMap{
	"euro":    euro,
	"date":    dutchDate,
	"moment":  dutchMoment,
	"pct":     func(r ledger.Ratio) string { return r.Percent() },
	"status":  statusLabel,
	"role":    roleLabel,
	"outcome": outcomeLabel,
	"urgency": func(u ledger.Urgency) string {
		if u == ledger.UrgencyUrgent {
			return "spoed"
		}
		return "normaal"
	},
	"regretStatus": reports.RegretStatusLabel,
	"signed":       reports.Signed,
	"law":          func(l ledger.Law) string { return l.Label() },
	"input":        inputAmount,
	"join":         strings.Join,
	"add":          func(a, b int) int { return a + b },
	"seq":          seq,
	"itoa":         itoa,
	"fid":          fieldID,
	"field":        fieldOf,
	"severities":   func() []string { return severityLabels },
	"bankKind":     bankKindLabel,
	"bankOutcome":  bankOutcomeLabel,
	"bankReason":   bankReason,
	"period":       reports.PeriodName,
	"target":       targetLabel,
	"label":        labelOr,
	"case":         caseLabel,
	"bsnAdvice":    bsnAdvice,
	"noteTitle":    noteTitle,
	"noteWhy":      noteWhy,
	"list":         func(xs ...string) []string { return xs },
	"cents":        func(c ledger.Cents) string { return strconv.FormatInt(int64(c), 10) },
	"month": func(m string) string {
		if p, err := ledger.ParsePeriod(m); err == nil {
			return reports.PeriodName(p)
		}
		return m
	},
	"severity": func(n int) string {
		if n < 1 || n > len(severityLabels) {
			return ""
		}
		return severityLabels[n-1]
	},
}

// targetLabel names an allocation target in Dutch.
func targetLabel(t ledger.Target) string {
	if law, ok := t.Law(); ok {
		return law.Label()
	}
	switch t {
	case ledger.TargetParty:
		return "externe partij"
	case ledger.TargetMaatwerk:
		return "maatwerk"
	}
	return string(t)
}

// caseLabel is a case reference as lists and notices show it: a
// pseudonymous reference as it is, the URL of a zaak in the Zaken API by
// the start of its UUID ("zaak 3fa85f64…"), which tells cases apart in a
// list without a line of URL that no column or phone screen can hold. The
// payout's own page shows the whole reference.
func caseLabel(ref string) string {
	u, err := url.Parse(ref)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return ref
	}
	last := path.Base(strings.TrimSuffix(u.Path, "/"))
	if len(last) > 8 {
		last = last[:8] + "…"
	}
	if last == "." || last == "/" {
		return "zaak bij " + u.Host
	}
	return "zaak " + last
}

// seq returns 0 … n-1, to range over.
func seq(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}

// euro formats cents the Dutch way: "€ 1.234,56", "− € 12,00".
func euro(c ledger.Cents) string { return reports.Euro(c) }

// inputAmount writes cents for a form field: "1250,50".
func inputAmount(c ledger.Cents) string { return strings.Replace(c.String(), ".", ",", 1) }

func dutchDate(d ledger.Date) string {
	if d.IsZero() {
		return ""
	}
	return reports.DutchDate(d)
}

func dutchMoment(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return reports.DutchMoment(t)
}

// severityLabels name the weighing's severities 1 to 5.
var severityLabels = []string{"licht", "zorgelijk", "ernstig", "zeer ernstig", "acuut"}

// fieldView is what the text and area templates need of one field.
type fieldView struct {
	ID, Name, Label, Hint, Error, Value string
	// BSN is the field's own advice when a BSN is typed into it.
	BSN string
}

func fieldOf(f *form, name, label, hint, _ string) fieldView {
	return fieldView{ID: fieldID(name), Name: name, Label: label, Hint: hint, Error: f.Err(name), Value: f.Get(name), BSN: bsnAdvice(name)}
}

// The Dutch names of statuses, roles and evaluation outcomes are the
// ledger's, one table each for the pages, the documents and the messages.
var (
	statusLabel  = ledger.Status.Label
	roleLabel    = ledger.Role.Label
	outcomeLabel = ledger.EvalOutcome.Label
)

func itoa(i int) string { return strconv.Itoa(i) }

// parseEuro reads an amount as people type it in Dutch: "125", "125,50",
// "1.250,50", or with a decimal point "1250.50". "12.500" is refused: in
// Dutch it is twelve thousand five hundred, elsewhere twelve and a half.
func parseEuro(s string) (ledger.Cents, string) {
	t := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "€"))
	t = strings.ReplaceAll(t, " ", "")
	if t == "" {
		return 0, "Vul een bedrag in, bijvoorbeeld 125,50."
	}
	if strings.Contains(t, ",") {
		whole, frac, _ := strings.Cut(t, ",")
		if strings.Contains(whole, ".") {
			groups := strings.Split(whole, ".")
			for i, g := range groups {
				if (i > 0 && len(g) != 3) || g == "" || len(g) > 3 {
					return 0, "Schrijf het bedrag als 1250,50 of 1.250,50."
				}
			}
			whole = strings.Join(groups, "")
		}
		t = whole + "." + frac
	} else if i := strings.IndexByte(t, '.'); i >= 0 && len(t)-i-1 == 3 {
		return 0, "Is dit " + strings.Replace(t, ".", "", 1) + " euro of " + strings.Replace(t, ".", ",", 1) + " euro? Schrijf het zonder punt, of met een komma voor de centen."
	}
	c, err := ledger.ParseMoney(t)
	if err != nil {
		return 0, "Dit is geen bedrag; schrijf het als 125,50 (hoogstens twee cijfers achter de komma)."
	}
	return c, ""
}

// noteTitle says in Dutch what a notification tells.
func noteTitle(n ledger.Notification) string {
	switch n.Kind {
	case ledger.NoteDecisionWaiting:
		return "Een aanvraag wacht op uw besluit"
	case ledger.NoteDecided:
		if n.Detail == string(ledger.OutcomeReject) {
			return "Uw aanvraag is afgewezen"
		}
		return "Uw aanvraag is goedgekeurd"
	case ledger.NoteReminder:
		return "Herinnering: een aanvraag wacht nog op uw besluit"
	case ledger.NoteEscalation:
		return "Een aanvraag wacht te lang op een besluit en komt nu ook bij u"
	case ledger.NoteEscalated:
		return "Uw aanvraag wacht te lang en is doorgezet naar het volgende niveau"
	case ledger.NoteReturned:
		return "Uw uitbetaling is teruggekomen van de bank"
	case ledger.NoteReversed:
		return "Uw uitbetaling is teruggedraaid door financiën"
	case ledger.NoteEvaluationDue:
		return "Een evaluatie ligt klaar"
	case ledger.NoteFinanceDigest:
		return "Dagoverzicht: wat op financiën wacht"
	case ledger.NotePersonalDigest:
		return "Uw dagoverzicht van " + n.Detail + " meldingen is per e-mail verstuurd"
	}
	return "Melding"
}

// noteWhy is what a notification adds in Dutch: why the bank sent a payout
// back and what to do; "" for the others.
func noteWhy(n ledger.Notification) string {
	if n.Kind == ledger.NoteFinanceDigest {
		d := ledger.ParseFinanceDigest(n.Detail)
		return fmt.Sprintf("Kosten ouder dan 90 dagen die nog niet zijn toegerekend: %d. Niet herkende bankboekingen: %d. Teruggekomen uitbetalingen die wachten op een verbeterde ontvanger: %d. Afgelopen kwartalen die nog niet zijn afgesloten: %d.",
			d.Unallocated, d.Unmatched, d.Returned, d.Closable)
	}
	if n.Kind != ledger.NoteReturned {
		return ""
	}
	why := "Verbeter de ontvanger op de pagina van de aanvraag; dan gaat het geld met de eerstvolgende betaling opnieuw."
	if n.Detail != "" {
		return "Redencode " + n.Detail + ": " + ledger.BankReasonOf(n.Detail).Dutch + " " + why
	}
	return why
}
