package allocation

import (
	"slices"

	"github.com/ontschot/ontschot/ledger"
)

// Signals and timeliness sum many payouts; most of what they show is an
// aggregate any insider may read. Where they show a payout's case data (a
// rule as a weighing wrote it, the days a case was stuck), that goes
// through ledger.Actor.SeesCase for each payout, here.

// Requesters maps each payout of facts to the user who requested it: what
// the For methods ask SeesCase about.
func Requesters(facts []ledger.PayoutFact) map[ledger.PayoutID]string {
	m := make(map[ledger.PayoutID]string, len(facts))
	for i := range facts {
		m[facts[i].ID] = facts[i].RequestedBy
	}
	return m
}

// For returns the signal as reader may see it. A category signal holds no
// case data. A rule signal's Key and Label are a deviated rule in a
// weighing's words, so reader reads them only when they see the case of
// every payout in the signal (requestedBy maps each payout to its
// requester; a payout it lacks counts as unseen); otherwise they are empty
// and Redacted is set, and so are its ID and its payout ids: the ID is a
// hash of the rule's text, so a reader could confirm a guessed rule by
// hashing it, and the payouts would then say which cases deviated from it.
// Its counts, total, pots, dates and uptake stay: they are aggregates.
func (s Signal) For(reader ledger.Actor, requestedBy map[ledger.PayoutID]string) Signal {
	if s.Kind == SignalCategory {
		return s
	}
	sees := func() bool {
		if reader.SeesEveryCase() {
			return true
		}
		if s.requesters != nil {
			return !slices.ContainsFunc(s.requesters, func(by string) bool { return !reader.SeesCase(by) })
		}
		for _, id := range s.PayoutIDs {
			if by, ok := requestedBy[id]; !ok || !reader.SeesCase(by) {
				return false
			}
		}
		return true
	}
	if sees() {
		return s
	}
	s.ID, s.Key, s.Label, s.PayoutIDs, s.Redacted = "", "", "", []ledger.PayoutID{}, true
	if s.TakenUp != nil {
		u := *s.TakenUp
		u.SignalID = ""
		s.TakenUp = &u
	}
	return s
}

// For returns the pot's timeliness as reader may see it. The counts and
// percentiles are aggregates and stay. How long a case was stuck follows
// from its weighing (the stuck-since day), so a flagged payout whose case
// reader may not see (requestedBy maps each payout to its requester) loses
// StuckDays and StuckTooLong and is marked Redacted; one flagged only for
// being stuck too long is left out of Flagged altogether, since its being
// there would tell.
func (t PotTimeliness) For(reader ledger.Actor, requestedBy map[ledger.PayoutID]string) PotTimeliness {
	flagged := make([]Flagged, 0, len(t.Flagged))
	for _, f := range t.Flagged {
		if by, ok := requestedBy[f.PayoutID]; !ok || !reader.SeesCase(by) {
			if !f.Timeliness.SlowDecision {
				continue
			}
			f.Timeliness.StuckDays, f.Timeliness.StuckTooLong, f.Redacted = 0, false, true
		}
		flagged = append(flagged, f)
	}
	t.Flagged = flagged
	return t
}
