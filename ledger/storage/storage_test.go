package storage

import (
	"strings"
	"testing"
)

// TestRedact: a PostgreSQL password never reaches a message or a log.
func TestRedact(t *testing.T) {
	for in, want := range map[string]string{
		"var/demo.db": "var/demo.db",
		"postgres://ontschot:s3cret@db.example.nl:5432/ontschot?sslmode=verify-full": "postgres://ontschot:xxxxx@db.example.nl:5432/ontschot?sslmode=verify-full",
		"postgresql://db.example.nl/ontschot?password=s3cret&user=o":                 "postgresql://db.example.nl/ontschot?password=xxxxx&user=o",
		"postgres://ontschot@db/ontschot":                                            "postgres://ontschot@db/ontschot",
		"postgres://a:b@[::1:bad/x":                                                  "postgres://…",
	} {
		if got := Redact(in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestWhatADSNNames: PostgreSQL URLs in any case of the scheme, SQLite paths
// (and file: URIs), and what is neither.
func TestWhatADSNNames(t *testing.T) {
	for _, c := range []struct {
		dsn      string
		postgres bool
		path     string
	}{
		{"postgres://db/ontschot", true, ""},
		{"POSTGRESQL://db/ontschot", true, ""},
		{"var/demo.db", false, "var/demo.db"},
		{"file:var/demo.db?mode=ro", false, "var/demo.db"},
		{"mysql://db/ontschot", false, ""},
		{"", false, ""},
	} {
		path, ok := SQLitePath(c.dsn)
		if IsPostgres(c.dsn) != c.postgres || path != c.path || ok != (c.path != "") {
			t.Errorf("%q: IsPostgres %t, SQLitePath %q %t", c.dsn, IsPostgres(c.dsn), path, ok)
		}
	}
	for _, dsn := range []string{"dbname=ontschot user=ontschot", "host=db.example.nl dbname=ontschot", "mysql://db/ontschot"} {
		s, err := Open(dsn, Options{})
		if err == nil {
			s.Close()
			t.Errorf("Open(%q) opened a ledger; want a refusal", dsn)
		} else if !strings.Contains(err.Error(), "postgres://") {
			t.Errorf("Open(%q): %v; want it to say how to write a URL", dsn, err)
		}
	}
}
