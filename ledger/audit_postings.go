package ledger

// PostingSum is the sum of the postings of one pot's transactions on one
// account, of one kind of transaction, in one month of value dates and,
// for payout_approved, payout_reversed and payout_returned, of payouts of one category: the
// rows the engine keeps beside the journal so that statements and the
// finance view (PostingTotals) read a few rows per month instead of every
// posting since the ledger began.
type PostingSum struct {
	// PotID is the pot of the transactions ("" for transactions of no
	// pot).
	PotID PotID
	// Month is YYYY-MM of the value dates.
	Month   string
	Account string
	Kind    TxKind
	// Category is the payout's category for payout_approved,
	// payout_reversed and payout_returned, "" otherwise.
	Category string
	// Amount is the sum of the postings in cents, Count their number.
	Amount Cents
	Count  int
}

// PostingSumReads reads the sums of postings beside what the postings
// give, for Verify.
type PostingSumReads interface {
	// AuditPostingSums calls fn with every (pot, month, account, kind,
	// category) that has a stored sum of postings or postings: the sum as
	// stored and as the journal's postings give it (zero where there is
	// none), in that order of keys. With after (above 0), only the months
	// of the pots that transactions after it posted to, each summed from
	// all of its postings: what an incremental verification checks, at
	// the cost of those months.
	AuditPostingSums(after int64, fn func(stored, computed PostingSum) error) error
}

// postingSums checks the sums of postings the engine keeps per pot, month,
// account, kind and category against the postings of the journal; in an
// incremental verification, those of the months the new transactions
// posted to. A difference names no transaction: a sum changed outside
// ontschot, and statements would show it.
func (a *audit) postingSums() error {
	return a.tx.AuditPostingSums(a.after, func(stored, computed PostingSum) error {
		if stored.Amount == computed.Amount && stored.Count == computed.Count {
			return nil
		}
		what := stored // the key, the same in both
		category := ""
		if what.Category != "" {
			category = ", category " + what.Category
		}
		pot := string(what.PotID)
		if pot == "" {
			pot = "(none)"
		}
		a.fail(checkPostingSums, 0, "", "", "the sum of postings on account %s of %s transactions in %s (pot %s%s) is stored as %d postings and %s, but the journal's postings give %d and %s: it was changed outside ontschot",
			what.Account, what.Kind, what.Month, pot, category, stored.Count, stored.Amount, computed.Count, computed.Amount)
		return nil
	})
}
