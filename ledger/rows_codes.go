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
	// AllocationRules returns the allocation rule table as stored, in its
	// order.
	AllocationRules() ([]RuleRow, error)
	// RuleStats counts, per rule id an allocation names as its suggester,
	// the allocations (every version, replaced ones too) that followed the
	// suggestion and those that changed it, by rule id. A rule no
	// allocation names is left out.
	RuleStats() ([]RuleStats, error)
}

// CodeWrites writes the reference data: payout categories, closed periods,
// the Iv3 taakveld list and its imports, and the allocation rule table.
// Each write drops what the engine cached of the rows it changes.
type CodeWrites interface {
	// InsertCategory adds a payout category. Errors: ErrExists when its
	// code is taken.
	InsertCategory(c *Category) error
	// InsertClosedPeriod records a closed period. Errors: ErrExists when
	// the same period (start and end) is closed already.
	InsertClosedPeriod(cp *ClosedPeriod) error
	// ReplaceTaakvelden replaces the whole Iv3 code list with list, in
	// its order.
	ReplaceTaakvelden(list TaakveldList) error
	// InsertTaakveldImport records an import of the code list, with the
	// sequence number of the journal transaction that committed to it.
	InsertTaakveldImport(imp *TaakveldImport, seq int64) error
	// ReplaceAllocationRules replaces the whole rule table with rows, in
	// their order. Errors: ErrExists when two rows share an id.
	ReplaceAllocationRules(rows []RuleRow) error
}

// RuleRow is one row of the allocation rule table as stored: the rule's id
// and its text, the rule encoded by Service (JSON). An engine keeps the
// text byte for byte and never reads inside it: the journal commits to the
// text (RulesRecord), so an engine that re-encoded it would break the
// commitment.
type RuleRow struct {
	ID   string
	Text string
}
