package ledger

// FundReads reads pots with their mandate ladders and debtor accounts,
// partners, pledges and contributions.
type FundReads interface {
	// Partners returns the partners with the given ids, or every partner
	// when none is given, by name (ignoring case). An id that is not
	// there is left out.
	Partners(ids ...PartnerID) ([]Partner, error)
	// Pots returns the pots with the given ids, or every pot when none is
	// given, with their mandate ladders and debtor accounts, newest year
	// first, then by name (ignoring case). An id that is not there is
	// left out.
	Pots(ids ...PotID) ([]Pot, error)
}

// FundWrites writes pots with their mandate ladders and debtor accounts,
// partners, pledges and contributions.
type FundWrites interface {
	// InsertPartner adds a partner. Errors: ErrExists when its id, or its
	// name ignoring case, is taken.
	InsertPartner(p *Partner) error
}
