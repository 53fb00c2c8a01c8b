package web_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/ontschot/ontschot/httpapi/internal/gate"
)

// TestHeavyPagesPassTheGate fills the gate of heavy reads: the queue and a
// pot's dashboard answer a Dutch "busy" page with Retry-After instead of
// piling up, light pages still work, and with room again the queue shows.
func TestHeavyPagesPassTheGate(t *testing.T) {
	g := gate.New(1, 50*time.Millisecond)
	e := newEnvGate(t, g)
	b := e.browser(t)
	b.signIn(finance)
	release, err := g.Enter(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/financien", "/potten/" + string(e.pot.ID), "/potten"} {
		p := wantStatus(t, b.get(path), http.StatusServiceUnavailable)
		wantText(t, p, "Het is nu erg druk", "Probeer het over 1 seconden opnieuw")
		if p.Header.Get("Retry-After") != "1" {
			t.Fatalf("%s: Retry-After %q; want 1", path, p.Header.Get("Retry-After"))
		}
	}
	wantStatus(t, b.get("/financien/perioden"), http.StatusOK)
	release()
	wantStatus(t, b.get("/financien"), http.StatusOK)
}
