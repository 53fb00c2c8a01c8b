package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/ledgertest"
)

// TestCaseStaysWithThoseWhoMaySeeIt: a decision's note and a reversal's
// reason are about the case; a colleague or an admin reading the payout
// sees neither, as in the API.
func TestCaseStaysWithThoseWhoMaySeeIt(t *testing.T) {
	e := newEnv(t, caseworker, caseworker2, teamlead, admin, finance)
	ctx := context.Background()
	cw := ledger.Actor{User: caseworker, Role: ledger.RoleCaseworker}
	pending, err := e.store.RequestPayout(ctx, cw, ledgertest.ValidRequest(e.pot.ID, 2000_00))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.store.DecidePayout(ctx, ledger.Actor{User: teamlead, Role: ledger.RoleTeamlead},
		ledger.Decision{PayoutID: pending.ID, Outcome: ledger.OutcomeReject, Note: "Mevrouw Jansen heeft al hulp van haar zus."}); err != nil {
		t.Fatal(err)
	}
	approved := e.approved(300_00)
	if _, err := e.store.ReversePayout(ctx, ledgertest.Finance, ledger.Reversal{PayoutID: approved.ID, Reason: "Dhr. Pietersen verhuisde naar een andere gemeente."}); err != nil {
		t.Fatal(err)
	}
	for _, user := range []string{caseworker2, admin} {
		b := e.browser(t)
		b.signIn(user)
		for _, id := range []ledger.PayoutID{pending.ID, approved.ID} {
			p := b.get("/aanvragen/" + string(id))
			for _, private := range []string{"Jansen", "Pietersen", "WIJK-2026-0042", "Woonstichting De Kern"} {
				if strings.Contains(p.Body, private) {
					t.Errorf("%s reads %q on the page of %s", user, private, id)
				}
			}
		}
	}
	// Those who may see the case read why.
	b := e.browser(t)
	b.signIn(caseworker)
	wantText(t, b.get("/aanvragen/"+string(pending.ID)), "Mevrouw Jansen heeft al hulp van haar zus.")
	wantText(t, b.get("/aanvragen/"+string(approved.ID)), "Dhr. Pietersen verhuisde")
}

func TestFormsSentTwiceBookOnce(t *testing.T) {
	e := newEnv(t, caseworker, finance)
	ctx := context.Background()
	b := e.browser(t)
	b.signIn(caseworker)

	t.Run("a key that booked something else: the form comes back as typed, with a new key", func(t *testing.T) {
		form := b.get("/aanvragen/nieuw")
		v := e.requestForm("80")
		v.Set("csrf", csrfOf(t, form.Body))
		v.Set("sleutel", hiddenValue(form, "sleutel"))
		wantStatus(t, b.post("/aanvragen/nieuw", v), http.StatusSeeOther)
		// Back, change the amount, send again: the key is used.
		v.Set("amount", "90")
		got := wantStatus(t, b.post("/aanvragen/nieuw", v), http.StatusConflict)
		wantText(t, got, "al eens verstuurd")
		if inputValue(got, "amount") != "90" || inputValue(got, "caseRef") != "WIJK-2026-0042" {
			t.Error("what was typed is lost")
		}
		fresh := hiddenValue(got, "sleutel")
		if fresh == "" || fresh == v.Get("sleutel") {
			t.Fatalf("the form keeps the used key %q", fresh)
		}
		v.Set("sleutel", fresh)
		p := e.payoutOf(wantStatus(t, b.post("/aanvragen/nieuw", v), http.StatusSeeOther).Location)
		if p.Amount != 90_00 {
			t.Fatalf("booked %s", p.Amount)
		}
	})

	t.Run("an evaluation sent twice is one evaluation", func(t *testing.T) {
		p := e.approved(200_00)
		e.payAll()
		path := "/aanvragen/" + string(p.ID)
		page := b.get(path)
		v := url.Values{"csrf": {csrfOf(t, page.Body)}, "outcome": {"effective"}, "note": {"Hielp."}}
		// The evaluation form is the page's second keyed form.
		keys := allHidden(page, "sleutel")
		if len(keys) == 0 {
			t.Fatal("the evaluation form has no key")
		}
		v.Set("sleutel", keys[len(keys)-1])
		wantStatus(t, b.post(path+"/evaluatie", v), http.StatusSeeOther)
		wantStatus(t, b.post(path+"/evaluatie", v), http.StatusSeeOther)
		evals, err := e.store.Evaluations(ctx, p.ID)
		if err != nil || len(evals) != 1 {
			t.Fatalf("evaluations after a double submit: %d, %v", len(evals), err)
		}
	})

	t.Run("a period closed twice is closed once, without an error", func(t *testing.T) {
		fin := e.browser(t)
		fin.signIn(finance)
		page := fin.get("/financien/perioden")
		v := url.Values{"csrf": {csrfOf(t, page.Body)}, "sleutel": {hiddenValue(page, "sleutel")}, "period": {"2026-01"}, "confirm": {"ja"}}
		wantStatus(t, fin.post("/financien/perioden", v), http.StatusSeeOther)
		wantStatus(t, fin.post("/financien/perioden", v), http.StatusSeeOther)
	})
}

// allHidden returns the values of every hidden input with the name.
func allHidden(p page, name string) []string {
	var out []string
	rest := p.Body
	marker := `name="` + name + `" value="`
	for {
		i := strings.Index(rest, marker)
		if i < 0 {
			return out
		}
		rest = rest[i+len(marker):]
		out = append(out, rest[:strings.IndexByte(rest, '"')])
	}
}

func TestDecisionOnADecidedRequestSaysWhy(t *testing.T) {
	e := newEnv(t, caseworker, teamlead, manager)
	p, err := e.store.RequestPayout(context.Background(), ledger.Actor{User: caseworker, Role: ledger.RoleCaseworker}, ledgertest.ValidRequest(e.pot.ID, 2000_00))
	if err != nil {
		t.Fatal(err)
	}
	tl, mgr := e.browser(t), e.browser(t)
	tl.signIn(teamlead)
	mgr.signIn(manager)
	path := "/aanvragen/" + string(p.ID)
	// Both open the request; the manager decides first.
	tlPage := tl.get(path)
	wantStatus(t, mgr.submit(path, path+"/besluit", url.Values{"decision": {"approve"}}), http.StatusSeeOther)
	got := wantStatus(t, tl.post(path+"/besluit", url.Values{"csrf": {csrfOf(t, tlPage.Body)}, "decision": {"reject"}, "note": {"Te duur."}}), http.StatusBadRequest)
	wantText(t, got, "Het besluit is niet vastgelegd", "Over deze aanvraag is al besloten.")
}

func TestLongHistories(t *testing.T) {
	e := newEnv(t, caseworker)
	ctx := context.Background()
	cw := ledger.Actor{User: caseworker, Role: ledger.RoleCaseworker}
	old, err := e.store.RequestPayout(ctx, cw, ledgertest.ValidRequest(e.pot.ID, 55_55))
	if err != nil {
		t.Fatal(err)
	}
	e.payAll() // its evaluation is owed once paid
	e.clock.Set(e.clock.Now().Add(70 * 24 * time.Hour))
	for i := 0; i < 120; i++ {
		if _, err := e.store.RequestPayout(ctx, cw, ledgertest.ValidRequest(e.pot.ID, ledger.Cents(10_00+i))); err != nil {
			t.Fatal(err)
		}
	}
	b := e.browser(t)
	b.signIn(caseworker)
	p := wantStatus(t, b.get("/aanvragen"), http.StatusOK)
	wantText(t, p, "U deed 121 aanvragen; per pagina 50, de nieuwste eerst.", "Evaluaties die klaarliggen", `href="/aanvragen/`+string(old.ID)+`#evaluatie"`)
}

func TestFutureYearPot(t *testing.T) {
	e := newEnv(t, finance)
	next, err := e.store.CreatePot(context.Background(), ledgertest.Admin, ledger.NewPot{Name: "Pot volgend jaar", Year: 2027, RecoveryPolicy: ledger.PolicyRefund, Mandates: ledgertest.Ladder()})
	if err != nil {
		t.Fatal(err)
	}
	b := e.browser(t)
	b.signIn(finance)
	p := wantStatus(t, b.get("/potten/"+string(next.ID)), http.StatusOK)
	wantText(t, p, "nog niet begonnen")
	if strings.Contains(p.Body, "grafiek.png") {
		t.Error("the dashboard shows a chart of a year that has not begun")
	}
	wantStatus(t, b.get("/potten/"+string(next.ID)+"/grafiek.png"), http.StatusNotFound)
	if strings.Contains(e.logs.String(), "page failed") {
		t.Errorf("an expected answer was logged as a failure:\n%s", e.logs.String())
	}
}

func TestSignInInTwoTabs(t *testing.T) {
	e := newEnv(t, caseworker)
	b := e.browser(t)
	first := b.get("/inloggen")
	b.get("/inloggen") // the second tab
	got := b.post("/inloggen", url.Values{"gebruiker": {caseworker}, "wachtwoord": {password}, "csrf": {csrfOf(t, first.Body)}})
	if got.Status != http.StatusSeeOther {
		t.Fatalf("signing in from the first tab: %d", got.Status)
	}
}

func TestKeepAlive(t *testing.T) {
	e := newEnv(t, caseworker)
	b := e.browser(t)
	b.signIn(caseworker)
	// Typing for 40 minutes, with the script's call every few minutes,
	// and the session is still there when the form is sent.
	for i := 0; i < 8; i++ {
		e.clock.Set(e.clock.Now().Add(5 * time.Minute))
		wantStatus(t, b.get("/sessie"), http.StatusNoContent)
	}
	e.clock.Set(e.clock.Now().Add(30 * time.Minute))
	wantStatus(t, b.submit("/aanvragen/nieuw", "/aanvragen/nieuw", e.requestForm("60")), http.StatusSeeOther)
}
