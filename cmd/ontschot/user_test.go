package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/storage"
)

// signIn tries a password against the file.
func signIn(t *testing.T, db, user, password string) error {
	t.Helper()
	s, err := storage.Open(db, storage.Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	_, err = s.SignIn(context.Background(), user, password)
	return err
}

func TestUserCreate(t *testing.T) {
	db := filepath.Join(t.TempDir(), "ledger.db")
	wantRun(t, 0, "init", "--db", db)

	out := wantRun(t, 0, "user", "create", "--db", db, "--name", "anouk.bakker", "--role", "caseworker")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	generated := lines[len(lines)-1]
	if !strings.Contains(out, "argon2id") || len(generated) < ledger.MinPasswordLength {
		t.Fatalf("user create: %s", out)
	}
	if err := signIn(t, db, "anouk.bakker", generated); err != nil {
		t.Fatalf("sign in with the generated password: %v", err)
	}

	// A password from standard input, for scripts.
	var stdout, stderr bytes.Buffer
	m := NewMain()
	m.Stdin = strings.NewReader("een-lang-wachtwoord\n")
	m.Stdout, m.Stderr, m.Now = &stdout, &stderr, func() time.Time { return now }
	if code := m.Run(context.Background(), []string{"user", "create", "--db", db, "--name", "hanna.jansen", "--role", "finance", "--password-stdin"}); code != 0 {
		t.Fatalf("exit %d: %s %s", code, stdout.String(), stderr.String())
	}
	m.Close()
	if strings.Contains(stdout.String(), "een-lang-wachtwoord") {
		t.Error("the password given was printed")
	}
	if err := signIn(t, db, "hanna.jansen", "een-lang-wachtwoord"); err != nil {
		t.Fatalf("sign in with the password given: %v", err)
	}

	list := wantRun(t, 0, "user", "list", "--db", db)
	if !strings.Contains(list, "anouk.bakker") || !strings.Contains(list, "finance") {
		t.Errorf("user list: %s", list)
	}

	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"user", "create", "--db", db, "--role", "caseworker"}, "--name and --role are required"},
		{[]string{"user", "create", "--db", db, "--name", "x y", "--role", "caseworker"}, "name"},
		{[]string{"user", "create", "--db", db, "--name", "piet", "--role", "koning"}, "role"},
		{[]string{"user", "create", "--db", db, "--name", "lezer", "--role", "partner"}, "partner"},
		{[]string{"user", "create", "--db", db, "--name", "anouk.bakker", "--role", "finance"}, "exists with the role caseworker"},
		{[]string{"user", "remove", "--db", db}, "use create, mail or list"},
	} {
		code, out, errOut := run(t, tc.args...)
		if code == 0 || !strings.Contains(out+errOut, tc.want) {
			t.Errorf("ontschot %s: exit %d, %q; want an error saying %q", strings.Join(tc.args, " "), code, out+errOut, tc.want)
		}
	}
}

func TestDemoAccounts(t *testing.T) {
	db := demoFile(t)
	for _, user := range []string{"anouk.bakker", "esther.dijkstra", "hanna.jansen", "lezer.defriesland"} {
		if err := signIn(t, db, user, DemoPassword); err != nil {
			t.Errorf("demo account %s: %v", user, err)
		}
	}
}

// TestUserCreateEmail: an account made with an address has its
// notifications mailed there; a bad address or mode is refused before the
// account is made.
func TestUserCreateEmail(t *testing.T) {
	db := filepath.Join(t.TempDir(), "ledger.db")
	wantRun(t, 0, "init", "--db", db)
	out := wantRun(t, 0, "user", "create", "--db", db, "--name", "tom.teamleider", "--role", "teamlead", "--email", "tom@gemeente.example")
	if !strings.Contains(out, "mailed to tom@gemeente.example (immediate)") {
		t.Errorf("user create --email says %q", out)
	}
	for _, args := range [][]string{{"--email", "Tom <tom@gemeente.example>"}, {"--email", "tom@gemeente.example", "--mail-mode", "weekly"}} {
		out := wantRun(t, 1, append([]string{"user", "create", "--db", db, "--name", "tara.teamleider", "--role", "teamlead"}, args...)...)
		if !strings.Contains(out, "email") && !strings.Contains(out, "mail mode") {
			t.Errorf("a bad mail setting is refused with %q", out)
		}
	}
	if list := wantRun(t, 0, "user", "list", "--db", db); strings.Contains(list, "tara.teamleider") {
		t.Error("a refused account was made")
	}
}

// TestUserMail: user mail sets where a user's notifications go without
// touching the password; --mail-mode needs --email at create.
func TestUserMail(t *testing.T) {
	db := filepath.Join(t.TempDir(), "ledger.db")
	wantRun(t, 0, "init", "--db", db)
	wantRun(t, 0, "user", "create", "--db", db, "--name", "greet.hoekstra", "--role", "manager")
	if out := wantRun(t, 0, "user", "mail", "--db", db, "--name", "greet.hoekstra", "--email", "greet@gemeente.example", "--mail-mode", "digest"); !strings.Contains(out, "mailed to greet@gemeente.example (digest)") {
		t.Errorf("user mail says %q", out)
	}
	if out := wantRun(t, 0, "user", "mail", "--db", db, "--name", "greet.hoekstra", "--email", "none"); !strings.Contains(out, "mailed to nobody") {
		t.Errorf("user mail --email none says %q", out)
	}
	wantRun(t, 2, "user", "mail", "--db", db, "--name", "greet.hoekstra")
	wantRun(t, 1, "user", "mail", "--db", db, "--name", "niemand", "--email", "x@gemeente.example")
	wantRun(t, 2, "user", "create", "--db", db, "--name", "tara.teamleider", "--role", "teamlead", "--mail-mode", "digest")
}
