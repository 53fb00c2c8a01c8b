-- As SQLite's migration 26: a payout the bank returned is paid again to a
-- corrected payee by a new payout that names it, at most once.
CREATE TABLE IF NOT EXISTS payout_reissues (
    payout_id     TEXT COLLATE "C" PRIMARY KEY REFERENCES payouts (id),
    reissue_of    TEXT COLLATE "C" NOT NULL UNIQUE REFERENCES payouts (id),
    reissued_by   TEXT COLLATE "C" NOT NULL,
    reissued_role TEXT COLLATE "C" NOT NULL
);
