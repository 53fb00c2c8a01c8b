package gate_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/ontschot/ontschot/httpapi/internal/gate"
)

func TestGateBoundsAndRefuses(t *testing.T) {
	g := gate.New(2, 50*time.Millisecond)
	ctx := context.Background()
	r1, err := g.Enter(ctx)
	if err != nil {
		t.Fatal(err)
	}
	r2, err := g.Enter(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if g.Running() != 2 {
		t.Fatalf("running %d; want 2", g.Running())
	}
	// A third waits, then is refused.
	if _, err := g.Enter(ctx); !errors.Is(err, gate.ErrBusy) {
		t.Fatalf("a third read: %v; want ErrBusy", err)
	}
	if g.Refused() != 1 || g.Waiting() != 0 {
		t.Fatalf("refused %d, waiting %d; want 1, 0", g.Refused(), g.Waiting())
	}
	// One that waits while a slot comes free gets in.
	done := make(chan error, 1)
	go func() {
		r, err := g.Enter(ctx)
		if err == nil {
			r()
		}
		done <- err
	}()
	time.Sleep(10 * time.Millisecond)
	r1()
	r1() // a second release gives nothing back twice
	if err := <-done; err != nil {
		t.Fatalf("a waiting read after a release: %v", err)
	}
	r2()
	if g.Running() != 0 {
		t.Fatalf("running %d after every release; want 0", g.Running())
	}
	// A client that goes away stops waiting.
	gone, cancel := context.WithCancel(ctx)
	full := gate.New(1, time.Minute)
	r, _ := full.Enter(ctx)
	defer r()
	cancel()
	if _, err := full.Enter(gone); !errors.Is(err, context.Canceled) {
		t.Fatalf("a cancelled wait: %v", err)
	}
	if g.RetryAfter() != 1 || gate.New(0, 0).Slots() < 2 || gate.New(0, 0).RetryAfter() != 10 {
		t.Fatal("defaults: at least two slots, ten seconds' wait")
	}
}

func TestGateNeverExceedsItsSlots(t *testing.T) {
	g := gate.New(3, time.Second)
	var mu sync.Mutex
	inside, most := 0, 0
	var wg sync.WaitGroup
	for range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := g.Enter(context.Background())
			if err != nil {
				return
			}
			mu.Lock()
			inside++
			most = max(most, inside)
			mu.Unlock()
			time.Sleep(time.Millisecond)
			mu.Lock()
			inside--
			mu.Unlock()
			r()
		}()
	}
	wg.Wait()
	if most > 3 {
		t.Fatalf("%d reads inside at once; the gate has 3 slots", most)
	}
}
