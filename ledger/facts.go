package ledger

import (
	"context"
	"regexp"
	"strings"
	"time"
)

// PayoutFact is what the analyses of package allocation need to know of a
// payout: the queue, regret, signals, timeliness, suggestions. It holds no
// payee data and no weighing text, only the rules deviated from.
type PayoutFact struct {
	ID              PayoutID
	PotID           PotID
	Amount          Cents
	Category        string
	CaseRef         string
	Urgency         Urgency
	ResidentUnder18 bool
	PaidTo          PaidTo
	SpendingBound   bool
	DeviatesFrom    []string
	Status          Status
	ValueDate       Date
	StuckSince      Date
	RequestedAt     time.Time
	// DecidedAt is zero while the payout waits; OwnMandate is set when it
	// was approved at once under the requester's own mandate.
	DecidedAt  time.Time
	OwnMandate bool
	// Reissue is set on a payout that pays a returned payout again
	// (Payout.ReissueOf): its decision is that payout's.
	Reissue bool
	// Who asked and who decided, under which level of the ladder: what the
	// legitimacy report checks (mandate, four eyes).
	RequestedBy   string
	RequestedRole Role
	DecidedBy     string
	DecidedRole   Role
	Outcome       Outcome
	Mandate       MandateLevel
	// Severity and WeighingComplete are the parts of the weighing the
	// legitimacy report shows; its text stays with the payout.
	Severity         int
	WeighingComplete bool
	// Allocated is the sum of the current allocation's lines.
	Allocated Cents
	// Evaluated is set when the payout has an evaluation; EvalOutcome and
	// Regretted are the current one's.
	Evaluated   bool
	EvalOutcome EvalOutcome
	Regretted   Cents
}

// Spent reports whether the payout counts as spending: approved or paid,
// not reversed.
func (f *PayoutFact) Spent() bool { return f.Status.Spent() }

// FactFilter selects payout facts: a pot ("" for every pot) and a range of
// value dates, both inclusive (zero for unbounded).
type FactFilter struct {
	PotID    PotID
	From, To Date
}

// SignalUptake records that a policy signal was taken up in policy.
type SignalUptake struct {
	SignalID       string    `json:"signalId"`
	Note           string    `json:"note"`
	By             string    `json:"by"`
	Role           Role      `json:"role"`
	At             time.Time `json:"at"`
	IdempotencyKey string    `json:"-"`
}

var signalIDPattern = regexp.MustCompile(`^(category|rule)-[a-z0-9_]{1,64}$`)

// Validate checks an uptake: a signal id as package allocation makes them
// and a note on how policy takes the signal up.
func (u *SignalUptake) Validate() error {
	var fe fieldErrors
	u.Note = strings.TrimSpace(u.Note)
	if !signalIDPattern.MatchString(u.SignalID) {
		fe.add("signalId", msgNotASignal, Quoted(u.SignalID))
	} else {
		fe.checkNoBSN("signalId", u.SignalID)
	}
	fe.checkText("note", u.Note, 5, maxText)
	return fe.err(nounUptake)
}

// Fact returns the payout's facts: what the analyses of package allocation
// need, without payee data or weighing text.
func (p *Payout) Fact() PayoutFact {
	f := PayoutFact{
		ID: p.ID, PotID: p.PotID, Amount: p.Amount, Category: p.Category, CaseRef: p.CaseRef, Urgency: p.Urgency,
		ResidentUnder18: p.ResidentUnder18, PaidTo: p.PaidTo, SpendingBound: p.SpendingBound,
		DeviatesFrom: p.Justification.DeviatesFrom, Status: p.Status, ValueDate: p.ValueDate,
		StuckSince: p.Justification.StuckSince, RequestedAt: p.RequestedAt, Allocated: p.Allocated, Reissue: p.ReissueOf != "",
	}
	f.RequestedBy, f.RequestedRole = p.RequestedBy, p.RequestedRole
	f.Severity, f.WeighingComplete = p.Justification.Severity, p.Justification.Complete()
	if d := p.Decision; d != nil {
		f.DecidedAt, f.OwnMandate = d.At, d.OwnMandate
		f.DecidedBy, f.DecidedRole, f.Outcome, f.Mandate = d.By, d.Role, d.Outcome, d.Mandate
	}
	if e := p.Evaluation; e != nil {
		f.Evaluated, f.EvalOutcome, f.Regretted = true, e.Outcome, e.Regretted
	}
	return f
}

// BookingYear is the year the payout's cost was booked in: the year of its
// approval (a request above the mandate is booked when it is approved), or
// of the request while it has no decision. It decides which Iv3 taakvelden
// the cost can be allocated to.
func (f *PayoutFact) BookingYear() int {
	if !f.DecidedAt.IsZero() {
		return DateOf(f.DecidedAt).Year()
	}
	return f.ValueDate.Year()
}

// BookingYear is as PayoutFact.BookingYear.
func (p *Payout) BookingYear() int {
	if p.Decision != nil {
		return DateOf(p.Decision.At).Year()
	}
	return p.ValueDate.Year()
}

// CollectFacts returns the facts PayoutFacts gives, in a slice: for readers
// whose answer lists every payout anyway (the legitimacy report of a
// period) and for tests. Errors: those of PayoutFacts.
func CollectFacts(ctx context.Context, s Store, filter FactFilter) ([]PayoutFact, error) {
	var facts []PayoutFact
	err := s.PayoutFacts(ctx, filter, func(f *PayoutFact) error {
		facts = append(facts, *f)
		return nil
	})
	return facts, err
}
