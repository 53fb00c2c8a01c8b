package httpapi

import (
	"encoding/json"
	"io"
	"net/http"
	"time"

	"github.com/ontschot/ontschot/allocation"
	"github.com/ontschot/ontschot/ledger"
)

// Answers. Money is ledger.Cents, which marshals as a decimal string
// ("125.50"); dates as YYYY-MM-DD; instants in UTC.

type potJSON struct {
	ID              ledger.PotID  `json:"id"`
	Name            string        `json:"name"`
	Year            int           `json:"year"`
	RecoveryPolicy  string        `json:"recoveryPolicy"`
	RegretThreshold ledger.Ratio  `json:"regretThreshold"`
	OverdraftLimit  ledger.Cents  `json:"overdraftLimit"`
	Mandates        []mandateJSON `json:"mandates"`
	Balance         balanceJSON   `json:"balance"`
	CreatedAt       time.Time     `json:"createdAt"`
	// DebtorAccount is the account the pot pays from, once set.
	DebtorAccount *ledger.DebtorAccount `json:"debtorAccount,omitempty"`
	// RemindAfter and EscalateAfter are the pot's escalation, in Dutch
	// working days (ledger.Escalation).
	RemindAfter   int `json:"remindAfter"`
	EscalateAfter int `json:"escalateAfter"`
}

type balanceJSON struct {
	Contributed ledger.Cents `json:"contributed"`
	Available   ledger.Cents `json:"available"`
	Held        ledger.Cents `json:"held"`
	Spent       ledger.Cents `json:"spent"`
	Unpaid      ledger.Cents `json:"unpaid"`
	Unallocated ledger.Cents `json:"unallocated"`
	Recovered   ledger.Cents `json:"recovered"`
	Receivable  ledger.Cents `json:"receivable"`
}

type mandateJSON struct {
	Role  ledger.Role   `json:"role"`
	Limit *ledger.Cents `json:"limit,omitempty"`
}

func mandatesJSON(ms []ledger.MandateLevel) []mandateJSON {
	out := make([]mandateJSON, len(ms))
	for i, m := range ms {
		out[i] = mandateOf(m)
	}
	return out
}

func mandateOf(m ledger.MandateLevel) mandateJSON {
	j := mandateJSON{Role: m.Role}
	if !m.Unlimited {
		limit := m.Limit
		j.Limit = &limit
	}
	return j
}

func potOf(p ledger.Pot, b ledger.Balance) potJSON {
	return potJSON{ID: p.ID, Name: p.Name, Year: p.Year, RecoveryPolicy: string(p.RecoveryPolicy), RegretThreshold: p.RegretThreshold,
		OverdraftLimit: p.OverdraftLimit, Mandates: mandatesJSON(p.Mandates),
		Balance: balanceJSON{Contributed: b.Contributed, Available: b.Available, Held: b.Held, Spent: b.Spent, Unpaid: b.Unpaid,
			Unallocated: b.Unallocated, Recovered: b.Recovered, Receivable: b.Receivable},
		DebtorAccount: p.DebtorAccount,
		CreatedAt:     p.CreatedAt, RemindAfter: p.RemindAfter, EscalateAfter: p.EscalateAfter}
}

type payoutJSON struct {
	ID            ledger.PayoutID    `json:"id"`
	PotID         ledger.PotID       `json:"potId"`
	Amount        ledger.Cents       `json:"amount"`
	Payee         *payeeJSON         `json:"payee,omitempty"`
	CaseRef       string             `json:"caseRef,omitempty"`
	Category      string             `json:"category"`
	Urgency       ledger.Urgency     `json:"urgency"`
	Justification *justificationJSON `json:"justification,omitempty"`
	Status        ledger.Status      `json:"status"`
	RequestedBy   string             `json:"requestedBy"`
	RequestedRole ledger.Role        `json:"requestedRole"`
	RequestedAt   time.Time          `json:"requestedAt"`
	ValueDate     ledger.Date        `json:"valueDate"`
	Decision      *decisionJSON      `json:"decision,omitempty"`
	Reversal      *reversalJSON      `json:"reversal,omitempty"`
	// Settlement and Return are the bank's answer: the day it booked the
	// payout's debit, or the day the money came back (or the transfer was
	// refused) with the ISO 20022 reason code and its Dutch explanation.
	Settlement *ledger.PayoutSettlement `json:"settlement,omitempty"`
	Return     *ledger.PayoutReturn     `json:"return,omitempty"`
	// ReissueOf is the returned payout this one pays again to a corrected
	// payee; ReissuedAs the payout that pays this returned one again.
	// ReissuedBy and ReissuedRole are who corrected the payee.
	ReissueOf    ledger.PayoutID `json:"reissueOf,omitempty"`
	ReissuedBy   string          `json:"reissuedBy,omitempty"`
	ReissuedRole ledger.Role     `json:"reissuedRole,omitempty"`
	ReissuedAs   ledger.PayoutID `json:"reissuedAs,omitempty"`
	// ResidentUnder18 is part of the case; PaidTo and SpendingBound give the
	// economic category.
	ResidentUnder18 *bool         `json:"residentUnder18,omitempty"`
	PaidTo          ledger.PaidTo `json:"paidTo"`
	SpendingBound   bool          `json:"spendingBound"`
	// Allocated is how much of the cost finance has allocated.
	Allocated  ledger.Cents                 `json:"allocated"`
	Evaluation *ledger.EvaluationSummary    `json:"evaluation,omitempty"`
	Timeliness *allocation.PayoutTimeliness `json:"timeliness,omitempty"`
	// Redacted is set when the reader may not see the case: no payee, case
	// reference, weighing or notes.
	Redacted bool `json:"redacted,omitempty"`
}

type payeeJSON struct {
	Name      string      `json:"name,omitempty"`
	IBAN      ledger.IBAN `json:"iban,omitempty"`
	Reference string      `json:"reference,omitempty"`
	Erased    bool        `json:"erased,omitempty"`
}

type justificationJSON struct {
	Situation           string      `json:"situation"`
	Severity            int         `json:"severity"`
	ResidentInvolvement string      `json:"residentInvolvement"`
	ExpectedReturn      string      `json:"expectedReturn"`
	DeviatesFrom        []string    `json:"deviatesFrom"`
	RegularRouteTried   string      `json:"regularRouteTried"`
	StuckSince          ledger.Date `json:"stuckSince"`
}

type decisionJSON struct {
	Decision   ledger.Outcome `json:"decision"`
	DecidedBy  string         `json:"decidedBy"`
	Role       ledger.Role    `json:"role"`
	DecidedAt  time.Time      `json:"decidedAt"`
	Note       string         `json:"note,omitempty"`
	Mandate    mandateJSON    `json:"mandate"`
	OwnMandate bool           `json:"ownMandate"`
}

type reversalJSON struct {
	ReversedBy string      `json:"reversedBy"`
	Role       ledger.Role `json:"role"`
	ReversedAt time.Time   `json:"reversedAt"`
	Reason     string      `json:"reason,omitempty"`
}

// payoutOf is a payout as the session may see it: the case's fields are
// emptied by Payout.For, and left out of the answer, for a reader who may
// not see the case.
func (s *Server) payoutOf(p ledger.Payout, sess ledger.Session) payoutJSON {
	full := sess.SeesCase(p.RequestedBy)
	p = p.For(sess.Actor)
	f := p.Fact()
	j := payoutJSON{ID: p.ID, PotID: p.PotID, Amount: p.Amount, Category: p.Category, Urgency: p.Urgency, Status: p.Status,
		RequestedBy: p.RequestedBy, RequestedRole: p.RequestedRole, RequestedAt: p.RequestedAt, ValueDate: p.ValueDate, Redacted: !full,
		PaidTo: p.PaidTo, SpendingBound: p.SpendingBound, Allocated: p.Allocated, Evaluation: p.Evaluation,
		Settlement: p.Settlement, Return: p.Return, ReissueOf: p.ReissueOf, ReissuedBy: p.ReissuedBy, ReissuedRole: p.ReissuedRole, ReissuedAs: p.ReissuedAs,
	}
	if full {
		// How long the case was stuck follows from the weighing.
		t := allocation.ForPayout(&f, ledger.DateOf(s.now()))
		j.Timeliness = &t
		under18 := p.ResidentUnder18
		j.ResidentUnder18 = &under18
		j.Payee = &payeeJSON{Name: p.Payee.Name, IBAN: p.Payee.IBAN, Reference: p.Payee.Reference, Erased: p.Payee.Erased}
		j.CaseRef = p.CaseRef
		js := p.Justification
		if js.DeviatesFrom == nil {
			js.DeviatesFrom = []string{}
		}
		j.Justification = &justificationJSON{Situation: js.Situation, Severity: js.Severity, ResidentInvolvement: js.ResidentInvolvement,
			ExpectedReturn: js.ExpectedReturn, DeviatesFrom: js.DeviatesFrom, RegularRouteTried: js.RegularRouteTried, StuckSince: js.StuckSince}
	}
	if d := p.Decision; d != nil {
		j.Decision = &decisionJSON{Decision: d.Outcome, DecidedBy: d.By, Role: d.Role, DecidedAt: d.At, Mandate: mandateOf(d.Mandate), OwnMandate: d.OwnMandate}
		if full {
			j.Decision.Note = d.Note
		}
	}
	if rv := p.Reversal; rv != nil {
		j.Reversal = &reversalJSON{ReversedBy: rv.By, Role: rv.Role, ReversedAt: rv.At}
		if full {
			j.Reversal.Reason = rv.Reason
		}
	}
	return j
}

// allocationJSON is an allocation as the API shows it: ledger.Allocation
// with its lists never null, and for a reader who may not see the payout's
// case without its notes (Allocation.For) and marked redacted.
type allocationJSON struct {
	ledger.Allocation
	Note         string `json:"note,omitempty"`
	ReversalNote string `json:"reversalNote,omitempty"`
	Redacted     bool   `json:"redacted,omitempty"`
}

// allocationOf is an allocation of a payout that requestedBy asked for, as
// the session may see it.
func allocationOf(a ledger.Allocation, sess ledger.Session, requestedBy string) allocationJSON {
	a = a.For(sess.Actor, requestedBy)
	if a.Lines == nil {
		a.Lines = []ledger.AllocationLine{}
	}
	return allocationJSON{Allocation: a, Note: a.Note, ReversalNote: a.ReversalNote, Redacted: !sess.SeesCase(requestedBy)}
}

// evaluationJSON is an evaluation as the API shows it; the note is left out
// (and redacted set) for readers who may not see the case.
type evaluationJSON struct {
	ledger.Evaluation
	Note     string `json:"note,omitempty"`
	Redacted bool   `json:"redacted,omitempty"`
}

// evaluationOf is an evaluation of a payout that requestedBy asked for, as
// the session may see it (Evaluation.For).
func evaluationOf(e ledger.Evaluation, sess ledger.Session, requestedBy string) evaluationJSON {
	e = e.For(sess.Actor, requestedBy)
	return evaluationJSON{Evaluation: e, Note: e.Note, Redacted: !sess.SeesCase(requestedBy)}
}

// potTimelinessJSON is a pot's timeliness as the API shows it; the
// session's allocation.PotTimeliness.For has already taken out what it may
// not see.
type potTimelinessJSON struct {
	allocation.PotTimeliness
	Flagged []flaggedJSON `json:"flagged"`
}

// flaggedJSON is a flagged payout. For a reader who may not see its case
// the days it was stuck are left out, not shown as 0, and redacted is set.
type flaggedJSON struct {
	PayoutID   ledger.PayoutID `json:"payoutId"`
	Timeliness timelinessJSON  `json:"timeliness"`
	Redacted   bool            `json:"redacted,omitempty"`
}

type timelinessJSON struct {
	StuckDays    *int  `json:"stuckDays,omitempty"`
	StuckTooLong *bool `json:"stuckTooLong,omitempty"`
	Instant      bool  `json:"instant"`
	Waiting      bool  `json:"waiting"`
	WaitDays     int   `json:"waitDays"`
	SlowDecision bool  `json:"slowDecision"`
}

func potTimelinessOf(t allocation.PotTimeliness) potTimelinessJSON {
	out := potTimelinessJSON{PotTimeliness: t, Flagged: make([]flaggedJSON, len(t.Flagged))}
	for i, f := range t.Flagged {
		pt := f.Timeliness
		j := flaggedJSON{PayoutID: f.PayoutID, Redacted: f.Redacted, Timeliness: timelinessJSON{Instant: pt.Instant, Waiting: pt.Waiting,
			WaitDays: pt.WaitDays, SlowDecision: pt.SlowDecision}}
		if !f.Redacted {
			j.Timeliness.StuckDays, j.Timeliness.StuckTooLong = &pt.StuckDays, &pt.StuckTooLong
		}
		out.Flagged[i] = j
	}
	return out
}

type tokenJSON struct {
	ledger.Token
	// Secret is the token itself, in the answer to its creation only.
	Secret string `json:"token,omitempty"`
}

// writeJSON answers with v as JSON.
func writeJSON(w http.ResponseWriter, status int, v any) error {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	return newEncoder(w).Encode(v)
}

// newEncoder returns a JSON encoder that writes <, > and & as they are:
// encoding/json escapes them by default (\u003c) for JSON pasted into
// HTML, which an API answer never is (it goes out as application/json
// with X-Content-Type-Options: nosniff), and the escapes make a detail
// such as "Bearer <token>" unreadable to a person.
func newEncoder(w io.Writer) *json.Encoder {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc
}

// created answers 201 with the new resource and its location.
func created(w http.ResponseWriter, location string, v any) error {
	w.Header().Set("Location", location)
	return writeJSON(w, http.StatusCreated, v)
}

// idempotencyKey returns the request's Idempotency-Key header, checked by
// the ledger's rule for every key (ledger.CheckIdempotencyKey: visible
// ASCII, its length, and no BSN).
func idempotencyKey(r *http.Request) (string, error) {
	k := r.Header.Get("Idempotency-Key")
	if err := ledger.CheckIdempotencyKey(k); err != nil {
		return "", err
	}
	return k, nil
}
