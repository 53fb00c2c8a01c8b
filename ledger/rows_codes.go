package ledger

// CodeReads reads the reference data: payout categories, closed periods,
// the Iv3 taakveld list and its imports, the allocation rule table, and the
// sums of postings statements are made of.
type CodeReads interface {
	// ClosedPeriods returns the closed periods, oldest first.
	ClosedPeriods() ([]ClosedPeriod, error)
	// Categories returns the payout categories, by code.
	Categories() ([]Category, error)
	// Taakvelden returns the Iv3 code list, in its order.
	Taakvelden() (TaakveldList, error)
}

// CodeWrites writes the reference data: payout categories, closed periods,
// the Iv3 taakveld list and its imports, and the allocation rule table.
type CodeWrites interface{}
