package storage

import "testing"

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
