package ledger

// ReallocationReads reads outside parties, allocations with their lines, receivables with their settlements, evaluations and signal uptakes.
type ReallocationReads interface {
	// Parties returns the outside parties with the given ids, or every
	// party when none is given, by name (ignoring case). An id that is
	// not there is left out.
	Parties(ids ...PartyID) ([]Party, error)
}

// ReallocationWrites writes outside parties, allocations with their lines, receivables with their settlements, evaluations and signal uptakes.
type ReallocationWrites interface{}
