package web_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/ledgertest"
)

// TestDashboardSignalsInDutch: a category signal on the pot's dashboard
// names the category by its Dutch label, not by its code.
func TestDashboardSignalsInDutch(t *testing.T) {
	e := newEnv(t, finance, caseworker)
	for i := range 3 {
		req := ledgertest.ValidRequest(e.pot.ID, 100_00)
		req.CaseRef = "WIJK-2026-004" + strconv.Itoa(i)
		if _, err := e.store.RequestPayout(context.Background(), ledger.Actor{User: caseworker, Role: ledger.RoleCaseworker}, req); err != nil {
			t.Fatal(err)
		}
	}
	b := e.browser(t)
	b.signIn(finance)
	d := wantStatus(t, b.get("/potten/"+string(e.pot.ID)), http.StatusOK)
	wantText(t, d, "<strong>Huurachterstand</strong> (categorie)")
	if strings.Contains(d.Body, "rent_arrears") {
		t.Error("the dashboard shows the category's code")
	}
}
