-- Lists are read a page at a time, in their order, from an index, and their
-- totals are counted from an index (issue 12; ledger/lists.go); as SQLite's
-- migration 14. Each list's order is a key that never changes for a row,
-- and its cursor is the row's place in it.

-- Receivables, oldest first (created_at, then id): with a status (amount
-- and settled beside it, for the open total), with none, by pot and by
-- party.
CREATE INDEX receivables_listed ON receivables (status, created_at, id, amount, settled);
CREATE INDEX receivables_order ON receivables (created_at, id);
DROP INDEX receivables_pot;
CREATE INDEX receivables_pot ON receivables (pot_id, status, created_at, id);
DROP INDEX receivables_party;
CREATE INDEX receivables_party ON receivables (party_id, status, created_at, id);

-- Payment batches, newest first.
CREATE INDEX payment_batches_order ON payment_batches (created_at, id);

-- The evaluations a requester owes, the longest overdue first: spent
-- payouts without an evaluation.
CREATE INDEX payouts_owed ON payouts (requested_by, value_date, request_seq) WHERE eval_version = 0 AND status IN ('approved', 'paid');
