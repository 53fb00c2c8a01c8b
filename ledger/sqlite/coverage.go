package sqlite

import (
	"context"
	"database/sql"
	"time"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/sqlengine"
)

// Coverage (see ledger/integrity.go): migration 8 books the baseline the
// journal's coverage starts from, with the rules above the engines
// (ledger.BookCoverage), as PostgreSQL's first migration does.

// governedKindsSQL repeats the kind list of the partial index
// journal_governed exactly, so SQLite can use the index.
const governedKindsSQL = `('coverage_began', 'pot_set', 'partner_set', 'party_set', 'pledge_set', 'category_set',
        'allocation_rules_set', 'user_set', 'token_set', 'signal_taken_up', 'taakvelden_imported')`

// seedCoverage books, when migration 8 adds coverage, the baseline of
// coverage (ledger.BookCoverage) in the migration's own transaction,
// through the engine's rows over it: a file is either covered from a known
// place or not migrated at all.
func seedCoverage(ctx context.Context, tx *sql.Tx, now time.Time) error {
	return sqlengine.RunTx(ctx, tx, dialect{}, func(t ledger.Tx) error { return ledger.BookCoverage(t, now) })
}

// eachRow runs a query and calls fn for every row.
func eachRow(ctx context.Context, q querier, query string, fn func(*sql.Rows) error, args ...any) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// answersTransaction commits to the answers stored in one write group.
func answersTransaction(answers []string, today ledger.Date) ledger.Transaction {
	return ledger.AnswersTransaction(answers, today)
}

// insertJournal writes a transaction's journal row (its postings are
// written by the caller).
func insertJournal(ctx context.Context, tx *sql.Tx, t *ledger.Transaction) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO journal (seq, kind, ref, pot_id, value_date, recorded_at, actor, actor_role, memo, digest, payee_digest, reverses, prev_hash, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		t.Seq, string(t.Kind), t.Ref, string(t.PotID), t.ValueDate.String(), formatTime(t.RecordedAt), t.Actor, string(t.ActorRole),
		t.Memo, t.Digest, t.PayeeDigest, t.Reverses, t.PrevHash, t.Hash)
	return err
}

// coverageSeq returns the sequence number of the transaction that marks
// where coverage began (0 if the journal has none, which only an empty,
// unmigrated file can show).
func coverageSeq(ctx context.Context, q querier) (int64, error) {
	var seq sql.NullInt64
	err := q.QueryRowContext(ctx, `SELECT MIN(seq) FROM journal WHERE kind IN `+governedKindsSQL+` AND kind = 'coverage_began'`).Scan(&seq)
	return seq.Int64, err
}
