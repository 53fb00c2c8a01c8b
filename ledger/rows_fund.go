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
	// Pledges returns the partners that fund a pot with what each
	// pledged: those of pot, or of every pot when pot is "", and of
	// partner, or of every partner when partner is "". They come by pot,
	// then by the partner's name (ignoring case).
	Pledges(pot PotID, partner PartnerID) ([]PledgeRow, error)
	// Contributions returns a pot's contributions, oldest value date
	// first, and in the order they were booked within a day.
	Contributions(pot PotID) ([]Contribution, error)
}

// PledgeRow is a partner that funds a pot, and what it pledged (cents; 0
// for a partner that contributed without a pledge).
type PledgeRow struct {
	PotID     PotID
	PartnerID PartnerID
	Pledged   Cents
}

// FundWrites writes pots with their mandate ladders and debtor accounts,
// partners, pledges and contributions. A write that changes a pot's row,
// ladder, name or debtor account is seen by every read after it, in the
// same write and in later ones: an engine that caches pots drops the pot
// in the method that changes it.
type FundWrites interface {
	// InsertPartner adds a partner. Errors: ErrExists when its id, or its
	// name ignoring case, is taken.
	InsertPartner(p *Partner) error
	// InsertPot adds a pot with its mandate ladder (its debtor account is
	// not set), and opens the named accounts of it at a zero balance, so
	// that the pot has accounts before anything is booked to it. Errors:
	// ErrExists when its id, or its name ignoring case in its year, is
	// taken.
	InsertPot(p *Pot, accounts []string) error
	// SetLadder replaces the mandate ladder of a pot the caller has read
	// in this write.
	SetLadder(pot PotID, ladder []MandateLevel) error
	// SetEscalation sets the working days before a reminder and an
	// escalation of a pot the caller has read in this write.
	SetEscalation(pot PotID, e Escalation) error
	// RenamePot gives a pot another name. Errors: ErrNotFound when there
	// is no such pot; ErrExists when another pot of its year has the name,
	// ignoring case.
	RenamePot(pot PotID, name string) error
	// SetDebtorAccount sets the account a pot pays from. Errors:
	// ErrNotFound when there is no such pot.
	SetDebtorAccount(pot PotID, account DebtorAccount) error
	// SetPledge makes partner a funder of pot that pledged pledged cents,
	// or changes the pledge of one that is.
	SetPledge(pot PotID, partner PartnerID, pledged Cents) error
	// AddFunder makes partner a funder of pot, with nothing pledged, unless
	// it is one already; added says whether it was not.
	AddFunder(pot PotID, partner PartnerID) (added bool, err error)
	// InsertContribution adds a contribution the journal has booked (its
	// JournalSeq set). Errors: ErrExists when its id is taken.
	InsertContribution(c *Contribution) error
}
