// Package mailtest runs a real SMTP server on loopback for tests, built on
// github.com/emersion/go-smtp, so the sender is tested over the wire (EHLO,
// STARTTLS, AUTH PLAIN, MAIL, RCPT, DATA) instead of against a mock. It keeps
// every message it accepts, parsed into headers and text and HTML bodies, and
// can be told to refuse messages with a 4xx or 5xx reply or to require AUTH
// and STARTTLS.
//
// It is meant for tests only: it listens on 127.0.0.1 on a free port, keeps
// messages in memory and stops when the test ends.
package mailtest

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log"
	"math/big"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Options say what the server asks of its clients. The zero Options accept
// every message on a plain connection without AUTH.
type Options struct {
	// User and Password, when User is set, make AUTH PLAIN required before
	// MAIL FROM (530 otherwise) and the only credentials accepted (535).
	User, Password string
	// TLS, when set, makes the server offer STARTTLS with this
	// configuration (see SelfSigned); AUTH is then offered only after the
	// handshake, as a real submission server does.
	TLS *tls.Config
	// ImplicitTLS, with TLS, makes the server speak TLS from the first
	// byte (as on port 465, for smtps:// URLs) instead of offering
	// STARTTLS.
	ImplicitTLS bool
}

// Message is one message the server accepted.
type Message struct {
	From string   // the envelope sender (MAIL FROM)
	To   []string // the envelope recipients (RCPT TO), in order
	Data []byte   // the message as sent in DATA, headers and body

	Header  mail.Header // the parsed headers; Subject is decoded in Subject
	Subject string      // the Subject header, RFC 2047 words decoded
	Text    string      // the text/plain body, transfer encoding undone, lines ending in "\n"
	HTML    string      // the text/html body, transfer encoding undone, lines ending in "\n"

	User string // the user who authenticated, or ""
	TLS  bool   // whether the message came over a TLS connection
}

// Server is a running test SMTP server. Its methods are safe for concurrent
// use.
type Server struct {
	// Addr is the server's address, "127.0.0.1:port".
	Addr string

	opts Options
	smtp *smtp.Server

	mu       sync.Mutex
	messages []Message
	arrived  chan struct{} // closed and replaced when a message arrives
	refuse   []int         // the reply codes for the next messages to refuse
}

// Start starts a server on 127.0.0.1 on a free port and stops it when the
// test ends.
func Start(tb testing.TB, opts Options) *Server {
	tb.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatalf("mailtest: listen: %v", err)
	}
	if opts.ImplicitTLS {
		if opts.TLS == nil {
			tb.Fatalf("mailtest: ImplicitTLS needs a TLS configuration")
		}
		l = tls.NewListener(l, opts.TLS)
	}
	s := &Server{Addr: l.Addr().String(), opts: opts, arrived: make(chan struct{})}
	srv := smtp.NewServer(smtp.BackendFunc(s.newSession))
	srv.Domain = "mailtest.localhost"
	if !opts.ImplicitTLS {
		srv.TLSConfig = opts.TLS // offered by STARTTLS
	}
	// Without TLS on offer AUTH goes over the plain loopback connection;
	// with it, only after STARTTLS.
	srv.AllowInsecureAuth = opts.TLS == nil
	srv.ReadTimeout = time.Minute
	srv.WriteTimeout = time.Minute
	srv.MaxMessageBytes = 10 << 20
	srv.ErrorLog = log.New(io.Discard, "", 0) // a client hanging up is no test failure
	s.smtp = srv
	go func() { _ = srv.Serve(l) }()
	tb.Cleanup(func() { _ = srv.Close() })
	return s
}

// RefuseNext makes the server refuse the next n messages at the end of DATA
// with the reply code (421–454 temporary, 550–554 permanent), after reading
// them; the messages after those are accepted again.
func (s *Server) RefuseNext(n, code int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.refuse = append(s.refuse, code)
	}
}

// Messages returns a copy of the messages accepted so far, in the order they
// arrived.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Message, len(s.messages))
	for i, m := range s.messages {
		out[i] = m.clone()
	}
	return out
}

// WaitFor waits until at least n messages have been accepted and returns a
// copy of them, or returns an error saying how many arrived when timeout
// passes first. The timeout only bounds a test that would hang; it asserts
// nothing about speed.
func (s *Server) WaitFor(n int, timeout time.Duration) ([]Message, error) {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		got, arrived := len(s.messages), s.arrived
		s.mu.Unlock()
		if got >= n {
			return s.Messages(), nil
		}
		select {
		case <-arrived:
		case <-deadline.C:
			return s.Messages(), fmt.Errorf("mailtest: %d of %d messages arrived within %s", got, n, timeout)
		}
	}
}

func (m Message) clone() Message {
	c := m
	c.To = append([]string(nil), m.To...)
	c.Data = bytes.Clone(m.Data)
	c.Header = make(mail.Header, len(m.Header))
	for k, v := range m.Header {
		c.Header[k] = append([]string(nil), v...)
	}
	return c
}

// accept stores m, or refuses it when RefuseNext asked for that.
func (s *Server) accept(m Message) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.refuse) > 0 {
		code := s.refuse[0]
		s.refuse = s.refuse[1:]
		class := code / 100
		return &smtp.SMTPError{
			Code:         code,
			EnhancedCode: smtp.EnhancedCode{class, 0, 0},
			Message:      "refused by mailtest.RefuseNext",
		}
	}
	s.messages = append(s.messages, m)
	close(s.arrived)
	s.arrived = make(chan struct{})
	return nil
}

func (s *Server) newSession(c *smtp.Conn) (smtp.Session, error) {
	return &session{server: s, conn: c}, nil
}

// session is one SMTP connection's state.
type session struct {
	server *Server
	conn   *smtp.Conn
	user   string // set after a successful AUTH
	from   string
	to     []string
}

func (se *session) AuthMechanisms() []string {
	if se.server.opts.User == "" {
		return nil
	}
	return []string{sasl.Plain}
}

func (se *session) Auth(mech string) (sasl.Server, error) {
	if mech != sasl.Plain || se.server.opts.User == "" {
		return nil, smtp.ErrAuthUnknownMechanism
	}
	return sasl.NewPlainServer(func(identity, user, password string) error {
		if user != se.server.opts.User || password != se.server.opts.Password ||
			(identity != "" && identity != user) {
			return smtp.ErrAuthFailed
		}
		se.user = user
		return nil
	}), nil
}

func (se *session) Mail(from string, _ *smtp.MailOptions) error {
	if se.server.opts.User != "" && se.user == "" {
		return smtp.ErrAuthRequired
	}
	se.from, se.to = from, nil
	return nil
}

func (se *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	se.to = append(se.to, to)
	return nil
}

func (se *session) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	m, err := Parse(data)
	if err != nil {
		return &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 6, 0}, Message: err.Error()}
	}
	m.From, m.To, m.User = se.from, append([]string(nil), se.to...), se.user
	_, m.TLS = se.conn.TLSConnectionState()
	return se.server.accept(m)
}

func (se *session) Reset()        { se.from, se.to = "", nil }
func (se *session) Logout() error { return nil }

// Parse reads a message as sent in DATA: its headers (net/mail), the decoded
// Subject, and the first text/plain and text/html parts, in a single part or
// nested in multipart/alternative or multipart/mixed (mime/multipart), with
// quoted-printable or base64 undone. Errors: a message that net/mail or
// mime/multipart cannot read.
func Parse(data []byte) (Message, error) {
	msg, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		return Message{}, fmt.Errorf("mailtest: read message: %w", err)
	}
	m := Message{Data: bytes.Clone(data), Header: msg.Header}
	dec := new(mime.WordDecoder)
	if m.Subject, err = dec.DecodeHeader(msg.Header.Get("Subject")); err != nil {
		return Message{}, fmt.Errorf("mailtest: subject: %w", err)
	}
	err = m.readPart(msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"), msg.Body)
	return m, err
}

// readPart reads one MIME entity into m.Text or m.HTML, descending into
// multipart entities.
func (m *Message) readPart(contentType, encoding string, body io.Reader) error {
	if contentType == "" {
		contentType = "text/plain"
	}
	mediaType, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return fmt.Errorf("mailtest: content type %q: %w", contentType, err)
	}
	if strings.HasPrefix(mediaType, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextRawPart()
			if errors.Is(err, io.EOF) {
				return nil
			}
			if err != nil {
				return fmt.Errorf("mailtest: %s: %w", mediaType, err)
			}
			if err := m.readPart(p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), p); err != nil {
				return err
			}
		}
	}
	switch strings.ToLower(strings.TrimSpace(encoding)) {
	case "quoted-printable":
		body = quotedprintable.NewReader(body)
	case "base64":
		body = base64.NewDecoder(base64.StdEncoding, &lineJoiner{r: body})
	}
	b, err := io.ReadAll(body)
	if err != nil {
		return fmt.Errorf("mailtest: %s body: %w", mediaType, err)
	}
	// SMTP ends lines in CRLF; tests compare with Go strings.
	b = bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
	switch {
	case mediaType == "text/plain" && m.Text == "":
		m.Text = string(b)
	case mediaType == "text/html" && m.HTML == "":
		m.HTML = string(b)
	}
	return nil
}

// lineJoiner drops CR and LF from base64 text, which breaks its lines at
// 76 characters (RFC 2045) where encoding/base64 expects none.
type lineJoiner struct{ r io.Reader }

func (j *lineJoiner) Read(p []byte) (int, error) {
	for {
		n, err := j.r.Read(p)
		k := 0
		for _, c := range p[:n] {
			if c != '\r' && c != '\n' {
				p[k] = c
				k++
			}
		}
		if k > 0 || err != nil {
			return k, err
		}
	}
}

// SelfSigned makes a self-signed certificate for hosts (names or IP
// addresses), valid for an hour, and returns the server's TLS configuration
// (for Options.TLS) and a pool holding the certificate, for the client's
// RootCAs. It fails the test when the key or certificate cannot be made.
func SelfSigned(tb testing.TB, hosts ...string) (*tls.Config, *x509.CertPool) {
	tb.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		tb.Fatalf("mailtest: key: %v", err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "mailtest"},
		NotBefore:             time.Now().Add(-time.Minute),
		NotAfter:              time.Now().Add(time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	for _, h := range hosts {
		if ip := net.ParseIP(h); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		} else {
			tmpl.DNSNames = append(tmpl.DNSNames, h)
		}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		tb.Fatalf("mailtest: certificate: %v", err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		tb.Fatalf("mailtest: certificate: %v", err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return &tls.Config{
		Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key, Leaf: cert}},
		MinVersion:   tls.VersionTLS12,
	}, pool
}
