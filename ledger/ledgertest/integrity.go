package ledgertest

import (
	"strings"
	"testing"

	"github.com/ontschot/ontschot/ledger"
)

// latest returns the last journal transaction of the kind and reference.
func (f *fixture) latest(kind ledger.TxKind, ref string) (ledger.Transaction, bool) {
	f.t.Helper()
	var found ledger.Transaction
	ok := false
	for after := int64(0); ; {
		txs, err := f.store.Journal(f.ctx, after, 1000)
		if err != nil {
			f.t.Fatalf("Journal: %v", err)
		}
		for _, tx := range txs {
			if tx.Kind == kind && tx.Ref == ref {
				found, ok = tx, true
			}
		}
		if len(txs) < 1000 {
			return found, ok
		}
		after = txs[len(txs)-1].Seq
	}
}

// wantCommitted fails unless the latest transaction for the record commits
// to its content as it is now.
func (f *fixture) wantCommitted(r ledger.GovernedRecord) ledger.Transaction {
	f.t.Helper()
	tx, ok := f.latest(r.Kind, r.Ref)
	if !ok {
		f.t.Fatalf("no %s transaction for %s", r.Kind, r.Label)
	}
	if tx.Digest != r.Digest() {
		f.t.Fatalf("the latest %s transaction for %s commits to %s; the record as read gives %s", r.Kind, r.Label, tx.Digest, r.Digest())
	}
	return tx
}

func testIntegrity(t *testing.T, open Opener) {
	t.Run("CoverageBegins", func(t *testing.T) {
		f := newFixture(t, open, 0)
		txs, err := f.store.Journal(f.ctx, 0, 1)
		if err != nil || len(txs) != 1 || txs[0].Kind != ledger.TxCoverageBegan {
			t.Fatalf("the first transaction is %+v, %v; want %s: a new ledger is covered from its start", txs, err, ledger.TxCoverageBegan)
		}
	})
	t.Run("GovernedRecordsAreCommitted", func(t *testing.T) {
		f := newFixture(t, open, 1000_00)
		f.wantCommitted(ledger.PotRecord(&f.pot))
		f.wantCommitted(ledger.PartnerRecord(&f.partner))
		f.wantCommitted(ledger.PledgeRecord(f.pot.ID, f.partner.ID, 0))
		ladder := Ladder()
		ladder[0].Limit = 1000_00
		pot, err := f.store.SetMandates(f.ctx, Admin, f.pot.ID, ladder, ledger.Escalation{}, "")
		if err != nil {
			t.Fatal(err)
		}
		if tx := f.wantCommitted(ledger.PotRecord(&pot)); tx.Memo != "mandate ladder replaced" || tx.Actor != Admin.User {
			t.Fatalf("the ladder's transaction = %+v", tx)
		}
		if pot, err = f.store.SetDebtorAccount(f.ctx, Finance, f.pot.ID, DebtorAccount(), ""); err != nil {
			t.Fatal(err)
		}
		f.wantCommitted(ledger.PotRecord(&pot))
		if _, err := f.store.SetPledge(f.ctx, Finance, ledger.Pledge{PotID: f.pot.ID, PartnerID: f.partner.ID, Amount: 500_00}); err != nil {
			t.Fatal(err)
		}
		f.wantCommitted(ledger.PledgeRecord(f.pot.ID, f.partner.ID, 500_00))
		c := ledger.Category{Code: "hearing_test", Label: "Gehoortest"}
		if _, err := f.store.AddCategory(f.ctx, Admin, c); err != nil {
			t.Fatal(err)
		}
		f.wantCommitted(ledger.CategoryRecord(&c))
		tok, err := f.store.IssueToken(f.ctx, Admin, ledger.NewToken{User: "riet.revisor", Role: ledger.RoleAuditor})
		if err != nil {
			t.Fatal(err)
		}
		f.wantCommitted(ledger.UserRecord("riet.revisor", ledger.RoleAuditor, "", ""))
		if err := f.store.RevokeToken(f.ctx, Admin, tok.ID); err != nil {
			t.Fatal(err)
		}
		if tx, ok := f.latest(ledger.TxTokenSet, string(tok.ID)); !ok || tx.Memo != "revoked" {
			t.Fatalf("the revocation's transaction = %+v", tx)
		}
		f.verify()
	})
	t.Run("PayeeDigestOnTheRequest", func(t *testing.T) {
		f := newFixture(t, open, 1000_00)
		p := f.mustRequest(Caseworker, 100_00)
		tx, ok := f.latest(ledger.TxPayoutApproved, string(p.ID))
		if !ok || len(tx.PayeeDigest) != 64 {
			t.Fatalf("the request's transaction = %+v; want a payee digest", tx)
		}
		if strings.Contains(tx.Memo+tx.Digest+tx.PayeeDigest, "NL91") || strings.Contains(string(tx.Canonical()), "Kern") {
			t.Fatalf("the payee's name or IBAN is in the chain: %s", tx.Canonical())
		}
		// Another payout to the same payee has another digest: the salt
		// is the payee's own, so equal payees cannot be linked.
		q := f.mustRequest(Caseworker, 100_00)
		if tq, _ := f.latest(ledger.TxPayoutApproved, string(q.ID)); tq.PayeeDigest == tx.PayeeDigest {
			t.Fatal("two payouts to the same payee have the same payee digest")
		}
	})
	t.Run("Checkpoints", func(t *testing.T) {
		f := newFixture(t, open, 1000_00)
		f.mustRequest(Caseworker, 100_00)
		v := f.verify()
		if v.Checkpoint.Seq != v.HeadSeq || v.Checkpoint.Hash != v.HeadHash {
			t.Fatalf("checkpoint %s; want the head %d:%s", v.Checkpoint, v.HeadSeq, v.HeadHash)
		}
		cp, err := ledger.ParseCheckpoint(v.Checkpoint.String())
		if err != nil || cp != v.Checkpoint {
			t.Fatalf("the checkpoint %s does not read back: %v, %v", v.Checkpoint, cp, err)
		}
		f.mustRequest(Caseworker, 100_00)
		check := func(cps ...ledger.Checkpoint) ledger.Verification {
			t.Helper()
			got, err := f.store.Verify(f.ctx, ledger.VerifyOptions{Checkpoints: cps})
			if err != nil {
				t.Fatal(err)
			}
			return got
		}
		if got := check(v.Checkpoint, ledger.Checkpoint{Seq: 1, Hash: firstHash(f)}); !got.OK || got.Witnesses != 2 {
			t.Fatalf("Verify with earlier checkpoints = %+v; want OK, 2 witnesses", got)
		}
		rewritten := ledger.Checkpoint{Seq: v.HeadSeq, Hash: strings.Repeat("0", 64)}
		if got := check(rewritten); got.OK || got.Failure.Seq != v.HeadSeq || !strings.Contains(got.Failure.Problem, "rewritten") {
			t.Fatalf("Verify with a checkpoint of another history = %+v; want transaction %d named", got.Failure, v.HeadSeq)
		}
		future := ledger.Checkpoint{Seq: v.HeadSeq + 50, Hash: strings.Repeat("0", 64)}
		if got := check(future); got.OK || !strings.Contains(got.Failure.Error(), "cut back") {
			t.Fatalf("Verify with a checkpoint past the end = %+v; want the journal named as cut back", got.Failure)
		}
	})
}

func firstHash(f *fixture) string {
	f.t.Helper()
	txs, err := f.store.Journal(f.ctx, 0, 1)
	if err != nil || len(txs) == 0 {
		f.t.Fatalf("Journal: %v", err)
	}
	return txs[0].Hash
}

func testRenames(t *testing.T, open Opener) {
	t.Run("Pot", func(t *testing.T) {
		f := newFixture(t, open, 0)
		other := f.mustPot("Andere pot", ledger.NewPot{Year: 2026, RecoveryPolicy: ledger.PolicyReport, Mandates: Ladder()})
		p, err := f.store.RenamePot(f.ctx, Admin, f.pot.ID, ledger.Rename{Name: "  Doorbraakfonds 🏠  ", IdempotencyKey: "r1"})
		if err != nil || p.Name != "Doorbraakfonds 🏠" || p.ID != f.pot.ID {
			t.Fatalf("RenamePot = %+v, %v", p, err)
		}
		if tx := f.wantCommitted(ledger.PotRecord(&p)); tx.Memo != `renamed from "Doorbraakpot"` {
			t.Fatalf("memo %q; want the old name", tx.Memo)
		}
		if again, err := f.store.RenamePot(f.ctx, Admin, f.pot.ID, ledger.Rename{Name: "Doorbraakfonds 🏠", IdempotencyKey: "r1"}); err != nil || again.Name != p.Name {
			t.Fatalf("retry = %+v, %v", again, err)
		}
		before := f.snapshot()
		_, err = f.store.RenamePot(f.ctx, Admin, f.pot.ID, ledger.Rename{Name: other.Name})
		wantCode(t, err, ledger.ECONFLICT)
		_, err = f.store.RenamePot(f.ctx, Admin, f.pot.ID, ledger.Rename{Name: "pot\u202eabc"})
		wantField(t, err, "name")
		_, err = f.store.RenamePot(f.ctx, Admin, f.pot.ID, ledger.Rename{Name: ""})
		wantField(t, err, "name")
		_, err = f.store.RenamePot(f.ctx, Finance, f.pot.ID, ledger.Rename{Name: "Nieuw"})
		wantCode(t, err, ledger.EFORBIDDEN)
		_, err = f.store.RenamePot(f.ctx, Admin, "POT-01ARZ3NDEKTSV4RRFFQ69G5FAV", ledger.Rename{Name: "Nieuw"})
		wantCode(t, err, ledger.ENOTFOUND)
		f.unchanged(before)
		if got, _ := f.store.Pot(f.ctx, f.pot.ID); got.Name != p.Name {
			t.Fatalf("Pot = %q after refused renames", got.Name)
		}
	})
	t.Run("Party", func(t *testing.T) {
		f := newFixture(t, open, 0)
		a := f.mustParty("Woonbedrijf", ledger.PartyHousingCorporation)
		b := f.mustParty("Zorgverzekeraar", ledger.PartyHealthInsurer)
		p, err := f.store.RenameParty(f.ctx, Finance, a.ID, ledger.Rename{Name: "Woonbedrijf   🏠"})
		if err != nil || p.Name != "Woonbedrijf 🏠" || p.Kind != a.Kind {
			t.Fatalf("RenameParty = %+v, %v", p, err)
		}
		f.wantCommitted(ledger.PartyRecord(&p))
		before := f.snapshot()
		_, err = f.store.RenameParty(f.ctx, Finance, a.ID, ledger.Rename{Name: b.Name})
		wantCode(t, err, ledger.ECONFLICT)
		_, err = f.store.RenameParty(f.ctx, Finance, a.ID, ledger.Rename{Name: "x\ny"})
		wantField(t, err, "name")
		_, err = f.store.RenameParty(f.ctx, Caseworker, a.ID, ledger.Rename{Name: "Nieuw"})
		wantCode(t, err, ledger.EFORBIDDEN)
		_, err = f.store.RenameParty(f.ctx, Finance, "PTY-01ARZ3NDEKTSV4RRFFQ69G5FAV", ledger.Rename{Name: "Nieuw"})
		wantCode(t, err, ledger.ENOTFOUND)
		f.unchanged(before)
	})
}
