package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/storage"
)

// runReadbench measures every page and API read of issue 12's table against
// a server on a ledger made by the demo: the median and p95 of several runs
// of each (one at a time, after a warm-up), then the server's memory at
// rest, during mixed reads by a few clients and during many concurrent
// heavy reads. It prints a Markdown table for the README, with the same rows
// at every size, so runs at 10k, 100k and 1M payouts can be put side by
// side.
func (m *Main) runReadbench(ctx context.Context, args []string) error {
	fs := m.flags("readbench", "(--db DB | --url URL [--pid PID] --tokens FILE) [--password P] [--runs N] [--mixed D] [--mixed-clients N] [--heavy D] [--heavy-clients N] [--timeout D]")
	db := fs.String("db", "", "a ledger made by the demo (make bigledger), served by a server of this binary that the benchmark starts and stops, so its memory is known; signing in writes sessions, so give it a copy of a ledger you keep")
	base := fs.String("url", "", "instead of --db: the base URL of a server that runs already")
	pid := fs.Int("pid", 0, "with --url: the server's process id, to read its memory in /proc/PID/status (without it the memory rows stay empty)")
	tokenFile := fs.String("tokens", "", "the demo's token file (ROLE USER TOKEN on each line); default, with --db: the one the demo wrote beside the ledger, DB.tokens")
	password := fs.String("password", DemoPassword, "the password of the demo's web accounts")
	runs := fs.Int("runs", 10, "measured runs of every read, after one warm-up")
	mixed := fs.Duration("mixed", 2*time.Minute, "how long the mixed reads run")
	mixedClients := fs.Int("mixed-clients", 8, "how many clients ask for the mixed reads (every read of the table, in turn)")
	heavy := fs.Duration("heavy", 30*time.Second, "how long the concurrent heavy reads run")
	heavyClients := fs.Int("heavy-clients", 64, "how many clients ask for the heavy reads (the reports and dashboards, in turn) at once")
	timeout := fs.Duration("timeout", 10*time.Minute, "the longest one read may take")
	if err := parse(fs, args); err != nil {
		return err
	}
	if (*db == "") == (*base == "") {
		return usageError("give either --db (a ledger to serve) or --url (a running server)")
	}
	if *db != "" && *pid != 0 {
		return usageError("--pid goes with --url; with --db the benchmark starts the server itself")
	}
	if *runs < 1 || *mixedClients < 1 || *heavyClients < 1 {
		return usageError("--runs, --mixed-clients and --heavy-clients must be at least 1")
	}
	if *mixed <= 0 || *heavy <= 0 || *timeout <= 0 {
		return usageError("--mixed, --heavy and --timeout must be positive durations, such as 2m or 30s")
	}
	ledgerName, file := "", ""
	if *db != "" {
		ledgerName = storage.Redact(*db)
		if path, ok := storage.SQLitePath(*db); ok {
			if _, err := os.Stat(path); err != nil {
				return fmt.Errorf("there is no ledger at %s; build one with \"make bigledger N=100000 BIGLEDGER=%s\"", path, path)
			}
			file = path
			if *tokenFile == "" {
				*tokenFile = path + ".tokens"
			}
		} else if *tokenFile == "" {
			*tokenFile = "ontschot-demo.tokens"
		}
	} else if *tokenFile == "" {
		return usageError("--tokens is required with --url: the token file the demo wrote beside its ledger (DB.tokens)")
	}
	users, err := readDemoTokens(*tokenFile)
	if err != nil {
		return err
	}

	// The server's own messages and the benchmark's share stderr.
	logw := &lockedWriter{w: m.Stderr}
	b := &readBench{
		m: m, log: logw, base: strings.TrimRight(*base, "/"), pid: *pid, users: users, password: *password, sessions: map[ledger.Role]string{},
		client: &http.Client{
			Transport: &http.Transport{MaxIdleConns: *heavyClients + *mixedClients, MaxIdleConnsPerHost: *heavyClients + *mixedClients, IdleConnTimeout: time.Minute},
			Timeout:   *timeout,
			// A page that sends the reader elsewhere (to the sign-in) is
			// an answer to look at, not to follow.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
	}
	defer b.client.CloseIdleConnections()
	if *db != "" {
		// A ledger of an older schema is upgraded first, on its own, so
		// the server's memory is not the migration's.
		if err := upgradeLedger(ctx, *db, logw); err != nil {
			return err
		}
		srv, err := startBenchServer(*db, *timeout, logw)
		if err != nil {
			return err
		}
		defer srv.stop(logw)
		b.base, b.pid = srv.url, srv.pid
	}

	// At rest: started (with --db), nothing read yet.
	time.Sleep(time.Second)
	restStart := b.rss()
	loadBefore := loadAverage()
	for _, role := range []ledger.Role{ledger.RoleFinance, ledger.RoleCaseworker, ledger.RoleTeamlead, ledger.RolePartner} {
		if _, err := b.session(ctx, role, ""); err != nil {
			return err
		}
	}
	p, err := b.pick(ctx)
	if err != nil {
		return err
	}
	reads := benchReads(p)

	// One read at a time: a warm-up, then the runs, each a round over
	// every read, so a busy moment of the machine is shared by all rows.
	res := make([]readResult, len(reads))
	var body []byte
	peak := b.watchPeak()
	fmt.Fprintf(logw, "readbench: a warm-up and %d runs of %d reads against %s\n", *runs, len(reads), b.base)
	for round := 0; round <= *runs; round++ {
		for i, rd := range reads {
			if res[i].failed != "" {
				continue
			}
			a := b.do(ctx, rd)
			if a.err != nil || a.status != http.StatusOK {
				res[i].failed = a.problem()
				fmt.Fprintf(logw, "readbench: %s: %s\n", rd.what, res[i].failed)
				continue
			}
			if round > 0 {
				res[i].times = append(res[i].times, a.took)
			}
			if rd.what == verificationRow {
				body = a.body
			}
		}
		if round == 0 {
			fmt.Fprintf(logw, "readbench: warmed up\n")
		} else {
			fmt.Fprintf(logw, "readbench: run %d of %d done\n", round, *runs)
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
	singlePeak := peak()
	time.Sleep(2 * time.Second)
	restAfter := b.rss()

	var working, heavyReads []benchRead
	for i, rd := range reads {
		if res[i].failed == "" {
			working = append(working, rd)
			if rd.heavy {
				heavyReads = append(heavyReads, rd)
			}
		}
	}
	fmt.Fprintf(logw, "readbench: %d clients asking for every read in turn for %s\n", *mixedClients, *mixed)
	peak = b.watchPeak()
	mixedLoad := b.load(ctx, working, *mixedClients, *mixed)
	mixedPeak := peak()
	mixedAfter := b.rss()
	fmt.Fprintf(logw, "readbench: %d clients asking for the heavy reads in turn for %s\n", *heavyClients, *heavy)
	peak = b.watchPeak()
	heavyLoad := b.load(ctx, heavyReads, *heavyClients, *heavy)
	heavyPeak := peak()
	if ctx.Err() != nil {
		return ctx.Err()
	}

	// The report.
	var v struct {
		HeadSeq int64 `json:"headSeq"` // the journal's newest transaction
	}
	_ = json.Unmarshal(body, &v)
	w := m.Stdout
	what := "the server at " + b.base
	if ledgerName != "" {
		what = ledgerName
	}
	var facts []string
	// The file's size as served: after an upgrade, which may add indexes.
	if fi, err := os.Stat(file); file != "" && err == nil {
		facts = append(facts, megabytes(fi.Size())+" MB")
	}
	if v.HeadSeq > 0 {
		facts = append(facts, "a journal of "+thousands(v.HeadSeq)+" transactions")
	}
	if len(facts) > 0 {
		what += " (" + strings.Join(facts, ", ") + ")"
	}
	fmt.Fprintf(w, "Reads of %s by ontschot %s on %s, %d cores: pot %s (%s), the partner's pot %s, quarter %s, payout %s.\n",
		what, version, m.Now().Format("2006-01-02"), runtime.NumCPU(), p.pot.ID, p.pot.label(), p.partnerPot.ID, p.quarter, p.payout)
	fmt.Fprintf(w, "Median and p95 of %d runs of every read, one at a time, after a warm-up; memory is the server's (VmRSS, peaks VmHWM%s); the machine's load average was %s at the start and %s at the end.\n\n",
		*runs, map[bool]string{true: "", false: " or VmRSS sampled every 0.1 s"}[b.pid == 0 || b.peakResets], loadBefore, loadAverage())
	fmt.Fprintln(w, "| what | median | p95 |")
	fmt.Fprintln(w, "| --- | --- | --- |")
	failed := 0
	for i, rd := range reads {
		if res[i].failed != "" {
			failed++
			fmt.Fprintf(w, "| %s | failed: %s | |\n", rd.what, strings.ReplaceAll(res[i].failed, "|", "/"))
			continue
		}
		sort.Slice(res[i].times, func(a, b int) bool { return res[i].times[a] < res[i].times[b] })
		fmt.Fprintf(w, "| %s | %s | %s |\n", rd.what, millis(pct(res[i].times, 50)), millis(pct(res[i].times, 95)))
	}
	mixedWhat := fmt.Sprintf("mixed reads, %d clients for %s", *mixedClients, span(*mixed))
	heavyWhat := fmt.Sprintf("%d concurrent heavy reads for %s", *heavyClients, span(*heavy))
	for _, l := range []struct {
		what string
		load loadResult
	}{{mixedWhat, mixedLoad}, {heavyWhat, heavyLoad}} {
		if len(l.load.times) > 0 {
			fmt.Fprintf(w, "| %s: every answer | %s | %s |\n", l.what, millis(pct(l.load.times, 50)), millis(pct(l.load.times, 95)))
		} else {
			fmt.Fprintf(w, "| %s: every answer | none | |\n", l.what)
		}
		fmt.Fprintf(w, "| %s: answers | %s | |\n", l.what, l.load.statuses())
	}
	for _, r := range []struct {
		what string
		kB   int64
	}{
		{"server RSS at rest, before the reads", restStart.rss},
		{"server peak RSS, the reads one at a time", singlePeak},
		{"server RSS at rest after them", restAfter.rss},
		{"server peak RSS, " + mixedWhat, mixedPeak},
		{"server RSS after the mixed reads", mixedAfter.rss},
		{"server peak RSS, " + heavyWhat, heavyPeak},
	} {
		fmt.Fprintf(w, "| %s | %s | |\n", r.what, memory(r.kB))
	}
	if failed > 0 {
		return fmt.Errorf("%d of the %d reads failed (their rows say why): check that %s is a ledger made by the demo and that the tokens and password are its own", failed, len(reads), what)
	}
	return nil
}

// verificationRow is the row whose answer says how long the journal is.
const verificationRow = "`GET /journal/verification`"

// benchRead is one read of the table: a page with a web session of a role,
// or an API call with a role's token.
type benchRead struct {
	what  string      // the row, as issue 12's table names it
	path  string      // the path and query asked for
	role  ledger.Role // whose session or token asks
	web   bool        // a page (session cookie) rather than the API (token)
	pdf   bool        // ask for application/pdf
	heavy bool        // one of the reports and dashboards of the concurrent heavy reads
}

// benchPicks are the ledger's own ids the reads ask for.
type benchPicks struct {
	pot, partnerPot benchPot
	quarter         string
	payout          ledger.PayoutID // the newest
	deep            ledger.PayoutID // the newest of the oldest pot: a cursor far down the list
	unallocated     ledger.PayoutID // the oldest in the allocation queue
}

// benchReads lists every read of issue 12's table, in its order.
func benchReads(p benchPicks) []benchRead {
	pot, q := string(p.pot.ID), p.quarter
	api := "/api/v1"
	return []benchRead{
		{what: "finance queue page `/financien`", path: "/financien", role: ledger.RoleFinance, web: true, heavy: true},
		{what: "pot dashboard `/potten/{id}`", path: "/potten/" + pot, role: ledger.RoleFinance, web: true, heavy: true},
		{what: "pots page `/potten`", path: "/potten", role: ledger.RoleFinance, web: true, heavy: true},
		{what: "partner statement page `/partner/{pot}/{quarter}`", path: "/partner/" + string(p.partnerPot.ID) + "/" + q, role: ledger.RolePartner, web: true, heavy: true},
		{what: "dashboard chart PNG `/potten/{id}/grafiek.png`", path: "/potten/" + pot + "/grafiek.png", role: ledger.RoleFinance, web: true, heavy: true},
		{what: "receivables page `/financien/vorderingen`", path: "/financien/vorderingen", role: ledger.RoleFinance, web: true},
		{what: "allocation form `/financien/toerekenen/{id}`", path: "/financien/toerekenen/" + string(p.unallocated), role: ledger.RoleFinance, web: true},
		{what: "my requests `/aanvragen`", path: "/aanvragen", role: ledger.RoleCaseworker, web: true},
		{what: "approver inbox `/beoordelen`", path: "/beoordelen", role: ledger.RoleTeamlead, web: true},
		{what: "`GET /allocation-queue`", path: api + "/allocation-queue", role: ledger.RoleAuditor, heavy: true},
		{what: "`GET /pots/{id}/regret`", path: api + "/pots/" + pot + "/regret", role: ledger.RoleAuditor, heavy: true},
		{what: "`GET /pots/{id}/timeliness`", path: api + "/pots/" + pot + "/timeliness", role: ledger.RoleAuditor, heavy: true},
		{what: "`GET /signals`", path: api + "/signals", role: ledger.RoleAuditor, heavy: true},
		{what: "statement PDF `GET /pots/{id}/statements/{quarter}`", path: api + "/pots/" + pot + "/statements/" + q, role: ledger.RoleAuditor, pdf: true, heavy: true},
		{what: "`GET /finance-views/{quarter}`", path: api + "/finance-views/" + q, role: ledger.RoleAuditor, heavy: true},
		{what: "`GET /legitimacy-reports/{quarter}`", path: api + "/legitimacy-reports/" + q, role: ledger.RoleAuditor, heavy: true},
		{what: verificationRow, path: api + "/journal/verification", role: ledger.RoleAuditor},
		{what: "a pot's balance `GET /pots/{id}`", path: api + "/pots/" + pot, role: ledger.RoleAuditor},
		{what: "`GET /pots`", path: api + "/pots", role: ledger.RoleAuditor},
		{what: "first page of `GET /payouts`", path: api + "/payouts", role: ledger.RoleAuditor},
		{what: "a deep page of `GET /payouts?after={id}`", path: api + "/payouts?after=" + url.QueryEscape(string(p.deep)), role: ledger.RoleAuditor},
		{what: "request form `/aanvragen/nieuw`", path: "/aanvragen/nieuw", role: ledger.RoleCaseworker, web: true},
		{what: "a payout's page `/aanvragen/{id}`", path: "/aanvragen/" + string(p.payout), role: ledger.RoleFinance, web: true},
	}
}

// readBench asks a server for the reads and watches its memory.
type readBench struct {
	m        *Main
	log      io.Writer // progress, to stderr
	base     string
	pid      int
	client   *http.Client
	users    map[ledger.Role]benchUser
	password string

	// peakResets says the server's VmHWM could be set back at the start
	// of each phase (otherwise its peak is VmRSS sampled).
	peakResets bool

	mu       sync.Mutex
	sessions map[ledger.Role]string // the session cookie of each role signed in
}

// benchUser is a line of the demo's token file: a user and its API token.
type benchUser struct {
	user, token string
}

// readDemoTokens reads the token file the demo writes (ROLE, USER and TOKEN
// separated by tabs): the users the benchmark signs in as.
func readDemoTokens(path string) (map[ledger.Role]benchUser, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read the token file %s (%w): give the file the demo wrote beside its ledger with --tokens", path, err)
	}
	users := map[ledger.Role]benchUser{}
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) == 3 {
			users[ledger.Role(f[0])] = benchUser{user: f[1], token: f[2]}
		}
	}
	for _, role := range []ledger.Role{ledger.RoleAuditor, ledger.RoleFinance, ledger.RoleCaseworker, ledger.RoleTeamlead, ledger.RolePartner} {
		if users[role].token == "" {
			return nil, fmt.Errorf("the token file %s has no line for the %s role; the benchmark needs the file the demo writes (ontschot demo --db DB writes DB.tokens)", path, role)
		}
	}
	return users, nil
}

// answer is what one read got.
type answer struct {
	status int
	took   time.Duration
	body   []byte
	err    error
}

// problem says in a few words why an answer is not a success.
func (a answer) problem() string {
	if a.err != nil {
		if a.took > 0 {
			return "after " + millis(a.took) + ": " + shortError(a.err)
		}
		return shortError(a.err)
	}
	s := strconv.Itoa(a.status) + " " + http.StatusText(a.status)
	var p struct {
		Detail string `json:"detail"`
	}
	if json.Unmarshal(a.body, &p) == nil && p.Detail != "" {
		s += ": " + p.Detail
	}
	return s
}

// do asks for one read and reads the whole answer. A page that sends the
// reader to the sign-in (the session ended) is asked again once after
// signing in anew; that first answer is not counted. An answer 202 with a
// Location (a verification under way) is followed there at once, as often
// as it takes (the server holds each such request a moment for the run):
// the read took until the answer itself came.
func (b *readBench) do(ctx context.Context, rd benchRead) answer {
	var t0 time.Time
	path, following := rd.path, false
	for attempt := 0; ; attempt++ {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, b.base+path, nil)
		if err != nil {
			return answer{err: err}
		}
		cookie := ""
		if rd.web {
			if cookie, err = b.session(ctx, rd.role, ""); err != nil {
				return answer{err: err}
			}
			req.AddCookie(&http.Cookie{Name: "ontschot_sessie", Value: cookie})
		} else {
			req.Header.Set("Authorization", "Bearer "+b.users[rd.role].token)
		}
		if rd.pdf {
			req.Header.Set("Accept", "application/pdf")
		}
		if !following {
			t0 = time.Now()
		}
		resp, err := b.client.Do(req)
		if err != nil {
			return answer{err: err, took: time.Since(t0)}
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		a := answer{status: resp.StatusCode, took: time.Since(t0), body: body, err: err}
		loc := resp.Header.Get("Location")
		switch {
		case err != nil:
			return a
		case rd.web && attempt == 0 && resp.StatusCode == http.StatusSeeOther && strings.HasPrefix(loc, "/inloggen"):
			if _, err := b.session(ctx, rd.role, cookie); err != nil {
				return answer{err: err}
			}
		case resp.StatusCode == http.StatusAccepted && strings.HasPrefix(loc, "/") && (b.client.Timeout == 0 || time.Since(t0) < b.client.Timeout):
			path, following = loc, true
		default:
			return a
		}
	}
}

// session returns the session cookie of role's demo user, signing in
// through the sign-in form as a browser does when there is none yet, or
// when the one there is is stale (it ended).
func (b *readBench) session(ctx context.Context, role ledger.Role, stale string) (string, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if c := b.sessions[role]; c != "" && c != stale {
		return c, nil
	}
	u := b.users[role]
	form, err := b.client.Get(b.base + "/inloggen")
	if err != nil {
		return "", fmt.Errorf("cannot open the sign-in page at %s/inloggen: %w", b.base, err)
	}
	io.Copy(io.Discard, form.Body)
	form.Body.Close()
	var csrf *http.Cookie
	for _, c := range form.Cookies() {
		if c.Name == "ontschot_formulier" {
			csrf = c
		}
	}
	if form.StatusCode != http.StatusOK || csrf == nil {
		return "", fmt.Errorf("the sign-in page at %s/inloggen answered %s without a form cookie: is that an ontschot server with its pages?", b.base, form.Status)
	}
	values := url.Values{"gebruiker": {u.user}, "wachtwoord": {b.password}, "csrf": {csrf.Value}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, b.base+"/inloggen", strings.NewReader(values.Encode()))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(csrf)
	resp, err := b.client.Do(req)
	if err != nil {
		return "", fmt.Errorf("cannot sign in as %s: %w", u.user, err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	for _, c := range resp.Cookies() {
		if c.Name == "ontschot_sessie" && c.Value != "" {
			b.sessions[role] = c.Value
			return c.Value, nil
		}
	}
	return "", fmt.Errorf("cannot sign in to the pages as %s (%s): the server answered %s; the demo's accounts have the password %q, give another with --password", u.user, role, resp.Status, DemoPassword)
}

// getJSON asks the API for path with role's token and decodes the answer.
func (b *readBench) getJSON(ctx context.Context, role ledger.Role, path string, into any) error {
	a := b.do(ctx, benchRead{path: path, role: role})
	if a.err != nil || a.status != http.StatusOK {
		return fmt.Errorf("GET %s as the demo's %s: %s", path, role, a.problem())
	}
	if err := json.Unmarshal(a.body, into); err != nil {
		return fmt.Errorf("GET %s: the answer is not the JSON expected: %w", path, err)
	}
	return nil
}

// benchPot is a pot as the API lists it.
type benchPot struct {
	ID      ledger.PotID `json:"id"`
	Name    string       `json:"name"`
	Year    int          `json:"year"`
	Balance struct {
		Spent string `json:"spent"`
	} `json:"balance"`
}

func (p benchPot) label() string { return p.Name + " " + strconv.Itoa(p.Year) }

// pick chooses what the reads ask for from the ledger itself: the quarter
// is the last that ended before the newest payout's value date; the pot is
// the one of that quarter's year that spent most (for the partner's page,
// the one of the partner's pots); the payout's page shows the newest
// payout; the deep page of payouts starts after the newest payout of the
// oldest pot; the allocation form is the oldest unallocated payout's.
func (b *readBench) pick(ctx context.Context) (benchPicks, error) {
	var p benchPicks
	var newest struct {
		Payouts []struct {
			ID        ledger.PayoutID `json:"id"`
			ValueDate string          `json:"valueDate"`
		} `json:"payouts"`
	}
	if err := b.getJSON(ctx, ledger.RoleAuditor, "/api/v1/payouts?limit=1", &newest); err != nil {
		return p, err
	}
	if len(newest.Payouts) == 0 {
		return p, fmt.Errorf("the ledger has no payouts to read; build one with \"make bigledger N=100000\"")
	}
	p.payout = newest.Payouts[0].ID
	day, err := ledger.ParseDate(newest.Payouts[0].ValueDate)
	if err != nil {
		return p, fmt.Errorf("the newest payout's value date %q: %w", newest.Payouts[0].ValueDate, err)
	}
	year, q := day.Year(), (int(day.Month())-1)/3
	if q == 0 {
		year, q = year-1, 4
	}
	p.quarter = fmt.Sprintf("%d-Q%d", year, q)

	var all, partner struct {
		Pots []benchPot `json:"pots"`
	}
	if err := b.getJSON(ctx, ledger.RoleAuditor, "/api/v1/pots", &all); err != nil {
		return p, err
	}
	if err := b.getJSON(ctx, ledger.RolePartner, "/api/v1/pots", &partner); err != nil {
		return p, err
	}
	var ok bool
	if p.pot, ok = busiest(all.Pots, year); !ok {
		return p, fmt.Errorf("the ledger has no pots to read")
	}
	if p.partnerPot, ok = busiest(partner.Pots, year); !ok {
		return p, fmt.Errorf("the demo's partner %s funds no pot", b.users[ledger.RolePartner].user)
	}
	oldest := all.Pots[0]
	for _, pot := range all.Pots {
		if pot.Year < oldest.Year || pot.Year == oldest.Year && pot.ID < oldest.ID {
			oldest = pot
		}
	}
	var deep struct {
		Payouts []struct {
			ID ledger.PayoutID `json:"id"`
		} `json:"payouts"`
	}
	if err := b.getJSON(ctx, ledger.RoleAuditor, "/api/v1/payouts?limit=1&potId="+url.QueryEscape(string(oldest.ID)), &deep); err != nil {
		return p, err
	}
	p.deep = p.payout
	if len(deep.Payouts) > 0 {
		p.deep = deep.Payouts[0].ID
	}
	var queue struct {
		Items []struct {
			PayoutID ledger.PayoutID `json:"payoutId"`
		} `json:"items"`
	}
	if err := b.getJSON(ctx, ledger.RoleAuditor, "/api/v1/allocation-queue?limit=1", &queue); err != nil {
		return p, err
	}
	if len(queue.Items) == 0 {
		return p, fmt.Errorf("the allocation queue is empty, so there is no allocation form to read; use a ledger made by the demo")
	}
	p.unallocated = queue.Items[0].PayoutID
	return p, nil
}

// busiest returns the pot of year that spent most (the newest year's when
// none is of that year), the lower id first among equals.
func busiest(pots []benchPot, year int) (benchPot, bool) {
	newest := 0
	for _, p := range pots {
		newest = max(newest, p.Year)
	}
	var best benchPot
	var bestSpent ledger.Cents
	found := false
	for _, want := range []int{year, newest} {
		for _, p := range pots {
			if p.Year != want {
				continue
			}
			spent, _ := ledger.ParseAmount(p.Balance.Spent)
			if !found || spent > bestSpent || spent == bestSpent && p.ID < best.ID {
				best, bestSpent, found = p, spent, true
			}
		}
		if found {
			break
		}
	}
	return best, found
}

// readResult is one row's runs, or why it failed.
type readResult struct {
	times  []time.Duration
	failed string
}

// loadResult is what many clients got.
type loadResult struct {
	times []time.Duration // sorted
	codes map[string]int
}

// statuses lists the answers by status: "153 × 200, 258 × 503".
func (l loadResult) statuses() string {
	if len(l.codes) == 0 {
		return "none"
	}
	var out []string
	for _, k := range sortedKeys(l.codes) {
		out = append(out, thousands(int64(l.codes[k]))+" × "+k)
	}
	return strings.Join(out, ", ")
}

// load has clients ask for reads in turn (each starting at its own) for d;
// a read under way at the end is waited for.
func (b *readBench) load(ctx context.Context, reads []benchRead, clients int, d time.Duration) loadResult {
	out := loadResult{codes: map[string]int{}}
	if len(reads) == 0 {
		return out
	}
	var mu sync.Mutex
	end := time.Now().Add(d)
	var wg sync.WaitGroup
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var times []time.Duration
			codes := map[string]int{}
			for i := c; time.Now().Before(end) && ctx.Err() == nil; i++ {
				a := b.do(ctx, reads[i%len(reads)])
				if a.err != nil {
					codes["error ("+shortError(a.err)+")"]++
					continue
				}
				times = append(times, a.took)
				codes[strconv.Itoa(a.status)]++
			}
			mu.Lock()
			defer mu.Unlock()
			out.times = append(out.times, times...)
			for k, n := range codes {
				out.codes[k] += n
			}
		}()
	}
	wg.Wait()
	sort.Slice(out.times, func(i, j int) bool { return out.times[i] < out.times[j] })
	return out
}

// procMemory is a process's resident memory in kB: now, and its peak.
type procMemory struct {
	rss, hwm int64
}

// rss reads the server's memory in /proc; zero when it cannot (no --pid,
// not Linux).
func (b *readBench) rss() procMemory {
	if b.pid == 0 {
		return procMemory{}
	}
	data, err := os.ReadFile("/proc/" + strconv.Itoa(b.pid) + "/status")
	if err != nil {
		return procMemory{}
	}
	var m procMemory
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		n, _ := strconv.ParseInt(f[1], 10, 64)
		switch f[0] {
		case "VmRSS:":
			m.rss = n
		case "VmHWM:":
			m.hwm = n
		}
	}
	return m
}

// resettablePeak reports whether the peak of pid's memory (VmHWM) can be
// set back to what it holds now, by writing 5 to /proc/PID/clear_refs
// (Linux 4.0 and later, for a process of one's own).
func resettablePeak(pid int) bool {
	return os.WriteFile("/proc/"+strconv.Itoa(pid)+"/clear_refs", []byte("5"), 0) == nil
}

// watchPeak starts watching the server's peak memory: it sets VmHWM back
// where it can, and samples VmRSS every 0.1 s besides. The function it
// returns stops watching and returns the peak in kB.
func (b *readBench) watchPeak() func() int64 {
	if b.pid == 0 {
		return func() int64 { return 0 }
	}
	reset := resettablePeak(b.pid)
	b.peakResets = reset
	stop, done := make(chan struct{}), make(chan int64)
	go func() {
		var top int64
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			top = max(top, b.rss().rss)
			select {
			case <-stop:
				done <- top
				return
			case <-t.C:
			}
		}
	}()
	return func() int64 {
		close(stop)
		top := <-done
		if m := b.rss(); reset {
			top = max(top, m.hwm, m.rss)
		} else {
			top = max(top, m.rss)
		}
		return top
	}
}

// benchServer is the server the benchmark started.
type benchServer struct {
	cmd  *exec.Cmd
	url  string
	pid  int
	done chan error
}

var servesLine = regexp.MustCompile(`serves .* at (https?://\S+)`)

// startBenchServer starts "ontschot serve" on db, on a free port of the
// loopback, with this program's own binary (so the figures are those of the
// build that prints them), and waits until it listens: opening a large
// ledger of an older schema may take a while (a migration).
func startBenchServer(db string, wait time.Duration, log io.Writer) (*benchServer, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("cannot find this program to start a server with: %w", err)
	}
	cmd := exec.Command(exe, "serve", "--db", db, "--addr", "127.0.0.1:0", "--log-level", "error")
	cmd.Stderr = log
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("cannot start the server: %w", err)
	}
	s := &benchServer{cmd: cmd, pid: cmd.Process.Pid, done: make(chan error, 1)}
	found := make(chan string, 1)
	var said bytes.Buffer
	var saidMu sync.Mutex
	go func() {
		lines := bufio.NewScanner(stdout)
		for lines.Scan() {
			if sm := servesLine.FindStringSubmatch(lines.Text()); sm != nil {
				select {
				case found <- sm[1]:
				default:
				}
			}
			saidMu.Lock()
			if said.Len() < 4096 {
				said.WriteString(lines.Text() + "\n")
			}
			saidMu.Unlock()
		}
		s.done <- cmd.Wait()
	}()
	select {
	case s.url = <-found:
		fmt.Fprintf(log, "readbench: started a server on %s at %s (process %d)\n", storage.Redact(db), s.url, s.pid)
		return s, nil
	case err := <-s.done:
		saidMu.Lock()
		defer saidMu.Unlock()
		return nil, fmt.Errorf("the server on %s stopped before it listened (%v); it said:\n%s", storage.Redact(db), err, said.String())
	case <-time.After(wait):
		s.stop(log)
		return nil, fmt.Errorf("the server on %s did not listen within %s", storage.Redact(db), wait)
	}
}

// upgradeLedger brings db's schema up to date with "ontschot init" of this
// program's own binary (a migration may build aggregates from every row).
func upgradeLedger(ctx context.Context, db string, log io.Writer) error {
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("cannot find this program to run with: %w", err)
	}
	t0 := time.Now()
	out, err := exec.CommandContext(ctx, exe, "init", "--db", db).CombinedOutput()
	if err != nil {
		return fmt.Errorf("cannot bring the schema of %s up to date before serving it (%v): %s", storage.Redact(db), err, strings.TrimSpace(string(out)))
	}
	fmt.Fprintf(log, "readbench: %s (%s)\n", strings.TrimSpace(string(out)), time.Since(t0).Round(time.Millisecond))
	return nil
}

// stop ends the server as Ctrl-C would (it finishes the requests under
// way), and kills it if it has not stopped within a minute.
func (s *benchServer) stop(log io.Writer) {
	if err := s.cmd.Process.Signal(os.Interrupt); err != nil && !errors.Is(err, os.ErrProcessDone) {
		fmt.Fprintf(log, "readbench: cannot stop the server (process %d): %v\n", s.pid, err)
	}
	select {
	case <-s.done:
	case <-time.After(time.Minute):
		fmt.Fprintf(log, "readbench: the server (process %d) did not stop within a minute; killing it\n", s.pid)
		s.cmd.Process.Kill()
		<-s.done
	}
}

// loadAverage returns the machine's load average over the last minute
// ("?" where /proc/loadavg is not there): figures taken on a busy machine
// say so.
func loadAverage() string {
	data, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(data)); err == nil && len(f) > 0 {
		return f[0]
	}
	return "?"
}

// lockedWriter lets the server's stderr (copied by os/exec) and the
// benchmark's own messages share one writer.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

// Write writes p whole, between the other writers' writes.
func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// millis writes a duration as the README's tables do: "0.6 ms", "120 ms",
// "1,545 ms".
func millis(d time.Duration) string {
	ms := float64(d) / float64(time.Millisecond)
	if ms < 10 {
		return strconv.FormatFloat(ms, 'f', 1, 64) + " ms"
	}
	return thousands(int64(ms+0.5)) + " ms"
}

// memory writes kB as whole MB of 2²⁰ bytes (as make loadtest-reads and
// the README's memory figures do), or "–" when the server's memory is not
// known.
func memory(kB int64) string {
	if kB <= 0 {
		return "–"
	}
	return thousands((kB+512)/1024) + " MB"
}

// megabytes writes a file's size in MB of 10⁶ bytes, as ls -h --si and
// the README's file sizes do.
func megabytes(bytes int64) string { return thousands((bytes + 500_000) / 1_000_000) }

// thousands writes n with commas between the thousands: "1,545".
func thousands(n int64) string {
	if n < 0 {
		return "-" + thousands(-n)
	}
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// span writes a phase's length: "2 min", "30 s".
func span(d time.Duration) string {
	if d%time.Minute == 0 {
		return strconv.Itoa(int(d/time.Minute)) + " min"
	}
	if d%time.Second == 0 {
		return strconv.Itoa(int(d/time.Second)) + " s"
	}
	return d.String()
}
