package ledger_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/storage"
)

// TestSignInAfterPasswordReset: an administrator resets a leaked password
// while someone signs in with the old one, whose check has passed but whose
// session is not written yet. The sign-in is refused: the session would
// otherwise outlive the reset (which ended every session of the user), on
// this server or on another one on the same database.
func TestSignInAfterPasswordReset(t *testing.T) {
	ctx := context.Background()
	s, err := storage.Open(filepath.Join(t.TempDir(), "ledger.db"), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	admin := ledger.Actor{User: "admin", Role: ledger.RoleAdmin}
	if _, err := s.CreateAccount(ctx, admin, ledger.NewAccount{User: "greet.hoekstra", Role: ledger.RoleManager, Password: "oud-wachtwoord-1"}); err != nil {
		t.Fatal(err)
	}
	ledger.SetAfterPasswordCheck(s, func() {
		ledger.SetAfterPasswordCheck(s, nil)
		if _, err := s.CreateAccount(ctx, admin, ledger.NewAccount{User: "greet.hoekstra", Role: ledger.RoleManager, Password: "nieuw-wachtwoord-2"}); err != nil {
			t.Error(err)
		}
	})
	if ws, err := s.SignIn(ctx, "greet.hoekstra", "oud-wachtwoord-1"); ledger.ErrorCode(err) != ledger.EUNAUTHORIZED {
		t.Fatalf("sign-in with the password reset during its check: %+v, %v; want refused", ws, err)
	}
	if _, err := s.SignIn(ctx, "greet.hoekstra", "oud-wachtwoord-1"); ledger.ErrorCode(err) != ledger.EUNAUTHORIZED {
		t.Fatalf("the old password after the reset: %v", err)
	}
	if _, err := s.SignIn(ctx, "greet.hoekstra", "nieuw-wachtwoord-2"); err != nil {
		t.Fatalf("the new password: %v", err)
	}
}
