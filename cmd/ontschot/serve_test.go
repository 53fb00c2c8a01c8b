package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ontschot/ontschot/httpapi/apitest"
	"github.com/ontschot/ontschot/httpapi/oidc/oidctest"
	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/storage"
)

// syncBuffer collects a running server's output.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// server is the real program serving a ledger.
type server struct {
	url    string
	stop   context.CancelFunc
	done   chan int
	stdout *syncBuffer
	once   sync.Once
}

var servesAt = regexp.MustCompile(`serves \S+ at (http://127\.0\.0\.1:\d+)`)

// startServer runs "ontschot serve --addr 127.0.0.1:0" in-process, with any
// extra flags, and waits until it listens.
func startServer(t *testing.T, db string, extra ...string) *server {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	s := &server{stop: cancel, done: make(chan int, 1), stdout: &syncBuffer{}}
	m := NewMain()
	m.Stdout, m.Stderr, m.Now = s.stdout, &syncBuffer{}, func() time.Time { return now }
	go func() {
		code := m.Run(ctx, append([]string{"serve", "--db", db, "--addr", "127.0.0.1:0", "--log-level", "warn"}, extra...))
		m.Close()
		s.done <- code
	}()
	deadline := time.Now().Add(time.Minute) // a bound on a hang, not a speed
	for time.Now().Before(deadline) {
		if m := servesAt.FindStringSubmatch(s.stdout.String()); m != nil {
			s.url = m[1]
			t.Cleanup(func() { s.shutdown(t) })
			return s
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	t.Fatalf("the server did not start:\n%s", s.stdout.String())
	return nil
}

// shutdown stops the server as SIGTERM would and waits for it.
func (s *server) shutdown(t *testing.T) {
	s.once.Do(func() {
		s.stop()
		select {
		case code := <-s.done:
			if code != 0 {
				t.Errorf("serve exited %d:\n%s", code, s.stdout.String())
			}
		case <-time.After(40 * time.Second):
			t.Errorf("serve did not stop")
		}
	})
}

// tokensFor creates one user and token per role with "ontschot token create"
// and returns the secrets by role.
func tokensFor(t *testing.T, db string, partner string) apitest.Tokens {
	t.Helper()
	tok := apitest.Tokens{}
	for _, role := range ledger.Roles {
		args := []string{"token", "create", "--db", db, "--user", "user." + string(role), "--role", string(role)}
		if role == ledger.RolePartner {
			if partner == "" {
				continue
			}
			args = append(args, "--partner", partner)
		}
		out := wantRun(t, 0, args...)
		lines := strings.Split(strings.TrimSpace(out), "\n")
		secret := lines[len(lines)-1]
		if !strings.HasPrefix(secret, "ots_") {
			t.Fatalf("token create did not print the token as its last line:\n%s", out)
		}
		tok[string(role)] = secret
	}
	return tok
}

func TestServeEndToEnd(t *testing.T) {
	db := filepath.Join(t.TempDir(), "ledger.db")
	wantRun(t, 0, "init", "--db", db)
	tokens := tokensFor(t, db, "")
	log := filepath.Join(t.TempDir(), "checkpoints.log")
	s := startServer(t, db, "--checkpoint-log", log)
	if !strings.Contains(s.stdout.String(), "/api/v1/openapi.json") {
		t.Fatalf("serve does not say where the API is:\n%s", s.stdout.String())
	}
	apitest.WalkContract(t, apitest.New(t, s.url), tokens, now.Year())
	s.shutdown(t)
	if out := s.stdout.String(); !strings.Contains(out, "Stopped") {
		t.Fatalf("serve did not report a clean stop:\n%s", out)
	}
	if out := wantRun(t, 0, "verify", "--db", db); !strings.Contains(out, "verifies") {
		t.Fatalf("verify after the walk: %s", out)
	}
	// The server wrote a checkpoint after every write group: as many lines
	// as the walk made groups, the last one the head.
	b, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) < 10 {
		t.Fatalf("the checkpoint log has %d lines after the walk's writes:\n%s", len(lines), b)
	}
	out := wantRun(t, 0, "verify", "--db", db, "--checkpoint-log", log)
	if m := checkpointRE.FindStringSubmatch(out); m == nil || !strings.HasPrefix(lines[len(lines)-1], m[1]+" ") {
		t.Fatalf("the log ends with %q; verify says:\n%s", lines[len(lines)-1], out)
	}
	if !strings.Contains(out, "still holds every checkpoint given ("+strconv.Itoa(len(lines))+")") {
		t.Fatalf("verify --checkpoint-log did not check every line:\n%s", out)
	}
	// Cut back behind the log while the server is down, the ledger is not
	// served again with that log.
	head := strings.Split(strings.Fields(lines[len(lines)-1])[0], ":")[0]
	tamper(t, db, `DELETE FROM journal WHERE seq = `+head)
	code, stdout, stderr := run(t, "serve", "--db", db, "--addr", "127.0.0.1:0", "--checkpoint-log", log)
	if code != 1 || !strings.Contains(stdout+stderr, "no longer holds the last checkpoint") {
		t.Fatalf("serve on a cut journal: exit %d\n%s%s", code, stdout, stderr)
	}
}

// TestGracefulShutdown stops the server while clients are requesting
// payouts: every payout the server answered 201 must be in the ledger.
func TestGracefulShutdown(t *testing.T) {
	db := demoFile(t)
	tokens := tokensFor(t, db, "")
	store, err := storage.Open(db, storage.Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	pots, _ := store.Pots(context.Background())
	store.Close()
	pot := pots[0].ID // this year's shared fund
	s := startServer(t, db)
	body, _ := json.Marshal(map[string]any{
		"potId": pot, "amount": "0.01", "caseRef": "LOAD-1", "category": "other",
		"payee": map[string]any{"name": "Leverancier", "iban": "NL91ABNA0417164300"},
		"justification": map[string]any{"situation": "Stopping the server while requests run.", "severity": 1,
			"residentInvolvement": "none: a test", "expectedReturn": "no loss", "deviatesFrom": []string{"none"},
			"regularRouteTried": "not applicable", "stuckSince": "2026-11-01"},
	})
	var mu sync.Mutex
	var answered []string
	var wg sync.WaitGroup
	stopSending := make(chan struct{})
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			client := &http.Client{Timeout: 30 * time.Second}
			for {
				select {
				case <-stopSending:
					return
				default:
				}
				req, _ := http.NewRequest("POST", s.url+"/api/v1/payouts", bytes.NewReader(body))
				req.Header.Set("Authorization", "Bearer "+tokens["caseworker"])
				req.Header.Set("Content-Type", "application/json")
				resp, err := client.Do(req)
				if err != nil {
					return // the server has stopped listening
				}
				var p struct{ ID string }
				json.NewDecoder(resp.Body).Decode(&p)
				resp.Body.Close()
				if resp.StatusCode == http.StatusCreated {
					mu.Lock()
					answered = append(answered, p.ID)
					mu.Unlock()
				}
			}
		}()
	}
	// Some answered, more under way: then the shutdown, as SIGTERM does.
	for bound := time.Now().Add(time.Minute); ; time.Sleep(10 * time.Millisecond) {
		mu.Lock()
		n := len(answered)
		mu.Unlock()
		if n >= 10 || time.Now().After(bound) {
			break
		}
	}
	s.shutdown(t)
	close(stopSending)
	wg.Wait()
	if len(answered) < 10 {
		t.Fatalf("only %d payouts answered before the shutdown", len(answered))
	}
	store, err = storage.Open(db, storage.Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	for _, id := range answered {
		if p, err := store.Payout(context.Background(), ledger.PayoutID(id)); err != nil || p.Status != ledger.StatusApproved {
			t.Fatalf("payout %s was answered 201 but after the shutdown: %v, %v", id, p.Status, err)
		}
	}
	if v, err := store.Verify(context.Background(), ledger.VerifyOptions{}); err != nil || !v.OK {
		t.Fatalf("verify after the shutdown: %v %+v", err, v.Failure)
	}
	t.Logf("%d payouts answered before the shutdown; all in the ledger", len(answered))
}

func TestTokenCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "ledger.db")
	wantRun(t, 0, "init", "--db", db)
	out := wantRun(t, 0, "token", "create", "--db", db, "--user", "fien", "--role", "finance")
	id := regexp.MustCompile(`TOK-[0-9A-Z]{26}`).FindString(out)
	if id == "" || !strings.Contains(out, "shown once") {
		t.Fatalf("token create: %s", out)
	}
	if out := wantRun(t, 0, "token", "list", "--db", db); !strings.Contains(out, id) || strings.Contains(out, "ots_") {
		t.Fatalf("token list: %s", out)
	}
	if out := wantRun(t, 0, "token", "revoke", "--db", db, "--id", id); !strings.Contains(out, "Revoked") {
		t.Fatalf("token revoke: %s", out)
	}
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"token", "create", "--db", db, "--user", "x"}, 2, "--user and --role are required"},
		{[]string{"token", "create", "--db", db, "--user", "x", "--role", "boss"}, 1, "is not a role"},
		{[]string{"token", "create", "--db", db, "--user", "fien", "--role", "admin"}, 1, "exists with the role finance"},
		{[]string{"token", "create", "--db", db, "--user", "p", "--role", "partner"}, 1, "partnerId"},
		{[]string{"token", "revoke", "--db", db, "--id", id}, 1, "revoked already"},
		{[]string{"token"}, 2, "create, list or revoke"},
		{[]string{"token", "mint"}, 2, "not a token command"},
	} {
		if out := wantRun(t, tt.code, tt.args...); !strings.Contains(out, tt.want) {
			t.Errorf("ontschot %v: %q lacks %q", tt.args, out, tt.want)
		}
	}
}

func TestServeMistakes(t *testing.T) {
	db := filepath.Join(t.TempDir(), "ledger.db")
	wantRun(t, 0, "init", "--db", db)
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"serve", "--db", filepath.Join(t.TempDir(), "none.db")}, 1, "there is no ledger"},
		{[]string{"serve", "--db", db, "--tls-cert", "c.pem"}, 2, "go together"},
		{[]string{"serve", "--db", db, "--log-level", "loud"}, 2, "--log-level"},
		{[]string{"serve", "--db", db, "--addr", "256.0.0.1:1"}, 1, "listen on"},
		{[]string{"serve", "--db", db, "--addr", "127.0.0.1:0", "--tls-cert", "/nonexistent/c.pem", "--tls-key", "/nonexistent/k.pem"}, 1, "cannot read"},
		{[]string{"serve", "--db", db, "--smtp-url", "smtp://mail.gemeente.example:587"}, 2, "--mail-from"},
		{[]string{"serve", "--db", db, "--mail-from", "ontschot@gemeente.example"}, 2, "go with --smtp-url"},
		{[]string{"serve", "--db", db, "--smtp-url", "http://mail.gemeente.example", "--mail-from", "ontschot@gemeente.example"}, 2, "--smtp-url"},
		{[]string{"serve", "--db", db, "--smtp-url", "smtp://u@mail.gemeente.example:587", "--mail-from", "ontschot@gemeente.example", "--smtp-password-file", "/nonexistent/pw"}, 2, "--smtp-password-file"},
		{[]string{"serve", "--db", db, "--smtp-url", "smtp://mail.gemeente.example:587", "--mail-from", "geen adres"}, 2, "--mail-from"},
		{[]string{"serve", "--db", db, "--smtp-url", "smtp://mail.gemeente.example:587", "--mail-from", "ontschot@gemeente.example"}, 2, "--public-url"},
	} {
		if out := wantRun(t, tt.code, tt.args...); !strings.Contains(out, tt.want) {
			t.Errorf("ontschot %v: %q lacks %q", tt.args, out, tt.want)
		}
	}
}

// TestServeSaysHowToSignIn: serve's line about the pages fits the ledger:
// a ledger without accounts says how to make the first; one with accounts
// (the demo's, listed by make run just before) says to sign in with one
// and does not send people to "ontschot user create".
func TestServeSaysHowToSignIn(t *testing.T) {
	db := filepath.Join(t.TempDir(), "ledger.db")
	wantRun(t, 0, "init", "--db", db)
	srv := startServer(t, db)
	out := srv.stdout.String()
	if !strings.Contains(out, "no accounts yet: make the first with 'ontschot user create --db "+db+" --name NAME --role admin'") {
		t.Errorf("serve of a ledger without accounts:\n%s", out)
	}
	srv.shutdown(t)

	wantRun(t, 0, "user", "create", "--db", db, "--name", "beheer", "--role", "admin")
	wantRun(t, 0, "user", "create", "--db", db, "--name", "anouk.bakker", "--role", "caseworker")
	srv = startServer(t, db)
	out = srv.stdout.String()
	if !strings.Contains(out, "sign in with an account of this ledger: it has 2 users, 'ontschot user list --db "+db+"' names them") ||
		strings.Contains(out, "user create") {
		t.Errorf("serve of a ledger with accounts:\n%s", out)
	}
}

// TestServeWithProvider: serve signs in with an identity provider given
// by its flags: the sign-in page offers it (and only it with
// --password-sign-in=false, when a posted password answers 404), serve
// names the redirect URI to register; every missing or wrong flag and a
// wrong role map stop it with a sentence naming what to fix.
func TestServeWithProvider(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "ledger.db")
	wantRun(t, 0, "init", "--db", db)
	op, err := oidctest.Start(oidctest.Config{ClientID: "ontschot", ClientSecret: "s3cret", RedirectURIs: []string{"http://127.0.0.1:1/inloggen/oidc/terug"}})
	if err != nil {
		t.Fatal(err)
	}
	defer op.Close()
	secret := filepath.Join(dir, "secret")
	roles := filepath.Join(dir, "roles.conf")
	badRoles := filepath.Join(dir, "bad-roles.conf")
	unknownPartner := filepath.Join(dir, "partner-roles.conf")
	for f, body := range map[string]string{secret: "s3cret\n", roles: "g-consulenten = caseworker\n", badRoles: "g-x = caseworker\ng-y = boss\n",
		unknownPartner: "g-lezers = partner Nergens\n"} {
		if err := os.WriteFile(f, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	flags := []string{"--oidc-issuer", op.Issuer, "--oidc-client-id", "ontschot", "--oidc-client-secret-file", secret, "--oidc-roles", roles}

	srv := startServer(t, db, append(flags, "--password-sign-in=false")...)
	if out := srv.stdout.String(); !strings.Contains(out, "sign in with the identity provider "+op.Issuer) ||
		!strings.Contains(out, "register the redirect URI "+srv.url+"/inloggen/oidc/terug there") || strings.Contains(out, "account of this ledger") {
		t.Errorf("serve with a provider and no passwords says:\n%s", out)
	}
	resp, err := http.Get(srv.url + "/inloggen")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(body), "Inloggen met uw gemeenteaccount") || strings.Contains(string(body), `name="wachtwoord"`) {
		t.Errorf("the sign-in page with passwords off:\n%s", body)
	}
	resp, err = http.PostForm(srv.url+"/inloggen", url.Values{"gebruiker": {"x"}, "wachtwoord": {"y"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("a password posted with passwords off: %d; want 404", resp.StatusCode)
	}
	srv.shutdown(t)

	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--oidc-client-id", "ontschot"}, 2, "--oidc-client-id needs --oidc-issuer"},
		{[]string{"--password-sign-in=false"}, 2, "--password-sign-in=false needs --oidc-issuer"},
		{[]string{"--oidc-issuer", op.Issuer}, 2, "--oidc-issuer needs --oidc-client-id"},
		{[]string{"--oidc-issuer", op.Issuer, "--oidc-client-id", "ontschot"}, 2, "--oidc-issuer needs --oidc-client-secret-file"},
		{[]string{"--oidc-issuer", op.Issuer, "--oidc-client-id", "ontschot", "--oidc-client-secret-file", secret}, 2, "--oidc-issuer needs --oidc-roles"},
		{[]string{"--oidc-issuer", op.Issuer, "--oidc-client-id", "ontschot", "--oidc-client-secret-file", filepath.Join(dir, "none"), "--oidc-roles", roles}, 1, "cannot read the client secret"},
		{[]string{"--oidc-issuer", op.Issuer, "--oidc-client-id", "ontschot", "--oidc-client-secret-file", secret, "--oidc-roles", badRoles}, 1, `line 2 of the role map names the role "boss", which does not exist`},
		{[]string{"--oidc-issuer", op.Issuer, "--oidc-client-id", "ontschot", "--oidc-client-secret-file", secret, "--oidc-roles", unknownPartner}, 1, `names the partner "Nergens", which is not in the ledger`},
		{[]string{"--oidc-issuer", "http://127.0.0.1:1", "--oidc-client-id", "ontschot", "--oidc-client-secret-file", secret, "--oidc-roles", roles}, 1, "the identity provider http://127.0.0.1:1 cannot be read"},
		{append(flags, "--public-url", "ontschot.example.nl"), 2, "--public-url"},
	} {
		args := append([]string{"serve", "--db", db, "--addr", "127.0.0.1:0"}, tt.args...)
		if out := wantRun(t, tt.code, args...); !strings.Contains(out, tt.want) {
			t.Errorf("ontschot %v: %q lacks %q", tt.args, out, tt.want)
		}
	}
}
