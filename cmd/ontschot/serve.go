package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"strings"
	"time"

	"github.com/ontschot/ontschot/httpapi"
	"github.com/ontschot/ontschot/httpapi/mail"
	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/storage"
)

// Server timeouts: a slow or stalled client cannot hold a connection (and
// its goroutine) for long; the verification route extends its own write
// deadline.
const (
	readHeaderTimeout = 5 * time.Second
	readTimeout       = 15 * time.Second
	writeTimeout      = 30 * time.Second
	idleTimeout       = 120 * time.Second
	shutdownTimeout   = 30 * time.Second
)

// serveUsage is serve's usage line, in the help's list and for -h.
const serveUsage = "--db DB [--addr HOST:PORT] [--tls-cert FILE --tls-key FILE] [--secure-cookies] [--log-level LEVEL] [--checkpoint-log FILE] [--debug-addr HOST:PORT] [--smtp-url URL --mail-from ADDRESS [--smtp-password-file FILE]] [--oidc-issuer URL --oidc-client-id ID --oidc-client-secret-file FILE --oidc-roles FILE [--oidc-groups-claim NAME] [--oidc-username-claim NAME] [--oidc-api-audience AUD] [--public-url URL] [--password-sign-in=false]]"

// runServe serves the API until the context ends (SIGINT, SIGTERM), then
// lets requests in flight finish and closes the ledger, so nothing answered
// is lost.
func (m *Main) runServe(ctx context.Context, args []string) error {
	fs := m.flags("serve", serveUsage)
	db := fs.String("db", "", dbUsage)
	addr := fs.String("addr", "127.0.0.1:8080", "the address to listen on")
	cert := fs.String("tls-cert", "", "TLS certificate file (PEM); with --tls-key, serve HTTPS")
	key := fs.String("tls-key", "", "TLS private key file (PEM)")
	level := fs.String("log-level", "info", "debug (every request), info, warn or error")
	secure := fs.Bool("secure-cookies", false, "mark the web pages' cookies Secure without --tls-cert: when a proxy in front terminates TLS (implied by an https --public-url)")
	debugAddr := fs.String("debug-addr", "", "serve Go's pprof profiles and the metrics without a token on this separate address (keep it on loopback), e.g. 127.0.0.1:6060")
	provider := addProviderFlags(fs)
	smtpURL := fs.String("smtp-url", "", "send notifications by e-mail through this server: smtp://user@host:587 (STARTTLS, required unless the host is loopback) or smtps://user@host:465; without it, notifications are in the app only")
	smtpPasswordFile := fs.String("smtp-password-file", "", "a file holding the SMTP user's password (never on the command line)")
	mailFrom := fs.String("mail-from", "", "the sender address of the notification mail, e.g. ontschot@gemeente.nl (required with --smtp-url)")
	checkpoints := fs.String("checkpoint-log", "", "append the journal's head (SEQ:HASH) to this file after every write group: keep it outside the ledger's disk; 'ontschot verify --checkpoint-log FILE' checks it")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := requireDB(*db); err != nil {
		return err
	}
	if (*cert == "") != (*key == "") {
		return usageError("--tls-cert and --tls-key go together")
	}
	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(*level)); err != nil {
		return usageError(fmt.Sprintf("--log-level %q: use debug, info, warn or error", *level))
	}
	log := slog.New(slog.NewJSONHandler(m.Stderr, &slog.HandlerOptions{Level: lvl}))
	m.Logger = log
	if *checkpoints != "" {
		// Opened before the store, so it is closed after it: the writer
		// appends until the store's last write group.
		cl, err := openCheckpointLog(*checkpoints, log, m.Now)
		if err != nil {
			return err
		}
		m.closers = append(m.closers, cl)
		m.afterCommit = cl.Append
	}
	sender, err := mailSender(*smtpURL, *smtpPasswordFile, *mailFrom)
	if err != nil {
		return err
	}
	if sender != nil && *provider.publicURL == "" {
		return usageError("--public-url: give the pages' public address (https://ontschot.gemeente.nl), which the links in the mail lead to; with --smtp-url it is required")
	}
	s, err := m.open(*db, true)
	if err != nil {
		return err
	}
	if *checkpoints != "" {
		if err := checkLastCheckpoint(ctx, s, *checkpoints); err != nil {
			return err
		}
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w (is another server running there? choose another --addr)", *addr, err)
	}
	scheme := "http"
	if *cert != "" {
		scheme = "https"
		for _, f := range []string{*cert, *key} {
			if _, err := os.Stat(f); err != nil {
				ln.Close()
				return fmt.Errorf("cannot read %s: %w", f, err)
			}
		}
	}
	// The provider's redirect URI is the public URL's, or where this
	// server listens (the port chosen when --addr has port 0).
	rp, err := provider.relyingParty(ctx, s, scheme+"://"+ln.Addr().String())
	if err != nil {
		ln.Close()
		return err
	}
	api, err := httpapi.New(httpapi.Config{Store: s, Logger: log, Build: version, Pages: true, SecureCookies: *cert != "" || *secure || strings.HasPrefix(*provider.publicURL, "https://"), Now: m.Now,
		Provider: rp, NoPasswordSignIn: !*provider.passwords})
	if err != nil {
		ln.Close()
		return err
	}
	// Verifications under way in the background stop before the store
	// closes.
	defer api.Close()
	srv := &http.Server{
		Handler:           api,
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	if *debugAddr != "" {
		if err := m.serveDebug(*debugAddr, api.MetricsHandler()); err != nil {
			ln.Close()
			return err
		}
	}
	signIn, err := signInHint(ctx, s, *db)
	if err != nil {
		ln.Close()
		return err
	}
	if rp != nil {
		how := "sign in with the identity provider " + rp.Issuer()
		if *provider.passwords {
			how += "; or " + signIn
		}
		signIn = how
	}
	// The banner is written at once, when everything it names is set up,
	// so a supervisor (or a test) reading the first line reads it whole.
	base := scheme + "://" + ln.Addr().String()
	var banner strings.Builder
	fmt.Fprintf(&banner, "ontschot %s serves %s at %s\n", version, storage.Redact(*db), base)
	fmt.Fprintf(&banner, "  pages:    %s/   (%s)\n", base, signIn)
	if rp != nil {
		fmt.Fprintf(&banner, "  provider: %s   (register the redirect URI %s there)\n", rp.Issuer(), rp.RedirectURL())
	}
	fmt.Fprintf(&banner, "  API:      %s/api/v1   (OpenAPI: %s/api/v1/openapi.json)\n", base, base)
	fmt.Fprintf(&banner, "  health:   %s/api/v1/health   (liveness, for a supervisor)\n", base)
	fmt.Fprintf(&banner, "  ready:    %s/api/v1/health/ready   (readiness, for a load balancer)\n", base)
	fmt.Fprintf(&banner, "  metrics:  %s/metrics   (a token with the auditor or admin role)\n", base)
	// Reminders, escalations and evaluation notices: every ten minutes,
	// on every server (each is written once, whoever sweeps first).
	go func() {
		t := time.NewTicker(10 * time.Minute)
		defer t.Stop()
		for {
			if _, err := s.SweepNotifications(ctx); err != nil && ctx.Err() == nil {
				log.Error("sweep notifications", "err", err.Error())
			}
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
	if sender != nil {
		public := strings.TrimSuffix(*provider.publicURL, "/")
		host, _ := os.Hostname()
		outbox := &mail.Outbox{Store: s, Sender: sender, BaseURL: public, Claimer: fmt.Sprintf("%s:%d", host, os.Getpid()), Log: log}
		outboxCtx, stopOutbox := context.WithCancel(ctx)
		defer stopOutbox()
		checkCtx, cancelCheck := context.WithTimeout(ctx, 15*time.Second)
		if err := sender.Check(checkCtx); err != nil {
			// Mail is tried again and again; the admins' list names what
			// failed. The pages and the API do not wait for it.
			fmt.Fprintf(&banner, "  mail:     WARNING: the mail server does not answer as it should: %v\n", err)
			log.Warn("mail server check", "err", err.Error())
		}
		cancelCheck()
		go outbox.Run(outboxCtx, nil)
		fmt.Fprintf(&banner, "  mail:     notifications by e-mail through %s, from %s, links to %s\n", storage.Redact(*smtpURL), *mailFrom, public)
	} else {
		fmt.Fprintf(&banner, "  mail:     off: notifications are in the app (/meldingen); --smtp-url sends them by e-mail\n")
	}
	fmt.Fprintf(&banner, "Stop with Ctrl-C: requests under way finish first.\n")
	io.WriteString(m.Stdout, banner.String())
	served := make(chan error, 1)
	go func() {
		if *cert != "" {
			served <- srv.ServeTLS(ln, *cert, *key)
		} else {
			served <- srv.Serve(ln)
		}
	}()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	fmt.Fprintln(m.Stdout, "Shutting down: finishing the requests under way…")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-served; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	fmt.Fprintln(m.Stdout, "Stopped; every answered request is in the ledger.")
	return nil
}

// signInHint says how to sign in to the pages of the ledger at db: with
// one of its accounts when it has users (the demo's, listed just before by
// "make run", or the municipality's), or, in a ledger without any, how to
// make the first. It does not send people to "ontschot user create" when
// accounts are there already.
func signInHint(ctx context.Context, s *ledger.Service, db string) (string, error) {
	users, err := s.Users(ctx)
	if err != nil {
		return "", err
	}
	if len(users) == 0 {
		return fmt.Sprintf("no accounts yet: make the first with 'ontschot user create --db %s --name NAME --role admin'", storage.Redact(db)), nil
	}
	count := fmt.Sprintf("%d users", len(users))
	if len(users) == 1 {
		count = "1 user"
	}
	return fmt.Sprintf("sign in with an account of this ledger: it has %s, 'ontschot user list --db %s' names them", count, storage.Redact(db)), nil
}

// serveDebug serves the pprof profiles and the metrics on their own
// listener, never on the API's, so an operator can profile a live server and
// Prometheus can scrape it without a token, and neither is exposed to whoever
// reaches the API.
func (m *Main) serveDebug(addr string, metrics http.Handler) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on --debug-addr %s: %w", addr, err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	mux.Handle("GET /metrics", metrics)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: readHeaderTimeout}
	m.closers = append(m.closers, srv)
	go srv.Serve(ln)
	fmt.Fprintf(m.Stdout, "  profiles: http://%s/debug/pprof/\n", ln.Addr())
	fmt.Fprintf(m.Stdout, "  metrics:  http://%s/metrics   (no token: keep this address on loopback)\n", ln.Addr())
	return nil
}

// mailSender is the sender of the notification mail the mail flags set up,
// or nil without --smtp-url. Errors: a usage error naming the flag at
// fault (mail.ConfigError), or a password file that cannot be read.
func mailSender(url, passwordFile, from string) (*mail.Sender, error) {
	if url == "" {
		if passwordFile != "" || from != "" {
			return nil, usageError("--smtp-password-file and --mail-from go with --smtp-url: give the mail server, or leave them out")
		}
		return nil, nil
	}
	if from == "" {
		return nil, usageError("--mail-from: give the sender address of the notification mail, e.g. ontschot@gemeente.nl")
	}
	var password string
	if passwordFile != "" {
		b, err := os.ReadFile(passwordFile)
		if err != nil {
			return nil, usageError(fmt.Sprintf("--smtp-password-file: cannot read %s: %v", passwordFile, err))
		}
		password = string(b)
	}
	s, err := mail.New(mail.Config{URL: url, Password: password, From: from})
	var ce *mail.ConfigError
	if errors.As(err, &ce) {
		return nil, usageError(ce.Error())
	}
	return s, err
}
