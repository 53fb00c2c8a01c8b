package allocation

import (
	"github.com/ontschot/ontschot/ledger"
)

// Limits of timeliness.
const (
	// StuckLimitDays: Almelo escalates a case stuck for 8 weeks.
	StuckLimitDays = ledger.StuckLimitDays
	// DecisionLimitDays: a doorbraaktafel usually unblocks a case within
	// two weeks, so a decision should not take longer.
	DecisionLimitDays = ledger.DecisionLimitDays
)

// PayoutTimeliness says how long a resident waited: for the case to come
// loose before the request, and for the decision on it.
type PayoutTimeliness struct {
	// StuckDays counts the days from StuckSince to the request's date (the
	// Amsterdam calendar day of RequestedAt); 0 without a StuckSince or when
	// it lies after the request.
	StuckDays int `json:"stuckDays"`
	// StuckTooLong is StuckDays > StuckLimitDays.
	StuckTooLong bool `json:"stuckTooLong"`
	// Instant is set when the payout was approved at once under the
	// requester's own mandate.
	Instant bool `json:"instant"`
	// Waiting is set while the request waits for a decision
	// (pending_approval).
	Waiting bool `json:"waiting"`
	// WaitDays counts the days from the request's date to the decision's
	// (the Amsterdam calendar day of DecidedAt); while waiting, to today;
	// 0 for an instant approval, or when there is no decision to measure.
	WaitDays int `json:"waitDays"`
	// SlowDecision is WaitDays > DecisionLimitDays, also while the request
	// is still waiting.
	SlowDecision bool `json:"slowDecision"`
}

// ForPayout measures the timeliness of one payout on today.
//
// A payout is instant when OwnMandate is set, and waiting when its status is
// pending_approval (and it is not instant). Otherwise its wait runs to
// DecidedAt; a payout without DecidedAt that is not waiting (a reversal
// without a recorded decision, say) has no wait to measure. Negative spans
// (dates out of order) count as 0.
func ForPayout(f *ledger.PayoutFact, today ledger.Date) PayoutTimeliness {
	var t PayoutTimeliness
	t.StuckDays = f.StuckDays()
	t.StuckTooLong = t.StuckDays > StuckLimitDays
	t.Instant = f.Instant()
	t.Waiting = f.Waiting()
	if t.Waiting {
		t.WaitDays = max(ledger.DateOf(f.RequestedAt).DaysUntil(today), 0)
	} else if wait, ok := f.DecidedWait(); ok {
		t.WaitDays = wait
	}
	t.SlowDecision = t.WaitDays > DecisionLimitDays
	return t
}

// decided reports whether an approver decided f (ledger.PayoutFact.DecidedWait).
func decided(f *ledger.PayoutFact) bool {
	_, ok := f.DecidedWait()
	return ok
}

// Flagged is a payout that took too long, and how.
type Flagged struct {
	PayoutID   ledger.PayoutID  `json:"payoutId"`
	Timeliness PayoutTimeliness `json:"timeliness"`
	// Redacted is set when the reader may not see the payout's case: its
	// StuckDays and StuckTooLong are then zero (see PotTimeliness.For).
	Redacted bool `json:"redacted,omitempty"`
}

// PotTimeliness sums the timeliness of a pot's payouts.
type PotTimeliness struct {
	// Requests counts every payout; Instant those approved at once,
	// Decided those an approver decided (approved, rejected, or later
	// reversed), Waiting those still pending.
	Requests int `json:"requests"`
	Instant  int `json:"instant"`
	Decided  int `json:"decided"`
	Waiting  int `json:"waiting"`
	// MedianWaitDays and P90WaitDays are percentiles of the wait of the
	// decided payouts (instant approvals and waiting requests excluded),
	// nearest rank: the value at rank ceil(p×n/100) of the sorted waits,
	// so always a wait that occurred; 0 when none was decided.
	MedianWaitDays int `json:"medianWaitDays"`
	P90WaitDays    int `json:"p90WaitDays"`
	// SlowDecisions counts payouts with a slow decision, waiting ones
	// included; StuckTooLong those stuck too long before the request.
	SlowDecisions int `json:"slowDecisions"`
	StuckTooLong  int `json:"stuckTooLong"`
	// Flagged lists the payouts stuck too long or with a slow decision,
	// oldest request first (ties by payout id): all of them from ForPot,
	// the oldest FlaggedLimit from the Service. It is empty, not nil, when
	// none is. FlaggedTotal counts them all (before For leaves out what a
	// reader may not see).
	Flagged      []Flagged `json:"flagged"`
	FlaggedTotal int       `json:"flaggedTotal"`
}

// ForPot measures the timeliness of a pot's payouts on today, as ForPayout
// does for each. facts are expected to be one pot's, but any set will do.
func ForPot(facts []ledger.PayoutFact, today ledger.Date) PotTimeliness {
	t := NewTimelinessTally(today)
	for i := range facts {
		t.Add(&facts[i])
	}
	return t.Result()
}

// percentile returns the nearest-rank p-th percentile (0 < p ≤ 100) of
// sorted values: the value at rank ceil(p×n/100), counting from 1; 0 for no
// values. Integers only.
func percentile(sorted []int, p int) int {
	n := len(sorted)
	if n == 0 {
		return 0
	}
	rank := (p*n + 99) / 100
	return sorted[max(rank, 1)-1]
}
