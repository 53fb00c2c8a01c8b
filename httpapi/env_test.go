package httpapi_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/ontschot/ontschot/httpapi"
	"github.com/ontschot/ontschot/httpapi/apitest"
	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/ledgertest"
	"github.com/ontschot/ontschot/ledger/storage"
)

// env is a running API on a fresh ledger with one user and token per role.
type env struct {
	t       *testing.T
	store   ledger.Store
	clock   *ledgertest.Clock
	srv     *httptest.Server
	api     *apitest.Client
	tokens  map[string]string // user -> secret
	insurer ledger.Partner    // funds pot
	other   ledger.Partner    // funds nothing
	pot     ledger.Pot
	logs    *syncBuffer
}

// The users of every env, by role.
const (
	caseworker  = "carla"
	caseworker2 = "kees"
	teamlead    = "tom"
	teamlead2   = "tara"
	manager     = "mia"
	alderman    = "wim"
	finance     = "fien"
	partner     = "lezer"
	partner2    = "ander"
	auditor     = "anna"
	admin       = "beheer"
)

var roleOf = map[string]ledger.Role{
	caseworker: ledger.RoleCaseworker, caseworker2: ledger.RoleCaseworker, teamlead: ledger.RoleTeamlead, teamlead2: ledger.RoleTeamlead,
	manager: ledger.RoleManager, alderman: ledger.RoleAlderman, finance: ledger.RoleFinance, partner: ledger.RolePartner,
	partner2: ledger.RolePartner, auditor: ledger.RoleAuditor, admin: ledger.RoleAdmin,
}

// syncBuffer is a log sink safe for the server's goroutines.
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

// newEnv starts an API on a new ledger with a pot (the standard ladder)
// funded by funds from the insurer.
func newEnv(t *testing.T, funds ledger.Cents) *env {
	t.Helper()
	return newEnvWith(t, funds, nil)
}

// newEnvWith is newEnv with the store wrapped by wrap (nil: as it is).
func newEnvWith(t *testing.T, funds ledger.Cents, wrap func(ledger.Store) ledger.Store) *env {
	t.Helper()
	return newEnvConfig(t, funds, wrap, nil)
}

// newEnvConfig is newEnvWith with the server's configuration changed by
// tweak (nil: as it is).
func newEnvConfig(t *testing.T, funds ledger.Cents, wrap func(ledger.Store) ledger.Store, tweak func(*httpapi.Config)) *env {
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
	if funds > 0 {
		if _, err := s.Contribute(ctx, ledgertest.Finance, ledger.NewContribution{PotID: e.pot.ID, PartnerID: e.insurer.ID, Amount: funds,
			ValueDate: ledger.DateOf(clock.Now()), Reference: "Bijdrage"}); err != nil {
			t.Fatal(err)
		}
	} else if _, err := s.SetPledge(ctx, ledgertest.Admin, ledger.Pledge{PotID: e.pot.ID, PartnerID: e.insurer.ID, Amount: 100_00}); err != nil {
		t.Fatal(err)
	}
	for user, role := range roleOf {
		req := ledger.NewToken{User: user, Role: role}
		switch user {
		case partner:
			req.Partner = e.insurer.ID
		case partner2:
			req.Partner = e.other.ID
		}
		tok, err := s.IssueToken(ctx, ledgertest.Admin, req)
		if err != nil {
			t.Fatal(err)
		}
		e.tokens[user] = tok.Secret
	}
	var store ledger.Store = s
	if wrap != nil {
		store = wrap(s)
	}
	// A verification of these small ledgers ends in moments; a test waits
	// for it however busy the machine is, unless it says otherwise.
	cfg := httpapi.Config{Store: store, Build: "test", Now: clock.Now, Logger: slog.New(slog.NewJSONHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		VerifyWait: time.Minute}
	if tweak != nil {
		tweak(&cfg)
	}
	api, err := httpapi.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	e.srv = httptest.NewServer(api)
	t.Cleanup(func() {
		e.srv.Close()
		api.Close()
		if err := s.Close(); err != nil {
			t.Errorf("close store: %v", err)
		}
	})
	e.api = apitest.New(t, e.srv.URL)
	return e
}

// for_ returns the env with its client reporting to t (a subtest).
func (e *env) for_(t *testing.T) *env {
	c := *e
	c.t = t
	c.api = apitest.New(t, e.srv.URL)
	return &c
}

// do sends a request as user ("" for none).
func (e *env) do(method, path, user string, body any, header ...string) *apitest.Response {
	e.t.Helper()
	h := http.Header{}
	for i := 0; i+1 < len(header); i += 2 {
		h.Set(header[i], header[i+1])
	}
	return e.api.Do(apitest.Request{Method: method, Path: path, Token: e.tokens[user], Body: body, Header: h})
}

// want fails unless the answer has the status.
func want(t *testing.T, r *apitest.Response, status int) *apitest.Response {
	t.Helper()
	if r.Status != status {
		t.Fatalf("status %d; want %d\n%s", r.Status, status, r.Body)
	}
	return r
}

// wantProblem fails unless the answer is a problem with the status and code.
func wantProblem(t *testing.T, r *apitest.Response, status int, code string) httpapi.Problem {
	t.Helper()
	want(t, r, status)
	p := r.Problem(t)
	if p.Code != code || p.Status != status || p.Detail == "" || p.Title == "" {
		t.Fatalf("problem = %+v; want status %d code %s", p, status, code)
	}
	return p
}

// wantParam fails unless the problem names the field.
func wantParam(t *testing.T, p httpapi.Problem, field string) {
	t.Helper()
	for _, f := range p.InvalidParams {
		if f.Field == field {
			if f.Reason == "" {
				t.Fatalf("invalidParams names %s without a reason", field)
			}
			return
		}
	}
	t.Fatalf("invalidParams %+v does not name %q", p.InvalidParams, field)
}

// payoutBody returns a complete, valid payout request.
func (e *env) payoutBody(amount string) map[string]any {
	return map[string]any{
		"potId":    string(e.pot.ID),
		"amount":   amount,
		"payee":    map[string]any{"name": "Woonstichting De Kern", "iban": "NL91 ABNA 0417 1643 00"},
		"caseRef":  "WIJK-2026-0042",
		"category": "rent_arrears",
		"urgency":  "urgent",
		"justification": map[string]any{
			"situation":           "Huurachterstand van drie maanden; ontruiming dreigt binnen twee weken.",
			"severity":            4,
			"residentInvolvement": "Bewoner heeft zelf een budgetplan opgesteld.",
			"expectedReturn":      "Behoud van de woning.",
			"deviatesFrom":        []string{"Participatiewet art. 35"},
			"regularRouteTried":   "Bijzondere bijstand afgewezen wegens vermogen.",
			"stuckSince":          "2025-12-01",
		},
	}
}

// payout is the part of a payout answer the tests look at.
type payout struct {
	ID       string `json:"id"`
	Status   string `json:"status"`
	Amount   string `json:"amount"`
	CaseRef  string `json:"caseRef"`
	Redacted bool   `json:"redacted"`
	Payee    *struct {
		Name string `json:"name"`
		IBAN string `json:"iban"`
	} `json:"payee"`
	Justification *struct {
		Situation string `json:"situation"`
	} `json:"justification"`
	Decision *struct {
		Decision  string `json:"decision"`
		DecidedBy string `json:"decidedBy"`
		Note      string `json:"note"`
		Mandate   struct {
			Role  string `json:"role"`
			Limit string `json:"limit"`
		} `json:"mandate"`
		OwnMandate bool `json:"ownMandate"`
	} `json:"decision"`
}

// requestPayout requests a payout as user and returns the answer.
func (e *env) requestPayout(user, amount string, header ...string) (payout, *apitest.Response) {
	e.t.Helper()
	r := e.do("POST", "/api/v1/payouts", user, e.payoutBody(amount), header...)
	var p payout
	if r.Status == http.StatusCreated {
		r.JSON(e.t, &p)
	}
	return p, r
}

// balance reads the pot's balance as finance.
func (e *env) balance() map[string]string {
	e.t.Helper()
	var pot struct {
		Balance map[string]string `json:"balance"`
	}
	want(e.t, e.do("GET", "/api/v1/pots/"+string(e.pot.ID), finance, nil), 200).JSON(e.t, &pot)
	return pot.Balance
}

var _ = time.Second
