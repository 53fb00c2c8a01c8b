package ledgertest

import (
	"cmp"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/ontschot/ontschot/ledger"
)

// testPaging walks every paged list (receivables, payment batches, an
// approver's inbox, a requester's requests and the evaluations they owe)
// a few items at a time, forwards with the next cursors and back with the
// previous ones, and checks that each walk shows every item of the list
// exactly once, in the list's order, with totals on every page that are
// those of the whole list, as counted here from what the test booked.
func testPaging(t *testing.T, open Opener) {
	t.Run("Receivables", func(t *testing.T) {
		f := newFixture(t, open, 100000_00)
		elkien := f.mustParty("Woonstichting Elkien", ledger.PartyHousingCorporation)
		zk := f.mustParty("Zorgverzekeraar Zilveren Kruis", ledger.PartyHealthInsurer)
		// Eleven receivables over two parties, some booked in the same
		// allocation (the same instant), then some settled in part or in
		// full and one cancelled by a correction.
		var all []ledger.Receivable
		for i := range 8 {
			f.clock.Set(Start.Add(time.Duration(i) * time.Minute))
			p := f.mustRequest(Caseworker, 1000_00)
			lines := []ledger.AllocationLine{party(elkien.Name, ledger.Cents(100_00+i)), maatwerk(1000_00 - ledger.Cents(100_00+i))}
			if i%3 == 0 {
				lines = []ledger.AllocationLine{party(elkien.Name, 200_00), party(zk.Name, ledger.Cents(300_00+i)), maatwerk(500_00 - ledger.Cents(i))}
			}
			a := f.mustAllocate(p.ID, "", lines...)
			for _, l := range a.Lines {
				if l.ReceivableID != "" {
					r, err := f.store.Receivable(f.ctx, l.ReceivableID)
					if err != nil {
						t.Fatal(err)
					}
					all = append(all, r)
				}
			}
		}
		if len(all) != 11 {
			t.Fatalf("%d receivables booked; want 11", len(all))
		}
		today := ledger.DateOf(f.clock.Now())
		settle := func(id ledger.ReceivableID, amount ledger.Cents) {
			t.Helper()
			if _, err := f.store.Settle(f.ctx, Finance, ledger.Settlement{ReceivableID: id, Amount: amount, ValueDate: today, Reference: "Betaling " + string(id)}); err != nil {
				t.Fatal(err)
			}
		}
		settle(all[1].ID, all[1].Amount)
		settle(all[4].ID, 50_00)
		settle(all[9].ID, all[9].Amount)
		cancelled := all[7].PayoutID
		f.mustAllocate(cancelled, "Toch maatwerk", maatwerk(1000_00))
		for i := range all {
			r, err := f.store.Receivable(f.ctx, all[i].ID)
			if err != nil {
				t.Fatal(err)
			}
			all[i] = r
		}
		// The list's order: by creation, then id.
		slices.SortFunc(all, func(a, b ledger.Receivable) int {
			if c := a.CreatedAt.Compare(b.CreatedAt); c != 0 {
				return c
			}
			return cmp.Compare(a.ID, b.ID)
		})
		for _, filter := range []ledger.ReceivableFilter{{}, {Status: ledger.ReceivableOpen}, {Status: ledger.ReceivableSettled}, {PartyID: elkien.ID},
			{PotID: f.pot.ID, Status: ledger.ReceivableOpen}, {PartyID: zk.ID, Status: ledger.ReceivableOpen}, {PayoutID: all[0].PayoutID}} {
			var want []ledger.ReceivableID
			var open ledger.Cents
			for _, r := range all {
				if (filter.Status == "" || r.Status == filter.Status) && (filter.PartyID == "" || r.PartyID == filter.PartyID) &&
					(filter.PotID == "" || r.PotID == filter.PotID) && (filter.PayoutID == "" || r.PayoutID == filter.PayoutID) {
					want = append(want, r.ID)
					open += r.Open
				}
			}
			for _, limit := range []int{1, 3, 4, 50} {
				name := fmt.Sprintf("%+v, %d a page", filter, limit)
				walk(t, name, want, func(after, before ledger.ReceivableID) ([]ledger.ReceivableID, ledger.ReceivableID, ledger.ReceivableID) {
					q := filter
					q.After, q.Before, q.Limit = after, before, limit
					page, err := f.store.Receivables(f.ctx, q)
					if err != nil {
						t.Fatalf("%s: Receivables(after %q, before %q): %v", name, after, before, err)
					}
					if page.Total != len(want) || page.Open != open {
						t.Fatalf("%s: totals %d receivables, %s open; want %d, %s", name, page.Total, page.Open, len(want), open)
					}
					var ids []ledger.ReceivableID
					for _, r := range page.Receivables {
						ids = append(ids, r.ID)
						if r.Status == ledger.ReceivableOpen && r.Open != r.Amount-r.Settled {
							t.Fatalf("%s: receivable %s shows %s open of %s, %s settled", name, r.ID, r.Open, r.Amount, r.Settled)
						}
					}
					return ids, page.Next, page.Prev
				})
			}
		}
		// A cursor stays good when its receivable left the list: the
		// settled one's place is kept.
		settled := all[slices.IndexFunc(all, func(r ledger.Receivable) bool { return r.Status == ledger.ReceivableSettled })]
		page, err := f.store.Receivables(f.ctx, ledger.ReceivableFilter{Status: ledger.ReceivableOpen, After: settled.ID, Limit: 50})
		if err != nil || len(page.Receivables) == 0 || page.Receivables[0].CreatedAt.Before(settled.CreatedAt) || page.Prev != page.Receivables[0].ID {
			t.Fatalf("open after a settled cursor = %+v, %v", page, err)
		}
		// Mistakes in a page are refused with the field to correct.
		_, err = f.store.Receivables(f.ctx, ledger.ReceivableFilter{After: "RCV-01ARZ3NDEKTSV4RRFFQ69G5FAV"})
		wantField(t, err, "after")
		_, err = f.store.Receivables(f.ctx, ledger.ReceivableFilter{Before: "nonsense"})
		wantField(t, err, "before")
		_, err = f.store.Receivables(f.ctx, ledger.ReceivableFilter{After: all[0].ID, Before: all[1].ID})
		wantField(t, err, "before")
		_, err = f.store.Receivables(f.ctx, ledger.ReceivableFilter{Limit: ledger.MaxPageSize + 1})
		wantField(t, err, "limit")
		f.verify()
	})

	t.Run("PaymentBatches", func(t *testing.T) {
		f := newFixture(t, open, 100000_00)
		if _, err := f.store.SetDebtorAccount(f.ctx, Finance, f.pot.ID, DebtorAccount(), ""); err != nil {
			t.Fatal(err)
		}
		made := map[ledger.PaymentBatchID]bool{}
		var payouts int
		var amount ledger.Cents
		for i := range 7 {
			// Two batches in the same instant now and then: the id
			// orders them.
			if i%3 != 2 {
				f.clock.Set(Start.Add(time.Duration(i) * time.Hour))
			}
			for j := range 1 + i%2 {
				f.mustRequest(Caseworker, ledger.Cents(100_00+10*i+j))
				payouts++
				amount += ledger.Cents(100_00 + 10*i + j)
			}
			b, err := f.store.CreatePaymentBatch(f.ctx, Finance, ledger.NewPaymentBatch{})
			if err != nil {
				t.Fatal(err)
			}
			made[b.ID] = true
		}
		// Newest first; batches of one instant by id, largest first.
		list, err := f.store.PaymentBatches(f.ctx, ledger.PaymentBatchFilter{Limit: ledger.MaxPageSize})
		if err != nil {
			t.Fatal(err)
		}
		var want []ledger.PaymentBatchID
		for i, b := range list.Batches {
			if !made[b.ID] {
				t.Fatalf("batch %s listed; it was not made", b.ID)
			}
			want = append(want, b.ID)
			if i > 0 {
				prev := list.Batches[i-1]
				if prev.CreatedAt.Before(b.CreatedAt) || prev.CreatedAt.Equal(b.CreatedAt) && prev.ID < b.ID {
					t.Fatalf("batches out of order: %s (%s) before %s (%s)", prev.ID, prev.CreatedAt, b.ID, b.CreatedAt)
				}
			}
			if len(b.Groups) != 1 || b.Groups[0].Amount != b.Amount {
				t.Fatalf("batch %s listed with groups %+v", b.ID, b.Groups)
			}
		}
		if len(want) != 7 {
			t.Fatalf("%d batches listed; want 7", len(want))
		}
		for _, limit := range []int{1, 2, 3, 7} {
			name := fmt.Sprintf("%d a page", limit)
			walk(t, name, want, func(after, before ledger.PaymentBatchID) ([]ledger.PaymentBatchID, ledger.PaymentBatchID, ledger.PaymentBatchID) {
				page, err := f.store.PaymentBatches(f.ctx, ledger.PaymentBatchFilter{After: after, Before: before, Limit: limit})
				if err != nil {
					t.Fatalf("%s: PaymentBatches(after %q, before %q): %v", name, after, before, err)
				}
				if page.Total != 7 || page.Payouts != payouts || page.Amount != amount {
					t.Fatalf("%s: totals %d batches, %d payouts, %s; want 7, %d, %s", name, page.Total, page.Payouts, page.Amount, payouts, amount)
				}
				var ids []ledger.PaymentBatchID
				for _, b := range page.Batches {
					ids = append(ids, b.ID)
				}
				return ids, page.Next, page.Prev
			})
		}
		_, err = f.store.PaymentBatches(f.ctx, ledger.PaymentBatchFilter{After: "BATCH-01ARZ3NDEKTSV4RRFFQ69G5FAV"})
		wantField(t, err, "after")
		_, err = f.store.PaymentBatches(f.ctx, ledger.PaymentBatchFilter{Limit: -1})
		wantField(t, err, "limit")
		f.verify()
	})

	t.Run("FactPages", func(t *testing.T) {
		f := newFixture(t, open, 1000000_00)
		other := f.mustPot("Tweede pot", ledger.NewPot{Year: 2026, RecoveryPolicy: ledger.PolicyReport, Mandates: Ladder()})
		f.mustContribute(other.ID, f.partner.ID, 100000_00)
		// Over six days two requests a day on the pot and one on the
		// other, so a period's payouts of one pot lie among the other's.
		var ours, all []ledger.PayoutID
		outside := map[ledger.PotID]ledger.PayoutID{}
		from, to := ledger.DateOf(Start).AddDays(1), ledger.DateOf(Start).AddDays(4)
		for day := range 6 {
			for i := range 3 {
				f.clock.Set(Start.Add(time.Duration(day)*24*time.Hour + time.Duration(i)*time.Minute))
				pot := f.pot.ID
				if i == 1 {
					pot = other.ID
				}
				p, err := f.store.RequestPayout(f.ctx, Caseworker, ValidRequest(pot, ledger.Cents(100_00+day*10+i)))
				if err != nil {
					t.Fatal(err)
				}
				if d := ledger.DateOf(f.clock.Now()); d.Before(from) || to.Before(d) {
					outside[pot] = p.ID
					continue
				}
				all = append(all, p.ID)
				if pot == f.pot.ID {
					ours = append(ours, p.ID)
				}
			}
		}
		read := func(p ledger.FactPage) (facts []ledger.PayoutFact, more bool, err error) {
			err = f.store.Aggregates(f.ctx, func(r ledger.AggregateReader) error {
				facts, more, err = r.FactPage(p)
				return err
			})
			return facts, more, err
		}
		for name, c := range map[string]struct {
			pot  ledger.PotID
			want []ledger.PayoutID
		}{"OnePot": {f.pot.ID, ours}, "EveryPot": {"", all}} {
			walk(t, name, c.want, func(after, before ledger.PayoutID) (ids []ledger.PayoutID, next, prev ledger.PayoutID) {
				facts, more, err := read(ledger.FactPage{FactFilter: ledger.FactFilter{PotID: c.pot, From: from, To: to}, After: after, Before: before, Limit: 2})
				if err != nil {
					t.Fatalf("%s: page after %q, before %q: %v", name, after, before, err)
				}
				for _, x := range facts {
					if (c.pot != "" && x.PotID != c.pot) || x.ValueDate.Before(from) || to.Before(x.ValueDate) {
						t.Fatalf("%s: %s of pot %s, %s is not of the filter", name, x.ID, x.PotID, x.ValueDate)
					}
					ids = append(ids, x.ID)
				}
				if len(ids) == 0 {
					return nil, "", ""
				}
				if before != "" || more {
					next = ids[len(ids)-1]
				}
				if after != "" || (before != "" && more) {
					prev = ids[0]
				}
				return ids, next, prev
			})
		}
		filter := ledger.FactFilter{PotID: f.pot.ID, From: from, To: to}
		for name, c := range map[string]struct {
			page ledger.FactPage
			code string
		}{
			"CursorOfTheFilter":  {ledger.FactPage{FactFilter: filter, After: ours[0], Limit: 2}, ""},
			"CursorOfOtherPot":   {ledger.FactPage{FactFilter: filter, After: outside[other.ID], Limit: 2}, ledger.EINVALID},
			"CursorOutside":      {ledger.FactPage{FactFilter: filter, Before: outside[f.pot.ID], Limit: 2}, ledger.EINVALID},
			"NotAPayout":         {ledger.FactPage{FactFilter: filter, After: "PAY-01ARZ3NDEKTSV4RRFFQ69G5FAV", Limit: 2}, ledger.EINVALID},
			"NoLimit":            {ledger.FactPage{FactFilter: filter}, ledger.EINVALID},
			"LimitTooLarge":      {ledger.FactPage{FactFilter: filter, Limit: ledger.MaxIndexPage + 1}, ledger.EINVALID},
			"BothCursors":        {ledger.FactPage{FactFilter: filter, After: ours[0], Before: ours[2], Limit: 2}, ledger.EINVALID},
			"EndsBeforeItStarts": {ledger.FactPage{FactFilter: ledger.FactFilter{From: to, To: from}, Limit: 2}, ledger.EINVALID},
			"NoSuchPot":          {ledger.FactPage{FactFilter: ledger.FactFilter{PotID: "POT-01ARZ3NDEKTSV4RRFFQ69G5FAV"}, Limit: 2}, ledger.ENOTFOUND},
		} {
			if _, _, err := read(c.page); ledger.ErrorCode(err) != c.code {
				t.Errorf("%s: %v; want code %q", name, err, c.code)
			}
		}
	})
	t.Run("WorkLists", func(t *testing.T) {
		f := newFixture(t, open, 1000000_00)
		other := f.mustPot("Tweede pot", ledger.NewPot{Year: 2026, RecoveryPolicy: ledger.PolicyReport, Mandates: []ledger.MandateLevel{
			{Role: ledger.RoleCaseworker, Limit: 500_00}, {Role: ledger.RoleTeamlead, Limit: 20000_00}, {Role: ledger.RoleAlderman, Unlimited: true}}})
		f.mustContribute(other.ID, f.partner.ID, 100000_00)
		// Requests over three months, by three people, on two pots:
		// some within the requester's mandate (approved at once), some
		// waiting, some of the waiting ones above a teamlead's level.
		type booked struct {
			p   ledger.Payout
			pot ledger.Pot
		}
		var made []booked
		day := 0
		for i := range 18 {
			f.clock.Set(Start.AddDate(0, 0, day).Add(time.Duration(i) * time.Minute))
			if i%4 == 3 {
				day += 9
			}
			who := []ledger.Actor{Caseworker, Colleague, Teamlead}[i%3]
			pot := f.pot
			if i%5 == 4 {
				pot = other
			}
			amount := []ledger.Cents{400_00, 3000_00, 12000_00, 1200_00, 30000_00, 4999_00}[i%6]
			r := ValidRequest(pot.ID, amount)
			p, err := f.store.RequestPayout(f.ctx, who, r)
			if err != nil {
				t.Fatalf("request %d: %v", i, err)
			}
			made = append(made, booked{p, pot})
		}
		// Forty days on, the first pot's approved payouts are paid (the
		// other pot's wait for a payment batch: they cannot be evaluated,
		// and nobody owes their evaluation yet: Evaluations/OnlyPaid),
		// some of the paid ones are evaluated by their requesters, and
		// one waiting is rejected.
		f.clock.Set(Start.AddDate(0, 0, day+40))
		f.mustPay()
		for i := range made {
			p, err := f.store.Payout(f.ctx, made[i].p.ID)
			if err != nil {
				t.Fatal(err)
			}
			made[i].p = p
		}
		actors := map[string]ledger.Actor{Caseworker.User: Caseworker, Colleague.User: Colleague, Teamlead.User: Teamlead}
		var evaluated = map[ledger.PayoutID]bool{}
		for i, b := range made {
			if b.p.Status == ledger.StatusPaid && i%2 == 0 {
				if _, err := f.store.Evaluate(f.ctx, actors[b.p.RequestedBy], ledger.EvaluationRequest{PayoutID: b.p.ID, Outcome: ledger.EvalEffective, Note: "Hielp"}); err != nil {
					t.Fatalf("evaluate %d: %v", i, err)
				}
				evaluated[b.p.ID] = true
			}
		}
		for i, b := range made {
			if b.p.Status == ledger.StatusPending && b.p.Amount == 3000_00 && b.p.RequestedBy != Manager.User {
				d, err := f.store.DecidePayout(f.ctx, Manager, ledger.Decision{PayoutID: b.p.ID, Outcome: ledger.OutcomeReject, Note: "Niet nodig"})
				if err != nil {
					t.Fatalf("reject %d: %v", i, err)
				}
				made[i].p = d
				break
			}
		}

		// The inbox of each decider: pending, not their own, within
		// their level on the pot; oldest first.
		for _, who := range []ledger.Actor{Teamlead, Teamlead2, Manager, Alderman} {
			var want []ledger.PayoutID
			pending := 0
			for _, b := range made {
				if b.p.Status != ledger.StatusPending {
					continue
				}
				pending++
				if _, err := b.pot.CheckDecision(&b.p, who); err == nil {
					want = append(want, b.p.ID)
				}
			}
			for _, limit := range []int{1, 2, 5} {
				name := fmt.Sprintf("inbox of %s, %d a page", who.User, limit)
				walk(t, name, want, func(after, before ledger.PayoutID) ([]ledger.PayoutID, ledger.PayoutID, ledger.PayoutID) {
					page, err := f.store.Inbox(f.ctx, who, ledger.WorkFilter{After: after, Before: before, Limit: limit})
					if err != nil {
						t.Fatalf("%s: Inbox(after %q, before %q): %v", name, after, before, err)
					}
					if page.Total != len(want) || page.Others != pending-len(want) {
						t.Fatalf("%s: %d to decide, %d for others; want %d, %d", name, page.Total, page.Others, len(want), pending-len(want))
					}
					return payoutIDs(page.Payouts), page.Next, page.Prev
				})
			}
		}
		_, err := f.store.Inbox(f.ctx, Auditor, ledger.WorkFilter{})
		wantCode(t, err, ledger.EFORBIDDEN)
		_, err = f.store.Inbox(f.ctx, Teamlead, ledger.WorkFilter{After: "PAY-01ARZ3NDEKTSV4RRFFQ69G5FAV"})
		wantField(t, err, "after")

		// Each requester's requests, newest first, and the evaluations
		// they owe (paid, not evaluated, 60 days or more ago), the
		// longest overdue first.
		due := ledger.DateOf(f.clock.Now()).AddDays(-ledger.EvaluationDueDays)
		for _, who := range []ledger.Actor{Caseworker, Colleague, Teamlead, Manager} {
			var mine, owed []ledger.PayoutID
			for i := len(made) - 1; i >= 0; i-- {
				if made[i].p.RequestedBy == who.User {
					mine = append(mine, made[i].p.ID)
				}
			}
			for _, b := range made {
				p := b.p
				if p.RequestedBy == who.User && p.Status == ledger.StatusPaid && !evaluated[p.ID] && !p.ValueDate.After(due) {
					owed = append(owed, p.ID)
				}
			}
			for _, limit := range []int{1, 2, 50} {
				name := fmt.Sprintf("requests of %s, %d a page", who.User, limit)
				walk(t, name, mine, func(after, before ledger.PayoutID) ([]ledger.PayoutID, ledger.PayoutID, ledger.PayoutID) {
					page, err := f.store.Requests(f.ctx, who, ledger.WorkFilter{After: after, Before: before, Limit: limit})
					if err != nil {
						t.Fatalf("%s: Requests(after %q, before %q): %v", name, after, before, err)
					}
					if page.Total != len(mine) {
						t.Fatalf("%s: total %d; want %d", name, page.Total, len(mine))
					}
					return payoutIDs(page.Payouts), page.Next, page.Prev
				})
				name = fmt.Sprintf("evaluations %s owes, %d a page", who.User, limit)
				walk(t, name, owed, func(after, before ledger.PayoutID) ([]ledger.PayoutID, ledger.PayoutID, ledger.PayoutID) {
					page, err := f.store.OwedEvaluations(f.ctx, who, ledger.WorkFilter{After: after, Before: before, Limit: limit})
					if err != nil {
						t.Fatalf("%s: OwedEvaluations(after %q, before %q): %v", name, after, before, err)
					}
					if page.Total != len(owed) {
						t.Fatalf("%s: total %d; want %d", name, page.Total, len(owed))
					}
					return payoutIDs(page.Payouts), page.Next, page.Prev
				})
			}
		}
		if owed, err := f.store.OwedEvaluations(f.ctx, Caseworker, ledger.WorkFilter{}); err != nil || owed.Total == 0 {
			t.Fatalf("the caseworker owes %+v, %v; the test must make some owed evaluations", owed, err)
		}
		f.verify()
	})
}

// walk pages through a list with page: forwards from the first page by
// each page's next cursor, then back from the last page by each page's
// previous cursor. Each walk must show want exactly, in order, and the
// first page has no previous cursor, the last no next one.
func walk[ID comparable](t *testing.T, name string, want []ID, page func(after, before ID) (ids []ID, next, prev ID)) {
	t.Helper()
	var zero ID
	var got []ID
	var pages [][]ID
	after := zero
	for n := 0; ; n++ {
		if n > len(want)+1 {
			t.Fatalf("%s: more pages than items; the next cursors go round", name)
		}
		ids, next, prev := page(after, zero)
		if (n == 0) != (prev == zero) {
			t.Fatalf("%s: page %d has previous cursor %v", name, n, prev)
		}
		got = append(got, ids...)
		pages = append(pages, ids)
		if next == zero {
			break
		}
		after = next
	}
	if !slices.Equal(got, want) {
		t.Fatalf("%s: walking forwards showed\n%v\nwant\n%v", name, got, want)
	}
	// Back from the last page: the pages before it, in the order they
	// came forwards.
	last := pages[len(pages)-1]
	if len(last) == 0 {
		return
	}
	back := slices.Clone(last)
	before := last[0]
	for n := len(pages) - 2; n >= 0; n-- {
		ids, next, prev := page(zero, before)
		if !slices.Equal(ids, pages[n]) {
			t.Fatalf("%s: page %d backwards is %v; forwards it was %v", name, n, ids, pages[n])
		}
		if next == zero || (n == 0) != (prev == zero) {
			t.Fatalf("%s: page %d backwards has next %v, previous %v", name, n, next, prev)
		}
		back = append(slices.Clone(ids), back...)
		before = prev
	}
	if !slices.Equal(back, want) {
		t.Fatalf("%s: walking backwards showed\n%v\nwant\n%v", name, back, want)
	}
}

func payoutIDs(ps []ledger.Payout) []ledger.PayoutID {
	var ids []ledger.PayoutID
	for _, p := range ps {
		ids = append(ids, p.ID)
	}
	return ids
}
