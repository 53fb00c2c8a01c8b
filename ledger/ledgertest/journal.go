package ledgertest

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/ontschot/ontschot/ledger"
)

func testListing(t *testing.T, open Opener) {
	f := newFixture(t, open, 100000_00)
	other := f.mustPot("Tweede pot", ledger.NewPot{Year: 2026, RecoveryPolicy: ledger.PolicyReport, Mandates: Ladder()})
	f.mustContribute(other.ID, f.partner.ID, 10000_00)
	var ids []ledger.PayoutID
	for i := range 5 {
		r := f.request(ledger.Cents(100_00 * (i + 1)))
		if i == 3 {
			r.Category, r.Urgency = "dental_care", ledger.UrgencyNormal
		}
		p, err := f.store.RequestPayout(f.ctx, Caseworker, r)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, p.ID)
		f.clock.Set(f.clock.Now().Add(time.Second))
	}
	held := f.mustRequest(Colleague, 3000_00)
	if _, err := f.store.RequestPayout(f.ctx, Caseworker, ValidRequest(other.ID, 10_00)); err != nil {
		t.Fatal(err)
	}
	count := func(filter ledger.PayoutFilter) int {
		t.Helper()
		page, err := f.store.Payouts(f.ctx, filter)
		if err != nil {
			t.Fatal(err)
		}
		return len(page.Payouts)
	}
	tests := []struct {
		name   string
		filter ledger.PayoutFilter
		want   int
	}{
		{"All", ledger.PayoutFilter{}, 7},
		{"Pot", ledger.PayoutFilter{PotID: f.pot.ID}, 6},
		{"Status", ledger.PayoutFilter{Status: ledger.StatusPending}, 1},
		{"Category", ledger.PayoutFilter{Category: "dental_care"}, 1},
		{"RequestedBy", ledger.PayoutFilter{RequestedBy: Colleague.User}, 1},
		{"Urgency", ledger.PayoutFilter{Urgency: ledger.UrgencyNormal}, 1},
		{"Dates", ledger.PayoutFilter{From: ledger.DateOf(Start), To: ledger.DateOf(Start)}, 7},
		{"DatesOutside", ledger.PayoutFilter{From: ledger.DateOf(Start).AddDays(1)}, 0},
		{"PotAndStatus", ledger.PayoutFilter{PotID: other.ID, Status: ledger.StatusApproved}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := count(tt.filter); got != tt.want {
				t.Fatalf("%d payouts; want %d", got, tt.want)
			}
		})
	}
	t.Run("Pages", func(t *testing.T) {
		var seen []ledger.PayoutID
		filter := ledger.PayoutFilter{PotID: f.pot.ID, Limit: 4}
		for {
			page, err := f.store.Payouts(f.ctx, filter)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range page.Payouts {
				seen = append(seen, p.ID)
				if len(p.Justification.DeviatesFrom) == 0 || p.Payee.IBAN == "" {
					t.Fatalf("listed payout %s lacks its deviations or payee", p.ID)
				}
			}
			if page.Next == "" {
				break
			}
			filter.After = page.Next
		}
		want := append([]ledger.PayoutID{held.ID}, reversed(ids)...)
		if len(seen) != len(want) {
			t.Fatalf("pages gave %v; want %v (newest first)", seen, want)
		}
		for i := range want {
			if seen[i] != want[i] {
				t.Fatalf("pages gave %v; want %v (newest first)", seen, want)
			}
		}
	})
	t.Run("ErrFilter", func(t *testing.T) {
		for _, filter := range []ledger.PayoutFilter{{Status: "open"}, {Limit: 501}, {Urgency: "now"}, {After: "nonsense"},
			{From: ledger.DateOf(Start), To: ledger.DateOf(Start).AddDays(-1)}} {
			_, err := f.store.Payouts(f.ctx, filter)
			wantCode(t, err, ledger.EINVALID)
		}
	})
	t.Run("Categories", func(t *testing.T) {
		cs, err := f.store.Categories(f.ctx)
		if err != nil || len(cs) < 10 || cs[len(cs)-1].Code != "other" {
			t.Fatalf("Categories = %v, %v; want the standard list with other last", cs, err)
		}
		if _, err := f.store.AddCategory(f.ctx, Admin, ledger.Category{Code: "glasses", Label: "Bril"}); err != nil {
			t.Fatal(err)
		}
		r := f.request(10_00)
		r.Category = "glasses"
		if _, err := f.store.RequestPayout(f.ctx, Caseworker, r); err != nil {
			t.Fatalf("request in the new category: %v", err)
		}
		_, err = f.store.AddCategory(f.ctx, Admin, ledger.Category{Code: "glasses", Label: "Bril"})
		wantCode(t, err, ledger.ECONFLICT)
		_, err = f.store.AddCategory(f.ctx, Admin, ledger.Category{Code: "Glasses!", Label: "Bril"})
		wantField(t, err, "code")
		_, err = f.store.AddCategory(f.ctx, Caseworker, ledger.Category{Code: "toys", Label: "Speelgoed"})
		wantCode(t, err, ledger.EFORBIDDEN)
	})
}

func reversed(ids []ledger.PayoutID) []ledger.PayoutID {
	out := make([]ledger.PayoutID, len(ids))
	for i, id := range ids {
		out[len(ids)-1-i] = id
	}
	return out
}

// busyFixture runs every kind of booking once.
func busyFixture(t *testing.T, open Opener) *fixture {
	f := newFixture(t, open, 50000_00)
	f.mustRequest(Caseworker, 1000_00)
	held := f.mustRequest(Caseworker, 4000_00)
	rejected := f.mustRequest(Caseworker, 2000_00)
	rev := f.mustRequest(Caseworker, 700_00)
	if _, err := f.store.DecidePayout(f.ctx, Teamlead, ledger.Decision{PayoutID: held.ID, Outcome: ledger.OutcomeApprove, Note: "akkoord"}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.store.DecidePayout(f.ctx, Teamlead, ledger.Decision{PayoutID: rejected.ID, Outcome: ledger.OutcomeReject, Note: "niet nodig"}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.store.ReversePayout(f.ctx, Finance, ledger.Reversal{PayoutID: rev.ID, Reason: "dubbel"}); err != nil {
		t.Fatal(err)
	}
	f.clock.SetDate(2026, time.April, 1)
	if _, err := f.store.ClosePeriod(f.ctx, Finance, ledger.ClosePeriod{Period: ledger.Month(2026, time.March)}); err != nil {
		t.Fatal(err)
	}
	return f
}

func testJournal(t *testing.T, open Opener) {
	f := busyFixture(t, open)
	txs, err := f.store.Journal(f.ctx, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	v := f.verify()
	if int64(len(txs)) != v.Transactions || v.HeadSeq != txs[len(txs)-1].Seq || v.HeadHash != txs[len(txs)-1].Hash {
		t.Fatalf("verification %+v does not match the %d transactions read", v, len(txs))
	}
	kinds := map[ledger.TxKind]int{}
	prev, running := ledger.GenesisHash, map[string]ledger.Cents{}
	for i, tx := range txs {
		kinds[tx.Kind]++
		if tx.Seq != int64(i+1) {
			t.Fatalf("transaction %d has seq %d; want numbering without gaps", i+1, tx.Seq)
		}
		if tx.Sum() != 0 {
			t.Fatalf("transaction %d: postings sum to %s; want 0 (double entry)", tx.Seq, tx.Sum())
		}
		if tx.PrevHash != prev || tx.ComputeHash() != tx.Hash {
			t.Fatalf("transaction %d does not chain: prev %s, hash %s", tx.Seq, tx.PrevHash, tx.Hash)
		}
		for _, p := range tx.Postings {
			running[p.Account] += p.Amount
			if running[p.Account] != p.BalanceAfter {
				t.Fatalf("transaction %d: %s after = %s; want %s", tx.Seq, p.Account, p.BalanceAfter, running[p.Account])
			}
		}
		if tx.Actor == "" || tx.ActorRole == "" || tx.RecordedAt.IsZero() || tx.ValueDate.IsZero() {
			t.Fatalf("transaction %d lacks who or when: %+v", tx.Seq, tx)
		}
		prev = tx.Hash
	}
	for _, k := range []ledger.TxKind{ledger.TxContribution, ledger.TxPayoutApproved, ledger.TxPayoutHeld, ledger.TxPayoutRejected, ledger.TxPayoutReversed, ledger.TxPeriodClosed} {
		if kinds[k] == 0 {
			t.Fatalf("no %s transaction in %v", k, kinds)
		}
	}
	// Decisions carry the decider and the mandate they were made under (invariant 8).
	for _, tx := range txs {
		if tx.Kind == ledger.TxPayoutApproved && (!strings.Contains(tx.Memo, "up to") || tx.Digest == "") {
			t.Fatalf("approval %d does not record its mandate and weighing: %+v", tx.Seq, tx)
		}
	}
	page, _ := f.store.Journal(f.ctx, 2, 3)
	if len(page) != 3 || page[0].Seq != 3 {
		t.Fatalf("Journal(2, 3) = %d transactions from %d; want 3 from 3", len(page), page[0].Seq)
	}
	// A page is the transactions numbered after+1 to after+limit: one
	// that starts before the first transaction ends where its limit says,
	// and one that ends before it is empty, however far before.
	if page, err := f.store.Journal(f.ctx, -2, 4); err != nil || len(page) != 2 || page[0].Seq != 1 {
		t.Fatalf("Journal(-2, 4) = %d transactions, %v; want 1 and 2", len(page), err)
	}
	if page, err := f.store.Journal(f.ctx, -5000, 100); err != nil || len(page) != 0 {
		t.Fatalf("Journal(-5000, 100) = %d transactions, %v; want none", len(page), err)
	}
}

func testPrivacy(t *testing.T, open Opener) {
	t.Run("PersonalDataStayOutOfTheJournal", func(t *testing.T) {
		f := busyFixture(t, open)
		txs, err := f.store.Journal(f.ctx, 0, 1000)
		if err != nil {
			t.Fatal(err)
		}
		r := f.request(1)
		secrets := []string{r.Payee.Name, "NL91ABNA0417164300", "0417164300", r.CaseRef, "Huurachterstand", "budgetplan", "Bijzondere bijstand aangevraagd"}
		for _, tx := range txs {
			c := tx.Canonical()
			for _, s := range secrets {
				if bytes.Contains(c, []byte(s)) {
					t.Fatalf("transaction %d contains %q:\n%s", tx.Seq, s, c)
				}
			}
		}
	})
	t.Run("EraseKeepsTheChain", func(t *testing.T) {
		f := busyFixture(t, open) // now 1 April
		_, err := f.store.ErasePersonalData(f.ctx, Finance, ledger.DateOf(f.clock.Now()))
		wantCode(t, err, ledger.EFORBIDDEN)
		_, err = f.store.ErasePersonalData(f.ctx, Admin, ledger.DateOf(f.clock.Now()).AddDays(1))
		wantCode(t, err, ledger.EINVALID)
		n, err := f.store.ErasePersonalData(f.ctx, Admin, ledger.DateOf(f.clock.Now()))
		if err != nil || n != 2 {
			t.Fatalf("ErasePersonalData = %d, %v; want the rejected and the reversed payout", n, err)
		}
		page, _ := f.store.Payouts(f.ctx, ledger.PayoutFilter{})
		for _, p := range page.Payouts {
			closed := p.Status == ledger.StatusRejected || p.Status == ledger.StatusReversed
			if p.Payee.Erased != closed || (closed && (p.Payee.Name != "" || p.Payee.IBAN != "")) {
				t.Fatalf("payout %s (%s) payee = %+v", p.ID, p.Status, p.Payee)
			}
		}
		v := f.verify()
		if v.Erased != 2 {
			t.Fatalf("verification counts %d erased records; want 2", v.Erased)
		}
		if n, err := f.store.ErasePersonalData(f.ctx, Admin, ledger.DateOf(f.clock.Now())); err != nil || n != 0 {
			t.Fatalf("second erasure = %d, %v; want nothing left to erase", n, err)
		}
	})
}
