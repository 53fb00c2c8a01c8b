package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ontschot/ontschot/httpapi"
	"github.com/ontschot/ontschot/httpapi/apitest"
	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/ledgertest"
	"github.com/ontschot/ontschot/ledger/storage"
)

// reasonOf returns the reason the problem gives for field.
func reasonOf(t *testing.T, p httpapi.Problem, field string) string {
	t.Helper()
	wantParam(t, p, field)
	for _, f := range p.InvalidParams {
		if f.Field == field {
			return f.Reason
		}
	}
	return ""
}

// TestDuplicateKeys sends bodies that give a key twice, spelt alike or
// differing only in case, at the top, inside an object and inside a list:
// encoding/json would take the last one (1,400.00 where the body first says
// 1.00), so each must be a 400 that names the key by its path, and nothing
// may be booked.
func TestDuplicateKeys(t *testing.T) {
	e := newEnv(t, 10000_00)
	p, _ := e.requestPayout(caseworker, "10.00")
	payout := func(replace, with string) string {
		b, err := json.Marshal(e.payoutBody("1.00"))
		if err != nil {
			t.Fatal(err)
		}
		s := string(b)
		if !strings.Contains(s, replace) {
			t.Fatalf("the body lacks %s", replace)
		}
		return strings.Replace(s, replace, with, 1)
	}
	tests := []struct {
		name, path, body, field, want string
	}{
		{"Same", "/api/v1/payouts", payout(`"amount":"1.00"`, `"amount":"1.00","amount":"1400.00"`), "amount", "given twice"},
		{"Case", "/api/v1/payouts", payout(`"amount":"1.00"`, `"amount":"1.00","Amount":"1400.00"`), "amount", `as "amount" and as "Amount"`},
		{"UpperFirst", "/api/v1/payouts", payout(`"amount":"1.00"`, `"AMOUNT":"1.00","amount":"1400.00"`), "AMOUNT", "without regard to case"},
		// encoding/json folds as bytes.EqualFold does: ſ (long s) is an s.
		{"UnicodeFold", "/api/v1/payouts", payout(`"caseRef":"WIJK-2026-0042"`, `"caseRef":"WIJK-2026-0042","caſeRef":"WIJK-2026-9999"`), "caseRef", "given twice"},
		{"Escaped", "/api/v1/payouts", payout(`"amount":"1.00"`, `"amount":"1.00","\u0061mount":"1400.00"`), "amount", "given twice"},
		{"Nested", "/api/v1/payouts", payout(`"iban":"NL91 ABNA 0417 1643 00"`, `"iban":"NL91 ABNA 0417 1643 00","IBAN":"NL86 INGB 0002 4455 88"`), "payee.iban", "given twice"},
		{"InAList", "/api/v1/payouts/" + p.ID + "/allocations",
			`{"lines":[{"target":"maatwerk","amount":"5.00"},{"target":"maatwerk","amount":"5.00","Amount":"900.00"}]}`, "lines[1].amount", "given twice"},
		{"ObjectInAList", "/api/v1/allocation-rules",
			`{"rules":[{"id":"a","target":"wgs","taakvelden":["6.3"]},{"id":"b","target":"wgs","taakvelden":["6.3"],"Taakvelden":["6.4"]}]}`, "rules[1].taakvelden", "given twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := e.for_(t)
			method, user := "POST", caseworker
			switch {
			case strings.Contains(tt.path, "allocations"):
				user = finance
			case strings.Contains(tt.path, "rules"):
				method, user = "PUT", admin
			}
			pr := wantProblem(t, e.do(method, tt.path, user, tt.body), 400, ledger.EINVALID)
			if got := reasonOf(t, pr, tt.field); !strings.Contains(got, tt.want) {
				t.Fatalf("%s: %q does not say %q", tt.field, got, tt.want)
			}
		})
	}
	if b := e.balance(); b["spent"] != "10.00" {
		t.Fatalf("a body with a duplicate key booked something: spent %s", b["spent"])
	}
	// A key may appear once in each of several objects.
	want(t, e.do("POST", "/api/v1/payouts", caseworker, payout(`"amount":"1.00"`, `"amount":"1.00"`)), 201)
}

// TestBodiesMustBeJSON sends every POST and PUT a body without a
// Content-Type and with a wrong one, as a role that may call the route: each
// answers 415 and says to send application/json (PUT /taakvelden: or
// text/csv), before it reads anything.
func TestBodiesMustBeJSON(t *testing.T) {
	e := newEnv(t, 10000_00)
	userOf := map[ledger.Role]string{}
	for user, role := range roleOf {
		userOf[role] = user
	}
	send := func(method, path, user, contentType string) (int, httpapi.Problem) {
		req, err := http.NewRequest(method, e.srv.URL+path, strings.NewReader(`{}`))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+e.tokens[user])
		if contentType != "" {
			req.Header.Set("Content-Type", contentType)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		var p httpapi.Problem
		if resp.Header.Get("Content-Type") != "application/problem+json" || json.Unmarshal(b, &p) != nil {
			t.Fatalf("%s %s: %d %q is not a problem: %s", method, path, resp.StatusCode, resp.Header.Get("Content-Type"), b)
		}
		return resp.StatusCode, p
	}
	doc, err := httpapi.OpenAPI()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, rt := range httpapi.Routes() {
		if rt.Method != http.MethodPost && rt.Method != http.MethodPut && rt.Method != http.MethodPatch {
			continue
		}
		n++
		if op := doc.Paths.Value(strings.TrimPrefix(rt.Path, "/api/v1")).GetOperation(rt.Method); op.Responses.Status(415) == nil {
			t.Errorf("the OpenAPI document does not list the 415 of %s %s", rt.Method, rt.Path)
		}
		path := strings.NewReplacer("{potId}", string(e.pot.ID), "{partnerId}", string(e.insurer.ID),
			"{payoutId}", "PAY-01ARZ3NDEKTSV4RRFFQ69G5FAV", "{receivableId}", "RCV-01ARZ3NDEKTSV4RRFFQ69G5FAV",
			"{signalId}", "category-rent_arrears", "{partyId}", "PTY-01ARZ3NDEKTSV4RRFFQ69G5FAV").Replace(rt.Path)
		user := userOf[ledger.Permissions[rt.Action][0]]
		for _, ct := range []string{"", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/jsonx",
			"application/json; charset=utf-16", "application/json; charset=latin1"} {
			status, p := send(rt.Method, path, user, ct)
			wantSaid := "application/json"
			switch {
			case rt.Path == "/api/v1/bank-files":
				// The bank's file is sent as it is, XML in any
				// encoding its declaration names.
				wantSaid = "application/xml"
			case strings.Contains(ct, "charset"):
				wantSaid = "send it as UTF-8"
			}
			if status != 415 || p.Code != "UNSUPPORTED_MEDIA_TYPE" || !strings.Contains(p.Detail, wantSaid) {
				t.Errorf("%s %s with Content-Type %q: %d %+v; want 415 saying to send %s", rt.Method, rt.Path, ct, status, p, wantSaid)
			}
			if rt.Path == "/api/v1/taakvelden" && !strings.Contains(ct, "charset") && !strings.Contains(p.Detail, "text/csv") {
				t.Errorf("PUT /api/v1/taakvelden with Content-Type %q: %q does not say text/csv is taken too", ct, p.Detail)
			}
		}
	}
	if n < 20 {
		t.Fatalf("only %d POST and PUT routes checked", n)
	}
	// The documented types still work, parameters and all.
	for _, ct := range []string{"application/json", "application/json; charset=utf-8", "application/problem+json"} {
		r := e.api.Do(apitest.Request{Method: "POST", Path: "/api/v1/payouts", Token: e.tokens[caseworker], Body: e.payoutBody("1.00"),
			Header: http.Header{"Content-Type": {ct}}})
		want(t, r, 201)
	}
	csv := "code,name,law,valid_from,valid_to,status\n6.3,Inkomensregelingen,Participatiewet,2017-01-01,,active\n"
	r := e.api.Do(apitest.Request{Method: "PUT", Path: "/api/v1/taakvelden", Token: e.tokens[admin], Body: csv,
		Header: http.Header{"Content-Type": {"text/csv; charset=utf-8"}}})
	if r.Status == 415 {
		t.Fatalf("PUT /taakvelden refused text/csv: %s", r.Body)
	}
}

// TestAmountsWithSpaces checks that an amount with spaces around it is a
// 400 on its field that says how to write it, wherever an amount is taken.
func TestAmountsWithSpaces(t *testing.T) {
	e := newEnv(t, 10000_00)
	for _, amount := range []string{" 12.50", "12.50 ", "\t12.50", "12.50\n"} {
		b := e.payoutBody(amount)
		got := reasonOf(t, wantProblem(t, e.do("POST", "/api/v1/payouts", caseworker, b), 400, ledger.EINVALID), "amount")
		if !strings.Contains(got, `without spaces, as a decimal string such as "12.50"`) {
			t.Fatalf("amount %q: %q does not say how to write it", amount, got)
		}
		c := map[string]any{"partnerId": string(e.insurer.ID), "amount": amount, "valueDate": "2026-03-01", "reference": "x"}
		wantParam(t, wantProblem(t, e.do("POST", "/api/v1/pots/"+string(e.pot.ID)+"/contributions", finance, c), 400, ledger.EINVALID), "amount")
	}
	if b := e.balance(); b["spent"] != "0.00" {
		t.Fatalf("an amount with spaces was booked: spent %s", b["spent"])
	}
}

// TestDatesOutsideTheLedgersRange sends 0001-01-01 and 9999-12-31 to every
// kind of date input: each is a 400 on its field whose reason names the
// range allowed, and nothing is erased or booked.
func TestDatesOutsideTheLedgersRange(t *testing.T) {
	e := newEnv(t, 10000_00)
	pot := "/api/v1/pots/" + string(e.pot.ID)
	for _, date := range []string{"0001-01-01", "1999-12-31", "9999-12-31", "2101-01-01"} {
		t.Run(date, func(t *testing.T) {
			e := e.for_(t)
			check := func(r *apitest.Response, field string) {
				t.Helper()
				got := reasonOf(t, wantProblem(t, r, 400, ledger.EINVALID), field)
				if !strings.Contains(got, "give a date from 2000-01-01 to") && !strings.Contains(got, "2000 to 2100") {
					t.Fatalf("%s %s: %q does not say which dates are allowed", field, date, got)
				}
			}
			check(e.do("POST", "/api/v1/erasures", admin, map[string]any{"before": date}), "before")
			check(e.do("POST", pot+"/contributions", finance,
				map[string]any{"partnerId": string(e.insurer.ID), "amount": "10.00", "valueDate": date, "reference": "x"}), "valueDate")
			b := e.payoutBody("10.00")
			b["justification"].(map[string]any)["stuckSince"] = date
			check(e.do("POST", "/api/v1/payouts", caseworker, b), "justification.stuckSince")
			check(e.do("POST", "/api/v1/payment-batches", finance, map[string]any{"executionDate": date}), "executionDate")
			check(e.do("GET", "/api/v1/payouts?from="+date, finance, nil), "from")
			check(e.do("POST", "/api/v1/closed-periods", finance, map[string]any{"period": date[:4] + "-03"}), "period")
		})
	}
	// The domain's own bounds say their range too: an erasure in the future.
	got := reasonOf(t, wantProblem(t, e.do("POST", "/api/v1/erasures", admin, map[string]any{"before": "2027-01-01"}), 400, ledger.EINVALID), "before")
	if !strings.Contains(got, "a date from 2000-01-01 to 2026-03-10") {
		t.Fatalf("an erasure in the future: %q does not say which dates are allowed", got)
	}
	if b := e.balance(); b["spent"] != "0.00" || b["contributed"] != "10000.00" {
		t.Fatalf("a date outside the range booked something: %v", b)
	}
}

// TestIBANCheckDigitsNeverIssued requests payouts to IBANs whose check
// digits ISO 13616 never issues (00, 01, 99) but that pass the mod-97 test:
// a 400 on payee.iban, nothing booked.
func TestIBANCheckDigitsNeverIssued(t *testing.T) {
	e := newEnv(t, 10000_00)
	for _, iban := range []string{"NL00ABNA0000000075", "NL01 ABNA 0000 0000 57", "NL99ABNA0000000039"} {
		b := e.payoutBody("10.00")
		b["payee"].(map[string]any)["iban"] = iban
		got := reasonOf(t, wantProblem(t, e.do("POST", "/api/v1/payouts", caseworker, b), 400, ledger.EINVALID), "payee.iban")
		if !strings.Contains(got, "check digits") {
			t.Fatalf("%s: %q", iban, got)
		}
	}
	if b := e.balance(); b["spent"] != "0.00" {
		t.Fatalf("a payout to an impossible IBAN was booked: spent %s", b["spent"])
	}
}

// TestDebtorAccountNamedAsWritten sets a pot's account in the name the
// municipality officially has, diacritics and all: it is kept and shown as
// written, and the payment file carries it in the SEPA character set.
func TestDebtorAccountNamedAsWritten(t *testing.T) {
	e := newEnv(t, 10000_00)
	e.requestPayout(caseworker, "100.00")
	const name = "Gemeente Súdwest-Fryslân"
	var pot struct {
		DebtorAccount struct{ Name string } `json:"debtorAccount"`
	}
	want(t, e.do("PUT", "/api/v1/pots/"+string(e.pot.ID)+"/debtor-account", finance,
		map[string]any{"name": name, "iban": "NL11 BNGH 0002 2200 01", "bic": "BNGHNL2G", "town": "Sneek", "country": "NL"}), 200).JSON(t, &pot)
	if pot.DebtorAccount.Name != name {
		t.Fatalf("the account holder is %q; want %q as written", pot.DebtorAccount.Name, name)
	}
	want(t, e.do("GET", "/api/v1/pots/"+string(e.pot.ID), auditor, nil), 200).JSON(t, &pot)
	if pot.DebtorAccount.Name != name {
		t.Fatalf("the account holder reads back as %q; want %q as written", pot.DebtorAccount.Name, name)
	}
	var b struct{ File string }
	want(t, e.do("POST", "/api/v1/payment-batches", finance, map[string]any{"potId": string(e.pot.ID)}), 201).JSON(t, &b)
	x := want(t, e.do("GET", b.File, finance, nil, "Accept", "application/xml"), 200)
	if !bytes.Contains(x.Body, []byte("<Nm>Gemeente Sudwest-Fryslan</Nm>")) || bytes.Contains(x.Body, []byte("ú")) {
		t.Fatalf("the payment file does not name the debtor in the SEPA character set:\n%s", x.Body)
	}
	// A name the bank cannot match stays refused.
	wantParam(t, wantProblem(t, e.do("PUT", "/api/v1/pots/"+string(e.pot.ID)+"/debtor-account", finance,
		map[string]any{"name": "市政府", "iban": "NL11 BNGH 0002 2200 01", "bic": "BNGHNL2G", "town": "Sneek", "country": "NL"}), 400, ledger.EINVALID), "name")
}

// TestMetricsNeedAToken checks /metrics on the API's listener: 401 without a
// token, 403 for a role other than auditor or admin, the metrics for those
// two; and the handler for the debug listener serves them without one.
func TestMetricsNeedAToken(t *testing.T) {
	e := newEnv(t, 5000_00)
	e.requestPayout(caseworker, "10.00")
	get := func(url, token string) (*http.Response, string) {
		req, err := http.NewRequest("GET", url, nil)
		if err != nil {
			t.Fatal(err)
		}
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, string(b)
	}
	resp, body := get(e.srv.URL+"/metrics", "")
	if resp.StatusCode != 401 || resp.Header.Get("Content-Type") != "application/problem+json" || strings.Contains(body, "ontschot_payouts") {
		t.Fatalf("/metrics without a token: %d %s", resp.StatusCode, body)
	}
	for user, role := range roleOf {
		resp, body := get(e.srv.URL+"/metrics", e.tokens[user])
		switch role {
		case ledger.RoleAuditor, ledger.RoleAdmin:
			if resp.StatusCode != 200 || !strings.Contains(body, `ontschot_payouts{status="approved"} 1`) {
				t.Errorf("/metrics as %s: %d\n%s", role, resp.StatusCode, body)
			}
		default:
			if resp.StatusCode != 403 || strings.Contains(body, "ontschot_payouts") {
				t.Errorf("/metrics as %s: %d; want 403\n%s", role, resp.StatusCode, body)
			}
		}
	}
	if !strings.Contains(httpapi.PermissionMatrix(), "| GET | `/metrics` |") {
		t.Error("the permission matrix does not list /metrics")
	}
	api, err := httpapi.New(httpapi.Config{Store: e.store})
	if err != nil {
		t.Fatal(err)
	}
	debug := httptest.NewServer(api.MetricsHandler())
	defer debug.Close()
	resp, body = get(debug.URL+"/metrics", "")
	if resp.StatusCode != 200 || !strings.Contains(body, `ontschot_payouts{status="approved"} 1`) {
		t.Fatalf("the debug listener's metrics: %d\n%s", resp.StatusCode, body)
	}
}

// TestReadinessOnAFullDisk serves a ledger on a small tmpfs and fills it,
// so every write fails with ENOSPC from the kernel as on a full production
// disk: readiness answers 503 with Retry-After while liveness stays 200 (the
// ledger can still be read, and a restart would not help), and readiness is
// 200 again once there is room.
func TestReadinessOnAFullDisk(t *testing.T) {
	disk := ledgertest.SmallDisk(t, 8<<20)
	clock := ledgertest.NewClock(ledgertest.Start)
	s, err := storage.Open(filepath.Join(disk, "ledger.db"), storage.Options{Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	ctx := context.Background()
	partner, err := s.CreatePartner(ctx, ledgertest.Admin, ledger.NewPartner{Name: "Gemeente", Kind: ledger.KindMunicipality})
	if err != nil {
		t.Fatal(err)
	}
	pot, err := s.CreatePot(ctx, ledgertest.Admin, ledger.NewPot{Name: "Pot", Year: 2026, RecoveryPolicy: ledger.PolicyRefund, Mandates: ledgertest.Ladder()})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Contribute(ctx, ledgertest.Finance, ledger.NewContribution{PotID: pot.ID, PartnerID: partner.ID, Amount: 1000_00,
		ValueDate: ledger.DateOf(clock.Now()), Reference: "Bijdrage"}); err != nil {
		t.Fatal(err)
	}
	tok, err := s.IssueToken(ctx, ledgertest.Admin, ledger.NewToken{User: "carla", Role: ledger.RoleCaseworker})
	if err != nil {
		t.Fatal(err)
	}
	logs := &syncBuffer{}
	api, err := httpapi.New(httpapi.Config{Store: s, Now: clock.Now, Logger: slog.New(slog.NewJSONHandler(logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(api)
	defer srv.Close()
	c := apitest.New(t, srv.URL)
	get := func(path string) *apitest.Response { return c.Do(apitest.Request{Method: "GET", Path: path}) }
	var ready struct{ Status string }
	want(t, get("/api/v1/health/ready"), 200).JSON(t, &ready)
	if ready.Status != "ready" {
		t.Fatalf("readiness = %+v", ready)
	}

	free := ledgertest.FillDisk(t, disk)
	body := (&env{pot: pot}).payoutBody("10.00")
	r := c.Do(apitest.Request{Method: "POST", Path: "/api/v1/payouts", Token: tok.Secret, Body: body})
	if r.Status < 500 {
		t.Fatalf("a payout on a full disk answered %d; the test does not simulate a full disk\n%s", r.Status, r.Body)
	}
	// The payout itself is told it cannot be booked now, not that the
	// service broke: 503 with Retry-After, like readiness.
	if p := wantProblem(t, r, 503, "UNAVAILABLE"); !strings.Contains(p.Detail, "nothing was booked") || r.Header.Get("Retry-After") == "" {
		t.Fatalf("a payout on a full disk: %+v, Retry-After %q", p, r.Header.Get("Retry-After"))
	}
	r = get("/api/v1/health/ready")
	wantProblem(t, r, 503, "UNAVAILABLE")
	if r.Header.Get("Retry-After") == "" {
		t.Fatal("a 503 from readiness without Retry-After")
	}
	want(t, get("/api/v1/health"), 200)
	if !strings.Contains(logs.String(), "readiness") {
		t.Fatalf("the operator was not told why the service is not ready:\n%s", logs.String())
	}

	free()
	want(t, get("/api/v1/health/ready"), 200)
}

// TestDeeplyNestedBodies sends bodies nested far deeper than any request
// needs: each is refused at once with a 400 saying so, whatever the route,
// and the server's memory is not spent walking them (a body of 20,000
// nested lists took 0.7 s and 660 MB before the limit).
func TestDeeplyNestedBodies(t *testing.T) {
	e := newEnv(t, 10000_00)
	for _, depth := range []int{33, 20000, 400000} {
		for _, open := range []string{"[", `{"a":`} {
			closing := "]"
			if open != "[" {
				closing = "}"
			}
			body := strings.Repeat(open, depth) + "1" + strings.Repeat(closing, depth)
			if len(body) > httpapi.MaxBody {
				body = body[:httpapi.MaxBody]
			}
			start := time.Now()
			r := e.do("POST", "/api/v1/payouts", caseworker, body, "Content-Type", "application/json")
			p := wantProblem(t, r, 400, ledger.EINVALID)
			if !strings.Contains(p.Detail, "more than 32 deep") {
				t.Fatalf("depth %d: %q", depth, p.Detail)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Fatalf("depth %d took %s", depth, d)
			}
		}
	}
	// A body as deep as the deepest real request is fine.
	want(t, e.do("PUT", "/api/v1/allocation-rules", admin, `{"rules":[{"id":"a","target":"wgs","taakvelden":["6.3"],"reason":"schulden"}]}`), 200)
}
