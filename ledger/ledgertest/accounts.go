package ledgertest

import (
	"strings"
	"testing"
	"time"

	"github.com/ontschot/ontschot/ledger"
)

func testAccounts(t *testing.T, open Opener) {
	const password = "correct horse battery staple"
	t.Run("SignInAndOut", func(t *testing.T) {
		f := newFixture(t, open, 0)
		u, err := f.store.CreateAccount(f.ctx, Admin, ledger.NewAccount{User: "carla.consulent", Role: ledger.RoleCaseworker, Password: password})
		if err != nil || u.Role != ledger.RoleCaseworker {
			t.Fatalf("CreateAccount = %+v, %v", u, err)
		}
		sess, err := f.store.SignIn(f.ctx, "carla.consulent", password)
		if err != nil || sess.User != "carla.consulent" || sess.Role != ledger.RoleCaseworker || sess.Secret == "" || len(sess.CSRF) < 40 {
			t.Fatalf("SignIn = %+v, %v", sess, err)
		}
		got, err := f.store.WebSession(f.ctx, sess.Secret)
		if err != nil || got.User != sess.User || got.CSRF != sess.CSRF {
			t.Fatalf("WebSession = %+v, %v", got, err)
		}
		// Idle too long: the session ends.
		f.clock.Set(Start.Add(ledger.SessionIdle + time.Minute))
		_, err = f.store.WebSession(f.ctx, sess.Secret)
		wantCode(t, err, ledger.EUNAUTHORIZED)
		sess, err = f.store.SignIn(f.ctx, "carla.consulent", password)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.store.SignOut(f.ctx, sess.Secret); err != nil {
			t.Fatal(err)
		}
		_, err = f.store.WebSession(f.ctx, sess.Secret)
		wantCode(t, err, ledger.EUNAUTHORIZED)
		_, err = f.store.WebSession(f.ctx, "ots_not-a-session")
		wantCode(t, err, ledger.EUNAUTHORIZED)
	})
	t.Run("LockOut", func(t *testing.T) {
		f := newFixture(t, open, 0)
		if _, err := f.store.CreateAccount(f.ctx, Admin, ledger.NewAccount{User: "tom.teamleider", Role: ledger.RoleTeamlead, Password: password}); err != nil {
			t.Fatal(err)
		}
		for i := 1; i < ledger.MaxFailedSignIns; i++ {
			_, err := f.store.SignIn(f.ctx, "tom.teamleider", "wrong password "+string(rune('a'+i)))
			wantCode(t, err, ledger.EUNAUTHORIZED)
		}
		_, err := f.store.SignIn(f.ctx, "tom.teamleider", "the fifth wrong password")
		wantCode(t, err, ledger.EUNAUTHORIZED)
		// Locked: even the right password is refused, until the lock ends.
		_, err = f.store.SignIn(f.ctx, "tom.teamleider", password)
		if ledger.ErrorCode(err) != ledger.EUNAUTHORIZED || !strings.Contains(err.Error(), "locked") {
			t.Fatalf("sign-in while locked = %v; want locked", err)
		}
		f.clock.Set(Start.Add(ledger.LockDuration + time.Second))
		if _, err := f.store.SignIn(f.ctx, "tom.teamleider", password); err != nil {
			t.Fatalf("sign-in after the lock = %v", err)
		}
		// A right password resets the count: four more wrong ones do not lock.
		for range ledger.MaxFailedSignIns - 1 {
			f.store.SignIn(f.ctx, "tom.teamleider", "wrong again")
		}
		if _, err := f.store.SignIn(f.ctx, "tom.teamleider", password); err != nil {
			t.Fatalf("sign-in after four failures = %v", err)
		}
	})
	t.Run("LockOutHoldsUnderParallelSignIns", func(t *testing.T) {
		// Wrong passwords sent at once are all counted, and once the
		// account is locked no sign-in gets in, not even with the right
		// password sent in the same burst.
		f := newFixture(t, open, 0)
		if _, err := f.store.CreateAccount(f.ctx, Admin, ledger.NewAccount{User: "fien.finance", Role: ledger.RoleFinance, Password: password}); err != nil {
			t.Fatal(err)
		}
		const wrong = 3 * ledger.MaxFailedSignIns
		errs := make(chan error, wrong)
		for i := 0; i < wrong; i++ {
			go func() {
				_, err := f.store.SignIn(f.ctx, "fien.finance", "wrong password, try again")
				errs <- err
			}()
		}
		for i := 0; i < wrong; i++ {
			wantCode(t, <-errs, ledger.EUNAUTHORIZED)
		}
		if _, err := f.store.SignIn(f.ctx, "fien.finance", password); err == nil || !strings.Contains(err.Error(), "locked") {
			t.Fatalf("the right password after %d parallel wrong ones: %v; want the account locked", wrong, err)
		}
	})

	t.Run("Errors", func(t *testing.T) {
		f := newFixture(t, open, 0)
		_, err := f.store.SignIn(f.ctx, "nobody", password)
		wantCode(t, err, ledger.EUNAUTHORIZED)
		_, err = f.store.CreateAccount(f.ctx, Finance, ledger.NewAccount{User: "x", Role: ledger.RoleCaseworker, Password: password})
		wantCode(t, err, ledger.EFORBIDDEN)
		_, err = f.store.CreateAccount(f.ctx, Admin, ledger.NewAccount{User: "kees", Role: ledger.RoleCaseworker, Password: "short"})
		wantField(t, err, "password")
		_, err = f.store.CreateAccount(f.ctx, Admin, ledger.NewAccount{User: "kees.de.vries", Role: ledger.RoleCaseworker, Password: "KEES.DE.VRIES"})
		wantField(t, err, "password")
		_, err = f.store.CreateAccount(f.ctx, Admin, ledger.NewAccount{User: "lezer", Role: ledger.RolePartner, Password: password})
		wantField(t, err, "partnerId")
		if _, err := f.store.CreateAccount(f.ctx, Admin, ledger.NewAccount{User: "mia", Role: ledger.RoleManager, Password: password}); err != nil {
			t.Fatal(err)
		}
		_, err = f.store.CreateAccount(f.ctx, Admin, ledger.NewAccount{User: "mia", Role: ledger.RoleFinance, Password: password})
		wantCode(t, err, ledger.ECONFLICT)
		// A token-only user has no password to sign in with.
		if _, err := f.store.IssueToken(f.ctx, Admin, ledger.NewToken{User: "api.client", Role: ledger.RoleFinance}); err != nil {
			t.Fatal(err)
		}
		_, err = f.store.SignIn(f.ctx, "api.client", "")
		wantCode(t, err, ledger.EUNAUTHORIZED)
	})
	t.Run("ProviderSessions", func(t *testing.T) { testProviderSessions(t, open) })
	t.Run("NewPasswordEndsSessions", func(t *testing.T) {
		f := newFixture(t, open, 0)
		f.store.CreateAccount(f.ctx, Admin, ledger.NewAccount{User: "anna", Role: ledger.RoleAuditor, Password: password})
		sess, err := f.store.SignIn(f.ctx, "anna", password)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.store.CreateAccount(f.ctx, Admin, ledger.NewAccount{User: "anna", Role: ledger.RoleAuditor, Password: password + "!"}); err != nil {
			t.Fatal(err)
		}
		_, err = f.store.WebSession(f.ctx, sess.Secret)
		wantCode(t, err, ledger.EUNAUTHORIZED)
		_, err = f.store.SignIn(f.ctx, "anna", password)
		wantCode(t, err, ledger.EUNAUTHORIZED)
	})
}

// testProviderSessions: a person the identity provider signed in gets a
// session with the role their groups give now, and a user without a
// password on the first sign-in; a role changed at the provider changes
// the user at the next sign-in and ends the older sessions; everything is
// journaled and verifies; a name with a BSN, an unknown role or partner,
// or a partner role without its partner opens nothing.
func testProviderSessions(t *testing.T, open Opener) {
	f := newFixture(t, open, 0)
	first, err := f.store.OpenProviderSession(f.ctx, ledger.ProviderSignIn{User: "u-anouk-bakker", Role: ledger.RoleCaseworker})
	if err != nil || first.User != "u-anouk-bakker" || first.Role != ledger.RoleCaseworker || first.Secret == "" || len(first.CSRF) < 40 {
		t.Fatalf("OpenProviderSession = %+v, %v", first, err)
	}
	got, err := f.store.WebSession(f.ctx, first.Secret)
	if err != nil || got.User != "u-anouk-bakker" || got.Role != ledger.RoleCaseworker {
		t.Fatalf("WebSession = %+v, %v", got, err)
	}
	// No password was made: the name cannot sign in with one.
	_, err = f.store.SignIn(f.ctx, "u-anouk-bakker", "")
	wantCode(t, err, ledger.EUNAUTHORIZED)

	// The same role again: the user stays, both sessions live.
	again, err := f.store.OpenProviderSession(f.ctx, ledger.ProviderSignIn{User: "u-anouk-bakker", Role: ledger.RoleCaseworker})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.store.WebSession(f.ctx, first.Secret); err != nil {
		t.Fatalf("a second sign-in with the same role ended the first session: %v", err)
	}
	// The provider made her a team lead: the next sign-in has that role,
	// and the sessions with the old one end.
	lead, err := f.store.OpenProviderSession(f.ctx, ledger.ProviderSignIn{User: "u-anouk-bakker", Role: ledger.RoleTeamlead})
	if err != nil || lead.Role != ledger.RoleTeamlead {
		t.Fatalf("OpenProviderSession as team lead = %+v, %v", lead, err)
	}
	for _, old := range []ledger.WebSession{first, again} {
		_, err := f.store.WebSession(f.ctx, old.Secret)
		wantCode(t, err, ledger.EUNAUTHORIZED)
	}
	if s, err := f.store.WebSession(f.ctx, lead.Secret); err != nil || s.Role != ledger.RoleTeamlead {
		t.Fatalf("WebSession after the role change = %+v, %v", s, err)
	}
	users, err := f.store.Users(f.ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range users {
		if u.Name == "u-anouk-bakker" && u.Role != ledger.RoleTeamlead {
			t.Errorf("the user's role is %s after the provider made her team lead", u.Role)
		}
	}
	// A partner's reader.
	reader, err := f.store.OpenProviderSession(f.ctx, ledger.ProviderSignIn{User: "lezer", Role: ledger.RolePartner, Partner: f.partner.ID})
	if err != nil || reader.Partner != f.partner.ID {
		t.Fatalf("a partner's reader = %+v, %v", reader, err)
	}
	for name, bad := range map[string]ledger.ProviderSignIn{
		"a BSN in the name":        {User: "111222333", Role: ledger.RoleCaseworker},
		"a space in the name":      {User: "anouk bakker", Role: ledger.RoleCaseworker},
		"no role":                  {User: "x"},
		"a partner without one":    {User: "x", Role: ledger.RolePartner},
		"a partner for a non-role": {User: "x", Role: ledger.RoleAuditor, Partner: f.partner.ID},
	} {
		_, err := f.store.OpenProviderSession(f.ctx, bad)
		if ledger.ErrorCode(err) != ledger.EINVALID {
			t.Errorf("%s: err = %v; want EINVALID", name, err)
		}
	}
	_, err = f.store.OpenProviderSession(f.ctx, ledger.ProviderSignIn{User: "x", Role: ledger.RolePartner, Partner: "PRT-bestaatniet"})
	wantCode(t, err, ledger.ENOTFOUND)

	// A local account with a password is not the provider's, on the pages
	// or the API, unless it is taken over (password sign-in off): then
	// its password is gone.
	const pw = "correct horse battery staple"
	if _, err := f.store.CreateAccount(f.ctx, Admin, ledger.NewAccount{User: "lokaal", Role: ledger.RoleCaseworker, Password: pw}); err != nil {
		t.Fatal(err)
	}
	_, err = f.store.OpenProviderSession(f.ctx, ledger.ProviderSignIn{User: "lokaal", Role: ledger.RoleAdmin})
	wantCode(t, err, ledger.ECONFLICT)
	_, err = f.store.ProviderActor(f.ctx, ledger.ProviderSignIn{User: "lokaal", Role: ledger.RoleAdmin})
	wantCode(t, err, ledger.ECONFLICT)
	if a, err := f.store.ProviderActor(f.ctx, ledger.ProviderSignIn{User: "u-anouk-bakker", Role: ledger.RoleFinance}); err != nil || a.Role != ledger.RoleFinance {
		t.Fatalf("ProviderActor of a provider's user = %+v, %v", a, err)
	}
	local, err := f.store.SignIn(f.ctx, "lokaal", pw)
	if err != nil {
		t.Fatal(err)
	}
	took, err := f.store.OpenProviderSession(f.ctx, ledger.ProviderSignIn{User: "lokaal", Role: ledger.RoleTeamlead, TakeOver: true})
	if err != nil || took.Role != ledger.RoleTeamlead {
		t.Fatalf("a take-over = %+v, %v", took, err)
	}
	_, err = f.store.SignIn(f.ctx, "lokaal", pw)
	wantCode(t, err, ledger.EUNAUTHORIZED)
	_, err = f.store.WebSession(f.ctx, local.Secret)
	wantCode(t, err, ledger.EUNAUTHORIZED)

	// Offboarding: a provider's user without a role any more loses its
	// sessions.
	if err := f.store.EndProviderSessions(f.ctx, "lokaal"); err != nil {
		t.Fatal(err)
	}
	_, err = f.store.WebSession(f.ctx, took.Secret)
	wantCode(t, err, ledger.EUNAUTHORIZED)
	f.verify()
}
