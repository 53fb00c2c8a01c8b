package ledger

import (
	"strings"
	"time"
)

// Reallocation. A payout is paid from the pot before anyone knows which
// legal budget should have paid it. Afterwards finance allocates its cost, in
// one or more lines, each to one target: a legal budget (with its Iv3
// taakveld and economic category), an outside party (which then owes the
// money: a receivable), or maatwerk proper (no other budget applies).
//
// In the journal an allocation moves the cost from the pot's unallocated
// costs to a cost account per target. Under the refund policy a legal budget
// refunds the pot at once, and an outside party when finance records its
// settlement; under the report policy the pot keeps bearing the cost and the
// allocation serves reporting. A correction reverses the old lines and books
// new ones; the old ones stay in the history.

// Target is where (part of) a payout's cost is allocated: one of the laws,
// an outside party, or maatwerk proper.
type Target string

// Targets besides the laws (which are targets under their own names).
const (
	TargetParty    Target = "party"
	TargetMaatwerk Target = "maatwerk"
)

// Targets lists every target.
var Targets = []Target{Target(LawWmo), Target(LawJeugdwet), Target(LawParticipatiewet), Target(LawWgs), TargetParty, TargetMaatwerk}

// Law returns the law a target names, if it names one.
func (t Target) Law() (Law, bool) { return ParseLaw(string(t)) }

// Valid reports whether t is a target.
func (t Target) Valid() bool {
	for _, x := range Targets {
		if x == t {
			return true
		}
	}
	return false
}

// EconomicCategory is the Iv3 economic category of a cost on a legal budget.
type EconomicCategory string

// The economic categories of maatwerk costs.
const (
	// EconInKind is 3.4.1 "Sociale uitkeringen in natura": spending bound to
	// a good or service, whether paid to the resident or to the provider.
	EconInKind EconomicCategory = "3.4.1"
	// EconCash is 4.1.1 "Sociale uitkeringen in geld": cash the resident may
	// spend freely.
	EconCash EconomicCategory = "4.1.1"
)

// Valid reports whether c is a category a cost can be booked in.
func (c EconomicCategory) Valid() bool { return c == EconInKind || c == EconCash }

// Label is the category's Dutch name.
func (c EconomicCategory) Label() string {
	switch c {
	case EconInKind:
		return "Sociale uitkeringen in natura"
	case EconCash:
		return "Sociale uitkeringen in geld"
	}
	return string(c)
}

// PaidTo says who receives a payout's money.
type PaidTo string

// Receivers.
const (
	PaidToProvider PaidTo = "provider" // a landlord, a dentist, an energy company
	PaidToResident PaidTo = "resident" // the resident
)

// EconomicCategory derives a payout's Iv3 economic category: freely
// spendable cash to the resident is 4.1.1; everything bound to a good or a
// service is 3.4.1, whoever receives it. Finance can override it per line.
func (p *Payout) EconomicCategory() EconomicCategory {
	if p.PaidTo == PaidToResident && !p.SpendingBound {
		return EconCash
	}
	return EconInKind
}

// PartyID identifies an outside party ("PTY-…").
type PartyID string

// ReceivableID identifies a receivable ("RCV-…").
type ReceivableID string

// ID prefixes of reallocation.
const (
	PartyPrefix      = "PTY"
	ReceivablePrefix = "RCV"
)

// PartyKind says what sort of organisation an outside party is.
type PartyKind string

// Party kinds.
const (
	PartyHealthInsurer      PartyKind = "health_insurer"
	PartyHousingCorporation PartyKind = "housing_corporation"
	PartyGovernmentAgency   PartyKind = "government_agency" // UWV, DUO, CJIB, SVB
	PartyOther              PartyKind = "other"
)

// PartyKinds lists the party kinds.
var PartyKinds = []PartyKind{PartyHealthInsurer, PartyHousingCorporation, PartyGovernmentAgency, PartyOther}

// Party is an outside organisation that can bear a cost: a health insurer,
// a housing corporation, UWV, DUO, CJIB. A cost allocated to it is a
// receivable until it pays.
type Party struct {
	ID        PartyID   `json:"id"`
	Name      string    `json:"name"`
	Kind      PartyKind `json:"kind"`
	CreatedAt time.Time `json:"createdAt"`
}

// NewParty is what finance or an admin gives to register a party.
type NewParty struct {
	Name           string
	Kind           PartyKind
	IdempotencyKey string
}

// Validate checks the request.
func (n *NewParty) Validate() error {
	var fe fieldErrors
	// Checked before the spaces are tidied, so a line break or tab in the
	// name is refused rather than quietly turned into a space.
	n.Name = strings.TrimSpace(n.Name)
	fe.checkName("name", n.Name, 2, 120)
	n.Name = strings.Join(strings.Fields(n.Name), " ")
	ok := false
	for _, k := range PartyKinds {
		ok = ok || n.Kind == k
	}
	if !ok {
		fe.add("kind", msgNotAPartyKind, Quoted(n.Kind))
	}
	return fe.err(nounParty)
}

// AllocationLine is one part of a payout's cost and where it goes.
type AllocationLine struct {
	Target Target `json:"target"`
	// Taakveld and EconomicCategory are set for a legal budget.
	Taakveld         string           `json:"taakveld,omitempty"`
	EconomicCategory EconomicCategory `json:"economicCategory,omitempty"`
	// PartyID and PartyName are set for an outside party. A request may
	// name the party by either.
	PartyID   PartyID `json:"partyId,omitempty"`
	PartyName string  `json:"party,omitempty"`
	Amount    Cents   `json:"amount"`
	// ReceivableID is the receivable a party line created.
	ReceivableID ReceivableID `json:"receivableId,omitempty"`
}

// key identifies the line's destination, to find repeated lines.
func (l *AllocationLine) key() string {
	return string(l.Target) + "|" + l.Taakveld + "|" + string(l.EconomicCategory) + "|" + strings.ToLower(string(l.PartyID)+l.PartyName)
}

// MaxAllocationLines is the most lines one allocation may have.
const MaxAllocationLines = 20

// AllocationRequest is finance's allocation of a payout's cost. Amounts are
// resolved: percentages were turned into cents (package allocation does
// that, to the cent). It replaces the payout's current allocation, if any: a
// correction, which needs a note. No lines withdraws the allocation.
type AllocationRequest struct {
	PayoutID PayoutID
	Lines    []AllocationLine
	Note     string
	// SuggestedBy is the rule whose suggestion finance saw, and
	// FollowedSuggestion whether the lines are that suggestion unchanged;
	// recorded so the rules can be improved. They are not part of the
	// request's identity for idempotency.
	SuggestedBy        string
	FollowedSuggestion bool
	IdempotencyKey     string
}

// Validate checks everything that needs no stored data, and normalises the
// lines (trimmed names). It does not know the payout, the taakveld list or
// the parties: the store checks those.
func (r *AllocationRequest) Validate() error {
	var fe fieldErrors
	r.Note = strings.TrimSpace(r.Note)
	if r.Note != "" {
		fe.checkText("note", r.Note, 5, maxText)
	}
	if len(r.Lines) > MaxAllocationLines {
		fe.add("lines", msgTooManyLines, MaxAllocationLines)
	}
	seen := map[string]int{}
	for i := range r.Lines {
		l := &r.Lines[i]
		field := "lines[" + itoa(i) + "]"
		l.Taakveld = strings.TrimSpace(l.Taakveld)
		l.PartyName = strings.Join(strings.Fields(l.PartyName), " ")
		law, isLaw := l.Target.Law()
		switch {
		case l.Target == "":
			fe.add(field+".target", msgTargetRequired)
		case !l.Target.Valid():
			fe.add(field+".target", msgNotATarget, Quoted(l.Target))
		case isLaw:
			if l.Taakveld == "" {
				fe.add(field+".taakveld", msgLineTaakveldRequired, law)
			}
			if l.EconomicCategory != "" && !l.EconomicCategory.Valid() {
				fe.add(field+".economicCategory", msgNotAnEconomicCategory, Quoted(l.EconomicCategory))
			}
			if l.PartyID != "" || l.PartyName != "" {
				fe.add(field+".party", msgLawLineParty, law)
			}
		case l.Target == TargetParty:
			if l.PartyID == "" && l.PartyName == "" {
				fe.add(field+".party", msgPartyRequired)
			}
			if l.Taakveld != "" || l.EconomicCategory != "" {
				fe.add(field+".taakveld", msgPartyLineTaakveld)
			}
		case l.Target == TargetMaatwerk:
			if l.Taakveld != "" || l.EconomicCategory != "" || l.PartyID != "" || l.PartyName != "" {
				fe.add(field+".target", msgMaatwerkLineExtras)
			}
		}
		switch {
		case l.Amount <= 0:
			fe.add(field+".amount", msgLineAmountNotPositive)
		case l.Amount > MaxPayout:
			fe.add(field+".amount", msgLineAmountTooLarge, l.Amount)
		}
		if j, dup := seen[l.key()]; dup {
			fe.add(field, msgLineSameTarget, lineIndex(j))
		} else {
			seen[l.key()] = i
		}
	}
	return fe.err(NounAllocation)
}

// Allocation is one version of a payout's allocation.
type Allocation struct {
	PayoutID PayoutID `json:"payoutId"`
	PotID    PotID    `json:"potId"`
	// Version counts the payout's allocations from 1.
	Version int              `json:"version"`
	Lines   []AllocationLine `json:"lines"`
	// PayoutAmount is the payout's amount; Allocated the sum of the lines;
	// Unallocated the rest, still on the pot's unallocated costs.
	PayoutAmount Cents     `json:"payoutAmount"`
	Allocated    Cents     `json:"allocated"`
	Unallocated  Cents     `json:"unallocated"`
	Note         string    `json:"note,omitempty"`
	By           string    `json:"by"`
	Role         Role      `json:"role"`
	At           time.Time `json:"at"`
	JournalSeq   int64     `json:"journalSeq"`
	// Current is false once a later version replaced this one.
	Current bool `json:"current"`
	// ReplacedAt is when a correction replaced it, and ReversalSeq the
	// journal transaction that reversed its lines.
	ReplacedAt  *time.Time `json:"replacedAt,omitempty"`
	ReversalSeq int64      `json:"reversalSeq,omitempty"`
	// ReversalNote says why it was replaced: corrected or withdrawn, with
	// finance's note, or the payout's reversal with its reason.
	ReversalNote string `json:"reversalNote,omitempty"`
	SuggestedBy  string `json:"suggestedBy,omitempty"`
	// FollowedSuggestion says whether finance booked the suggestion unchanged.
	FollowedSuggestion bool `json:"followedSuggestion"`
}

// Accounts of reallocation. Costs stay costs (so a pot's spending does not
// change when it is allocated); recoveries record money a legal budget or a
// party put back into the pot; receivables what parties still owe.
//
//	costs:<law>:<taakveld>:<category>  cost allocated to a legal budget      debit
//	costs:party:<PTY-…>                cost allocated to an outside party   debit
//	costs:maatwerk                     cost that is maatwerk proper         debit
//	recoveries:<law>                   refunds by a legal budget            credit
//	recoveries:party:<PTY-…>           settlements by a party               credit
//	receivables:<PTY-…>                owed by a party                      debit
//	receivables-offset                 the counterpart of what is owed      credit
const (
	AccountCosts             AccountKind = "costs"
	AccountRecoveries        AccountKind = "recoveries"
	AccountReceivables       AccountKind = "receivables"
	AccountReceivablesOffset AccountKind = "receivables-offset"
)

// CostAccount names the account a line's cost goes to.
func CostAccount(pot PotID, l *AllocationLine) string {
	a := Account{Pot: pot, Kind: AccountCosts, Target: l.Target}
	switch l.Target {
	case TargetParty:
		a.Party = l.PartyID
	case TargetMaatwerk:
	default:
		a.Taakveld, a.EconomicCategory = l.Taakveld, l.EconomicCategory
	}
	return a.String()
}

// AllocationPostings books lines of a payout's cost on a pot with the
// policy. Party lines must carry their PartyID.
func AllocationPostings(pot PotID, policy RecoveryPolicy, lines []AllocationLine) []Posting {
	var ps []Posting
	for i := range lines {
		l := &lines[i]
		ps = append(ps,
			Posting{Account: AccountName(pot, AccountCostsUnallocated, ""), Amount: -l.Amount},
			Posting{Account: CostAccount(pot, l), Amount: l.Amount})
		switch {
		case l.Target == TargetParty:
			ps = append(ps,
				Posting{Account: AccountName(pot, AccountReceivables, string(l.PartyID)), Amount: l.Amount},
				Posting{Account: AccountName(pot, AccountReceivablesOffset, ""), Amount: -l.Amount})
		case l.Target != TargetMaatwerk && policy == PolicyRefund:
			ps = append(ps,
				Posting{Account: AccountName(pot, AccountBank, ""), Amount: l.Amount},
				Posting{Account: AccountName(pot, AccountRecoveries, string(l.Target)), Amount: -l.Amount})
		}
	}
	return ps
}

// ReversePostings returns postings that undo ps: the same accounts, the
// opposite amounts.
func ReversePostings(ps []Posting) []Posting {
	out := make([]Posting, len(ps))
	for i, p := range ps {
		out[i] = Posting{Account: p.Account, Amount: -p.Amount}
	}
	return out
}

// SettlementPostings book a party's payment of (part of) a receivable. Under
// the refund policy the money flows back into the pot; under the report
// policy the pot keeps bearing its costs, and the payment goes to the
// municipality's general means: only the receivable is cleared.
func SettlementPostings(pot PotID, policy RecoveryPolicy, party PartyID, amount Cents) []Posting {
	ps := []Posting{
		{Account: AccountName(pot, AccountReceivables, string(party)), Amount: -amount},
		{Account: AccountName(pot, AccountReceivablesOffset, ""), Amount: amount},
	}
	if policy == PolicyRefund {
		ps = append(ps,
			Posting{Account: AccountName(pot, AccountBank, ""), Amount: amount},
			Posting{Account: Account{Pot: pot, Kind: AccountRecoveries, Target: TargetParty, Party: party}.String(), Amount: -amount})
	}
	return ps
}

// AllocationDigest commits to an allocation's record: its lines and its note.
func AllocationDigest(salt []byte, a *Allocation) string {
	fields := []string{"allocation", string(a.PayoutID), itoa(a.Version), a.By, string(a.Role), a.Note}
	for _, l := range a.Lines {
		fields = append(fields, string(l.Target), l.Taakveld, string(l.EconomicCategory), string(l.PartyID), l.Amount.String(), string(l.ReceivableID))
	}
	return Digest(salt, fields...)
}

// AllocationReversalDigest commits to which version of a payout's
// allocation a reversal undoes and why: corrected or withdrawn with
// finance's note, or the payout's reversal with its reason. It is salted
// with the allocation's salt, since the reason is free text.
func AllocationReversalDigest(salt []byte, id PayoutID, version int, why string) string {
	return Digest(salt, "allocation_reversed", string(id), itoa(version), why)
}

// ReceivableStatus says whether a party still owes money.
type ReceivableStatus string

// Receivable statuses.
const (
	ReceivableOpen      ReceivableStatus = "open"
	ReceivableSettled   ReceivableStatus = "settled"
	ReceivableCancelled ReceivableStatus = "cancelled" // its allocation was corrected before any payment
)

// Receivable is what an outside party owes because finance allocated (part
// of) a payout's cost to it.
type Receivable struct {
	ID        ReceivableID     `json:"id"`
	PotID     PotID            `json:"potId"`
	PayoutID  PayoutID         `json:"payoutId"`
	PartyID   PartyID          `json:"partyId"`
	PartyName string           `json:"party"`
	Amount    Cents            `json:"amount"`
	Settled   Cents            `json:"settled"`
	Open      Cents            `json:"open"`
	Status    ReceivableStatus `json:"status"`
	CreatedAt time.Time        `json:"createdAt"`
	// AllocationVersion is the allocation that created it.
	AllocationVersion int          `json:"allocationVersion"`
	Settlements       []Settlement `json:"settlements"`
}

// Settlement is a party's payment of (part of) a receivable.
type Settlement struct {
	ReceivableID ReceivableID `json:"receivableId"`
	Amount       Cents        `json:"amount"`
	// ValueDate is the day the money arrived.
	ValueDate      Date      `json:"valueDate"`
	Reference      string    `json:"reference"`
	By             string    `json:"by"`
	At             time.Time `json:"at"`
	JournalSeq     int64     `json:"journalSeq"`
	IdempotencyKey string    `json:"-"`
}

// Validate checks a new settlement. today is the booking date: money cannot
// have arrived later.
func (s *Settlement) Validate(today Date) error {
	var fe fieldErrors
	s.Reference = strings.TrimSpace(s.Reference)
	fe.addErr("amount", s.Amount.checkPositive())
	switch {
	case s.ValueDate.IsZero():
		fe.add("valueDate", msgSettlementDateRequired)
	case s.ValueDate.After(today):
		from, to := clampRange(FirstDate, today)
		fe.add("valueDate", msgSettlementFuture, s.ValueDate, from, to)
	default:
		fe.addErr("valueDate", CheckDateIn(s.ValueDate, FirstDate, today))
	}
	fe.checkName("reference", s.Reference, 1, 140)
	return fe.err(nounSettlement)
}

// SettlementDigest commits to a settlement's record.
func SettlementDigest(s *Settlement) string {
	return Digest(nil, "settlement", string(s.ReceivableID), s.Amount.String(), s.ValueDate.String(), s.Reference, s.By)
}

// ReceivableFilter selects receivables. Zero fields select everything.
type ReceivableFilter struct {
	PotID    PotID
	PartyID  PartyID
	PayoutID PayoutID
	Status   ReceivableStatus
	// After and Before are the cursors: the id of the receivable the
	// page follows or precedes (at most one).
	After, Before ReceivableID
	// Limit is the page size: 1 to MaxPageSize, default DefaultPageSize.
	Limit int
}

// Normalise checks the filter and applies the default page size.
func (f *ReceivableFilter) Normalise() error {
	var fe fieldErrors
	fe.checkPage(string(f.After), string(f.Before), &f.Limit)
	switch f.Status {
	case "", ReceivableOpen, ReceivableSettled, ReceivableCancelled:
	default:
		fe.add("status", msgNotAReceivableStatus, Quoted(f.Status))
	}
	return fe.err(nounFilter)
}

// PartyLoad is what a party has borne of a pot's costs so far: the turns
// it took (payouts allocated to it) and the amount. It is what "every
// organisation takes its turn" weighs.
type PartyLoad struct {
	PartyID   PartyID `json:"partyId"`
	PartyName string  `json:"party"`
	Turns     int     `json:"turns"`
	Borne     Cents   `json:"borne"`
}
