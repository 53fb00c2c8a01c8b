package web

import (
	"net/http"
	"net/url"

	"github.com/ontschot/ontschot/ledger"
)

// notificationsPath is the page of one's notifications.
const notificationsPath = "/meldingen"

// notificationsPage is the data of /meldingen.
type notificationsPage struct {
	Notes  []ledger.Notification
	Unread int
	Pager  pager
	Labels map[string]string
}

// notificationsList shows the reader's notifications, newest first, a page
// at a time (?na= the last one of the page before), and marks those shown
// read: the reader has now seen them. The ones unread before show as new.
func (h *Handler) notificationsList(w http.ResponseWriter, r *http.Request, s *session) error {
	q := r.URL.Query()
	page, err := h.store.Notifications(ctx(r), s.Actor, ledger.NotificationQuery{Before: q.Get("na"), Limit: 50})
	if ledger.ErrorCode(err) == ledger.EINVALID {
		h.renderError(w, r, s, http.StatusBadRequest, "Meldingen", "Deze pagina van de meldingen bestaat niet; begin bij de nieuwste meldingen.")
		return nil
	}
	if err != nil {
		return err
	}
	v := notificationsPage{Notes: page.Notifications, Unread: page.Unread, Pager: pager{Label: "Meldingen"}}
	if page.Next != "" {
		v.Pager.Next = notificationsPath + "?na=" + url.QueryEscape(page.Next)
	}
	if v.Labels, err = h.categoryLabels(r); err != nil {
		return err
	}
	// Those shown are read now; those on other pages stay unread.
	var shown []string
	for _, n := range page.Notifications {
		if n.ReadAt == nil {
			shown = append(shown, n.ID)
		}
	}
	if err := h.store.MarkShownRead(ctx(r), s.Actor, shown); err != nil {
		return err
	}
	h.render(w, r, s, http.StatusOK, "notifications", "Meldingen", v)
	return nil
}
