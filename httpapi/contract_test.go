package httpapi_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/ontschot/ontschot/httpapi/apitest"
	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/ledgertest"
)

// TestContract walks the contract of the issue against the handler; the
// same walk runs against the real program in cmd/ontschot.
func TestContract(t *testing.T) {
	e := newEnv(t, 0)
	tokens := apitest.Tokens{}
	for user, role := range roleOf {
		if user != caseworker2 && user != teamlead2 && user != partner2 {
			tokens[string(role)] = e.tokens[user]
		}
	}
	apitest.WalkContract(t, e.api, tokens, 2026)
}

func TestReadsAndListing(t *testing.T) {
	e := newEnv(t, 100000_00)
	var ids []string
	for _, amount := range []string{"10.00", "20.00", "30.00", "2000.00"} {
		p, r := e.requestPayout(caseworker, amount)
		want(t, r, 201)
		ids = append(ids, p.ID)
	}
	var got payout
	want(t, e.do("GET", "/api/v1/payouts/"+ids[0], caseworker, nil), 200).JSON(t, &got)
	if got.Amount != "10.00" || got.Payee == nil || got.Payee.IBAN != "NL91ABNA0417164300" || got.Justification == nil {
		t.Fatalf("payout = %+v", got)
	}
	wantProblem(t, e.do("GET", "/api/v1/payouts/PAY-01ARZ3NDEKTSV4RRFFQ69G5FAV", caseworker, nil), 404, ledger.ENOTFOUND)
	wantProblem(t, e.do("GET", "/api/v1/pots/nonsense", caseworker, nil), 404, ledger.ENOTFOUND)

	var page struct {
		Payouts    []payout `json:"payouts"`
		NextCursor string   `json:"nextCursor"`
	}
	r := want(t, e.do("GET", "/api/v1/payouts?potId="+string(e.pot.ID)+"&limit=3", finance, nil), 200)
	r.JSON(t, &page)
	if len(page.Payouts) != 3 || page.NextCursor != ids[1] || !strings.Contains(r.Header.Get("Link"), `rel="next"`) {
		t.Fatalf("first page = %d payouts, next %q, Link %q", len(page.Payouts), page.NextCursor, r.Header.Get("Link"))
	}
	cursor := page.NextCursor
	page.NextCursor = ""
	want(t, e.do("GET", "/api/v1/payouts?potId="+string(e.pot.ID)+"&limit=3&after="+cursor, finance, nil), 200).JSON(t, &page)
	if len(page.Payouts) != 1 || page.Payouts[0].ID != ids[0] || page.NextCursor != "" {
		t.Fatalf("second page = %+v", page)
	}
	want(t, e.do("GET", "/api/v1/payouts?status=pending_approval", teamlead, nil), 200).JSON(t, &page)
	if len(page.Payouts) != 1 || page.Payouts[0].ID != ids[3] {
		t.Fatalf("pending = %+v", page.Payouts)
	}
	for _, q := range []string{"status=open", "limit=0", "limit=501", "from=2026-13-01", "urgency=asap", "sort=amount", "after=xyz"} {
		p := wantProblem(t, e.do("GET", "/api/v1/payouts?"+q, finance, nil), 400, ledger.EINVALID)
		wantParam(t, p, strings.SplitN(q, "=", 2)[0])
	}

	var pots struct{ Pots []map[string]any }
	want(t, e.do("GET", "/api/v1/pots", caseworker, nil), 200).JSON(t, &pots)
	if len(pots.Pots) != 1 {
		t.Fatalf("pots = %v", pots)
	}
	var funding struct{ Funding []map[string]string }
	want(t, e.do("GET", "/api/v1/pots/"+string(e.pot.ID)+"/funding", finance, nil), 200).JSON(t, &funding)
	if len(funding.Funding) != 1 || funding.Funding[0]["received"] != "100000.00" {
		t.Fatalf("funding = %v", funding)
	}
	want(t, e.do("PUT", "/api/v1/pots/"+string(e.pot.ID)+"/pledges/"+string(e.insurer.ID), finance, map[string]any{"amount": "150000.00"}), 200)
	want(t, e.do("GET", "/api/v1/pots/"+string(e.pot.ID)+"/funding", finance, nil), 200).JSON(t, &funding)
	if funding.Funding[0]["pledged"] != "150000.00" {
		t.Fatalf("pledge not recorded: %v", funding)
	}
	var cons struct{ Contributions []map[string]any }
	want(t, e.do("GET", "/api/v1/pots/"+string(e.pot.ID)+"/contributions", auditor, nil), 200).JSON(t, &cons)
	if len(cons.Contributions) != 1 {
		t.Fatalf("contributions = %v", cons)
	}
	var cats struct{ Categories []map[string]string }
	want(t, e.do("GET", "/api/v1/categories", caseworker, nil), 200).JSON(t, &cats)
	if len(cats.Categories) < 10 {
		t.Fatalf("categories = %v", cats)
	}
	want(t, e.do("POST", "/api/v1/categories", admin, map[string]any{"code": "glasses", "label": "Bril"}), 201)
	wantProblem(t, e.do("POST", "/api/v1/categories", admin, map[string]any{"code": "glasses", "label": "Bril"}), 409, ledger.ECONFLICT)

	var tx struct {
		Transactions []map[string]any `json:"transactions"`
		NextCursor   string           `json:"nextCursor"`
	}
	want(t, e.do("GET", "/api/v1/journal/transactions?limit=2", auditor, nil), 200).JSON(t, &tx)
	if len(tx.Transactions) != 2 || tx.NextCursor != "2" {
		t.Fatalf("journal page = %+v", tx)
	}
	want(t, e.do("PUT", "/api/v1/pots/"+string(e.pot.ID)+"/mandates", admin, map[string]any{"mandates": []map[string]any{{"role": "caseworker", "limit": "2500.00"}, {"role": "manager"}}}), 200)
}

func TestClosedPeriodsOverHTTP(t *testing.T) {
	e := newEnv(t, 1000_00)
	var cp map[string]any
	want(t, e.do("POST", "/api/v1/closed-periods", finance, map[string]any{"period": "2026-02"}), 201).JSON(t, &cp)
	if cp["label"] != "2026-02" || cp["start"] != "2026-02-01" || cp["end"] != "2026-02-28" {
		t.Fatalf("closed period = %v", cp)
	}
	wantProblem(t, e.do("POST", "/api/v1/closed-periods", finance, map[string]any{"period": "2026-02"}), 409, ledger.ECONFLICT)
	wantParam(t, wantProblem(t, e.do("POST", "/api/v1/closed-periods", finance, map[string]any{"period": "2026-03"}), 400, ledger.EINVALID), "period")
	wantParam(t, wantProblem(t, e.do("POST", "/api/v1/closed-periods", finance, map[string]any{"period": "Q1"}), 400, ledger.EINVALID), "period")
	wantProblem(t, e.do("POST", "/api/v1/pots/"+string(e.pot.ID)+"/contributions", finance, map[string]any{
		"partnerId": string(e.insurer.ID), "amount": "5.00", "valueDate": "2026-02-10", "reference": "laat"}), 409, ledger.ECLOSED)
	var list struct{ ClosedPeriods []map[string]any }
	want(t, e.do("GET", "/api/v1/closed-periods", caseworker, nil), 200).JSON(t, &list)
	if len(list.ClosedPeriods) != 1 {
		t.Fatalf("closed periods = %v", list)
	}
}

// TestConcurrentPayouts sends 100 requests at once against money for 40.
func TestConcurrentPayouts(t *testing.T) {
	e := newEnv(t, 40*25_00)
	statuses := make([]int, 100)
	var wg sync.WaitGroup
	for i := range 100 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			user := caseworker
			if i%2 == 1 {
				user = caseworker2
			}
			_, r := e.requestPayout(user, "25.00")
			statuses[i] = r.Status
		}()
	}
	wg.Wait()
	counts := map[int]int{}
	for _, s := range statuses {
		counts[s]++
	}
	if counts[201] != 40 || counts[409] != 60 {
		t.Fatalf("answers %v; want exactly 40 × 201 and 60 × 409", counts)
	}
	if b := e.balance(); b["available"] != "0.00" || b["spent"] != "1000.00" {
		t.Fatalf("balance = %v", b)
	}
	var v struct{ OK bool }
	want(t, e.do("GET", "/api/v1/journal/verification", auditor, nil), 200).JSON(t, &v)
	if !v.OK {
		t.Fatal("the journal does not verify after the burst")
	}
}

func TestPartnerSeesOnlyAggregatesOfItsPots(t *testing.T) {
	e := newEnv(t, 5000_00)
	p, _ := e.requestPayout(caseworker, "100.00")
	other, err := e.store.CreatePot(context.Background(), ledger.Actor{User: "x", Role: ledger.RoleAdmin},
		ledger.NewPot{Name: "Andere pot", Year: 2026, RecoveryPolicy: ledger.PolicyReport, Mandates: []ledger.MandateLevel{{Role: ledger.RoleCaseworker, Unlimited: true}}})
	if err != nil {
		t.Fatal(err)
	}
	var pots struct{ Pots []struct{ ID string } }
	want(t, e.do("GET", "/api/v1/pots", partner, nil), 200).JSON(t, &pots)
	if len(pots.Pots) != 1 || pots.Pots[0].ID != string(e.pot.ID) {
		t.Fatalf("the partner sees %v; want only the pot it funds", pots)
	}
	want(t, e.do("GET", "/api/v1/pots/"+string(e.pot.ID), partner, nil), 200)
	want(t, e.do("GET", "/api/v1/pots/"+string(e.pot.ID)+"/funding", partner, nil), 200)
	wantProblem(t, e.do("GET", "/api/v1/pots/"+string(other.ID), partner, nil), 404, ledger.ENOTFOUND)
	wantProblem(t, e.do("GET", "/api/v1/pots/"+string(e.pot.ID), partner2, nil), 404, ledger.ENOTFOUND)
	want(t, e.do("GET", "/api/v1/pots", partner2, nil), 200).JSON(t, &pots)
	if len(pots.Pots) != 0 {
		t.Fatalf("a partner funding nothing sees %v", pots)
	}
	wantProblem(t, e.do("GET", "/api/v1/payouts", partner, nil), 403, ledger.EFORBIDDEN)
	wantProblem(t, e.do("GET", "/api/v1/payouts/"+p.ID, partner, nil), 403, ledger.EFORBIDDEN)
	var partners struct{ Partners []struct{ ID string } }
	want(t, e.do("GET", "/api/v1/partners", partner, nil), 200).JSON(t, &partners)
	if len(partners.Partners) != 1 || partners.Partners[0].ID != string(e.insurer.ID) {
		t.Fatalf("the partner sees partners %v", partners)
	}
	wantProblem(t, e.do("GET", "/api/v1/partners/"+string(e.other.ID), partner, nil), 404, ledger.ENOTFOUND)
	// Nothing a partner can read names the payee, the IBAN, the case or the weighing.
	for _, path := range []string{"/api/v1/pots", "/api/v1/pots/" + string(e.pot.ID), "/api/v1/pots/" + string(e.pot.ID) + "/funding", "/api/v1/partners", "/api/v1/categories"} {
		body := string(want(t, e.do("GET", path, partner, nil), 200).Body)
		for _, secret := range []string{"Woonstichting De Kern", "NL91", "0417164300", "WIJK-2026", "ontruiming dreigt", "budgetplan"} {
			if strings.Contains(body, secret) {
				t.Fatalf("%s shows the partner %q", path, secret)
			}
		}
	}
}

func TestCaseDataOnlyForThoseWhoNeedIt(t *testing.T) {
	e := newEnv(t, 5000_00)
	p, _ := e.requestPayout(caseworker, "100.00")
	read := func(user string) payout {
		var got payout
		want(t, e.do("GET", "/api/v1/payouts/"+p.ID, user, nil), 200).JSON(t, &got)
		return got
	}
	for _, user := range []string{caseworker, teamlead, manager, alderman, finance, auditor} {
		if got := read(user); got.Redacted || got.Payee == nil || got.CaseRef == "" || got.Justification == nil {
			t.Fatalf("%s does not see the case: %+v", user, got)
		}
	}
	for _, user := range []string{caseworker2, admin} {
		got := read(user)
		if !got.Redacted || got.Payee != nil || got.CaseRef != "" || got.Justification != nil || got.Amount != "100.00" {
			t.Fatalf("%s sees the case: %+v", user, got)
		}
	}
}

func TestTokensOverHTTP(t *testing.T) {
	e := newEnv(t, 0)
	var tok struct {
		ID    string `json:"id"`
		Token string `json:"token"`
	}
	want(t, e.do("POST", "/api/v1/tokens", admin, map[string]any{"user": "nieuw", "role": "auditor"}), 201).JSON(t, &tok)
	if !strings.HasPrefix(tok.Token, "ots_") {
		t.Fatalf("created token = %+v", tok)
	}
	e.tokens["nieuw"] = tok.Token
	want(t, e.do("GET", "/api/v1/journal/verification", "nieuw", nil), 200)
	list := string(want(t, e.do("GET", "/api/v1/tokens", admin, nil), 200).Body)
	if strings.Contains(list, tok.Token) || !strings.Contains(list, tok.ID) {
		t.Fatalf("the token list shows a secret, or lacks the new token: %s", list)
	}
	want(t, e.do("GET", "/api/v1/users", admin, nil), 200)
	want(t, e.do("DELETE", "/api/v1/tokens/"+tok.ID, admin, nil), 204)
	wantProblem(t, e.do("GET", "/api/v1/journal/verification", "nieuw", nil), 401, ledger.EUNAUTHORIZED)
	wantProblem(t, e.do("DELETE", "/api/v1/tokens/"+tok.ID, admin, nil), 409, ledger.ECONFLICT)
	wantParam(t, wantProblem(t, e.do("POST", "/api/v1/tokens", admin, map[string]any{"user": "p", "role": "partner"}), 400, ledger.EINVALID), "partnerId")
	wantParam(t, wantProblem(t, e.do("POST", "/api/v1/tokens", admin, map[string]any{"user": "p", "role": "chief"}), 400, ledger.EINVALID), "role")
}

func TestAuthentication(t *testing.T) {
	e := newEnv(t, 0)
	for _, h := range []string{"", "Bearer", "Bearer nonsense", "Basic YWRtaW46YWRtaW4=", "Bearer ots_" + strings.Repeat("x", 43)} {
		r := e.api.Do(apiRequest("GET", "/api/v1/pots", h))
		p := wantProblem(t, r, 401, ledger.EUNAUTHORIZED)
		if r.Header.Get("WWW-Authenticate") == "" || !strings.Contains(p.Detail, "Authorization: Bearer") {
			t.Fatalf("401 for %q lacks WWW-Authenticate or a hint: %s", h, r.Body)
		}
	}
	want(t, e.do("GET", "/api/v1/health", "", nil), 200)
	want(t, e.do("GET", "/api/v1/openapi.json", "", nil), 200)
}

func TestHeadersOnEveryAnswer(t *testing.T) {
	e := newEnv(t, 0)
	for _, r := range [](func() (int, http.Header)){
		func() (int, http.Header) {
			r := e.do("GET", "/api/v1/pots", caseworker, nil)
			return r.Status, r.Header
		},
		func() (int, http.Header) { r := e.do("GET", "/api/v1/pots", "", nil); return r.Status, r.Header },
		func() (int, http.Header) {
			r := e.do("GET", "/api/v1/nowhere", caseworker, nil)
			return r.Status, r.Header
		},
		func() (int, http.Header) {
			r := e.do("GET", "/api/v1/openapi.json", "", nil)
			return r.Status, r.Header
		},
	} {
		status, h := r()
		for k, v := range map[string]string{"API-Version": "1.0.0", "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff",
			"X-Frame-Options": "DENY", "Content-Security-Policy": "frame-ancestors 'none'"} {
			if h.Get(k) != v {
				t.Fatalf("answer %d: %s = %q; want %q", status, k, h.Get(k), v)
			}
		}
		if h.Get("Strict-Transport-Security") != "" {
			t.Fatalf("HSTS over plain HTTP")
		}
	}
	if got := e.do("GET", "/api/v1/openapi.json", "", nil).Header.Get("Access-Control-Allow-Origin"); got != "*" {
		t.Fatalf("the OpenAPI document is not open to other origins: %q", got)
	}
}

func TestMetrics(t *testing.T) {
	e := newEnv(t, 10000_00)
	// Through the API: one approved at once and sent again with its
	// idempotency key (one payout, one event), one held for a decision.
	e.requestPayout(caseworker, "10.00", "Idempotency-Key", "metrics-1")
	e.requestPayout(caseworker, "10.00", "Idempotency-Key", "metrics-1")
	e.requestPayout(caseworker, "2000.00")
	// Not through the API: what the pages and the command book goes through
	// the same ledger, and counts alike (here a rejection and a reversal).
	ctx := context.Background()
	held, err := e.store.RequestPayout(ctx, ledgertest.Caseworker, ledgertest.ValidRequest(e.pot.ID, 3000_00))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.store.DecidePayout(ctx, ledgertest.Teamlead, ledger.Decision{PayoutID: held.ID, Outcome: ledger.OutcomeReject, Note: "Eerst de reguliere route."}); err != nil {
		t.Fatal(err)
	}
	small, err := e.store.RequestPayout(ctx, ledgertest.Caseworker, ledgertest.ValidRequest(e.pot.ID, 20_00))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.store.ReversePayout(ctx, ledgertest.Finance, ledger.Reversal{PayoutID: small.ID, Reason: "Dubbel ingevoerd."}); err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequest("GET", e.srv.URL+"/metrics", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+e.tokens[auditor])
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b strings.Builder
	if _, err := fmt.Fprint(&b, readAll(t, resp)); err != nil {
		t.Fatal(err)
	}
	body := b.String()
	for _, want := range []string{
		`ontschot_http_requests_total{code="201",method="POST",route="/api/v1/payouts"} 3`,
		`ontschot_http_request_duration_seconds_bucket{method="POST",route="/api/v1/payouts"`,
		`ontschot_payouts_total{event="approved"} 2`,
		`ontschot_payouts_total{event="pending"} 2`,
		`ontschot_payouts_total{event="rejected"} 1`,
		`ontschot_payouts_total{event="reversed"} 1`,
		`ontschot_payouts_total{event="paid"} 0`,
		`ontschot_payouts{status="pending_approval"} 1`,
		`process_resident_memory_bytes`,
	} {
		if !strings.Contains(body, want) {
			t.Fatalf("metrics lack %q", want)
		}
	}
	if strings.Contains(body, "PAY-") || strings.Contains(body, "carla") {
		t.Fatal("metrics carry ids or user names")
	}
}

func TestLogsCarryNoPersonalData(t *testing.T) {
	e := newEnv(t, 5000_00)
	e.requestPayout(caseworker, "10.00")
	e.do("POST", "/api/v1/payouts", caseworker, map[string]any{"caseRef": "123456782"})
	e.do("GET", "/api/v1/payouts?requestedBy=carla", caseworker, nil)
	logs := e.logs.String()
	if !strings.Contains(logs, `"route":"/api/v1/payouts"`) {
		t.Fatalf("the requests were not logged:\n%s", logs)
	}
	for _, secret := range []string{"Woonstichting", "NL91", "WIJK-2026", "123456782", "Huurachterstand", "carla", "127.0.0.1"} {
		if strings.Contains(logs, secret) {
			t.Fatalf("the log contains %q:\n%s", secret, logs)
		}
	}
}

// failingStore answers every list of pots with an internal error.
type failingStore struct{ ledger.Store }

func (failingStore) Pots(context.Context) ([]ledger.Pot, error) {
	return nil, errors.New("disk on fire at sector 42")
}

func TestInternalErrorsAreLoggedNotShown(t *testing.T) {
	e := newEnvWith(t, 0, func(s ledger.Store) ledger.Store { return failingStore{s} })
	r := e.do("GET", "/api/v1/pots", caseworker, nil)
	p := wantProblem(t, r, 500, ledger.EINTERNAL)
	if strings.Contains(string(r.Body), "sector 42") || !strings.Contains(p.Detail, "logged") {
		t.Fatalf("the 500 shows internals or gives no hint: %s", r.Body)
	}
	if !strings.Contains(e.logs.String(), "disk on fire at sector 42") {
		t.Fatalf("the internal error was not logged:\n%s", e.logs.String())
	}
}
