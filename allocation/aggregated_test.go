package allocation_test

import (
	"context"
	"encoding/json"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/ontschot/ontschot/allocation"
	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/ledgertest"
	"github.com/ontschot/ontschot/ledger/storage"
)

// TestAggregatedAnswersEqualTheFacts lives random histories on a real
// ledger and holds every answer the Service gives from the aggregates
// (the queue and its totals per band, regret over the year and the twelve
// months, the policy signals, timeliness) to the same figures computed by
// this package's functions from every payout fact, on several days: during
// the history, and months after it, when bands, windows and waits have
// moved on.
func TestAggregatedAnswersEqualTheFacts(t *testing.T) {
	for _, seed := range []uint64{3, 11, 2026} {
		clock, store, svc := newLedger(t)
		ctx := context.Background()
		h := ledgertest.RandomHistory(t, store, clock, seed, 400, func(step int, what string) {
			if step%25 == 0 {
				compareAnswers(t, ctx, store, svc, "", ledger.DateOf(clock.Now()), seed, what)
			}
		})
		pot := h.Pot
		end := clock.Now()
		for _, later := range []int{0, 20, 45, 100, 200, 400} {
			clock.Set(end.Add(time.Duration(later) * 24 * time.Hour))
			compareAnswers(t, ctx, store, svc, pot.ID, ledger.DateOf(clock.Now()), seed, "later")
		}
	}
}

// newLedger opens a new SQLite ledger in the test's folder, with a clock
// at ledgertest.Start and the allocation service over it.
func newLedger(t *testing.T) (*ledgertest.Clock, ledger.Store, *allocation.Service) {
	t.Helper()
	clock := ledgertest.NewClock(ledgertest.Start)
	store, err := storage.Open(filepath.Join(t.TempDir(), "ledger.db"), storage.Options{Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	return clock, store, &allocation.Service{Store: store, Now: clock.Now}
}

func compareAnswers(t *testing.T, ctx context.Context, store ledger.Store, svc *allocation.Service, potID ledger.PotID, today ledger.Date, seed uint64, when string) {
	t.Helper()
	facts, err := ledger.CollectFacts(ctx, store, ledger.FactFilter{})
	if err != nil {
		t.Fatal(err)
	}
	where := func() string { return "seed " + strconv.FormatUint(seed, 10) + ", " + when + ", on " + today.String() }

	// The queue: totals, and the page of each band.
	items, totals := allocation.Queue(facts, today, nil)
	for _, band := range append([]allocation.AgeBand{""}, allocation.AgeBands...) {
		page, err := svc.Queue(ctx, allocation.QueueQuery{PotID: potID, Band: band})
		if err != nil {
			t.Fatal(err)
		}
		// Pages of three walk the same list, each item once.
		var walked []ledger.PayoutID
		for q := (allocation.QueueQuery{PotID: potID, Band: band, Limit: 3}); ; {
			p, err := svc.Queue(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			for _, it := range p.Items {
				walked = append(walked, it.Fact.ID)
			}
			if p.Next == "" {
				break
			}
			q.After = p.Next
		}
		if !reflect.DeepEqual(page.Totals, totals) {
			t.Fatalf("%s: queue totals %+v; the facts give %+v", where(), page.Totals, totals)
		}
		var want []ledger.PayoutID
		for _, it := range items {
			if band == "" || it.Band == band {
				want = append(want, it.Fact.ID)
			}
		}
		var got []ledger.PayoutID
		for _, it := range page.Items {
			got = append(got, it.Fact.ID)
		}
		if !slices.Equal(got, want) || page.Matched != len(want) || !slices.Equal(walked, want) {
			t.Fatalf("%s: queue of band %q lists %v (%d matched; pages of 3: %v); the facts give %v", where(), band, got, page.Matched, walked, want)
		}
	}

	// Regret over the pot's year and the last twelve months.
	pots, err := store.Pots(ctx)
	if err != nil || len(pots) != 1 {
		t.Fatalf("Pots = %v, %v; want the one pot of the history", pots, err)
	}
	pot := pots[0]
	potID = pot.ID
	rep, err := svc.Regret(ctx, &pot, 2026)
	if err != nil {
		t.Fatal(err)
	}
	to := ledger.NewDate(2026, time.December, 31)
	if to.After(today) {
		to = today
	}
	if want := allocation.RegretOver(facts, ledger.NewDate(2026, time.January, 1), to, today, pot.RegretThreshold); !reflect.DeepEqual(rep.Year, want) {
		t.Fatalf("%s: regret over the year %+v; the facts give %+v", where(), rep.Year, want)
	}
	if want := allocation.Regret(facts, today, pot.RegretThreshold).LastTwelveMonths; !reflect.DeepEqual(rep.LastTwelveMonths, want) {
		t.Fatalf("%s: regret over twelve months %+v; the facts give %+v", where(), rep.LastTwelveMonths, want)
	}

	// The signals, at two thresholds.
	uptakes, err := store.SignalUptakes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, threshold := range []int{1, 3} {
		got, err := svc.Signals(ctx, threshold)
		if err != nil {
			t.Fatal(err)
		}
		want := allocation.Signals(facts, today, threshold, uptakes)
		for i := range want {
			if n := len(want[i].PayoutIDs); n > allocation.SignalPayoutLimit {
				want[i].PayoutIDs = want[i].PayoutIDs[n-allocation.SignalPayoutLimit:]
			}
		}
		if len(got) != len(want) {
			t.Fatalf("%s: %d signals at threshold %d; the facts give %d:\n%+v\n%+v", where(), len(got), threshold, len(want), got, want)
		}
		for i := range got {
			// As the API shows them: JSON.
			g, _ := json.Marshal(got[i].For(ledgertest.Finance, nil))
			w, _ := json.Marshal(want[i])
			if string(g) != string(w) {
				t.Fatalf("%s: signal %d at threshold %d is\n%s\nthe facts give\n%s", where(), i, threshold, g, w)
			}
		}
	}

	// Timeliness, as finance sees it.
	got, err := svc.Timeliness(ctx, potID, ledgertest.Finance)
	if err != nil {
		t.Fatal(err)
	}
	want := allocation.ForPot(facts, today)
	if len(want.Flagged) > allocation.FlaggedLimit {
		want.Flagged = want.Flagged[:allocation.FlaggedLimit]
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%s: timeliness %+v; the facts give %+v", where(), got, want)
	}
}

// TestSignalsForEachReader lives a random history in which two
// caseworkers deviate from the same rules, and checks each reader's
// signals against who requested each rule signal's payouts, as counted
// from every payout fact: a caseworker reads a rule's words only when
// every payout of the window behind it is their own; a manager reads
// them all (without the requesters being read); the admin none.
func TestSignalsForEachReader(t *testing.T) {
	clock, store, svc := newLedger(t)
	ctx := context.Background()
	ledgertest.RandomHistory(t, store, clock, 23, 250, nil)

	facts, err := ledger.CollectFacts(ctx, store, ledger.FactFilter{})
	if err != nil {
		t.Fatal(err)
	}
	today := ledger.DateOf(clock.Now())
	from := today.AddDays(1).AddMonths(-12)
	requesters := map[string]map[string]bool{}
	for _, f := range facts {
		if !f.SignalCounted() || f.ValueDate.Before(from) || today.Before(f.ValueDate) {
			continue
		}
		for _, k := range f.SignalKeys() {
			if requesters[k.ID()] == nil {
				requesters[k.ID()] = map[string]bool{}
			}
			requesters[k.ID()][f.RequestedBy] = true
		}
	}
	whole, err := svc.Signals(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	shown := map[string]int{}
	for _, reader := range []ledger.Actor{ledgertest.Caseworker, ledgertest.Colleague, ledgertest.Manager, ledgertest.Admin} {
		got, err := svc.SignalsFor(ctx, reader, 1)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(whole) {
			t.Fatalf("%s reads %d signals; there are %d", reader.User, len(got), len(whole))
		}
		for i, sg := range got {
			w := whole[i]
			if w.Kind != allocation.SignalRule {
				continue
			}
			own := len(requesters[w.ID]) == 1 && requesters[w.ID][reader.User]
			sees := reader.SeesEveryCase() || (reader.Role == ledger.RoleCaseworker && own)
			if sg.Redacted == sees || (sees && sg.Label != w.Label) || (!sees && (sg.Label != "" || sg.ID != "")) {
				t.Errorf("%s reads rule signal %s (requested by %v) as %+v; want it seen: %v", reader.User, w.ID, requesters[w.ID], sg, sees)
			}
			if sees {
				shown[reader.User]++
			}
		}
	}
	if shown[ledgertest.Manager.User] == 0 || shown[ledgertest.Admin.User] != 0 {
		t.Fatalf("rule signals shown per reader: %v; the history has too few rules to tell", shown)
	}
	t.Logf("rule signals shown per reader: %v", shown)
}
