package ledger

// Case data leave the service only through Actor.SeesCase. Each record that
// carries case data has one For method here that returns it as a reader
// may see it: unchanged for a reader who sees the case, and otherwise with
// every case field emptied. Answers, pages and documents apply it before
// they encode, so a template or an encoder that forgets to check cannot
// show what is no longer there. Documents that carry case data of many
// payouts (allocation's signals and timeliness, reports' legitimacy) have
// their own For methods built on SeesCase.

// For returns the payout as reader may see it. A reader who may not see
// its case gets it without payee, case reference, the resident's age,
// weighing, decision note and reversal reason; who decided and reversed,
// when and under which mandate stay.
func (p Payout) For(reader Actor) Payout {
	if reader.SeesCase(p.RequestedBy) {
		return p
	}
	p.Payee = Payee{}
	p.CaseRef = ""
	p.ResidentUnder18 = false
	p.Justification = Justification{}
	if p.Decision != nil {
		d := *p.Decision
		d.Note = ""
		p.Decision = &d
	}
	if p.Reversal != nil {
		rv := *p.Reversal
		rv.Reason = ""
		p.Reversal = &rv
	}
	return p
}

// For returns an allocation of a payout that requestedBy asked for as
// reader may see it. A reader who may not see the case gets it without
// finance's note and without the note that says why it was replaced (a
// correction's note or the payout's reversal reason); its lines stay.
func (a Allocation) For(reader Actor, requestedBy string) Allocation {
	if reader.SeesCase(requestedBy) {
		return a
	}
	a.Note = ""
	a.ReversalNote = ""
	return a
}

// For returns an evaluation of a payout that requestedBy asked for as
// reader may see it. A reader who may not see the case gets it without its
// note; the outcome and the regretted amount stay.
func (e Evaluation) For(reader Actor, requestedBy string) Evaluation {
	if reader.SeesCase(requestedBy) {
		return e
	}
	e.Note = ""
	return e
}
