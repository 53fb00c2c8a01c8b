-- The ledger's first schema: pots, partners, payouts and the journal.
-- Money is INTEGER cents everywhere. Dates are TEXT YYYY-MM-DD; instants TEXT
-- in the journal's fixed layout (ledger.TimeLayout), so they sort and hash
-- exactly as written.

CREATE TABLE partners (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    created_at  TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX partners_name ON partners (name COLLATE NOCASE);

CREATE TABLE pots (
    id                   TEXT PRIMARY KEY,
    name                 TEXT NOT NULL,
    year                 INTEGER NOT NULL,
    recovery_policy      TEXT NOT NULL CHECK (recovery_policy IN ('refund', 'report')),
    regret_threshold_bp  INTEGER NOT NULL CHECK (regret_threshold_bp BETWEEN 0 AND 10000),
    overdraft_limit      INTEGER NOT NULL DEFAULT 0 CHECK (overdraft_limit >= 0),
    created_at           TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX pots_name_year ON pots (name COLLATE NOCASE, year);

-- The mandate ladder of a pot, lowest level (rank 0) first. A NULL limit is
-- no limit.
CREATE TABLE mandate_levels (
    pot_id       TEXT NOT NULL REFERENCES pots (id),
    rank         INTEGER NOT NULL,
    role         TEXT NOT NULL,
    limit_cents  INTEGER CHECK (limit_cents > 0),
    PRIMARY KEY (pot_id, rank),
    UNIQUE (pot_id, role)
) STRICT, WITHOUT ROWID;

-- Partners that fund a pot, and what they pledged.
CREATE TABLE pot_partners (
    pot_id      TEXT NOT NULL REFERENCES pots (id),
    partner_id  TEXT NOT NULL REFERENCES partners (id),
    pledged     INTEGER NOT NULL DEFAULT 0 CHECK (pledged >= 0),
    PRIMARY KEY (pot_id, partner_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX pot_partners_partner ON pot_partners (partner_id);

CREATE TABLE categories (
    code   TEXT PRIMARY KEY,
    label  TEXT NOT NULL
) STRICT, WITHOUT ROWID;

INSERT INTO categories (code, label) VALUES
    ('dental_care',       'Tandartskosten'),
    ('hearing_aid',       'Hoortoestel'),
    ('transport',         'Vervoer'),
    ('bookkeeping',       'Boekhouder'),
    ('driving_lessons',   'Rijlessen'),
    ('rent_arrears',      'Huurachterstand'),
    ('temporary_housing', 'Tijdelijke huisvesting'),
    ('energy_debt',       'Energieschuld'),
    ('foster_care',       'Pleegzorg'),
    ('deposit',           'Borg of waarborgsom'),
    ('civic_integration', 'Inburgering'),
    ('other',             'Overig');

-- Accounts and their running balances, updated in the same transaction as the
-- postings that move them. Verify checks them against the postings.
CREATE TABLE accounts (
    id       INTEGER PRIMARY KEY,
    name     TEXT NOT NULL UNIQUE,
    pot_id   TEXT REFERENCES pots (id),
    balance  INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX accounts_pot ON accounts (pot_id);

-- The journal: append-only and hash-chained. Triggers refuse UPDATE and
-- DELETE; corrections are new transactions.
CREATE TABLE journal (
    seq          INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL,
    ref          TEXT NOT NULL,
    pot_id       TEXT NOT NULL DEFAULT '',
    value_date   TEXT NOT NULL,
    recorded_at  TEXT NOT NULL,
    actor        TEXT NOT NULL,
    actor_role   TEXT NOT NULL,
    memo         TEXT NOT NULL DEFAULT '',
    digest       TEXT NOT NULL DEFAULT '',
    reverses     INTEGER NOT NULL DEFAULT 0,
    prev_hash    TEXT NOT NULL,
    hash         TEXT NOT NULL
) STRICT;

CREATE TABLE postings (
    seq            INTEGER NOT NULL REFERENCES journal (seq),
    n              INTEGER NOT NULL,
    account_id     INTEGER NOT NULL REFERENCES accounts (id),
    amount         INTEGER NOT NULL,
    balance_after  INTEGER NOT NULL,
    PRIMARY KEY (seq, n)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal
BEGIN SELECT RAISE(ABORT, 'the journal is append-only: book a correcting transaction instead'); END;
CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal
BEGIN SELECT RAISE(ABORT, 'the journal is append-only: book a correcting transaction instead'); END;
CREATE TRIGGER postings_no_update BEFORE UPDATE ON postings
BEGIN SELECT RAISE(ABORT, 'the journal is append-only: book a correcting transaction instead'); END;
CREATE TRIGGER postings_no_delete BEFORE DELETE ON postings
BEGIN SELECT RAISE(ABORT, 'the journal is append-only: book a correcting transaction instead'); END;

CREATE TABLE contributions (
    id           TEXT PRIMARY KEY,
    pot_id       TEXT NOT NULL REFERENCES pots (id),
    partner_id   TEXT NOT NULL REFERENCES partners (id),
    amount       INTEGER NOT NULL CHECK (amount > 0),
    value_date   TEXT NOT NULL,
    reference    TEXT NOT NULL,
    recorded_by  TEXT NOT NULL,
    recorded_at  TEXT NOT NULL,
    seq          INTEGER NOT NULL REFERENCES journal (seq)
) STRICT;
CREATE INDEX contributions_pot ON contributions (pot_id, value_date);
CREATE TRIGGER contributions_no_update BEFORE UPDATE ON contributions
BEGIN SELECT RAISE(ABORT, 'contributions are booked: correct them with a new booking'); END;
CREATE TRIGGER contributions_no_delete BEFORE DELETE ON contributions
BEGIN SELECT RAISE(ABORT, 'contributions are booked: correct them with a new booking'); END;

-- Payouts: the current state of each request (its history is in the
-- journal). The weighing lives here, outside the chain; the journal holds a
-- salted digest of it.
-- A payout's row is keyed by the journal sequence of its request, which
-- increases strictly with every booking: rows are appended in order, and
-- every index (which SQLite extends with the key) lists newest last.
CREATE TABLE payouts (
    request_seq           INTEGER PRIMARY KEY REFERENCES journal (seq),
    id                    TEXT NOT NULL UNIQUE,
    pot_id                TEXT NOT NULL REFERENCES pots (id),
    amount                INTEGER NOT NULL CHECK (amount > 0),
    case_ref              TEXT NOT NULL,
    category              TEXT NOT NULL REFERENCES categories (code),
    urgency               TEXT NOT NULL CHECK (urgency IN ('normal', 'urgent')),
    situation             TEXT NOT NULL,
    severity              INTEGER NOT NULL CHECK (severity BETWEEN 1 AND 5),
    resident_involvement  TEXT NOT NULL,
    expected_return       TEXT NOT NULL,
    regular_route_tried   TEXT NOT NULL,
    stuck_since           TEXT NOT NULL,
    salt                  BLOB NOT NULL,
    status                TEXT NOT NULL CHECK (status IN ('pending_approval', 'approved', 'rejected', 'reversed', 'paid')),
    requested_by          TEXT NOT NULL,
    requested_role        TEXT NOT NULL,
    requested_at          TEXT NOT NULL,
    value_date            TEXT NOT NULL,
    decision              TEXT,
    decided_by            TEXT,
    decided_role          TEXT,
    decided_at            TEXT,
    decision_note         TEXT,
    decision_limit        INTEGER, -- the decider's limit; NULL with a decision: no limit
    own_mandate           INTEGER NOT NULL DEFAULT 0,
    decision_seq          INTEGER REFERENCES journal (seq),
    reversed_by           TEXT,
    reversed_role         TEXT,
    reversed_at           TEXT,
    reversal_reason       TEXT,
    reversal_seq          INTEGER REFERENCES journal (seq)
) STRICT;
-- Lists run newest first by request_seq (ids minted in the same
-- millisecond are not ordered); each index ends in it implicitly.
CREATE INDEX payouts_pot ON payouts (pot_id);
CREATE INDEX payouts_status ON payouts (status);
CREATE INDEX payouts_requester ON payouts (requested_by);

-- The rules a payout deviates from, one row each, for the policy signals.
CREATE TABLE payout_deviations (
    payout_id  TEXT NOT NULL REFERENCES payouts (id),
    n          INTEGER NOT NULL,
    rule       TEXT NOT NULL,
    PRIMARY KEY (payout_id, n)
) STRICT, WITHOUT ROWID;

-- Payee data: personal data, kept apart so they can be erased.
CREATE TABLE payees (
    payout_id  TEXT PRIMARY KEY REFERENCES payouts (id),
    name       TEXT NOT NULL,
    iban       TEXT NOT NULL,
    erased_at  TEXT
) STRICT, WITHOUT ROWID;

CREATE TABLE closed_periods (
    start_date  TEXT NOT NULL,
    end_date    TEXT NOT NULL,
    label       TEXT NOT NULL,
    closed_by   TEXT NOT NULL,
    closed_at   TEXT NOT NULL,
    seq         INTEGER NOT NULL REFERENCES journal (seq),
    PRIMARY KEY (start_date, end_date)
) STRICT, WITHOUT ROWID;
CREATE TRIGGER closed_periods_no_update BEFORE UPDATE ON closed_periods
BEGIN SELECT RAISE(ABORT, 'closed periods stay closed'); END;
CREATE TRIGGER closed_periods_no_delete BEFORE DELETE ON closed_periods
BEGIN SELECT RAISE(ABORT, 'closed periods stay closed'); END;

-- Idempotency keys per user: the first request's fingerprint and answer.
-- Rows are appended; only the small (actor, key) index takes the keys'
-- random order.
CREATE TABLE idempotency_keys (
    id           INTEGER PRIMARY KEY,
    actor        TEXT NOT NULL,
    key          TEXT NOT NULL,
    operation    TEXT NOT NULL,
    fingerprint  BLOB NOT NULL,
    result       TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    UNIQUE (actor, key)
) STRICT;
