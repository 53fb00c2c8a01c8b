package sqlengine

import (
	"database/sql"
	"time"

	"github.com/ontschot/ontschot/ledger"
)

// InsertNotification adds a notification (ledger.NotificationWrites).
func (w *wtx) InsertNotification(n *ledger.Notification) error {
	return w.insert(`INSERT INTO notifications (id, user_name, kind, payout_id, pot_id, amount, category, detail, waited_days, created_at, mail_state)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, n.ID, n.User, string(n.Kind), string(n.PayoutID), string(n.PotID), int64(n.Amount),
		n.Category, n.Detail, n.WaitedDays, FormatTime(n.CreatedAt), string(n.Mail))
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
