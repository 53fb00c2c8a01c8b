package sqlite

import (
	"fmt"

	"github.com/ontschot/ontschot/ledger"
)

// A payee as Verify reads it from the tables, checked against the journal.
// The payment run makes the same check above the engines (ledger.Service).

// payeeRow is a payee as stored, with what the journal says of it.
type payeeRow struct {
	payout    ledger.PayoutID
	payee     ledger.Payee
	salt      []byte
	seq       int64 // the transaction that committed to this payee
	erasedSeq int64 // the erasure that erased it
	// requestSeq is the payout's request as the journal has it (its first
	// transaction, found by the payout's id), not as the payouts table
	// says: whether the payee predates coverage must not rest on a column
	// anyone with the file can change.
	requestSeq int64
	// ref and digest are those of the transaction at seq.
	ref, digest string
}

// problem says what does not fit, or "" when the payee is the one the
// journal committed to (or was erased by an erasure, or predates coverage).
func (r *payeeRow) problem(coverage int64, missing bool) string {
	preCoverage := r.requestSeq < coverage
	switch {
	case missing:
		return fmt.Sprintf("the payee of payout %s is gone from the file", r.payout)
	case r.payee.Erased:
		if r.erasedSeq == 0 && !preCoverage {
			return fmt.Sprintf("the payee of payout %s is marked erased, but no erasure in the journal erased it", r.payout)
		}
		return ""
	case r.salt == nil && r.seq == 0 && preCoverage:
		return "" // requested before the journal committed to payees
	case r.ref != string(r.payout):
		return fmt.Sprintf("the payee of payout %s no longer points to the transaction that recorded it", r.payout)
	case ledger.PayeeDigest(r.salt, r.payout, r.payee) != r.digest:
		return fmt.Sprintf("the payee (name or IBAN) of payout %s no longer matches the digest transaction %d recorded for it", r.payout, r.seq)
	}
	return ""
}
