package sqlite

import (
	"context"
	"database/sql"
	"errors"

	"github.com/ontschot/ontschot/ledger"
)

// journalQuery reads transactions with their postings, one row per posting
// (a transaction without postings gives one row with NULLs).
const journalQuery = `SELECT j.seq, j.kind, j.ref, j.pot_id, j.value_date, j.recorded_at, j.actor, j.actor_role,
		j.memo, j.digest, j.payee_digest, j.reverses, j.prev_hash, j.hash, a.name, p.amount, p.balance_after, p.n
	FROM journal j
	LEFT JOIN postings p ON p.seq = j.seq
	LEFT JOIN accounts a ON a.id = p.account_id`

// journalReader turns the rows of journalQuery into transactions.
type journalReader struct {
	rows *sql.Rows
	next *ledger.Transaction // read ahead: the first row of the next transaction
	err  error
}

// read returns the next transaction, or nil at the end.
func (r *journalReader) read() *ledger.Transaction {
	var t *ledger.Transaction
	if r.next != nil {
		t, r.next = r.next, nil
	}
	for r.rows.Next() {
		var row ledger.Transaction
		var kind, pot, vd, at, role string
		var account sql.NullString
		var amount, after, n sql.NullInt64
		if r.err = r.rows.Scan(&row.Seq, &kind, &row.Ref, &pot, &vd, &at, &row.Actor, &role,
			&row.Memo, &row.Digest, &row.PayeeDigest, &row.Reverses, &row.PrevHash, &row.Hash, &account, &amount, &after, &n); r.err != nil {
			return nil
		}
		if t != nil && row.Seq == t.Seq {
			t.Postings = append(t.Postings, posting(account, amount, after))
			continue
		}
		row.Kind, row.PotID, row.ValueDate, row.RecordedAt, row.ActorRole =
			ledger.TxKind(kind), ledger.PotID(pot), parseDate(vd), parseTime(at), ledger.Role(role)
		if n.Valid {
			row.Postings = []ledger.Posting{posting(account, amount, after)}
		}
		if t == nil {
			t = &row
			continue
		}
		r.next = &row
		return t
	}
	if r.err == nil {
		r.err = r.rows.Err()
	}
	return t
}

// posting builds a posting from a joined row. A posting whose account row is
// gone keeps an empty name, so its transaction no longer matches its hash.
func posting(account sql.NullString, amount, after sql.NullInt64) ledger.Posting {
	return ledger.Posting{Account: account.String, Amount: ledger.Cents(amount.Int64), BalanceAfter: ledger.Cents(after.Int64)}
}

// Journal returns transactions with seq > after, in order, at most limit
// (1 to 1000; default 100).
func (s *Store) Journal(ctx context.Context, after int64, limit int) ([]ledger.Transaction, error) {
	if limit <= 0 || limit > 1000 {
		limit = 100
	}
	rows, err := s.readDB.QueryContext(ctx, journalQuery+` WHERE j.seq > ? AND j.seq <= ? ORDER BY j.seq, p.n`, after, after+int64(limit))
	if err != nil {
		return nil, internal("read journal", err)
	}
	defer rows.Close()
	r := &journalReader{rows: rows}
	var ts []ledger.Transaction
	for t := r.read(); t != nil; t = r.read() {
		ts = append(ts, *t)
	}
	return ts, internal("read journal", r.err)
}

// JournalHead returns the last transaction's sequence number and hash.
func (s *Store) JournalHead(ctx context.Context) (int64, string, error) {
	var seq int64
	var hash string
	err := s.readDB.QueryRowContext(ctx, `SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1`).Scan(&seq, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, ledger.GenesisHash, nil
	}
	return seq, hash, internal("read journal head", err)
}
