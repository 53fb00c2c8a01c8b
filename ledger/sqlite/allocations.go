package sqlite

import (
	"database/sql"

	"github.com/ontschot/ontschot/ledger"
)

const allocationColumns = `a.payout_id, a.version, a.pot_id, a.allocated, a.note, a.salt, a.by_user, a.role, a.at, a.seq,
	a.suggested_by, a.followed_suggestion, COALESCE(a.reversal_seq, 0), a.replaced_at, a.reversal_note, p.amount, p.allocation_version`

func scanAllocation(sc scanner) (ledger.Allocation, []byte, error) {
	var a ledger.Allocation
	var salt []byte
	var allocated, amount int64
	var role, at string
	var replaced, reversalNote sql.NullString
	var current int
	err := sc.Scan(&a.PayoutID, &a.Version, &a.PotID, &allocated, &a.Note, &salt, &a.By, &role, &at, &a.JournalSeq,
		&a.SuggestedBy, &a.FollowedSuggestion, &a.ReversalSeq, &replaced, &reversalNote, &amount, &current)
	a.ReversalNote = reversalNote.String
	if err != nil {
		return a, nil, err
	}
	a.Allocated, a.PayoutAmount, a.Role, a.At = ledger.Cents(allocated), ledger.Cents(amount), ledger.Role(role), parseTime(at)
	a.Unallocated = a.PayoutAmount - a.Allocated
	a.Current = current == a.Version
	if replaced.Valid {
		t := parseTime(replaced.String)
		a.ReplacedAt = &t
	}
	return a, salt, nil
}
