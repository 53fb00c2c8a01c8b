package allocation

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ontschot/ontschot/ledger"
)

// The Service answers from the ledger's aggregates of payout facts
// (ledger.Store.Aggregates): sums per pot and day, and the lists of the
// payouts a page shows. So the queue costs what its page and its days
// hold, regret what a pot's year of days holds, the signals what twelve
// months of days hold, whatever the size of the ledger. The functions over
// facts in this package (Queue, RegretOver, ForPot, Signals) define the
// same figures from the facts themselves; tests hold the two to each
// other.

// QueuePage is a page of finance's allocation queue.
type QueuePage struct {
	// Items are the oldest items of the band asked for after the cursor,
	// each with its suggestion.
	Items []QueueItem
	// Totals sum every band; Matched counts the items of the band asked
	// for, beyond the page too.
	Totals  []BandTotal
	Matched int
	// Next is the cursor of the next page ("" on the last page).
	Next string
}

// QueueQuery asks for a page of finance's allocation queue.
type QueueQuery struct {
	// PotID keeps one pot's costs ("": every pot); Band one age band
	// ("": every band).
	PotID ledger.PotID
	Band  AgeBand
	// Limit is the page's size: 1 to QueueMaxPage (0 or more:
	// QueueMaxPage).
	Limit int
	// After is the cursor of the page: QueuePage.Next of the page before
	// ("": the first page).
	After string
}

// QueueMaxPage is the largest page of the queue.
const QueueMaxPage = 500

// queueCursor writes the cursor after an item: its booked day and payout.
func queueCursor(it *QueueItem) string {
	return it.Fact.Booked().String() + "." + string(it.Fact.ID)
}

// parseQueueCursor reads a cursor queueCursor wrote. Errors: EINVALID on
// the field "after".
func parseQueueCursor(c string) (ledger.Date, ledger.PayoutID, error) {
	day, id, ok := strings.Cut(c, ".")
	d, err := ledger.ParseDate(day)
	if !ok || err != nil || !ledger.ValidID(ledger.PayoutPrefix, id) {
		return ledger.Date{}, "", ledger.Invalid(ledger.NounPage, []ledger.FieldError{ledger.NewFieldError("after", ledger.MsgQueueCursor)})
	}
	return d, ledger.PayoutID(id), nil
}

// bandRange returns the booked days of a band on today, inclusive (zero:
// unbounded): 0-30 from 30 days ago on, 31-90 from 90 to 31 days ago, 90+
// up to 91 days ago.
func bandRange(b AgeBand, today ledger.Date) (from, to ledger.Date) {
	switch b {
	case BandRecent:
		return today.AddDays(-30), ledger.Date{}
	case BandOlder:
		return today.AddDays(-90), today.AddDays(-31)
	case BandOverdue:
		return ledger.Date{}, today.AddDays(-91)
	}
	return ledger.Date{}, ledger.Date{}
}

// BandTotals sums queue cells (ledger.CellQueue, grouped by day: the
// booked day) into the age bands on today, every band in order.
func BandTotals(days []ledger.FactCell, today ledger.Date) []BandTotal {
	totals := make([]BandTotal, len(AgeBands))
	for i, b := range AgeBands {
		totals[i].Band = b
	}
	for _, c := range days {
		b := Band(max(c.Day.DaysUntil(today), 0))
		t := &totals[slices.Index(AgeBands, b)]
		t.Payouts += int(c.N)
		t.Amount += ledger.Cents(c.A)
	}
	return totals
}

// QueueTotals returns the queue's totals per age band on today, of the
// spending of pot ("": every pot) with a value date up to valueTo (zero:
// any), from the aggregates.
func QueueTotals(r ledger.AggregateReader, pot ledger.PotID, valueTo, today ledger.Date) ([]BandTotal, error) {
	var days []ledger.FactCell
	if valueTo.IsZero() {
		var err error
		if days, err = r.CellSums(ledger.FactCellQuery{Kind: ledger.CellQueue, PotID: pot, GroupBy: []string{"day"}}); err != nil {
			return nil, err
		}
	} else {
		cells, err := r.CellSums(ledger.FactCellQuery{Kind: ledger.CellQueue, PotID: pot, GroupBy: []string{"day", "key"}})
		if err != nil {
			return nil, err
		}
		end := valueTo.String()
		for _, c := range cells {
			if c.Key <= end { // the key is the value date, YYYY-MM-DD
				days = append(days, c)
			}
		}
	}
	return BandTotals(days, today), nil
}

// Queue is a page of finance's allocation queue (see QueueQuery): spent
// payouts not (fully) allocated, oldest first (ties by payout id), each
// with its suggestion, and the totals per age band. The totals come from
// the aggregates, the page from the queue's index: the cost is the page's,
// not the ledger's. Errors: ENOTFOUND (pot), EINVALID (after).
func (s *Service) Queue(ctx context.Context, q QueueQuery) (QueuePage, error) {
	if q.PotID != "" {
		if _, err := s.Store.Pot(ctx, q.PotID); err != nil {
			return QueuePage{}, err
		}
	}
	limit := q.Limit
	if limit <= 0 || limit > QueueMaxPage {
		limit = QueueMaxPage
	}
	// One more than the page tells whether there is a next page.
	iq := ledger.FactIndexQuery{Kind: ledger.IndexQueue, PotID: q.PotID, Limit: limit + 1}
	if q.After != "" {
		var err error
		if iq.AfterDay, iq.AfterID, err = parseQueueCursor(q.After); err != nil {
			return QueuePage{}, err
		}
	}
	today := s.Today()
	var page QueuePage
	err := s.Store.Aggregates(ctx, func(r ledger.AggregateReader) error {
		totals, err := QueueTotals(r, q.PotID, ledger.Date{}, today)
		if err != nil {
			return err
		}
		page.Totals = totals
		for _, t := range totals {
			if q.Band == "" || t.Band == q.Band {
				page.Matched += t.Payouts
			}
		}
		if q.Band != "" {
			iq.From, iq.To = bandRange(q.Band, today)
		}
		entries, err := r.Index(iq)
		if err != nil {
			return err
		}
		more := len(entries) > limit
		if more {
			entries = entries[:limit]
		}
		ids := make([]ledger.PayoutID, len(entries))
		for i, e := range entries {
			ids[i] = e.PayoutID
		}
		facts, err := r.Facts(ids)
		if err != nil {
			return err
		}
		page.Items = make([]QueueItem, 0, len(facts))
		for _, f := range facts {
			age := max(f.Booked().DaysUntil(today), 0)
			page.Items = append(page.Items, QueueItem{Fact: f, Unallocated: f.Amount - f.Allocated, AgeDays: age, Band: Band(age)})
		}
		if more && len(page.Items) > 0 {
			page.Next = queueCursor(&page.Items[len(page.Items)-1])
		}
		return nil
	})
	if err != nil || len(page.Items) == 0 {
		return page, err
	}
	g, err := s.suggester(ctx)
	if err != nil {
		return QueuePage{}, err
	}
	for i := range page.Items {
		if page.Items[i].Suggestion, err = g.suggest(ctx, &page.Items[i].Fact); err != nil {
			return QueuePage{}, err
		}
	}
	return page, nil
}

// RegretOf computes the regret figures of a pot's spending with a value
// date from from to to, both inclusive, on today, from the aggregates: as
// RegretOver does from the facts.
func RegretOf(r ledger.AggregateReader, pot ledger.PotID, from, to, today ledger.Date, threshold ledger.Ratio) (RegretFigures, error) {
	t := NewRegretTally(from, to, today, threshold)
	if to.Before(from) {
		return t.Figures(), nil
	}
	cats, err := r.CellSums(ledger.FactCellQuery{Kind: ledger.CellRegret, PotID: pot, From: from, To: to, GroupBy: []string{"key"}})
	if err != nil {
		return RegretFigures{}, err
	}
	for _, c := range cats {
		t.addSums(c.Key, int(c.N), int(c.C), ledger.Cents(c.A), ledger.Cents(c.B))
	}
	// Old: a value date more than OldAfterDays before today.
	oldTo := today.AddDays(-OldAfterDays - 1)
	if to.Before(oldTo) {
		oldTo = to
	}
	if !oldTo.Before(from) {
		old, err := r.CellSums(ledger.FactCellQuery{Kind: ledger.CellRegret, PotID: pot, From: from, To: oldTo})
		if err != nil {
			return RegretFigures{}, err
		}
		for _, c := range old {
			t.fig.OldSpent += ledger.Cents(c.A)
			t.fig.UnevaluatedOld += ledger.Cents(c.D)
		}
	}
	return t.Figures(), nil
}

// Regret returns a pot's regret over a calendar year (0: RegretYear) and
// over the last twelve months.
func (s *Service) Regret(ctx context.Context, pot *ledger.Pot, year int) (RegretReport, error) {
	if year == 0 {
		year = s.RegretYear(pot)
	}
	today := s.Today()
	from, to := ledger.NewDate(year, time.January, 1), ledger.NewDate(year, time.December, 31)
	if to.After(today) {
		to = today
	}
	threshold := regretThreshold(pot.RegretThreshold)
	rep := RegretReport{Threshold: threshold, WarningAt: Regret(nil, today, threshold).WarningAt}
	err := s.Store.Aggregates(ctx, func(r ledger.AggregateReader) error {
		var err error
		if rep.Year, err = RegretOf(r, pot.ID, from, to, today, pot.RegretThreshold); err != nil {
			return err
		}
		rep.LastTwelveMonths, err = RegretOf(r, pot.ID, twelveMonthsBefore(today), today, today, pot.RegretThreshold)
		return err
	})
	return rep, err
}

// SignalPayoutLimit caps the payout ids a signal lists: the latest ones.
const SignalPayoutLimit = 100

// Signals returns the policy signals over every pot: a category or a
// deviated rule met in threshold cases or more (0: the default) within the
// last twelve months. They are whole, rule texts included: an answer to a
// person comes from SignalsFor.
func (s *Service) Signals(ctx context.Context, threshold int) ([]Signal, error) {
	return s.signals(ctx, threshold, true)
}

// signals makes the signals; withRequesters reads who requested a rule
// signal's payouts, which only a reader who sees some cases but not every
// one needs (Signal.For). Without it a signal's requesters stay nil, so
// For judges by its payouts, and redacts a rule for such a reader.
func (s *Service) signals(ctx context.Context, threshold int, withRequesters bool) ([]Signal, error) {
	if threshold < 1 {
		threshold = DefaultSignalThreshold
	}
	today := s.Today()
	from := twelveMonthsBefore(today)
	var out []Signal
	err := s.Store.Aggregates(ctx, func(r ledger.AggregateReader) error {
		cases, err := r.CellSums(ledger.FactCellQuery{Kind: ledger.CellSignalCases, From: from, To: today, GroupBy: []string{"key"}})
		if err != nil {
			return err
		}
		for _, c := range cases {
			if c.N < int64(threshold) {
				continue
			}
			sg, err := signalOf(r, c.Key, int(c.N), withRequesters, from, today)
			if err != nil {
				return err
			}
			out = append(out, sg)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	uptakes, err := s.Store.SignalUptakes(ctx)
	if err != nil {
		return nil, err
	}
	taken := latestUptakes(uptakes)
	for i := range out {
		if u := taken[out[i].ID]; u != nil {
			c := *u
			out[i].TakenUp = &c
		}
	}
	slices.SortFunc(out, func(a, b Signal) int {
		return cmp.Or(cmp.Compare(b.Cases, a.Cases), cmp.Compare(b.Total, a.Total), cmp.Compare(a.ID, b.ID))
	})
	if out == nil {
		out = []Signal{}
	}
	return out, nil
}

// signalOf reads one signal's figures from its cells of the window (by
// kind, key and day: what the window holds, however long the history),
// with who requested a rule's payouts when withRequesters, and its payouts
// from the aggregates' list, which keeps it under its id.
func signalOf(r ledger.AggregateReader, id string, cases int, withRequesters bool, from, to ledger.Date) (Signal, error) {
	sg := Signal{ID: id, Cases: cases, Pots: []ledger.PotID{}}
	if code, ok := strings.CutPrefix(id, "category-"); ok {
		sg.Kind, sg.Key, sg.Label = SignalCategory, code, code
	} else {
		sg.Kind = SignalRule
	}
	cells, err := r.CellSums(ledger.FactCellQuery{Kind: ledger.CellSignal, Key: id, From: from, To: to, GroupBy: []string{"pot"}})
	if err != nil {
		return Signal{}, err
	}
	for _, c := range cells {
		sg.Payouts += int(c.N)
		sg.Total += ledger.Cents(c.A)
		if sg.First.IsZero() || c.First.Before(sg.First) {
			sg.First = c.First
		}
		if c.Last.After(sg.Last) {
			sg.Last = c.Last
		}
		sg.Pots = append(sg.Pots, c.PotID)
	}
	slices.Sort(sg.Pots)
	if sg.Kind == SignalRule && withRequesters {
		by, err := r.CellSums(ledger.FactCellQuery{Kind: ledger.CellSignalRequester, Key: id, From: from, To: to, GroupBy: []string{"sub"}})
		if err != nil {
			return Signal{}, err
		}
		sg.requesters = []string{}
		for _, c := range by {
			sg.requesters = append(sg.requesters, c.Sub)
		}
	}
	q := ledger.FactIndexQuery{Kind: ledger.IndexSignal, Key: id, From: from, To: to, Limit: 1}
	if sg.Kind == SignalRule {
		// The rule in words: as the earliest payout of the window wrote it.
		first, err := r.Index(q)
		if err != nil {
			return Signal{}, err
		}
		ids := make([]ledger.PayoutID, 0, 1)
		for _, e := range first {
			ids = append(ids, e.PayoutID)
		}
		facts, err := r.Facts(ids)
		if err != nil {
			return Signal{}, err
		}
		for _, f := range facts {
			for _, k := range f.SignalKeys() {
				if k.ID() == id {
					sg.Key, sg.Label = k.Key, k.Label
				}
			}
		}
	}
	q.Desc, q.Limit = true, SignalPayoutLimit
	latest, err := r.Index(q)
	if err != nil {
		return Signal{}, err
	}
	sg.PayoutIDs = make([]ledger.PayoutID, len(latest))
	for i, e := range latest {
		sg.PayoutIDs[len(latest)-1-i] = e.PayoutID
	}
	return sg, nil
}

// latestUptakes maps each signal id to its latest uptake.
func latestUptakes(uptakes []ledger.SignalUptake) map[string]*ledger.SignalUptake {
	taken := map[string]*ledger.SignalUptake{}
	for i := range uptakes {
		u := &uptakes[i]
		if cur := taken[u.SignalID]; cur == nil || u.At.After(cur.At) {
			taken[u.SignalID] = u
		}
	}
	return taken
}

// SignalsFor returns the signals as Signals does, each as reader may see
// it (Signal.For).
func (s *Service) SignalsFor(ctx context.Context, reader ledger.Actor, threshold int) ([]Signal, error) {
	signals, err := s.signals(ctx, threshold, !reader.SeesEveryCase())
	if err != nil {
		return nil, err
	}
	for i := range signals {
		signals[i] = signals[i].For(reader, nil)
	}
	return signals, nil
}

// FlaggedLimit caps the flagged payouts a pot's timeliness lists: the
// oldest requests; FlaggedTotal counts them all.
const FlaggedLimit = 100

// Timeliness returns a pot's timeliness as reader may see it
// (PotTimeliness.For): how long cases were stuck, how long requests
// waited; the counts and percentiles from the aggregates, the flagged
// payouts the oldest FlaggedLimit.
func (s *Service) Timeliness(ctx context.Context, pot ledger.PotID, reader ledger.Actor) (PotTimeliness, error) {
	if _, err := s.Store.Pot(ctx, pot); err != nil {
		return PotTimeliness{}, err
	}
	today := s.Today()
	// A waiting request is slow from the day it has waited more than
	// DecisionLimitDays: requested on or before cut.
	cut := today.AddDays(-DecisionLimitDays - 1)
	var pt PotTimeliness
	var facts []ledger.PayoutFact
	err := s.Store.Aggregates(ctx, func(r ledger.AggregateReader) error {
		t, err := r.CellSums(ledger.FactCellQuery{Kind: ledger.CellTimeliness, PotID: pot})
		if err != nil {
			return err
		}
		var slowDecided int
		for _, c := range t {
			pt.Requests, pt.Instant, pt.Decided, pt.StuckTooLong, slowDecided = int(c.N), int(c.A), int(c.B), int(c.C), int(c.D)
		}
		waiting, err := r.CellSums(ledger.FactCellQuery{Kind: ledger.CellWaiting, PotID: pot, GroupBy: []string{"day"}})
		if err != nil {
			return err
		}
		var slowWaiting, stuckRecent int
		for _, c := range waiting {
			pt.Waiting += int(c.N)
			if c.Day.After(cut) {
				stuckRecent += int(c.A)
			} else {
				slowWaiting += int(c.N)
			}
		}
		pt.SlowDecisions = slowDecided + slowWaiting
		waits, err := r.CellSums(ledger.FactCellQuery{Kind: ledger.CellWait, PotID: pot, GroupBy: []string{"key"}})
		if err != nil {
			return err
		}
		pt.MedianWaitDays, pt.P90WaitDays = waitPercentiles(waits)
		flagged, err := r.CellSums(ledger.FactCellQuery{Kind: ledger.CellFlagged, PotID: pot})
		if err != nil {
			return err
		}
		for _, c := range flagged {
			pt.FlaggedTotal += int(c.N)
		}
		pt.FlaggedTotal += slowWaiting + stuckRecent

		// The oldest flagged: the first of the flags (stuck too long,
		// waiting or not, or decided slowly) and of the slow waiting
		// requests, merged by request instant; a request both stuck and
		// slowly waiting is in both lists, and listed once.
		var entries []ledger.FactIndexEntry
		for _, q := range []ledger.FactIndexQuery{
			{Kind: ledger.IndexFlagged, PotID: pot, Limit: FlaggedLimit},
			{Kind: ledger.IndexWaiting, PotID: pot, To: cut, Limit: FlaggedLimit},
		} {
			es, err := r.Index(q)
			if err != nil {
				return err
			}
			entries = append(entries, es...)
		}
		slices.SortFunc(entries, func(a, b ledger.FactIndexEntry) int {
			return cmp.Or(cmp.Compare(a.At, b.At), cmp.Compare(a.PayoutID, b.PayoutID))
		})
		entries = slices.CompactFunc(entries, func(a, b ledger.FactIndexEntry) bool { return a.PayoutID == b.PayoutID })
		ids := make([]ledger.PayoutID, 0, FlaggedLimit)
		for _, e := range entries[:min(len(entries), FlaggedLimit)] {
			ids = append(ids, e.PayoutID)
		}
		facts, err = r.Facts(ids)
		return err
	})
	if err != nil {
		return PotTimeliness{}, err
	}
	pt.Flagged = []Flagged{}
	requestedBy := map[ledger.PayoutID]string{}
	for i := range facts {
		f := &facts[i]
		ft := ForPayout(f, today)
		pt.Flagged = append(pt.Flagged, Flagged{PayoutID: f.ID, Timeliness: ft})
		requestedBy[f.ID] = f.RequestedBy
	}
	return pt.For(reader, requestedBy), nil
}

// waitPercentiles returns the nearest-rank median and 90th percentile of
// the waits counted in wait cells (key: the days).
func waitPercentiles(cells []ledger.FactCell) (median, p90 int) {
	type count struct{ days, n int }
	var counts []count
	total := 0
	for _, c := range cells {
		d, err := strconv.Atoi(c.Key)
		if err != nil {
			continue
		}
		counts = append(counts, count{d, int(c.N)})
		total += int(c.N)
	}
	slices.SortFunc(counts, func(a, b count) int { return cmp.Compare(a.days, b.days) })
	at := func(p int) int {
		if total == 0 {
			return 0
		}
		rank := max((p*total+99)/100, 1)
		for _, c := range counts {
			if rank <= c.n {
				return c.days
			}
			rank -= c.n
		}
		return counts[len(counts)-1].days
	}
	return at(50), at(90)
}
