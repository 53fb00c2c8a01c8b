package oidctest

import (
	"context"
	"crypto/subtle"
	"errors"
	"sync"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/zitadel/oidc/v3/example/server/exampleop"
	"github.com/zitadel/oidc/v3/example/server/storage"
	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
	"golang.org/x/text/language"
)

// store wraps the library example's in-memory storage (auth requests, codes,
// tokens, the login check) and overrides what must differ per provider: the
// one client, the keys, the claims, single-use codes, and the example's
// built-in service users, which a test provider must not offer.
type store struct {
	*storage.Storage
	p      *Provider
	client *client
	secret string
	people map[string]Person // by ID

	mu        sync.Mutex
	usedCodes map[string]bool
}

var _ exampleop.Storage = (*store)(nil)

// newStore builds a provider's storage. The example storage gets an empty
// client map of its own, never the example's package-level one, so that
// providers in one process share nothing.
func newStore(p *Provider, cfg Config) *store {
	people := make(map[string]Person, len(cfg.People))
	for _, person := range cfg.People {
		people[person.ID] = person
	}
	return &store{
		Storage: storage.NewStorageWithClients(newUserStore(cfg.People), map[string]*storage.Client{}),
		p:       p,
		client: &client{
			Client:     storage.WebClient(cfg.ClientID, cfg.ClientSecret, cfg.RedirectURIs...),
			postLogout: append([]string(nil), cfg.PostLogoutRedirectURIs...),
		},
		secret:    cfg.ClientSecret,
		people:    people,
		usedCodes: map[string]bool{},
	}
}

var errClientNotFound = errors.New("client not found")

// GetClientByClientID knows only the configured client.
func (s *store) GetClientByClientID(_ context.Context, clientID string) (op.Client, error) {
	if clientID != s.client.GetID() {
		return nil, errClientNotFound
	}
	return s.client, nil
}

// AuthorizeClientIDSecret checks the configured client's secret, in constant
// time.
func (s *store) AuthorizeClientIDSecret(_ context.Context, clientID, clientSecret string) error {
	if clientID != s.client.GetID() {
		return errClientNotFound
	}
	if subtle.ConstantTimeCompare([]byte(clientSecret), []byte(s.secret)) != 1 {
		return errors.New("invalid client secret")
	}
	return nil
}

// AuthRequestByCode hands out a code's auth request once. The library
// deletes the request only after it has built the token response, so two
// exchanges of one code racing each other could both succeed; marking the
// code used on its first look-up closes that window (RFC 6749, section
// 4.1.2: the client must not use a code more than once). An attempt that
// fails (a wrong code_verifier, say) uses the code up too.
func (s *store) AuthRequestByCode(ctx context.Context, code string) (op.AuthRequest, error) {
	s.mu.Lock()
	used := s.usedCodes[code]
	s.usedCodes[code] = true
	s.mu.Unlock()
	if used {
		return nil, errors.New("code already used")
	}
	return s.Storage.AuthRequestByCode(ctx, code)
}

// SigningKey is the provider's current key; the op package asks for it at
// every token it signs, so RotateKey takes effect at once.
func (s *store) SigningKey(context.Context) (op.SigningKey, error) {
	return signingKey{s.p.keys.current()}, nil
}

// SignatureAlgorithms is RS256 only.
func (s *store) SignatureAlgorithms(context.Context) ([]jose.SignatureAlgorithm, error) {
	return []jose.SignatureAlgorithm{jose.RS256}, nil
}

// KeySet is the JWKS: every key the provider has had, newest first.
func (s *store) KeySet(context.Context) ([]op.Key, error) {
	return s.p.keys.public(), nil
}

// SetUserinfoFromRequest fills the ID token's claims: the example's, then
// the person's name and groups.
func (s *store) SetUserinfoFromRequest(ctx context.Context, userinfo *oidc.UserInfo, token op.IDTokenRequest, scopes []string) error {
	if err := s.Storage.SetUserinfoFromRequest(ctx, userinfo, token, scopes); err != nil {
		return err
	}
	s.addClaims(userinfo, token.GetSubject())
	return nil
}

// SetUserinfoFromToken fills the userinfo endpoint's answer like the ID
// token's.
func (s *store) SetUserinfoFromToken(ctx context.Context, userinfo *oidc.UserInfo, tokenID, subject, origin string) error {
	if err := s.Storage.SetUserinfoFromToken(ctx, userinfo, tokenID, subject, origin); err != nil {
		return err
	}
	s.addClaims(userinfo, subject)
	return nil
}

// GetPrivateClaimsFromScopes adds the groups claim to the code flow's JWT
// access tokens.
func (s *store) GetPrivateClaimsFromScopes(_ context.Context, userID, _ string, _ []string) (map[string]any, error) {
	person, ok := s.people[userID]
	if !ok {
		return nil, nil
	}
	return map[string]any{s.p.groupsClaim: groupList(person.Groups)}, nil
}

// addClaims replaces the example's name (its first and last name joined) by
// the person's and adds their groups. The name is only touched when the
// profile scope asked for it.
func (s *store) addClaims(userinfo *oidc.UserInfo, subject string) {
	person, ok := s.people[subject]
	if !ok {
		return
	}
	if userinfo.Name != "" {
		userinfo.Name = person.Name
		userinfo.GivenName, userinfo.FamilyName = "", ""
	}
	userinfo.AppendClaims(s.p.groupsClaim, groupList(person.Groups))
}

var errNoServiceUsers = errors.New("this provider has no service users")

// ClientCredentials refuses: the example storage has a built-in service user
// with a published secret, which a test provider must not accept.
func (s *store) ClientCredentials(context.Context, string, string) (op.Client, error) {
	return nil, errNoServiceUsers
}

// ClientCredentialsTokenRequest refuses, like ClientCredentials.
func (s *store) ClientCredentialsTokenRequest(context.Context, string, []string) (op.TokenRequest, error) {
	return nil, errNoServiceUsers
}

// GetKeyByIDAndClientID refuses every key: the example storage trusts a
// service key whose private half it publishes (for the JWT profile grant and
// private_key_jwt client authentication).
func (s *store) GetKeyByIDAndClientID(context.Context, string, string) (*jose.JSONWebKey, error) {
	return nil, errNoServiceUsers
}

// client is the provider's one relying party: the example's web client
// (client_secret_basic; the provider also accepts client_secret_post) with
// the settings a relying party of ontschot's kind needs.
type client struct {
	*storage.Client
	postLogout []string
}

var _ op.Client = (*client)(nil)

// PostLogoutRedirectURIs are the configured ones; the example's client has
// none.
func (c *client) PostLogoutRedirectURIs() []string { return c.postLogout }

// ResponseTypes is the authorization code flow only.
func (c *client) ResponseTypes() []oidc.ResponseType {
	return []oidc.ResponseType{oidc.ResponseTypeCode}
}

// GrantTypes is the authorization code grant only.
func (c *client) GrantTypes() []oidc.GrantType {
	return []oidc.GrantType{oidc.GrantTypeCode}
}

// AccessTokenType is JWT, so that the relying party's API can check the
// access tokens on their signature.
func (c *client) AccessTokenType() op.AccessTokenType { return op.AccessTokenTypeJWT }

// DevMode is off: redirect URIs are matched exactly; a confidential client
// may use http ones without it.
func (c *client) DevMode() bool { return false }

// IsScopeAllowed allows no scopes beyond the standard ones; the groups claim
// comes without asking.
func (c *client) IsScopeAllowed(string) bool { return false }

// IDTokenUserinfoClaimsAssertion puts the profile and email claims in the
// ID token even though an access token is issued too, as most providers
// do, so that the relying party needs no userinfo call.
func (c *client) IDTokenUserinfoClaimsAssertion() bool { return true }

// userStore is the example storage's view of the people.
type userStore struct {
	byID, byName map[string]*storage.User
}

var _ storage.UserStore = userStore{}

func newUserStore(people []Person) userStore {
	u := userStore{byID: map[string]*storage.User{}, byName: map[string]*storage.User{}}
	for _, person := range people {
		user := &storage.User{
			ID:                person.ID,
			Username:          person.Username,
			Password:          person.Password,
			FirstName:         person.Name, // replaced whole by store.addClaims
			Email:             person.Email,
			EmailVerified:     true,
			PreferredLanguage: language.Dutch,
		}
		u.byID[person.ID], u.byName[person.Username] = user, user
	}
	return u
}

// GetUserByID is the person with this subject, or nil.
func (u userStore) GetUserByID(id string) *storage.User { return u.byID[id] }

// GetUserByUsername is the person with this username, or nil.
func (u userStore) GetUserByUsername(name string) *storage.User { return u.byName[name] }

// ExampleClientID names the example's service user, which this provider
// refuses (see store.GetKeyByIDAndClientID); no person can have this ID.
func (u userStore) ExampleClientID() string { return "\x00oidctest-no-service-user" }
