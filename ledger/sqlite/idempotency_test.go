package sqlite_test

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/ledgertest"
	"github.com/ontschot/ontschot/ledger/storage"
)

// TestIdempotencyAcrossTheCanonicalForm: a ledger written before the
// canonical form keeps its stored answers as JSON and its fingerprints as
// the SHA-256 of the request's JSON. After the upgrade a retry of such a
// request is still recognised and answered as it was; another request
// under the key is still refused; and new answers are kept in the
// canonical form, which names its fields.
func TestIdempotencyAcrossTheCanonicalForm(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "ledger.db")
	s, err := storage.Open(path, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	admin := ledgertest.Admin
	first, err := s.CreatePartner(ctx, admin, ledger.NewPartner{Name: "Zilveren Kruis", Kind: ledger.KindHealthInsurer, IdempotencyKey: "new-1"})
	if err != nil {
		t.Fatal(err)
	}

	// What an earlier release stored for key old-1: the same partner's
	// answer as JSON, and the JSON fingerprint of its request.
	req := ledger.NewPartner{Name: "Zilveren Kruis", Kind: ledger.KindHealthInsurer}
	reqJSON, _ := json.Marshal(req)
	sum := sha256.Sum256(append([]byte("create_partner\x00"), reqJSON...))
	answer, _ := json.Marshal(first)
	db := openRaw(t, path)
	defer db.Close()
	if _, err := db.Exec(`INSERT INTO idempotency_keys (actor, key, operation, fingerprint, result, created_at) VALUES (?, 'old-1', 'create_partner', ?, ?, ?)`,
		admin.User, sum[:], string(answer), first.CreatedAt.Format(ledger.TimeLayout)); err != nil {
		t.Fatal(err)
	}

	req.IdempotencyKey = "old-1"
	again, err := s.CreatePartner(ctx, admin, req)
	if err != nil {
		t.Fatalf("retry under a key stored before the canonical form: %v", err)
	}
	if again != first {
		t.Errorf("retry answered %+v, want the stored %+v", again, first)
	}
	partners, err := s.Partners(ctx)
	if err != nil || len(partners) != 1 {
		t.Fatalf("the retry made a partner: %d partners, %v", len(partners), err)
	}
	_, err = s.CreatePartner(ctx, admin, ledger.NewPartner{Name: "Menzis", Kind: ledger.KindHealthInsurer, IdempotencyKey: "old-1"})
	if ledger.ErrorCode(err) != ledger.EIDEMPOTENCY {
		t.Errorf("another request under an old key: %v, want EIDEMPOTENCY", err)
	}

	// The new key's record is in the canonical form.
	var fp []byte
	var result string
	if err := db.QueryRow(`SELECT fingerprint, result FROM idempotency_keys WHERE key = 'new-1'`).Scan(&fp, &result); err != nil {
		t.Fatal(err)
	}
	if len(fp) != 33 || fp[0] != 0x02 {
		t.Errorf("new fingerprint %x: want 0x02 and a SHA-256", fp)
	}
	if !strings.HasPrefix(result, "ontschot-answer-v1 partner\nid \""+string(first.ID)+"\"\n") {
		t.Errorf("new answer not in the canonical form:\n%s", result)
	}
	again, err = s.CreatePartner(ctx, admin, ledger.NewPartner{Name: "Zilveren Kruis", Kind: ledger.KindHealthInsurer, IdempotencyKey: "new-1"})
	if err != nil || again != first {
		t.Errorf("retry under a new key: %+v, %v", again, err)
	}
}
