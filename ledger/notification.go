package ledger

import (
	"context"
	"slices"
	"time"
)

// Notifications tell the people who must act (issue 16): an approver that a
// request waits for their decision, a requester what became of a request
// or a payout. A notification is written in the write that books its event,
// in the same transaction (an outbox), so nothing is lost between the event
// and the telling; a mail sender delivers it afterwards to those who have
// an e-mail address. It holds no personal data: the payout's id, its pot,
// amount and category, what happened and how long something waited; never
// a payee, IBAN, case reference or weighing. Notifications move and
// authorise no money and are not journaled.

// NotificationKind says what a notification tells.
type NotificationKind string

// Notification kinds.
const (
	// NoteDecisionWaiting: a request waits for the reader's decision
	// (everyone of the lowest level of the pot's ladder that covers it
	// and has users; higher levels hear of it when it waits too long).
	NoteDecisionWaiting NotificationKind = "decision_waiting"
	// NoteDecided: the reader's request was approved or rejected
	// (Detail: the outcome).
	NoteDecided NotificationKind = "decided"
	// NoteReminder: a decision has waited more than the reminder's
	// working days.
	NoteReminder NotificationKind = "reminder"
	// NoteEscalation: a decision waited more than the escalation's
	// working days; it goes to the next level up the ladder.
	NoteEscalation NotificationKind = "escalation"
	// NoteEscalated: the reader's request was escalated to the next
	// level.
	NoteEscalated NotificationKind = "escalated"
	// NoteReturned: the bank sent the reader's payout back (Detail: the
	// reason code).
	NoteReturned NotificationKind = "returned"
	// NoteReversed: finance reversed the reader's approved payout.
	NoteReversed NotificationKind = "reversed"
	// NoteEvaluationDue: the reader's paid payout is due its evaluation.
	NoteEvaluationDue NotificationKind = "evaluation_due"
	// NoteFinanceDigest: finance's daily overview of what waits for it
	// (Detail: FinanceDigest.String).
	NoteFinanceDigest NotificationKind = "finance_digest"
	// NotePersonalDigest: the daily mail of someone who chose one
	// (MailDigest), of the notifications since the one before (Detail:
	// how many).
	NotePersonalDigest NotificationKind = "personal_digest"
)

// NotificationKinds lists every kind.
var NotificationKinds = []NotificationKind{NoteDecisionWaiting, NoteDecided, NoteReminder, NoteEscalation, NoteEscalated,
	NoteReturned, NoteReversed, NoteEvaluationDue, NoteFinanceDigest, NotePersonalDigest}

// NotificationPrefix begins a notification's id.
const NotificationPrefix = "NOT"

// Notification is one message to one user.
type Notification struct {
	ID   string           `json:"id"`
	User string           `json:"-"`
	Kind NotificationKind `json:"kind"`
	// PayoutID, PotID, PotName, Amount (cents) and Category say what it
	// is about: never who is paid, or the case.
	PayoutID PayoutID `json:"payoutId,omitempty"`
	PotID    PotID    `json:"potId,omitempty"`
	PotName  string   `json:"potName,omitempty"`
	Amount   Cents    `json:"amount"`
	Category string   `json:"category,omitempty"`
	// Detail is the outcome of a decision (approve, reject) or the reason
	// code of a return.
	Detail string `json:"detail,omitempty"`
	// WaitedDays is how many working days a decision has waited
	// (reminders and escalations).
	WaitedDays int       `json:"waitedDays,omitempty"`
	CreatedAt  time.Time `json:"createdAt"`
	// ReadAt is when the user opened the list that showed it (nil: not
	// read).
	ReadAt *time.Time `json:"readAt,omitempty"`
	// Mail is how its e-mail stands: none (no address, or a digest
	// reader's), pending, sent or failed.
	Mail MailState `json:"mail"`
}

// MailState is how a notification's e-mail stands.
type MailState string

// Mail states.
const (
	MailNone    MailState = "none"
	MailPending MailState = "pending"
	MailSent    MailState = "sent"
	MailFailed  MailState = "failed"
)

// NotificationQuery selects a user's notifications, newest first.
type NotificationQuery struct {
	User string
	// Before keeps those older than this notification (a cursor: "" for
	// the newest).
	Before string
	// Unread keeps the unread ones.
	Unread bool
	// Limit caps the number (1 to 200; default 50).
	Limit int
}

// NotificationPage is a page of a user's notifications, newest first.
type NotificationPage struct {
	Notifications []Notification `json:"notifications"`
	// Unread counts all the user's unread notifications.
	Unread int `json:"unread"`
	// Next is the cursor of the next (older) page; "" on the last.
	Next string `json:"next,omitempty"`
}

// NotificationReads reads notifications.
type NotificationReads interface {
	// Notifications returns the notifications q selects (q.Limit of
	// them, at most), newest first (by creation, then id), with their
	// pots' names.
	Notifications(q NotificationQuery) ([]Notification, error)
	// CountUnread counts a user's unread notifications.
	CountUnread(user string) (int, error)
	// LastNotified returns when the user was last sent a notification of
	// the kind (zero: never).
	LastNotified(user string, kind NotificationKind) (time.Time, error)
}

// NotificationWrites writes notifications.
type NotificationWrites interface {
	// InsertNotification adds a notification. Errors: ErrExists when its
	// id, or a reminder, escalation or evaluation notice of the same kind
	// for the same payout and user, is there.
	InsertNotification(n *Notification) error
	// MarkRead marks a user's notifications up to and including the one
	// with the id (every one older than it too) read at the instant; one
	// read before keeps its instant.
	MarkRead(user, through string, at time.Time) error
	// MarkReadIDs marks the user's notifications with these ids read at
	// the instant; others' ids are passed over.
	MarkReadIDs(user string, ids []string, at time.Time) error
	// MarkDecidedRead marks read, for everyone, the notifications of the
	// kinds about the payout (a decision was taken: those asking for it
	// are done).
	MarkDecidedRead(payout PayoutID, kinds []NotificationKind, at time.Time) error
}

// notify writes notifications of one event to each of the users, in the
// write that books it; a user named twice is told once, and the actor is
// not told of their own act.
func (o *op) notify(actor Actor, users []string, n Notification) error {
	seen := map[string]bool{actor.User: true}
	for _, u := range users {
		if seen[u] {
			continue
		}
		seen[u] = true
		m := n
		m.ID, m.User, m.CreatedAt, m.Mail = NewID(NotificationPrefix, o.now), u, o.now, MailPending
		if err := o.tx.InsertNotification(&m); err != nil {
			return err
		}
	}
	return nil
}

// levels returns, for each level of the pot's ladder that covers the
// amount (Pot.Deciders, lowest first) and has users, its users: the first
// is the level a request waits for, and is told of it and reminded; the
// next is where it goes up to when it waits too long. A level without
// users is passed over, so a request never waits on nobody.
func levels(tx ReadTx, pot *Pot, amount Cents) ([][]string, error) {
	us, err := tx.Users()
	if err != nil {
		return nil, err
	}
	var out [][]string
	for _, r := range pot.Deciders(amount) {
		var names []string
		for _, u := range us {
			if u.Role == r {
				names = append(names, u.Name)
			}
		}
		if len(names) > 0 {
			out = append(out, names)
		}
	}
	return out, nil
}

// deciders returns the users of the level a request of the amount waits
// for (levels).
func deciders(tx ReadTx, pot *Pot, amount Cents) ([]string, error) {
	ls, err := levels(tx, pot, amount)
	if err != nil || len(ls) == 0 {
		return nil, err
	}
	return ls[0], nil
}

// payoutNote is a notification about a payout, with what it may say.
func payoutNote(kind NotificationKind, p *Payout, pot *Pot) Notification {
	return Notification{Kind: kind, PayoutID: p.ID, PotID: p.PotID, PotName: pot.Name, Amount: p.Amount, Category: p.Category}
}

// Notifications returns a page of the actor's own notifications, newest
// first (Store). Errors: EINVALID (a cursor that is none, a limit out of
// range).
func (s *Service) Notifications(ctx context.Context, actor Actor, q NotificationQuery) (NotificationPage, error) {
	q.User = actor.User
	var fe fieldErrors
	switch {
	case q.Limit == 0:
		q.Limit = 50
	case q.Limit < 1 || q.Limit > 200:
		fe.add("limit", msgNotifyLimit)
	}
	if q.Before != "" && !ValidID(NotificationPrefix, q.Before) {
		fe.add("before", msgNotifyCursor)
	}
	if err := fe.err(nounFilter); err != nil {
		return NotificationPage{}, err
	}
	var page NotificationPage
	err := s.read(ctx, "list notifications", func(tx ReadTx) error {
		limit := q.Limit
		q.Limit = limit + 1
		ns, err := tx.Notifications(q)
		if err != nil {
			return err
		}
		if len(ns) > limit {
			ns = ns[:limit]
			page.Next = ns[limit-1].ID
		}
		page.Notifications = ns
		page.Unread, err = tx.CountUnread(actor.User)
		return err
	})
	if page.Notifications == nil {
		page.Notifications = []Notification{}
	}
	return page, err
}

// UnreadNotifications counts the actor's unread notifications (Store), for
// the count in the pages' navigation.
func (s *Service) UnreadNotifications(ctx context.Context, actor Actor) (int, error) {
	var n int
	err := s.read(ctx, "count notifications", func(tx ReadTx) error {
		var err error
		n, err = tx.CountUnread(actor.User)
		return err
	})
	return n, err
}

// MarkShownRead marks the actor's notifications with these ids read: those
// a page showed (Store). Another user's id, or one that is none, is passed
// over.
func (s *Service) MarkShownRead(ctx context.Context, actor Actor, ids []string) error {
	ids = slices.DeleteFunc(slices.Clone(ids), func(id string) bool { return !ValidID(NotificationPrefix, id) })
	if len(ids) == 0 {
		return nil
	}
	return s.write(ctx, "mark notifications read", func(o *op) error {
		return o.tx.MarkReadIDs(actor.User, ids, o.now)
	})
}

// MarkNotificationsRead marks the actor's notifications up to and including
// through (and every older one) read (Store): the list that showed them
// was opened. Errors: EINVALID (an id that is none).
func (s *Service) MarkNotificationsRead(ctx context.Context, actor Actor, through string) error {
	if !ValidID(NotificationPrefix, through) {
		return Invalid(nounFilter, []FieldError{NewFieldError("through", msgNotifyThrough)})
	}
	return s.write(ctx, "mark notifications read", func(o *op) error {
		return o.tx.MarkRead(actor.User, through, o.now)
	})
}
