package web_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/ledgertest"
)

// pagerLink returns the address of a "vorige" (rel prev) or "volgende"
// (rel next) link, the first of them in body ("": none).
func pagerLink(body, rel string) string {
	m := regexp.MustCompile(`<a href="([^"]*)" rel="` + rel + `">`).FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	return html.UnescapeString(m[1])
}

// between returns a function that cuts the part of a body from the first
// start to the following end (to its end for end "").
func between(start, end string) func(string) string {
	return func(body string) string {
		if i := strings.Index(body, start); i >= 0 {
			body = body[i:]
		}
		if i := strings.Index(body, end); end != "" && i >= 0 {
			body = body[:i]
		}
		return body
	}
}

// linksIn returns the ids in the links of body that start with prefix, in
// order, each once.
func linksIn(body, prefix string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`href="`+regexp.QuoteMeta(prefix)+`([A-Z]+-[0-9A-Z]+)`).FindAllStringSubmatch(body, -1) {
		if len(out) == 0 || out[len(out)-1] != m[1] {
			out = append(out, m[1])
		}
	}
	return out
}

// walkPages follows a list's "volgende" links from first to its last page,
// then its "vorige" links back, and returns the items of each page (read
// by items) going forwards; the pages going back must be the same. list
// cuts the list's part (its items and links) out of a page's body.
func walkPages(t *testing.T, b *browser, first string, list func(string) string, items func(string) []string) [][]string {
	t.Helper()
	var pages [][]string
	var addrs []string
	for at := first; at != ""; {
		if len(pages) > 20 {
			t.Fatalf("more than 20 pages from %s: the links go round", first)
		}
		p := list(wantStatus(t, b.get(at), http.StatusOK).Body)
		if (len(pages) == 0) != (pagerLink(p, "prev") == "") {
			t.Fatalf("page %d of %s has vorige %q", len(pages), first, pagerLink(p, "prev"))
		}
		pages, addrs = append(pages, items(p)), append(addrs, at)
		at = pagerLink(p, "next")
	}
	at := addrs[len(addrs)-1]
	for n := len(pages) - 1; n > 0; n-- {
		at = pagerLink(list(wantStatus(t, b.get(at), http.StatusOK).Body), "prev")
		back := items(list(wantStatus(t, b.get(at), http.StatusOK).Body))
		if !slices.Equal(back, pages[n-1]) {
			t.Fatalf("page %d of %s going back shows %v; going forwards %v", n-1, first, back, pages[n-1])
		}
	}
	return pages
}

func TestRequestsArePaged(t *testing.T) {
	e := newEnv(t, caseworker)
	ctx := context.Background()
	cw := ledger.Actor{User: caseworker, Role: ledger.RoleCaseworker}
	var want []string // newest first
	var owed []string // longest overdue first
	for i := range 121 {
		p, err := e.store.RequestPayout(ctx, cw, ledgertest.ValidRequest(e.pot.ID, ledger.Cents(10_00+i)))
		if err != nil {
			t.Fatal(err)
		}
		want = append([]string{string(p.ID)}, want...)
		if i < 53 {
			owed = append(owed, string(p.ID))
		}
		if i == 52 {
			e.payAll() // evaluations are owed of paid payouts
			e.clock.Set(e.clock.Now().Add(70 * 24 * time.Hour))
		}
	}
	b := e.browser(t)
	b.signIn(caseworker)
	first := wantStatus(t, b.get("/aanvragen"), http.StatusOK)
	wantText(t, first, "U deed 121 aanvragen; per pagina 50, de nieuwste eerst.", "53 evaluaties liggen klaar; per pagina 50, de oudste eerst.")
	requests := between("Alle aanvragen", "</main>")
	pages := walkPages(t, b, "/aanvragen", requests, func(body string) []string { return linksIn(body, "/aanvragen/") })
	if len(pages) != 3 || !slices.Equal(slices.Concat(pages...), want) {
		t.Fatalf("the requests' pages show %v; want the 121 newest first, 50 a page", pages)
	}
	// The evaluations page on their own, leaving the requests' page as
	// it is.
	due := walkPages(t, b, "/aanvragen?na="+want[49], func(body string) string {
		if !strings.Contains(requests(body), `href="/aanvragen/`+want[50]+`"`) {
			t.Fatalf("paging the evaluations lost the requests' page")
		}
		return between("Evaluaties die klaarliggen", "Alle aanvragen")(body)
	}, func(body string) []string { return linksIn(body, "/aanvragen/") })
	if !slices.Equal(slices.Concat(due...), owed) {
		t.Fatalf("the evaluations' pages show %v; want %v", due, owed)
	}
	got := wantStatus(t, b.get("/aanvragen?na=PAY-01ARZ3NDEKTSV4RRFFQ69G5FAV"), http.StatusBadRequest)
	wantText(t, got, "Deze pagina bestaat niet")
}

func TestInboxIsPaged(t *testing.T) {
	e := newEnv(t, caseworker, teamlead)
	ctx := context.Background()
	cw := ledger.Actor{User: caseworker, Role: ledger.RoleCaseworker}
	// Money for every request to wait with a hold on it.
	if _, err := e.store.Contribute(ctx, ledgertest.Finance, ledger.NewContribution{PotID: e.pot.ID, PartnerID: e.insurer.ID, Amount: 500_000_00,
		ValueDate: ledger.DateOf(e.clock.Now()), Reference: "Bijdrage 2"}); err != nil {
		t.Fatal(err)
	}
	var want []string // the longest waiting first
	for i := range 57 {
		amount := ledger.Cents(2000_00 + i)
		if i%10 == 9 {
			amount = 9000_00 // above a teamlead's level
		}
		p, err := e.store.RequestPayout(ctx, cw, ledgertest.ValidRequest(e.pot.ID, amount))
		if err != nil || p.Status != ledger.StatusPending {
			t.Fatalf("request %d: %s, %v", i, p.Status, err)
		}
		if i%10 != 9 {
			want = append(want, string(p.ID))
		}
		e.clock.Set(e.clock.Now().Add(time.Hour))
	}
	b := e.browser(t)
	b.signIn(teamlead)
	first := wantStatus(t, b.get("/beoordelen"), http.StatusOK)
	wantText(t, first, "52 aanvragen wachten op uw besluit; per pagina 50.", "5 andere aanvragen wachten op een besluit dat u niet kunt nemen")
	pages := walkPages(t, b, "/beoordelen", between("<h1", "</main>"), func(body string) []string { return linksIn(body, "/aanvragen/") })
	if len(pages) != 2 || !slices.Equal(slices.Concat(pages...), want) {
		t.Fatalf("the inbox's pages show %v; want %v", pages, want)
	}
}

func TestReceivablesArePaged(t *testing.T) {
	e := newEnv(t, finance, caseworker)
	ctx := context.Background()
	party, err := e.store.CreateParty(ctx, ledgertest.Finance, ledger.NewParty{Name: "Woonstichting Elkien", Kind: ledger.PartyHousingCorporation})
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for i := range 52 {
		p := e.approved(ledger.Cents(100_00 + i))
		a, err := e.store.Allocate(ctx, ledgertest.Finance, ledger.AllocationRequest{PayoutID: p.ID,
			Lines: []ledger.AllocationLine{{Target: ledger.TargetParty, PartyID: party.ID, Amount: p.Amount}}})
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, string(a.Lines[0].ReceivableID))
		e.clock.Set(e.clock.Now().Add(time.Minute))
	}
	b := e.browser(t)
	b.signIn(finance)
	first := wantStatus(t, b.get("/financien/vorderingen"), http.StatusOK)
	wantText(t, first, "52 vorderingen in deze lijst; totaal openstaand: € 5.213,26</strong>; per pagina 50, de oudste eerst.")
	items := func(body string) []string {
		var ids []string
		for _, m := range regexp.MustCompile(`<h2 id="v-(RCV-[0-9A-Z]+)"`).FindAllStringSubmatch(body, -1) {
			ids = append(ids, m[1])
		}
		return ids
	}
	pages := walkPages(t, b, "/financien/vorderingen", between("<h1", "</main>"), items)
	if len(pages) != 2 || !slices.Equal(slices.Concat(pages...), want) {
		t.Fatalf("the receivables' pages show %v; want %v", pages, want)
	}
	// A payment recorded on the second page goes back to it.
	second := pagerLink(first.Body, "next")
	p := wantStatus(t, b.get(second), http.StatusOK)
	action := "/financien/vorderingen/" + want[51] + "?" + strings.SplitN(second, "?", 2)[1]
	if !strings.Contains(html.UnescapeString(p.Body), `action="`+action+`"`) {
		t.Fatalf("the payment form does not keep the page: want action %q", action)
	}
	got := wantStatus(t, b.submit(second, action, url.Values{"amount": {"100,51"}, "valueDate": {"2026-03-10"}, "reference": {"Elkien 1"}}), http.StatusSeeOther)
	if !strings.HasPrefix(got.Location, second+"&") {
		t.Fatalf("after the payment to %s; want the same page, %s", got.Location, second)
	}
	wantText(t, wantStatus(t, b.get("/financien/vorderingen?status=alle"), http.StatusOK), "52 vorderingen in deze lijst; totaal openstaand: € 5.112,75")
}

func TestPaymentFilesArePaged(t *testing.T) {
	e := newEnv(t, finance, caseworker)
	ctx := context.Background()
	if _, err := e.store.SetDebtorAccount(ctx, ledgertest.Finance, e.pot.ID, ledgertest.DebtorAccount(), ""); err != nil {
		t.Fatal(err)
	}
	var want []string // newest first
	for i := range 53 {
		e.approved(ledger.Cents(10_00 + i))
		bt, err := e.store.CreatePaymentBatch(ctx, ledgertest.Finance, ledger.NewPaymentBatch{})
		if err != nil {
			t.Fatal(err)
		}
		want = append([]string{string(bt.ID)}, want...)
		e.clock.Set(e.clock.Now().Add(time.Minute))
	}
	e.approved(99_00)
	b := e.browser(t)
	b.signIn(finance)
	first := wantStatus(t, b.get("/financien/betalingen"), http.StatusOK)
	wantText(t, first, "53 betaalbestanden met samen 53 uitbetalingen, € 543,78; per pagina 50, de nieuwste eerst.", "€ 99,00")
	pages := walkPages(t, b, "/financien/betalingen", between("<h2>Betaalbestanden", "</main>"), func(body string) []string { return linksIn(body, "/financien/betalingen/") })
	if len(pages) != 2 || !slices.Equal(slices.Concat(pages...), want) {
		t.Fatalf("the payment files' pages show %v; want %v", pages, want)
	}
	wantText(t, wantStatus(t, b.get("/financien/betalingen?voor=BAT-zzz"), http.StatusBadRequest), "Deze pagina bestaat niet")
}
