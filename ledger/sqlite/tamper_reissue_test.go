package sqlite_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/ledgertest"
	"github.com/ontschot/ontschot/ledger/storage"
)

// TestVerifyFindsATamperedReissue: someone with the database file who
// unlinks a payout paid again from the returned one (so the returned
// payout could be paid again a second time), points it at another
// returned payout, passes an ordinary payout off as paying one again,
// changes the decision it claims, or puts a returned payout back among the
// payable ones, is named by the verification.
func TestVerifyFindsATamperedReissue(t *testing.T) {
	for name, c := range map[string]struct{ q, named string }{
		"the link removed":                 {`DELETE FROM payout_reissues`, "not stored as paying any payout again"},
		"the link moved to another payout": {`UPDATE payout_reissues SET reissue_of = '{other}'`, "but its transaction says otherwise"},
		"an ordinary payout linked":        {`UPDATE payout_reissues SET payout_id = '{other}', reissue_of = '{returned}'`, "but its transaction says otherwise"},
		"the decision it claims changed":   {`UPDATE payouts SET decided_by = 'kees.consulent' WHERE id = '{reissue}'`, "but that decision says otherwise"},
		"the returned payout made payable": {`UPDATE payouts SET status = 'approved', return_seq = NULL, returned_on = NULL, return_reason = NULL WHERE id = '{other}'`, "is in a payment batch, but is recorded as approved"},
	} {
		t.Run(name, func(t *testing.T) {
			ledgertest.TamperedWith(t)
			path := filepath.Join(t.TempDir(), "ledger.db")
			clock := ledgertest.NewClock(ledgertest.Start)
			s, err := storage.Open(path, storage.Options{Now: clock.Now})
			if err != nil {
				t.Fatal(err)
			}
			r := ledgertest.BuildReissued(t, s, clock)
			ledgertest.MustVerify(t, s)
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			q := strings.NewReplacer("{other}", string(r.Other), "{returned}", string(r.Returned), "{reissue}", string(r.Reissue)).Replace(c.q)
			db, err := sql.Open("sqlite3", "file:"+path)
			if err != nil {
				t.Fatal(err)
			}
			db.SetMaxOpenConns(1)
			if res, err := db.Exec(q); err != nil {
				t.Fatalf("%s: %v", q, err)
			} else if n, _ := res.RowsAffected(); n != 1 {
				t.Fatalf("%s changed %d rows", q, n)
			}
			db.Close()
			s, err = storage.Open(path, storage.Options{Now: clock.Now})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			v, err := s.Verify(context.Background(), ledger.VerifyOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if v.OK {
				t.Fatal("the verification of a tampered reissue passes")
			}
			if msg := v.Failure.Error(); !strings.Contains(msg, c.named) {
				t.Fatalf("the verification names %q; want it to say %q", msg, c.named)
			}
		})
	}
}
