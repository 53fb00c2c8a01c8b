package httpapi_test

import (
	"context"
	"encoding/json"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/ledgertest"
)

// linkOf returns the address of the Link header's part with the relation
// ("": none).
func linkOf(header, rel string) string {
	for _, part := range strings.Split(header, ",") {
		addr, params, ok := strings.Cut(strings.TrimSpace(part), ";")
		if ok && strings.TrimSpace(params) == `rel="`+rel+`"` {
			return strings.Trim(addr, "<>")
		}
	}
	return ""
}

// apiPage is what a paged list answers besides its items.
type apiPage struct {
	NextCursor string `json:"nextCursor"`
	PrevCursor string `json:"prevCursor"`
	Total      int    `json:"total"`
}

// walkAPI follows a list's Link rel="next" from first to the last page,
// checking that the cursors in the body agree with the links, then its
// rel="prev" back, and returns the ids of the pages going forwards; the
// pages going back must be the same. ids decodes a page.
func walkAPI(t *testing.T, e *env, user, first string, ids func([]byte) ([]string, apiPage)) [][]string {
	t.Helper()
	var pages [][]string
	var addrs []string
	for at := first; at != ""; {
		if len(pages) > 20 {
			t.Fatalf("more than 20 pages from %s: the links go round", first)
		}
		r := want(t, e.do("GET", at, user, nil), 200)
		got, pg := ids(r.Body)
		link := r.Header.Values("Link")
		next, prev := linkOf(strings.Join(link, ","), "next"), linkOf(strings.Join(link, ","), "prev")
		if (pg.NextCursor == "") != (next == "") || (pg.PrevCursor == "") != (prev == "") || (len(pages) == 0) != (prev == "") {
			t.Fatalf("page %d of %s: cursors %+v, links %q", len(pages), first, pg, link)
		}
		if next != "" {
			if u, _ := url.Parse(next); u.Query().Get("after") != pg.NextCursor || u.Query().Has("before") {
				t.Fatalf("page %d of %s: next link %s does not start after %s", len(pages), first, next, pg.NextCursor)
			}
		}
		pages, addrs = append(pages, got), append(addrs, at)
		at = next
	}
	at := addrs[len(addrs)-1]
	for n := len(pages) - 1; n > 0; n-- {
		r := want(t, e.do("GET", at, user, nil), 200)
		at = linkOf(strings.Join(r.Header.Values("Link"), ","), "prev")
		back, _ := ids(want(t, e.do("GET", at, user, nil), 200).Body)
		if !slices.Equal(back, pages[n-1]) {
			t.Fatalf("page %d of %s going back is %v; forwards %v", n-1, first, back, pages[n-1])
		}
	}
	return pages
}

func TestReceivablesPagedOverHTTP(t *testing.T) {
	e := newEnv(t, 100000_00)
	ctx := context.Background()
	party, err := e.store.CreateParty(ctx, ledgertest.Finance, ledger.NewParty{Name: "Woonstichting Elkien", Kind: ledger.PartyHousingCorporation})
	if err != nil {
		t.Fatal(err)
	}
	var want7 []string
	for i := range 7 {
		p, _ := e.requestPayout(caseworker, "100.0"+string(rune('0'+i)))
		a, err := e.store.Allocate(ctx, ledgertest.Finance, ledger.AllocationRequest{PayoutID: ledger.PayoutID(p.ID),
			Lines: []ledger.AllocationLine{{Target: ledger.TargetParty, PartyID: party.ID, Amount: 60_00}, {Target: ledger.TargetMaatwerk, Amount: money(t, "40.0"+string(rune('0'+i)))}}})
		if err != nil {
			t.Fatal(err)
		}
		want7 = append(want7, string(a.Lines[0].ReceivableID))
		e.clock.Set(e.clock.Now().Add(time.Minute))
	}
	if _, err := e.store.Settle(ctx, ledgertest.Finance, ledger.Settlement{ReceivableID: ledger.ReceivableID(want7[2]), Amount: 10_00,
		ValueDate: ledger.DateOf(e.clock.Now()), Reference: "Deel"}); err != nil {
		t.Fatal(err)
	}
	ids := func(body []byte) ([]string, apiPage) {
		var v struct {
			apiPage
			Open        string `json:"open"`
			Receivables []struct {
				ID string `json:"id"`
			} `json:"receivables"`
		}
		if err := json.Unmarshal(body, &v); err != nil {
			t.Fatal(err)
		}
		// The totals are of the whole list on every page.
		if v.Total != 7 || v.Open != "410.00" {
			t.Fatalf("total %d, open %s; want 7 receivables, 410.00 open", v.Total, v.Open)
		}
		var out []string
		for _, r := range v.Receivables {
			out = append(out, r.ID)
		}
		return out, v.apiPage
	}
	pages := walkAPI(t, e, finance, "/api/v1/receivables?status=open&limit=3", ids)
	if len(pages) != 3 || !slices.Equal(slices.Concat(pages...), want7) {
		t.Fatalf("pages %v; want %v, 3 a page", pages, want7)
	}
	// Mistakes in the page are 400 with the field to correct.
	wantParam(t, wantProblem(t, e.do("GET", "/api/v1/receivables?limit=0", finance, nil), 400, ledger.EINVALID), "limit")
	wantParam(t, wantProblem(t, e.do("GET", "/api/v1/receivables?limit=501", finance, nil), 400, ledger.EINVALID), "limit")
	wantParam(t, wantProblem(t, e.do("GET", "/api/v1/receivables?after=RCV-01ARZ3NDEKTSV4RRFFQ69G5FAV", finance, nil), 400, ledger.EINVALID), "after")
	wantParam(t, wantProblem(t, e.do("GET", "/api/v1/receivables?after="+want7[0]+"&before="+want7[1], finance, nil), 400, ledger.EINVALID), "before")
}

func TestPaymentBatchesPagedOverHTTP(t *testing.T) {
	e := newEnv(t, 100000_00)
	ctx := context.Background()
	if _, err := e.store.SetDebtorAccount(ctx, ledgertest.Finance, e.pot.ID, ledgertest.DebtorAccount(), ""); err != nil {
		t.Fatal(err)
	}
	var want5 []string // newest first
	for i := range 5 {
		e.requestPayout(caseworker, "20.0"+string(rune('0'+i)))
		r := want(t, e.do("POST", "/api/v1/payment-batches", finance, map[string]any{}), 201)
		var b struct {
			ID string `json:"id"`
		}
		r.JSON(t, &b)
		want5 = append([]string{b.ID}, want5...)
		e.clock.Set(e.clock.Now().Add(time.Minute))
	}
	ids := func(body []byte) ([]string, apiPage) {
		var v struct {
			apiPage
			Payouts int    `json:"payouts"`
			Amount  string `json:"amount"`
			Batches []struct {
				ID string `json:"id"`
			} `json:"paymentBatches"`
		}
		if err := json.Unmarshal(body, &v); err != nil {
			t.Fatal(err)
		}
		if v.Total != 5 || v.Payouts != 5 || v.Amount != "100.10" {
			t.Fatalf("totals %d batches, %d payouts, %s; want 5, 5, 100.10", v.Total, v.Payouts, v.Amount)
		}
		var out []string
		for _, b := range v.Batches {
			out = append(out, b.ID)
		}
		return out, v.apiPage
	}
	pages := walkAPI(t, e, finance, "/api/v1/payment-batches?limit=2", ids)
	if len(pages) != 3 || !slices.Equal(slices.Concat(pages...), want5) {
		t.Fatalf("pages %v; want %v, 2 a page", pages, want5)
	}
	wantParam(t, wantProblem(t, e.do("GET", "/api/v1/payment-batches?before=nonsense", finance, nil), 400, ledger.EINVALID), "before")
	wantProblem(t, e.do("GET", "/api/v1/payment-batches?page=2", finance, nil), 400, ledger.EINVALID)
}
