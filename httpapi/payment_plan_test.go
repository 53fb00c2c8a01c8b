package httpapi_test

import (
	"strings"
	"testing"

	"github.com/ontschot/ontschot/ledger"
)

// TestPaymentDryRunOverHTTP: POST /payment-batches with dryRun answers what
// a batch would pay (200, nothing booked), in all, per pot and as instant
// payments; the run with the dry run's plan pays exactly that, and a plan
// that no longer fits is a 409 that books nothing.
func TestPaymentDryRunOverHTTP(t *testing.T) {
	e := newEnv(t, 10000_00)
	urgent, _ := e.requestPayout(caseworker, "250.00") // the env's requests are urgent
	body := e.payoutBody("100.00")
	body["urgency"] = "normal"
	want(t, e.do("POST", "/api/v1/payouts", caseworker, body), 201)
	want(t, e.do("PUT", "/api/v1/pots/"+string(e.pot.ID)+"/debtor-account", admin,
		map[string]any{"name": "Gemeente Leeuwarden", "iban": "NL11 BNGH 0002 2200 01", "bic": "BNGHNL2G", "town": "Leeuwarden", "country": "NL"}), 200)
	var plan struct {
		DryRun         bool   `json:"dryRun"`
		Plan           string `json:"plan"`
		Payouts        int    `json:"payouts"`
		Amount         string `json:"amount"`
		InstantPayouts int    `json:"instantPayouts"`
		InstantAmount  string `json:"instantAmount"`
		Groups         []struct {
			PotID          string `json:"potId"`
			InstantPayouts int    `json:"instantPayouts"`
		} `json:"groups"`
		Items []struct {
			PayoutID string `json:"payoutId"`
			Urgency  string `json:"urgency"`
		} `json:"items"`
	}
	r := want(t, e.do("POST", "/api/v1/payment-batches", finance, map[string]any{"dryRun": true}), 200)
	r.JSON(t, &plan)
	if !plan.DryRun || plan.Plan == "" || plan.Payouts != 2 || plan.Amount != "350.00" || plan.InstantPayouts != 1 || plan.InstantAmount != "250.00" ||
		len(plan.Groups) != 1 || plan.Groups[0].InstantPayouts != 1 || len(plan.Items) != 2 || plan.Items[0].PayoutID != urgent.ID || r.Header.Get("Location") != "" {
		t.Fatalf("dry run = %+v (Location %q)", plan, r.Header.Get("Location"))
	}
	if strings.Contains(string(r.Body), "Woonstichting") {
		t.Errorf("the dry run names a payee: %s", r.Body)
	}
	if b := e.balance(); b["unpaid"] != "350.00" {
		t.Fatalf("after a dry run the balance is %v; want nothing paid", b)
	}
	// Approved after the dry run: its plan no longer fits.
	e.requestPayout(caseworker, "40.00")
	pr := wantProblem(t, e.do("POST", "/api/v1/payment-batches", finance, map[string]any{"plan": plan.Plan}), 409, ledger.ECONFLICT)
	if !strings.Contains(pr.Detail, "3 payouts, 390.00") {
		t.Errorf("409 detail %q does not say what a batch would hold now", pr.Detail)
	}
	if b := e.balance(); b["unpaid"] != "390.00" {
		t.Fatalf("after the refused run the balance is %v; want nothing paid", b)
	}
	want(t, e.do("POST", "/api/v1/payment-batches", finance, map[string]any{"dryRun": true}), 200).JSON(t, &plan)
	var b struct {
		Payouts int `json:"payouts"`
	}
	want(t, e.do("POST", "/api/v1/payment-batches", finance, map[string]any{"plan": plan.Plan}), 201).JSON(t, &b)
	if b.Payouts != 3 {
		t.Fatalf("the confirmed run paid %d payouts; want the 3 of its plan", b.Payouts)
	}
}
