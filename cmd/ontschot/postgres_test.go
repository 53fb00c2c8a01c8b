package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ontschot/ontschot/httpapi/apitest"
	"github.com/ontschot/ontschot/ledger/postgres/pgtest"
)

// TestMain gives the tests that ask for one a PostgreSQL server of their
// own (see pgtest); the others do not start it. The demo the tests copy
// (demoFile) is removed at the end.
func TestMain(m *testing.M) {
	code := pgtest.Main(m)
	if builtDemo.dir != "" {
		os.RemoveAll(builtDemo.dir)
	}
	os.Exit(code)
}

// fundedPostgres makes a PostgreSQL ledger with ontschot init, tokens for
// every role, and one pot holding funds (in euros, as the API writes
// amounts) whose caseworkers may pay up to €1,500 at once.
func fundedPostgres(t *testing.T, funds string) (dsn string, tokens apitest.Tokens, pot string) {
	t.Helper()
	dsn = pgtest.DSN(t)
	if out := wantRun(t, 0, "init", "--db", dsn); !strings.Contains(out, "is ready") || strings.Contains(out, "password") {
		t.Fatalf("init on PostgreSQL:\n%s", out)
	}
	tokens = tokensFor(t, dsn, "")
	s := startServer(t, dsn)
	c := apitest.New(t, s.url)
	r := c.Do(apitest.Request{Method: "POST", Path: "/api/v1/partners", Token: tokens["admin"], Body: map[string]any{"name": "Gemeente", "kind": "municipality"}})
	var partner struct{ ID string }
	r.JSON(t, &partner)
	r = c.Do(apitest.Request{Method: "POST", Path: "/api/v1/pots", Token: tokens["admin"], Body: map[string]any{
		"name": "Gedeelde pot", "year": now.Year(), "recoveryPolicy": "report",
		"mandates": []map[string]any{{"role": "caseworker", "limit": "1500.00"}, {"role": "alderman"}}}})
	var p struct{ ID string }
	r.JSON(t, &p)
	r = c.Do(apitest.Request{Method: "POST", Path: "/api/v1/pots/" + p.ID + "/contributions", Token: tokens["finance"], Body: map[string]any{
		"partnerId": partner.ID, "amount": funds, "valueDate": now.Format(time.DateOnly), "reference": "begroting"}})
	if r.Status != http.StatusCreated {
		t.Fatalf("contribution: %d %s", r.Status, r.Body)
	}
	s.shutdown(t)
	return dsn, tokens, p.ID
}

// payoutBody is a payout request of amount euros from pot.
func payoutBody(pot, amount, caseRef string) []byte {
	b, _ := json.Marshal(map[string]any{
		"potId": pot, "amount": amount, "caseRef": caseRef, "category": "other",
		"payee": map[string]any{"name": "Verhuurder", "iban": "NL91ABNA0417164300"},
		"justification": map[string]any{"situation": "Two servers share one pot.", "severity": 2,
			"residentInvolvement": "none: a test", "expectedReturn": "rent paid", "deviatesFrom": []string{"none"},
			"regularRouteTried": "not applicable", "stuckSince": "2026-11-01"},
	})
	return b
}

// post sends a JSON body with a token (and an idempotency key) and returns
// the status and the answer.
func post(url, token, key string, body []byte) (int, []byte, error) {
	req, err := http.NewRequest("POST", url, bytes.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	b.ReadFrom(resp.Body)
	return resp.StatusCode, b.Bytes(), nil
}

// TestTwoServersShareOnePot runs two "ontschot serve" on one PostgreSQL
// database, as behind a load balancer, and asks both at once for more than
// the pot holds: 200 payouts of €100 from €10,000. Exactly 100 are
// approved and the rest refused, whichever server took them (invariant 4
// holds across servers, not just within one), nothing is left, and the
// journal verifies.
func TestTwoServersShareOnePot(t *testing.T) {
	dsn, tokens, pot := fundedPostgres(t, "10000.00")
	servers := []*server{startServer(t, dsn), startServer(t, dsn)}
	var mu sync.Mutex
	statuses := map[int]int{}
	var wg sync.WaitGroup
	for i := range 200 {
		wg.Go(func() {
			code, body, err := post(servers[i%2].url+"/api/v1/payouts", tokens["caseworker"], "", payoutBody(pot, "100.00", fmt.Sprintf("ZAAK-%d", i)))
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				t.Errorf("payout %d: %v", i, err)
				return
			}
			if code != http.StatusCreated && code != http.StatusConflict && code != http.StatusUnprocessableEntity {
				t.Errorf("payout %d: %d %s", i, code, body)
			}
			statuses[code]++
		})
	}
	wg.Wait()
	if statuses[http.StatusCreated] != 100 {
		t.Fatalf("%d payouts approved of 200 asked for money for 100 (answers by status: %v)", statuses[http.StatusCreated], statuses)
	}
	for _, s := range servers {
		r := apitest.New(t, s.url).Do(apitest.Request{Method: "GET", Path: "/api/v1/pots/" + pot, Token: tokens["finance"]})
		var got struct {
			Balance struct{ Available string }
		}
		r.JSON(t, &got)
		if got.Balance.Available != "0.00" {
			t.Errorf("%s says %s is available; want 0.00", s.url, got.Balance.Available)
		}
	}
	for _, s := range servers {
		s.shutdown(t)
	}
	if out := wantRun(t, 0, "verify", "--db", dsn); !strings.Contains(out, "verifies") {
		t.Fatalf("verify after two servers: %s", out)
	}
}

// TestTwoServersOneIdempotencyKey sends one request with one key to both
// servers at once, several times over, as a client retrying through a load
// balancer does: one payout is made, and every answer names it.
func TestTwoServersOneIdempotencyKey(t *testing.T) {
	dsn, tokens, pot := fundedPostgres(t, "10000.00")
	servers := []*server{startServer(t, dsn), startServer(t, dsn)}
	body := payoutBody(pot, "250.00", "ZAAK-RETRY")
	ids := make(chan string, 8)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			code, b, err := post(servers[i%2].url+"/api/v1/payouts", tokens["caseworker"], "retry-through-the-balancer", body)
			if err != nil || code != http.StatusCreated {
				t.Errorf("attempt %d: %d %s %v", i, code, b, err)
				return
			}
			var p struct{ ID string }
			json.Unmarshal(b, &p)
			ids <- p.ID
		})
	}
	wg.Wait()
	close(ids)
	seen := map[string]bool{}
	for id := range ids {
		seen[id] = true
	}
	if len(seen) != 1 {
		t.Fatalf("one key through two servers made %d payouts: %v", len(seen), seen)
	}
	r := apitest.New(t, servers[0].url).Do(apitest.Request{Method: "GET", Path: "/api/v1/pots/" + pot, Token: tokens["finance"]})
	var got struct {
		Balance struct{ Available string }
	}
	r.JSON(t, &got)
	if got.Balance.Available != "9750.00" {
		t.Errorf("available %s after one payout of 250.00 from 10000.00", got.Balance.Available)
	}
}

// TestRevocationReachesTheOtherServer revokes a token at one server; the
// other, which has the token in its cache, refuses a write with it at once
// (writes do not trust the cache), reads once its cache entry ends
// (httpapi.Config.TokenCacheTTL, 10 s by default), and does not accept it
// again.
func TestRevocationReachesTheOtherServer(t *testing.T) {
	dsn, tokens, _ := fundedPostgres(t, "100.00")
	a, b := startServer(t, dsn), startServer(t, dsn)
	get := func(s *server) int {
		req, _ := http.NewRequest("GET", s.url+"/api/v1/pots", nil)
		req.Header.Set("Authorization", "Bearer "+tokens["auditor"])
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if get(a) != http.StatusOK || get(b) != http.StatusOK {
		t.Fatal("the auditor's token does not work before it is revoked")
	}
	c := apitest.New(t, a.url)
	revoke := func(user string) {
		t.Helper()
		r := c.Do(apitest.Request{Method: "GET", Path: "/api/v1/tokens", Token: tokens["admin"]})
		var list struct {
			Tokens []struct{ ID, User string }
		}
		r.JSON(t, &list)
		for _, tok := range list.Tokens {
			if tok.User == user {
				if r := c.Do(apitest.Request{Method: "DELETE", Path: "/api/v1/tokens/" + tok.ID, Token: tokens["admin"]}); r.Status/100 != 2 {
					t.Fatalf("revoke: %d %s", r.Status, r.Body)
				}
				return
			}
		}
		t.Fatalf("no token of %s in %s", user, r.Body)
	}

	// A second admin's token, used at the other server (which caches it)
	// and then revoked here: the other server refuses it a write at once,
	// so it cannot make itself a token that would outlive the revocation.
	r := c.Do(apitest.Request{Method: "POST", Path: "/api/v1/tokens", Token: tokens["admin"], Body: map[string]any{"user": "tweede.beheerder", "role": "admin"}})
	var second struct {
		Secret string `json:"token"`
	}
	r.JSON(t, &second)
	if code, body, _ := post(b.url+"/api/v1/tokens", second.Secret, "", []byte(`{"user":"derde.beheerder","role":"auditor"}`)); code != http.StatusCreated {
		t.Fatalf("the second admin's token at the other server: %d %s", code, body)
	}
	revoke("tweede.beheerder")
	if code, body, _ := post(b.url+"/api/v1/tokens", second.Secret, "", []byte(`{"user":"vierde.beheerder","role":"admin"}`)); code != http.StatusUnauthorized {
		t.Fatalf("the other server let a revoked token make a token: %d %s", code, body)
	}

	// The auditor's token, read with at both servers and revoked here: the
	// other server refuses reads with it once its cache entry ends.
	revoke("user.auditor")
	if got := get(a); got != http.StatusUnauthorized {
		t.Fatalf("the server that revoked the token answers %d with it", got)
	}
	deadline := time.Now().Add(10*time.Second + 5*time.Second)
	for get(b) != http.StatusUnauthorized {
		if time.Now().After(deadline) {
			t.Fatal("the other server still accepts the revoked token after its cache entry ended")
		}
		time.Sleep(200 * time.Millisecond)
	}
	for range 3 {
		if got := get(b); got != http.StatusUnauthorized {
			t.Fatalf("the other server accepts the revoked token again: %d", got)
		}
	}
}

// TestPostgresPasswordsNeverShown gives PostgreSQL URLs with a password
// (in the user part, or as a parameter) to commands that cannot reach the
// server or cannot read the URL: no message names the password.
func TestPostgresPasswordsNeverShown(t *testing.T) {
	const pw = "Geheim-W8woord"
	dir := t.TempDir()
	for _, dsn := range []string{
		"postgres://ontschot:" + pw + "@/ontschot?host=" + dir + "&port=1&connect_timeout=1",
		"postgres://ontschot@/ontschot?host=" + dir + "&port=1&password=" + pw + "&connect_timeout=1",
		"postgres://ontschot@/ontschot?password=" + pw + "&sslmode=bogus",
		"postgresql://ontschot:" + pw + "@%zz/ontschot",
	} {
		for _, args := range [][]string{
			{"init", "--db", dsn},
			{"verify", "--db", dsn},
			{"pots", "--db", dsn},
			{"copy", "--from", dsn, "--to", dir + "/copy.db"},
			{"copy", "--from", dir + "/none.db", "--to", dsn},
		} {
			code, stdout, stderr := run(t, args...)
			if code == 0 {
				t.Errorf("%s on an unreachable server: exit 0", args[0])
			}
			if strings.Contains(stdout+stderr, pw) {
				t.Errorf("%s %s shows the password:\n%s%s", args[0], args[len(args)-1], stdout, stderr)
			}
		}
	}
}
