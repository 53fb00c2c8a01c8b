-- Where the last verification that found the journal whole got to, so that
-- the next one can continue from there (ledger.VerifiedCheckpoint); as
-- SQLite's migration 13, which says why it is a convenience and not a
-- witness.
CREATE TABLE verified_checkpoint (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    seq           BIGINT NOT NULL CHECK (seq >= 0),
    hash          TEXT COLLATE "C" NOT NULL,
    full_run      BOOLEAN NOT NULL,
    started_at    TEXT COLLATE "C" NOT NULL,
    finished_at   TEXT COLLATE "C" NOT NULL,
    last_full_seq BIGINT NOT NULL,
    last_full_at  TEXT COLLATE "C"
);

CREATE TABLE verified_balances (
    account TEXT COLLATE "C" PRIMARY KEY,
    balance BIGINT NOT NULL
);
