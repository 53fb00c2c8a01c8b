package ledger

// Lists that grow with the ledger's history (receivables, payment batches,
// an approver's inbox, a requester's requests and the evaluations they owe)
// are read a page at a time, in a fixed order, from an index: a page costs
// what the page holds, not what the ledger holds (issue 12). The totals a
// list shows beside its page (how many, how much is open) come from
// aggregate queries over an index in the same read, so they agree with the
// pages.
//
// A page is asked for with a cursor: the id of the item the page follows
// (After, for "next") or precedes (Before, for "previous"). The cursor is
// the item's id, never an offset, so a page stays cheap however deep it is
// and an item booked meanwhile neither repeats nor skips one on the next
// page. An item that left a filtered list (a receivable settled since) is
// still a good cursor: its place in the order is kept.

const (
	// DefaultPageSize is the size of a page when a filter gives none.
	DefaultPageSize = 50
	// MaxPageSize is the largest page a filter may ask for: a page must
	// stay small enough to read at once.
	MaxPageSize = 500
)

// checkPage checks a page's cursors and size and applies the default size.
// after and before are the fields' values; at most one may be given.
func (fe *fieldErrors) checkPage(after, before string, limit *int) {
	for _, c := range []struct{ field, value string }{{"after", after}, {"before", before}} {
		if !IsText(c.value) || len(c.value) > 100 {
			fe.add(c.field, msgNotACursor)
		}
	}
	if after != "" && before != "" {
		fe.add("before", msgAfterAndBefore)
	}
	switch {
	case *limit == 0:
		*limit = DefaultPageSize
	case *limit < 1 || *limit > MaxPageSize:
		fe.add("limit", MsgLimitRange, MaxPageSize)
	}
}

// cursorNotFound is the error for a cursor that names no item of a list;
// list names the list (listPayouts).
func cursorNotFound(field, id string, list MsgCode) error {
	return Invalid(NounPage, []FieldError{NewFieldError(field, msgCursorNotFound, id, list)})
}

// ReceivablePage is one page of receivables, oldest first, with the totals
// of every receivable the filter selects (on every page).
type ReceivablePage struct {
	Receivables []Receivable
	// Next is the cursor of the next page ("" on the last page); Prev
	// that of the previous page ("" on the first).
	Next, Prev ReceivableID
	// Total is how many receivables the filter selects; Open is what is
	// open of them, in cents.
	Total int
	Open  Cents
}

// PaymentBatchFilter selects a page of payment batches.
type PaymentBatchFilter struct {
	// After and Before are the cursors: the id of the batch the page
	// follows or precedes (at most one).
	After, Before PaymentBatchID
	// Limit is the page size: 1 to MaxPageSize, default DefaultPageSize.
	Limit int
}

// Normalise checks the filter and applies the default page size.
func (f *PaymentBatchFilter) Normalise() error {
	var fe fieldErrors
	fe.checkPage(string(f.After), string(f.Before), &f.Limit)
	return fe.err(NounPage)
}

// PaymentBatchPage is one page of payment batches, newest first, without
// their items, with the totals of every batch.
type PaymentBatchPage struct {
	Batches []PaymentBatch
	// Next and Prev are the cursors of the next and previous pages ("":
	// none).
	Next, Prev PaymentBatchID
	// Total is how many batches there are, Payouts how many payouts they
	// paid and Amount how much (cents).
	Total   int
	Payouts int
	Amount  Cents
}

// WorkFilter selects a page of a person's work list: the inbox of an
// approver, a requester's requests, the evaluations a requester owes.
type WorkFilter struct {
	// After and Before are the cursors: the id of the payout the page
	// follows or precedes (at most one).
	After, Before PayoutID
	// Limit is the page size: 1 to MaxPageSize, default DefaultPageSize.
	Limit int
}

// Normalise checks the filter and applies the default page size.
func (f *WorkFilter) Normalise() error {
	var fe fieldErrors
	fe.checkPage(string(f.After), string(f.Before), &f.Limit)
	return fe.err(NounPage)
}

// WorkPage is one page of a work list of payouts, with the list's size.
type WorkPage struct {
	Payouts []Payout
	// Next and Prev are the cursors of the next and previous pages ("":
	// none).
	Next, Prev PayoutID
	// Total is how many payouts the list holds, on every page.
	Total int
	// Others is, in an inbox, how many requests wait for a decision that
	// someone else takes (their own, or above the reader's level).
	Others int
}

// PotTotal is how many payouts of a pot a selection holds, and their sum.
type PotTotal struct {
	PotID   PotID `json:"potId"`
	Payouts int   `json:"payouts"`
	Amount  Cents `json:"amount"`
}

// EvaluationDueDays is how many days after its value date a paid payout's
// evaluation is due from its requester: by then it shows whether the
// spend worked (the caseworker's "later records whether the spend worked"
// of DESIGN.md).
const EvaluationDueDays = 60
