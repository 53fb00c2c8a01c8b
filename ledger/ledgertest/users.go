package ledgertest

import (
	"strings"
	"testing"

	"github.com/ontschot/ontschot/ledger"
)

func testUsers(t *testing.T, open Opener) {
	t.Run("IssueAndAuthenticate", func(t *testing.T) {
		f := newFixture(t, open, 0)
		tok, err := f.store.IssueToken(f.ctx, Admin, ledger.NewToken{User: "carla.consulent", Role: ledger.RoleCaseworker})
		if err != nil {
			t.Fatal(err)
		}
		if !ledger.LooksLikeSecret(tok.Secret) || !ledger.ValidID(ledger.TokenPrefix, string(tok.ID)) || tok.CreatedBy != Admin.User {
			t.Fatalf("token = %+v", tok)
		}
		sess, err := f.store.Authenticate(f.ctx, tok.Secret)
		if err != nil || sess.User != "carla.consulent" || sess.Role != ledger.RoleCaseworker || sess.TokenID != tok.ID {
			t.Fatalf("Authenticate = %+v, %v", sess, err)
		}
		// A second token for the same user and role.
		tok2, err := f.store.IssueToken(f.ctx, Admin, ledger.NewToken{User: "carla.consulent", Role: ledger.RoleCaseworker})
		if err != nil || tok2.Secret == tok.Secret {
			t.Fatalf("second token = %+v, %v", tok2, err)
		}
		users, err := f.store.Users(f.ctx)
		if err != nil || len(users) != 1 || users[0].Role != ledger.RoleCaseworker {
			t.Fatalf("Users = %+v, %v", users, err)
		}
		toks, err := f.store.Tokens(f.ctx, "carla.consulent")
		if err != nil || len(toks) != 2 {
			t.Fatalf("Tokens = %+v, %v", toks, err)
		}
	})
	t.Run("PartnerUser", func(t *testing.T) {
		f := newFixture(t, open, 0)
		tok, err := f.store.IssueToken(f.ctx, Admin, ledger.NewToken{User: "lezer.defriesland", Role: ledger.RolePartner, Partner: f.partner.ID})
		if err != nil {
			t.Fatal(err)
		}
		sess, err := f.store.Authenticate(f.ctx, tok.Secret)
		if err != nil || sess.Role != ledger.RolePartner || sess.Partner != f.partner.ID {
			t.Fatalf("Authenticate = %+v, %v", sess, err)
		}
		_, err = f.store.IssueToken(f.ctx, Admin, ledger.NewToken{User: "x", Role: ledger.RolePartner})
		wantField(t, err, "partnerId")
		_, err = f.store.IssueToken(f.ctx, Admin, ledger.NewToken{User: "x", Role: ledger.RoleFinance, Partner: f.partner.ID})
		wantField(t, err, "partnerId")
		_, err = f.store.IssueToken(f.ctx, Admin, ledger.NewToken{User: "x", Role: ledger.RolePartner, Partner: "PRT-01ARZ3NDEKTSV4RRFFQ69G5FAV"})
		wantCode(t, err, ledger.ENOTFOUND)
	})
	t.Run("Revoke", func(t *testing.T) {
		f := newFixture(t, open, 0)
		tok, err := f.store.IssueToken(f.ctx, Admin, ledger.NewToken{User: "fien", Role: ledger.RoleFinance})
		if err != nil {
			t.Fatal(err)
		}
		wantCode(t, f.store.RevokeToken(f.ctx, Finance, tok.ID), ledger.EFORBIDDEN)
		if err := f.store.RevokeToken(f.ctx, Admin, tok.ID); err != nil {
			t.Fatal(err)
		}
		_, err = f.store.Authenticate(f.ctx, tok.Secret)
		wantCode(t, err, ledger.EUNAUTHORIZED)
		wantCode(t, f.store.RevokeToken(f.ctx, Admin, tok.ID), ledger.ECONFLICT)
		wantCode(t, f.store.RevokeToken(f.ctx, Admin, "TOK-01ARZ3NDEKTSV4RRFFQ69G5FAV"), ledger.ENOTFOUND)
		toks, _ := f.store.Tokens(f.ctx, "")
		if len(toks) != 1 || toks[0].RevokedAt == nil {
			t.Fatalf("Tokens = %+v; want the revoked token", toks)
		}
	})
	t.Run("Errors", func(t *testing.T) {
		f := newFixture(t, open, 0)
		_, err := f.store.IssueToken(f.ctx, Finance, ledger.NewToken{User: "x", Role: ledger.RoleFinance})
		wantCode(t, err, ledger.EFORBIDDEN)
		_, err = f.store.IssueToken(f.ctx, Admin, ledger.NewToken{User: "jan de vries", Role: ledger.RoleFinance})
		wantField(t, err, "user")
		_, err = f.store.IssueToken(f.ctx, Admin, ledger.NewToken{User: "x", Role: "boss"})
		wantField(t, err, "role")
		if _, err := f.store.IssueToken(f.ctx, Admin, ledger.NewToken{User: "x", Role: ledger.RoleFinance}); err != nil {
			t.Fatal(err)
		}
		_, err = f.store.IssueToken(f.ctx, Admin, ledger.NewToken{User: "x", Role: ledger.RoleAdmin})
		wantCode(t, err, ledger.ECONFLICT)
		for _, secret := range []string{"", "nonsense", "ots_" + strings.Repeat("A", 43)} {
			_, err := f.store.Authenticate(f.ctx, secret)
			wantCode(t, err, ledger.EUNAUTHORIZED)
		}
	})
	t.Run("IdempotencyKeyNeverReplaysASecret", func(t *testing.T) {
		f := newFixture(t, open, 0)
		req := ledger.NewToken{User: "x", Role: ledger.RoleAuditor, IdempotencyKey: "k1"}
		tok, err := f.store.IssueToken(f.ctx, Admin, req)
		if err != nil {
			t.Fatal(err)
		}
		_, err = f.store.IssueToken(f.ctx, Admin, req)
		wantCode(t, err, ledger.ECONFLICT)
		if !strings.Contains(err.Error(), string(tok.ID)) {
			t.Fatalf("error %q does not name the token the key made", err)
		}
		if toks, _ := f.store.Tokens(f.ctx, "x"); len(toks) != 1 {
			t.Fatalf("%d tokens; want 1", len(toks))
		}
	})
	t.Run("PayoutCounts", func(t *testing.T) {
		f := busyFixture(t, open)
		counts, err := f.store.PayoutCounts(f.ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := map[ledger.Status]int{ledger.StatusApproved: 2, ledger.StatusRejected: 1, ledger.StatusReversed: 1}
		for st, n := range want {
			if counts[st] != n {
				t.Fatalf("counts = %v; want %v", counts, want)
			}
		}
	})
}
