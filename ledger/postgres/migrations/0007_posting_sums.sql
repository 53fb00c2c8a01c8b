-- The sums of postings per pot, month of value date, account, kind of
-- transaction and, for a payout's approval and reversal, the payout's
-- category (amount in cents, n postings), kept in the same transaction as
-- the postings (sqlengine flushPostingSums) and summed from the postings
-- on upgrade; as SQLite's migration 16.
CREATE TABLE posting_sums (
    pot_id      TEXT COLLATE "C" NOT NULL,
    month       TEXT COLLATE "C" NOT NULL,
    account_id  BIGINT NOT NULL REFERENCES accounts (id),
    kind        TEXT COLLATE "C" NOT NULL,
    category    TEXT COLLATE "C" NOT NULL,
    amount      BIGINT NOT NULL,
    n           BIGINT NOT NULL,
    PRIMARY KEY (pot_id, month, account_id, kind, category)
);

INSERT INTO posting_sums (pot_id, month, account_id, kind, category, amount, n)
SELECT j.pot_id, substr(j.value_date, 1, 7), po.account_id, j.kind, COALESCE(p.category, ''), SUM(po.amount), COUNT(*)
FROM journal j
JOIN postings po ON po.seq = j.seq
LEFT JOIN payouts p ON p.id = j.ref AND j.kind IN ('payout_approved', 'payout_reversed')
GROUP BY 1, 2, 3, 4, 5;
