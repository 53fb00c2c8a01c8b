package ledger_test

import (
	"strings"
	"testing"

	"github.com/ontschot/ontschot/ledger"
)

// TestRoleMap: the role map's lines, the first match winning, partners by
// id or name, and every mistake refused naming its line.
func TestRoleMap(t *testing.T) {
	m, err := ledger.ParseRoleMap(strings.NewReader("\ufeff# groups of the provider\n" +
		"ontschot-admin = admin\n" +
		"Team Schuldhulp Noord = teamlead\n\n" +
		"ontschot-caseworker=caseworker\n" +
		"readers-dfr = partner De Friesland\n" +
		"readers-id = partner PRT-2\n"))
	if err != nil {
		t.Fatal(err)
	}
	partners := []ledger.Partner{{ID: "PRT-1", Name: "De Friesland"}, {ID: "PRT-2", Name: "Woonstichting"}}
	if err := m.ResolvePartners(partners); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		groups  []string
		role    ledger.Role
		partner ledger.PartnerID
		ok      bool
	}{
		{[]string{"ontschot-caseworker"}, ledger.RoleCaseworker, "", true},
		{[]string{"medewerkers", "ontschot-caseworker", "Team Schuldhulp Noord"}, ledger.RoleTeamlead, "", true},
		{[]string{"ontschot-caseworker", "ontschot-admin"}, ledger.RoleAdmin, "", true},
		{[]string{"readers-dfr"}, ledger.RolePartner, "PRT-1", true},
		{[]string{"readers-id"}, ledger.RolePartner, "PRT-2", true},
		{[]string{"medewerkers"}, "", "", false},
		{nil, "", "", false},
		{[]string{"ONTSCHOT-ADMIN"}, "", "", false},
	} {
		got, ok := m.Resolve(c.groups)
		if ok != c.ok || got.Role != c.role || got.Partner != c.partner {
			t.Errorf("Resolve(%q) = %+v, %v; want %s %s %v", c.groups, got, ok, c.role, c.partner, c.ok)
		}
	}

	for in, want := range map[string]string{
		"a\nb = caseworker\n":              "line 1 of the role map is \"a\"; write GROUP = ROLE",
		"x = boss\n":                       "line 1 of the role map names the role \"boss\", which does not exist; the roles are caseworker, teamlead",
		"x = partner\n":                    "line 1 of the role map gives the role partner without its partner",
		"x = auditor De Friesland\n":       "line 1 of the role map names a partner after the role auditor",
		"x = admin\n# c\nx = caseworker\n": "line 3 of the role map maps the group \"x\" again (it is on line 1)",
		"# nothing\n\n":                    "the role map maps no group",
		" = admin\n":                       "line 1 of the role map is \"= admin\"",
		"x = partner Ander\n":              "line 1 of the role map names the partner \"Ander\", which is not in the ledger",
		"x = partner Dubbel\n":             "line 1 of the role map names the partner \"Dubbel\", a name two partners share; write the partner's id",
	} {
		m, err := ledger.ParseRoleMap(strings.NewReader(in))
		if err == nil {
			err = m.ResolvePartners(append(partners, ledger.Partner{ID: "PRT-3", Name: "Dubbel"}, ledger.Partner{ID: "PRT-4", Name: "dubbel"}))
		}
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: err = %v; want %q", in, err, want)
		}
	}
}
