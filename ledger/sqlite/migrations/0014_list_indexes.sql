-- Lists are read a page at a time, in their order, from an index, and their
-- totals are counted from an index (issue 12; ledger/lists.go): a page costs
-- what it holds, not what the ledger holds. Each list's order is a key that
-- never changes for a row, and its cursor is the row's place in it.

-- Receivables, oldest first (created_at, then id): with a status (the open
-- ones finance works through; amount and settled beside it, so the open
-- total is summed from the index alone), with none, by pot and by party.
CREATE INDEX receivables_listed ON receivables (status, created_at, id, amount, settled);
CREATE INDEX receivables_order ON receivables (created_at, id);
DROP INDEX receivables_pot;
CREATE INDEX receivables_pot ON receivables (pot_id, status, created_at, id);
DROP INDEX receivables_party;
CREATE INDEX receivables_party ON receivables (party_id, status, created_at, id);

-- Payment batches, newest first.
CREATE INDEX payment_batches_order ON payment_batches (created_at, id);

-- The evaluations a requester owes, the longest overdue first: spent
-- payouts without an evaluation. sqlengine's owedWhere repeats this WHERE
-- exactly (SQLite uses a partial index only for a query that names it).
-- request_seq (the rowid) is named so the order is the index's, and the
-- two columns of the WHERE are in it so that counting reads no row.
CREATE INDEX payouts_owed ON payouts (requested_by, value_date, request_seq, eval_version, status)
    WHERE eval_version = 0 AND status IN ('approved', 'paid');
