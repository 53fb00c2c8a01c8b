package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/ontschot/ontschot/ledger"
)

// loadgenUsage is loadgen's usage line, in the help's list and for -h.
const loadgenUsage = "--url URL --token TOKEN (--pot POT_ID [--amount EUR] [--keys=false] | --reads) [--clients N] [--duration D]"

// runLoadgen drives concurrent payout requests against a running server and
// reports throughput, latency percentiles and the answers by status.
func (m *Main) runLoadgen(ctx context.Context, args []string) error {
	fs := m.flags("loadgen", loadgenUsage)
	base := fs.String("url", "http://127.0.0.1:8080", "the server's base URL; several, separated by commas, share the clients in turn (servers on one database)")
	token := fs.String("token", "", "an API token of a caseworker (or another requester role)")
	pot := fs.String("pot", "", "the pot to request payouts from (POT-…); give it enough money")
	clients := fs.Int("clients", 64, "concurrent clients, each with its own connection")
	duration := fs.Duration("duration", 30*time.Second, "how long to send requests")
	amount := fs.String("amount", "0.01", "the amount of each payout")
	keys := fs.Bool("keys", true, "send an Idempotency-Key with every request, as careful clients do")
	reads := fs.Bool("reads", false, "instead of requesting payouts, ask for the heavy reads (the queue, signals, regret, timeliness, statements, the finance view, the legitimacy report) in turn, with an auditor's token")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *reads {
		if *token == "" {
			return usageError("--token is required: an auditor's")
		}
		return m.loadHeavyReads(ctx, bases(*base)[0], *token, *clients, *duration)
	}
	if *token == "" || *pot == "" {
		return usageError("--token and --pot are required")
	}
	if *clients < 1 || *duration <= 0 {
		return usageError("--clients must be at least 1 and --duration positive")
	}
	if _, err := ledger.ParseAmount(*amount); err != nil {
		return usageError("--amount: " + err.Error())
	}
	body, err := json.Marshal(map[string]any{
		"potId": *pot, "amount": *amount, "category": "other", "urgency": "normal",
		"payee":   map[string]string{"name": "Loadgen Leverancier", "iban": "NL91ABNA0417164300"},
		"caseRef": "LOAD-0001",
		"justification": map[string]any{
			"situation": "Load test of the payout path; no resident is involved.", "severity": 1,
			"residentInvolvement": "not applicable", "expectedReturn": "a throughput figure",
			"deviatesFrom": []string{"none: load test"}, "regularRouteTried": "not applicable",
			"stuckSince": ledger.DateOf(time.Now()).String(),
		},
	})
	if err != nil {
		return err
	}
	servers := bases(*base)
	transport := &http.Transport{MaxIdleConns: *clients, MaxIdleConnsPerHost: *clients, MaxConnsPerHost: *clients, IdleConnTimeout: time.Minute}
	client := &http.Client{Transport: transport, Timeout: 30 * time.Second}
	defer transport.CloseIdleConnections()

	fmt.Fprintf(m.Stdout, "loadgen: %d clients for %s against %s (this machine: %d cores)\n", *clients, *duration, strings.Join(servers, ", "), runtime.NumCPU())
	type result struct {
		latencies []time.Duration
		statuses  map[string]int
		errors    map[string]int
	}
	results := make([]result, *clients)
	runCtx, cancel := context.WithTimeout(ctx, *duration)
	defer cancel()
	run := time.Now().UnixNano()
	start := time.Now()
	var wg sync.WaitGroup
	for c := range *clients {
		wg.Add(1)
		url := servers[c%len(servers)] + "/api/v1/payouts"
		go func() {
			defer wg.Done()
			res := result{statuses: map[string]int{}, errors: map[string]int{}}
			for i := 0; runCtx.Err() == nil; i++ {
				req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
				if err != nil {
					res.errors[err.Error()]++
					break
				}
				req.Header.Set("Authorization", "Bearer "+*token)
				req.Header.Set("Content-Type", "application/json")
				if *keys {
					req.Header.Set("Idempotency-Key", fmt.Sprintf("loadgen-%d-%d-%d", run, c, i))
				}
				t0 := time.Now()
				resp, err := client.Do(req)
				if err != nil {
					res.errors[shortError(err)]++
					continue
				}
				answer, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				res.latencies = append(res.latencies, time.Since(t0))
				key := resp.Status
				if resp.StatusCode == http.StatusCreated {
					var p struct {
						Status string `json:"status"`
					}
					if json.Unmarshal(answer, &p) == nil {
						key += " " + p.Status
					}
				}
				res.statuses[key]++
			}
			results[c] = res
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)

	var all []time.Duration
	statuses, errs := map[string]int{}, map[string]int{}
	for _, r := range results {
		all = append(all, r.latencies...)
		for k, n := range r.statuses {
			statuses[k] += n
		}
		for k, n := range r.errors {
			errs[k] += n
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
	fmt.Fprintf(m.Stdout, "requests   %d answered in %s: %.0f/s\n", len(all), elapsed.Round(time.Millisecond), float64(len(all))/elapsed.Seconds())
	if len(all) > 0 {
		fmt.Fprintf(m.Stdout, "latency    p50 %s   p95 %s   p99 %s   max %s\n",
			pct(all, 50), pct(all, 95), pct(all, 99), all[len(all)-1].Round(10*time.Microsecond))
	}
	for _, k := range sortedKeys(statuses) {
		fmt.Fprintf(m.Stdout, "status     %-28s %d\n", k, statuses[k])
	}
	for _, k := range sortedKeys(errs) {
		fmt.Fprintf(m.Stdout, "error      %-28s %d\n", k, errs[k])
	}
	return nil
}

// bases splits --url into the servers' base URLs.
func bases(list string) []string {
	var out []string
	for _, u := range strings.Split(list, ",") {
		if u = strings.TrimRight(strings.TrimSpace(u), "/"); u != "" {
			out = append(out, u)
		}
	}
	if len(out) == 0 {
		out = []string{"http://127.0.0.1:8080"}
	}
	return out
}

func pct(sorted []time.Duration, p int) time.Duration {
	i := (len(sorted)*p + 99) / 100
	if i > 0 {
		i--
	}
	return sorted[i].Round(10 * time.Microsecond)
}

func sortedKeys(m map[string]int) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

func shortError(err error) string {
	s := err.Error()
	if i := strings.LastIndex(s, ": "); i >= 0 {
		s = s[i+2:]
	}
	return s
}

// loadHeavyReads has clients ask for the heavy reads in turn for duration:
// what the gate of heavy reads is for. Each answer must be a 200 or a 503
// (busy) within the client's 30-second timeout; the figures say how many of
// each, and how long they took.
func (m *Main) loadHeavyReads(ctx context.Context, base, token string, clients int, duration time.Duration) error {
	transport := &http.Transport{MaxIdleConns: clients, MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients, IdleConnTimeout: time.Minute}
	client := &http.Client{Transport: transport, Timeout: 30 * time.Second}
	defer transport.CloseIdleConnections()
	get := func(path string, into any) error {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+path, nil)
		if err != nil {
			return err
		}
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := client.Do(req)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("GET %s: %s", path, resp.Status)
		}
		return json.NewDecoder(resp.Body).Decode(into)
	}
	var pots struct {
		Pots []struct {
			ID string `json:"id"`
		} `json:"pots"`
	}
	if err := get("/api/v1/pots", &pots); err != nil {
		return fmt.Errorf("cannot list the pots (is the token an auditor's?): %w", err)
	}
	if len(pots.Pots) == 0 {
		return fmt.Errorf("the ledger has no pots to read")
	}
	// The last quarter that has ended.
	today := ledger.DateOf(time.Now())
	q := (int(today.Month())-1)/3 + 1
	year := today.Year()
	if q--; q == 0 {
		q, year = 4, year-1
	}
	quarter := fmt.Sprintf("%d-Q%d", year, q)
	var paths []string
	for _, p := range pots.Pots {
		paths = append(paths, "/api/v1/pots/"+p.ID+"/regret", "/api/v1/pots/"+p.ID+"/timeliness", "/api/v1/pots/"+p.ID+"/statements/"+quarter)
	}
	paths = append(paths, "/api/v1/allocation-queue?limit=1", "/api/v1/signals", "/api/v1/finance-views/"+quarter, "/api/v1/legitimacy-reports/"+quarter)
	fmt.Fprintf(m.Stdout, "loadgen: %d clients asking for %d heavy reads in turn for %s against %s (this machine: %d cores)\n",
		clients, len(paths), duration, base, runtime.NumCPU())
	type result struct {
		latencies []time.Duration
		statuses  map[string]int
		errors    map[string]int
	}
	results := make([]result, clients)
	runCtx, cancel := context.WithTimeout(ctx, duration)
	defer cancel()
	start := time.Now()
	var wg sync.WaitGroup
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res := result{statuses: map[string]int{}, errors: map[string]int{}}
			for i := c; runCtx.Err() == nil; i++ {
				path := paths[i%len(paths)]
				req, err := http.NewRequest(http.MethodGet, base+path, nil)
				if err != nil {
					res.errors[err.Error()]++
					break
				}
				req.Header.Set("Authorization", "Bearer "+token)
				t0 := time.Now()
				resp, err := client.Do(req)
				if err != nil {
					res.errors[shortError(err)]++
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				res.latencies = append(res.latencies, time.Since(t0))
				res.statuses[resp.Status]++
			}
			results[c] = res
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	var all []time.Duration
	statuses, errs := map[string]int{}, map[string]int{}
	for _, r := range results {
		all = append(all, r.latencies...)
		for k, n := range r.statuses {
			statuses[k] += n
		}
		for k, n := range r.errors {
			errs[k] += n
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
	fmt.Fprintf(m.Stdout, "answers    %d in %s\n", len(all), elapsed.Round(time.Millisecond))
	if len(all) > 0 {
		fmt.Fprintf(m.Stdout, "latency    p50 %s   p95 %s   p99 %s   max %s\n", pct(all, 50), pct(all, 95), pct(all, 99), all[len(all)-1].Round(10*time.Microsecond))
	}
	for _, k := range sortedKeys(statuses) {
		fmt.Fprintf(m.Stdout, "status     %-28s %d\n", k, statuses[k])
	}
	for _, k := range sortedKeys(errs) {
		fmt.Fprintf(m.Stdout, "error      %-28s %d\n", k, errs[k])
	}
	return nil
}
