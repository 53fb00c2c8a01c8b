package main

import (
	"bufio"
	"cmp"
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/ontschot/ontschot/ledger"
)

// runUser manages the accounts people sign in to the web pages with.
func (m *Main) runUser(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return usageError("say what to do: create, mail or list")
	}
	switch args[0] {
	case "create":
		return m.userCreate(ctx, args[1:])
	case "mail":
		return m.userMail(ctx, args[1:])
	case "list":
		return m.userList(ctx, args[1:])
	}
	return usageError(fmt.Sprintf("%q is not a user command; use create, mail or list", args[0]))
}

// userMail sets where a user's notifications are mailed, and how often,
// leaving the password and sessions alone.
func (m *Main) userMail(ctx context.Context, args []string) error {
	fs := m.flags("user mail", "--db DB --name NAME --email ADDRESS|none [--mail-mode immediate|digest]")
	db := fs.String("db", "", dbUsage)
	name := fs.String("name", "", "the user")
	email := fs.String("email", "", "the address notifications are mailed to, or none to mail them nowhere")
	mailMode := fs.String("mail-mode", "", "immediate (a mail for each notification, the default) or digest (one mail a day)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := requireDB(*db); err != nil {
		return err
	}
	if *name == "" || *email == "" {
		return usageError("--name and --email are required (--email none mails the user nothing)")
	}
	if *email == "none" {
		*email = ""
	}
	e, mode, err := ledger.CheckUserMail(*email, ledger.MailMode(*mailMode))
	if err != nil {
		return err
	}
	*email, *mailMode = e, string(mode)
	s, err := m.open(*db, true)
	if err != nil {
		return err
	}
	if err := s.SetUserMail(ctx, operator, *name, *email, ledger.MailMode(*mailMode)); err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "Notifications of %s are mailed to %s (%s).\n", *name, cmp.Or(*email, "nobody"), cmp.Or(*mailMode, string(ledger.MailImmediate)))
	return nil
}

// userCreate makes an account with a password, or gives an existing
// account a new one (which also unlocks it and ends its sessions).
func (m *Main) userCreate(ctx context.Context, args []string) error {
	fs := m.flags("user create", "--db DB --name NAME --role ROLE [--partner PARTNER_ID] [--password-stdin] [--email ADDRESS [--mail-mode immediate|digest]]")
	db := fs.String("db", "", dbUsage)
	name := fs.String("name", "", "the user name people sign in with (letters, digits, . - _ @)")
	role := fs.String("role", "", "caseworker, teamlead, manager, alderman, finance, partner, auditor or admin")
	partner := fs.String("partner", "", "for the partner role: the partner's id (PRT-…)")
	fromStdin := fs.Bool("password-stdin", false, "read the password from the first line of standard input instead of generating one")
	email := fs.String("email", "", "the address notifications are mailed to (serve --smtp-url); kept with the user, out of the journal")
	mailMode := fs.String("mail-mode", "", "immediate (a mail for each notification, the default) or digest (one mail a day)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := requireDB(*db); err != nil {
		return err
	}
	if *name == "" || *role == "" {
		return usageError("--name and --role are required")
	}
	// The address is checked before the account is made: a refusal leaves
	// nothing half-written.
	if *mailMode != "" && *email == "" {
		return usageError("--mail-mode goes with --email")
	}
	if _, _, err := ledger.CheckUserMail(*email, ledger.MailMode(*mailMode)); err != nil {
		return err
	}
	password := ""
	if *fromStdin {
		line, err := bufio.NewReader(m.stdin()).ReadString('\n')
		if err != nil && err != io.EOF {
			return fmt.Errorf("read the password from standard input: %w", err)
		}
		password = strings.TrimRight(line, "\r\n")
		if password == "" {
			return usageError("--password-stdin: standard input held no password; pipe one in, or leave the flag out to have one generated")
		}
	} else {
		password = ledger.GeneratePassword()
	}
	s, err := m.open(*db, true)
	if err != nil {
		return err
	}
	u, err := s.CreateAccount(ctx, operator, ledger.NewAccount{User: *name, Role: ledger.Role(*role), Partner: ledger.PartnerID(*partner), Password: password})
	if err != nil {
		return err
	}
	if *email != "" || *mailMode != "" {
		if err := s.SetUserMail(ctx, operator, u.Name, *email, ledger.MailMode(*mailMode)); err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "Notifications of %s are mailed to %s (%s).\n", u.Name, cmp.Or(*email, "nobody"), cmp.Or(*mailMode, string(ledger.MailImmediate)))
	}
	if *fromStdin {
		fmt.Fprintf(m.Stdout, "Account %s (%s) can sign in with the password given.\n", u.Name, u.Role)
		return nil
	}
	fmt.Fprintf(m.Stdout, "Account %s (%s) can sign in with this password. It is shown once and stored only as an argon2id hash:\n", u.Name, u.Role)
	fmt.Fprintln(m.Stdout, password)
	return nil
}

func (m *Main) userList(ctx context.Context, args []string) error {
	fs := m.flags("user list", "--db DB")
	db := fs.String("db", "", dbUsage)
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
	us, err := s.Users(ctx)
	if err != nil {
		return err
	}
	t := &table{header: []string{"USER", "ROLE", "PARTNER", "CREATED"}}
	for _, u := range us {
		t.rows = append(t.rows, []string{u.Name, string(u.Role), string(u.Partner), ledger.DateOf(u.CreatedAt).String()})
	}
	t.write(m.Stdout)
	return nil
}

// stdin is where the command reads input from.
func (m *Main) stdin() io.Reader {
	if m.Stdin != nil {
		return m.Stdin
	}
	return os.Stdin
}
