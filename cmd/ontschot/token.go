package main

import (
	"context"
	"fmt"

	"github.com/ontschot/ontschot/ledger"
)

// operator is who the CLI acts as: the person at the server's console, who
// can read and write the file anyway.
var operator = ledger.Actor{User: "cli", Role: ledger.RoleAdmin}

// runToken manages API tokens: create, list, revoke.
func (m *Main) runToken(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return usageError("say what to do: create, list or revoke")
	}
	switch args[0] {
	case "create":
		return m.tokenCreate(ctx, args[1:])
	case "list":
		return m.tokenList(ctx, args[1:])
	case "revoke":
		return m.tokenRevoke(ctx, args[1:])
	}
	return usageError(fmt.Sprintf("%q is not a token command; use create, list or revoke", args[0]))
}

func (m *Main) tokenCreate(ctx context.Context, args []string) error {
	fs := m.flags("token create", "--db DB --user NAME --role ROLE [--partner PARTNER_ID]")
	db := fs.String("db", "", dbUsage)
	user := fs.String("user", "", "the user the token is for (created with the role if new)")
	role := fs.String("role", "", "caseworker, teamlead, manager, alderman, finance, partner, auditor or admin")
	partner := fs.String("partner", "", "for the partner role: the partner's id (PRT-…)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := requireDB(*db); err != nil {
		return err
	}
	if *user == "" || *role == "" {
		return usageError("--user and --role are required")
	}
	s, err := m.open(*db, true)
	if err != nil {
		return err
	}
	t, err := s.IssueToken(ctx, operator, ledger.NewToken{User: *user, Role: ledger.Role(*role), Partner: ledger.PartnerID(*partner)})
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "Created token %s for %s (%s). It is shown once and stored only as a hash; send it as \"Authorization: Bearer <token>\":\n", t.ID, t.User, t.Role)
	fmt.Fprintln(m.Stdout, t.Secret)
	return nil
}

func (m *Main) tokenList(ctx context.Context, args []string) error {
	fs := m.flags("token list", "--db DB [--user NAME]")
	db := fs.String("db", "", dbUsage)
	user := fs.String("user", "", "only this user's tokens")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := requireDB(*db); err != nil {
		return err
	}
	s, err := m.open(*db, true)
	if err != nil {
		return err
	}
	ts, err := s.Tokens(ctx, *user)
	if err != nil {
		return err
	}
	t := &table{header: []string{"TOKEN", "USER", "ROLE", "PARTNER", "CREATED", "REVOKED"}}
	for _, tok := range ts {
		revoked := ""
		if tok.RevokedAt != nil {
			revoked = ledger.DateOf(*tok.RevokedAt).String()
		}
		t.add(string(tok.ID), tok.User, string(tok.Role), string(tok.Partner), ledger.DateOf(tok.CreatedAt).String(), revoked)
	}
	t.write(m.Stdout)
	return nil
}

func (m *Main) tokenRevoke(ctx context.Context, args []string) error {
	fs := m.flags("token revoke", "--db DB --id TOKEN_ID")
	db := fs.String("db", "", dbUsage)
	id := fs.String("id", "", "the token's id (TOK-…), not its secret")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := requireDB(*db); err != nil {
		return err
	}
	if *id == "" {
		return usageError("--id is required")
	}
	s, err := m.open(*db, true)
	if err != nil {
		return err
	}
	if err := s.RevokeToken(ctx, operator, ledger.TokenID(*id)); err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "Revoked %s. A server that cached it refuses it within 10 seconds.\n", *id)
	return nil
}
