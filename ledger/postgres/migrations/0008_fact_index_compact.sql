-- As SQLite's migration 17: signals kept under their short id, cases under a
-- hash of the reference, the request instant as Unix nanoseconds; the
-- aggregates are built anew from the payouts.
DROP TABLE fact_index;
CREATE TABLE fact_index (
    kind       TEXT COLLATE "C" NOT NULL,
    key        TEXT COLLATE "C" NOT NULL,
    payout_id  TEXT COLLATE "C" NOT NULL REFERENCES payouts (id),
    pot_id     TEXT COLLATE "C" NOT NULL,
    day        TEXT COLLATE "C" NOT NULL,
    at         BIGINT NOT NULL,
    case_hash  BIGINT NOT NULL,
    amount     BIGINT NOT NULL,
    PRIMARY KEY (kind, key, payout_id)
);
CREATE INDEX fact_index_day ON fact_index (kind, key, day, at, payout_id);
CREATE INDEX fact_index_pot ON fact_index (kind, pot_id, day, at, payout_id);
CREATE INDEX fact_index_case ON fact_index (kind, key, case_hash, day);

-- A signal's cells are read by their key over a window of days.
CREATE INDEX fact_cells_key ON fact_cells (kind, key, day);

DELETE FROM fact_cells;
INSERT INTO aggregate_rebuilds (name) VALUES ('payout_facts') ON CONFLICT (name) DO NOTHING;
