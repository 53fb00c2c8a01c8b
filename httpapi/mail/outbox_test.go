package mail_test

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ontschot/ontschot/httpapi/mail"
	"github.com/ontschot/ontschot/httpapi/mail/mailtest"
	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/ledgertest"
	"github.com/ontschot/ontschot/ledger/storage"
)

// outboxWorld is a ledger file with a funded pot, a caseworker and two
// team leads with addresses (one who reads a daily digest), and a test
// SMTP server.
type outboxWorld struct {
	t     *testing.T
	path  string
	clock *ledgertest.Clock
	store *ledger.Service
	pot   ledger.Pot
	smtp  *mailtest.Server
}

func newOutboxWorld(t *testing.T) *outboxWorld {
	t.Helper()
	w := &outboxWorld{t: t, path: filepath.Join(t.TempDir(), "ledger.db"), clock: ledgertest.NewClock(ledgertest.Start), smtp: mailtest.Start(t, mailtest.Options{})}
	w.store = w.open()
	ctx := context.Background()
	partner, err := w.store.CreatePartner(ctx, ledgertest.Admin, ledger.NewPartner{Name: "Gemeente", Kind: ledger.KindMunicipality})
	if err != nil {
		t.Fatal(err)
	}
	if w.pot, err = w.store.CreatePot(ctx, ledgertest.Admin, ledger.NewPot{Name: "Doorbraakpot", Year: 2026, RecoveryPolicy: ledger.PolicyRefund, Mandates: ledgertest.Ladder()}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.store.Contribute(ctx, ledgertest.Finance, ledger.NewContribution{PotID: w.pot.ID, PartnerID: partner.ID, Amount: 50000_00,
		ValueDate: ledger.DateOf(w.clock.Now()), Reference: "Bijdrage"}); err != nil {
		t.Fatal(err)
	}
	for _, u := range []struct {
		a     ledger.Actor
		email string
		mode  ledger.MailMode
	}{{ledgertest.Caseworker, "carla@gemeente.example", ""}, {ledgertest.Teamlead, "tom@gemeente.example", ""},
		{ledgertest.Teamlead2, "tara@gemeente.example", ledger.MailDigest}, {ledgertest.Manager, "", ""}} {
		if _, err := w.store.IssueToken(ctx, ledgertest.Admin, ledger.NewToken{User: u.a.User, Role: u.a.Role}); err != nil {
			t.Fatal(err)
		}
		if err := w.store.SetUserMail(ctx, ledgertest.Admin, u.a.User, u.email, u.mode); err != nil {
			t.Fatal(err)
		}
	}
	return w
}

func (w *outboxWorld) open() *ledger.Service {
	w.t.Helper()
	s, err := storage.Open(w.path, storage.Options{Now: w.clock.Now})
	if err != nil {
		w.t.Fatal(err)
	}
	w.t.Cleanup(func() { s.Close() })
	return s
}

// outbox is a sender on store, named claimer, to the test server.
func (w *outboxWorld) outbox(store *ledger.Service, claimer string) *mail.Outbox {
	w.t.Helper()
	sender, err := mail.New(mail.Config{URL: "smtp://" + w.smtp.Addr, From: "ontschot@gemeente.example"})
	if err != nil {
		w.t.Fatal(err)
	}
	return &mail.Outbox{Store: store, Sender: sender, BaseURL: "https://ontschot.gemeente.example", Claimer: claimer,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
}

func (w *outboxWorld) request(amount ledger.Cents) ledger.Payout {
	w.t.Helper()
	p, err := w.store.RequestPayout(context.Background(), ledgertest.Caseworker, ledgertest.ValidRequest(w.pot.ID, amount))
	if err != nil {
		w.t.Fatal(err)
	}
	return p
}

// TestOutboxDeliversToThePeopleWhoMustAct: a request above the caseworker's
// mandate reaches the team lead who reads mail at once, in Dutch, with the
// link to the request and without the payee, IBAN or case reference; the
// team lead who chose a digest and the manager without an address get no
// mail of it; the decision reaches the caseworker.
func TestOutboxDeliversToThePeopleWhoMustAct(t *testing.T) {
	w := newOutboxWorld(t)
	ctx := context.Background()
	p := w.request(2400_00)
	o := w.outbox(w.store, "server-1")
	if n, err := o.DeliverOnce(ctx); err != nil || n != 1 {
		t.Fatalf("delivered %d, %v; want 1", n, err)
	}
	got := w.smtp.Messages()
	if len(got) != 1 || got[0].To[0] != "tom@gemeente.example" {
		t.Fatalf("mail went to %+v", got)
	}
	m := got[0]
	link := "https://ontschot.gemeente.example/aanvragen/" + string(p.ID)
	if !strings.Contains(m.Text, link) || !strings.Contains(m.HTML, link) || !strings.Contains(m.Text, "€ 2.400,00") || !strings.Contains(m.Subject, "besluit") {
		t.Errorf("the mail:\n%s\n%s", m.Subject, m.Text)
	}
	if id := m.Header.Get("Message-Id"); !strings.HasPrefix(id, "<NOT-") || !strings.HasSuffix(id, "@ontschot>") {
		t.Errorf("Message-ID %q is not the notification's", id)
	}
	for _, secret := range []string{p.Payee.Name, "NL91", "ABNA", p.CaseRef, p.Justification.Situation} {
		if strings.Contains(string(m.Data), secret) {
			t.Errorf("the mail holds %q", secret)
		}
	}
	if n, _ := o.DeliverOnce(ctx); n != 0 || len(w.smtp.Messages()) != 1 {
		t.Error("a delivered notification was sent again")
	}
	if _, err := w.store.DecidePayout(ctx, ledgertest.Teamlead, ledger.Decision{PayoutID: p.ID, Outcome: ledger.OutcomeApprove}); err != nil {
		t.Fatal(err)
	}
	if n, err := o.DeliverOnce(ctx); err != nil || n != 1 {
		t.Fatalf("the decision: delivered %d, %v", n, err)
	}
	if last := w.smtp.Messages()[1]; last.To[0] != "carla@gemeente.example" || !strings.Contains(last.Text, "goedgekeurd") {
		t.Errorf("the decision's mail: %+v", last)
	}
}

// TestOutboxRetriesARefusal: a server that refuses (451) gets the mail
// again once the backoff has passed, and then has it once; a permanent
// refusal (550) fails it, and it is listed for admins.
func TestOutboxRetriesARefusal(t *testing.T) {
	w := newOutboxWorld(t)
	ctx := context.Background()
	w.request(2400_00)
	o := w.outbox(w.store, "server-1")
	w.smtp.RefuseNext(1, 451)
	if n, _ := o.DeliverOnce(ctx); n != 0 {
		t.Fatalf("a refused mail counted as sent")
	}
	if n, _ := o.DeliverOnce(ctx); n != 0 {
		t.Fatal("retried before its backoff")
	}
	w.clock.Set(w.clock.Now().Add(2 * time.Minute))
	if n, err := o.DeliverOnce(ctx); err != nil || n != 1 || len(w.smtp.Messages()) != 1 {
		t.Fatalf("after the backoff: %d sent, %d arrived, %v", n, len(w.smtp.Messages()), err)
	}

	w.request(2500_00)
	w.smtp.RefuseNext(1, 550)
	if n, _ := o.DeliverOnce(ctx); n != 0 {
		t.Fatal("a permanently refused mail counted as sent")
	}
	failed, err := w.store.FailedMail(ctx, ledgertest.Admin)
	if err != nil || len(failed) != 1 || failed[0].Email != "tom@gemeente.example" || !strings.Contains(failed[0].Error, "550") {
		t.Fatalf("the failed mail: %+v, %v", failed, err)
	}
	_, err = w.store.FailedMail(ctx, ledgertest.Caseworker)
	if ledger.ErrorCode(err) != ledger.EFORBIDDEN {
		t.Errorf("a caseworker reads the failed mail: %v", err)
	}
}

// TestOutboxSurvivesACrash: a server that dies between the event and the
// delivery, or after claiming and before sending, loses nothing: after a
// restart (or once the dead server's lease runs out) the mail goes, once.
func TestOutboxSurvivesACrash(t *testing.T) {
	w := newOutboxWorld(t)
	ctx := context.Background()
	w.request(2400_00)
	// The first server claims and dies before sending.
	if due, err := w.store.ClaimMail(ctx, "server-dead", 10, 5*time.Minute); err != nil || len(due) != 1 {
		t.Fatalf("claimed %d, %v", len(due), err)
	}
	w.store.Close()
	restarted := w.open()
	o := w.outbox(restarted, "server-2")
	if n, _ := o.DeliverOnce(ctx); n != 0 {
		t.Fatal("sent while the dead server's lease still ran")
	}
	w.clock.Set(w.clock.Now().Add(6 * time.Minute))
	if n, err := o.DeliverOnce(ctx); err != nil || n != 1 || len(w.smtp.Messages()) != 1 {
		t.Fatalf("after the lease ran out: %d sent, %v", n, err)
	}
}

// TestOutboxTwoServersSendOnce: two servers on one database, delivering at
// the same moment, send each notification once.
func TestOutboxTwoServersSendOnce(t *testing.T) {
	w := newOutboxWorld(t)
	ctx := context.Background()
	for i := range 20 {
		w.request(ledger.Cents(2000_00 + i))
	}
	other := w.open()
	a, b := w.outbox(w.store, "server-a"), w.outbox(other, "server-b")
	var wg sync.WaitGroup
	for _, o := range []*mail.Outbox{a, b, a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := o.DeliverOnce(ctx); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	got := w.smtp.Messages()
	seen := map[string]bool{}
	for _, m := range got {
		id := m.Header.Get("Message-Id")
		if seen[id] {
			t.Errorf("%s was sent twice", id)
		}
		seen[id] = true
	}
	if len(seen) != 20 {
		t.Errorf("%d distinct mails; want 20", len(seen))
	}
}

// TestOutboxDailyDigest: the team lead who chose one mail a day gets no
// mail per notification, but one digest a day listing them, with the link
// to /meldingen and without personal data.
func TestOutboxDailyDigest(t *testing.T) {
	w := newOutboxWorld(t)
	ctx := context.Background()
	p := w.request(2400_00)
	o := w.outbox(w.store, "server-1")
	if _, err := o.DeliverOnce(ctx); err != nil {
		t.Fatal(err)
	}
	for _, m := range w.smtp.Messages() {
		if m.To[0] == "tara@gemeente.example" {
			t.Fatal("the digest reader got a mail for one notification")
		}
	}
	if _, err := w.store.SweepNotifications(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := w.store.SweepNotifications(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := o.DeliverOnce(ctx); err != nil {
		t.Fatal(err)
	}
	var digests []mailtest.Message
	for _, m := range w.smtp.Messages() {
		if m.To[0] == "tara@gemeente.example" {
			digests = append(digests, m)
		}
	}
	if len(digests) != 1 {
		t.Fatalf("the digest reader got %d mails; want one digest", len(digests))
	}
	d := digests[0]
	if d.Subject != "Uw dagoverzicht: 1 melding" || !strings.Contains(d.Text, "https://ontschot.gemeente.example/meldingen") || !strings.Contains(d.Text, "€ 2.400,00") {
		t.Errorf("the digest:\n%s\n%s", d.Subject, d.Text)
	}
	if strings.Contains(string(d.Data), p.Payee.Name) || strings.Contains(string(d.Data), p.CaseRef) {
		t.Error("the digest holds personal data")
	}
}

// TestSenderCheck: the check at start reaches a mail server that is there,
// and says so of one that is not.
func TestSenderCheck(t *testing.T) {
	srv := mailtest.Start(t, mailtest.Options{})
	s, err := mail.New(mail.Config{URL: "smtp://" + srv.Addr, From: "ontschot@gemeente.example"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Check(context.Background()); err != nil {
		t.Fatalf("the check of a server that is there: %v", err)
	}
	gone, err := mail.New(mail.Config{URL: "smtp://127.0.0.1:1", From: "ontschot@gemeente.example"})
	if err != nil {
		t.Fatal(err)
	}
	if err := gone.Check(context.Background()); err == nil {
		t.Fatal("the check of a server that is not there passed")
	}
}
