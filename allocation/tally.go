package allocation

import (
	"cmp"
	"slices"

	"github.com/ontschot/ontschot/ledger"
)

// Tallies take payout facts one at a time (as ledger.Store.PayoutFacts
// gives them) and keep only what their answer needs: sums per key, the
// waits for percentiles, the page of a queue. So a report over a hundred
// thousand payouts holds a few figures per category, not a hundred thousand
// facts, and several can run at once without exhausting the server. The
// functions over slices (Queue, RegretOver, ForPot, Signals) are these
// tallies fed from a slice: one definition of each figure.

// QueueTally collects finance's allocation queue (see Queue) from facts
// given one at a time, keeping only the items of one page.
type QueueTally struct {
	today ledger.Date
	// band keeps only items of this band ("" for all); limit keeps at most
	// this many of the oldest (0 for all).
	band  AgeBand
	limit int

	items   []QueueItem
	totals  []BandTotal
	matched int
}

// NewQueueTally returns a tally of the queue on today that keeps the oldest
// limit items (0: all) of band ("": every band). The band totals always
// cover every band.
func NewQueueTally(today ledger.Date, band AgeBand, limit int) *QueueTally {
	t := &QueueTally{today: today, band: band, limit: limit, items: []QueueItem{}, totals: make([]BandTotal, len(AgeBands))}
	for i, b := range AgeBands {
		t.totals[i].Band = b
	}
	return t
}

// queueOrder is the queue's order: oldest first, ties by payout id.
func queueOrder(a, b QueueItem) int {
	return cmp.Or(cmp.Compare(b.AgeDays, a.AgeDays), cmp.Compare(a.Fact.ID, b.Fact.ID))
}

// Add counts f when its cost waits for an allocation.
func (t *QueueTally) Add(f *ledger.PayoutFact) {
	if !f.Spent() || f.Allocated >= f.Amount {
		return
	}
	booked := f.ValueDate
	if !f.DecidedAt.IsZero() {
		booked = ledger.DateOf(f.DecidedAt)
	}
	age := max(booked.DaysUntil(t.today), 0)
	it := QueueItem{Fact: *f, Unallocated: f.Amount - f.Allocated, AgeDays: age, Band: Band(age)}
	tot := &t.totals[slices.Index(AgeBands, it.Band)]
	tot.Payouts++
	tot.Amount += it.Unallocated
	if t.band != "" && it.Band != t.band {
		return
	}
	t.matched++
	t.items = append(t.items, it)
	// Keep the page, not the queue: once the kept items reach twice the
	// page, the younger half goes (amortised, so each fact costs O(log n)).
	if t.limit > 0 && len(t.items) >= 2*t.limit+64 {
		t.trim()
	}
}

func (t *QueueTally) trim() {
	slices.SortFunc(t.items, queueOrder)
	if t.limit > 0 && len(t.items) > t.limit {
		clear(t.items[t.limit:])
		t.items = t.items[:t.limit]
	}
}

// Items returns the kept items, oldest first (ties by payout id): an empty,
// non-nil slice when nothing waits.
func (t *QueueTally) Items() []QueueItem {
	t.trim()
	return t.items
}

// Totals returns the totals per age band, every band in order.
func (t *QueueTally) Totals() []BandTotal { return t.totals }

// Matched counts the items of the band asked for, the page or not.
func (t *QueueTally) Matched() int { return t.matched }

// RegretTally adds up RegretOver's figures from facts given one at a time.
type RegretTally struct {
	from, to, today ledger.Date
	threshold       ledger.Ratio
	fig             RegretFigures
	byCat           map[string]*CategoryRegret
}

// NewRegretTally returns a tally of the regret of the payouts with a value
// date from from to to, both inclusive, on today (see RegretOver).
func NewRegretTally(from, to, today ledger.Date, threshold ledger.Ratio) *RegretTally {
	return &RegretTally{from: from, to: to, today: today, threshold: regretThreshold(threshold),
		fig: RegretFigures{From: from, To: to}, byCat: map[string]*CategoryRegret{}}
}

// Add counts f when it is spending in the range.
func (t *RegretTally) Add(f *ledger.PayoutFact) {
	if !f.Spent() || f.ValueDate.Before(t.from) || f.ValueDate.After(t.to) {
		return
	}
	fig := &t.fig
	c := t.byCat[f.Category]
	if c == nil {
		c = &CategoryRegret{Category: f.Category}
		t.byCat[f.Category] = c
	}
	fig.Payouts++
	fig.Spent += f.Amount
	c.Payouts++
	c.Spent += f.Amount
	if f.Evaluated {
		fig.Evaluated++
		fig.Regretted += f.Regretted
		c.Regretted += f.Regretted
	}
	if f.ValueDate.DaysUntil(t.today) > OldAfterDays {
		fig.OldSpent += f.Amount
		if !f.Evaluated {
			fig.UnevaluatedOld += f.Amount
		}
	}
}

// addSums counts the sums of a category's spent payouts in the range:
// payouts, those evaluated, their amount and the regretted amount.
func (t *RegretTally) addSums(category string, payouts, evaluated int, spent, regretted ledger.Cents) {
	c := t.byCat[category]
	if c == nil {
		c = &CategoryRegret{Category: category}
		t.byCat[category] = c
	}
	t.fig.Payouts += payouts
	t.fig.Spent += spent
	t.fig.Evaluated += evaluated
	t.fig.Regretted += regretted
	c.Payouts += payouts
	c.Spent += spent
	c.Regretted += regretted
}

// Figures returns the figures of what was added.
func (t *RegretTally) Figures() RegretFigures {
	fig := t.fig
	fig.Ratio = ledger.RatioOf(fig.Regretted, fig.Spent)
	fig.Status = regretStatus(fig.Regretted, fig.Spent, t.threshold)
	fig.UnevaluatedOldShare = ledger.RatioOf(fig.UnevaluatedOld, fig.OldSpent)
	fig.ByCategory = make([]CategoryRegret, 0, len(t.byCat))
	for _, c := range t.byCat {
		c := *c
		c.Ratio = ledger.RatioOf(c.Regretted, c.Spent)
		fig.ByCategory = append(fig.ByCategory, c)
	}
	slices.SortFunc(fig.ByCategory, func(a, b CategoryRegret) int {
		return cmp.Or(cmp.Compare(b.Regretted, a.Regretted), cmp.Compare(a.Category, b.Category))
	})
	return fig
}

// TimelinessTally measures a pot's timeliness (see ForPot) from facts given
// one at a time, keeping the waits (for the percentiles) and the flagged
// payouts.
type TimelinessTally struct {
	today ledger.Date
	pt    PotTimeliness
	waits []int
	flags []flaggedFact
	// requestedBy holds the requester of each flagged payout, for For.
	requestedBy map[ledger.PayoutID]string
}

type flaggedFact struct {
	id          ledger.PayoutID
	requestedAt int64 // unix nanoseconds, for the order
	t           PayoutTimeliness
}

// NewTimelinessTally returns a tally of timeliness on today.
func NewTimelinessTally(today ledger.Date) *TimelinessTally {
	return &TimelinessTally{today: today, requestedBy: map[ledger.PayoutID]string{}}
}

// Add measures f.
func (t *TimelinessTally) Add(f *ledger.PayoutFact) {
	pt := &t.pt
	pt.Requests++
	pt0 := ForPayout(f, t.today)
	switch {
	case pt0.Instant:
		pt.Instant++
	case pt0.Waiting:
		pt.Waiting++
	case decided(f):
		pt.Decided++
		t.waits = append(t.waits, pt0.WaitDays)
	}
	if pt0.SlowDecision {
		pt.SlowDecisions++
	}
	if pt0.StuckTooLong {
		pt.StuckTooLong++
	}
	if pt0.SlowDecision || pt0.StuckTooLong {
		t.flags = append(t.flags, flaggedFact{id: f.ID, requestedAt: f.RequestedAt.UnixNano(), t: pt0})
		t.requestedBy[f.ID] = f.RequestedBy
	}
}

// Result returns the timeliness of what was added.
func (t *TimelinessTally) Result() PotTimeliness {
	pt := t.pt
	waits := slices.Clone(t.waits)
	slices.Sort(waits)
	pt.MedianWaitDays = percentile(waits, 50)
	pt.P90WaitDays = percentile(waits, 90)
	flags := slices.Clone(t.flags)
	slices.SortStableFunc(flags, func(a, b flaggedFact) int {
		return cmp.Or(cmp.Compare(a.requestedAt, b.requestedAt), cmp.Compare(a.id, b.id))
	})
	pt.FlaggedTotal = len(flags)
	pt.Flagged = make([]Flagged, 0, len(flags))
	for _, fl := range flags {
		pt.Flagged = append(pt.Flagged, Flagged{PayoutID: fl.id, Timeliness: fl.t})
	}
	return pt
}

// Requesters maps each flagged payout to its requester: what
// PotTimeliness.For asks SeesCase about.
func (t *TimelinessTally) Requesters() map[ledger.PayoutID]string { return t.requestedBy }

// SignalTally finds the policy signals (see Signals) in facts given one at a
// time, in order of value date (as ledger.Store.PayoutFacts gives them), so
// a signal's label is its earliest payout's words and its payouts are
// listed in date order.
type SignalTally struct {
	today, from ledger.Date
	threshold   int
	groups      map[signalKey]*signalGroup
	order       []*signalGroup
	normalised  map[string]string
	requestedBy map[ledger.PayoutID]string
}

type signalKey struct {
	kind SignalKind
	key  string
}

type signalGroup struct {
	s     Signal
	cases map[string]bool
	pots  map[ledger.PotID]bool
}

// NewSignalTally returns a tally of the signals met in threshold cases or
// more (below 1: DefaultSignalThreshold) in the twelve months up to today.
func NewSignalTally(today ledger.Date, threshold int) *SignalTally {
	if threshold < 1 {
		threshold = DefaultSignalThreshold
	}
	return &SignalTally{today: today, from: twelveMonthsBefore(today), threshold: threshold, groups: map[signalKey]*signalGroup{},
		normalised: map[string]string{}, requestedBy: map[ledger.PayoutID]string{}}
}

// Add counts f when it is approved, paid or waiting, with a value date in
// the twelve months.
func (t *SignalTally) Add(f *ledger.PayoutFact) {
	if !f.SignalCounted() || f.ValueDate.Before(t.from) || f.ValueDate.After(t.today) {
		return
	}
	t.requestedBy[f.ID] = f.RequestedBy
	for _, k := range f.SignalKeys() {
		t.add(SignalKind(k.Kind), k.Key, k.Label, f)
	}
}

// add counts f in the group of kind and key; groups are found by kind and
// key, and the id (a hash for rules) is made once per group.
func (t *SignalTally) add(kind SignalKind, key, label string, f *ledger.PayoutFact) {
	g := t.groups[signalKey{kind, key}]
	if g == nil {
		g = &signalGroup{s: Signal{ID: SignalID(kind, key), Kind: kind, Key: key, Label: label, First: f.ValueDate},
			cases: map[string]bool{}, pots: map[ledger.PotID]bool{}}
		t.groups[signalKey{kind, key}] = g
		t.order = append(t.order, g)
	}
	g.cases[f.CaseRef] = true
	g.pots[f.PotID] = true
	g.s.Payouts++
	g.s.Total += f.Amount
	g.s.Last = f.ValueDate
	g.s.PayoutIDs = append(g.s.PayoutIDs, f.ID)
}

// Signals returns the signals of what was added, each with the latest
// uptake whose SignalID is its ID: by cases, most first, then by total,
// highest first, then by ID; empty, not nil, when there are none.
func (t *SignalTally) Signals(uptakes []ledger.SignalUptake) []Signal {
	taken := map[string]*ledger.SignalUptake{}
	for i := range uptakes {
		u := &uptakes[i]
		if cur := taken[u.SignalID]; cur == nil || u.At.After(cur.At) {
			taken[u.SignalID] = u
		}
	}
	out := []Signal{}
	for _, g := range t.order {
		if len(g.cases) < t.threshold {
			continue
		}
		s := g.s
		s.PayoutIDs = slices.Clone(s.PayoutIDs)
		s.Cases = len(g.cases)
		for p := range g.pots {
			s.Pots = append(s.Pots, p)
		}
		slices.Sort(s.Pots)
		if u := taken[s.ID]; u != nil {
			c := *u
			s.TakenUp = &c
		}
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b Signal) int {
		return cmp.Or(cmp.Compare(b.Cases, a.Cases), cmp.Compare(b.Total, a.Total), cmp.Compare(a.ID, b.ID))
	})
	return out
}

// Requesters maps each payout counted to its requester: what Signal.For
// asks SeesCase about.
func (t *SignalTally) Requesters() map[ledger.PayoutID]string { return t.requestedBy }
