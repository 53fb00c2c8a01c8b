package httpapi_test

import (
	"strings"
	"testing"
)

// TestNotificationsOverHTTP: a request above the caseworker's mandate is
// at once in the notifications of the level it waits for (the team leads)
// and in nobody else's; each
// caller reads only their own, newest first, paged; marking read counts
// down; bad limits, cursors and unread values are 400s naming the key.
func TestNotificationsOverHTTP(t *testing.T) {
	e := newEnv(t, 10000_00)
	p, _ := e.requestPayout(caseworker, "2400.00")
	type page struct {
		Notifications []struct {
			ID, Kind, PayoutID, Amount, PotName string
		}
		Unread     int
		NextCursor string
	}
	for user, n := range map[string]int{teamlead: 1, teamlead2: 1, manager: 0, alderman: 0, caseworker: 0, caseworker2: 0, finance: 0, partner: 0, auditor: 0, admin: 0} {
		var got page
		r := want(t, e.do("GET", "/api/v1/notifications", user, nil), 200)
		r.JSON(t, &got)
		if len(got.Notifications) != n || got.Unread != n {
			t.Fatalf("%s reads %d notifications (%d unread); want %d", user, len(got.Notifications), got.Unread, n)
		}
		if n == 1 && (got.Notifications[0].Kind != "decision_waiting" || got.Notifications[0].PayoutID != p.ID || got.Notifications[0].Amount != "2400.00") {
			t.Errorf("%s's notification: %+v", user, got.Notifications[0])
		}
		if strings.Contains(string(r.Body), "WIJK-") || strings.Contains(string(r.Body), "NL91") {
			t.Errorf("%s's notifications hold the case or the payee: %s", user, r.Body)
		}
	}
	var got page
	want(t, e.do("GET", "/api/v1/notifications?unread=true&limit=1", teamlead, nil), 200).JSON(t, &got)
	want(t, e.do("POST", "/api/v1/notifications/read", teamlead, map[string]any{"through": got.Notifications[0].ID}), 204)
	want(t, e.do("GET", "/api/v1/notifications?unread=true", teamlead, nil), 200).JSON(t, &got)
	if got.Unread != 0 || len(got.Notifications) != 0 {
		t.Errorf("after marking read: %+v", got)
	}
	for query, key := range map[string]string{"?limit=0": "limit", "?limit=201": "limit", "?after=nope": "after", "?unread=ja": "unread"} {
		wantParam(t, wantProblem(t, e.do("GET", "/api/v1/notifications"+query, teamlead, nil), 400, "INVALID"), key)
	}
	wantParam(t, wantProblem(t, e.do("POST", "/api/v1/notifications/read", teamlead, map[string]any{"through": "x"}), 400, "INVALID"), "through")
}
