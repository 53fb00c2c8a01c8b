package ledgertest

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/ontschot/ontschot/ledger"
)

// testNotifications: a request above the requester's mandate tells the
// people of the lowest level that covers it, in the write that holds it,
// and nobody else; a decision tells the requester, a reversal too; a request within
// the mandate tells nobody. A notification says the payout, pot, amount and
// category, never the payee or the case. The list is one's own, newest
// first, paged; opening it marks it read; bad cursors and limits are
// refused; a refused request tells nobody.
func testNotifications(t *testing.T, open Opener) {
	f := newFixture(t, open, 10000_00)
	for _, a := range []ledger.Actor{Caseworker, Colleague, Teamlead, Teamlead2, Manager, Alderman, Finance} {
		if _, err := f.store.IssueToken(f.ctx, Admin, ledger.NewToken{User: a.User, Role: a.Role}); err != nil {
			t.Fatal(err)
		}
	}
	notes := func(a ledger.Actor, q ledger.NotificationQuery) ledger.NotificationPage {
		t.Helper()
		p, err := f.store.Notifications(f.ctx, a, q)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	f.mustRequest(Caseworker, 500_00) // within her mandate: nobody need act
	held := f.mustRequest(Caseworker, 3000_00)
	// The level it waits for: the team leads; the levels above hear of it
	// when it waits too long.
	for a, want := range map[ledger.Actor]int{Teamlead: 1, Teamlead2: 1, Manager: 0, Alderman: 0, Caseworker: 0, Colleague: 0, Finance: 0} {
		p := notes(a, ledger.NotificationQuery{})
		if len(p.Notifications) != want || p.Unread != want {
			t.Fatalf("%s is told of %d notifications (%d unread); want %d", a.User, len(p.Notifications), p.Unread, want)
		}
		if want == 0 {
			continue
		}
		n := p.Notifications[0]
		if n.Kind != ledger.NoteDecisionWaiting || n.PayoutID != held.ID || n.Amount != 3000_00 || n.PotName != f.pot.Name || n.Category != "rent_arrears" || n.ReadAt != nil {
			t.Errorf("%s's notification: %+v", a.User, n)
		}
		raw, _ := json.Marshal(n)
		for _, secret := range []string{held.Payee.Name, string(held.Payee.IBAN), held.CaseRef, held.Justification.Situation} {
			if strings.Contains(string(raw), secret) {
				t.Errorf("a notification holds personal data %q: %s", secret, raw)
			}
		}
	}

	// The decision tells the requester, not the decider; a reversal too.
	if _, err := f.store.DecidePayout(f.ctx, Teamlead, ledger.Decision{PayoutID: held.ID, Outcome: ledger.OutcomeApprove}); err != nil {
		t.Fatal(err)
	}
	f.clock.Set(f.clock.Now().Add(time.Minute))
	if _, err := f.store.ReversePayout(f.ctx, Finance, ledger.Reversal{PayoutID: held.ID, Reason: "dubbel ingediend"}); err != nil {
		t.Fatal(err)
	}
	mine := notes(Caseworker, ledger.NotificationQuery{})
	if len(mine.Notifications) != 2 || mine.Notifications[0].Kind != ledger.NoteReversed || mine.Notifications[1].Kind != ledger.NoteDecided ||
		mine.Notifications[1].Detail != string(ledger.OutcomeApprove) {
		t.Fatalf("the requester's notifications: %+v", mine.Notifications)
	}
	if p := notes(Teamlead, ledger.NotificationQuery{}); len(p.Notifications) != 1 {
		t.Errorf("the decider is told of their own decision: %+v", p.Notifications)
	}
	// Decided: the other team lead's request to decide it is done.
	if p := notes(Teamlead2, ledger.NotificationQuery{}); p.Unread != 0 || p.Notifications[0].ReadAt == nil {
		t.Errorf("the other team lead still has it unread after the decision: %+v", p)
	}

	// Paged, newest first; opening marks read up to the newest shown.
	first := notes(Caseworker, ledger.NotificationQuery{Limit: 1})
	if len(first.Notifications) != 1 || first.Next == "" || first.Unread != 2 {
		t.Fatalf("the first page: %+v", first)
	}
	second := notes(Caseworker, ledger.NotificationQuery{Limit: 1, Before: first.Next})
	if len(second.Notifications) != 1 || second.Notifications[0].ID == first.Notifications[0].ID || second.Next != "" {
		t.Fatalf("the second page: %+v", second)
	}
	if err := f.store.MarkNotificationsRead(f.ctx, Caseworker, second.Notifications[0].ID); err != nil {
		t.Fatal(err)
	}
	if p := notes(Caseworker, ledger.NotificationQuery{}); p.Unread != 1 || p.Notifications[1].ReadAt == nil || p.Notifications[0].ReadAt != nil {
		t.Errorf("after reading the older one: %+v", p)
	}
	// Someone else's id marks nothing of theirs.
	if err := f.store.MarkNotificationsRead(f.ctx, Teamlead2, first.Notifications[0].ID); err != nil {
		t.Fatal(err)
	}
	if n, _ := f.store.UnreadNotifications(f.ctx, Caseworker); n != 1 {
		t.Errorf("another user's read marked the caseworker's: %d unread", n)
	}

	// A page marks what it showed, and only that.
	if err := f.store.MarkShownRead(f.ctx, Colleague, []string{first.Notifications[0].ID}); err != nil {
		t.Fatal(err)
	}
	if n, _ := f.store.UnreadNotifications(f.ctx, Caseworker); n != 1 {
		t.Errorf("another user's page marked the caseworker's: %d unread", n)
	}
	if err := f.store.MarkShownRead(f.ctx, Caseworker, []string{first.Notifications[0].ID, "nope"}); err != nil {
		t.Fatal(err)
	}
	if n, _ := f.store.UnreadNotifications(f.ctx, Caseworker); n != 0 {
		t.Errorf("the shown one is still unread: %d", n)
	}

	_, err := f.store.Notifications(f.ctx, Caseworker, ledger.NotificationQuery{Limit: 500})
	wantField(t, err, "limit")
	_, err = f.store.Notifications(f.ctx, Caseworker, ledger.NotificationQuery{Before: "nope"})
	wantField(t, err, "before")
	wantField(t, f.store.MarkNotificationsRead(f.ctx, Caseworker, "nope"), "through")

	// A refused request tells nobody.
	before := notes(Teamlead2, ledger.NotificationQuery{})
	_, err = f.store.RequestPayout(f.ctx, Caseworker, f.request(20000_00))
	wantCode(t, err, ledger.EINSUFFICIENT)
	if after := notes(Teamlead2, ledger.NotificationQuery{}); len(after.Notifications) != len(before.Notifications) {
		t.Errorf("a refused request told the approvers")
	}
	f.verify()
}

// testMailOutbox: the mail outbox on every engine: a claim is a lease one
// sender holds (another claims nothing meanwhile, and cannot record it
// sent); a user without an address or with a daily digest is not mailed
// each notification; a temporary failure waits its backoff, the last one
// fails it, for the admins' list. Addresses are checked.
func testMailOutbox(t *testing.T, open Opener) {
	f := newFixture(t, open, 10000_00)
	for _, a := range []ledger.Actor{Caseworker, Teamlead, Teamlead2, Manager} {
		if _, err := f.store.IssueToken(f.ctx, Admin, ledger.NewToken{User: a.User, Role: a.Role}); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.store.SetUserMail(f.ctx, Admin, Teamlead.User, "tom@gemeente.example", ""); err != nil {
		t.Fatal(err)
	}
	if err := f.store.SetUserMail(f.ctx, Admin, Teamlead2.User, "tara@gemeente.example", ledger.MailDigest); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"Mia <mia@gemeente.example>", "mia@gemeente", "mia@[127.0.0.1]", "mïa@gemeente.example", "mia@gemeente.example.", "mia@10.0.0.1", "mia@-gemeente.example"} {
		wantField(t, f.store.SetUserMail(f.ctx, Admin, Manager.User, bad, ""), "email")
	}
	wantField(t, f.store.SetUserMail(f.ctx, Admin, Manager.User, "mia@gemeente.example", "weekly"), "mailMode")
	wantCode(t, f.store.SetUserMail(f.ctx, Admin, "nobody", "x@gemeente.example", ""), ledger.ENOTFOUND)
	wantCode(t, f.store.SetUserMail(f.ctx, Teamlead, Teamlead.User, "x@gemeente.example", ""), ledger.EFORBIDDEN)

	f.mustRequest(Caseworker, 3000_00) // tells tom (mail), tara (digest), mia (no address)
	a, err := f.store.ClaimMail(f.ctx, "a", 10, 5*time.Minute)
	if err != nil || len(a) != 1 || a[0].Email != "tom@gemeente.example" || a[0].User != Teamlead.User {
		t.Fatalf("claimed %+v, %v", a, err)
	}
	if b, err := f.store.ClaimMail(f.ctx, "b", 10, 5*time.Minute); err != nil || len(b) != 0 {
		t.Fatalf("another sender claimed %+v during the lease, %v", b, err)
	}
	wantCode(t, f.store.MailSent(f.ctx, "b", a[0]), ledger.ENOTFOUND)
	if err := f.store.MailNotSent(f.ctx, "a", a[0], "451 try later", true); err != nil {
		t.Fatal(err)
	}
	for attempt := 2; attempt <= ledger.MaxMailAttempts; attempt++ {
		f.clock.Set(f.clock.Now().Add(ledger.MailBackoff(attempt-1) + time.Second))
		again, err := f.store.ClaimMail(f.ctx, "a", 10, 5*time.Minute)
		if err != nil || len(again) != 1 || again[0].Attempts != attempt-1 {
			t.Fatalf("attempt %d: claimed %+v, %v", attempt, again, err)
		}
		if err := f.store.MailNotSent(f.ctx, "a", again[0], "451 try later", true); err != nil {
			t.Fatal(err)
		}
	}
	f.clock.Set(f.clock.Now().Add(24 * time.Hour))
	if left, _ := f.store.ClaimMail(f.ctx, "a", 10, 5*time.Minute); len(left) != 0 {
		t.Fatalf("a mail tried %d times is claimed again", ledger.MaxMailAttempts)
	}
	failed, err := f.store.FailedMail(f.ctx, Admin)
	if err != nil || len(failed) != 1 || failed[0].Attempts != ledger.MaxMailAttempts || failed[0].Error != "451 try later" {
		t.Fatalf("the failed mail: %+v, %v", failed, err)
	}
	page, err := f.store.Notifications(f.ctx, Teamlead2, ledger.NotificationQuery{})
	if err != nil || len(page.Notifications) != 1 || page.Notifications[0].Mail != ledger.MailNone {
		t.Errorf("the digest reader's notification: %+v, %v", page.Notifications, err)
	}
	f.verify()
}

// testReminders: a decision that waits is recalled after two working days
// and goes up a level after five, counted in Dutch working days (Good
// Friday, Easter Monday and the weekend between do not count), each once
// however often the sweep runs; the requester is told of the escalation;
// a paid payout is recalled to its requester for its evaluation sixty
// days after its booking, once.
func testReminders(t *testing.T, open Opener) {
	f := newFixture(t, open, 10000_00)
	for _, a := range []ledger.Actor{Caseworker, Teamlead, Teamlead2, Manager, Alderman, Finance} {
		if _, err := f.store.IssueToken(f.ctx, Admin, ledger.NewToken{User: a.User, Role: a.Role}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := f.store.SetDebtorAccount(f.ctx, Finance, f.pot.ID, DebtorAccount(), ""); err != nil {
		t.Fatal(err)
	}
	on := func(m time.Month, d int) {
		f.clock.Set(time.Date(2026, m, d, 10, 0, 0, 0, ledger.Amsterdam))
	}
	sweep := func() int {
		t.Helper()
		n, err := f.store.SweepNotifications(f.ctx)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	on(time.April, 2) // the Thursday before Easter
	held := f.mustRequest(Caseworker, 3000_00)
	paid := f.mustRequest(Caseworker, 400_00)
	if _, err := f.store.CreatePaymentBatch(f.ctx, Finance, ledger.NewPaymentBatch{PotID: f.pot.ID}); err != nil {
		t.Fatal(err)
	}
	// Finance's digest: Q1 2026 and the quarters of 2025 have ended and
	// none is closed; once a day.
	on(time.April, 7)
	if n := sweep(); n != 1 {
		t.Fatalf("the first sweep of the day wrote %d; want finance's digest", n)
	}
	p, err := f.store.Notifications(f.ctx, Finance, ledger.NotificationQuery{})
	if err != nil || len(p.Notifications) != 1 || p.Notifications[0].Kind != ledger.NoteFinanceDigest ||
		ledger.ParseFinanceDigest(p.Notifications[0].Detail) != (ledger.FinanceDigest{Closable: 5}) {
		t.Fatalf("finance's digest: %+v, %v", p.Notifications, err)
	}
	on(time.April, 8) // Tue 7 and Wed 8: two working days
	if n := sweep(); n != 1 {
		t.Fatalf("after two working days the sweep wrote %d; want only the day's digest", n)
	}
	if n := sweep(); n != 0 {
		t.Fatalf("a second sweep of the day wrote %d", n)
	}
	on(time.April, 9) // three: recalled to the two team leads, with the day's digest
	if n := sweep(); n != 3 {
		t.Fatalf("after three working days the sweep wrote %d; want 2 reminders and the digest", n)
	}
	if n := sweep(); n != 0 {
		t.Fatalf("the same sweep again wrote %d", n)
	}
	if k := f.noteKinds(Teamlead); k[ledger.NoteReminder] != 1 {
		t.Errorf("the team lead's notifications: %v", k)
	}
	if k := f.noteKinds(Caseworker); k[ledger.NoteReminder] != 0 {
		t.Errorf("the requester is reminded of her own request: %v", k)
	}
	on(time.April, 13) // five working days: not yet up a level
	if n := sweep(); n != 1 {
		t.Fatalf("after five working days the sweep wrote %d", n)
	}
	on(time.April, 14) // six: to the next level up (the manager), and the requester is told
	if n := sweep(); n != 3 {
		t.Fatalf("after six working days the sweep wrote %d; want the escalation and its notice", n)
	}
	if k := f.noteKinds(Manager); k[ledger.NoteEscalation] != 1 {
		t.Errorf("the manager's notifications: %v", k)
	}
	if k := f.noteKinds(Caseworker); k[ledger.NoteEscalated] != 1 {
		t.Errorf("the requester's notifications: %v", k)
	}
	if k := f.noteKinds(Teamlead); k[ledger.NoteEscalation] != 0 {
		t.Errorf("the team lead got the escalation meant for the level above: %v", k)
	}
	// Decided: nothing more about it.
	if _, err := f.store.DecidePayout(f.ctx, Manager, ledger.Decision{PayoutID: held.ID, Outcome: ledger.OutcomeApprove}); err != nil {
		t.Fatal(err)
	}
	on(time.May, 29) // 57 days after the payout's booking
	sweep()
	if k := f.noteKinds(Caseworker); k[ledger.NoteEvaluationDue] != 0 {
		t.Fatalf("an evaluation is due before sixty days: %v", k)
	}
	on(time.June, 1) // sixty days
	sweep()
	sweep()
	k := f.noteKinds(Caseworker)
	if k[ledger.NoteEvaluationDue] != 1 {
		t.Fatalf("the evaluation notices: %v", k)
	}
	p, _ = f.store.Notifications(f.ctx, Caseworker, ledger.NotificationQuery{Limit: 1})
	if p.Notifications[0].PayoutID != paid.ID {
		t.Errorf("the evaluation notice names %s; want %s", p.Notifications[0].PayoutID, paid.ID)
	}
	f.verify()
}

// testMailAgeAndLatePayment: a notification written a day before mail is
// first tried stays in the app, but a retry keeps going past a day; a held
// request paid long after it was made is recalled for its evaluation sixty
// days after its payment, not before.
func testMailAgeAndLatePayment(t *testing.T, open Opener) {
	f := newFixture(t, open, 10000_00)
	for _, a := range []ledger.Actor{Caseworker, Teamlead} {
		if _, err := f.store.IssueToken(f.ctx, Admin, ledger.NewToken{User: a.User, Role: a.Role}); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.store.SetUserMail(f.ctx, Admin, Teamlead.User, "tom@gemeente.example", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := f.store.SetDebtorAccount(f.ctx, Finance, f.pot.ID, DebtorAccount(), ""); err != nil {
		t.Fatal(err)
	}
	on := func(m time.Month, d int) { f.clock.Set(time.Date(2026, m, d, 10, 0, 0, 0, ledger.Amsterdam)) }
	on(time.April, 2)
	held := f.mustRequest(Caseworker, 3000_00) // tells tom
	on(time.April, 3)
	f.clock.Set(f.clock.Now().Add(time.Minute)) // a day and a minute
	if due, err := f.store.ClaimMail(f.ctx, "a", 10, 5*time.Minute); err != nil || len(due) != 0 {
		t.Fatalf("a notification a day old was claimed for mail: %+v, %v", due, err)
	}
	f.clock.Set(f.clock.Now().Add(time.Hour))
	second := f.mustRequest(Caseworker, 2000_00)
	due, err := f.store.ClaimMail(f.ctx, "a", 10, 5*time.Minute)
	if err != nil || len(due) != 1 || due[0].PayoutID != second.ID {
		t.Fatalf("the fresh one: %+v, %v", due, err)
	}
	if err := f.store.MailNotSent(f.ctx, "a", due[0], "451 later", true); err != nil {
		t.Fatal(err)
	}
	f.clock.Set(f.clock.Now().Add(25 * time.Hour))
	if again, err := f.store.ClaimMail(f.ctx, "a", 10, 5*time.Minute); err != nil || len(again) != 1 {
		t.Fatalf("a retry past a day: %+v, %v", again, err)
	}

	// Paid on 12 May, six weeks after the request.
	on(time.May, 12)
	if _, err := f.store.DecidePayout(f.ctx, Teamlead, ledger.Decision{PayoutID: held.ID, Outcome: ledger.OutcomeApprove}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.store.DecidePayout(f.ctx, Teamlead, ledger.Decision{PayoutID: second.ID, Outcome: ledger.OutcomeReject, Note: "Niet nodig."}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.store.CreatePaymentBatch(f.ctx, Finance, ledger.NewPaymentBatch{PotID: f.pot.ID}); err != nil {
		t.Fatal(err)
	}
	due60 := func() int {
		t.Helper()
		if _, err := f.store.SweepNotifications(f.ctx); err != nil {
			t.Fatal(err)
		}
		p, err := f.store.Notifications(f.ctx, Caseworker, ledger.NotificationQuery{Limit: 200})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, x := range p.Notifications {
			if x.Kind == ledger.NoteEvaluationDue && x.PayoutID == held.ID {
				n++
			}
		}
		return n
	}
	on(time.June, 2) // sixty days after the request, twenty after the payment
	if n := due60(); n != 0 {
		t.Fatalf("recalled %d times sixty days after the request", n)
	}
	on(time.July, 11) // sixty days after the payment
	if n := due60(); n != 1 {
		t.Fatalf("recalled %d times sixty days after the payment; want once", n)
	}
	f.verify()
}

// testPotEscalation: a pot's own escalation days. A new pot has the
// defaults (2 and 5) or the days given, one left out its default; a new
// ladder may set them, one left out keeps the pot's; days out of range or
// an escalation not after the reminder are refused naming the field, and
// nothing is written. The sweep reminds and escalates by the pot's days
// (here 1 and 3, across a weekend), and the journal commits to them.
func testPotEscalation(t *testing.T, open Opener) {
	f := newFixture(t, open, 10000_00)
	for _, a := range []ledger.Actor{Caseworker, Teamlead, Teamlead2, Manager} {
		if _, err := f.store.IssueToken(f.ctx, Admin, ledger.NewToken{User: a.User, Role: a.Role}); err != nil {
			t.Fatal(err)
		}
	}
	defaults := ledger.Escalation{RemindAfter: ledger.DefaultRemindAfter, EscalateAfter: ledger.DefaultEscalateAfter}
	if f.pot.Escalation != defaults {
		t.Fatalf("a new pot's escalation is %+v; want the defaults %+v", f.pot.Escalation, defaults)
	}
	later := f.mustPot("Pot met eigen termijnen", ledger.NewPot{Year: 2026, RecoveryPolicy: ledger.PolicyReport, Mandates: Ladder(),
		Escalation: ledger.Escalation{EscalateAfter: 8}})
	if later.Escalation != (ledger.Escalation{RemindAfter: ledger.DefaultRemindAfter, EscalateAfter: 8}) {
		t.Fatalf("a pot made with escalateAfter 8: %+v", later.Escalation)
	}
	if got, err := f.store.Pot(f.ctx, later.ID); err != nil || got.Escalation != later.Escalation {
		t.Fatalf("the pot as stored: %+v, %v", got.Escalation, err)
	}
	before := f.snapshot()
	for _, c := range []struct {
		e     ledger.Escalation
		field string
	}{
		{ledger.Escalation{RemindAfter: 6}, "escalateAfter"}, // after the default escalation, 5
		{ledger.Escalation{RemindAfter: -1, EscalateAfter: 5}, "remindAfter"},
		{ledger.Escalation{RemindAfter: 60, EscalateAfter: 60}, "remindAfter"},
		{ledger.Escalation{RemindAfter: 2, EscalateAfter: 61}, "escalateAfter"},
		{ledger.Escalation{RemindAfter: 3, EscalateAfter: 3}, "escalateAfter"},
	} {
		_, err := f.store.CreatePot(f.ctx, Admin, ledger.NewPot{Name: "Foute termijnen", Year: 2026, RecoveryPolicy: ledger.PolicyReport, Mandates: Ladder(), Escalation: c.e})
		wantField(t, err, c.field)
		_, err = f.store.SetMandates(f.ctx, Admin, f.pot.ID, Ladder(), c.e, "")
		wantField(t, err, c.field)
	}
	// A ladder's days are checked with the pot's for a field left out.
	_, err := f.store.SetMandates(f.ctx, Admin, f.pot.ID, Ladder(), ledger.Escalation{RemindAfter: 5}, "")
	wantField(t, err, "escalateAfter")
	f.unchanged(before)

	p, err := f.store.SetMandates(f.ctx, Admin, f.pot.ID, Ladder(), ledger.Escalation{RemindAfter: 1, EscalateAfter: 3}, "")
	if err != nil || p.Escalation != (ledger.Escalation{RemindAfter: 1, EscalateAfter: 3}) {
		t.Fatalf("SetMandates with days 1 and 3: %+v, %v", p.Escalation, err)
	}
	// A new ladder without days keeps them; with one, keeps the other.
	if p, err = f.store.SetMandates(f.ctx, Admin, f.pot.ID, Ladder(), ledger.Escalation{}, ""); err != nil || p.Escalation.EscalateAfter != 3 {
		t.Fatalf("a ladder without days: %+v, %v", p.Escalation, err)
	}
	if p, err = f.store.SetMandates(f.ctx, Admin, f.pot.ID, Ladder(), ledger.Escalation{EscalateAfter: 4}, ""); err != nil || p.Escalation != (ledger.Escalation{RemindAfter: 1, EscalateAfter: 4}) {
		t.Fatalf("a ladder with escalateAfter only: %+v, %v", p.Escalation, err)
	}
	if p, err = f.store.SetMandates(f.ctx, Admin, f.pot.ID, Ladder(), ledger.Escalation{EscalateAfter: 3}, ""); err != nil || p.Escalation != (ledger.Escalation{RemindAfter: 1, EscalateAfter: 3}) {
		t.Fatalf("back to 3: %+v, %v", p.Escalation, err)
	}

	sweepOn := func(d int) {
		t.Helper()
		f.clock.Set(time.Date(2026, time.March, d, 10, 0, 0, 0, ledger.Amsterdam))
		if _, err := f.store.SweepNotifications(f.ctx); err != nil {
			t.Fatal(err)
		}
	}
	f.clock.Set(time.Date(2026, time.March, 5, 10, 0, 0, 0, ledger.Amsterdam)) // a Thursday
	f.mustRequest(Caseworker, 3000_00)
	sweepOn(6) // Friday: one working day, not more than 1
	if k := f.noteKinds(Teamlead); k[ledger.NoteReminder] != 0 {
		t.Fatalf("reminded after one working day: %v", k)
	}
	sweepOn(8) // Sunday: still one
	if k := f.noteKinds(Teamlead); k[ledger.NoteReminder] != 0 {
		t.Fatalf("reminded over the weekend: %v", k)
	}
	sweepOn(9) // Monday: two, more than the pot's 1
	if k := f.noteKinds(Teamlead); k[ledger.NoteReminder] != 1 {
		t.Fatalf("not reminded after two working days with remindAfter 1: %v", k)
	}
	sweepOn(10) // three: not more than the pot's 3
	if k := f.noteKinds(Manager); k[ledger.NoteEscalation] != 0 {
		t.Fatalf("escalated after three working days with escalateAfter 3: %v", k)
	}
	sweepOn(11) // four
	if k := f.noteKinds(Manager); k[ledger.NoteEscalation] != 1 {
		t.Fatalf("not escalated after four working days with escalateAfter 3: %v", k)
	}
	if k := f.noteKinds(Caseworker); k[ledger.NoteEscalated] != 1 {
		t.Fatalf("the requester was not told of the escalation: %v", k)
	}
	// The journal commits to the days: the pot's latest record names them.
	if tx, _ := f.latest(ledger.TxPotSet, string(f.pot.ID)); !strings.Contains(tx.Memo, "reminder after 1, escalation after 3 working days") {
		t.Errorf("the pot's latest record says %q", tx.Memo)
	}
	f.verify()
}

// noteKinds counts a's notifications (up to 200) by kind.
func (f *fixture) noteKinds(a ledger.Actor) map[ledger.NotificationKind]int {
	f.t.Helper()
	p, err := f.store.Notifications(f.ctx, a, ledger.NotificationQuery{Limit: 200})
	if err != nil {
		f.t.Fatal(err)
	}
	out := map[ledger.NotificationKind]int{}
	for _, n := range p.Notifications {
		out[n.Kind]++
	}
	return out
}
