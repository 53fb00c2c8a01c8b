package httpapi_test

import (
	"encoding/json"
	"log/slog"
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
