package web_test

import (
	"net/http"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/httpapi/web"
	"github.com/ontschot/ontschot/ledger"
)

// TestPageRoles signs in with every role and tries every page: a role the
// permission table leaves out is refused before anything happens, a role it
// lets in gets past the check.
func TestPageRoles(t *testing.T) {
	users := map[ledger.Role]string{ledger.RoleCaseworker: caseworker, ledger.RoleTeamlead: teamlead, ledger.RoleManager: manager,
		ledger.RoleFinance: finance, ledger.RolePartner: partner, ledger.RoleAuditor: auditor, ledger.RoleAdmin: admin}
	var names []string
	for _, u := range users {
		names = append(names, u)
	}
	e := newEnv(t, names...)
	vars := regexp.MustCompile(`\{[a-z]+\}`)
	for role, user := range users {
		b := e.browser(t)
		b.signIn(user)
		for _, rt := range web.Routes() {
			if rt.Roles == nil || rt.Path == "/uitloggen" {
				continue
			}
			path := vars.ReplaceAllString(rt.Path, "X")
			var p page
			if rt.Method == http.MethodGet {
				p = b.get(path)
			} else {
				p = b.post(path, url.Values{})
			}
			refused := p.Status == http.StatusForbidden && strings.Contains(p.Body, "Geen toegang")
			if want := !slices.Contains(rt.Roles, role); refused != want {
				t.Errorf("%s %s as %s: %d (refused %v); the table says refused %v", rt.Method, rt.Path, role, p.Status, refused, want)
			}
		}
	}
}

// TestREADMEListsPages keeps the README's table of pages complete.
func TestREADMEListsPages(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, rt := range web.Routes() {
		if rt.Method != http.MethodGet || strings.HasPrefix(rt.Path, "/aanvragen/vergelijkbaar") {
			continue
		}
		if !strings.Contains(string(readme), "`"+rt.Path+"`") {
			t.Errorf("README.md does not list the page %s", rt.Path)
		}
	}
}
