package httpapi_test

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ontschot/ontschot/httpapi/apitest"
	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/ledgertest"
)

func money(t *testing.T, s string) ledger.Cents {
	t.Helper()
	var c ledger.Cents
	if err := c.UnmarshalText([]byte(s)); err != nil {
		t.Fatal(err)
	}
	return c
}

func addMoney(t *testing.T, a, b string) string { return (money(t, a) + money(t, b)).String() }
func subMoney(t *testing.T, a, b string) string { return (money(t, a) - money(t, b)).String() }

type allocationAnswer struct {
	Version     int    `json:"version"`
	Allocated   string `json:"allocated"`
	Unallocated string `json:"unallocated"`
	Current     bool   `json:"current"`
	Followed    bool   `json:"followedSuggestion"`
	SuggestedBy string `json:"suggestedBy"`
	Lines       []struct {
		Target           string `json:"target"`
		Taakveld         string `json:"taakveld"`
		EconomicCategory string `json:"economicCategory"`
		Party            string `json:"party"`
		Amount           string `json:"amount"`
		ReceivableID     string `json:"receivableId"`
	} `json:"lines"`
}

func (e *env) allocate(payoutID, user string, body map[string]any) *apitest.Response {
	e.t.Helper()
	return e.do("POST", "/api/v1/payouts/"+payoutID+"/allocations", user, body)
}

func TestReallocationOverHTTP(t *testing.T) {
	e := newEnv(t, 10000_00)
	want(t, e.do("POST", "/api/v1/parties", finance, map[string]any{"name": "Zorgverzekeraar De Friesland", "kind": "health_insurer"}), 201)
	want(t, e.do("POST", "/api/v1/parties", admin, map[string]any{"name": "Woningcorporatie Elkien", "kind": "housing_corporation"}), 201)
	p, _ := e.requestPayout(caseworker, "100.00")

	// The suggestion for rent arrears: debt relief (Wgs) on 6.3 in 2026.
	var sg struct {
		RuleID string `json:"ruleId"`
		Lines  []struct {
			Target, Taakveld, Amount string
		} `json:"lines"`
	}
	want(t, e.do("GET", "/api/v1/payouts/"+p.ID+"/allocation-suggestion", finance, nil), 200).JSON(t, &sg)
	if sg.RuleID != "rent-arrears" || len(sg.Lines) != 1 || sg.Lines[0].Target != "wgs" || sg.Lines[0].Taakveld != "6.3" || sg.Lines[0].Amount != "100.00" {
		t.Fatalf("suggestion = %+v", sg)
	}
	var q struct {
		Items []struct {
			PayoutID    string `json:"payoutId"`
			Unallocated string `json:"unallocated"`
			Band        string `json:"band"`
		} `json:"items"`
		Total int `json:"total"`
		Bands []struct {
			Band    string `json:"band"`
			Payouts int    `json:"payouts"`
		} `json:"bands"`
	}
	want(t, e.do("GET", "/api/v1/allocation-queue?potId="+string(e.pot.ID), finance, nil), 200).JSON(t, &q)
	if q.Total != 1 || q.Items[0].PayoutID != p.ID || q.Items[0].Band != "0-30" || len(q.Bands) != 3 || q.Bands[0].Payouts != 1 {
		t.Fatalf("queue = %+v", q)
	}

	// Percentages of the rest, to the cent: 100.00 = 10.00 + 33.33% + 33.33% + 33.34% of 90.00.
	var a allocationAnswer
	want(t, e.allocate(p.ID, finance, map[string]any{"lines": []map[string]any{
		{"target": "wgs", "taakveld": "6.3", "amount": "10.00"},
		{"target": "wmo", "taakveld": "6.712", "percentage": "33.33"},
		{"target": "party", "party": "Woningcorporatie Elkien", "percentage": "33.33"},
		{"target": "maatwerk", "percentage": "33.34"},
	}}), 201).JSON(t, &a)
	if a.Version != 1 || a.Allocated != "100.00" || a.Unallocated != "0.00" || a.Followed || a.SuggestedBy != "rent-arrears" {
		t.Fatalf("allocation = %+v", a)
	}
	var amounts []string
	for _, l := range a.Lines {
		amounts = append(amounts, l.Amount)
	}
	if got := strings.Join(amounts, " "); got != "10.00 30.00 29.99 30.01" && got != "10.00 29.99 30.00 30.01" {
		// 33.33% of 90.00 is 29.997: largest remainders, ties to the earlier line.
		if got != "10.00 30.00 30.00 30.00" {
			t.Fatalf("amounts = %s; want them to add up to 100.00 exactly", got)
		}
	}
	b := e.balance()
	// Refund policy: Wgs and Wmo refund the pot at once, the party owes.
	if b["recovered"] != addMoney(t, a.Lines[0].Amount, a.Lines[1].Amount) || b["receivable"] != a.Lines[2].Amount || b["unallocated"] != "0.00" {
		t.Fatalf("balance = %v", b)
	}

	// The receivable is settled in two parts.
	rcv := a.Lines[2].ReceivableID
	want(t, e.do("POST", "/api/v1/receivables/"+rcv+"/settlements", finance, map[string]any{"amount": "10.00", "valueDate": "2026-03-10", "reference": "Elkien 7"}), 201)
	var rs struct {
		Receivables []struct {
			Open   string `json:"open"`
			Status string `json:"status"`
		} `json:"receivables"`
		Open string `json:"open"`
	}
	want(t, e.do("GET", "/api/v1/receivables?status=open", auditor, nil), 200).JSON(t, &rs)
	if len(rs.Receivables) != 1 || rs.Open != subMoney(t, a.Lines[2].Amount, "10.00") {
		t.Fatalf("receivables = %+v", rs)
	}
	p2 := wantProblem(t, e.do("POST", "/api/v1/receivables/"+rcv+"/settlements", finance, map[string]any{"amount": "999.00", "valueDate": "2026-03-10", "reference": "x"}), 400, ledger.EINVALID)
	wantParam(t, p2, "amount")

	// A correction of a partly settled allocation is refused.
	wantProblem(t, e.allocate(p.ID, finance, map[string]any{"lines": []map[string]any{{"target": "maatwerk", "amount": "100.00"}}, "note": "Toch maatwerk"}), 409, ledger.ECONFLICT)

	// A second payout follows its suggestion and is then corrected.
	p3, _ := e.requestPayout(caseworker, "50.00")
	want(t, e.allocate(p3.ID, finance, map[string]any{"lines": []map[string]any{{"target": "wgs", "taakveld": "6.3", "amount": "50.00"}}}), 201).JSON(t, &a)
	if !a.Followed || a.Lines[0].EconomicCategory != "3.4.1" {
		t.Fatalf("allocation = %+v; want the suggestion followed, the category derived", a)
	}
	want(t, e.allocate(p3.ID, finance, map[string]any{"lines": []map[string]any{{"target": "maatwerk", "percentage": "100"}}, "note": "Geen schuldhulptraject"}), 201).JSON(t, &a)
	var hist struct {
		Allocations []allocationAnswer `json:"allocations"`
	}
	want(t, e.do("GET", "/api/v1/payouts/"+p3.ID+"/allocations", teamlead, nil), 200).JSON(t, &hist)
	if len(hist.Allocations) != 2 || hist.Allocations[0].Current || !hist.Allocations[1].Current {
		t.Fatalf("history = %+v", hist)
	}
	var rules struct {
		Stats []struct {
			RuleID   string `json:"ruleId"`
			Followed int    `json:"followed"`
			Changed  int    `json:"changed"`
		} `json:"stats"`
	}
	want(t, e.do("GET", "/api/v1/allocation-rules", finance, nil), 200).JSON(t, &rules)
	if len(rules.Stats) != 1 || rules.Stats[0].RuleID != "rent-arrears" || rules.Stats[0].Followed != 1 || rules.Stats[0].Changed != 2 {
		t.Fatalf("rule stats = %+v", rules.Stats)
	}
	var rot struct {
		Parties []struct {
			Party string `json:"party"`
			Turns int    `json:"turns"`
		} `json:"parties"`
	}
	want(t, e.do("GET", "/api/v1/pots/"+string(e.pot.ID)+"/rotation", finance, nil), 200).JSON(t, &rot)
	if len(rot.Parties) != 2 || rot.Parties[0].Party != "Woningcorporatie Elkien" || rot.Parties[0].Turns != 1 || rot.Parties[1].Turns != 0 {
		t.Fatalf("rotation = %+v", rot)
	}
	want(t, e.do("GET", "/api/v1/journal/verification", auditor, nil), 200)
}

func TestAllocationBadInput(t *testing.T) {
	e := newEnv(t, 10000_00)
	p, _ := e.requestPayout(caseworker, "100.00")
	held, _ := e.requestPayout(caseworker, "3000.00")
	tests := []struct {
		name  string
		body  any
		field string
	}{
		{"ExceedsPayout", map[string]any{"lines": []map[string]any{{"target": "maatwerk", "amount": "60.00"}, {"target": "wgs", "taakveld": "6.3", "amount": "40.01"}}}, "lines"},
		{"PercentagesOver100", map[string]any{"lines": []map[string]any{{"target": "maatwerk", "percentage": "60"}, {"target": "wgs", "taakveld": "6.3", "percentage": "50"}}}, "lines"},
		{"UnknownLaw", map[string]any{"lines": []map[string]any{{"target": "zvw", "taakveld": "6.1", "amount": "10.00"}}}, "lines[0].target"},
		{"UnknownTaakveld", map[string]any{"lines": []map[string]any{{"target": "wmo", "taakveld": "6.99", "amount": "10.00"}}}, "lines[0].taakveld"},
		{"TaakveldOfAnotherLaw", map[string]any{"lines": []map[string]any{{"target": "jeugdwet", "taakveld": "6.712", "amount": "10.00"}}}, "lines[0].taakveld"},
		{"OldTaakveld", map[string]any{"lines": []map[string]any{{"target": "wmo", "taakveld": "6.71a", "amount": "10.00"}}}, "lines[0].taakveld"},
		{"AmountAndPercentage", map[string]any{"lines": []map[string]any{{"target": "maatwerk", "amount": "10.00", "percentage": "10"}}}, "lines[0]"},
		{"NeitherAmountNorPercentage", map[string]any{"lines": []map[string]any{{"target": "maatwerk"}}}, "lines[0].amount"},
		{"ThreeDecimals", map[string]any{"lines": []map[string]any{{"target": "maatwerk", "amount": "10.005"}}}, "lines[0].amount"},
		{"AmountAsNumber", map[string]any{"lines": []map[string]any{{"target": "maatwerk", "amount": 10}}}, "lines[0].amount"},
		{"BadPercentage", map[string]any{"lines": []map[string]any{{"target": "maatwerk", "percentage": "10%"}}}, "lines[0].percentage"},
		{"UnknownParty", map[string]any{"lines": []map[string]any{{"target": "party", "party": "Zilveren Kruis", "amount": "10.00"}}}, "lines[0].party"},
		{"NoLines", map[string]any{"note": "x"}, "lines"},
		{"UnknownField", map[string]any{"lines": []map[string]any{{"target": "maatwerk", "amount": "1.00", "law": "wmo"}}}, "lines[0].law"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := e.for_(t)
			pr := wantProblem(t, e.do("POST", "/api/v1/payouts/"+p.ID+"/allocations", finance, tt.body), 400, ledger.EINVALID)
			wantParam(t, pr, tt.field)
		})
	}
	t.Run("PendingOrReversed", func(t *testing.T) {
		e := e.for_(t)
		body := map[string]any{"lines": []map[string]any{{"target": "maatwerk", "amount": "1.00"}}}
		wantProblem(t, e.do("POST", "/api/v1/payouts/"+held.ID+"/allocations", finance, body), 409, ledger.ECONFLICT)
		r, _ := e.requestPayout(caseworker, "20.00")
		want(t, e.do("POST", "/api/v1/payouts/"+r.ID+"/reversals", finance, map[string]any{"reason": "Dubbel aangevraagd"}), 201)
		wantProblem(t, e.do("POST", "/api/v1/payouts/"+r.ID+"/allocations", finance, body), 409, ledger.ECONFLICT)
		wantProblem(t, e.do("POST", "/api/v1/payouts/PAY-01ARZ3NDEKTSV4RRFFQ69G5FAV/allocations", finance, body), 404, ledger.ENOTFOUND)
	})
	if b := e.balance(); b["unallocated"] != "100.00" || b["recovered"] != "0.00" {
		t.Fatalf("balance after refused allocations = %v; want nothing booked", b)
	}
}

func TestEvaluationsRegretAndSignalsOverHTTP(t *testing.T) {
	e := newEnv(t, 100000_00)
	var ids []string
	for i, amount := range []string{"1000.00", "1000.00", "1000.00", "1000.00", "1000.00"} {
		body := e.payoutBody(amount)
		body["caseRef"] = "WIJK-2026-00" + string(rune('1'+i))
		r := want(t, e.do("POST", "/api/v1/payouts", caseworker, body), 201)
		var p payout
		r.JSON(t, &p)
		ids = append(ids, p.ID)
	}
	// Evaluated once paid.
	e.payPot(t)
	want(t, e.do("POST", "/api/v1/payouts/"+ids[0]+"/evaluations", caseworker, map[string]any{"outcome": "effective", "note": "Woning behouden"}), 201)
	want(t, e.do("POST", "/api/v1/payouts/"+ids[1]+"/evaluations", teamlead, map[string]any{"outcome": "partial", "regrettedAmount": "400.00", "note": "Deels nodig"}), 201)
	pr := wantProblem(t, e.do("POST", "/api/v1/payouts/"+ids[2]+"/evaluations", caseworker, map[string]any{"outcome": "partial", "regrettedAmount": "1000.01", "note": "Te veel"}), 400, ledger.EINVALID)
	wantParam(t, pr, "regrettedAmount")
	pr = wantProblem(t, e.do("POST", "/api/v1/payouts/"+ids[2]+"/evaluations", caseworker, map[string]any{"outcome": "fine", "note": "x"}), 400, ledger.EINVALID)
	wantParam(t, pr, "outcome")
	wantParam(t, pr, "note")
	wantProblem(t, e.do("POST", "/api/v1/payouts/"+ids[2]+"/evaluations", finance, map[string]any{"outcome": "effective", "note": "Goed gegaan"}), 403, ledger.EFORBIDDEN)

	var reg struct {
		Ratio     string `json:"ratio"`
		Status    string `json:"status"`
		Year      int    `json:"year"`
		Spent     string `json:"spent"`
		Regretted string `json:"regretted"`
		Threshold string `json:"threshold"`
		Twelve    struct {
			Ratio string `json:"ratio"`
		} `json:"lastTwelveMonths"`
		ByCategory []struct {
			Category string `json:"category"`
		} `json:"byCategory"`
	}
	want(t, e.do("GET", "/api/v1/pots/"+string(e.pot.ID)+"/regret", finance, nil), 200).JSON(t, &reg)
	if reg.Ratio != "0.08" || reg.Status != "ok" || reg.Year != 2026 || reg.Spent != "5000.00" || reg.Regretted != "400.00" || reg.Twelve.Ratio != "0.08" {
		t.Fatalf("regret = %+v", reg)
	}
	// The ratio rises past 80% of the threshold: a warning.
	want(t, e.do("POST", "/api/v1/payouts/"+ids[2]+"/evaluations", caseworker, map[string]any{"outcome": "partial", "regrettedAmount": "400.00", "note": "Deels nodig"}), 201)
	want(t, e.do("GET", "/api/v1/pots/"+string(e.pot.ID)+"/regret", partner, nil), 200).JSON(t, &reg)
	if reg.Ratio != "0.16" || reg.Status != "warning" || len(reg.ByCategory) != 1 {
		t.Fatalf("regret as the partner = %+v", reg)
	}
	wantProblem(t, e.do("GET", "/api/v1/pots/"+string(e.pot.ID)+"/regret", partner2, nil), 404, ledger.ENOTFOUND)
	wantParam(t, wantProblem(t, e.do("GET", "/api/v1/pots/"+string(e.pot.ID)+"/regret?year=26", finance, nil), 400, ledger.EINVALID), "year")

	// Five cases of rent arrears, all deviating from the same rule: two signals.
	var sig struct {
		Signals []struct {
			ID    string `json:"id"`
			Kind  string `json:"kind"`
			Cases int    `json:"cases"`
			Total string `json:"total"`
		} `json:"signals"`
	}
	want(t, e.do("GET", "/api/v1/signals", caseworker, nil), 200).JSON(t, &sig)
	if len(sig.Signals) != 2 || sig.Signals[0].Cases != 5 || sig.Signals[0].Total != "5000.00" {
		t.Fatalf("signals = %+v", sig)
	}
	want(t, e.do("POST", "/api/v1/signals/category-rent_arrears/policy-uptakes", finance, map[string]any{"note": "Vroegsignalering met Elkien"}), 201)
	wantProblem(t, e.do("POST", "/api/v1/signals/category-rent_arrears/policy-uptakes", admin, map[string]any{"note": "Nogmaals"}), 409, ledger.ECONFLICT)
	want(t, e.do("GET", "/api/v1/signals?status=open", finance, nil), 200).JSON(t, &sig)
	if len(sig.Signals) != 1 || sig.Signals[0].Kind != "rule" {
		t.Fatalf("open signals = %+v", sig)
	}
	want(t, e.do("GET", "/api/v1/signals?threshold=6", finance, nil), 200).JSON(t, &sig)
	if len(sig.Signals) != 0 {
		t.Fatalf("signals at 6 = %+v", sig)
	}
	wantParam(t, wantProblem(t, e.do("GET", "/api/v1/signals?status=closed", finance, nil), 400, ledger.EINVALID), "status")

	// Timeliness: a request waits 20 days for a decision.
	held, _ := e.requestPayout(caseworker, "3000.00")
	e.clock.Set(ledgertest.Start.Add(20 * 24 * time.Hour))
	var tl struct {
		Timeliness struct {
			Waiting       int `json:"waiting"`
			SlowDecisions int `json:"slowDecisions"`
			Flagged       []struct {
				PayoutID string `json:"payoutId"`
			} `json:"flagged"`
		} `json:"timeliness"`
	}
	want(t, e.do("GET", "/api/v1/pots/"+string(e.pot.ID)+"/timeliness", teamlead, nil), 200).JSON(t, &tl)
	// Every case here was stuck since 1 December, over 8 weeks before its request.
	if tl.Timeliness.Waiting != 1 || tl.Timeliness.SlowDecisions != 1 || len(tl.Timeliness.Flagged) != 6 {
		t.Fatalf("timeliness = %+v", tl)
	}
	var got struct {
		Timeliness struct {
			WaitDays     int  `json:"waitDays"`
			SlowDecision bool `json:"slowDecision"`
		} `json:"timeliness"`
	}
	want(t, e.do("GET", "/api/v1/payouts/"+held.ID, teamlead, nil), 200).JSON(t, &got)
	if got.Timeliness.WaitDays != 20 || !got.Timeliness.SlowDecision {
		t.Fatalf("payout timeliness = %+v", got.Timeliness)
	}
}

func TestTaakveldenOverHTTP(t *testing.T) {
	e := newEnv(t, 1000_00)
	var list struct {
		Taakvelden []struct {
			Code string `json:"code"`
		} `json:"taakvelden"`
	}
	want(t, e.do("GET", "/api/v1/taakvelden?year=2022&law=wgs", finance, nil), 200).JSON(t, &list)
	if len(list.Taakvelden) != 1 || list.Taakvelden[0].Code != "6.71" {
		t.Fatalf("wgs codes in 2022 = %+v; want 6.71", list)
	}
	csv := "code,name,law,valid_from,valid_to,status\n6.3,Inkomensregelingen,participatiewet+wgs,2017,,verified\n6.712,Begeleiding (WMO),wmo,2025,,observed\n"
	r := e.do("PUT", "/api/v1/taakvelden", admin, csv, "Content-Type", "text/csv")
	var imp struct {
		Rows      int  `json:"rows"`
		Unchanged bool `json:"unchanged"`
	}
	want(t, r, 200).JSON(t, &imp)
	if imp.Rows != 2 || imp.Unchanged {
		t.Fatalf("import = %+v", imp)
	}
	wantProblem(t, e.do("PUT", "/api/v1/taakvelden", finance, csv, "Content-Type", "text/csv"), 403, ledger.EFORBIDDEN)
	bad := "code,name,law,valid_from,valid_to,status\n6.3,Inkomensregelingen,zvw,2017,,verified\n"
	wantParam(t, wantProblem(t, e.do("PUT", "/api/v1/taakvelden", admin, bad, "Content-Type", "text/csv"), 400, ledger.EINVALID), "line 2.law")
	want(t, e.do("PUT", "/api/v1/taakvelden", admin, map[string]any{"taakvelden": []map[string]any{
		{"code": "6.3", "name": "Inkomensregelingen", "laws": []string{"participatiewet", "wgs"}, "validFrom": 2017, "status": "verified"}}}), 200)
	want(t, e.do("GET", "/api/v1/taakvelden", caseworker, nil), 200).JSON(t, &list)
	if len(list.Taakvelden) != 1 {
		t.Fatalf("list after the JSON import = %+v", list)
	}
	wantProblem(t, e.do("PUT", "/api/v1/allocation-rules", admin, map[string]any{"rules": []map[string]any{{"id": "x", "target": "wmo", "reason": "Wmo"}}}), 400, ledger.EINVALID)
	want(t, e.do("PUT", "/api/v1/allocation-rules", admin, map[string]any{"rules": []map[string]any{{"id": "all", "target": "maatwerk", "reason": "Alles maatwerk"}}}), 200)
}

// payPot pays the approved payouts of the pot over the API (giving the
// pot its bank account), so they can be evaluated.
func (e *env) payPot(t *testing.T) {
	t.Helper()
	want(t, e.do("PUT", "/api/v1/pots/"+string(e.pot.ID)+"/debtor-account", finance,
		map[string]any{"name": "Gemeente Leeuwarden", "iban": "NL11BNGH0002220001", "bic": "BNGHNL2G", "town": "Leeuwarden", "country": "NL"}), 200)
	want(t, e.do("POST", "/api/v1/payment-batches", finance, map[string]any{"potId": string(e.pot.ID)}), 201)
}

func TestReallocationPrivacyAndEdges(t *testing.T) {
	e := newEnv(t, 10000_00)
	p, _ := e.requestPayout(caseworker, "100.00")
	e.payPot(t)
	want(t, e.do("POST", "/api/v1/payouts/"+p.ID+"/evaluations", caseworker, map[string]any{"outcome": "effective", "note": "Mevrouw kon in haar woning blijven"}), 201)
	// A colleague neither reads the note nor evaluates the case.
	var ev struct {
		Evaluations []struct {
			Note     string `json:"note"`
			Redacted bool   `json:"redacted"`
		} `json:"evaluations"`
	}
	want(t, e.do("GET", "/api/v1/payouts/"+p.ID+"/evaluations", caseworker2, nil), 200).JSON(t, &ev)
	if len(ev.Evaluations) != 1 || ev.Evaluations[0].Note != "" || !ev.Evaluations[0].Redacted {
		t.Fatalf("evaluations for a colleague = %+v; want the note redacted", ev)
	}
	ev.Evaluations = nil
	want(t, e.do("GET", "/api/v1/payouts/"+p.ID+"/evaluations", teamlead, nil), 200).JSON(t, &ev)
	if ev.Evaluations[0].Note == "" {
		t.Fatalf("an approver sees no note: %+v", ev)
	}
	wantProblem(t, e.do("POST", "/api/v1/payouts/"+p.ID+"/evaluations", caseworker2, map[string]any{"outcome": "regret", "note": "Niet nodig geweest"}), 403, ledger.EFORBIDDEN)
	// A redacted payout says nothing derived from the weighing.
	var red map[string]any
	want(t, e.do("GET", "/api/v1/payouts/"+p.ID, admin, nil), 200).JSON(t, &red)
	if _, ok := red["timeliness"]; ok || red["redacted"] != true {
		t.Fatalf("payout for the admin = %v; want it redacted, without timeliness", red)
	}
	var q struct {
		Items []map[string]any `json:"items"`
	}
	// The queue and its suggestions follow from the case: not the admin's.
	wantProblem(t, e.do("GET", "/api/v1/allocation-queue", admin, nil), 403, ledger.EFORBIDDEN)
	wantProblem(t, e.do("GET", "/api/v1/payouts/"+p.ID+"/allocation-suggestion", admin, nil), 403, ledger.EFORBIDDEN)
	want(t, e.do("GET", "/api/v1/allocation-queue", finance, nil), 200).JSON(t, &q)
	if _, ok := q.Items[0]["residentUnder18"]; !ok {
		t.Fatalf("queue for finance lacks residentUnder18: %v", q.Items[0])
	}
	wantProblem(t, e.do("POST", "/api/v1/signals/category-dental_care/policy-uptakes", finance, map[string]any{"note": "Regeling tandzorg"}), 404, ledger.ENOTFOUND)

	// Lines that all come to 0.00 are a mistake, not a withdrawal; an error
	// names the line as written, also after a line of 0.00 was left out.
	small, _ := e.requestPayout(caseworker, "0.02")
	pr := wantProblem(t, e.allocate(small.ID, finance, map[string]any{"lines": []map[string]any{{"target": "wmo", "taakveld": "6.712", "percentage": "0.4"}}}), 400, ledger.EINVALID)
	wantParam(t, pr, "lines")
	r := e.allocate(small.ID, finance, map[string]any{"lines": []map[string]any{
		{"target": "wmo", "taakveld": "6.712", "percentage": "10"}, {"target": "wmo", "taakveld": "6.99", "percentage": "90"}}})
	wantParam(t, wantProblem(t, r, 400, ledger.EINVALID), "lines[1].taakveld")
}

// TestAllocationQueuePages walks finance's queue a page at a time: each
// page names the next, every cost comes once, the total counts them all,
// and a cursor that is not one is refused on the field after.
func TestAllocationQueuePages(t *testing.T) {
	e := newEnv(t, 10000_00)
	queued := map[string]bool{}
	for _, amount := range []string{"10.00", "20.00", "30.00", "40.00", "50.00"} {
		p, _ := e.requestPayout(caseworker, amount)
		queued[p.ID] = true
	}
	type page struct {
		Items []struct {
			PayoutID string `json:"payoutId"`
		} `json:"items"`
		Total int    `json:"total"`
		Next  string `json:"next"`
	}
	seen := map[string]bool{}
	path := "/api/v1/allocation-queue?limit=2"
	for pages := 0; ; pages++ {
		var p page
		want(t, e.do("GET", path, finance, nil), 200).JSON(t, &p)
		if p.Total != 5 || len(p.Items) > 2 {
			t.Fatalf("page %d = %+v; want at most 2 of 5", pages, p)
		}
		for _, it := range p.Items {
			if seen[it.PayoutID] || !queued[it.PayoutID] {
				t.Fatalf("page %d lists %s again or unknown", pages, it.PayoutID)
			}
			seen[it.PayoutID] = true
		}
		if p.Next == "" {
			break
		}
		path = "/api/v1/allocation-queue?limit=2&after=" + url.QueryEscape(p.Next)
	}
	if len(seen) != 5 {
		t.Fatalf("the pages listed %d costs; want 5", len(seen))
	}
	wantParam(t, wantProblem(t, e.do("GET", "/api/v1/allocation-queue?after=nonsense", finance, nil), 400, ledger.EINVALID), "after")
}
