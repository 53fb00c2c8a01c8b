package ledgertest

import (
	"strings"
	"testing"

	"github.com/ontschot/ontschot/ledger"
)

// testFund checks what the pots, pledges and contributions promise beyond
// creating them (setup.go): the order funders are listed in, that a funder
// is committed to once, the errors for what is not there, a rename to the
// name a pot has, and that a pot handed out is the caller's own copy.
func testFund(t *testing.T, open Opener) {
	t.Run("FundingByPartnerName", func(t *testing.T) {
		f := newFixture(t, open, 0)
		insurer := f.mustPartner("Zorgverzekeraar De Friesland", ledger.KindHealthInsurer)
		pharmacy := f.mustPartner("apotheek Noord", ledger.KindOther)
		for _, p := range []ledger.Partner{insurer, f.partner, pharmacy} {
			if _, err := f.store.SetPledge(f.ctx, Finance, ledger.Pledge{PotID: f.pot.ID, PartnerID: p.ID, Amount: 1000_00}); err != nil {
				t.Fatal(err)
			}
		}
		f.mustContribute(f.pot.ID, pharmacy.ID, 250_00)
		// Another pot's funders are not this pot's.
		other := f.mustPot("Andere pot", ledger.NewPot{Year: 2026, RecoveryPolicy: ledger.PolicyReport, Mandates: Ladder()})
		f.mustContribute(other.ID, pharmacy.ID, 10_00)
		fs, err := f.store.Funding(f.ctx, f.pot.ID)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, x := range fs {
			names = append(names, x.PartnerName)
		}
		// Ignoring case, "apotheek" comes before "Gemeente".
		if got, want := strings.Join(names, ","), "apotheek Noord,Gemeente Leeuwarden,Zorgverzekeraar De Friesland"; got != want {
			t.Fatalf("funders = %s; want %s (by name, ignoring case)", got, want)
		}
		if fs[0].Received != 250_00 || fs[0].Pledged != 1000_00 || fs[0].PartnerKind != ledger.KindOther || fs[1].Received != 0 {
			t.Fatalf("funding = %+v; want the pharmacy's 250.00 received of 1000.00 pledged, nothing from the others", fs)
		}
		all, err := f.store.Funding(f.ctx, "")
		if err != nil || len(all) != 4 {
			t.Fatalf("Funding of every pot = %+v, %v; want 4 rows", all, err)
		}
	})
	t.Run("FunderCommittedOnce", func(t *testing.T) {
		f := newFixture(t, open, 0)
		pharmacy := f.mustPartner("Apotheek Noord", ledger.KindOther)
		f.mustContribute(f.pot.ID, pharmacy.ID, 10_00)
		f.mustContribute(f.pot.ID, pharmacy.ID, 20_00)
		ref := string(f.pot.ID) + "/" + string(pharmacy.ID)
		if n := f.count(ledger.TxPledgeSet, ref); n != 1 {
			t.Fatalf("%d %s transactions for a partner that contributed twice; want 1, when it began to fund the pot", n, ledger.TxPledgeSet)
		}
		if tx := f.wantCommitted(ledger.PledgeRecord(f.pot.ID, pharmacy.ID, 0)); tx.Memo != "funds the pot from its first contribution on" {
			t.Fatalf("memo %q", tx.Memo)
		}
		// A partner that pledged funds the pot already: its contribution
		// commits to nothing more.
		if _, err := f.store.SetPledge(f.ctx, Finance, ledger.Pledge{PotID: f.pot.ID, PartnerID: f.partner.ID, Amount: 500_00}); err != nil {
			t.Fatal(err)
		}
		f.mustContribute(f.pot.ID, f.partner.ID, 100_00)
		ref = string(f.pot.ID) + "/" + string(f.partner.ID)
		if n := f.count(ledger.TxPledgeSet, ref); n != 1 {
			t.Fatalf("%d %s transactions for a partner that pledged, then contributed; want 1, the pledge's", n, ledger.TxPledgeSet)
		}
		f.wantCommitted(ledger.PledgeRecord(f.pot.ID, f.partner.ID, 500_00))
		fs, err := f.store.Funding(f.ctx, f.pot.ID)
		if err != nil || len(fs) != 2 || fs[0].PartnerID != pharmacy.ID || fs[0].Received != 30_00 || fs[1].Received != 100_00 {
			t.Fatalf("Funding = %+v, %v", fs, err)
		}
		f.verify()
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		f := newFixture(t, open, 0)
		const missing = "POT-01ARZ3NDEKTSV4RRFFQ69G5FAV"
		before := f.snapshot()
		for _, id := range []ledger.PotID{missing, "", "'; DROP TABLE pots; --"} {
			_, err := f.store.Balance(f.ctx, id)
			wantCode(t, err, ledger.ENOTFOUND)
			_, err = f.store.Contributions(f.ctx, id)
			wantCode(t, err, ledger.ENOTFOUND)
			_, err = f.store.SetMandates(f.ctx, Admin, id, Ladder(), ledger.Escalation{}, "")
			wantCode(t, err, ledger.ENOTFOUND)
			_, err = f.store.SetDebtorAccount(f.ctx, Finance, id, DebtorAccount(), "")
			wantCode(t, err, ledger.ENOTFOUND)
			_, err = f.store.SetPledge(f.ctx, Finance, ledger.Pledge{PotID: id, PartnerID: f.partner.ID, Amount: 5})
			wantCode(t, err, ledger.ENOTFOUND)
		}
		_, err := f.store.Funding(f.ctx, missing)
		wantCode(t, err, ledger.ENOTFOUND)
		_, err = f.store.SetPledge(f.ctx, Finance, ledger.Pledge{PotID: f.pot.ID, PartnerID: "PRT-01ARZ3NDEKTSV4RRFFQ69G5FAV", Amount: 5})
		wantCode(t, err, ledger.ENOTFOUND)
		f.unchanged(before)
	})
	t.Run("ErrRenameToItsName", func(t *testing.T) {
		f := newFixture(t, open, 0)
		_, err := f.store.RenamePot(f.ctx, Admin, f.pot.ID, ledger.Rename{Name: "Doorbraakpot"})
		wantCode(t, err, ledger.EINVALID)
		if !strings.Contains(err.Error(), `is named "Doorbraakpot" already`) {
			t.Fatalf("error %q; want it to say the pot has that name", err)
		}
		if _, err := f.store.RenamePot(f.ctx, Admin, f.pot.ID, ledger.Rename{Name: "Doorbraakfonds"}); err != nil {
			t.Fatal(err)
		}
		// The next write sees the new name, not the one it had.
		before := f.snapshot()
		_, err = f.store.RenamePot(f.ctx, Admin, f.pot.ID, ledger.Rename{Name: "Doorbraakfonds"})
		wantCode(t, err, ledger.EINVALID)
		f.unchanged(before)
	})
	t.Run("ReturnedPotIsACopy", func(t *testing.T) {
		f := newFixture(t, open, 10000_00)
		p, err := f.store.SetMandates(f.ctx, Admin, f.pot.ID, Ladder(), ledger.Escalation{}, "")
		if err != nil {
			t.Fatal(err)
		}
		// A caller that changes what it was given changes nothing stored,
		// cached or not.
		p.Mandates[0].Limit = ledger.MaxAmount
		if got := f.mustRequest(Caseworker, 2000_00); got.Status != ledger.StatusPending {
			t.Fatalf("status = %s; want pending: the caseworker's mandate is still %s", got.Status, Ladder()[0].Limit)
		}
		got, err := f.store.Pot(f.ctx, f.pot.ID)
		if err != nil || got.Mandates[0] != Ladder()[0] {
			t.Fatalf("Pot = %+v, %v; want the ladder as set", got.Mandates, err)
		}
		got.Mandates[0].Limit = ledger.MaxAmount
		if again, _ := f.store.Pot(f.ctx, f.pot.ID); again.Mandates[0] != Ladder()[0] {
			t.Fatalf("Pot = %+v after a caller changed an earlier answer", again.Mandates)
		}
		f.verify()
	})
}

// count returns the number of journal transactions of the kind and
// reference.
func (f *fixture) count(kind ledger.TxKind, ref string) int {
	f.t.Helper()
	n := 0
	for after := int64(0); ; {
		txs, err := f.store.Journal(f.ctx, after, 1000)
		if err != nil {
			f.t.Fatalf("Journal: %v", err)
		}
		for _, tx := range txs {
			if tx.Kind == kind && tx.Ref == ref {
				n++
			}
		}
		if len(txs) < 1000 {
			return n
		}
		after = txs[len(txs)-1].Seq
	}
}
