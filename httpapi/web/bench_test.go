package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"

	"github.com/ontschot/ontschot/httpapi/web"
	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/ledgertest"
	"github.com/ontschot/ontschot/ledger/storage"
)

// benchPayouts is how many approved payouts the benchmarks' ledger holds.
const benchPayouts = 5000

// BenchmarkPages renders the busiest pages over a ledger of benchPayouts
// approved, unallocated payouts: the figures are per page view.
func BenchmarkPages(b *testing.B) {
	clock := ledgertest.NewClock(ledgertest.Start)
	s, err := storage.Open(filepath.Join(b.TempDir(), "ledger.db"), storage.Options{Now: clock.Now})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	insurer, _ := s.CreatePartner(ctx, ledgertest.Admin, ledger.NewPartner{Name: "De Friesland", Kind: ledger.KindHealthInsurer})
	pot, err := s.CreatePot(ctx, ledgertest.Admin, ledger.NewPot{Name: "Doorbraakpot", Year: 2026, RecoveryPolicy: ledger.PolicyRefund, Mandates: ledgertest.Ladder()})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := s.Contribute(ctx, ledgertest.Finance, ledger.NewContribution{PotID: pot.ID, PartnerID: insurer.ID, Amount: 10_000_000_00,
		ValueDate: ledger.DateOf(clock.Now()), Reference: "Bijdrage"}); err != nil {
		b.Fatal(err)
	}
	var wg sync.WaitGroup
	for w := 0; w < 16; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < benchPayouts/16; i++ {
				if _, err := s.RequestPayout(ctx, ledgertest.Caseworker, ledgertest.ValidRequest(pot.ID, ledger.Cents(100_00+i))); err != nil {
					b.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	sessions := map[string]string{}
	for user, role := range map[string]ledger.Role{ledgertest.Caseworker.User: ledger.RoleCaseworker, "fien": ledger.RoleFinance} {
		if _, err := s.CreateAccount(ctx, ledgertest.Admin, ledger.NewAccount{User: user, Role: role, Password: password}); err != nil {
			b.Fatal(err)
		}
		ws, err := s.SignIn(ctx, user, password)
		if err != nil {
			b.Fatal(err)
		}
		sessions[user] = ws.Secret
	}
	h, err := web.New(web.Config{Store: s, Now: clock.Now})
	if err != nil {
		b.Fatal(err)
	}
	for _, tc := range []struct{ name, user, path string }{
		{"request-form", ledgertest.Caseworker.User, "/aanvragen/nieuw"},
		{"my-requests", ledgertest.Caseworker.User, "/aanvragen"},
		{"queue", "fien", "/financien"},
		{"payments", "fien", "/financien/betalingen"},
		{"dashboard", "fien", "/potten/" + string(pot.ID)},
		{"chart", "fien", "/potten/" + string(pot.ID) + "/grafiek.png"},
	} {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				req := httptest.NewRequest(http.MethodGet, tc.path, nil)
				req.AddCookie(&http.Cookie{Name: "ontschot_sessie", Value: sessions[tc.user]})
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("%s: %d", tc.path, rec.Code)
				}
			}
		})
	}
}
