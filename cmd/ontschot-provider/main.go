// Command ontschot-provider runs an OpenID Provider on this machine with the
// demo's people and groups, so that a newcomer can see ontschot's sign-in
// through an identity provider (make run-oidc). It is the test provider of
// package oidctest, not a production one: every password is "maatwerk-demo"
// and it speaks plain http.
//
// Usage:
//
//	ontschot-provider [--addr 127.0.0.1:8081] [--client-id ontschot]
//	    [--client-secret-file FILE] [--redirect-uri URL] [--post-logout-uri URL]
//
// It prints its issuer and the people it knows, and runs until interrupted.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"text/tabwriter"

	"github.com/ontschot/ontschot/httpapi/oidc/oidctest"
)

// demoPassword is every demo person's password.
const demoPassword = "maatwerk-demo"

// demoSecret is the client secret when no --client-secret-file is given.
const demoSecret = "ontschot-demo-secret"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr, nil)
	stop()
	switch {
	case errors.Is(err, flag.ErrHelp):
	case errors.Is(err, errUsage):
		os.Exit(2)
	case err != nil:
		fmt.Fprintln(os.Stderr, "ontschot-provider:", err)
		os.Exit(1)
	}
}

// errUsage marks a command line the flag package refused (and explained).
var errUsage = errors.New("usage")

// run starts the provider as args say, prints its issuer and people to
// stdout, calls started (when not nil) and serves until ctx is done. It
// returns flag.ErrHelp for -h, errUsage for a bad command line, and an error
// when the secret file cannot be read or the address not listened on.
func run(ctx context.Context, args []string, stdout, stderr io.Writer, started func(*oidctest.Provider)) error {
	fs := flag.NewFlagSet("ontschot-provider", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8081", "`address` to listen on; the issuer is http://ADDR")
	clientID := fs.String("client-id", "ontschot", "client `ID` of ontschot at this provider")
	secretFile := fs.String("client-secret-file", "", "`file` holding the client secret (default: the secret "+demoSecret+")")
	redirectURI := fs.String("redirect-uri", "http://localhost:8080/inloggen/oidc/terug", "ontschot's redirect `URI`")
	postLogoutURI := fs.String("post-logout-uri", "http://localhost:8080/inloggen?melding=uitgelogd", "`URI` the provider may send a signed-out browser back to")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "ontschot-provider takes no arguments, only flags; got %q\n", fs.Args())
		fs.Usage()
		return errUsage
	}
	secret := demoSecret
	if *secretFile != "" {
		b, err := os.ReadFile(*secretFile)
		if err != nil {
			return fmt.Errorf("read the client secret: %w", err)
		}
		// Editors end files with a newline that is no part of the secret.
		if secret = strings.TrimSpace(string(b)); secret == "" {
			return fmt.Errorf("the client secret file %s is empty; put the secret in it", *secretFile)
		}
	}

	p, err := oidctest.Start(oidctest.Config{
		Addr:                   *addr,
		People:                 demoPeople(),
		ClientID:               *clientID,
		ClientSecret:           secret,
		RedirectURIs:           []string{*redirectURI},
		PostLogoutRedirectURIs: []string{*postLogoutURI},
	})
	if err != nil {
		return err
	}
	defer p.Close()

	printPeople(stdout, p.Issuer, *clientID)
	if started != nil {
		started(p)
	}
	<-ctx.Done()
	return nil
}

// demoPeople are the demo's users as the provider knows them: the usernames
// of ontschot's demo data (cmd/ontschot/demo.go), each in the group
// "ontschot-" + role, a partner's reader in the group of that partner, and
// one person in no ontschot group, who must be turned away.
func demoPeople() []oidctest.Person {
	people := []struct{ username, name string }{
		{"anouk.bakker", "Anouk Bakker"}, {"bram.visser", "Bram Visser"},
		{"esther.dijkstra", "Esther Dijkstra"}, {"frank.bos", "Frank Bos"},
		{"greet.hoekstra", "Greet Hoekstra"}, {"wethouder.postma", "Wethouder Postma"},
		{"hanna.jansen", "Hanna Jansen"}, {"ruud.accountant", "Ruud Accountant"},
		{"admin", "Beheerder"}, {"lezer.defriesland", "Lezer De Friesland"},
		{"zonder.rol", "Zonder Rol"},
	}
	groups := map[string][]string{
		"anouk.bakker": {"ontschot-caseworker"}, "bram.visser": {"ontschot-caseworker"},
		"esther.dijkstra": {"ontschot-teamlead"}, "frank.bos": {"ontschot-teamlead"},
		"greet.hoekstra": {"ontschot-manager"}, "wethouder.postma": {"ontschot-alderman"},
		"hanna.jansen": {"ontschot-finance"}, "ruud.accountant": {"ontschot-auditor"},
		"admin": {"ontschot-admin"}, "lezer.defriesland": {"ontschot-partner-de-friesland"},
		"zonder.rol": {"medewerkers"},
	}
	out := make([]oidctest.Person, 0, len(people))
	for _, p := range people {
		out = append(out, oidctest.Person{
			// A stable subject that is not the username, as at a real
			// provider, so that ontschot is seen to tell them apart.
			ID:       "u-" + strings.ReplaceAll(p.username, ".", "-"),
			Username: p.username,
			Password: demoPassword,
			Name:     p.name,
			Email:    p.username + "@leeuwarden.example",
			Groups:   groups[p.username],
		})
	}
	return out
}

// printPeople tells the newcomer where the provider is and who can sign in.
func printPeople(w io.Writer, issuer, clientID string) {
	fmt.Fprintf(w, "OpenID Provider (demo) at %s\n", issuer)
	fmt.Fprintf(w, "discovery: %s/.well-known/openid-configuration\n", issuer)
	fmt.Fprintf(w, "ontschot: --oidc-issuer %s --oidc-client-id %s\n\n", issuer, clientID)
	fmt.Fprintf(w, "People (password %q for all):\n", demoPassword)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "  username\tsubject\tgroups")
	for _, p := range demoPeople() {
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", p.Username, p.ID, strings.Join(p.Groups, ", "))
	}
	tw.Flush()
	fmt.Fprintln(w, "\nPress Ctrl-C to stop.")
}
