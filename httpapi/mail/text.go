package mail

import (
	"bytes"
	"fmt"
	htmltemplate "html/template"
	"net/url"
	"strconv"
	"strings"
	texttemplate "text/template"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/reports"
)

// The texts of the notification mails, in Dutch, addressing the reader as
// "u". Mail leaves the municipality's systems and lands in inboxes, phones
// and their backups, so it carries no personal data (issue 16): each notice
// type below has fields only for the amount, the category's label, the pot's
// name, how long something has waited, counts, and the link to the page
// where the rest is shown after signing in. There is no field for a payee,
// an IBAN, a case reference or a weighing, so none can be passed by mistake
// (privacy by type).

// Notice is one thing to tell someone by mail: one of the types in this
// file. Render turns it into a subject and a text and HTML body.
type Notice interface {
	content() content
}

// About names the money a notice is about, without saying whose it is.
type About struct {
	Amount   ledger.Cents // the amount in cents, shown as "€ 1.234,56"
	Category string       // the category's label, e.g. "Woonkosten"
	Pot      string       // the pot's name, e.g. "Maatwerkpot Wmo 2026"
}

// RequestWaiting tells the people who may decide that a request waits for
// them.
type RequestWaiting struct {
	About
	Link string // the request's page (an absolute URL)
}

// RequestDecided tells the requester that their request was decided.
type RequestDecided struct {
	About
	Approved bool   // approved, or else rejected
	Link     string // the request's page, where the reasoning is shown
}

// DecisionReminder tells the same people again that a request still waits,
// after remindAfter working days.
type DecisionReminder struct {
	About
	WorkingDays int    // working days the request has waited
	Link        string // the request's page
}

// DecisionEscalated tells the next level up the pot's ladder that a request
// waited too long below (ToRequester false), or tells the requester that
// their request went up (ToRequester true).
type DecisionEscalated struct {
	About
	WorkingDays int  // working days the request has waited
	ToRequester bool // the mail for the requester rather than the next level
	Link        string
}

// PayoutReturned tells the requester that the bank returned a payout, or
// that it was reversed.
type PayoutReturned struct {
	About
	Reversed bool // reversed (taken back) rather than returned by the bank
	// Reason is the Dutch explanation of the bank's reason code
	// (ledger.BankReasonOf(code).Dutch), "" when there is none. It is a
	// generic text ("Rekeningnummer onjuist"), no personal data.
	Reason string
	Link   string // the payout's page, where a corrected payee is entered
}

// EvaluationDue tells the requester that a payout's evaluation is due.
type EvaluationDue struct {
	About
	DaysSincePayment int    // calendar days since the payout was paid
	Link             string // the evaluation's page
}

// FinanceDigest is finance's daily overview: counts only.
type FinanceDigest struct {
	UnallocatedOver90Days int    // costs not allocated to a legal budget, older than 90 days
	UnmatchedBankEntries  int    // bank entries not matched to a payout or receipt
	ReturnedAwaitingPayee int    // returned payouts waiting for a corrected payee
	ClosablePeriods       int    // periods that could be closed
	Link                  string // the finance worklist
}

// PersonalDigest is someone's daily overview of their own notifications,
// for those who chose one mail a day over a mail per event.
type PersonalDigest struct {
	Notices []Notice // the day's notices, each shown as one line
	Link    string   // the page /meldingen
}

// content is what every mail has: a subject, paragraphs, facts (label and
// value), and a button to the link. The two templates lay it out.
type content struct {
	Subject    string
	Paragraphs []string
	Facts      []fact
	Items      []string // a list, for the digests
	Action     string   // the link's label
	Link       string
}

type fact struct{ Label, Value string }

func (a About) facts() []fact {
	return []fact{
		{"Bedrag", reports.Euro(a.Amount)},
		{"Categorie", a.Category},
		{"Pot", a.Pot},
	}
}

// summary is one line about a, for a digest.
func (a About) summary() string {
	return fmt.Sprintf("%s, %s, %s", reports.Euro(a.Amount), a.Category, a.Pot)
}

// werkdagen writes a count of working days in Dutch: "1 werkdag", "3 werkdagen".
func werkdagen(n int) string {
	if n == 1 {
		return "1 werkdag"
	}
	return strconv.Itoa(n) + " werkdagen"
}

func dagen(n int) string {
	if n == 1 {
		return "1 dag"
	}
	return strconv.Itoa(n) + " dagen"
}

func (n RequestWaiting) content() content {
	return content{
		Subject:    "Een aanvraag wacht op uw besluit",
		Paragraphs: []string{"Er wacht een aanvraag op uw besluit."},
		Facts:      n.facts(),
		Action:     "Bekijk de aanvraag",
		Link:       n.Link,
	}
}

func (n RequestDecided) content() content {
	c := content{
		Subject:    "Uw aanvraag is goedgekeurd",
		Paragraphs: []string{"Uw aanvraag is goedgekeurd."},
		Facts:      n.facts(),
		Action:     "Bekijk de aanvraag",
		Link:       n.Link,
	}
	if !n.Approved {
		c.Subject = "Uw aanvraag is afgewezen"
		c.Paragraphs = []string{"Uw aanvraag is afgewezen. De toelichting leest u in de applicatie."}
	}
	return c
}

func (n DecisionReminder) content() content {
	return n.waited(n.WorkingDays, n.Link, "Herinnering: een aanvraag wacht "+werkdagen(n.WorkingDays)+" op uw besluit",
		"Een aanvraag wacht al "+werkdagen(n.WorkingDays)+" op een besluit. Wilt u er vandaag naar kijken?")
}

func (n DecisionEscalated) content() content {
	if n.ToRequester {
		return n.waited(n.WorkingDays, n.Link, "Uw aanvraag is voorgelegd aan een volgende beslisser",
			"Over uw aanvraag is na "+werkdagen(n.WorkingDays)+" nog geen besluit genomen. Daarom is zij voorgelegd aan het volgende niveau.")
	}
	return n.waited(n.WorkingDays, n.Link, "Een aanvraag is aan u voorgelegd na "+werkdagen(n.WorkingDays)+" wachten",
		"Een aanvraag wacht al "+werkdagen(n.WorkingDays)+" op een besluit. Daarom is zij aan u voorgelegd.")
}

// waited is the notice of a request that waited days working days for its
// decision: the subject and paragraph given, the request's facts with the
// wait, and the link to the request.
func (a About) waited(days int, link, subject, paragraph string) content {
	return content{
		Subject:    subject,
		Paragraphs: []string{paragraph},
		Facts:      append(a.facts(), fact{"Wachttijd", werkdagen(days)}),
		Action:     "Bekijk de aanvraag",
		Link:       link,
	}
}

func (n PayoutReturned) content() content {
	c := content{
		Subject: "Een betaling is door de bank teruggestort",
		Paragraphs: []string{
			"De bank heeft een betaling van uw aanvraag teruggestort. Controleer de gegevens van de ontvanger en betaal opnieuw.",
		},
		Facts:  n.facts(),
		Action: "Bekijk de betaling",
		Link:   n.Link,
	}
	if n.Reversed {
		c.Subject = "Een betaling is teruggedraaid"
		c.Paragraphs = []string{"Een betaling van uw aanvraag is teruggedraaid. In de applicatie leest u wat er nu moet gebeuren."}
	}
	if n.Reason != "" {
		c.Facts = append(c.Facts, fact{"Reden van de bank", n.Reason})
	}
	return c
}

func (n EvaluationDue) content() content {
	return content{
		Subject: "Een evaluatie is nodig",
		Paragraphs: []string{
			"Een betaling van uw aanvraag is " + dagen(n.DaysSincePayment) + " geleden gedaan. Het is tijd om te beoordelen of de hulp heeft gewerkt.",
		},
		Facts:  n.facts(),
		Action: "Vul de evaluatie in",
		Link:   n.Link,
	}
}

func (n FinanceDigest) content() content {
	total := n.UnallocatedOver90Days + n.UnmatchedBankEntries + n.ReturnedAwaitingPayee + n.ClosablePeriods
	c := content{
		Subject: "Dagoverzicht financiën: " + strconv.Itoa(total) + " punten vragen aandacht",
		Facts: []fact{
			{"Kosten ouder dan 90 dagen, nog niet toegerekend", strconv.Itoa(n.UnallocatedOver90Days)},
			{"Bankregels zonder koppeling", strconv.Itoa(n.UnmatchedBankEntries)},
			{"Teruggestorte betalingen die wachten op juiste ontvangergegevens", strconv.Itoa(n.ReturnedAwaitingPayee)},
			{"Perioden die kunnen worden afgesloten", strconv.Itoa(n.ClosablePeriods)},
		},
		Paragraphs: []string{"Dit is het overzicht van vandaag."},
		Action:     "Naar het werkoverzicht",
		Link:       n.Link,
	}
	switch total {
	case 0:
		c.Subject = "Dagoverzicht financiën: niets vraagt aandacht"
		c.Paragraphs = []string{"Er is vandaag niets dat uw aandacht vraagt."}
	case 1:
		c.Subject = "Dagoverzicht financiën: 1 punt vraagt aandacht"
	}
	return c
}

func (n PersonalDigest) content() content {
	c := content{
		Subject:    "Uw dagoverzicht: " + strconv.Itoa(len(n.Notices)) + " meldingen",
		Paragraphs: []string{"Dit zijn uw meldingen van de afgelopen dag."},
		Action:     "Bekijk uw meldingen",
		Link:       n.Link,
	}
	if len(n.Notices) == 1 {
		c.Subject = "Uw dagoverzicht: 1 melding"
	}
	for _, x := range n.Notices {
		if _, nested := x.(PersonalDigest); nested || x == nil {
			continue
		}
		xc := x.content()
		line := xc.Subject
		if a, ok := about(x); ok {
			line += " (" + a.summary() + ")"
		}
		c.Items = append(c.Items, line)
	}
	return c
}

// about returns the money a notice is about, if it is about one.
func about(n Notice) (About, bool) {
	switch n := n.(type) {
	case RequestWaiting:
		return n.About, true
	case RequestDecided:
		return n.About, true
	case DecisionReminder:
		return n.About, true
	case DecisionEscalated:
		return n.About, true
	case PayoutReturned:
		return n.About, true
	case EvaluationDue:
		return n.About, true
	}
	return About{}, false
}

var textTemplate = texttemplate.Must(texttemplate.New("text").Parse(`Beste collega,
{{range .Paragraphs}}
{{.}}
{{end}}{{if .Facts}}
{{range .Facts}}{{.Label}}: {{.Value}}
{{end}}{{end}}{{if .Items}}
{{range .Items}}- {{.}}
{{end}}{{end}}
{{.Action}}: {{.Link}}

Met vriendelijke groet,
Ontschot

Dit bericht is automatisch verstuurd. U kunt er niet op antwoorden.
`))

var htmlTemplate = htmltemplate.Must(htmltemplate.New("html").Parse(`<!DOCTYPE html>
<html lang="nl">
<head><meta charset="utf-8"><title>{{.Subject}}</title></head>
<body style="font-family: Arial, sans-serif; font-size: 15px; color: #1a1a1a;">
<p>Beste collega,</p>
{{range .Paragraphs}}<p>{{.}}</p>
{{end}}{{if .Facts}}<table style="border-collapse: collapse;">
{{range .Facts}}<tr><th style="text-align: left; padding: 2px 12px 2px 0;">{{.Label}}</th><td>{{.Value}}</td></tr>
{{end}}</table>
{{end}}{{if .Items}}<ul>
{{range .Items}}<li>{{.}}</li>
{{end}}</ul>
{{end}}<p><a href="{{.Link}}" style="color: #01689b;">{{.Action}}</a></p>
<p>Met vriendelijke groet,<br>Ontschot</p>
<p style="color: #555; font-size: 13px;">Dit bericht is automatisch verstuurd. U kunt er niet op antwoorden.</p>
</body>
</html>
`))

// Render returns the subject and the plain-text and HTML bodies of n, in
// Dutch. The HTML escapes every value (html/template). Errors: a link that is
// no absolute http or https URL (the mail would lead nowhere), or a nil
// notice.
func Render(n Notice) (subject, text, html string, err error) {
	if n == nil {
		return "", "", "", fmt.Errorf("mail: no notice to render")
	}
	c := n.content()
	u, err := url.Parse(c.Link)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return "", "", "", fmt.Errorf("mail: the link %q of a %T is no absolute http or https URL", c.Link, n)
	}
	var tb, hb bytes.Buffer
	if err := textTemplate.Execute(&tb, c); err != nil {
		return "", "", "", fmt.Errorf("mail: text of a %T: %w", n, err)
	}
	if err := htmlTemplate.Execute(&hb, c); err != nil {
		return "", "", "", fmt.Errorf("mail: HTML of a %T: %w", n, err)
	}
	return c.Subject, strings.TrimLeft(tb.String(), "\n"), hb.String(), nil
}

// Compose renders n into a Message to to with the Message-ID id (see
// Message.ID). Errors: those of Render.
func Compose(id, to string, n Notice) (Message, error) {
	subject, text, html, err := Render(n)
	if err != nil {
		return Message{}, err
	}
	return Message{ID: id, To: to, Subject: subject, Text: text, HTML: html}, nil
}
