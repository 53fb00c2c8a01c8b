-- Reallocation to legal budgets and parties, receivables, evaluations, the
-- Iv3 code list, the suggestion rules and policy signals: the after-the-fact
-- side of the ledger.

-- What a payout request says about its resident and its money, for the
-- suggestions and the Iv3 economic category.
ALTER TABLE payouts ADD COLUMN resident_under18 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE payouts ADD COLUMN paid_to TEXT NOT NULL DEFAULT 'provider' CHECK (paid_to IN ('provider', 'resident'));
ALTER TABLE payouts ADD COLUMN spending_bound INTEGER NOT NULL DEFAULT 1;
-- The current allocation and evaluation, kept with the payout so the queue,
-- regret and signals read one row per payout. Their histories are in the
-- tables below and in the journal.
ALTER TABLE payouts ADD COLUMN allocated INTEGER NOT NULL DEFAULT 0 CHECK (allocated >= 0 AND allocated <= amount);
ALTER TABLE payouts ADD COLUMN allocation_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE payouts ADD COLUMN eval_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE payouts ADD COLUMN eval_outcome TEXT;
ALTER TABLE payouts ADD COLUMN eval_regretted INTEGER NOT NULL DEFAULT 0;
CREATE INDEX payouts_value_date ON payouts (value_date);

-- Outside parties that can bear a cost: insurers, housing corporations,
-- UWV, DUO, CJIB.
CREATE TABLE parties (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    created_at  TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX parties_name ON parties (name COLLATE NOCASE);

-- Every version of every payout's allocation. A correction sets the old
-- version's reversal_seq and replaced_at; its lines stay.
CREATE TABLE allocations (
    payout_id            TEXT NOT NULL REFERENCES payouts (id),
    version              INTEGER NOT NULL CHECK (version >= 1),
    pot_id               TEXT NOT NULL REFERENCES pots (id),
    allocated            INTEGER NOT NULL CHECK (allocated > 0),
    note                 TEXT NOT NULL,
    salt                 BLOB NOT NULL,
    by_user              TEXT NOT NULL,
    role                 TEXT NOT NULL,
    at                   TEXT NOT NULL,
    seq                  INTEGER NOT NULL REFERENCES journal (seq),
    suggested_by         TEXT NOT NULL DEFAULT '',
    followed_suggestion  INTEGER NOT NULL DEFAULT 0,
    reversal_seq         INTEGER REFERENCES journal (seq),
    replaced_at          TEXT,
    PRIMARY KEY (payout_id, version)
) STRICT, WITHOUT ROWID;
CREATE INDEX allocations_rule ON allocations (suggested_by);

CREATE TABLE allocation_lines (
    payout_id          TEXT NOT NULL,
    version            INTEGER NOT NULL,
    n                  INTEGER NOT NULL,
    target             TEXT NOT NULL CHECK (target IN ('wmo', 'jeugdwet', 'participatiewet', 'wgs', 'party', 'maatwerk')),
    taakveld           TEXT NOT NULL DEFAULT '',
    economic_category  TEXT NOT NULL DEFAULT '',
    party_id           TEXT REFERENCES parties (id),
    amount             INTEGER NOT NULL CHECK (amount > 0),
    receivable_id      TEXT,
    PRIMARY KEY (payout_id, version, n),
    FOREIGN KEY (payout_id, version) REFERENCES allocations (payout_id, version)
) STRICT, WITHOUT ROWID;
CREATE INDEX allocation_lines_party ON allocation_lines (party_id) WHERE party_id IS NOT NULL;
CREATE TRIGGER allocation_lines_no_update BEFORE UPDATE ON allocation_lines
BEGIN SELECT RAISE(ABORT, 'allocation lines are booked: correct the allocation with a new version'); END;
CREATE TRIGGER allocation_lines_no_delete BEFORE DELETE ON allocation_lines
BEGIN SELECT RAISE(ABORT, 'allocation lines are booked: correct the allocation with a new version'); END;

-- What parties owe. One per party line of an allocation.
CREATE TABLE receivables (
    id                  TEXT PRIMARY KEY,
    pot_id              TEXT NOT NULL REFERENCES pots (id),
    payout_id           TEXT NOT NULL REFERENCES payouts (id),
    party_id            TEXT NOT NULL REFERENCES parties (id),
    allocation_version  INTEGER NOT NULL,
    amount              INTEGER NOT NULL CHECK (amount > 0),
    settled             INTEGER NOT NULL DEFAULT 0 CHECK (settled >= 0 AND settled <= amount),
    status              TEXT NOT NULL CHECK (status IN ('open', 'settled', 'cancelled')),
    created_at          TEXT NOT NULL
) STRICT;
CREATE INDEX receivables_pot ON receivables (pot_id, status);
CREATE INDEX receivables_payout ON receivables (payout_id);
CREATE INDEX receivables_party ON receivables (party_id);

CREATE TABLE settlements (
    id             INTEGER PRIMARY KEY,
    receivable_id  TEXT NOT NULL REFERENCES receivables (id),
    amount         INTEGER NOT NULL CHECK (amount > 0),
    value_date     TEXT NOT NULL,
    reference      TEXT NOT NULL,
    by_user        TEXT NOT NULL,
    at             TEXT NOT NULL,
    seq            INTEGER NOT NULL REFERENCES journal (seq)
) STRICT;
CREATE INDEX settlements_receivable ON settlements (receivable_id);
CREATE TRIGGER settlements_no_update BEFORE UPDATE ON settlements
BEGIN SELECT RAISE(ABORT, 'settlements are booked: correct them with a new booking'); END;
CREATE TRIGGER settlements_no_delete BEFORE DELETE ON settlements
BEGIN SELECT RAISE(ABORT, 'settlements are booked: correct them with a new booking'); END;

-- Every version of every payout's evaluation.
CREATE TABLE evaluations (
    payout_id  TEXT NOT NULL REFERENCES payouts (id),
    version    INTEGER NOT NULL CHECK (version >= 1),
    outcome    TEXT NOT NULL CHECK (outcome IN ('effective', 'partial', 'regret')),
    regretted  INTEGER NOT NULL CHECK (regretted >= 0),
    note       TEXT NOT NULL,
    by_user    TEXT NOT NULL,
    role       TEXT NOT NULL,
    at         TEXT NOT NULL,
    seq        INTEGER NOT NULL REFERENCES journal (seq),
    PRIMARY KEY (payout_id, version)
) STRICT, WITHOUT ROWID;
CREATE TRIGGER evaluations_no_update BEFORE UPDATE ON evaluations
BEGIN SELECT RAISE(ABORT, 'evaluations are kept: revise with a new version'); END;
CREATE TRIGGER evaluations_no_delete BEFORE DELETE ON evaluations
BEGIN SELECT RAISE(ABORT, 'evaluations are kept: revise with a new version'); END;

-- The Iv3 code list in use (seeded from the list in the binary) and the
-- history of its imports.
CREATE TABLE taakvelden (
    n           INTEGER PRIMARY KEY,
    code        TEXT NOT NULL,
    name        TEXT NOT NULL,
    laws        TEXT NOT NULL, -- joined with +
    valid_from  INTEGER NOT NULL,
    valid_to    INTEGER,
    status      TEXT NOT NULL
) STRICT;
CREATE TABLE taakveld_imports (
    id           INTEGER PRIMARY KEY,
    digest       TEXT NOT NULL,
    rows         INTEGER NOT NULL,
    source       TEXT NOT NULL,
    imported_by  TEXT NOT NULL,
    imported_at  TEXT NOT NULL,
    seq          INTEGER REFERENCES journal (seq)
) STRICT;

-- The suggestion rules, in order, each as its JSON.
CREATE TABLE allocation_rules (
    n     INTEGER PRIMARY KEY,
    id    TEXT NOT NULL UNIQUE,
    rule  TEXT NOT NULL
) STRICT;

-- Policy signals taken up.
CREATE TABLE signal_uptakes (
    signal_id  TEXT PRIMARY KEY,
    note       TEXT NOT NULL,
    by_user    TEXT NOT NULL,
    role       TEXT NOT NULL,
    at         TEXT NOT NULL
) STRICT, WITHOUT ROWID;
