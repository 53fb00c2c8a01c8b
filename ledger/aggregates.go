package ledger

import (
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"slices"
	"strconv"
	"strings"
)

// The analyses of package allocation (regret, timeliness, policy signals,
// finance's queue) and the reports built on them used to read every payout
// fact on every view, so a page cost what the whole ledger held. They now
// read aggregates that the Service keeps in the same transaction as the
// booking that changes a payout (see op.flushFacts): cells of sums per pot,
// day and key, and an index of the payouts each list shows. Each payout's
// share of them follows from its PayoutFact alone (Aggregates), so a
// change to a payout replaces its old share by its new one, and Verify
// recomputes every share from the facts and compares (audit_aggregates.go).
//
// The limits and keys of those analyses live here, once, because the
// shares follow from them; package allocation uses them from here.

// Limits of timeliness.
const (
	// StuckLimitDays: Almelo escalates a case stuck for 8 weeks.
	StuckLimitDays = 56
	// DecisionLimitDays: a doorbraaktafel usually unblocks a case within
	// two weeks, so a decision should not take longer.
	DecisionLimitDays = 14
)

// NormalizeRule returns the form in which deviated rules are compared:
// lower case, with every run of white space one space and none at either
// end. "Max  één  keer per jaar " and "max één keer per jaar" are the same
// rule.
func NormalizeRule(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(s)), " ")
}

// Booked returns the day the payout's cost was booked: the Amsterdam
// calendar day of DecidedAt when it has one, else its ValueDate. Finance's
// queue ages a cost from it.
func (f *PayoutFact) Booked() Date {
	if !f.DecidedAt.IsZero() {
		return DateOf(f.DecidedAt)
	}
	return f.ValueDate
}

// Queued reports whether the payout's cost waits for an allocation: it is
// spending (Spent) and its current allocation covers less than its amount.
func (f *PayoutFact) Queued() bool { return f.Spent() && f.Allocated < f.Amount }

// StuckDays counts the days from StuckSince to the request's day (the
// Amsterdam calendar day of RequestedAt); 0 without a StuckSince or when it
// lies after the request.
func (f *PayoutFact) StuckDays() int {
	if f.StuckSince.IsZero() {
		return 0
	}
	return max(f.StuckSince.DaysUntil(DateOf(f.RequestedAt)), 0)
}

// Instant reports whether the payout was approved at once under the
// requester's own mandate.
func (f *PayoutFact) Instant() bool { return f.OwnMandate }

// Waiting reports whether the request waits for a decision: it is
// pending_approval and not instant.
func (f *PayoutFact) Waiting() bool { return !f.OwnMandate && f.Status == StatusPending }

// DecidedWait returns the days from the request's day to the decision's
// (Amsterdam calendar days, negative spans as 0) when an approver decided
// the payout: it is not instant, not waiting, and has a DecidedAt.
// Rejected payouts were decided too, and reversed ones with a DecidedAt.
// A payout that pays a returned one again (Reissue) carries that one's
// decision, whose wait the returned payout counts already.
func (f *PayoutFact) DecidedWait() (days int, ok bool) {
	if f.OwnMandate || f.Status == StatusPending || f.DecidedAt.IsZero() || f.Reissue {
		return 0, false
	}
	return max(DateOf(f.RequestedAt).DaysUntil(DateOf(f.DecidedAt)), 0), true
}

// Decided reports whether the payout has a decision (Outcome): taken at
// once under the requester's own mandate, or by an approver.
func (f *PayoutFact) Decided() bool { return f.Outcome != "" }

// WithinMandate reports whether the payout was decided within the
// decider's mandate: by the role of the ladder's level it was decided at,
// and, for an approval, for an amount that level's limit covers (a
// rejection commits no money, so any level may reject). False without a
// decision.
func (f *PayoutFact) WithinMandate() bool {
	return f.Decided() && f.Mandate.Role == f.DecidedRole && (f.Outcome == OutcomeReject || f.Mandate.Covers(f.Amount))
}

// ByApprover reports whether an approver decided the payout: it has a
// decision and was not approved at once under the requester's own mandate.
func (f *PayoutFact) ByApprover() bool { return f.Decided() && !f.OwnMandate }

// FourEyes reports whether the four-eyes principle held for a payout an
// approver decided: the decider is not the requester.
func (f *PayoutFact) FourEyes() bool { return f.ByApprover() && f.DecidedBy != f.RequestedBy }

// SignalCounted reports whether the payout counts in the policy signals:
// approved, paid, settled or still waiting for a decision (not rejected,
// reversed or returned).
func (f *PayoutFact) SignalCounted() bool {
	switch f.Status {
	case StatusApproved, StatusPaid, StatusSettled, StatusPending:
		return true
	}
	return false
}

// SignalKey names what a policy signal groups payouts by: a category, or
// a deviated rule in its normalised form (NormalizeRule).
type SignalKey struct {
	// Kind is "category" or "rule".
	Kind string
	// Key is the category code or the normalised rule.
	Key string
	// Label is the category code or the rule as the payout wrote it,
	// without surrounding spaces.
	Label string
}

// SignalID returns the stable, URL-safe id of a signal: "category-" and the
// category code for a category; "rule-" and the first 16 hex digits of the
// SHA-256 of the normalised rule for a rule (so the rule may be given in any
// case or spacing). Any other kind gets its name, "-", and the key's hash.
// The aggregates keep signals under this id: short, whatever the rule's
// length.
func SignalID(kind, key string) string {
	if kind == SignalKindCategory {
		return "category-" + key
	}
	if kind == SignalKindRule {
		key = NormalizeRule(key)
	}
	sum := sha256.Sum256([]byte(key))
	return kind + "-" + hex.EncodeToString(sum[:8])
}

// ID is the signal's id (SignalID).
func (k SignalKey) ID() string { return SignalID(k.Kind, k.Key) }

// CaseHash is the first 8 bytes of the SHA-256 of a case reference, as a
// number: what the signals' list keeps to count distinct cases, so the
// reference itself is not copied into the aggregates.
func CaseHash(caseRef string) int64 {
	sum := sha256.Sum256([]byte(caseRef))
	return int64(binary.BigEndian.Uint64(sum[:8]))
}

// Signal kinds, as SignalKey.Kind and package allocation's SignalKind.
const (
	SignalKindCategory = "category"
	SignalKindRule     = "rule"
)

// SignalKeys returns what the payout is grouped by in the policy signals:
// its category (when it has one), then each rule it deviates from after
// NormalizeRule, each once (the first wording kept), an empty rule not at
// all. It does not look at SignalCounted.
func (f *PayoutFact) SignalKeys() []SignalKey {
	var keys []SignalKey
	if f.Category != "" {
		keys = append(keys, SignalKey{Kind: SignalKindCategory, Key: f.Category, Label: f.Category})
	}
	for _, r := range f.DeviatesFrom {
		key := NormalizeRule(r)
		if key == "" || slices.ContainsFunc(keys, func(k SignalKey) bool { return k.Kind == SignalKindRule && k.Key == key }) {
			continue
		}
		keys = append(keys, SignalKey{Kind: SignalKindRule, Key: key, Label: strings.TrimSpace(r)})
	}
	return keys
}

// CellKind names a family of aggregate cells; FactCell documents what each
// one's figures mean.
type CellKind string

// The cell kinds.
const (
	// CellRegret: per pot, value date (Day) and category (Key), over the
	// spent payouts: N payouts, A spent cents, B regretted cents of the
	// evaluated ones, C payouts evaluated, D spent cents not evaluated.
	CellRegret CellKind = "regret"
	// CellTimeliness: per pot (no day, no key), over every payout: N
	// requests, A instant approvals, B decided by an approver, C stuck
	// longer than StuckLimitDays before the request, D decided in more
	// than DecisionLimitDays.
	CellTimeliness CellKind = "timeliness"
	// CellWait: per pot and decision wait in days (Key, decimal), over the
	// payouts an approver decided: N payouts.
	CellWait CellKind = "wait"
	// CellWaiting: per pot and request day (Day), over the requests still
	// waiting: N requests, A of them stuck too long.
	CellWaiting CellKind = "waiting"
	// CellFlagged: per pot, over the payouts not waiting that were stuck
	// too long or decided slowly: N payouts. IndexFlagged lists them, and
	// the waiting requests stuck too long beside them, which CellWaiting
	// counts.
	CellFlagged CellKind = "flagged"
	// CellSignal: per pot, value date (Day) and signal (Key: its
	// SignalID), over the payouts SignalCounted: N payouts, A their amount
	// in cents.
	CellSignal CellKind = "signal"
	// CellSignalRequester: per rule signal (Key), value date (Day) and
	// requester (Sub), over the payouts SignalCounted: N payouts. Who
	// asked decides whether a caseworker may read the rule's words.
	CellSignalRequester CellKind = "signal_requester"
	// CellSignalCases: per signal (Key: its SignalID) and day (Day), over the case
	// references of the counted payouts: N cases whose latest counted
	// value date in the key is Day. The cases met in a window that ends
	// today are those whose latest day lies in it (value dates are never
	// after the day of the request).
	CellSignalCases CellKind = "signal_cases"
	// CellQueue: per pot, booked day (Day, Booked) and value date (Key),
	// over the payouts Queued: N payouts, A unallocated cents.
	CellQueue CellKind = "queue"
	// CellLegitimacy: per pot, value date (Day) and one of the keys
	// LegitimacyRequests, LegitimacyChecks and LegitimacyFindings, over
	// every payout: the legitimacy report's figures of a period.
	CellLegitimacy CellKind = "legitimacy"
	// CellLegitimacyWaiting: per pot, value date (Day) and request day
	// (Key), over the requests waiting for a decision: N requests. Which
	// of them waited too long depends on today, so the report counts
	// them from this cell on the day it is made.
	CellLegitimacyWaiting CellKind = "legitimacy_waiting"
)

// The keys of CellLegitimacy, each with what its figures count.
const (
	// LegitimacyRequests: N requests, A their amount in cents, B approved
	// (approved, paid, or approved and later reversed), C rejected, D
	// pending.
	LegitimacyRequests = "requests"
	// LegitimacyChecks: N with a complete weighing, A decided (Decided),
	// B decided within the mandate (WithinMandate), C decided by an
	// approver (ByApprover), D of those by someone else than the
	// requester (FourEyes).
	LegitimacyChecks = "checks"
	// LegitimacyFindings: N reversed, A their amount in cents, B decided
	// by an approver in more than DecisionLimitDays.
	LegitimacyFindings = "findings"
)

// FactCell is one cell of the aggregates: the sums of one kind for one
// pot, day, key and sub-key. Empty fields mean "not split by this". The
// figures N, A, B, C and D mean what the kind says (CellKind); cents are
// cents. A read of sums (FactCellQuery) also gives the first and last day
// of the cells summed.
type FactCell struct {
	Kind  CellKind
	PotID PotID
	Day   Date
	Key   string
	Sub   string

	N, A, B, C, D int64

	// First and Last are the earliest and latest Day of the cells a read
	// summed; zero in a write.
	First, Last Date
}

// cellKey identifies a cell.
type cellKey struct {
	kind CellKind
	pot  PotID
	day  string
	key  string
	sub  string
}

func (c *FactCell) id() cellKey {
	return cellKey{kind: c.Kind, pot: c.PotID, day: c.Day.String(), key: c.Key, sub: c.Sub}
}

// zero reports whether every figure is 0: such a cell is not stored.
func (c *FactCell) zero() bool { return c.N == 0 && c.A == 0 && c.B == 0 && c.C == 0 && c.D == 0 }

// IndexKind names a list the index keeps payouts in.
type IndexKind string

// The index kinds.
const (
	// IndexQueue: the payouts Queued, by pot and booked day; Amount is
	// the unallocated cents.
	IndexQueue IndexKind = "queue"
	// IndexSignal: per signal (Key: its SignalID), the payouts
	// SignalCounted, by value date and request instant (At), with the hash
	// of their case reference (Case) for counting distinct cases.
	IndexSignal IndexKind = "signal"
	// IndexFlagged: the payouts that were stuck longer than
	// StuckLimitDays before the request (waiting or not) and those not
	// waiting that were decided slowly, by pot, request day and request
	// instant (At). A waiting request becomes slow as days pass: the
	// waiting list holds those.
	IndexFlagged IndexKind = "flagged"
	// IndexWaiting: the requests waiting for a decision, by pot, request
	// day and request instant (At); they become slow as days pass.
	IndexWaiting IndexKind = "waiting"
)

// FactIndexEntry is one payout in one list of the index.
type FactIndexEntry struct {
	Kind     IndexKind
	Key      string
	PayoutID PayoutID
	PotID    PotID
	Day      Date
	// At orders entries of one day: the request instant in Unix
	// nanoseconds for signals, flags and waiting requests; 0 for the
	// queue.
	At int64
	// Case is CaseHash of the payout's case reference (signals only).
	Case int64
	// Amount is in cents (the unallocated amount in the queue).
	Amount Cents
}

// Aggregates returns the payout's share of the aggregates: its cells and
// its index entries. It depends on the fact alone, never on today, so the
// share can be replaced when the payout changes and recomputed by Verify.
// A change to what it returns must come with a migration that asks for the
// aggregates to be built anew (a row in aggregate_rebuilds), or stored
// shares would no longer be the ones it takes out.
func (f *PayoutFact) Aggregates() ([]FactCell, []FactIndexEntry) {
	var cells []FactCell
	var entries []FactIndexEntry
	requested := DateOf(f.RequestedAt)
	at := f.RequestedAt.UnixNano()

	if f.Spent() {
		c := FactCell{Kind: CellRegret, PotID: f.PotID, Day: f.ValueDate, Key: f.Category, N: 1, A: int64(f.Amount)}
		if f.Evaluated {
			c.B, c.C = int64(f.Regretted), 1
		} else {
			c.D = int64(f.Amount)
		}
		cells = append(cells, c)
	}
	if f.Queued() {
		booked := f.Booked()
		open := f.Amount - f.Allocated
		cells = append(cells, FactCell{Kind: CellQueue, PotID: f.PotID, Day: booked, Key: f.ValueDate.String(), N: 1, A: int64(open)})
		entries = append(entries, FactIndexEntry{Kind: IndexQueue, PayoutID: f.ID, PotID: f.PotID, Day: booked, Amount: open})
	}

	stuckTooLong := f.StuckDays() > StuckLimitDays
	wait, decided := f.DecidedWait()
	slow := decided && wait > DecisionLimitDays
	t := FactCell{Kind: CellTimeliness, PotID: f.PotID, N: 1}
	if f.Instant() {
		t.A = 1
	}
	if decided {
		t.B = 1
		cells = append(cells, FactCell{Kind: CellWait, PotID: f.PotID, Key: strconv.Itoa(wait), N: 1})
	}
	if stuckTooLong {
		t.C = 1
	}
	if slow {
		t.D = 1
	}
	cells = append(cells, t)
	switch {
	case f.Waiting():
		w := FactCell{Kind: CellWaiting, PotID: f.PotID, Day: requested, N: 1}
		if stuckTooLong {
			w.A = 1
		}
		cells = append(cells, w)
		entries = append(entries, FactIndexEntry{Kind: IndexWaiting, PayoutID: f.ID, PotID: f.PotID, Day: requested, At: at})
		if stuckTooLong {
			entries = append(entries, FactIndexEntry{Kind: IndexFlagged, PayoutID: f.ID, PotID: f.PotID, Day: requested, At: at})
		}
	case stuckTooLong || slow:
		cells = append(cells, FactCell{Kind: CellFlagged, PotID: f.PotID, N: 1})
		entries = append(entries, FactIndexEntry{Kind: IndexFlagged, PayoutID: f.ID, PotID: f.PotID, Day: requested, At: at})
	}

	cells = append(cells, f.legitimacyCells(requested, slow)...)

	if f.SignalCounted() {
		cases := CaseHash(f.CaseRef)
		for _, k := range f.SignalKeys() {
			cells = append(cells, FactCell{Kind: CellSignal, PotID: f.PotID, Day: f.ValueDate, Key: k.ID(), N: 1, A: int64(f.Amount)})
			if k.Kind == SignalKindRule {
				cells = append(cells, FactCell{Kind: CellSignalRequester, Day: f.ValueDate, Key: k.ID(), Sub: f.RequestedBy, N: 1})
			}
			entries = append(entries, FactIndexEntry{Kind: IndexSignal, Key: k.ID(), PayoutID: f.ID, PotID: f.PotID,
				Day: f.ValueDate, At: at, Case: cases})
		}
	}
	return cells, entries
}

// legitimacyCells returns the payout's share of CellLegitimacy and
// CellLegitimacyWaiting; cells whose figures are all zero are left out.
func (f *PayoutFact) legitimacyCells(requested Date, slow bool) []FactCell {
	one := func(ok bool) int64 {
		if ok {
			return 1
		}
		return 0
	}
	requests := FactCell{Kind: CellLegitimacy, PotID: f.PotID, Day: f.ValueDate, Key: LegitimacyRequests, N: 1, A: int64(f.Amount),
		B: one(f.Status.Spent() || f.Status == StatusReversed || f.Status == StatusReturned),
		C: one(f.Status == StatusRejected), D: one(f.Status == StatusPending)}
	checks := FactCell{Kind: CellLegitimacy, PotID: f.PotID, Day: f.ValueDate, Key: LegitimacyChecks,
		N: one(f.WeighingComplete), A: one(f.Decided()), B: one(f.WithinMandate()), C: one(f.ByApprover()), D: one(f.FourEyes())}
	findings := FactCell{Kind: CellLegitimacy, PotID: f.PotID, Day: f.ValueDate, Key: LegitimacyFindings, B: one(slow)}
	if f.Status == StatusReversed {
		findings.N, findings.A = 1, int64(f.Amount)
	}
	cells := []FactCell{requests}
	for _, c := range []FactCell{checks, findings} {
		if !c.zero() {
			cells = append(cells, c)
		}
	}
	if f.Waiting() {
		cells = append(cells, FactCell{Kind: CellLegitimacyWaiting, PotID: f.PotID, Day: f.ValueDate, Key: requested.String(), N: 1})
	}
	return cells
}

// cellDelta adds up cells by their identity, minus those of sub; it
// returns the changes in a fixed order, zero changes left out.
func cellDelta(add, sub []FactCell) []FactCell {
	m := map[cellKey]*FactCell{}
	var order []cellKey
	apply := func(cells []FactCell, sign int64) {
		for i := range cells {
			c := &cells[i]
			k := c.id()
			d := m[k]
			if d == nil {
				d = &FactCell{Kind: c.Kind, PotID: c.PotID, Day: c.Day, Key: c.Key, Sub: c.Sub}
				m[k] = d
				order = append(order, k)
			}
			d.N += sign * c.N
			d.A += sign * c.A
			d.B += sign * c.B
			d.C += sign * c.C
			d.D += sign * c.D
		}
	}
	apply(add, 1)
	apply(sub, -1)
	out := make([]FactCell, 0, len(order))
	for _, k := range order {
		if d := m[k]; !d.zero() {
			out = append(out, *d)
		}
	}
	slices.SortFunc(out, compareCells)
	return out
}

// compareCells orders cells by kind, pot, key, day and sub.
func compareCells(a, b FactCell) int {
	return cmp.Or(cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.PotID, b.PotID), cmp.Compare(a.Key, b.Key),
		cmp.Compare(a.Day.String(), b.Day.String()), cmp.Compare(a.Sub, b.Sub))
}

// entryID identifies an index entry: a payout is in a list once per key.
type entryID struct {
	kind IndexKind
	key  string
	id   PayoutID
}

func (e *FactIndexEntry) id() entryID { return entryID{e.Kind, e.Key, e.PayoutID} }
