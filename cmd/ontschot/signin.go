package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/url"
	"os"
	"strings"

	"github.com/ontschot/ontschot/httpapi/oidc"
	"github.com/ontschot/ontschot/ledger"
)

// providerFlags are serve's flags for signing in with the municipality's
// identity provider (see README, "Signing in with your identity provider").
type providerFlags struct {
	issuer, clientID, secretFile, roles, groupsClaim, usernameClaim, apiAudience, publicURL *string
	passwords                                                                               *bool
}

func addProviderFlags(fs *flag.FlagSet) providerFlags {
	return providerFlags{
		issuer:        fs.String("oidc-issuer", "", "the identity provider's issuer URL (OpenID Connect), e.g. https://login.microsoftonline.com/TENANT/v2.0"),
		clientID:      fs.String("oidc-client-id", "", "the id of the client registered for ontschot at the provider"),
		secretFile:    fs.String("oidc-client-secret-file", "", "a file holding the client's secret (kept out of the command line and the process list)"),
		roles:         fs.String("oidc-roles", "", "a file mapping the provider's groups to roles: one line GROUP = ROLE, or GROUP = partner PARTNER"),
		groupsClaim:   fs.String("oidc-groups-claim", "groups", "the claim of the ID token (or userinfo) that lists the person's groups"),
		usernameClaim: fs.String("oidc-username-claim", "sub", "the claim whose value is the person's name in ontschot: sub (stable) or e.g. preferred_username"),
		apiAudience:   fs.String("oidc-api-audience", "", "accept the provider's access tokens on the API when issued for this audience (the API's app id URI); empty: the API takes only ontschot's tokens"),
		publicURL:     fs.String("public-url", "", "the URL people reach ontschot at, e.g. https://ontschot.gemeente.nl (for the redirect URI registered at the provider)"),
		passwords:     fs.Bool("password-sign-in", true, "offer the password form on the sign-in page; false leaves only the provider's button"),
	}
}

// relyingParty reads the provider flags: nil when no issuer is given.
// Errors: usage errors naming the flag that is missing or wrong, the role
// map's own error, or why the provider could not be reached.
// listening is the URL the server listens at, the public URL when
// --public-url is not given.
func (f providerFlags) relyingParty(ctx context.Context, store ledger.Store, listening string) (*oidc.RelyingParty, error) {
	if *f.issuer == "" {
		for name, v := range map[string]string{"--oidc-client-id": *f.clientID, "--oidc-client-secret-file": *f.secretFile, "--oidc-roles": *f.roles, "--oidc-api-audience": *f.apiAudience} {
			if v != "" {
				return nil, usageError(name + " needs --oidc-issuer: the identity provider to sign in with")
			}
		}
		if !*f.passwords {
			return nil, usageError("--password-sign-in=false needs --oidc-issuer: without passwords and without a provider nobody could sign in")
		}
		return nil, nil
	}
	switch {
	case *f.clientID == "":
		return nil, usageError("--oidc-issuer needs --oidc-client-id: the id of the client registered for ontschot at the provider")
	case *f.secretFile == "":
		return nil, usageError("--oidc-issuer needs --oidc-client-secret-file: a file holding the client's secret")
	case *f.roles == "":
		return nil, usageError("--oidc-issuer needs --oidc-roles: a file mapping the provider's groups to roles")
	}
	secret, err := os.ReadFile(*f.secretFile)
	if err != nil {
		return nil, fmt.Errorf("cannot read the client secret: %w", err)
	}
	rf, err := os.Open(*f.roles)
	if err != nil {
		return nil, fmt.Errorf("cannot read the role map: %w", err)
	}
	defer rf.Close()
	roles, err := ledger.ParseRoleMap(rf)
	if err != nil {
		return nil, fmt.Errorf("%s: %s", *f.roles, ledger.ErrorMessage(err))
	}
	partners, err := store.Partners(ctx)
	if err != nil {
		return nil, err
	}
	if err := roles.ResolvePartners(partners); err != nil {
		return nil, fmt.Errorf("%s: %s", *f.roles, ledger.ErrorMessage(err))
	}
	public := strings.TrimSuffix(*f.publicURL, "/")
	if public == "" {
		public = listening
	}
	if u, err := url.Parse(public); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, usageError(fmt.Sprintf("--public-url %q: give the URL people open ontschot at, such as https://ontschot.gemeente.nl", *f.publicURL))
	}
	rp, err := oidc.New(ctx, oidc.Config{Issuer: *f.issuer, ClientID: *f.clientID, ClientSecret: strings.TrimSpace(string(secret)),
		RedirectURL: public + oidc.CallbackPath, PostLogoutURL: public + "/inloggen?melding=uitgelogd",
		GroupsClaim: *f.groupsClaim, UsernameClaim: *f.usernameClaim, APIAudience: *f.apiAudience, Roles: roles})
	if err != nil {
		return nil, errors.New(err.Error() + " (check --oidc-issuer and that this server can reach the provider)")
	}
	return rp, nil
}
