package main

import (
	"strings"
	"testing"
	"time"

	"github.com/ontschot/ontschot/httpapi/mail/mailtest"
)

// TestServeMailsNotifications: serve with a mail server mails the demo's
// notifications (the reminders and evaluation notices its sweep wrote) to
// the people who have an address, in Dutch, with links to the public
// address, and without the payees or case references of the demo.
func TestServeMailsNotifications(t *testing.T) {
	db := demoFile(t)
	smtp := mailtest.Start(t, mailtest.Options{})
	out := wantRun(t, 0, "user", "list", "--db", db)
	for _, line := range strings.Split(out, "\n")[1:] {
		f := strings.Fields(line)
		if len(f) < 2 || f[1] == "partner" {
			continue
		}
		wantRun(t, 0, "user", "mail", "--db", db, "--name", f[0], "--email", strings.ReplaceAll(f[0], "@", ".")+"@gemeente.example")
	}
	s := startServer(t, db, "--smtp-url", "smtp://"+smtp.Addr, "--mail-from", "ontschot@gemeente.example", "--public-url", "https://ontschot.gemeente.example/maatwerk")
	if !strings.Contains(s.stdout.String(), "mail:     notifications by e-mail through smtp://"+smtp.Addr) {
		t.Fatalf("serve does not say mail is on:\n%s", s.stdout.String())
	}
	got, err := smtp.WaitFor(1, 30*time.Second)
	if err != nil {
		t.Fatalf("no mail arrived: %v", err)
	}
	m := got[0]
	if !strings.Contains(m.Text, "https://ontschot.gemeente.example/maatwerk/") || !strings.HasSuffix(m.To[0], "@gemeente.example") {
		t.Errorf("the mail:\n%s\n%s", m.To, m.Text)
	}
	for _, secret := range []string{"NL91", "IBAN", "WIJK-"} {
		if strings.Contains(string(m.Data), secret) {
			t.Errorf("the mail holds %q", secret)
		}
	}
	s.shutdown(t)
}
