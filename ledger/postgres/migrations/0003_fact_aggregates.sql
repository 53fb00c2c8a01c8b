-- The aggregates of payout facts (ledger/aggregates.go), as SQLite's
-- migration 12: sums per kind, pot, key, day and sub-key (fact_cells), the
-- payouts of each list the pages show (fact_index), and a row in
-- aggregate_rebuilds while the Service must still build them from the
-- payouts (done when it opens the ledger).
CREATE TABLE fact_cells (
    kind    TEXT COLLATE "C" NOT NULL,
    pot_id  TEXT COLLATE "C" NOT NULL,
    key     TEXT COLLATE "C" NOT NULL,
    day     TEXT COLLATE "C" NOT NULL,
    sub     TEXT COLLATE "C" NOT NULL,
    n       BIGINT NOT NULL,
    a       BIGINT NOT NULL,
    b       BIGINT NOT NULL,
    c       BIGINT NOT NULL,
    d       BIGINT NOT NULL,
    PRIMARY KEY (kind, pot_id, key, day, sub)
);
CREATE INDEX fact_cells_day ON fact_cells (kind, day);

CREATE TABLE fact_index (
    kind       TEXT COLLATE "C" NOT NULL,
    key        TEXT COLLATE "C" NOT NULL,
    payout_id  TEXT COLLATE "C" NOT NULL REFERENCES payouts (id),
    pot_id     TEXT COLLATE "C" NOT NULL,
    day        TEXT COLLATE "C" NOT NULL,
    sub        TEXT COLLATE "C" NOT NULL,
    case_ref   TEXT COLLATE "C" NOT NULL,
    label      TEXT COLLATE "C" NOT NULL,
    amount     BIGINT NOT NULL,
    PRIMARY KEY (kind, key, payout_id)
);
CREATE INDEX fact_index_day ON fact_index (kind, key, day, sub, payout_id);
CREATE INDEX fact_index_pot ON fact_index (kind, pot_id, day, sub, payout_id);
CREATE INDEX fact_index_case ON fact_index (kind, key, case_ref, day);

CREATE TABLE aggregate_rebuilds (
    name TEXT COLLATE "C" PRIMARY KEY
);
INSERT INTO aggregate_rebuilds (name) VALUES ('payout_facts');
