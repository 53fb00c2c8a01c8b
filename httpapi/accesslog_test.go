package httpapi_test

import (
	"encoding/json"
	"log/slog"
	"slices"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/httpapi"
)

// TestAccessLog: at the server's default level (Info) every request gets
// one line, the successful ones too, with the route pattern and never the
// query string; probes and scrapes answered well stay out of it.
func TestAccessLog(t *testing.T) {
	logs := &syncBuffer{}
	e := newEnvConfig(t, 1000_00, nil, func(c *httpapi.Config) {
		c.Logger = slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelInfo}))
	})
	want(t, e.do("GET", "/api/v1/pots", finance, nil), 200)
	want(t, e.do("GET", "/api/v1/payouts?requestedBy=carla&category=rent_arrears", finance, nil), 200)
	want(t, e.do("GET", "/api/v1/payouts?limit=0", finance, nil), 400)
	want(t, e.do("GET", "/api/v1/health", "", nil), 200)
	want(t, e.do("GET", "/api/v1/health/ready", "", nil), 200)
	want(t, e.do("GET", "/metrics", auditor, nil), 200)

	type line struct {
		Level, Msg, Method, Route string
		Status                    int
		Role                      string
	}
	var got []line
	for _, raw := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
		var l line
		if err := json.Unmarshal([]byte(raw), &l); err != nil {
			t.Fatalf("a log line is not JSON: %q", raw)
		}
		if l.Msg == "request" {
			got = append(got, l)
		}
	}
	wantLines := []line{
		{"INFO", "request", "GET", "/api/v1/pots", 200, "finance"},
		{"INFO", "request", "GET", "/api/v1/payouts", 200, "finance"},
		{"INFO", "request", "GET", "/api/v1/payouts", 400, "finance"},
	}
	if len(got) != len(wantLines) {
		t.Fatalf("access log:\n%+v\nwant:\n%+v\nlog:\n%s", got, wantLines, logs)
	}
	for i := range wantLines {
		if got[i] != wantLines[i] {
			t.Errorf("line %d: %+v; want %+v", i, got[i], wantLines[i])
		}
	}
	for _, secret := range []string{"carla", "requestedBy", "rent_arrears", "limit="} {
		if strings.Contains(logs.String(), secret) {
			t.Errorf("the access log holds the query (%q):\n%s", secret, logs)
		}
	}
}

// TestAccessLogOfPages: a page's line names the page's route pattern and
// the signed-in role, as an API line does, and holds no path with ids, no
// query and no user name.
func TestAccessLogOfPages(t *testing.T) {
	e := newPagesEnv(t, 1000_00)
	w := &privacyWorld{e: e}
	b := w.signIn(t, finance)
	b.get("/potten/" + string(e.pot.ID) + "?melding=carla")
	type line struct{ Msg, Route, Role string }
	var got []line
	for _, raw := range strings.Split(strings.TrimSpace(e.logs.String()), "\n") {
		var l line
		if err := json.Unmarshal([]byte(raw), &l); err == nil && l.Msg == "request" {
			got = append(got, l)
		}
	}
	wantLines := []line{
		{"request", "pages /inloggen", ""},
		{"request", "pages /inloggen", ""},
		{"request", "pages /potten/{id}", "finance"},
	}
	if !slices.Equal(got, wantLines) {
		t.Fatalf("the access log of the pages:\n%+v\nwant\n%+v", got, wantLines)
	}
	for _, secret := range []string{string(e.pot.ID), "carla", finance + `"`} {
		if strings.Contains(e.logs.String(), secret) {
			t.Errorf("the access log holds %q:\n%s", secret, e.logs)
		}
	}
}
