package httpapi

import (
	"errors"
	"net/http"

	"github.com/ontschot/ontschot/ledger"
)

// notificationKeys are the query keys of GET /notifications.
var notificationKeys = []string{"after", "limit", "unread"}

// listNotifications answers the caller's own notifications, newest first,
// a page at a time (after: the nextCursor of the page before), with the
// number unread.
func (s *Server) listNotifications(w http.ResponseWriter, r *http.Request, sess ledger.Session) error {
	q, err := query(r, notificationKeys...)
	if err != nil {
		return err
	}
	var c fieldCollector
	nq := ledger.NotificationQuery{Before: q.Get("after"), Limit: limitParam(q, &c, 200)}
	switch q.Get("unread") {
	case "", "false":
	case "true":
		nq.Unread = true
	default:
		c = append(c, ledger.FieldError{Field: "unread", Reason: "give true to list the unread notifications only, or leave it out"})
	}
	if err := c.merge(nil); err != nil {
		return err
	}
	page, err := s.store.Notifications(r.Context(), sess.Actor, nq)
	var le *ledger.Error
	if errors.As(err, &le) && le.Code == ledger.EINVALID {
		// The ledger's cursor is this route's after.
		for i := range le.Fields {
			if le.Fields[i].Field == "before" {
				le.Fields[i].Field = "after"
			}
		}
	}
	if err != nil {
		return err
	}
	body := map[string]any{"notifications": page.Notifications, "unread": page.Unread}
	pageLinks(w, r, body, page.Next, "")
	return writeJSON(w, http.StatusOK, body)
}

// readBody names the newest notification the caller has seen.
type readBody struct {
	Through string `json:"through" validate:"required"`
}

// markNotificationsRead marks the caller's notifications up to and
// including through (and every older one) read: 204.
func (s *Server) markNotificationsRead(w http.ResponseWriter, r *http.Request, sess ledger.Session) error {
	var b readBody
	if err := decodeValid(w, r, &b); err != nil {
		return err
	}
	if err := s.store.MarkNotificationsRead(r.Context(), sess.Actor, b.Through); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// listMailFailures answers the notifications whose mail failed after its
// last try, newest first, with the address and the mail server's last
// answer: for admins, who correct the address or the mail server.
func (s *Server) listMailFailures(w http.ResponseWriter, r *http.Request, sess ledger.Session) error {
	if _, err := query(r); err != nil {
		return err
	}
	fs, err := s.store.FailedMail(r.Context(), sess.Actor)
	if err != nil {
		return err
	}
	if fs == nil {
		fs = []ledger.FailedMailLine{}
	}
	return writeJSON(w, http.StatusOK, map[string]any{"failures": fs})
}
