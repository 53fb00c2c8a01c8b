package httpapi_test

import (
	"bytes"
	"compress/zlib"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/ontschot/ontschot/httpapi"
	"github.com/ontschot/ontschot/httpapi/apitest"
	"github.com/ontschot/ontschot/httpapi/web"
	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/ledgertest"
	"github.com/ontschot/ontschot/ledger/storage"
	"github.com/ontschot/ontschot/reports"
)

// The privacy walk. A ledger in which every case field of every payout
// holds a marker (free text "MARKER-…", the payee "Marker Payee …", IBANs and
// stuck-since dates used nowhere else) is read through every API route and
// every page, as everyone who may not see those cases: a caseworker who
// did not request them, the admin and a partner. No answer may hold a
// marker. The walk is driven by the route tables (httpapi.Routes,
// web.Routes) and the OpenAPI document (the media types each operation
// offers, its query parameters), so a route added later is walked too.
//
// Which fields are case data, and who sees them, is written down at
// ledger.Actor.SeesCase.

// markerToken is in every free-text case field; the search ignores case, so
// "Marker Payee" is found as well as "MARKER-REF-1".
const markerToken = "marker"

// caseKeys are JSON keys that only a case carries: an answer to someone who
// sees none of the cases must not have them at all. They catch what a
// marker string cannot: severity and stuck days are numbers.
var caseKeys = []string{"caseRef", "payee", "justification", "situation", "severity", "deviatesFrom", "stuckSince", "stuckDays"}

// caseColumns are CSV columns that only a case fills: they must be empty.
var caseColumns = []string{"ernst", "wijkt af van"}

// privacyWorld is a running server (API and pages) over a ledger whose
// case fields hold markers, with the ids the walk fills paths with.
type privacyWorld struct {
	e         *env
	doc       *openapi3.T
	markers   []string // every free-text marker placed
	ibans     []string // the payees' IBANs, electronic form
	stuck     []ledger.Date
	payouts   []string
	fills     map[string][]string // path variable -> values; "segment/{var}" first
	queries   map[string][]string // query parameter -> values
	pageQuery map[string][]string // page path -> extra query strings
}

// newPrivacyWorld builds the ledger through the API, as the people who use
// it would: caseworker carla requests five payouts (within and above her
// mandate); a team lead approves one with a note and rejects one; finance
// allocates (to a party, which then owes; with notes), corrects an
// allocation, reverses a payout, records a party's payment and pays a
// batch; carla evaluates and revises. One payout keeps waiting, so it is
// flagged as slow; every case was stuck for years, so each is flagged as
// stuck too long; three share a deviated rule, so it is a signal.
func newPrivacyWorld(t *testing.T) *privacyWorld {
	t.Helper()
	e := newPagesEnv(t, 100000_00)
	doc, err := httpapi.OpenAPI()
	if err != nil {
		t.Fatal(err)
	}
	w := &privacyWorld{e: e, doc: doc}
	// IBANs no document or message uses as an example.
	ibans := []string{"NL47RABO0319264718", "NL89INGB0007305816", "NL04ABNA0553167820", "NL07TRIO0391842567", "NL59SNSB0928374650"}
	amounts := []string{"1000.00", "3000.00", "2000.00", "4000.00", "500.00"}
	for i, amount := range amounts {
		n := i + 1
		iban, err := ledger.ParseIBAN(ibans[i])
		if err != nil {
			t.Fatalf("test IBAN %s: %v", ibans[i], err)
		}
		stuck := ledger.DateOf(ledgertest.Start).AddMonths(-144).AddDays(n)
		m := func(field string) string {
			s := fmt.Sprintf("MARKER-%s-%d", field, n)
			w.markers = append(w.markers, s)
			return s
		}
		body := map[string]any{
			"potId": string(e.pot.ID), "amount": amount, "category": "rent_arrears", "urgency": "urgent",
			"caseRef":         m("REF"),
			"payee":           map[string]any{"name": fmt.Sprintf("Marker Payee %c", 'A'+i), "iban": string(iban)},
			"residentUnder18": n%2 == 0,
			"justification": map[string]any{
				"situation": m("situation") + " en verder niets", "severity": 1 + i%5,
				"residentInvolvement": m("involvement"), "expectedReturn": m("return"),
				"deviatesFrom": []string{m("rule"), "MARKER-shared-rule"}, "regularRouteTried": m("route"),
				"stuckSince": stuck.String(),
			},
		}
		w.markers = append(w.markers, fmt.Sprintf("Marker Payee %c", 'A'+i))
		var p payout
		want(t, e.do("POST", "/api/v1/payouts", caseworker, body), 201).JSON(t, &p)
		w.payouts = append(w.payouts, p.ID)
		w.ibans = append(w.ibans, string(iban))
		w.stuck = append(w.stuck, stuck)
	}
	w.markers = append(w.markers, "MARKER-shared-rule")
	p1, p2, p3, p5 := w.payouts[0], w.payouts[1], w.payouts[2], w.payouts[4]
	note := func(s string) string { w.markers = append(w.markers, s); return s }

	// Decisions with notes; the fourth request keeps waiting.
	want(t, e.do("POST", "/api/v1/payouts/"+p2+"/decisions", teamlead, map[string]any{"decision": "approve", "note": note("MARKER-decision-note-2")}), 201)
	want(t, e.do("POST", "/api/v1/payouts/"+p3+"/decisions", teamlead, map[string]any{"decision": "reject", "note": note("MARKER-decision-note-3")}), 201)

	// Allocations with notes, to a party (a receivable) and corrected.
	want(t, e.do("POST", "/api/v1/parties", finance, map[string]any{"name": "Zorgverzekeraar Noord", "kind": "health_insurer"}), 201)
	want(t, e.allocate(p1, finance, map[string]any{"note": note("MARKER-allocation-note-1"), "lines": []map[string]any{
		{"target": "party", "party": "Zorgverzekeraar Noord", "amount": "400.00"}, {"target": "maatwerk", "percentage": "100"}}}), 201)
	want(t, e.allocate(p1, finance, map[string]any{"note": note("MARKER-allocation-correction-1"), "lines": []map[string]any{
		{"target": "wgs", "taakveld": "6.3", "amount": "1000.00"}}}), 201)
	want(t, e.allocate(p2, finance, map[string]any{"note": note("MARKER-allocation-note-2"), "lines": []map[string]any{
		{"target": "maatwerk", "amount": "3000.00"}}}), 201)
	var a5 allocationAnswer
	want(t, e.allocate(p5, finance, map[string]any{"note": note("MARKER-allocation-note-5"), "lines": []map[string]any{
		{"target": "party", "party": "Zorgverzekeraar Noord", "amount": "500.00"}}}), 201).JSON(t, &a5)
	want(t, e.do("POST", "/api/v1/receivables/"+a5.Lines[0].ReceivableID+"/settlements", finance,
		map[string]any{"amount": "100.00", "valueDate": ledger.DateOf(ledgertest.Start).String(), "reference": "Betaling Zorgverzekeraar Noord"}), 201)

	// A reversal with its reason (it also reverses the allocation).
	want(t, e.do("POST", "/api/v1/payouts/"+p2+"/reversals", finance, map[string]any{"reason": note("MARKER-reversal-reason-2")}), 201)

	// Paid in a batch.
	want(t, e.do("PUT", "/api/v1/pots/"+string(e.pot.ID)+"/debtor-account", admin,
		map[string]any{"name": "Gemeente Leeuwarden", "iban": "NL11BNGH0002220001", "bic": "BNGHNL2G", "town": "Leeuwarden", "country": "NL"}), 200)
	var batch struct {
		ID      string `json:"id"`
		Payouts int    `json:"payouts"`
	}
	want(t, e.do("POST", "/api/v1/payment-batches", finance, map[string]any{"potId": string(e.pot.ID)}), 201).JSON(t, &batch)
	if batch.Payouts != 2 {
		t.Fatalf("the batch pays %d payouts; want 2 (the first and the fifth)", batch.Payouts)
	}

	// Evaluations of the paid payouts, one revised.
	want(t, e.do("POST", "/api/v1/payouts/"+p1+"/evaluations", caseworker, map[string]any{"outcome": "partial", "regrettedAmount": "100.00", "note": note("MARKER-evaluation-note-1")}), 201)
	want(t, e.do("POST", "/api/v1/payouts/"+p1+"/evaluations", caseworker, map[string]any{"outcome": "effective", "note": note("MARKER-evaluation-revision-1")}), 201)
	want(t, e.do("POST", "/api/v1/payouts/"+p5+"/evaluations", caseworker, map[string]any{"outcome": "regret", "note": note("MARKER-evaluation-note-5")}), 201)

	// Three weeks on: the waiting request is slow.
	e.clock.Set(ledgertest.Start.Add(21 * 24 * time.Hour))

	// A token for the walk to revoke.
	var spare struct {
		ID string `json:"id"`
	}
	want(t, e.do("POST", "/api/v1/tokens", admin, map[string]any{"user": "reserve", "role": "caseworker"}), 201).JSON(t, &spare)

	var rs struct {
		Receivables []struct {
			ID string `json:"id"`
		} `json:"receivables"`
	}
	want(t, e.do("GET", "/api/v1/receivables", finance, nil), 200).JSON(t, &rs)
	var receivables []string
	for _, r := range rs.Receivables {
		receivables = append(receivables, r.ID)
	}
	var sg struct {
		Signals []struct {
			ID   string `json:"id"`
			Kind string `json:"kind"`
		} `json:"signals"`
	}
	want(t, e.do("GET", "/api/v1/signals", finance, nil), 200).JSON(t, &sg)
	var signals []string
	rule := false
	for _, s := range sg.Signals {
		signals = append(signals, s.ID)
		rule = rule || s.Kind == "rule"
	}
	if len(receivables) < 2 || !rule {
		t.Fatalf("the ledger lacks what the walk needs: receivables %v, signals %+v", receivables, sg.Signals)
	}
	var party struct {
		Parties []struct {
			ID string `json:"id"`
		} `json:"parties"`
	}
	want(t, e.do("GET", "/api/v1/parties", finance, nil), 200).JSON(t, &party)

	pot := []string{string(e.pot.ID)}
	w.fills = map[string][]string{
		// The API's path variables.
		"potId": pot, "partnerId": {string(e.insurer.ID), string(e.other.ID)}, "payoutId": w.payouts,
		"receivableId": receivables, "signalId": signals, "quarter": {"2026-Q1"}, "period": {"2026", "2026-Q1", "2026-03"},
		"batchId": {batch.ID}, "tokenId": {spare.ID}, "partyId": {party.Parties[0].ID},
		// The pages' path variables: {id} by the segment before it.
		"aanvragen/{id}": w.payouts, "toerekenen/{id}": w.payouts, "vorderingen/{id}": receivables,
		"betalingen/{id}": {batch.ID}, "potten/{id}": pot, "pot": pot, "file": {"2026-Q1.pdf", "2026-Q1.csv"},
	}
	w.queries = map[string][]string{"potId": pot, "partnerId": {string(e.insurer.ID)}, "payoutId": w.payouts[:1],
		"partyId": {party.Parties[0].ID}, "requestedBy": {caseworker}}
	w.pageQuery = map[string][]string{
		"/aanvragen/vergelijkbaar":     {"categorie=rent_arrears"},
		"/verantwoording/{pot}/{file}": {"partner=" + string(e.insurer.ID)},
		"/financien/verantwoording":    {"kwartaal=2026-Q1"},
	}
	return w
}

// newPagesEnv is newEnv with the pages served beside the API and an
// account (password) for every user beside the token.
func newPagesEnv(t *testing.T, funds ledger.Cents) *env {
	t.Helper()
	clock := ledgertest.NewClock(ledgertest.Start)
	s, err := storage.Open(filepath.Join(t.TempDir(), "ledger.db"), storage.Options{Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, store: s, clock: clock, tokens: map[string]string{}, logs: &syncBuffer{}}
	ctx := context.Background()
	if e.insurer, err = s.CreatePartner(ctx, ledgertest.Admin, ledger.NewPartner{Name: "De Friesland", Kind: ledger.KindHealthInsurer}); err != nil {
		t.Fatal(err)
	}
	if e.other, err = s.CreatePartner(ctx, ledgertest.Admin, ledger.NewPartner{Name: "Woonstichting", Kind: ledger.KindHousingCorporation}); err != nil {
		t.Fatal(err)
	}
	if e.pot, err = s.CreatePot(ctx, ledgertest.Admin, ledger.NewPot{Name: "Doorbraakpot", Year: 2026, RecoveryPolicy: ledger.PolicyRefund, Mandates: ledgertest.Ladder()}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Contribute(ctx, ledgertest.Finance, ledger.NewContribution{PotID: e.pot.ID, PartnerID: e.insurer.ID, Amount: funds,
		ValueDate: ledger.DateOf(clock.Now()), Reference: "Bijdrage"}); err != nil {
		t.Fatal(err)
	}
	for user, role := range roleOf {
		var p ledger.PartnerID
		switch user {
		case partner:
			p = e.insurer.ID
		case partner2:
			p = e.other.ID
		}
		tok, err := s.IssueToken(ctx, ledgertest.Admin, ledger.NewToken{User: user, Role: role, Partner: p})
		if err != nil {
			t.Fatal(err)
		}
		e.tokens[user] = tok.Secret
		if _, err := s.CreateAccount(ctx, ledgertest.Admin, ledger.NewAccount{User: user, Role: role, Partner: p, Password: pagesPassword}); err != nil {
			t.Fatal(err)
		}
	}
	api, err := httpapi.New(httpapi.Config{Store: s, Build: "test", Now: clock.Now, Pages: true,
		Logger: slog.New(slog.NewJSONHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	if err != nil {
		t.Fatal(err)
	}
	e.srv = httptest.NewServer(api)
	t.Cleanup(func() {
		e.srv.Close()
		if err := s.Close(); err != nil {
			t.Errorf("close store: %v", err)
		}
	})
	e.api = apitest.New(t, e.srv.URL)
	return e
}

// pagesPassword is every account's password in newPagesEnv.
const pagesPassword = "correct-horse-battery"

// answer is one request of the walk and what came back.
type answer struct {
	what     string // "GET /api/v1/… (Accept …)"
	status   int
	location string
	// public is set for the API's public routes (health, the OpenAPI
	// document): they hold no ledger data, and the document names the
	// case keys in its schemas.
	public bool
	media  string
	body   []byte
}

// text is what a person or a program could read in the answer: PDFs with
// their streams inflated (fpdf compresses them, and writes text as
// UTF-16BE, whose NUL bytes are dropped here), HTML unescaped.
func (a *answer) text() string {
	switch {
	case strings.HasPrefix(a.media, "application/pdf"):
		return string(pdfText(a.body))
	case strings.HasPrefix(a.media, "text/html"):
		return html.UnescapeString(string(a.body))
	}
	return string(a.body)
}

var streamStart = regexp.MustCompile(`stream\r?\n`)

// pdfText returns the PDF's bytes followed by every stream it could
// inflate, with NUL bytes dropped, so text written as UTF-16BE reads as
// ASCII. A zlib reader stops at the end of its stream by itself, so the
// stream's end need not be found.
func pdfText(b []byte) []byte {
	out := append([]byte{}, b...)
	for _, loc := range streamStart.FindAllIndex(b, -1) {
		r, err := zlib.NewReader(bytes.NewReader(b[loc[1]:]))
		if err != nil {
			continue
		}
		raw, _ := io.ReadAll(r)
		out = append(out, '\n')
		out = append(out, bytes.ReplaceAll(raw, []byte{0}, nil)...)
	}
	return out
}

// leaks lists the case data in an answer: markers, IBANs, stuck-since
// dates, case keys in JSON and filled case columns in CSV.
func (w *privacyWorld) leaks(a *answer) []string {
	var found []string
	text := a.text()
	lower := strings.ToLower(text)
	for i := 0; ; {
		j := strings.Index(lower[i:], markerToken)
		if j < 0 {
			break
		}
		at := i + j
		found = append(found, "marker "+strings.ToValidUTF8(text[max(0, at-20):min(len(text), at+40)], "?"))
		i = at + len(markerToken)
	}
	for _, iban := range w.ibans {
		if strings.Contains(text, iban) || strings.Contains(text, groupIBAN(iban)) {
			found = append(found, "IBAN "+iban)
		}
	}
	for _, d := range w.stuck {
		if strings.Contains(text, d.String()) || strings.Contains(text, reports.DutchDate(d)) {
			found = append(found, "stuck since "+d.String())
		}
	}
	switch {
	case strings.Contains(a.media, "json") && !a.public:
		var v any
		if json.Unmarshal(a.body, &v) == nil {
			found = append(found, jsonCaseKeys(v, "")...)
		}
	case strings.HasPrefix(a.media, "text/csv"):
		found = append(found, csvCaseColumns(a.body)...)
	}
	return found
}

func groupIBAN(s string) string {
	var b strings.Builder
	for i, c := range s {
		if i > 0 && i%4 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// jsonCaseKeys names every case key in a decoded JSON value.
func jsonCaseKeys(v any, path string) []string {
	var found []string
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if slices.Contains(caseKeys, k) {
				found = append(found, fmt.Sprintf("key %s.%s = %v", path, k, x[k]))
			}
			found = append(found, jsonCaseKeys(x[k], path+"."+k)...)
		}
	case []any:
		for i, y := range x {
			found = append(found, jsonCaseKeys(y, fmt.Sprintf("%s[%d]", path, i))...)
		}
	}
	return found
}

// csvCaseColumns names every filled cell of a case column, in any of the
// CSV's header rows (a document may hold several tables).
func csvCaseColumns(b []byte) []string {
	r := csv.NewReader(bytes.NewReader(b))
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		return nil
	}
	var found []string
	cols := map[int]string{}
	for _, row := range rows {
		header := false
		for i, cell := range row {
			if slices.Contains(caseColumns, cell) {
				if !header {
					cols, header = map[int]string{}, true
				}
				cols[i] = cell
			}
		}
		if header {
			continue
		}
		for i, name := range cols {
			if i < len(row) && strings.TrimSpace(row[i]) != "" {
				found = append(found, fmt.Sprintf("column %q = %q", name, row[i]))
			}
		}
	}
	return found
}

var pathVar = regexp.MustCompile(`\{([A-Za-z]+)\}`)

// expand fills a route's path variables with every combination of known
// values. A variable the walk does not know fails the test.
func (w *privacyWorld) expand(t *testing.T, path string) []string {
	t.Helper()
	paths := []string{""}
	rest := path
	for {
		loc := pathVar.FindStringSubmatchIndex(rest)
		if loc == nil {
			break
		}
		prefix, name := rest[:loc[0]], rest[loc[2]:loc[3]]
		segs := strings.Split(strings.TrimSuffix(path[:len(path)-len(rest)]+prefix, "/"), "/")
		values, ok := w.fills[segs[len(segs)-1]+"/{"+name+"}"]
		if !ok {
			values, ok = w.fills[name]
		}
		if !ok || len(values) == 0 {
			t.Errorf("the privacy walk cannot fill {%s} in %s: teach it by adding %q (or %q for this route only) with real ids to privacyWorld.fills in httpapi/privacy_test.go",
				name, path, name, segs[len(segs)-1]+"/{"+name+"}")
			return nil
		}
		var next []string
		for _, p := range paths {
			for _, v := range values {
				next = append(next, p+prefix+url.PathEscape(v))
			}
		}
		paths, rest = next, rest[loc[1]:]
	}
	for i := range paths {
		paths[i] += rest
	}
	return paths
}

// operation returns the OpenAPI operation of an API route.
func (w *privacyWorld) operation(t *testing.T, rt httpapi.Route) *openapi3.Operation {
	t.Helper()
	item := w.doc.Paths.Value(strings.TrimPrefix(rt.Path, "/api/v1"))
	if item == nil || item.GetOperation(rt.Method) == nil {
		t.Fatalf("the OpenAPI document lacks %s %s, so the walk does not know its media types and queries", rt.Method, rt.Path)
	}
	return item.GetOperation(rt.Method)
}

// media lists the media types an operation answers with on success: each
// representation the walk asks for in Accept ("" asks for none).
func media(op *openapi3.Operation) []string {
	out := []string{""}
	for code, r := range op.Responses.Map() {
		if !strings.HasPrefix(code, "2") || r.Value == nil {
			continue
		}
		for mt := range r.Value.Content {
			if !slices.Contains(out, mt) {
				out = append(out, mt)
			}
		}
	}
	sort.Strings(out[1:])
	return out
}

// queryStrings lists the query strings to try: none, and each documented query
// parameter the walk has a value for.
func (w *privacyWorld) queryStrings(op *openapi3.Operation) []string {
	out := []string{""}
	for _, p := range op.Parameters {
		if p.Value == nil || p.Value.In != "query" {
			continue
		}
		for _, v := range w.queries[p.Value.Name] {
			out = append(out, "?"+url.Values{p.Value.Name: {v}}.Encode())
		}
	}
	return out
}

// walkAPI sends every API route, with every filling of its path, every
// representation and every known query, as user. only, if set, limits
// the walk to the routes it accepts. Writes get an empty JSON body: their
// refusals must not quote a case either.
func (w *privacyWorld) walkAPI(t *testing.T, user string, only func(httpapi.Route) bool) []answer {
	t.Helper()
	e := w.e.for_(t)
	var out []answer
	for _, rt := range httpapi.Routes() {
		if only != nil && !only(rt) {
			continue
		}
		op := w.operation(t, rt)
		for _, path := range w.expand(t, rt.Path) {
			if rt.Method != http.MethodGet {
				var body any
				if rt.Method != http.MethodDelete {
					body = map[string]any{}
				}
				r := e.do(rt.Method, path, user, body)
				out = append(out, answer{what: rt.Method + " " + path, status: r.Status, media: r.Header.Get("Content-Type"), body: r.Body, public: rt.Action == httpapi.Public})
				continue
			}
			for _, q := range w.queryStrings(op) {
				for _, mt := range media(op) {
					var header []string
					if mt != "" {
						header = []string{"Accept", mt}
					}
					r := e.do(rt.Method, path+q, user, nil, header...)
					out = append(out, answer{what: fmt.Sprintf("GET %s%s (Accept %q)", path, q, mt), status: r.Status, media: r.Header.Get("Content-Type"),
						body: r.Body, public: rt.Action == httpapi.Public})
				}
			}
		}
	}
	return out
}

// pagesBrowser is a person at the pages, signed in through the sign-in
// form.
type pagesBrowser struct {
	t    *testing.T
	base string
	c    *http.Client
	user string
}

func (w *privacyWorld) signIn(t *testing.T, user string) *pagesBrowser {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	b := &pagesBrowser{t: t, base: w.e.srv.URL, user: user,
		c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	b.signIn()
	return b
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func (b *pagesBrowser) signIn() {
	b.t.Helper()
	form := b.get("/inloggen")
	m := csrfField.FindSubmatch(form.body)
	if m == nil {
		b.t.Fatalf("the sign-in page has no CSRF token:\n%s", form.body)
	}
	got := b.post("/inloggen", url.Values{"gebruiker": {b.user}, "wachtwoord": {pagesPassword}, "csrf": {string(m[1])}})
	if got.status != http.StatusSeeOther {
		b.t.Fatalf("sign in as %s: %d\n%s", b.user, got.status, got.body)
	}
}

func (b *pagesBrowser) do(req *http.Request) answer {
	b.t.Helper()
	resp, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		b.t.Fatal(err)
	}
	return answer{what: req.Method + " " + req.URL.RequestURI(), status: resp.StatusCode, location: resp.Header.Get("Location"),
		media: resp.Header.Get("Content-Type"), body: body}
}

func (b *pagesBrowser) get(path string) answer {
	b.t.Helper()
	req, err := http.NewRequest(http.MethodGet, b.base+path, nil)
	if err != nil {
		b.t.Fatal(err)
	}
	return b.do(req)
}

func (b *pagesBrowser) post(path string, v url.Values) answer {
	b.t.Helper()
	req, err := http.NewRequest(http.MethodPost, b.base+path, strings.NewReader(v.Encode()))
	if err != nil {
		b.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(req)
}

// home returns the user's start page ("/" sends each role on to its own).
func (b *pagesBrowser) home() answer {
	b.t.Helper()
	a := b.get("/")
	for i := 0; i < 3 && a.status == http.StatusSeeOther; i++ {
		loc, err := url.Parse(a.location)
		if err != nil {
			b.t.Fatal(err)
		}
		a = b.get(loc.RequestURI())
	}
	return a
}

// signedIn reports whether the session still holds (a form may sign out):
// the script's keep-alive answers 204 only to a session.
func (b *pagesBrowser) signedIn() bool {
	return b.get("/sessie").status == http.StatusNoContent
}

// walkPages requests every page, with every filling of its path and the
// extra queries the walk knows, as user; forms are posted empty with the
// session's CSRF token, so the page that refuses them is read too. only,
// if set, limits the walk to the pages it accepts.
func (w *privacyWorld) walkPages(t *testing.T, user string, only func(web.Route) bool) []answer {
	t.Helper()
	b := w.signIn(t, user)
	var out []answer
	for _, rt := range web.Routes() {
		if only != nil && !only(rt) {
			continue
		}
		for _, path := range w.expand(t, rt.Path) {
			if rt.Method != http.MethodGet {
				home := b.home()
				m := csrfField.FindSubmatch(home.body)
				if m == nil {
					t.Fatalf("the start page as %s has no CSRF token:\n%s", user, home.body)
				}
				out = append(out, b.post(path, url.Values{"csrf": {string(m[1])}}))
				if !b.signedIn() {
					b.signIn()
				}
				continue
			}
			for _, q := range append([]string{""}, w.pageQuery[rt.Path]...) {
				if q != "" {
					q = "?" + q
				}
				a := b.get(path + q)
				if strings.HasPrefix(a.location, "/inloggen") {
					t.Fatalf("%s as %s sent the walk to the sign-in: it lost its session", a.what, user)
				}
				out = append(out, a)
			}
		}
	}
	return out
}

// TestCaseDataOnlyForWhoSeesTheCase walks every route and page as those
// who may not see the cases and fails on any case data in any answer; then
// it checks that the requester and an auditor do see every marker on the
// payouts' own routes, so the walk cannot pass by hiding everything.
func TestCaseDataOnlyForWhoSeesTheCase(t *testing.T) {
	w := newPrivacyWorld(t)
	for _, user := range []string{caseworker2, admin, partner} {
		t.Run(string(roleOf[user])+"-"+user, func(t *testing.T) {
			answers := append(w.walkAPI(t, user, nil), w.walkPages(t, user, nil)...)
			pdfs := 0
			for i := range answers {
				a := &answers[i]
				if strings.HasPrefix(a.media, "application/pdf") && a.status == http.StatusOK {
					// The PDF's text was read, not just its bytes.
					if !strings.Contains(a.text(), "pagina 1 van") {
						t.Errorf("%s: the walk could not read the PDF's text (no page footer found)", a.what)
					}
					pdfs++
				}
				for _, leak := range w.leaks(a) {
					t.Errorf("%s as %s: %d %s holds case data: %s", a.what, user, a.status, a.media, leak)
				}
			}
			t.Logf("%d answers, %d of them PDFs", len(answers), pdfs)
		})
	}

	// The payouts' own routes: the API's with {payoutId}, the payout page.
	ownAPI := func(rt httpapi.Route) bool {
		return rt.Method == http.MethodGet && strings.Contains(rt.Path, "{payoutId}")
	}
	ownPage := func(rt web.Route) bool { return rt.Method == http.MethodGet && rt.Path == "/aanvragen/{id}" }
	for _, user := range []string{caseworker, auditor} {
		t.Run("sees-"+string(roleOf[user]), func(t *testing.T) {
			var all strings.Builder
			for _, a := range append(w.walkAPI(t, user, ownAPI), w.walkPages(t, user, ownPage)...) {
				all.WriteString(a.text())
			}
			text := all.String()
			for _, m := range w.markers {
				if !strings.Contains(text, m) {
					t.Errorf("as %s the payouts' own routes never show %q: the requester and auditors see the case", user, m)
				}
			}
			for _, iban := range w.ibans {
				if !strings.Contains(text, iban) {
					t.Errorf("as %s the payouts' own routes never show the IBAN %s", user, iban)
				}
			}
			for _, d := range w.stuck {
				if !strings.Contains(text, d.String()) {
					t.Errorf("as %s the payouts' own routes never show the stuck-since date %s", user, d)
				}
			}
		})
	}
}
