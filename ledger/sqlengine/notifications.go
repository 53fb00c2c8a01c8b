package sqlengine

import (
	"cmp"
	"database/sql"
	"errors"
	"time"

	"github.com/ontschot/ontschot/ledger"
)

// InsertNotification adds a notification (ledger.NotificationWrites).
func (w *wtx) InsertNotification(n *ledger.Notification) error {
	// DO NOTHING: a reminder sent before is no error for the sweep that
	// tries it again, and a failed INSERT would end PostgreSQL's
	// transaction.
	res, err := w.exec(`INSERT INTO notifications (id, user_name, kind, payout_id, pot_id, amount, category, detail, waited_days, created_at, mail_state)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`, n.ID, n.User, string(n.Kind), string(n.PayoutID), string(n.PotID), int64(n.Amount),
		n.Category, n.Detail, n.WaitedDays, FormatTime(n.CreatedAt), string(n.Mail))
	if err != nil {
		return err
	}
	if k, err := res.RowsAffected(); err != nil || k == 0 {
		return cmp.Or(err, ledger.ErrExists)
	}
	return nil
}

// MarkRead marks a user's notifications up to one read
// (ledger.NotificationWrites).
func (w *wtx) MarkRead(user, through string, at time.Time) error {
	_, err := w.exec(`UPDATE notifications SET read_at = ?
		WHERE user_name = ? AND read_at IS NULL AND (created_at, id) <= (SELECT created_at, id FROM notifications WHERE id = ? AND user_name = ?)`,
		FormatTime(at), user, through, user)
	return err
}

// Notifications returns a user's notifications, newest first
// (ledger.NotificationReads).
func (r *reader) Notifications(q ledger.NotificationQuery) ([]ledger.Notification, error) {
	where, args := `n.user_name = ?`, []any{q.User}
	if q.Before != "" {
		where += ` AND (n.created_at, n.id) < (SELECT created_at, id FROM notifications WHERE id = ? AND user_name = ?)`
		args = append(args, q.Before, q.User)
	}
	if q.Unread {
		where += ` AND n.read_at IS NULL`
	}
	args = append(args, q.Limit)
	var out []ledger.Notification
	err := r.each(`SELECT n.id, n.user_name, n.kind, n.payout_id, n.pot_id, COALESCE(p.name, ''), n.amount, n.category, n.detail, n.waited_days,
			n.created_at, n.read_at, n.mail_state
		FROM notifications n LEFT JOIN pots p ON p.id = n.pot_id
		WHERE `+where+` ORDER BY n.created_at DESC, n.id DESC LIMIT ?`, func(rows *sql.Rows) error {
		var n ledger.Notification
		var kind, payout, pot, at, mail string
		var amount int64
		var read sql.NullString
		if err := rows.Scan(&n.ID, &n.User, &kind, &payout, &pot, &n.PotName, &amount, &n.Category, &n.Detail, &n.WaitedDays, &at, &read, &mail); err != nil {
			return err
		}
		n.Kind, n.PayoutID, n.PotID, n.Amount, n.CreatedAt, n.Mail = ledger.NotificationKind(kind), ledger.PayoutID(payout), ledger.PotID(pot),
			ledger.Cents(amount), parseTime(at), ledger.MailState(mail)
		if read.Valid {
			t := parseTime(read.String)
			n.ReadAt = &t
		}
		out = append(out, n)
		return nil
	}, args...)
	return out, err
}

// CountUnread counts a user's unread notifications
// (ledger.NotificationReads).
func (r *reader) CountUnread(user string) (int, error) {
	var n int
	err := r.queryRow(`SELECT COUNT(*) FROM notifications WHERE user_name = ? AND read_at IS NULL`, user).Scan(&n)
	return n, err
}

// PendingMail returns the due, unleased pending mail (ledger.OutboxReads).
func (r *reader) PendingMail(now time.Time, limit int) ([]ledger.OutboxMail, []ledger.MailMode, error) {
	at := FormatTime(now)
	var out []ledger.OutboxMail
	var modes []ledger.MailMode
	err := r.each(`SELECT n.id, n.user_name, n.kind, n.payout_id, n.pot_id, COALESCE(p.name, ''), n.amount, n.category, n.detail, n.waited_days,
			n.created_at, n.mail_attempts, COALESCE(u.email, ''), COALESCE(u.mail_mode, 'immediate')
		FROM notifications n LEFT JOIN users u ON u.name = n.user_name LEFT JOIN pots p ON p.id = n.pot_id
		WHERE n.mail_state = 'pending' AND (n.mail_next_at IS NULL OR n.mail_next_at <= ?) AND (n.mail_claim_until IS NULL OR n.mail_claim_until < ?)
		ORDER BY n.created_at, n.id LIMIT ?`, func(rows *sql.Rows) error {
		var m ledger.OutboxMail
		var kind, payout, pot, created, mode string
		var amount int64
		if err := rows.Scan(&m.ID, &m.User, &kind, &payout, &pot, &m.PotName, &amount, &m.Category, &m.Detail, &m.WaitedDays, &created, &m.Attempts, &m.Email, &mode); err != nil {
			return err
		}
		m.Kind, m.PayoutID, m.PotID, m.Amount, m.CreatedAt, m.Mail = ledger.NotificationKind(kind), ledger.PayoutID(payout), ledger.PotID(pot),
			ledger.Cents(amount), parseTime(created), ledger.MailPending
		out, modes = append(out, m), append(modes, ledger.MailMode(mode))
		return nil
	}, at, at, limit)
	return out, modes, err
}

// FailedMail returns the failed mail, newest first (ledger.OutboxReads).
func (r *reader) FailedMail(limit int) ([]ledger.OutboxMail, []string, error) {
	var out []ledger.OutboxMail
	var whys []string
	err := r.each(`SELECT n.id, n.user_name, n.kind, n.created_at, n.mail_attempts, COALESCE(u.email, ''), n.mail_error
		FROM notifications n LEFT JOIN users u ON u.name = n.user_name
		WHERE n.mail_state = 'failed' ORDER BY n.created_at DESC, n.id DESC LIMIT ?`, func(rows *sql.Rows) error {
		var m ledger.OutboxMail
		var kind, created, why string
		if err := rows.Scan(&m.ID, &m.User, &kind, &created, &m.Attempts, &m.Email, &why); err != nil {
			return err
		}
		m.Kind, m.CreatedAt, m.Mail = ledger.NotificationKind(kind), parseTime(created), ledger.MailFailed
		out, whys = append(out, m), append(whys, why)
		return nil
	}, limit)
	return out, whys, err
}

// UserMail returns a user's address and mail mode (ledger.OutboxReads).
func (r *reader) UserMail(user string) (string, ledger.MailMode, error) {
	var email, mode string
	err := r.queryRow(`SELECT email, mail_mode FROM users WHERE name = ?`, user).Scan(&email, &mode)
	if errors.Is(err, sql.ErrNoRows) {
		return "", ledger.MailImmediate, nil
	}
	return email, ledger.MailMode(mode), err
}

// UpdateMail writes how a notification's mail stands
// (ledger.OutboxWrites).
func (w *wtx) UpdateMail(u ledger.MailUpdate, claim string) error {
	opt := func(t time.Time) any {
		if t.IsZero() {
			return nil
		}
		return FormatTime(t)
	}
	q := `UPDATE notifications SET mail_state = ?, mail_attempts = ?, mail_next_at = ?, mail_error = ?, mail_claim = ?, mail_claim_until = ?, mail_sent_at = ?
		WHERE id = ?`
	args := []any{string(u.State), u.Attempts, opt(u.NextAt), u.Error, u.Claim, opt(u.ClaimUntil), opt(u.SentAt), u.ID}
	if claim != "" {
		q += ` AND mail_claim = ?`
		args = append(args, claim)
	}
	return w.execOne(q, args...)
}

// SetUserMail sets a user's address and mail mode (ledger.OutboxWrites).
func (w *wtx) SetUserMail(user, email string, mode ledger.MailMode) error {
	return w.execOne(`UPDATE users SET email = ?, mail_mode = ? WHERE name = ?`, email, string(mode), user)
}

// LastNotified returns the instant of a user's newest notification of a
// kind (ledger.NotificationReads).
func (r *reader) LastNotified(user string, kind ledger.NotificationKind) (time.Time, error) {
	var at sql.NullString
	err := r.queryRow(`SELECT MAX(created_at) FROM notifications WHERE user_name = ? AND kind = ?`, user, string(kind)).Scan(&at)
	if err != nil || !at.Valid {
		return time.Time{}, err
	}
	return parseTime(at.String), nil
}

// MarkReadIDs marks a user's notifications with the ids read
// (ledger.NotificationWrites).
func (w *wtx) MarkReadIDs(user string, ids []string, at time.Time) error {
	args := []any{FormatTime(at), user}
	for _, id := range ids {
		args = append(args, id)
	}
	_, err := w.exec(`UPDATE notifications SET read_at = ? WHERE user_name = ? AND read_at IS NULL AND id IN (`+placeholders(len(ids))+`)`, args...)
	return err
}

// MarkDecidedRead marks read the notifications of the kinds about a payout
// (ledger.NotificationWrites).
func (w *wtx) MarkDecidedRead(payout ledger.PayoutID, kinds []ledger.NotificationKind, at time.Time) error {
	args := []any{FormatTime(at), string(payout)}
	for _, k := range kinds {
		args = append(args, string(k))
	}
	_, err := w.exec(`UPDATE notifications SET read_at = ? WHERE payout_id = ? AND read_at IS NULL AND kind IN (`+placeholders(len(kinds))+`)`, args...)
	return err
}
