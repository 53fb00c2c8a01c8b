package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/ontschot/ontschot/ledger"
)

// verifyState checks the figures the store keeps beside its records for
// speed against the records the journal commits to: each receivable
// against its allocation line and its settlements, each party's receivables
// account against the receivables still open, each payout's current
// allocation and evaluation against their histories. The money logic reads
// these figures (what is open, which allocation a correction reverses), so
// a changed one must not pass unnoticed.
func verifyState(ctx context.Context, tx *sql.Tx, failures *[]*ledger.VerifyFailure) error {
	fail := func(seq int64, kind ledger.TxKind, ref, format string, args ...any) {
		*failures = append(*failures, &ledger.VerifyFailure{Seq: seq, Kind: kind, Ref: ref, Problem: fmt.Sprintf(format, args...)})
	}
	// Receivables: identity from the allocation line, progress from the
	// settlements, status from whether the allocation was reversed.
	rows, err := tx.QueryContext(ctx, `SELECT r.id, COALESCE(a.seq, 0), r.amount, r.settled, r.status,
			l.receivable_id IS NULL, COALESCE(l.amount, 0), COALESCE(l.party_id, ''), r.party_id, COALESCE(l.version, 0), r.allocation_version,
			COALESCE(l.payout_id, ''), r.payout_id, COALESCE(st.total, 0),
			CASE WHEN a.reversal_seq IS NOT NULL THEN 'cancelled' WHEN COALESCE(st.total, 0) = r.amount THEN 'settled' ELSE 'open' END
		FROM receivables r
		LEFT JOIN allocation_lines l ON l.receivable_id = r.id
		LEFT JOIN allocations a ON a.payout_id = l.payout_id AND a.version = l.version
		LEFT JOIN (SELECT receivable_id, SUM(amount) AS total FROM settlements GROUP BY receivable_id) st ON st.receivable_id = r.id`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id, status, lineParty, party, linePayout, payout, wantStatus string
		var seq, amount, settled, lineAmount, total int64
		var noLine bool
		var lineVersion, version int
		if err := rows.Scan(&id, &seq, &amount, &settled, &status, &noLine, &lineAmount, &lineParty, &party, &lineVersion, &version,
			&linePayout, &payout, &total, &wantStatus); err != nil {
			rows.Close()
			return err
		}
		switch {
		case noLine:
			fail(0, "", id, "receivable %s has no allocation line that booked it", id)
		case lineAmount != amount || lineParty != party || lineVersion != version || linePayout != payout:
			fail(seq, ledger.TxAllocated, id, "receivable %s no longer matches the allocation line that booked it (amount, party or payout changed)", id)
		case settled != total:
			fail(seq, ledger.TxAllocated, id, "receivable %s records %s settled, but its settlements add up to %s", id, ledger.Cents(settled), ledger.Cents(total))
		case status != wantStatus:
			fail(seq, ledger.TxAllocated, id, "receivable %s is recorded as %s, but its allocation and settlements make it %s", id, status, wantStatus)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	// Each party's receivables account holds exactly what is open.
	rows, err = tx.QueryContext(ctx, `SELECT acc.name, acc.balance,
			COALESCE((SELECT SUM(r.amount - r.settled) FROM receivables r
				WHERE r.status <> 'cancelled' AND acc.name = 'pot:' || r.pot_id || ':receivables:' || r.party_id), 0),
			COALESCE((SELECT MAX(seq) FROM postings WHERE account_id = acc.id), 0)
		FROM accounts acc WHERE acc.name LIKE 'pot:%:receivables:%'`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var name string
		var balance, open, seq int64
		if err := rows.Scan(&name, &balance, &open, &seq); err != nil {
			rows.Close()
			return err
		}
		if balance != open {
			fail(seq, "", name, "the account %s holds %s, but the receivables still open add up to %s", name, ledger.Cents(balance), ledger.Cents(open))
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	// A payout has at most one current allocation, and its row names it.
	rows, err = tx.QueryContext(ctx, `SELECT p.id, p.request_seq, p.allocation_version, p.allocated,
			COALESCE(cur.version, 0), COALESCE(cur.allocated, 0), COALESCE(cur.seq, 0), COALESCE(cur.n, 0),
			COALESCE((SELECT SUM(amount) FROM allocation_lines l WHERE l.payout_id = p.id AND l.version = cur.version), 0)
		FROM payouts p
		LEFT JOIN (SELECT payout_id, MAX(version) AS version, MAX(allocated) AS allocated, MAX(seq) AS seq, COUNT(*) AS n
			FROM allocations WHERE reversal_seq IS NULL GROUP BY payout_id) cur ON cur.payout_id = p.id
		WHERE p.allocation_version <> COALESCE(cur.version, 0) OR p.allocated <> COALESCE(cur.allocated, 0) OR COALESCE(cur.n, 0) > 1
			OR COALESCE(cur.allocated, 0) <> COALESCE((SELECT SUM(amount) FROM allocation_lines l WHERE l.payout_id = p.id AND l.version = cur.version), 0)`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id string
		var requestSeq, allocated, curAllocated, curSeq, lines int64
		var version, curVersion, n int
		if err := rows.Scan(&id, &requestSeq, &version, &allocated, &curVersion, &curAllocated, &curSeq, &n, &lines); err != nil {
			rows.Close()
			return err
		}
		seq := curSeq
		if seq == 0 {
			seq = requestSeq
		}
		switch {
		case n > 1:
			fail(seq, ledger.TxAllocated, id, "payout %s has %d allocations that were never reversed; at most one can be current", id, n)
		case curAllocated != lines:
			fail(seq, ledger.TxAllocated, id, "payout %s's allocation version %d records %s allocated, but its lines add up to %s", id, curVersion, ledger.Cents(curAllocated), ledger.Cents(lines))
		default:
			fail(seq, "", id, "payout %s names allocation version %d (%s), but its current allocation is version %d (%s)", id, version, ledger.Cents(allocated), curVersion, ledger.Cents(curAllocated))
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	// A payout's current evaluation is its latest.
	rows, err = tx.QueryContext(ctx, `SELECT p.id, p.request_seq, p.eval_version, COALESCE(p.eval_outcome, ''), p.eval_regretted,
			COALESCE(e.version, 0), COALESCE(e.outcome, ''), COALESCE(e.regretted, 0), COALESCE(e.seq, 0)
		FROM payouts p
		LEFT JOIN evaluations e ON e.payout_id = p.id AND e.version = (SELECT MAX(version) FROM evaluations x WHERE x.payout_id = p.id)
		WHERE p.eval_version <> COALESCE(e.version, 0) OR COALESCE(p.eval_outcome, '') <> COALESCE(e.outcome, '') OR p.eval_regretted <> COALESCE(e.regretted, 0)`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, outcome, latestOutcome string
		var requestSeq, regretted, latestRegretted, seq int64
		var version, latest int
		if err := rows.Scan(&id, &requestSeq, &version, &outcome, &regretted, &latest, &latestOutcome, &latestRegretted, &seq); err != nil {
			return err
		}
		if seq == 0 {
			seq = requestSeq
		}
		fail(seq, ledger.TxEvaluated, id, "payout %s records evaluation %d (%s, %s regretted), but its latest evaluation is %d (%s, %s regretted)",
			id, version, orNone(outcome), ledger.Cents(regretted), latest, orNone(latestOutcome), ledger.Cents(latestRegretted))
	}
	return rows.Err()
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
