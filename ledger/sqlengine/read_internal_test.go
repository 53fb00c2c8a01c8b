package sqlengine

import (
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"testing"

	_ "github.com/mattn/go-sqlite3" // a real database to read from

	"github.com/ontschot/ontschot/ledger"
)

// downDialect is a dialect whose database is down: errDown is its
// unavailability.
type downDialect struct{}

var errDown = errors.New("connection refused")

func (downDialect) Name() string                                       { return "test" }
func (downDialect) Rebind(q string) string                             { return q }
func (downDialect) IsUnique(error) bool                                { return false }
func (downDialect) Retryable(error) bool                               { return false }
func (downDialect) BeginGroup(context.Context, *sql.Tx) (int64, error) { return 0, nil }
func (downDialect) EndGroup(_ context.Context, _ *sql.Tx, v int64) (int64, error) {
	return v, nil
}
func (downDialect) ReadOptions() *sql.TxOptions           { return &sql.TxOptions{ReadOnly: true} }
func (downDialect) StringAgg(expr, orderBy string) string { return expr }
func (downDialect) IndexedBy(string) string               { return "" }
func (downDialect) NotIndexed() string                    { return "" }
func (downDialect) Unavailable(err error) (string, bool) {
	return "the database server refused the connection", errors.Is(err, errDown)
}

// TestReadOfADatabaseThatIsDown: a read the database cannot serve now is
// EUNAVAILABLE (a 503 with Retry-After on the API), as a write is, and any
// other failure stays an internal error.
func TestReadOfADatabaseThatIsDown(t *testing.T) {
	raw, err := sql.Open("sqlite3", ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	db := &DB{readDB: raw, d: downDialect{}, log: slog.New(slog.DiscardHandler)}
	err = db.Read(context.Background(), func(ledger.ReadTx) error { return errDown })
	if ledger.ErrorCode(err) != ledger.EUNAVAILABLE {
		t.Fatalf("a read of a database that is down: %v; want EUNAVAILABLE", err)
	}
	other := errors.New("no such table")
	if err := db.Read(context.Background(), func(ledger.ReadTx) error { return other }); !errors.Is(err, other) || ledger.ErrorCode(err) == ledger.EUNAVAILABLE {
		t.Fatalf("another failure: %v", err)
	}
}
