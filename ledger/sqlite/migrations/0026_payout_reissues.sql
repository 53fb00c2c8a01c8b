-- A payout the bank returned is paid again to a corrected payee (issue 15):
-- a new payout, approved by the returned payout's decision, that names the
-- payout it pays again and who corrected the payee (the request stays its
-- requester's). A returned payout is paid again at most once (the
-- UNIQUE constraint), so its money never goes out twice; the new payout can
-- itself be returned and paid again.
--
-- Migration 8 makes this table for a new ledger, as its seed reads the
-- payouts with the engine's current query, which reads this table; this
-- migration makes it for a ledger that passed migration 8 before.
CREATE TABLE IF NOT EXISTS payout_reissues (
    payout_id     TEXT PRIMARY KEY REFERENCES payouts (id),
    reissue_of    TEXT NOT NULL UNIQUE REFERENCES payouts (id),
    reissued_by   TEXT NOT NULL,
    reissued_role TEXT NOT NULL
) STRICT;
