// Package ledger is the domain of ontschot: the money of maatwerk pots and the
// rules that keep it honest.
//
// A pot is funded by partners' contributions. A caseworker requests a payout
// with a justification (the integral weighing); within the caseworker's
// mandate and the pot's available money it is approved at once, above it the
// amount is held until someone whose mandate covers it decides. Every money
// movement is one balanced transaction of postings in an append-only,
// hash-chained journal.
//
// This package holds only domain types, pure rules and the Store interface
// with the errors each method returns. It imports no storage and no HTTP:
// stores live in subpackages (ledger/sqlite) and must all pass the
// conformance suite in ledger/ledgertest.
//
// Money is an integer number of cents (Cents); decimal strings are parsed and
// printed at the edges with github.com/shopspring/decimal and never pass
// through binary floating point.
package ledger
