package httpapi_test

import (
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/httpapi"
	"github.com/ontschot/ontschot/ledger/ledgertest"
	"github.com/ontschot/ontschot/ledger/storage"
)

// TestPagesBesideTheAPI serves the pages and the API from one server: the
// pages at every path outside /api and /metrics.
func TestPagesBesideTheAPI(t *testing.T) {
	clock := ledgertest.NewClock(ledgertest.Start)
	s, err := storage.Open(filepath.Join(t.TempDir(), "ledger.db"), storage.Options{Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	api, err := httpapi.New(httpapi.Config{Store: s, Now: clock.Now, Pages: true})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(api)
	defer srv.Close()
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, tc := range []struct {
		path, wantType string
		status         int
	}{
		{"/", "", http.StatusSeeOther},
		{"/inloggen", "text/html", http.StatusOK},
		{"/static/style.css", "text/css", http.StatusOK},
		{"/bestaat-niet", "text/html", http.StatusNotFound},
		{"/api/v1/health", "application/json", http.StatusOK},
		{"/api/v1/bestaat-niet", "application/problem+json", http.StatusNotFound},
		{"/api/v1/health/ready", "application/json", http.StatusOK},
		{"/metrics", "application/problem+json", http.StatusUnauthorized}, // the API's, behind a token
	} {
		resp, err := c.Get(srv.URL + tc.path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tc.status || !strings.HasPrefix(resp.Header.Get("Content-Type"), tc.wantType) {
			t.Errorf("GET %s: %d %s; want %d %s", tc.path, resp.StatusCode, resp.Header.Get("Content-Type"), tc.status, tc.wantType)
		}
	}
}
