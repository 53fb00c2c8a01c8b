package mail

import (
	"context"
	"errors"
	"log/slog"
	"net/url"
	"time"

	"github.com/ontschot/ontschot/ledger"
)

// Outboxes are what an Outbox delivers from: the ledger's mail outbox and
// the category labels (ledger.Store has them).
type Outboxes interface {
	ClaimMail(ctx context.Context, claimer string, limit int, lease time.Duration) ([]ledger.OutboxMail, error)
	MailSent(ctx context.Context, claimer string, m ledger.OutboxMail) error
	MailNotSent(ctx context.Context, claimer string, m ledger.OutboxMail, why string, temporary bool) error
	Categories(ctx context.Context) ([]ledger.Category, error)
	Notifications(ctx context.Context, actor ledger.Actor, q ledger.NotificationQuery) (ledger.NotificationPage, error)
}

// Outbox delivers the ledger's notifications by mail: it claims what is
// due, composes each in Dutch (Compose) with a link into the pages, sends
// it, and records the outcome. Several servers may each run one on the same
// database: a claim is a lease, so each notification is sent by one of them
// (see ledger.Service.ClaimMail).
type Outbox struct {
	Store  Outboxes
	Sender interface {
		Send(ctx context.Context, m Message) error
	}
	// BaseURL is the pages' public address (--public-url), for links.
	BaseURL string
	// Claimer names this server among those sharing the database.
	Claimer string
	// Every is how often to look for mail (default 15 seconds); Lease how
	// long a claim holds (default 5 minutes), longer than a send takes.
	Every, Lease time.Duration
	Log          *slog.Logger
}

// Run delivers until ctx ends, once every Every, and at once when wake is
// signalled (a notification was written).
func (o *Outbox) Run(ctx context.Context, wake <-chan struct{}) {
	every := o.Every
	if every <= 0 {
		every = 15 * time.Second
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		sent, err := o.DeliverOnce(ctx)
		if err != nil && ctx.Err() == nil {
			o.Log.Error("mail outbox", "err", err.Error())
		}
		if sent == maxPerRound {
			continue // busy: the rest at once
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-wake:
		}
	}
}

// maxPerRound is how many mails DeliverOnce sends at most before it
// returns (Run calls it again at once when it was busy).
const maxPerRound = 50

// DeliverOnce claims the mail that is due, one at a time, and sends it, and
// returns how many were sent. A failed send is recorded (tried again later, or failed)
// and is no error of DeliverOnce; errors are the store's.
func (o *Outbox) DeliverOnce(ctx context.Context) (int, error) {
	lease := o.Lease
	if lease <= 0 {
		lease = 5 * time.Minute
	}
	labels := map[string]string{}
	if cs, err := o.Store.Categories(ctx); err == nil {
		for _, c := range cs {
			labels[c.Code] = c.Label
		}
	}
	sent := 0
	// One claim per mail, just before it is sent: a slow mail server
	// cannot make a batch outlive its lease, and another server take over
	// mail this one is still about to send.
	for range maxPerRound {
		due, err := o.Store.ClaimMail(ctx, o.Claimer, 1, lease)
		if err != nil || len(due) == 0 {
			return sent, err
		}
		m := due[0]
		n := o.notice(m, labels)
		if m.Kind == ledger.NotePersonalDigest {
			if n, err = o.digest(ctx, m, labels); err != nil {
				return sent, err
			}
		}
		msg, err := Compose("<"+m.ID+"@ontschot>", m.Email, n)
		if err == nil {
			err = o.Sender.Send(ctx, msg)
		}
		if err == nil {
			sent++
			if err := o.Store.MailSent(ctx, o.Claimer, m); err != nil && ledger.ErrorCode(err) != ledger.ENOTFOUND {
				return sent, err
			}
			continue
		}
		var se *SendError
		why := err.Error()
		if errors.As(err, &se) && se.Err != nil {
			why = se.Error()
		}
		o.Log.Warn("mail not sent", "notification", m.ID, "temporary", Temporary(err), "err", why)
		if err := o.Store.MailNotSent(ctx, o.Claimer, m, why, Temporary(err)); err != nil && ledger.ErrorCode(err) != ledger.ENOTFOUND {
			return sent, err
		}
	}
	return sent, nil
}

// notice is what a notification says by mail: the amount, category and pot
// and a link, never who is paid or the case.
func (o *Outbox) notice(m ledger.OutboxMail, labels map[string]string) Notice {
	about := About{Amount: m.Amount, Category: labels[m.Category], Pot: m.PotName}
	if about.Category == "" {
		about.Category = m.Category
	}
	link := o.link("/meldingen")
	if m.PayoutID != "" {
		link = o.link("/aanvragen/" + url.PathEscape(string(m.PayoutID)))
	}
	switch m.Kind {
	case ledger.NoteDecided:
		return RequestDecided{About: about, Approved: m.Detail != string(ledger.OutcomeReject), Link: link}
	case ledger.NoteReminder:
		return DecisionReminder{About: about, WorkingDays: m.WaitedDays, Link: link}
	case ledger.NoteEscalation:
		return DecisionEscalated{About: about, WorkingDays: m.WaitedDays, Link: link}
	case ledger.NoteEscalated:
		return DecisionEscalated{About: about, WorkingDays: m.WaitedDays, ToRequester: true, Link: link}
	case ledger.NoteReturned:
		why := ""
		if m.Detail != "" {
			why = ledger.BankReasonOf(m.Detail).Dutch
		}
		return PayoutReturned{About: about, Reason: why, Link: link}
	case ledger.NoteReversed:
		return PayoutReturned{About: about, Reversed: true, Link: link}
	case ledger.NoteEvaluationDue:
		return EvaluationDue{About: about, Link: link + "#evaluatie"}
	case ledger.NoteFinanceDigest:
		d := ledger.ParseFinanceDigest(m.Detail)
		return FinanceDigest{UnallocatedOver90Days: d.Unallocated, UnmatchedBankEntries: d.Unmatched, ReturnedAwaitingPayee: d.Returned,
			ClosablePeriods: d.Closable, Link: o.link("/financien")}
	}
	return RequestWaiting{About: about, Link: link}
}

// digest is a digest reader's daily mail: the notifications written
// between the digest before it and this one (those the sweep counted),
// newest first, each one line.
func (o *Outbox) digest(ctx context.Context, m ledger.OutboxMail, labels map[string]string) (Notice, error) {
	page, err := o.Store.Notifications(ctx, ledger.Actor{User: m.User}, ledger.NotificationQuery{Limit: 200})
	if err != nil {
		return nil, err
	}
	d := PersonalDigest{Link: o.link("/meldingen")}
	var prev time.Time // the digest before this one
	for _, n := range page.Notifications {
		if n.Kind == ledger.NotePersonalDigest && n.CreatedAt.Before(m.CreatedAt) && n.CreatedAt.After(prev) {
			prev = n.CreatedAt
		}
	}
	for _, n := range page.Notifications {
		if n.Kind != ledger.NotePersonalDigest && ledger.InDigest(n.CreatedAt, prev, m.CreatedAt) {
			d.Notices = append(d.Notices, o.notice(ledger.OutboxMail{Notification: n}, labels))
		}
	}
	return d, nil
}

// link is an absolute address of a page.
func (o *Outbox) link(path string) string {
	u, err := url.Parse(o.BaseURL)
	if err != nil {
		return o.BaseURL + path
	}
	// A public address with a path (https://gemeente.nl/ontschot) keeps it.
	return u.JoinPath(path).String()
}
