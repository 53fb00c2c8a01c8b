package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestCLIRefusesBSNNames: a user or token created at the console is named
// in the journal for good, so a name that holds a BSN is refused there as
// in the API, saying why, and no user is created.
func TestCLIRefusesBSNNames(t *testing.T) {
	db := filepath.Join(t.TempDir(), "ledger.db")
	wantRun(t, 0, "init", "--db", db)
	for _, args := range [][]string{
		{"user", "create", "--db", db, "--name", "111222333", "--role", "caseworker"},
		{"user", "create", "--db", db, "--name", "j.111.222.333", "--role", "caseworker"},
		{"user", "create", "--db", db, "--name", "١١١٢٢٢٣٣٣", "--role", "caseworker"},
		{"token", "create", "--db", db, "--user", "12345672", "--role", "finance"},
		{"token", "create", "--db", db, "--user", "lezer_111-222-333", "--role", "auditor"},
	} {
		code, out, errOut := run(t, args...)
		if code == 0 || !strings.Contains(out+errOut, "looks like a BSN") {
			t.Errorf("ontschot %s: exit %d, %q; want a refusal saying it looks like a BSN", strings.Join(args, " "), code, out+errOut)
		}
	}
	list := wantRun(t, 0, "user", "list", "--db", db)
	for _, name := range []string{"111222333", "j.111.222.333", "١١١٢٢٢٣٣٣", "12345672", "lezer_111-222-333"} {
		if strings.Contains(list, name) {
			t.Errorf("user %s was created: %s", name, list)
		}
	}
}
