package ledgertest

import (
	"testing"

	"github.com/ontschot/ontschot/ledger"
)

// testNotText gives the service bytes that are not text (invalid UTF-8, a
// NUL) where it looks something up or keeps a key: every engine answers as
// the rules say (a field error, an unknown name), never with an internal
// error (PostgreSQL refuses such bytes; SQLite stores them), and nothing
// is stored that one engine could hold and the other not.
func testNotText(t *testing.T, open Opener) {
	f := newFixture(t, open, 1000_00)
	for _, key := range []string{"sleutel\x00", "sleutel\xff", "sleutel met spatie"} {
		req := f.request(10_00)
		req.IdempotencyKey = key
		_, err := f.store.RequestPayout(f.ctx, Caseworker, req)
		wantCode(t, err, ledger.EINVALID)
		wantField(t, err, "Idempotency-Key")
	}
	for _, filter := range []ledger.PayoutFilter{{Category: "\xff"}, {PotID: "POT-\x00"}, {RequestedBy: "a\x00b"}} {
		_, err := f.store.Payouts(f.ctx, filter)
		wantCode(t, err, ledger.EINVALID)
	}
	for _, name := range []string{"a\x00b", "\xffgebruiker"} {
		_, err := f.store.SignIn(f.ctx, name, "een-wachtwoord")
		wantCode(t, err, ledger.EUNAUTHORIZED)
	}
	f.verify()
}
