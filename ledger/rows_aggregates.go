package ledger

// AggregateReads reads the aggregates of payout facts (aggregates.go): sums
// of cells and pages of the index, each from an index of the store, never
// by reading every payout.
type AggregateReads interface {
	// FactCellSums returns the sums of the cells the query selects, one
	// per group (the fields not in GroupBy left empty), each with the
	// first and last Day of its cells, in the order of the group's fields.
	FactCellSums(q FactCellQuery) ([]FactCell, error)
	// FactIndex calls fn with the entries the query selects, in the
	// query's order, at most q.Limit of them (0: all).
	FactIndex(q FactIndexQuery, fn func(*FactIndexEntry) error) error
	// LastSignalDay returns the latest Day of the signal entries of key
	// whose Case is caseHash; zero when there is none.
	LastSignalDay(key string, caseHash int64) (Date, error)
	// AggregatesPending reports whether the aggregates must be built from
	// the payouts: a new or upgraded ledger whose rows were not yet summed.
	AggregatesPending() (bool, error)
	// EachFactCell calls fn with every stored cell, by kind, pot, key, day
	// and sub; EachFactIndex with every entry, by kind, key and payout.
	// For Verify.
	EachFactCell(fn func(*FactCell) error) error
	EachFactIndex(fn func(*FactIndexEntry) error) error
	// SignalCaseDays calls fn with, per signal key and day, how many cases
	// (Case) have that day as their latest signal entry's Day, by key and
	// day: CellSignalCases recomputed from the index, for Verify.
	SignalCaseDays(fn func(key string, day Date, cases int64) error) error
}

// AggregateWrites keeps the aggregates of payout facts.
type AggregateWrites interface {
	// AddFactCells adds each cell's figures to the stored cell with its
	// kind, pot, day, key and sub (a missing one counts as zero), and
	// removes a cell whose figures all come to zero.
	AddFactCells(cells []FactCell) error
	// PutFactIndex stores the entries, replacing an entry with the same
	// kind, key and payout.
	PutFactIndex(entries []FactIndexEntry) error
	// DeleteFactIndex removes the entries with these kinds, keys and
	// payouts; one that is not there is no error.
	DeleteFactIndex(entries []FactIndexEntry) error
	// ClearAggregates removes every cell and entry, before a rebuild;
	// AggregatesBuilt records that the rebuild is done.
	ClearAggregates() error
	AggregatesBuilt() error
}

// FactCellQuery selects cells of one kind and sums them by group.
type FactCellQuery struct {
	Kind CellKind
	// PotID and Key keep the cells with this pot or key ("": any).
	PotID PotID
	Key   string
	// From and To bound Day, inclusive (zero: no bound).
	From, To Date
	// GroupBy lists the fields the sums are split by: "pot", "day",
	// "key", "sub" (none: one sum of everything selected).
	GroupBy []string
}

// FactIndexQuery selects entries of one list of the index.
type FactIndexQuery struct {
	Kind IndexKind
	// Key and PotID keep the entries with this key or pot ("": any).
	Key   string
	PotID PotID
	// From and To bound Day, inclusive (zero: no bound).
	From, To Date
	// The order is by Day, At and payout id, latest first with Desc.
	// After continues after the entry with this day, instant and payout
	// id (keyset paging; AfterID empty: from the start).
	Desc     bool
	AfterDay Date
	AfterAt  int64
	AfterID  PayoutID
	Limit    int
}
