package httpapi

import "github.com/ontschot/ontschot/ledger"

// paymentPlanJSON is the answer to a dry run of POST /payment-batches: what
// a payment batch made now would pay, booked nowhere. plan identifies it
// (ledger.PaymentBatch.PlanDigest): sent back with the run, the run pays
// exactly this or answers 409.
type paymentPlanJSON struct {
	DryRun        bool            `json:"dryRun"`
	Plan          string          `json:"plan"`
	ExecutionDate ledger.Date     `json:"executionDate"`
	Payouts       int             `json:"payouts"`
	Amount        ledger.Cents    `json:"amount"`
	Instant       int             `json:"instantPayouts"`
	InstantAmount ledger.Cents    `json:"instantAmount"`
	Groups        []planGroupJSON `json:"groups"`
	Items         []batchItemJSON `json:"items"`
	SkippedPots   []ledger.PotID  `json:"skippedPots,omitempty"`
}

// planGroupJSON is what a plan pays from one pot, and how much of it goes
// as instant payments.
type planGroupJSON struct {
	PotID         ledger.PotID         `json:"potId"`
	PotName       string               `json:"potName"`
	Debtor        ledger.DebtorAccount `json:"debtor"`
	Payouts       int                  `json:"payouts"`
	Amount        ledger.Cents         `json:"amount"`
	Instant       int                  `json:"instantPayouts"`
	InstantAmount ledger.Cents         `json:"instantAmount"`
}

// paymentPlanOf is a dry run's batch as JSON, the payouts by id, pot,
// amount and urgency: the payees are in the file only, as for a batch.
func paymentPlanOf(b *ledger.PaymentBatch) paymentPlanJSON {
	j := paymentPlanJSON{DryRun: true, Plan: b.PlanDigest(), ExecutionDate: b.ExecutionDate, Payouts: b.Payouts, Amount: b.Amount,
		Groups: []planGroupJSON{}, Items: []batchItemJSON{}, SkippedPots: b.SkippedPots}
	j.Instant, j.InstantAmount = b.Instant("")
	for _, g := range b.Groups {
		pg := planGroupJSON{PotID: g.PotID, PotName: g.PotName, Debtor: g.Debtor, Payouts: g.Payouts, Amount: g.Amount}
		pg.Instant, pg.InstantAmount = b.Instant(g.PotID)
		j.Groups = append(j.Groups, pg)
	}
	for _, it := range b.Items {
		j.Items = append(j.Items, batchItemJSON{PayoutID: it.PayoutID, PotID: it.PotID, Amount: it.Amount, Urgency: it.Urgency})
	}
	return j
}
