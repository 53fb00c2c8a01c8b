-- The sums of postings per pot, month of value date, account, kind of
-- transaction and, for a payout's approval and reversal, the payout's
-- category (amount in cents, n postings): what statements and the finance
-- view are made of (PostingTotals). The engine adds each group's postings
-- to them in the group's transaction, as it keeps the running balances
-- (sqlengine flushPostingSums), so a statement reads a few rows per month
-- instead of every posting of the pot since the ledger began; Verify
-- recomputes them from the postings and names a difference. pot_id is the
-- journal's ('' for a transaction of no pot), so it names no pot.
CREATE TABLE posting_sums (
	pot_id      TEXT NOT NULL,
	month       TEXT NOT NULL,
	account_id  INTEGER NOT NULL REFERENCES accounts (id),
	kind        TEXT NOT NULL,
	category    TEXT NOT NULL,
	amount      INTEGER NOT NULL,
	n           INTEGER NOT NULL,
	PRIMARY KEY (pot_id, month, account_id, kind, category)
) STRICT, WITHOUT ROWID;

INSERT INTO posting_sums (pot_id, month, account_id, kind, category, amount, n)
SELECT j.pot_id, substr(j.value_date, 1, 7), po.account_id, j.kind, COALESCE(p.category, ''), SUM(po.amount), COUNT(*)
FROM journal j
JOIN postings po ON po.seq = j.seq
LEFT JOIN payouts p ON p.id = j.ref AND j.kind IN ('payout_approved', 'payout_reversed')
GROUP BY 1, 2, 3, 4, 5;
