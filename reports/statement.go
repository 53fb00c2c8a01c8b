package reports

import (
	"context"
	"sort"
	"strings"
	"time"

	"github.com/ontschot/ontschot/allocation"
	"github.com/ontschot/ontschot/ledger"
)

// MinCell is the smallest group of payouts a partner document shows on its
// own: smaller categories are merged into "overig".
const MinCell = 5

// Statement is a pot's quarterly account to its funding partners:
// aggregates only. Its balance is the pot's money not owed to anyone (bank
// plus payable: what partners put in, less what was spent, plus what came
// back), so Opening + Contributions − Payouts + Recoveries = Closing.
type Statement struct {
	Pot StatementPot `json:"pot"`
	// Period is the quarter.
	Period ledger.Period `json:"period"`
	// Recipient is the partner the statement is addressed to; nil for the
	// municipality's own copy.
	Recipient *ledger.Partner `json:"recipient,omitempty"`
	// Provisional is set while the quarter is not closed: bookings may
	// still change it.
	Provisional bool      `json:"provisional"`
	MadeAt      time.Time `json:"madeAt"`

	Opening       ledger.Cents `json:"opening"`
	Contributions ledger.Cents `json:"contributions"`
	Payouts       ledger.Cents `json:"payouts"`
	Recoveries    ledger.Cents `json:"recoveries"`
	Closing       ledger.Cents `json:"closing"`

	Funding         []FundingLine    `json:"funding"`
	Categories      []CategoryLine   `json:"categories"`
	Recovered       []RecoveryLine   `json:"recovered"`
	Receivables     []ReceivableLine `json:"receivables"`
	ReceivableTotal ledger.Cents     `json:"receivableTotal"`
	Regret          RegretLine       `json:"regret"`
	Months          []MonthLine      `json:"months"`
	Journal         JournalLine      `json:"journal"`
}

// StatementPot is what a statement says of its pot.
type StatementPot struct {
	ID              ledger.PotID          `json:"id"`
	Name            string                `json:"name"`
	Year            int                   `json:"year"`
	RecoveryPolicy  ledger.RecoveryPolicy `json:"recoveryPolicy"`
	RegretThreshold ledger.Ratio          `json:"regretThreshold"`
}

// FundingLine is one partner's funding of the pot.
type FundingLine struct {
	Partner string             `json:"partner"`
	Kind    ledger.PartnerKind `json:"kind"`
	Pledged ledger.Cents       `json:"pledged"`
	// InPeriod is received in the quarter; ToDate up to its end.
	InPeriod ledger.Cents `json:"inPeriod"`
	ToDate   ledger.Cents `json:"toDate"`
}

// CategoryLine is the spending on one category in the period: payouts
// approved (and reversals, which count against the amount).
type CategoryLine struct {
	Category string `json:"category"`
	Label    string `json:"label"`
	Payouts  int    `json:"payouts"`
	// Reversals counts the payouts whose cost was taken back: reversed by
	// finance, or returned by the bank.
	Reversals int          `json:"reversals"`
	Amount    ledger.Cents `json:"amount"`
}

// RecoveryLine is money that came back into the pot from one source: a
// legal budget or an outside party.
type RecoveryLine struct {
	Source string       `json:"source"`
	Amount ledger.Cents `json:"amount"`
}

// ReceivableLine is what one outside party still owes at the period's end.
type ReceivableLine struct {
	Party  string       `json:"party"`
	Amount ledger.Cents `json:"amount"`
}

// RegretLine is the pot's regret ratio from the start of the year to the
// period's end, against its threshold.
type RegretLine struct {
	From      ledger.Date  `json:"from"`
	To        ledger.Date  `json:"to"`
	Spent     ledger.Cents `json:"spent"`
	Regretted ledger.Cents `json:"regretted"`
	Ratio     ledger.Ratio `json:"ratio"`
	Threshold ledger.Ratio `json:"threshold"`
	Status    string       `json:"status"`
}

// MonthLine is one month's spending (net of reversals) and recoveries.
type MonthLine struct {
	Month      string       `json:"month"`
	Spending   ledger.Cents `json:"spending"`
	Recoveries ledger.Cents `json:"recoveries"`
}

// JournalLine says which state of the journal the statement was made from
// (its last transaction then) and how the last verification went: whether
// the journal verified, when, and up to which transaction.
type JournalLine struct {
	HeadSeq  int64  `json:"headSeq"`
	HeadHash string `json:"headHash"`
	// Checkpoint is the head as SEQ:HASH: a partner who keeps it can have
	// the journal checked against it later (ontschot verify --checkpoint).
	Checkpoint  ledger.Checkpoint `json:"checkpoint"`
	Verified    bool              `json:"verified"`
	VerifiedAt  time.Time         `json:"verifiedAt"`
	VerifiedSeq int64             `json:"verifiedSeq"`
}

// journalLine describes the journal at head seq with hash, verified by v.
func journalLine(seq int64, hash string, v ledger.Verification) JournalLine {
	return JournalLine{HeadSeq: seq, HeadHash: hash, Checkpoint: ledger.Checkpoint{Seq: seq, Hash: hash},
		Verified: v.OK, VerifiedAt: v.VerifiedAt, VerifiedSeq: v.HeadSeq}
}

// Builder makes documents from a store.
type Builder struct {
	Store ledger.Store
	// Now is the clock: when a document is made. Default time.Now.
	Now func() time.Time
}

func (b *Builder) now() time.Time {
	if b.Now == nil {
		return time.Now()
	}
	return b.Now()
}

// CheckQuarter refuses a period that is not a quarter or has not begun.
func CheckQuarter(p ledger.Period, today ledger.Date) error {
	if !strings.Contains(p.Label, "-Q") {
		return ledger.NewError(ledger.EINVALID, ledger.MsgStatementNotQuarter, p)
	}
	if p.Start.After(today) {
		return ledger.NewError(ledger.EINVALID, ledger.MsgStatementNotBegun, p)
	}
	return nil
}

// Statement makes a pot's statement for a quarter, addressed to a partner
// (nil: the municipality's own copy). v is the last verification of the
// journal; the statement names the journal's head as it reads it, and how
// far v reached.
func (b *Builder) Statement(ctx context.Context, potID ledger.PotID, quarter ledger.Period, recipient *ledger.Partner, v ledger.Verification) (*Statement, error) {
	madeAt := ledger.JournalTime(b.now())
	today := ledger.DateOf(madeAt)
	if err := CheckQuarter(quarter, today); err != nil {
		return nil, err
	}
	pot, err := b.Store.Pot(ctx, potID)
	if err != nil {
		return nil, err
	}
	s := &Statement{
		Pot:       StatementPot{ID: pot.ID, Name: pot.Name, Year: pot.Year, RecoveryPolicy: pot.RecoveryPolicy, RegretThreshold: pot.RegretThreshold},
		Period:    quarter,
		Recipient: recipient,
		MadeAt:    madeAt,
	}
	closed, err := b.Store.ClosedPeriods(ctx)
	if err != nil {
		return nil, err
	}
	s.Provisional = !ledger.Covered(quarter, closed)
	// The figures are those of the journal up to its head as read now, so
	// the head the statement names is the state it shows.
	seq, hash, err := b.Store.JournalHead(ctx)
	if err != nil {
		return nil, err
	}
	s.Journal = journalLine(seq, hash, v)
	before, err := b.Store.PostingTotals(ctx, ledger.PostingQuery{PotID: pot.ID, To: quarter.Start.AddDays(-1), MaxSeq: seq})
	if err != nil {
		return nil, err
	}
	yearStart := ledger.NewDate(quarter.Start.Year(), time.January, 1)
	year, err := b.Store.PostingTotals(ctx, ledger.PostingQuery{PotID: pot.ID, From: yearStart, To: quarter.End, MaxSeq: seq})
	if err != nil {
		return nil, err
	}
	parties, err := b.Store.Parties(ctx)
	if err != nil {
		return nil, err
	}
	partyNames := map[string]string{}
	for _, p := range parties {
		partyNames[string(p.ID)] = p.Name
	}
	labels, err := b.categoryLabels(ctx)
	if err != nil {
		return nil, err
	}

	// The balance before the quarter, and what receivables were open then.
	receivable := map[string]ledger.Cents{}
	received := map[ledger.PartnerID]ledger.Cents{}
	for _, t := range before {
		a := account(t.Account)
		switch a.Kind {
		case ledger.AccountBank, ledger.AccountPayable:
			s.Opening += t.Amount
		case ledger.AccountReceivables:
			receivable[string(a.Party)] += t.Amount
		case ledger.AccountContributions:
			received[a.Partner] -= t.Amount
		}
	}
	months := newMonths(yearStart, quarter.End)
	inPeriod := map[ledger.PartnerID]ledger.Cents{}
	cats := map[string]*CategoryLine{}
	recovered := map[string]ledger.Cents{}
	for _, t := range year {
		a := account(t.Account)
		kind := a.Kind
		inQuarter := t.Month >= quarter.Start.String()[:7]
		months.add(t)
		switch {
		case kind == ledger.AccountCostsUnallocated && t.Kind.Spending():
			if !inQuarter {
				continue
			}
			s.Payouts += t.Amount
			c := cats[t.Category]
			if c == nil {
				c = &CategoryLine{Category: t.Category, Label: labelOf(labels, t.Category)}
				cats[t.Category] = c
			}
			c.Amount += t.Amount
			if t.Kind == ledger.TxPayoutApproved {
				c.Payouts += t.Count
			} else {
				c.Reversals += t.Count
			}
		case kind == ledger.AccountRecoveries:
			if inQuarter {
				s.Recoveries -= t.Amount
				recovered[a.Holder()] -= t.Amount
			}
		case kind == ledger.AccountContributions && inQuarter:
			// Before the quarter is in received already.
			received[a.Partner] -= t.Amount
			s.Contributions -= t.Amount
			inPeriod[a.Partner] -= t.Amount
		case kind == ledger.AccountReceivables && inQuarter:
			receivable[string(a.Party)] += t.Amount
		}
	}
	s.Closing = s.Opening + s.Contributions - s.Payouts + s.Recoveries

	funding, err := b.Store.Funding(ctx, pot.ID)
	if err != nil {
		return nil, err
	}
	for _, f := range funding {
		s.Funding = append(s.Funding, FundingLine{Partner: f.PartnerName, Kind: f.PartnerKind, Pledged: f.Pledged,
			InPeriod: inPeriod[f.PartnerID], ToDate: received[f.PartnerID]})
	}
	sort.Slice(s.Funding, func(i, j int) bool { return s.Funding[i].Partner < s.Funding[j].Partner })
	s.Categories = mergeSmall(cats, labels)
	s.Recovered = recoveryLines(recovered, partyNames)
	for party, amount := range receivable {
		if amount != 0 {
			s.Receivables = append(s.Receivables, ReceivableLine{Party: nameOr(partyNames, party), Amount: amount})
			s.ReceivableTotal += amount
		}
	}
	sort.Slice(s.Receivables, func(i, j int) bool { return s.Receivables[i].Party < s.Receivables[j].Party })
	s.Months = months.lines()

	regretTo := quarter.End
	if today.Before(regretTo) {
		regretTo = today
	}
	// The regret from the aggregates of the pot's days, not from every
	// payout of its year.
	var rf allocation.RegretFigures
	err = b.Store.Aggregates(ctx, func(r ledger.AggregateReader) error {
		var err error
		rf, err = allocation.RegretOf(r, pot.ID, yearStart, regretTo, regretTo, pot.RegretThreshold)
		return err
	})
	if err != nil {
		return nil, err
	}
	threshold := pot.RegretThreshold
	if threshold == 0 {
		threshold = ledger.DefaultRegretThreshold
	}
	s.Regret = RegretLine{From: yearStart, To: regretTo, Spent: rf.Spent, Regretted: rf.Regretted, Ratio: rf.Ratio, Threshold: threshold, Status: string(rf.Status)}
	s.nonNil()
	return s, nil
}

// nonNil makes empty lists [] rather than null in JSON.
func (s *Statement) nonNil() {
	if s.Funding == nil {
		s.Funding = []FundingLine{}
	}
	if s.Categories == nil {
		s.Categories = []CategoryLine{}
	}
	if s.Recovered == nil {
		s.Recovered = []RecoveryLine{}
	}
	if s.Receivables == nil {
		s.Receivables = []ReceivableLine{}
	}
	if s.Months == nil {
		s.Months = []MonthLine{}
	}
}

// account reads a posting total's account; a name that is not one of the
// chart's reads as no account, which no statement line counts.
func account(name string) ledger.Account {
	a, _ := ledger.ParseAccount(name)
	return a
}

// mergeSmall lists the categories by amount. A category of fewer than
// MinCell payouts (net of reversals) is merged into one "overig" line; and
// while "overig" itself holds fewer than MinCell, the smallest category
// left joins it, so no line shows fewer than MinCell payouts unless all of
// the quarter is one line.
func mergeSmall(cats map[string]*CategoryLine, labels map[string]string) []CategoryLine {
	var out []CategoryLine
	other := CategoryLine{Category: "other", Label: labelOf(labels, "other")}
	join := func(c CategoryLine) {
		other.Payouts += c.Payouts
		other.Reversals += c.Reversals
		other.Amount += c.Amount
	}
	for _, c := range cats {
		if c.Payouts-c.Reversals >= MinCell && c.Category != "other" {
			out = append(out, *c)
			continue
		}
		join(*c)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Amount != out[j].Amount {
			return out[i].Amount > out[j].Amount
		}
		return out[i].Category < out[j].Category
	})
	merged := other.Payouts > 0 || other.Reversals > 0 || other.Amount != 0
	for merged && other.Payouts-other.Reversals < MinCell && len(out) > 0 {
		// The smallest by payouts, then amount.
		k := len(out) - 1
		for i := range out {
			if out[i].Payouts < out[k].Payouts || out[i].Payouts == out[k].Payouts && out[i].Amount < out[k].Amount {
				k = i
			}
		}
		join(out[k])
		out = append(out[:k], out[k+1:]...)
	}
	if merged {
		out = append(out, other)
	}
	return out
}

func labelOf(labels map[string]string, code string) string {
	if code == "other" {
		return "Overig"
	}
	if l, ok := labels[code]; ok {
		return l
	}
	return code
}

func nameOr(names map[string]string, id string) string {
	if n, ok := names[id]; ok {
		return n
	}
	return id
}

// recoveryLines lists recoveries by legal budget first, then by party.
func recoveryLines(recovered map[string]ledger.Cents, partyNames map[string]string) []RecoveryLine {
	var laws, parties []RecoveryLine
	for src, amount := range recovered {
		if amount == 0 {
			continue
		}
		if party, ok := strings.CutPrefix(src, "party:"); ok {
			parties = append(parties, RecoveryLine{Source: nameOr(partyNames, party), Amount: amount})
			continue
		}
		laws = append(laws, RecoveryLine{Source: lawLabel(ledger.Law(src)), Amount: amount})
	}
	sort.Slice(laws, func(i, j int) bool { return laws[i].Source < laws[j].Source })
	sort.Slice(parties, func(i, j int) bool { return parties[i].Source < parties[j].Source })
	return append(laws, parties...)
}
