package httpapi_test

import (
	"context"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/ledger"
	bt "github.com/ontschot/ontschot/ledger/bankfile/bankfiletest"
)

// TestReissueOverHTTP: a payout the bank returned shows the bank's reason
// to its requester, who pays it again to a corrected payee with one POST:
// a new payout, approved by the old one's decision, named both ways. A
// bad payee is a 400 naming the field, finance and partners are refused,
// a second reissue is a 409, and none of them writes anything.
func TestReissueOverHTTP(t *testing.T) {
	e := newEnv(t, 10000_00)
	p, _ := e.requestPayout(caseworker, "400.00")
	e.payPot(t)
	statement := bt.Statement("NL11BNGH0002220001", "STMT-RTN-1",
		bt.Booking{Ref: "RTN-1", PayoutID: ledger.PayoutID(p.ID), Amount: 400_00, Return: "AC04", Booked: ledger.DateOf(e.clock.Now())})
	want(t, e.do("POST", "/api/v1/bank-files", finance, statement, "Content-Type", "application/xml"), 201)

	var returned struct {
		Status string `json:"status"`
		Return *struct {
			Reason      string `json:"reason"`
			Explanation string `json:"explanation"`
		} `json:"return"`
		ReissuedAs string `json:"reissuedAs"`
	}
	want(t, e.do("GET", "/api/v1/payouts/"+p.ID, caseworker, nil), 200).JSON(t, &returned)
	if returned.Status != "returned" || returned.Return == nil || returned.Return.Reason != "AC04" || !strings.Contains(returned.Return.Explanation, "opgeheven") {
		t.Fatalf("the returned payout: %+v", returned)
	}

	path := "/api/v1/payouts/" + p.ID + "/reissues"
	head := func() int64 {
		seq, _, err := e.store.JournalHead(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return seq
	}
	before := head()
	good := map[string]any{"payee": map[string]any{"name": "Woonstichting De Kern", "iban": "NL44 RABO 0123 4567 89"}}
	wantParam(t, wantProblem(t, e.do("POST", path, caseworker, map[string]any{"payee": map[string]any{"name": "Woonstichting De Kern", "iban": "NL44 RABO 0123 4567 88"}}), 400, ledger.EINVALID), "payee.iban")
	wantProblem(t, e.do("POST", path, caseworker, map[string]any{}), 400, ledger.EINVALID)
	blank := wantProblem(t, e.do("POST", path, caseworker, map[string]any{"payee": map[string]any{"name": "  ", "iban": ""}}), 400, ledger.EINVALID)
	wantParam(t, blank, "payee.name") // every field at once
	wantParam(t, blank, "payee.iban")
	wantProblem(t, e.do("POST", path, finance, good), 403, ledger.EFORBIDDEN)
	wantProblem(t, e.do("POST", path, partner, good), 403, ledger.EFORBIDDEN)
	wantProblem(t, e.do("POST", path, caseworker2, good), 403, ledger.EFORBIDDEN) // may not see the case
	wantProblem(t, e.do("POST", "/api/v1/payouts/PAY-NOPE/reissues", caseworker, good), 404, ledger.ENOTFOUND)
	if head() != before {
		t.Fatal("a refused reissue wrote to the journal")
	}

	r := want(t, e.do("POST", path, caseworker, good), 201)
	var again struct {
		ID        string `json:"id"`
		Status    string `json:"status"`
		ReissueOf string `json:"reissueOf"`
		Payee     struct {
			IBAN string `json:"iban"`
		} `json:"payee"`
	}
	r.JSON(t, &again)
	if again.Status != "approved" || again.ReissueOf != p.ID || again.Payee.IBAN != "NL44RABO0123456789" || r.Header.Get("Location") != "/api/v1/payouts/"+again.ID {
		t.Fatalf("the payout paid again: %+v, Location %q", again, r.Header.Get("Location"))
	}
	want(t, e.do("GET", "/api/v1/payouts/"+p.ID, caseworker, nil), 200).JSON(t, &returned)
	if returned.ReissuedAs != again.ID {
		t.Errorf("the returned payout names %q as paying it again; want %s", returned.ReissuedAs, again.ID)
	}
	p409 := wantProblem(t, e.do("POST", path, caseworker, good), 409, ledger.ECONFLICT)
	if !strings.Contains(p409.Detail, again.ID) {
		t.Errorf("the second reissue's problem does not name the payout that pays it again: %s", p409.Detail)
	}
}
