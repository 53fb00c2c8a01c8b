// Package mail sends the service's notification e-mails over SMTP with
// github.com/wneessen/go-mail (the library issue 16 chose: it speaks
// STARTTLS, implicit TLS and AUTH, builds multipart/alternative messages with
// quoted-printable UTF-8 and reports 4xx and 5xx replies apart).
//
// A Sender delivers one message per call and says whether a failure may pass
// (Temporary): the caller, the outbox's sender loop, retries those with
// backoff and gives up on the others. The Message-ID is the caller's, stable
// per notification, so a message delivered twice after a crash between the
// server's "250" and the outbox's bookkeeping is recognisable as the same.
//
// Texts (text.go) carry no personal data: see Render.
package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	netmail "net/mail"
	"net/textproto"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"

	"github.com/ontschot/ontschot/ledger"
)

// DefaultTimeout bounds each attempt's connection and each SMTP command when
// Config.Timeout is zero.
const DefaultTimeout = 30 * time.Second

// Default ports: submission with STARTTLS (RFC 6409) for smtp://, and
// submission over implicit TLS (RFC 8314) for smtps://.
const (
	DefaultPort    = 587
	DefaultTLSPort = 465
)

// Config is how the service reaches its mail server, as given on the command
// line.
type Config struct {
	// URL is --smtp-url: smtp://user@host:587 (STARTTLS, required unless the
	// host is loopback) or smtps://user@host:465 (TLS from the first byte).
	// The user is optional (no AUTH without one) and may be percent-encoded
	// ("noreply%40gemeente.nl"); a password in the URL is refused.
	URL string
	// Password is the content of the file named by --smtp-password-file;
	// one trailing line break is removed.
	Password string
	// From is --mail-from, the sender of every message: an address, with a
	// display name or without ("Ontschot <noreply@gemeente.nl>").
	From string
	// Timeout bounds the connection and each SMTP command of one attempt;
	// zero means DefaultTimeout.
	Timeout time.Duration
}

// Endpoint is a parsed --smtp-url.
type Endpoint struct {
	Host        string // a name or an IP address, without brackets
	Port        int    // 1–65535
	User        string // the AUTH user, "" for no AUTH
	ImplicitTLS bool   // smtps://: TLS from the first byte; smtp:// uses STARTTLS
}

// Loopback reports whether the endpoint is on this machine: localhost or an
// address in 127.0.0.0/8 or ::1. Only then may the connection stay
// unencrypted. A name is not resolved: a name that resolves to a loopback
// address still needs STARTTLS, since DNS can be told to lie.
func (e Endpoint) Loopback() bool {
	if strings.EqualFold(strings.TrimSuffix(e.Host, "."), "localhost") {
		return true
	}
	ip := net.ParseIP(e.Host)
	return ip != nil && ip.IsLoopback()
}

// ConfigError is a setting that cannot work. Flag names the command-line
// flag to fix; the message says what was wrong and how to write it.
type ConfigError struct {
	Flag    string // "--smtp-url", "--smtp-password-file" or "--mail-from"
	Problem string // a sentence, without the flag
}

func (e *ConfigError) Error() string { return e.Flag + ": " + e.Problem }

const urlExample = "write it as smtp://user@host:587 (STARTTLS) or smtps://user@host:465 (TLS)"

// ParseURL reads an --smtp-url. Errors (*ConfigError for --smtp-url): no URL,
// a scheme other than smtp or smtps, no host, a port that is no number from 1
// to 65535, a path or query, or a password in the URL (it belongs in
// --smtp-password-file, out of the process list). The errors never repeat a
// password.
func ParseURL(raw string) (Endpoint, error) {
	fail := func(format string, args ...any) (Endpoint, error) {
		return Endpoint{}, &ConfigError{Flag: "--smtp-url", Problem: fmt.Sprintf(format, args...)}
	}
	if strings.TrimSpace(raw) == "" {
		return fail("no URL was given; %s", urlExample)
	}
	u, err := url.Parse(raw)
	if err != nil {
		// url's error quotes the whole text, a password included.
		return fail("this is no URL; %s", urlExample)
	}
	if _, has := u.User.Password(); has {
		return fail("the URL holds a password; put it in a file and name that file with --smtp-password-file instead, so it does not show in the process list")
	}
	var e Endpoint
	switch strings.ToLower(u.Scheme) {
	case "smtp":
		e.Port = DefaultPort
	case "smtps":
		e.Port, e.ImplicitTLS = DefaultTLSPort, true
	default:
		return fail("%q is no smtp or smtps URL; %s", u.Redacted(), urlExample)
	}
	if u.Opaque != "" || u.Hostname() == "" {
		return fail("%q names no host; %s", u.Redacted(), urlExample)
	}
	e.Host = u.Hostname()
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return fail("the port %q is no number from 1 to 65535; %s", p, urlExample)
		}
		e.Port = n
	}
	if (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
		return fail("%q has a path or query, which SMTP does not use; remove it", u.Redacted())
	}
	if u.User != nil {
		e.User = u.User.Username()
	}
	return e, nil
}

// Option changes how a Sender connects; the defaults suit production.
type Option func(*options)

type options struct {
	tls        *tls.Config
	requireTLS bool
	dial       func(ctx context.Context, network, addr string) (net.Conn, error)
	now        func() time.Time
}

// WithTLSConfig sets the TLS configuration for STARTTLS and smtps://, for
// example RootCAs with a municipality's own certificate authority (or a
// test's). ServerName is set to the URL's host when empty. Without it the
// system's roots are used.
func WithTLSConfig(c *tls.Config) Option { return func(o *options) { o.tls = c } }

// WithRequireTLS requires STARTTLS on a loopback host too, where it is
// otherwise used only when offered.
func WithRequireTLS() Option { return func(o *options) { o.requireTLS = true } }

// WithDialer replaces the TCP dialer; the address dialled is still the URL's
// host and port, and TLS and the TLS policy follow the URL's host as usual.
// Tests use it to reach a loopback server under another name.
func WithDialer(dial func(ctx context.Context, network, addr string) (net.Conn, error)) Option {
	return func(o *options) { o.dial = dial }
}

// WithClock sets the clock that dates messages (the Date header).
func WithClock(now func() time.Time) Option { return func(o *options) { o.now = now } }

// Sender delivers messages to one SMTP server. It is safe for concurrent
// use: each Send opens its own connection.
type Sender struct {
	endpoint Endpoint
	from     *netmail.Address
	client   *gomail.Client
	now      func() time.Time
}

// New checks cfg and returns a Sender; it does not connect. STARTTLS is
// required (go-mail's TLSMandatory: a server that does not offer it is
// refused before AUTH or MAIL) unless the host is loopback, where it is used
// when offered (TLSOpportunistic), since the traffic never leaves the
// machine. Errors (*ConfigError): those of ParseURL; a From that is no
// address (--mail-from); a user without a password, or a password without a
// user (--smtp-password-file, --smtp-url).
func New(cfg Config, opts ...Option) (*Sender, error) {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	e, err := ParseURL(cfg.URL)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(cfg.From) == "" {
		return nil, &ConfigError{Flag: "--mail-from", Problem: `no sender address was given; write it as noreply@gemeente.nl or "Ontschot <noreply@gemeente.nl>"`}
	}
	from, err := netmail.ParseAddress(cfg.From)
	if err != nil {
		return nil, &ConfigError{Flag: "--mail-from", Problem: fmt.Sprintf(`%q is no e-mail address; write it as noreply@gemeente.nl or "Ontschot <noreply@gemeente.nl>"`, cfg.From)}
	}
	password := strings.TrimSuffix(strings.TrimSuffix(cfg.Password, "\n"), "\r")
	switch {
	case e.User != "" && password == "":
		return nil, &ConfigError{Flag: "--smtp-password-file", Problem: fmt.Sprintf("--smtp-url names the user %q but no password was given; put the password in a file and name it with --smtp-password-file", e.User)}
	case e.User == "" && password != "":
		return nil, &ConfigError{Flag: "--smtp-url", Problem: "a password was given (--smtp-password-file) but the URL names no user; write smtp://user@host:587"}
	}
	timeout := cfg.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	tlsConfig := &tls.Config{MinVersion: tls.VersionTLS12}
	if o.tls != nil {
		tlsConfig = o.tls.Clone()
	}
	if tlsConfig.ServerName == "" {
		tlsConfig.ServerName = e.Host
	}

	copts := []gomail.Option{
		gomail.WithPort(e.Port),
		gomail.WithTimeout(timeout),
		gomail.WithTLSConfig(tlsConfig),
		gomail.WithTLSPolicy(tlsPolicy(e, o.requireTLS)),
	}
	if e.ImplicitTLS {
		copts = append(copts, gomail.WithSSL())
	}
	if o.dial != nil {
		dial := o.dial
		if e.ImplicitTLS {
			// go-mail wraps only its own dialer in TLS.
			dial = tlsDialer(dial, tlsConfig)
		}
		copts = append(copts, gomail.WithDialContextFunc(dial))
	}
	if e.User != "" {
		// PLAIN: every submission server offers it. go-mail sends it only
		// over TLS or to localhost; a loopback host without TLS (allowed
		// above) needs the NoEnc variant for 127.0.0.2 and the like.
		auth := gomail.SMTPAuthPlain
		if e.Loopback() {
			auth = gomail.SMTPAuthPlainNoEnc
		}
		copts = append(copts, gomail.WithSMTPAuth(auth), gomail.WithUsername(e.User), gomail.WithPassword(password))
	}
	client, err := gomail.NewClient(e.Host, copts...)
	if err != nil {
		return nil, fmt.Errorf("mail: setting up the SMTP client for %s: %w", e.Host, err)
	}
	now := o.now
	if now == nil {
		now = time.Now
	}
	return &Sender{endpoint: e, from: from, client: client, now: now}, nil
}

// tlsPolicy is the STARTTLS rule: required, except on loopback where it is
// used when offered (unless required by WithRequireTLS). With smtps:// the
// connection is TLS from the start and the policy is not consulted.
func tlsPolicy(e Endpoint, require bool) gomail.TLSPolicy {
	if e.Loopback() && !require {
		return gomail.TLSOpportunistic
	}
	return gomail.TLSMandatory
}

// tlsDialer wraps dial in a TLS client handshake, for smtps:// through a
// custom dialer.
func tlsDialer(dial func(context.Context, string, string) (net.Conn, error), c *tls.Config) func(context.Context, string, string) (net.Conn, error) {
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		conn, err := dial(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		tc := tls.Client(conn, c)
		if err := tc.HandshakeContext(ctx); err != nil {
			conn.Close()
			return nil, err
		}
		return tc, nil
	}
}

// Endpoint returns the server the Sender delivers to.
func (s *Sender) Endpoint() Endpoint { return s.endpoint }

// Message is one e-mail to one person.
type Message struct {
	// ID is the Message-ID header exactly as sent, angle brackets included,
	// e.g. "<notification-123@ontschot>": stable per notification, so a
	// message sent again after a crash is recognisable as the same one.
	ID      string
	To      string // one address, "name@gemeente.nl" (a display name is allowed)
	Subject string // one line
	Text    string // the text/plain part, required
	HTML    string // the text/html part; when empty the message is text only
}

// messageID is an RFC 5322 msg-id in its common dot-atom form: one @ and no
// space, bracket or control character.
var messageID = regexp.MustCompile(`^<[A-Za-z0-9!#$%&'*+/=?^_{|}~.-]+@[A-Za-z0-9!#$%&'*+/=?^_{|}~.-]+>$`)

// check reports what is wrong with m, for a programming error in the caller.
func (m Message) check() error {
	if !messageID.MatchString(m.ID) {
		return fmt.Errorf("mail: the message ID %q is no <local@domain>, e.g. <notification-123@ontschot>", m.ID)
	}
	if _, err := netmail.ParseAddress(m.To); err != nil {
		return fmt.Errorf("mail: the recipient of %s is no e-mail address: %w", m.ID, err)
	}
	if strings.TrimSpace(m.Subject) == "" || strings.ContainsAny(m.Subject, "\r\n") {
		return fmt.Errorf("mail: the subject of %s must be one line of text", m.ID)
	}
	if strings.TrimSpace(m.Text) == "" {
		return fmt.Errorf("mail: the message %s has no text", m.ID)
	}
	return nil
}

// Send delivers m in one SMTP transaction: a multipart/alternative message
// (text, then HTML) in UTF-8 with the headers From, To, Subject, Date,
// Message-ID (m.ID exactly) and Auto-Submitted: auto-generated (RFC 3834, so
// out-of-office replies are not sent back). ctx bounds the connection;
// Config.Timeout bounds each command after it.
//
// Errors: a Message that is incomplete (no error of the server: Temporary is
// false; fix the caller); otherwise a *SendError, temporary for a 4xx reply or
// a connection that failed, permanent for a 5xx reply. Once the server has
// accepted the message (250 after DATA) Send returns nil even if closing the
// connection fails, so such a failure causes no second delivery.
func (s *Sender) Send(ctx context.Context, m Message) error {
	if err := m.check(); err != nil {
		return err
	}
	to, _ := netmail.ParseAddress(m.To)
	msg := gomail.NewMsg(gomail.WithNoDefaultUserAgent())
	msg.FromMailAddress(s.from)
	msg.ToMailAddress(to)
	msg.Subject(m.Subject)
	msg.SetMessageIDWithValue(strings.TrimSuffix(strings.TrimPrefix(m.ID, "<"), ">"))
	msg.SetDateWithValue(s.now().In(ledger.Amsterdam))
	msg.SetGenHeader(gomail.Header("Auto-Submitted"), "auto-generated")
	msg.SetGenHeader(gomail.Header("X-Auto-Response-Suppress"), "All")
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	}
	err := s.client.DialAndSendWithContext(ctx, msg)
	if err == nil || msg.IsDelivered() {
		return nil
	}
	return classify(m.ID, s.endpoint, err)
}

// SendError is a failed delivery.
type SendError struct {
	ID        string // the Message-ID of the message that was not delivered
	Host      string // the SMTP server
	Code      int    // the server's reply code (421, 550, …), 0 when it gave none
	Temporary bool   // whether a later attempt may succeed
	Err       error  // what failed, as go-mail or the network said it
}

func (e *SendError) Error() string {
	kind := "permanent: retrying will not help"
	if e.Temporary {
		kind = "temporary: a later attempt may succeed"
	}
	return fmt.Sprintf("mail: delivering %s via %s failed (%s): %v", e.ID, e.Host, kind, e.Err)
}

func (e *SendError) Unwrap() error { return e.Err }

// Temporary reports whether err is a delivery failure that a later attempt
// may cure: the server replied 4xx (RFC 5321 section 4.2.1: "transient
// negative completion"), or the connection failed (refused, reset, timed out,
// TLS could not be agreed). A 5xx reply, a Message the caller got wrong and
// nil are not temporary.
//
// A failure with no reply code counts as temporary even when it is a
// setting (no STARTTLS offered, a certificate not trusted): an operator can
// fix it, and the caller's last retry ends the attempts anyway.
func Temporary(err error) bool {
	var se *SendError
	return errors.As(err, &se) && se.Temporary
}

// classify turns go-mail's error into a *SendError.
func classify(id string, e Endpoint, err error) *SendError {
	se := &SendError{ID: id, Host: e.Host, Err: err, Temporary: true}
	var gse *gomail.SendError
	var tpe *textproto.Error
	switch {
	case errors.As(err, &gse):
		se.Code = gse.ErrorCode()
		if se.Code == 0 {
			switch gse.Reason {
			case gomail.ErrGetSender, gomail.ErrGetRcpts, gomail.ErrNoUnencoded:
				// The message itself cannot be sent: no attempt will.
				se.Temporary = false
			}
		}
	case errors.As(err, &tpe):
		// A reply during the greeting, STARTTLS or AUTH (535: wrong
		// password).
		se.Code = tpe.Code
	}
	// Anything else (a refused or broken connection, a timeout, a TLS
	// handshake that failed) stays temporary.
	if se.Code >= 500 {
		se.Temporary = false
	}
	return se
}

// Check connects to the mail server as Send does (STARTTLS and AUTH
// included) and hangs up, so that a server that is set up wrong is known
// at start rather than hours later from failed mail. Call it before the
// first Send, not beside one. Errors: a *SendError as Send's.
func (s *Sender) Check(ctx context.Context) error {
	if err := s.client.DialWithContext(ctx); err != nil {
		return classify("", s.endpoint, err)
	}
	_ = s.client.Close()
	return nil
}
