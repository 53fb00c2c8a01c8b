package mail_test

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/httpapi/mail"
	"github.com/ontschot/ontschot/httpapi/mail/mailtest"
	"github.com/ontschot/ontschot/ledger"
)

const link = "https://ontschot.gemeente.example/aanvragen/42"

var about = mail.About{Amount: ledger.Cents(123456), Category: "Woonkosten", Pot: "Maatwerkpot Wmo 2026"}

// notices has every kind of notice, each variant once, with the subject
// each must have.
var notices = []struct {
	notice  mail.Notice
	subject string
}{
	{mail.RequestWaiting{About: about, Link: link}, "Een aanvraag wacht op uw besluit"},
	{mail.RequestDecided{About: about, Approved: true, Link: link}, "Uw aanvraag is goedgekeurd"},
	{mail.RequestDecided{About: about, Approved: false, Link: link}, "Uw aanvraag is afgewezen"},
	{mail.DecisionReminder{About: about, WorkingDays: 2, Link: link}, "Herinnering: een aanvraag wacht 2 werkdagen op uw besluit"},
	{mail.DecisionEscalated{About: about, WorkingDays: 5, Link: link}, "Een aanvraag is aan u voorgelegd na 5 werkdagen wachten"},
	{mail.DecisionEscalated{About: about, WorkingDays: 5, ToRequester: true, Link: link}, "Uw aanvraag is voorgelegd aan een volgende beslisser"},
	{mail.PayoutReturned{About: about, Reason: ledger.BankReasonOf("AC04").Dutch, Link: link}, "Een betaling is door de bank teruggestort"},
	{mail.PayoutReturned{About: about, Reversed: true, Link: link}, "Een betaling is teruggedraaid"},
	{mail.EvaluationDue{About: about, DaysSincePayment: 60, Link: link}, "Een evaluatie is nodig"},
	{mail.FinanceDigest{UnallocatedOver90Days: 3, UnmatchedBankEntries: 2, ReturnedAwaitingPayee: 1, ClosablePeriods: 1, Link: link}, "Dagoverzicht financiën: 7 punten vragen aandacht"},
	{mail.FinanceDigest{Link: link}, "Dagoverzicht financiën: niets vraagt aandacht"},
	{mail.PersonalDigest{Notices: []mail.Notice{
		mail.RequestWaiting{About: about, Link: link},
		mail.EvaluationDue{About: about, DaysSincePayment: 60, Link: link},
	}, Link: link}, "Uw dagoverzicht: 2 meldingen"},
}

func TestRender(t *testing.T) {
	for _, tt := range notices {
		t.Run(reflect.TypeOf(tt.notice).Name(), func(t *testing.T) {
			subject, text, html, err := mail.Render(tt.notice)
			if err != nil {
				t.Fatalf("Render = %v", err)
			}
			if subject != tt.subject {
				t.Errorf("subject = %q; want %q", subject, tt.subject)
			}
			for part, body := range map[string]string{"text": text, "HTML": html} {
				if !strings.Contains(body, link) {
					t.Errorf("%s has no link %s:\n%s", part, link, body)
				}
				if !strings.Contains(body, "Beste collega") || !strings.Contains(body, "Met vriendelijke groet") {
					t.Errorf("%s lacks the Dutch greeting and closing:\n%s", part, body)
				}
				if _, isDigest := tt.notice.(mail.FinanceDigest); !isDigest &&
					(!strings.Contains(body, "€ 1.234,56") || !strings.Contains(body, "Woonkosten") || !strings.Contains(body, "Maatwerkpot Wmo 2026")) {
					t.Errorf("%s lacks the amount, category or pot:\n%s", part, body)
				}
			}
			if !strings.HasPrefix(html, "<!DOCTYPE html>") || !strings.Contains(html, `<a href="`+link+`"`) {
				t.Errorf("HTML has no link to %s:\n%s", link, html)
			}
		})
	}
}

func TestRenderDetails(t *testing.T) {
	t.Run("BankReason", func(t *testing.T) {
		_, text, _, _ := mail.Render(mail.PayoutReturned{About: about, Reason: "Rekeningnummer onjuist", Link: link})
		if !strings.Contains(text, "Reden van de bank: Rekeningnummer onjuist") {
			t.Errorf("text lacks the bank's reason:\n%s", text)
		}
	})
	t.Run("FinanceCounts", func(t *testing.T) {
		_, text, _, _ := mail.Render(mail.FinanceDigest{UnallocatedOver90Days: 3, UnmatchedBankEntries: 2, ReturnedAwaitingPayee: 1, ClosablePeriods: 4, Link: link})
		for _, line := range []string{
			"Kosten ouder dan 90 dagen, nog niet toegerekend: 3",
			"Bankregels zonder koppeling: 2",
			"Teruggestorte betalingen die wachten op juiste ontvangergegevens: 1",
			"Perioden die kunnen worden afgesloten: 4",
		} {
			if !strings.Contains(text, line) {
				t.Errorf("text lacks %q:\n%s", line, text)
			}
		}
	})
	t.Run("DigestLines", func(t *testing.T) {
		_, text, _, _ := mail.Render(mail.PersonalDigest{Notices: []mail.Notice{
			mail.DecisionReminder{About: about, WorkingDays: 1, Link: link},
		}, Link: link})
		want := "- Herinnering: een aanvraag wacht 1 werkdag op uw besluit (€ 1.234,56, Woonkosten, Maatwerkpot Wmo 2026)"
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	})
	t.Run("HTMLEscaped", func(t *testing.T) {
		evil := mail.About{Amount: 100, Category: `<script>alert("x")</script>`, Pot: "Pot & co"}
		_, _, html, err := mail.Render(mail.RequestWaiting{About: evil, Link: link})
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(html, "<script>") || !strings.Contains(html, "&lt;script&gt;") || !strings.Contains(html, "Pot &amp; co") {
			t.Errorf("HTML does not escape the values:\n%s", html)
		}
	})
	t.Run("BadLink", func(t *testing.T) {
		for _, l := range []string{"", "/aanvragen/42", "javascript:alert(1)", "https:///x", "ftp://ontschot.example/x"} {
			if _, _, _, err := mail.Render(mail.RequestWaiting{About: about, Link: l}); err == nil {
				t.Errorf("Render with link %q = nil; want an error", l)
			}
		}
		if _, _, _, err := mail.Render(nil); err == nil {
			t.Error("Render(nil) = nil; want an error")
		}
	})
}

// allowedFields are the only facts a mail may carry (issue 16: amount,
// category, pot, how long it waited, the link; counts for finance; the bank's
// reason as a generic Dutch text). A field for a payee, an IBAN, a case
// reference or a weighing added to a notice type fails this test: such data
// must not get a way into mail.
var allowedFields = map[string]reflect.Kind{
	"About":                 reflect.Struct,
	"Amount":                reflect.Int64,
	"Category":              reflect.String,
	"Pot":                   reflect.String,
	"Link":                  reflect.String,
	"Approved":              reflect.Bool,
	"WorkingDays":           reflect.Int,
	"ToRequester":           reflect.Bool,
	"Reversed":              reflect.Bool,
	"Reason":                reflect.String,
	"DaysSincePayment":      reflect.Int,
	"UnallocatedOver90Days": reflect.Int,
	"UnmatchedBankEntries":  reflect.Int,
	"ReturnedAwaitingPayee": reflect.Int,
	"ClosablePeriods":       reflect.Int,
	"Notices":               reflect.Slice,
}

func TestNoticesCarryNoPersonalData(t *testing.T) {
	var check func(t reflect.Type)
	seen := 0
	check = func(typ reflect.Type) {
		for f := range typ.Fields() {
			kind, ok := allowedFields[f.Name]
			if !ok || f.Type.Kind() != kind {
				t.Errorf("%s.%s (%s) is no field a mail may carry; see allowedFields", typ.Name(), f.Name, f.Type)
				continue
			}
			seen++
			if f.Type.Kind() == reflect.Struct {
				check(f.Type)
			}
		}
	}
	for _, tt := range notices {
		check(reflect.TypeOf(tt.notice))
	}
	if seen == 0 {
		t.Fatal("no fields checked")
	}
	// The rendered mails hold nothing beyond the values given: no field
	// can carry a payee, so only the fixed texts and these values appear.
	for _, tt := range notices {
		_, text, _, _ := mail.Render(tt.notice)
		for _, forbidden := range []string{"IBAN", "NL91ABNA", "BSN", "dossier", "afweging"} {
			if strings.Contains(text, forbidden) {
				t.Errorf("%T mentions %q:\n%s", tt.notice, forbidden, text)
			}
		}
	}
}

// A composed notice travels through a real SMTP server as Dutch text and
// HTML with the link, UTF-8 (€, ë) intact.
func TestComposeAndSend(t *testing.T) {
	srv := mailtest.Start(t, mailtest.Options{})
	s := newSender(t, mail.Config{URL: "smtp://" + srv.Addr})
	n := mail.DecisionReminder{About: mail.About{Amount: 5000, Category: "Energiekosten", Pot: "Pot Coëvorden"}, WorkingDays: 3, Link: link}
	m, err := mail.Compose("<notification-5@ontschot>", "beslisser@gemeente.example", n)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	msgs, err := srv.WaitFor(1, wait)
	if err != nil {
		t.Fatal(err)
	}
	got := msgs[0]
	if got.Subject != "Herinnering: een aanvraag wacht 3 werkdagen op uw besluit" {
		t.Errorf("Subject = %q", got.Subject)
	}
	for part, body := range map[string]string{"text": got.Text, "HTML": got.HTML} {
		for _, want := range []string{link, "€ 50,00", "Pot Coëvorden", "3 werkdagen"} {
			if !strings.Contains(body, want) {
				t.Errorf("%s lacks %q:\n%s", part, want, body)
			}
		}
	}
}
