package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/httpapi/oidc/oidctest"
)

// startRun runs the command in the background and returns its provider
// once it listens; the test stops it when it ends.
func startRun(t *testing.T, args ...string) (*oidctest.Provider, *bytes.Buffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr bytes.Buffer
	started := make(chan *oidctest.Provider, 1)
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, args, &stdout, &stderr, func(p *oidctest.Provider) { started <- p })
	}()
	var p *oidctest.Provider
	select {
	case p = <-started:
	case err := <-done:
		cancel()
		t.Fatalf("run ended before starting: %v\n%s", err, stderr.String())
	}
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("run: %v", err)
		}
	})
	return p, &stdout
}

func TestRun(t *testing.T) {
	p, stdout := startRun(t, "--addr", "127.0.0.1:0")
	resp, err := http.Get(p.Issuer + "/.well-known/openid-configuration")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var doc struct {
		Issuer string `json:"issuer"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&doc); err != nil {
		t.Fatal(err)
	}
	if doc.Issuer != p.Issuer {
		t.Errorf("discovery issuer = %q, want %q", doc.Issuer, p.Issuer)
	}
	for _, want := range []string{p.Issuer, "anouk.bakker", "u-anouk-bakker", "ontschot-caseworker", "zonder.rol", "maatwerk-demo"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
}

func TestRunSecretFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "secret")
	if err := os.WriteFile(file, []byte("geheim\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	p, _ := startRun(t, "--addr", "127.0.0.1:0", "--client-secret-file", file)
	// The client authenticates with the file's secret, its newline trimmed;
	// the introspection endpoint checks the client before the token.
	for secret, want := range map[string]int{"geheim": http.StatusOK, demoSecret: http.StatusUnauthorized} {
		req, _ := http.NewRequest(http.MethodPost, p.Issuer+"/oauth/introspect", strings.NewReader("token=x"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.SetBasicAuth("ontschot", secret)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("secret %q: status %d, want %d", secret, resp.StatusCode, want)
		}
	}
}

func TestRunRefuses(t *testing.T) {
	empty := filepath.Join(t.TempDir(), "leeg")
	os.WriteFile(empty, []byte("\n"), 0o600)
	for name, args := range map[string][]string{
		"UnknownFlag":     {"--poort", "1"},
		"Argument":        {"extra"},
		"MissingSecret":   {"--client-secret-file", filepath.Join(t.TempDir(), "nergens")},
		"EmptySecretFile": {"--client-secret-file", empty},
	} {
		t.Run(name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), append(args, "--addr", "127.0.0.1:0"), &stdout, &stderr, nil)
			if err == nil || errors.Is(err, flag.ErrHelp) {
				t.Fatalf("run(%q) = %v, want an error", args, err)
			}
		})
	}
}
