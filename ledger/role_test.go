package ledger

import (
	"testing"
	"time"
)

func TestSeesCase(t *testing.T) {
	for _, tc := range []struct {
		actor Actor
		want  bool
	}{
		{Actor{User: "carla", Role: RoleCaseworker}, true},
		{Actor{User: "kees", Role: RoleCaseworker}, false},
		{Actor{User: "tom", Role: RoleTeamlead}, true},
		{Actor{User: "mia", Role: RoleManager}, true},
		{Actor{User: "wim", Role: RoleAlderman}, true},
		{Actor{User: "fien", Role: RoleFinance}, true},
		{Actor{User: "anna", Role: RoleAuditor}, true},
		{Actor{User: "beheer", Role: RoleAdmin}, false},
		{Actor{User: "lezer", Role: RolePartner, Partner: "PRT-1"}, false},
	} {
		if got := tc.actor.SeesCase("carla"); got != tc.want {
			t.Errorf("%s (%s) sees carla's case: %v; want %v", tc.actor.User, tc.actor.Role, got, tc.want)
		}
	}
}

func TestCovered(t *testing.T) {
	q := Quarter(2026, 1)
	closedAs := func(labels ...string) []ClosedPeriod {
		var out []ClosedPeriod
		for _, l := range labels {
			p, err := ParsePeriod(l)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, ClosedPeriod{Period: p, ClosedAt: time.Now()})
		}
		return out
	}
	for _, tc := range []struct {
		closed []string
		want   bool
	}{
		{nil, false},
		{[]string{"2026-Q1"}, true},
		{[]string{"2026-01", "2026-02", "2026-03"}, true},
		{[]string{"2026-01", "2026-03"}, false},
		{[]string{"2025-Q4", "2026-01", "2026-02"}, false},
	} {
		if got := Covered(q, closedAs(tc.closed...)); got != tc.want {
			t.Errorf("2026-Q1 covered by %v: %v; want %v", tc.closed, got, tc.want)
		}
	}
}
