package ledger

import (
	"strings"
	"time"
)

// EvalOutcome is what a caseworker or approver concludes about a payout
// afterwards: did the spend work?
type EvalOutcome string

// Evaluation outcomes.
const (
	EvalEffective EvalOutcome = "effective" // it did what it was for
	EvalPartial   EvalOutcome = "partial"   // part of it is regretted
	EvalRegret    EvalOutcome = "regret"    // all of it is regretted
)

// Evaluable reports whether a payout can be evaluated: once it is paid,
// its money gone out in a payment batch. "Was the spend effective?" has an
// answer only after there was a spend: an approved payout that is not paid
// yet has spent nothing (it can still be reversed), and an evaluation
// recorded seconds after the request would count in the regret ratio as if
// it were a judgement of what the money did. The ratio's denominator, the
// pot's spending, is every approved or paid payout (PayoutFact.Spent); what
// is regretted of it is judged on paid payouts only.
func (p *Payout) Evaluable() bool { return p.Status.PaidOut() }

// EvaluationRequest records, or revises, the evaluation of a payout.
type EvaluationRequest struct {
	PayoutID PayoutID
	Outcome  EvalOutcome
	// Regretted is the regretted amount: required for partial (more than
	// 0.00 and less than the payout), the whole amount for regret (it may be
	// left out), nothing for effective.
	Regretted      Cents
	Note           string
	IdempotencyKey string
}

// Validate checks what needs no stored data.
func (r *EvaluationRequest) Validate() error {
	var fe fieldErrors
	r.Note = strings.TrimSpace(r.Note)
	switch r.Outcome {
	case EvalEffective:
		if r.Regretted != 0 {
			fe.add("regrettedAmount", msgEffectiveNoRegret)
		}
	case EvalPartial:
		if r.Regretted <= 0 {
			fe.add("regrettedAmount", msgPartialRequired)
		}
	case EvalRegret:
		if r.Regretted < 0 {
			fe.add("regrettedAmount", msgRegretNegative)
		}
	case "":
		fe.add("outcome", msgOutcomeRequired)
	default:
		fe.add("outcome", msgNotAnOutcome, Quoted(r.Outcome))
	}
	fe.checkText("note", r.Note, 5, maxText)
	return fe.err(nounEvaluation)
}

// Resolve checks the regretted amount against the payout's amount and fills
// it in for a regret.
func (r *EvaluationRequest) Resolve(amount Cents) error {
	var fe fieldErrors
	switch r.Outcome {
	case EvalPartial:
		if r.Regretted >= amount {
			fe.add("regrettedAmount", msgPartialTooMuch, r.Regretted, amount)
		}
	case EvalRegret:
		if r.Regretted == 0 {
			r.Regretted = amount
		} else if r.Regretted != amount {
			fe.add("regrettedAmount", msgRegretWhole, r.Regretted, amount)
		}
	}
	return fe.err(nounEvaluation)
}

// Evaluation is one version of a payout's evaluation.
type Evaluation struct {
	PayoutID   PayoutID    `json:"payoutId"`
	Version    int         `json:"version"`
	Outcome    EvalOutcome `json:"outcome"`
	Regretted  Cents       `json:"regrettedAmount"`
	Note       string      `json:"note"`
	By         string      `json:"by"`
	Role       Role        `json:"role"`
	At         time.Time   `json:"at"`
	JournalSeq int64       `json:"journalSeq"`
	// Current is false once a later version revised it.
	Current bool `json:"current"`
}

// EvaluationDigest commits to an evaluation's record.
func EvaluationDigest(salt []byte, e *Evaluation) string {
	return Digest(salt, "evaluation", string(e.PayoutID), itoa(e.Version), string(e.Outcome), e.Regretted.String(), e.Note, e.By, string(e.Role))
}
