package mail_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	netmail "net/mail"
	"strings"
	"testing"
	"time"

	"github.com/ontschot/ontschot/httpapi/mail"
	"github.com/ontschot/ontschot/httpapi/mail/mailtest"
)

// wait bounds a test that would otherwise hang; it asserts no speed.
const wait = 30 * time.Second

func newSender(t *testing.T, cfg mail.Config, opts ...mail.Option) *mail.Sender {
	t.Helper()
	if cfg.From == "" {
		cfg.From = "Ontschot <noreply@gemeente.example>"
	}
	s, err := mail.New(cfg, opts...)
	if err != nil {
		t.Fatalf("New(%+v) = %v", cfg, err)
	}
	return s
}

func message(id string) mail.Message {
	return mail.Message{
		ID:      id,
		To:      "beslisser@gemeente.example",
		Subject: "Een aanvraag wacht op uw besluit",
		Text:    "Er wacht een aanvraag op uw besluit.\n\nBekijk de aanvraag: https://ontschot.example/aanvragen/7\n",
		HTML:    `<p>Er wacht een aanvraag op uw besluit.</p><p><a href="https://ontschot.example/aanvragen/7">Bekijk de aanvraag</a></p>`,
	}
}

// dialTo dials addr whatever address the sender asks for, so a sender
// configured for a non-loopback name reaches the loopback test server and
// applies that name's rules (STARTTLS required, the certificate checked for
// the name).
func dialTo(addr string) mail.Option {
	return mail.WithDialer(func(ctx context.Context, network, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, network, addr)
	})
}

func TestSend(t *testing.T) {
	srv := mailtest.Start(t, mailtest.Options{})
	sent := time.Date(2026, time.April, 7, 9, 30, 0, 0, time.UTC)
	s := newSender(t, mail.Config{URL: "smtp://" + srv.Addr}, mail.WithClock(func() time.Time { return sent }))
	m := message("<notification-123@ontschot>")
	m.Subject = "Uw aanvraag is goedgekeurd: € 250,00"
	if err := s.Send(context.Background(), m); err != nil {
		t.Fatalf("Send = %v", err)
	}
	msgs, err := srv.WaitFor(1, wait)
	if err != nil {
		t.Fatal(err)
	}
	got := msgs[0]
	if got.From != "noreply@gemeente.example" || len(got.To) != 1 || got.To[0] != m.To {
		t.Errorf("envelope = %q -> %q; want noreply@gemeente.example -> %q", got.From, got.To, m.To)
	}
	if id := got.Header.Get("Message-Id"); id != m.ID {
		t.Errorf("Message-ID = %q; want exactly %q", id, m.ID)
	}
	if from := got.Header.Get("From"); !strings.Contains(from, "<noreply@gemeente.example>") {
		t.Errorf("From = %q; want the --mail-from address", from)
	}
	if to := got.Header.Get("To"); !strings.Contains(to, m.To) {
		t.Errorf("To = %q; want %q", to, m.To)
	}
	if got.Subject != m.Subject {
		t.Errorf("Subject = %q; want %q", got.Subject, m.Subject)
	}
	if d, err := got.Header.Date(); err != nil || !d.Equal(sent) {
		t.Errorf("Date = %v, %v; want %v", d, err, sent)
	}
	if ct := got.Header.Get("Content-Type"); !strings.HasPrefix(ct, "multipart/alternative") {
		t.Errorf("Content-Type = %q; want multipart/alternative", ct)
	}
	if got.Header.Get("Auto-Submitted") != "auto-generated" {
		t.Errorf("Auto-Submitted = %q; want auto-generated", got.Header.Get("Auto-Submitted"))
	}
	if strings.TrimSpace(got.Text) != strings.TrimSpace(m.Text) {
		t.Errorf("text part = %q; want %q", got.Text, m.Text)
	}
	if strings.TrimSpace(got.HTML) != strings.TrimSpace(m.HTML) {
		t.Errorf("HTML part = %q; want %q", got.HTML, m.HTML)
	}
	if got.TLS || got.User != "" {
		t.Errorf("TLS = %v, User = %q; want a plain loopback connection without AUTH", got.TLS, got.User)
	}
}

func TestSendAuth(t *testing.T) {
	srv := mailtest.Start(t, mailtest.Options{User: "ontschot@gemeente.example", Password: "geheim"})
	url := "smtp://ontschot%40gemeente.example@" + srv.Addr

	t.Run("OK", func(t *testing.T) {
		// The password as read from a file, with its line break.
		s := newSender(t, mail.Config{URL: url, Password: "geheim\n"})
		if err := s.Send(context.Background(), message("<auth-ok@ontschot>")); err != nil {
			t.Fatalf("Send = %v", err)
		}
		msgs, err := srv.WaitFor(1, wait)
		if err != nil {
			t.Fatal(err)
		}
		if msgs[0].User != "ontschot@gemeente.example" {
			t.Fatalf("authenticated as %q; want ontschot@gemeente.example", msgs[0].User)
		}
	})
	t.Run("WrongPassword", func(t *testing.T) {
		s := newSender(t, mail.Config{URL: url, Password: "fout"})
		err := s.Send(context.Background(), message("<auth-wrong@ontschot>"))
		var se *mail.SendError
		if !errors.As(err, &se) || se.Code != 535 || mail.Temporary(err) {
			t.Fatalf("Send = %v; want a permanent 535", err)
		}
	})
	t.Run("NoAuth", func(t *testing.T) {
		s := newSender(t, mail.Config{URL: "smtp://" + srv.Addr})
		err := s.Send(context.Background(), message("<auth-none@ontschot>"))
		var se *mail.SendError
		if !errors.As(err, &se) || se.Code/100 != 5 || mail.Temporary(err) {
			t.Fatalf("Send = %v; want a permanent 5xx (authenticate first)", err)
		}
	})
	if n := len(srv.Messages()); n != 1 {
		t.Fatalf("%d messages arrived; want only the authenticated one", n)
	}
}

func TestSendRefused(t *testing.T) {
	t.Run("TemporaryThenAccepted", func(t *testing.T) {
		srv := mailtest.Start(t, mailtest.Options{})
		s := newSender(t, mail.Config{URL: "smtp://" + srv.Addr})
		srv.RefuseNext(1, 451)
		m := message("<notification-9@ontschot>")
		err := s.Send(context.Background(), m)
		var se *mail.SendError
		if !errors.As(err, &se) || se.Code != 451 || !mail.Temporary(err) {
			t.Fatalf("Send = %v; want a temporary 451", err)
		}
		if !strings.Contains(err.Error(), "temporary") || !strings.Contains(err.Error(), m.ID) {
			t.Errorf("error %q should say it is temporary and name %s", err, m.ID)
		}
		if n := len(srv.Messages()); n != 0 {
			t.Fatalf("%d messages kept after a refusal; want 0", n)
		}
		if err := s.Send(context.Background(), m); err != nil {
			t.Fatalf("second Send = %v; want it accepted", err)
		}
		msgs, err := srv.WaitFor(1, wait)
		if err != nil {
			t.Fatal(err)
		}
		if len(msgs) != 1 || msgs[0].Header.Get("Message-Id") != m.ID {
			t.Fatalf("messages = %d, first %q; want one, %s", len(msgs), msgs[0].Header.Get("Message-Id"), m.ID)
		}
	})
	t.Run("Permanent", func(t *testing.T) {
		srv := mailtest.Start(t, mailtest.Options{})
		s := newSender(t, mail.Config{URL: "smtp://" + srv.Addr})
		srv.RefuseNext(1, 550)
		err := s.Send(context.Background(), message("<notification-10@ontschot>"))
		var se *mail.SendError
		if !errors.As(err, &se) || se.Code != 550 || mail.Temporary(err) {
			t.Fatalf("Send = %v; want a permanent 550", err)
		}
		if !strings.Contains(err.Error(), "permanent") {
			t.Errorf("error %q should say it is permanent", err)
		}
	})
	t.Run("NoServer", func(t *testing.T) {
		// A port nobody listens on: a connection error, temporary.
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := l.Addr().String()
		l.Close()
		s := newSender(t, mail.Config{URL: "smtp://" + addr, Timeout: wait})
		err = s.Send(context.Background(), message("<notification-11@ontschot>"))
		if err == nil || !mail.Temporary(err) {
			t.Fatalf("Send = %v; want a temporary connection error", err)
		}
	})
}

func TestSendTLS(t *testing.T) {
	const name = "smtp.gemeente.example"
	serverTLS, roots := mailtest.SelfSigned(t, name, "127.0.0.1")
	trust := mail.WithTLSConfig(&tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS12})

	t.Run("NonLoopbackWithoutSTARTTLS", func(t *testing.T) {
		srv := mailtest.Start(t, mailtest.Options{})
		s := newSender(t, mail.Config{URL: "smtp://" + name + ":587"}, dialTo(srv.Addr), trust)
		err := s.Send(context.Background(), message("<plain@ontschot>"))
		if err == nil || !strings.Contains(err.Error(), "STARTTLS") {
			t.Fatalf("Send = %v; want a refusal for the missing STARTTLS", err)
		}
		if n := len(srv.Messages()); n != 0 {
			t.Fatalf("%d messages sent in the clear to a non-loopback host; want 0", n)
		}
	})
	t.Run("NonLoopbackWithSTARTTLS", func(t *testing.T) {
		srv := mailtest.Start(t, mailtest.Options{TLS: serverTLS, User: "ontschot", Password: "geheim"})
		s := newSender(t, mail.Config{URL: "smtp://ontschot@" + name + ":587", Password: "geheim"}, dialTo(srv.Addr), trust)
		if err := s.Send(context.Background(), message("<tls@ontschot>")); err != nil {
			t.Fatalf("Send = %v", err)
		}
		msgs, err := srv.WaitFor(1, wait)
		if err != nil {
			t.Fatal(err)
		}
		if !msgs[0].TLS || msgs[0].User != "ontschot" {
			t.Fatalf("TLS = %v, User = %q; want the message and AUTH after STARTTLS", msgs[0].TLS, msgs[0].User)
		}
	})
	t.Run("UntrustedCertificate", func(t *testing.T) {
		srv := mailtest.Start(t, mailtest.Options{TLS: serverTLS})
		other := x509.NewCertPool() // trusts nothing
		s := newSender(t, mail.Config{URL: "smtp://" + name + ":587"}, dialTo(srv.Addr),
			mail.WithTLSConfig(&tls.Config{RootCAs: other, MinVersion: tls.VersionTLS12}))
		if err := s.Send(context.Background(), message("<untrusted@ontschot>")); err == nil {
			t.Fatal("Send = nil; want the handshake to fail on a certificate nobody trusts")
		}
		if n := len(srv.Messages()); n != 0 {
			t.Fatalf("%d messages sent; want 0", n)
		}
	})
	t.Run("LoopbackUsesSTARTTLSWhenOffered", func(t *testing.T) {
		srv := mailtest.Start(t, mailtest.Options{TLS: serverTLS})
		s := newSender(t, mail.Config{URL: "smtp://" + srv.Addr}, trust)
		if err := s.Send(context.Background(), message("<loopback-tls@ontschot>")); err != nil {
			t.Fatalf("Send = %v", err)
		}
		if msgs, err := srv.WaitFor(1, wait); err != nil || !msgs[0].TLS {
			t.Fatalf("WaitFor = %v; want the message over TLS", err)
		}
	})
	t.Run("LoopbackRequireTLS", func(t *testing.T) {
		srv := mailtest.Start(t, mailtest.Options{})
		s := newSender(t, mail.Config{URL: "smtp://" + srv.Addr}, trust, mail.WithRequireTLS())
		if err := s.Send(context.Background(), message("<require@ontschot>")); err == nil {
			t.Fatal("Send = nil; want a refusal: STARTTLS required and not offered")
		}
		if n := len(srv.Messages()); n != 0 {
			t.Fatalf("%d messages sent in the clear; want 0", n)
		}
	})
	t.Run("ImplicitTLS", func(t *testing.T) {
		srv := mailtest.Start(t, mailtest.Options{TLS: serverTLS, ImplicitTLS: true})
		s := newSender(t, mail.Config{URL: "smtps://" + srv.Addr}, trust)
		if err := s.Send(context.Background(), message("<smtps@ontschot>")); err != nil {
			t.Fatalf("Send = %v", err)
		}
		if msgs, err := srv.WaitFor(1, wait); err != nil || !msgs[0].TLS {
			t.Fatalf("WaitFor = %v; want the message over TLS", err)
		}
	})
	t.Run("ImplicitTLSNonLoopback", func(t *testing.T) {
		srv := mailtest.Start(t, mailtest.Options{TLS: serverTLS, ImplicitTLS: true})
		s := newSender(t, mail.Config{URL: "smtps://" + name}, dialTo(srv.Addr), trust)
		if err := s.Send(context.Background(), message("<smtps-name@ontschot>")); err != nil {
			t.Fatalf("Send = %v", err)
		}
		if msgs, err := srv.WaitFor(1, wait); err != nil || !msgs[0].TLS {
			t.Fatalf("WaitFor = %v; want the message over TLS", err)
		}
	})
}

func TestSendBadMessage(t *testing.T) {
	srv := mailtest.Start(t, mailtest.Options{})
	s := newSender(t, mail.Config{URL: "smtp://" + srv.Addr})
	tests := []struct {
		name string
		edit func(*mail.Message)
	}{
		{"IDWithoutBrackets", func(m *mail.Message) { m.ID = "notification-1@ontschot" }},
		{"IDWithoutAt", func(m *mail.Message) { m.ID = "<notification-1>" }},
		{"IDWithLineBreak", func(m *mail.Message) { m.ID = "<a@b>\r\nBcc: x@y>" }},
		{"NoRecipient", func(m *mail.Message) { m.To = "" }},
		{"SubjectTwoLines", func(m *mail.Message) { m.Subject = "a\r\nBcc: x@y" }},
		{"NoText", func(m *mail.Message) { m.Text = " " }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := message("<bad@ontschot>")
			tt.edit(&m)
			err := s.Send(context.Background(), m)
			if err == nil || mail.Temporary(err) {
				t.Fatalf("Send = %v; want a permanent error for the caller", err)
			}
		})
	}
	if n := len(srv.Messages()); n != 0 {
		t.Fatalf("%d messages sent; want 0", n)
	}
}

func TestNew(t *testing.T) {
	tests := []struct {
		name  string
		cfg   mail.Config
		flag  string
		hint  string // a part of the message that says how to fix it
		never string // a secret the message must not repeat
	}{
		{"NoURL", mail.Config{From: "a@b.nl"}, "--smtp-url", "smtp://user@host:587", ""},
		{"HTTP", mail.Config{URL: "https://mail.gemeente.nl", From: "a@b.nl"}, "--smtp-url", "smtps://user@host:465", ""},
		{"NoHost", mail.Config{URL: "smtp://", From: "a@b.nl"}, "--smtp-url", "names no host", ""},
		{"NoScheme", mail.Config{URL: "mail.gemeente.nl:587", From: "a@b.nl"}, "--smtp-url", "smtp://", ""},
		{"BadPort", mail.Config{URL: "smtp://mail.gemeente.nl:99999", From: "a@b.nl"}, "--smtp-url", "1 to 65535", ""},
		{"Path", mail.Config{URL: "smtp://mail.gemeente.nl/inbox", From: "a@b.nl"}, "--smtp-url", "remove it", ""},
		{"PasswordInURL", mail.Config{URL: "smtp://u:Zeer-Geheim@mail.gemeente.nl", From: "a@b.nl"}, "--smtp-url", "--smtp-password-file", "Zeer-Geheim"},
		{"BadURLWithPassword", mail.Config{URL: "smtp://u:Zeer-Geheim@mail.gemeente.nl:x y", From: "a@b.nl"}, "--smtp-url", "smtp://", "Zeer-Geheim"},
		{"NoFrom", mail.Config{URL: "smtp://mail.gemeente.nl"}, "--mail-from", "noreply@gemeente.nl", ""},
		{"BadFrom", mail.Config{URL: "smtp://mail.gemeente.nl", From: "noreply"}, "--mail-from", "noreply@gemeente.nl", ""},
		{"UserWithoutPassword", mail.Config{URL: "smtp://u@mail.gemeente.nl", From: "a@b.nl"}, "--smtp-password-file", "--smtp-password-file", ""},
		{"PasswordWithoutUser", mail.Config{URL: "smtp://mail.gemeente.nl", Password: "Zeer-Geheim", From: "a@b.nl"}, "--smtp-url", "smtp://user@host:587", "Zeer-Geheim"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := mail.New(tt.cfg)
			var ce *mail.ConfigError
			if !errors.As(err, &ce) || ce.Flag != tt.flag {
				t.Fatalf("New = %v; want a ConfigError for %s", err, tt.flag)
			}
			if !strings.HasPrefix(err.Error(), tt.flag+": ") || !strings.Contains(err.Error(), tt.hint) {
				t.Errorf("New = %q; want it to name %s and say %q", err, tt.flag, tt.hint)
			}
			if tt.never != "" && strings.Contains(err.Error(), tt.never) {
				t.Errorf("New = %q repeats the password", err)
			}
		})
	}
}

func TestParseURL(t *testing.T) {
	tests := []struct {
		url  string
		want mail.Endpoint
		loop bool
	}{
		{"smtp://mail.gemeente.nl", mail.Endpoint{Host: "mail.gemeente.nl", Port: 587}, false},
		{"smtp://noreply%40gemeente.nl@mail.gemeente.nl:2525", mail.Endpoint{Host: "mail.gemeente.nl", Port: 2525, User: "noreply@gemeente.nl"}, false},
		{"smtps://u@mail.gemeente.nl", mail.Endpoint{Host: "mail.gemeente.nl", Port: 465, User: "u", ImplicitTLS: true}, false},
		{"SMTP://localhost:25", mail.Endpoint{Host: "localhost", Port: 25}, true},
		{"smtp://127.0.0.53:25", mail.Endpoint{Host: "127.0.0.53", Port: 25}, true},
		{"smtp://[::1]:25/", mail.Endpoint{Host: "::1", Port: 25}, true},
		{"smtp://localhost.example:25", mail.Endpoint{Host: "localhost.example", Port: 25}, false},
		{"smtp://10.0.0.1:25", mail.Endpoint{Host: "10.0.0.1", Port: 25}, false},
	}
	for _, tt := range tests {
		got, err := mail.ParseURL(tt.url)
		if err != nil || got != tt.want || got.Loopback() != tt.loop {
			t.Errorf("ParseURL(%q) = %+v (loopback %v), %v; want %+v (loopback %v)", tt.url, got, got.Loopback(), err, tt.want, tt.loop)
		}
	}
}

// The Message-ID survives the trip as the caller wrote it, so a retry is
// recognisable: the same ID twice is two deliveries of one notification.
func TestSendSameIDTwice(t *testing.T) {
	srv := mailtest.Start(t, mailtest.Options{})
	s := newSender(t, mail.Config{URL: "smtp://" + srv.Addr})
	m := message("<notification-77@ontschot>")
	for range 2 {
		if err := s.Send(context.Background(), m); err != nil {
			t.Fatal(err)
		}
	}
	msgs, err := srv.WaitFor(2, wait)
	if err != nil {
		t.Fatal(err)
	}
	for _, got := range msgs {
		id, err := netmail.ParseAddress(strings.Trim(got.Header.Get("Message-Id"), "<>"))
		if err != nil || "<"+id.Address+">" != m.ID {
			t.Errorf("Message-ID = %q; want %q", got.Header.Get("Message-Id"), m.ID)
		}
	}
}

// One Sender serves several goroutines (the outbox's workers): each Send has
// its own connection. Run with -race.
func TestSendConcurrent(t *testing.T) {
	srv := mailtest.Start(t, mailtest.Options{})
	s := newSender(t, mail.Config{URL: "smtp://" + srv.Addr})
	errs := make(chan error, 4)
	for i := range 4 {
		go func() {
			errs <- s.Send(context.Background(), message("<concurrent-"+string(rune('a'+i))+"@ontschot>"))
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if _, err := srv.WaitFor(4, wait); err != nil {
		t.Fatal(err)
	}
}
