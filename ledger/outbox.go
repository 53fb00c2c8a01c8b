package ledger

import (
	"context"
	"errors"
	"net/mail"
	"strings"
	"time"
)

// The mail outbox: notifications wait in the store (mail state pending)
// until a sender claims them, sends them and says how it went. A claim is
// a lease (the sender's name and an instant): claiming is a write, writes
// are serialised, so two servers on one database never claim the same
// notification while a lease runs; a server that dies after sending and
// before saying so lets its lease run out, and the notification is sent
// again with the same Message-ID (its id), which a mail system can
// recognise. A temporary failure is retried with growing waits
// (MailBackoff); after MaxMailAttempts, or at a permanent failure, the
// notification is failed, and listed for admins.

// MailMode is a user's choice of mail.
type MailMode string

// Mail modes.
const (
	// MailImmediate: a mail for each notification at once.
	MailImmediate MailMode = "immediate"
	// MailDigest: one mail a day of the day's notifications.
	MailDigest MailMode = "digest"
)

// MaxMailAge is how old a notification may be when its mail is first
// claimed: an older one was written while no mail server was set (or the
// user had no address yet), and is left in the app rather than mailed
// late. A retry keeps its first claim's age (it was claimed in time).
const MaxMailAge = 24 * time.Hour

// MaxMailAttempts is how many times a notification's mail is tried before
// it is failed.
const MaxMailAttempts = 6

// MailBackoff is the wait before the next try after attempts failed tries:
// 1, 5, 15, 60 and 240 minutes.
func MailBackoff(attempts int) time.Duration {
	waits := []time.Duration{time.Minute, 5 * time.Minute, 15 * time.Minute, time.Hour, 4 * time.Hour}
	return waits[min(max(attempts, 1), len(waits))-1]
}

// OutboxMail is a notification claimed for delivery by mail, with its
// user's address.
type OutboxMail struct {
	Notification
	Email    string
	Attempts int
}

// MailUpdate is how a notification's mail stands after a step of its
// delivery.
type MailUpdate struct {
	ID       string
	State    MailState
	Attempts int
	// NextAt is when to try again (zero: at once); Claim and ClaimUntil
	// the lease ("" and zero: none); SentAt when it was sent.
	NextAt, ClaimUntil, SentAt time.Time
	Claim                      string
	Error                      string
}

// OutboxReads reads the mail outbox.
type OutboxReads interface {
	// PendingMail returns up to limit notifications whose mail is pending,
	// due (no NextAt, or one not after now) and not leased (no lease, or
	// one run out by now), oldest first, each with its user's address and
	// mail mode ("" and immediate for a user that is not there).
	PendingMail(now time.Time, limit int) ([]OutboxMail, []MailMode, error)
	// FailedMail returns the notifications whose mail failed, newest
	// first, with their users' addresses and last errors.
	FailedMail(limit int) ([]OutboxMail, []string, error)
	// UserMail returns a user's address and mail mode ("" and immediate
	// for a user without one).
	UserMail(user string) (string, MailMode, error)
}

// OutboxWrites writes the mail outbox.
type OutboxWrites interface {
	// UpdateMail writes how a notification's mail stands; with claim not
	// "", only while the notification is leased to that claim. Errors:
	// ErrNotFound when there is no such notification, or its lease is
	// another's.
	UpdateMail(u MailUpdate, claim string) error
	// SetUserMail sets a user's address and mail mode. Errors:
	// ErrNotFound when there is no such user.
	SetUserMail(user, email string, mode MailMode) error
}

// ClaimMail claims up to limit notifications to send by mail for lease,
// for the sender claimer (a server's name), and returns them with their
// addresses. A notification of a user without an address, or who chose a
// daily digest, is not mailed on its own: its mail state becomes none (the
// digest is made apart). Errors: internal.
func (s *Service) ClaimMail(ctx context.Context, claimer string, limit int, lease time.Duration) ([]OutboxMail, error) {
	var out []OutboxMail
	err := s.write(ctx, "claim mail", func(o *op) error {
		out = nil
		// Those not to be mailed are settled on the way, so a claim of
		// one mail is not stopped by a run of them.
		due, modes, err := o.tx.PendingMail(o.now, limit+200)
		if err != nil {
			return err
		}
		for i, m := range due {
			if len(out) == limit {
				break
			}
			u := MailUpdate{ID: m.ID, State: MailPending, Attempts: m.Attempts, Claim: claimer, ClaimUntil: o.now.Add(lease)}
			switch {
			case m.Email == "" || (modes[i] == MailDigest) != (m.Kind == NotePersonalDigest):
				// No address; or a digest reader, who is mailed the
				// day's digest only.
				u = MailUpdate{ID: m.ID, State: MailNone, Attempts: m.Attempts}
			case m.Attempts == 0 && m.CreatedAt.Before(o.now.Add(-MaxMailAge)):
				// Written while no mail was sent (a server without a
				// mail server, or before the user had an address): in
				// the app, not mailed days late.
				u = MailUpdate{ID: m.ID, State: MailNone, Attempts: m.Attempts, Error: "too old to mail when mail was first tried"}
			default:
				out = append(out, m)
			}
			if err := o.tx.UpdateMail(u, ""); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

// MailSent records that claimer sent a notification's mail. Errors:
// ENOTFOUND when the lease is no longer claimer's (it ran out, and
// another sender took it over).
func (s *Service) MailSent(ctx context.Context, claimer string, m OutboxMail) error {
	return s.write(ctx, "mail sent", func(o *op) error {
		err := o.tx.UpdateMail(MailUpdate{ID: m.ID, State: MailSent, Attempts: m.Attempts + 1, SentAt: o.now}, claimer)
		if errors.Is(err, ErrNotFound) {
			return NewError(ENOTFOUND, msgMailLeaseLost, m.ID)
		}
		return err
	})
}

// MailNotSent records that claimer's try to send a notification's mail
// failed: tried again after MailBackoff when the failure is temporary and
// tries are left, else failed. why is the failure, for the admins' list
// (no personal data: the SMTP server's answer). Errors: ENOTFOUND when
// the lease is no longer claimer's.
func (s *Service) MailNotSent(ctx context.Context, claimer string, m OutboxMail, why string, temporary bool) error {
	return s.write(ctx, "mail not sent", func(o *op) error {
		u := MailUpdate{ID: m.ID, State: MailFailed, Attempts: m.Attempts + 1, Error: why}
		if temporary && u.Attempts < MaxMailAttempts {
			u.State, u.NextAt = MailPending, o.now.Add(MailBackoff(u.Attempts))
		}
		err := o.tx.UpdateMail(u, claimer)
		if errors.Is(err, ErrNotFound) {
			return NewError(ENOTFOUND, msgMailLeaseLost, m.ID)
		}
		return err
	})
}

// FailedMail lists the notifications whose mail failed after its last try,
// newest first, with the address and the last error: for admins, who fix
// the address or the mail server (Store). Errors: EFORBIDDEN.
func (s *Service) FailedMail(ctx context.Context, actor Actor) ([]FailedMailLine, error) {
	if err := actor.Can(ActManageUsers, "read the mail that failed"); err != nil {
		return nil, err
	}
	var out []FailedMailLine
	err := s.read(ctx, "list failed mail", func(tx ReadTx) error {
		ms, whys, err := tx.FailedMail(500)
		for i, m := range ms {
			out = append(out, FailedMailLine{ID: m.ID, User: m.User, Email: m.Email, Kind: m.Kind, CreatedAt: m.CreatedAt, Attempts: m.Attempts, Error: whys[i]})
		}
		return err
	})
	return out, err
}

// FailedMailLine is a notification whose mail failed.
type FailedMailLine struct {
	ID        string           `json:"id"`
	User      string           `json:"user"`
	Email     string           `json:"email"`
	Kind      NotificationKind `json:"kind"`
	CreatedAt time.Time        `json:"createdAt"`
	Attempts  int              `json:"attempts"`
	Error     string           `json:"error"`
}

// SetUserMail sets a user's e-mail address ("" for none) and mail mode
// (immediate when ""): admins for anyone (Store). The address is personal
// data: it is kept with the user, out of the journal. Errors: EFORBIDDEN,
// EINVALID (an address that is none, a mode that is none), ENOTFOUND.
func (s *Service) SetUserMail(ctx context.Context, actor Actor, user, email string, mode MailMode) error {
	if err := actor.Can(ActManageUsers, "set users' e-mail addresses"); err != nil {
		return err
	}
	email, mode, err := CheckUserMail(email, mode)
	if err != nil {
		return err
	}
	return s.write(ctx, "set user mail", func(o *op) error {
		err := o.tx.SetUserMail(user, email, mode)
		if errors.Is(err, ErrNotFound) {
			return NewError(ENOTFOUND, msgNoUser, Quoted(user))
		}
		return err
	})
}

// CheckUserMail checks an address (RFC 5322, one plain ASCII address, at
// most 254 characters, its domain a name with a dot) and a mode, and returns them normalised (trimmed; the
// mode immediate when ""). Errors: EINVALID naming email or mailMode.
func CheckUserMail(email string, mode MailMode) (string, MailMode, error) {
	var fe fieldErrors
	email = strings.TrimSpace(email)
	if email != "" {
		// One plain address, ASCII (a mail server without SMTPUTF8 takes
		// no other), its domain a name with a dot (no IP literal, no
		// host of the local network).
		a, err := mail.ParseAddress(email)
		_, domain, _ := strings.Cut(email, "@")
		if err != nil || a.Address != email || len(email) > 254 || a.Name != "" || !IsASCIIPrint(email) || !mailDomain(domain) {
			fe.add("email", msgNotAnEmail, Quoted(email))
		}
	}
	switch mode {
	case "":
		mode = MailImmediate
	case MailImmediate, MailDigest:
	default:
		fe.add("mailMode", msgNotAMailMode, Quoted(mode))
	}
	return email, mode, fe.err(nounUserMail)
}

// IsASCIIPrint reports whether s holds printable ASCII only (no control
// characters, no letters beyond ASCII).
func IsASCIIPrint(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x21 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// mailDomain reports whether d is a domain name mail can go to: labels of
// letters, digits and hyphens, not beginning or ending with a hyphen, at
// least two, the last not all digits (no IP address, no local host name).
func mailDomain(d string) bool {
	labels := strings.Split(d, ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' || strings.Trim(strings.ToLower(l), "abcdefghijklmnopqrstuvwxyz0123456789-") != "" {
			return false
		}
	}
	return strings.Trim(labels[len(labels)-1], "0123456789") != ""
}
