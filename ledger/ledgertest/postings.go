package ledgertest

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/ontschot/ontschot/ledger"
)

// testPostingSums books, decides, reverses, allocates, corrects, settles,
// contributes and pays in random order over two pots and several months
// (and, now and then, many payouts at once, so that one group of writes
// adds many postings to the same sums), and after every step compares
// PostingTotals, which the store answers from the sums of postings it
// keeps per month, with totals this test sums from the journal's
// postings: over everything, whole months, ranges that cut months, every
// pot, and up to an earlier transaction (MaxSeq). Verify recomputes the
// kept sums too. A fast answer can never drift from the true one.
func testPostingSums(t *testing.T, open Opener) {
	f := newFixture(t, open, 200000_00)
	second := f.mustPot("Tweede pot", ledger.NewPot{Year: 2026, RecoveryPolicy: ledger.PolicyReport, Mandates: Ladder()})
	f.mustContribute(second.ID, f.partner.ID, 200000_00)
	pots := []ledger.PotID{f.pot.ID, second.ID}
	for _, pot := range pots {
		if _, err := f.store.SetDebtorAccount(f.ctx, Finance, pot, DebtorAccount(), ""); err != nil {
			t.Fatal(err)
		}
	}
	f.mustParty("Woonbedrijf Noord", ledger.PartyHousingCorporation)
	rng := rand.New(rand.NewPCG(7, 41))
	categories := []string{"rent_arrears", "dental_care", "hearing_aid", "transport", "other"}

	// category is the test's own record of each payout's category, by
	// which the totals of approvals and reversals are split.
	category := map[ledger.PayoutID]string{}
	var pending, approved []ledger.Payout
	var receivables []ledger.ReceivableID
	request := func(pot ledger.PotID, amount ledger.Cents) (ledger.Payout, error) {
		r := ValidRequest(pot, amount)
		r.Category = categories[rng.IntN(len(categories))]
		p, err := f.store.RequestPayout(f.ctx, Caseworker, r)
		if err == nil {
			category[p.ID] = r.Category
		}
		return p, err
	}
	keep := func(p ledger.Payout) {
		if p.Status == ledger.StatusPending {
			pending = append(pending, p)
		} else {
			approved = append(approved, p)
		}
	}
	pick := func(ps *[]ledger.Payout) (ledger.Payout, bool) {
		if len(*ps) == 0 {
			return ledger.Payout{}, false
		}
		i := rng.IntN(len(*ps))
		p := (*ps)[i]
		*ps = slices.Delete(*ps, i, i+1)
		return p, true
	}

	for step := range 120 {
		today := ledger.DateOf(f.clock.Now())
		switch op := rng.IntN(12); op {
		case 0, 1, 2:
			p, err := request(pots[rng.IntN(2)], ledger.Cents(10_00+rng.IntN(1400_00)))
			if err != nil {
				t.Fatalf("step %d: request: %v", step, err)
			}
			keep(p)
		case 3:
			// Above the caseworker's mandate: it waits for the team lead.
			p, err := request(pots[rng.IntN(2)], ledger.Cents(1600_00+rng.IntN(3000_00)))
			if err != nil {
				t.Fatalf("step %d: request: %v", step, err)
			}
			keep(p)
		case 4:
			p, ok := pick(&pending)
			if !ok {
				continue
			}
			d := ledger.Decision{PayoutID: p.ID, Outcome: ledger.OutcomeApprove}
			if rng.IntN(3) == 0 {
				d = ledger.Decision{PayoutID: p.ID, Outcome: ledger.OutcomeReject, Note: "Past niet binnen de pot."}
			}
			p, err := f.store.DecidePayout(f.ctx, Teamlead, d)
			if err != nil {
				t.Fatalf("step %d: decide: %v", step, err)
			}
			if p.Status == ledger.StatusApproved {
				approved = append(approved, p)
			}
		case 5:
			p, ok := pick(&approved)
			if !ok {
				continue
			}
			_, err := f.store.ReversePayout(f.ctx, Finance, ledger.Reversal{PayoutID: p.ID, Reason: "Dubbel aangevraagd"})
			if c := ledger.ErrorCode(err); c == ledger.ECONFLICT {
				continue // paid, or a receivable stands in the way
			} else if err != nil {
				t.Fatalf("step %d: reverse: %v", step, err)
			}
		case 6, 7:
			if len(approved) == 0 {
				continue
			}
			p := approved[rng.IntN(len(approved))]
			third := p.Amount / 3
			var lines []ledger.AllocationLine
			switch rng.IntN(4) {
			case 0:
				lines = []ledger.AllocationLine{wmo(third), jeugd(third), maatwerk(p.Amount - 2*third)}
			case 1:
				lines = []ledger.AllocationLine{party("Woonbedrijf Noord", third), maatwerk(p.Amount - third)}
			case 2:
				lines = []ledger.AllocationLine{maatwerk(p.Amount)}
			case 3:
				lines = nil // withdraw the allocation
			}
			a, err := f.store.Allocate(f.ctx, Finance, ledger.AllocationRequest{PayoutID: p.ID, Lines: lines, Note: fmt.Sprintf("Stap %d", step)})
			if c := ledger.ErrorCode(err); c == ledger.ECONFLICT || c == ledger.EINVALID {
				continue // allocated so already, nothing to withdraw, or settled
			} else if err != nil {
				t.Fatalf("step %d: allocate: %v", step, err)
			}
			for _, l := range a.Lines {
				if l.ReceivableID != "" {
					receivables = append(receivables, l.ReceivableID)
				}
			}
		case 8:
			if len(receivables) == 0 {
				continue
			}
			id := receivables[rng.IntN(len(receivables))]
			_, err := f.store.Settle(f.ctx, Finance, ledger.Settlement{ReceivableID: id, Amount: ledger.Cents(1 + rng.IntN(50_00)), ValueDate: today, Reference: fmt.Sprintf("Stap %d", step)})
			if c := ledger.ErrorCode(err); c == ledger.ECONFLICT || c == ledger.EINVALID {
				continue // cancelled, settled, or more than is open
			} else if err != nil {
				t.Fatalf("step %d: settle: %v", step, err)
			}
		case 9:
			f.mustContribute(pots[rng.IntN(2)], f.partner.ID, ledger.Cents(1+rng.IntN(5000_00)))
		case 10:
			_, err := f.store.CreatePaymentBatch(f.ctx, Finance, ledger.NewPaymentBatch{PotID: pots[rng.IntN(2)]})
			if c := ledger.ErrorCode(err); c == ledger.ECONFLICT || c == ledger.EINVALID || c == ledger.ENOTFOUND {
				continue // nothing to pay
			} else if err != nil {
				t.Fatalf("step %d: pay: %v", step, err)
			}
			// Paid payouts are no longer reversed by this test.
			approved = approved[:0]
		case 11:
			// Many payouts at once: groups of writes that add many
			// postings to the same sums, some of them refused.
			var mu sync.Mutex
			var wg sync.WaitGroup
			for range 12 {
				pot, amount := pots[rng.IntN(2)], ledger.Cents(10_00+rng.IntN(1400_00))
				r := ValidRequest(pot, amount)
				r.Category = categories[rng.IntN(2)]
				wg.Go(func() {
					p, err := f.store.RequestPayout(f.ctx, Caseworker, r)
					if err != nil {
						t.Errorf("step %d: request at once: %v", step, err)
						return
					}
					mu.Lock()
					defer mu.Unlock()
					category[p.ID] = r.Category
					keep(p)
				})
			}
			wg.Wait()
			if t.Failed() {
				t.FailNow()
			}
		}
		// Now and then a few days pass, so the postings fall in several
		// months of the pots' year.
		if rng.IntN(4) == 0 {
			if next := f.clock.Now().AddDate(0, 0, 2+rng.IntN(12)); next.Year() == 2026 {
				f.clock.Set(next)
			}
		}
		checkPostingTotals(t, f, step, pots, category, rng)
	}
	f.verify()
}

// checkPostingTotals compares the store's PostingTotals with totals summed
// from the journal's postings, for every pot and for each pot alone: over
// everything, over a range of whole months, over a range that cuts months,
// and up to an earlier transaction.
func checkPostingTotals(t *testing.T, f *fixture, step int, pots []ledger.PotID, category map[ledger.PayoutID]string, rng *rand.Rand) {
	t.Helper()
	var journal []ledger.Transaction
	for {
		page, err := f.store.Journal(f.ctx, int64(len(journal)), 1000)
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 {
			break
		}
		journal = append(journal, page...)
	}
	head := int64(len(journal))
	first := ledger.DateOf(Start)
	last := ledger.DateOf(f.clock.Now())
	day := func() ledger.Date { return first.AddDays(rng.IntN(first.DaysUntil(last) + 1)) }
	monthStart := func(d ledger.Date) ledger.Date { return ledger.NewDate(d.Year(), d.Month(), 1) }

	for _, pot := range append([]ledger.PotID{""}, pots...) {
		from, to := day(), day()
		if to.Before(from) {
			from, to = to, from
		}
		queries := []ledger.PostingQuery{
			{PotID: pot},
			{PotID: pot, From: monthStart(from), To: monthStart(to).AddMonths(1).AddDays(-1)},
			{PotID: pot, From: from, To: to},
			{PotID: pot, To: to},
			{PotID: pot, From: from},
			{PotID: pot, From: from, To: to, MaxSeq: 1 + rng.Int64N(head)},
			{PotID: pot, MaxSeq: head},
		}
		for _, q := range queries {
			got, err := f.store.PostingTotals(f.ctx, q)
			if err != nil {
				t.Fatalf("step %d: PostingTotals(%+v): %v", step, q, err)
			}
			want := sumPostings(journal, q, category)
			if !slices.Equal(got, want) {
				t.Fatalf("step %d: PostingTotals(%+v) =\n%s\nthe journal's postings give\n%s", step, q, showTotals(got), showTotals(want))
			}
		}
	}
}

// sumPostings sums the postings of journal that q selects as PostingTotals
// does, with the payouts' categories from category.
func sumPostings(journal []ledger.Transaction, q ledger.PostingQuery, category map[ledger.PayoutID]string) []ledger.PostingTotal {
	type key struct {
		account  string
		kind     ledger.TxKind
		month    string
		category string
	}
	sums := map[key]*ledger.PostingTotal{}
	for _, t := range journal {
		switch {
		case q.PotID != "" && t.PotID != q.PotID,
			!q.From.IsZero() && t.ValueDate.Before(q.From),
			!q.To.IsZero() && t.ValueDate.After(q.To),
			q.MaxSeq > 0 && t.Seq > q.MaxSeq:
			continue
		}
		c := ""
		if t.Kind == ledger.TxPayoutApproved || t.Kind == ledger.TxPayoutReversed {
			c = category[ledger.PayoutID(t.Ref)]
		}
		for _, p := range t.Postings {
			k := key{p.Account, t.Kind, t.ValueDate.String()[:7], c}
			s := sums[k]
			if s == nil {
				s = &ledger.PostingTotal{Account: p.Account, Kind: t.Kind, Month: k.month, Category: c}
				sums[k] = s
			}
			s.Amount += p.Amount
			s.Count++
		}
	}
	out := []ledger.PostingTotal{}
	for _, s := range sums {
		out = append(out, *s)
	}
	slices.SortFunc(out, func(a, b ledger.PostingTotal) int {
		return cmp.Or(cmp.Compare(a.Account, b.Account), cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Month, b.Month), cmp.Compare(a.Category, b.Category))
	})
	return out
}

func showTotals(ts []ledger.PostingTotal) string {
	s := ""
	for _, t := range ts {
		s += fmt.Sprintf("  %s %s %s %q: %s (%d)\n", t.Account, t.Kind, t.Month, t.Category, t.Amount, t.Count)
	}
	return s
}

// PostingSumTampering changes the sums of postings behind the store's
// back in a ledger with a recorded checkpoint (continued) and checks what
// a full and an incremental verification find: a full one every changed,
// added or deleted sum; an incremental one those of the pots' months that
// the transactions after the checkpoint posted to (recomputed from all of
// those months' postings), not those of months nothing new touched. An
// engine's test calls it beside VerifyTampering.
func PostingSumTampering(t *testing.T, open Tamperer) {
	tests := []struct {
		name string
		// change returns the statements to run on the ledger of
		// continued, whose pot c.pot had payouts after the checkpoint
		// and whose second pot had none; and what the incremental and
		// the full verification must say ("": that it verifies).
		change            func(c *continued) []string
		incremental, full string
	}{
		{"SumOfATouchedMonth", func(c *continued) []string {
			// The contribution before the checkpoint: its month was
			// touched since, so all of it is summed again.
			return []string{fmt.Sprintf(`UPDATE posting_sums SET amount = amount + 1 WHERE pot_id = '%s' AND kind = 'contribution' AND amount > 0`, c.pot.ID)}
		}, "is stored as 2 postings and 51000.01, but the journal's postings give 2 and 51000.00", "is stored as 2 postings and 51000.01, but the journal's postings give 2 and 51000.00"},
		{"SumDeleted", func(c *continued) []string {
			return []string{fmt.Sprintf(`DELETE FROM posting_sums WHERE pot_id = '%s' AND kind = 'payout_approved'`, c.pot.ID)}
		}, "is stored as 0 postings and 0.00, but the journal's postings give", "is stored as 0 postings and 0.00, but the journal's postings give"},
		{"SumOfAnUntouchedPot", func(c *continued) []string {
			return []string{`UPDATE posting_sums SET n = n + 1 WHERE kind = 'contribution' AND amount = 70000`}
		}, "", "is stored as 2 postings and 700.00, but the journal's postings give 1 and 700.00"},
		{"SumOfAnUntouchedMonth", func(c *continued) []string {
			return []string{fmt.Sprintf(`INSERT INTO posting_sums (pot_id, month, account_id, kind, category, amount, n)
				SELECT pot_id, '2026-02', account_id, kind, category, amount, n FROM posting_sums WHERE pot_id = '%s' AND kind = 'contribution'`, c.pot.ID)}
		}, "", "contribution transactions in 2026-02"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := NewClock(Start)
			store, exec := open(t, clock)
			c := newContinued(t, store, clock)
			exec(tt.change(c)...)
			for _, check := range []struct {
				what    string
				opts    ledger.VerifyOptions
				problem string
			}{{"full", ledger.VerifyOptions{}, tt.full}, {"incremental", incremental, tt.incremental}} {
				v := c.mustVerify(check.opts)
				if check.what == "incremental" && (v.Full || v.FromSeq == 0) {
					t.Fatalf("the incremental verification read everything (full %v, from %d)", v.Full, v.FromSeq)
				}
				switch {
				case check.problem == "" && !v.OK:
					t.Fatalf("the %s verification fails: %v", check.what, v.Failure)
				case check.problem != "" && (v.OK || !strings.Contains(v.Failure.Problem, check.problem)):
					t.Fatalf("the %s verification = ok %v, %v; want a failure saying %q", check.what, v.OK, v.Failure, check.problem)
				}
			}
		})
	}
}
