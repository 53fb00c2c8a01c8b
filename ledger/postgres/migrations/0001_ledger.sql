-- The ledger's schema on PostgreSQL: what SQLite's migrations 0001 to 0010
-- leave (ledger/sqlite/migrations), in one step. The differences, and why:
--
-- * Money, sequence numbers and row ids are BIGINT (SQLite's INTEGER is 64
--   bits); small numbers (years, ranks, versions, counts) INTEGER.
-- * Flags are BOOLEAN; the engine's SQL compares them with = TRUE/= FALSE.
-- * Every text column is COLLATE "C", so ORDER BY and comparisons go byte by
--   byte as SQLite's BINARY collation does, whatever the database's locale.
--   Ids, dates (YYYY-MM-DD) and instants (ledger.TimeLayout) are TEXT, so
--   they sort, compare and hash exactly as written, as in SQLite.
-- * Salts and fingerprints are BYTEA (SQLite's BLOB).
-- * SQLite's COLLATE NOCASE unique indexes are unique indexes on lower(name);
--   with the "C" collation lower() folds ASCII only, as NOCASE does.
-- * The rowid keys the engine reads back with RETURNING (accounts,
--   idempotency keys, settlements, code list imports) are identity columns,
--   BY DEFAULT so a ledger copied from another engine keeps its ids.
-- * SQLite's indexes end in the rowid implicitly; these name the key they
--   list by.
-- * The append-only guards (SQLite's RAISE(ABORT) triggers) are triggers
--   that raise the same message, for TRUNCATE too.
-- * ledger_lock: the row every write group locks (sqlengine's BeginGroup),
--   which serialises the groups of every server on the database, and whose
--   version tells a server that another one has committed.
--
-- The seeds that SQLite's migrations do in Go (the Iv3 code list, the rule
-- table, the baseline of coverage) run in Go here too (migrate.go).

-- refuse_change is the body of every append-only guard: it raises the
-- message the trigger gives as its argument.
CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'restrict_violation';
END
$$;

CREATE TABLE ledger_lock (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    version  BIGINT NOT NULL
);
INSERT INTO ledger_lock (id, version) VALUES (1, 0);

CREATE TABLE partners (
    id          TEXT COLLATE "C" PRIMARY KEY,
    name        TEXT COLLATE "C" NOT NULL,
    kind        TEXT COLLATE "C" NOT NULL,
    created_at  TEXT COLLATE "C" NOT NULL
);
CREATE UNIQUE INDEX partners_name ON partners (lower(name));

CREATE TABLE pots (
    id                   TEXT COLLATE "C" PRIMARY KEY,
    name                 TEXT COLLATE "C" NOT NULL,
    year                 INTEGER NOT NULL,
    recovery_policy      TEXT COLLATE "C" NOT NULL CHECK (recovery_policy IN ('refund', 'report')),
    regret_threshold_bp  INTEGER NOT NULL CHECK (regret_threshold_bp BETWEEN 0 AND 10000),
    overdraft_limit      BIGINT NOT NULL DEFAULT 0 CHECK (overdraft_limit >= 0),
    created_at           TEXT COLLATE "C" NOT NULL,
    debtor_name          TEXT COLLATE "C",
    debtor_iban          TEXT COLLATE "C",
    debtor_bic           TEXT COLLATE "C",
    debtor_town          TEXT COLLATE "C",
    debtor_country       TEXT COLLATE "C",
    -- The pot's escalation (migration 20): read by this migration's seed,
    -- which reads the pots with the engine's current query.
    remind_after         INTEGER NOT NULL DEFAULT 2 CHECK (remind_after BETWEEN 1 AND 59),
    escalate_after       INTEGER NOT NULL DEFAULT 5 CHECK (escalate_after BETWEEN 2 AND 60 AND escalate_after > remind_after)
);
CREATE UNIQUE INDEX pots_name_year ON pots (lower(name), year);

-- The mandate ladder of a pot, lowest level (rank 0) first. A NULL limit is
-- no limit.
CREATE TABLE mandate_levels (
    pot_id       TEXT COLLATE "C" NOT NULL REFERENCES pots (id),
    rank         INTEGER NOT NULL,
    role         TEXT COLLATE "C" NOT NULL,
    limit_cents  BIGINT CHECK (limit_cents > 0),
    PRIMARY KEY (pot_id, rank),
    UNIQUE (pot_id, role)
);

-- Partners that fund a pot, and what they pledged.
CREATE TABLE pot_partners (
    pot_id      TEXT COLLATE "C" NOT NULL REFERENCES pots (id),
    partner_id  TEXT COLLATE "C" NOT NULL REFERENCES partners (id),
    pledged     BIGINT NOT NULL DEFAULT 0 CHECK (pledged >= 0),
    PRIMARY KEY (pot_id, partner_id)
);
CREATE INDEX pot_partners_partner ON pot_partners (partner_id);

CREATE TABLE categories (
    code   TEXT COLLATE "C" PRIMARY KEY,
    label  TEXT COLLATE "C" NOT NULL
);

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
    id       BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    name     TEXT COLLATE "C" NOT NULL UNIQUE,
    pot_id   TEXT COLLATE "C" REFERENCES pots (id),
    balance  BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX accounts_pot ON accounts (pot_id);

-- The journal: append-only and hash-chained. Triggers refuse UPDATE, DELETE
-- and TRUNCATE; corrections are new transactions.
CREATE TABLE journal (
    seq           BIGINT PRIMARY KEY,
    kind          TEXT COLLATE "C" NOT NULL,
    ref           TEXT COLLATE "C" NOT NULL,
    pot_id        TEXT COLLATE "C" NOT NULL DEFAULT '',
    value_date    TEXT COLLATE "C" NOT NULL,
    recorded_at   TEXT COLLATE "C" NOT NULL,
    actor         TEXT COLLATE "C" NOT NULL,
    actor_role    TEXT COLLATE "C" NOT NULL,
    memo          TEXT COLLATE "C" NOT NULL DEFAULT '',
    digest        TEXT COLLATE "C" NOT NULL DEFAULT '',
    reverses      BIGINT NOT NULL DEFAULT 0,
    prev_hash     TEXT COLLATE "C" NOT NULL,
    hash          TEXT COLLATE "C" NOT NULL,
    payee_digest  TEXT COLLATE "C" NOT NULL DEFAULT ''
);
-- Statements sum a pot's postings over a quarter by value date.
CREATE INDEX journal_pot_date ON journal (pot_id, value_date);
-- A payout's history by its id, so a payment run reads it from the journal
-- and not from the payouts table. Queries must repeat this exact kind list
-- to use the index.
CREATE INDEX journal_payout_ref ON journal (ref)
    WHERE kind IN ('payout_held', 'payout_approved', 'payout_rejected', 'payout_reversed');
-- The transactions that commit to governed records, by kind and reference,
-- and the one that marks where coverage began. Same rule for queries.
CREATE INDEX journal_governed ON journal (kind, ref)
    WHERE kind IN ('coverage_began', 'pot_set', 'partner_set', 'party_set', 'pledge_set', 'category_set',
        'allocation_rules_set', 'user_set', 'token_set', 'signal_taken_up', 'taakvelden_imported');

CREATE TABLE postings (
    seq            BIGINT NOT NULL REFERENCES journal (seq),
    n              INTEGER NOT NULL,
    account_id     BIGINT NOT NULL REFERENCES accounts (id),
    amount         BIGINT NOT NULL,
    balance_after  BIGINT NOT NULL,
    PRIMARY KEY (seq, n)
);

CREATE TRIGGER journal_no_change BEFORE UPDATE OR DELETE ON journal FOR EACH ROW
    EXECUTE FUNCTION refuse_change('the journal is append-only: book a correcting transaction instead');
CREATE TRIGGER journal_no_truncate BEFORE TRUNCATE ON journal FOR EACH STATEMENT
    EXECUTE FUNCTION refuse_change('the journal is append-only: book a correcting transaction instead');
CREATE TRIGGER postings_no_change BEFORE UPDATE OR DELETE ON postings FOR EACH ROW
    EXECUTE FUNCTION refuse_change('the journal is append-only: book a correcting transaction instead');
CREATE TRIGGER postings_no_truncate BEFORE TRUNCATE ON postings FOR EACH STATEMENT
    EXECUTE FUNCTION refuse_change('the journal is append-only: book a correcting transaction instead');

CREATE TABLE contributions (
    id           TEXT COLLATE "C" PRIMARY KEY,
    pot_id       TEXT COLLATE "C" NOT NULL REFERENCES pots (id),
    partner_id   TEXT COLLATE "C" NOT NULL REFERENCES partners (id),
    amount       BIGINT NOT NULL CHECK (amount > 0),
    value_date   TEXT COLLATE "C" NOT NULL,
    reference    TEXT COLLATE "C" NOT NULL,
    recorded_by  TEXT COLLATE "C" NOT NULL,
    recorded_at  TEXT COLLATE "C" NOT NULL,
    seq          BIGINT NOT NULL REFERENCES journal (seq)
);
CREATE INDEX contributions_pot ON contributions (pot_id, value_date);
CREATE TRIGGER contributions_no_change BEFORE UPDATE OR DELETE ON contributions FOR EACH ROW
    EXECUTE FUNCTION refuse_change('contributions are booked: correct them with a new booking');
CREATE TRIGGER contributions_no_truncate BEFORE TRUNCATE ON contributions FOR EACH STATEMENT
    EXECUTE FUNCTION refuse_change('contributions are booked: correct them with a new booking');

-- Payouts: the current state of each request (its history is in the
-- journal). The weighing lives here, outside the chain; the journal holds a
-- salted digest of it. A payout's row is keyed by the journal sequence of its
-- request, which increases strictly with every booking; lists run newest
-- first by it, so every index ends in it.
CREATE TABLE payouts (
    request_seq           BIGINT PRIMARY KEY REFERENCES journal (seq),
    id                    TEXT COLLATE "C" NOT NULL UNIQUE,
    pot_id                TEXT COLLATE "C" NOT NULL REFERENCES pots (id),
    amount                BIGINT NOT NULL CHECK (amount > 0),
    case_ref              TEXT COLLATE "C" NOT NULL,
    category              TEXT COLLATE "C" NOT NULL REFERENCES categories (code),
    urgency               TEXT COLLATE "C" NOT NULL CHECK (urgency IN ('normal', 'urgent')),
    situation             TEXT COLLATE "C" NOT NULL,
    severity              INTEGER NOT NULL CHECK (severity BETWEEN 1 AND 5),
    resident_involvement  TEXT COLLATE "C" NOT NULL,
    expected_return       TEXT COLLATE "C" NOT NULL,
    regular_route_tried   TEXT COLLATE "C" NOT NULL,
    stuck_since           TEXT COLLATE "C" NOT NULL,
    salt                  BYTEA NOT NULL,
    status                TEXT COLLATE "C" NOT NULL CHECK (status IN ('pending_approval', 'approved', 'rejected', 'reversed', 'paid')),
    requested_by          TEXT COLLATE "C" NOT NULL,
    requested_role        TEXT COLLATE "C" NOT NULL,
    requested_at          TEXT COLLATE "C" NOT NULL,
    value_date            TEXT COLLATE "C" NOT NULL,
    decision              TEXT COLLATE "C",
    decided_by            TEXT COLLATE "C",
    decided_role          TEXT COLLATE "C",
    decided_at            TEXT COLLATE "C",
    decision_note         TEXT COLLATE "C",
    decision_limit        BIGINT, -- the decider's limit; NULL with a decision: no limit
    own_mandate           BOOLEAN NOT NULL DEFAULT FALSE,
    decision_seq          BIGINT REFERENCES journal (seq),
    reversed_by           TEXT COLLATE "C",
    reversed_role         TEXT COLLATE "C",
    reversed_at           TEXT COLLATE "C",
    reversal_reason       TEXT COLLATE "C",
    reversal_seq          BIGINT REFERENCES journal (seq),
    -- The bank's settlement and return (migration 16), here as well: this
    -- migration's seed reads the payouts with the engine's current query.
    settle_seq            BIGINT REFERENCES journal (seq),
    settled_on            TEXT COLLATE "C",
    return_seq            BIGINT REFERENCES journal (seq),
    returned_on           TEXT COLLATE "C",
    return_reason         TEXT COLLATE "C",
    -- What a payout request says about its resident and its money, for the
    -- suggestions and the Iv3 economic category.
    resident_under18      BOOLEAN NOT NULL DEFAULT FALSE,
    paid_to               TEXT COLLATE "C" NOT NULL DEFAULT 'provider' CHECK (paid_to IN ('provider', 'resident')),
    spending_bound        BOOLEAN NOT NULL DEFAULT TRUE,
    -- The current allocation and evaluation, kept with the payout so the
    -- queue, regret and signals read one row per payout.
    allocated             BIGINT NOT NULL DEFAULT 0 CHECK (allocated >= 0 AND allocated <= amount),
    allocation_version    INTEGER NOT NULL DEFAULT 0,
    eval_version          INTEGER NOT NULL DEFAULT 0,
    eval_outcome          TEXT COLLATE "C",
    eval_regretted        BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX payouts_pot ON payouts (pot_id, request_seq);
CREATE INDEX payouts_status ON payouts (status, request_seq);
CREATE INDEX payouts_requester ON payouts (requested_by, request_seq);
CREATE INDEX payouts_value_date ON payouts (value_date, request_seq);

-- The rules a payout deviates from, one row each, for the policy signals.
CREATE TABLE payout_deviations (
    payout_id  TEXT COLLATE "C" NOT NULL REFERENCES payouts (id),
    n          INTEGER NOT NULL,
    rule       TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (payout_id, n)
);

-- Payee data: personal data, kept apart so they can be erased. salt is the
-- payee's own (erased with it); seq the transaction that committed to the
-- current payee; erased_seq the erasure that erased it.
CREATE TABLE payees (
    payout_id   TEXT COLLATE "C" PRIMARY KEY REFERENCES payouts (id),
    name        TEXT COLLATE "C" NOT NULL,
    iban        TEXT COLLATE "C" NOT NULL,
    erased_at   TEXT COLLATE "C",
    salt        BYTEA,
    seq         BIGINT REFERENCES journal (seq),
    erased_seq  BIGINT REFERENCES journal (seq),
    -- The payee's payment reference (migration 15): read by this
    -- migration's seed, which uses the engine's current query.
    reference   TEXT COLLATE "C" NOT NULL DEFAULT ''
);
CREATE INDEX payees_erased ON payees (erased_seq) WHERE erased_seq IS NOT NULL;

-- The payouts that pay a returned payout again, to a corrected payee
-- (migration 17 says why): here too, as the engine's current query of the
-- payouts reads it.
CREATE TABLE payout_reissues (
    payout_id     TEXT COLLATE "C" PRIMARY KEY REFERENCES payouts (id),
    reissue_of    TEXT COLLATE "C" NOT NULL UNIQUE REFERENCES payouts (id),
    reissued_by   TEXT COLLATE "C" NOT NULL,
    reissued_role TEXT COLLATE "C" NOT NULL
);

CREATE TABLE closed_periods (
    start_date  TEXT COLLATE "C" NOT NULL,
    end_date    TEXT COLLATE "C" NOT NULL,
    label       TEXT COLLATE "C" NOT NULL,
    closed_by   TEXT COLLATE "C" NOT NULL,
    closed_at   TEXT COLLATE "C" NOT NULL,
    seq         BIGINT NOT NULL REFERENCES journal (seq),
    PRIMARY KEY (start_date, end_date)
);
CREATE TRIGGER closed_periods_no_change BEFORE UPDATE OR DELETE ON closed_periods FOR EACH ROW
    EXECUTE FUNCTION refuse_change('closed periods stay closed');
CREATE TRIGGER closed_periods_no_truncate BEFORE TRUNCATE ON closed_periods FOR EACH STATEMENT
    EXECUTE FUNCTION refuse_change('closed periods stay closed');

-- Idempotency keys per user: the first request's fingerprint and answer, and
-- the answers_recorded transaction that commits to it.
CREATE TABLE idempotency_keys (
    id           BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    actor        TEXT COLLATE "C" NOT NULL,
    key          TEXT COLLATE "C" NOT NULL,
    operation    TEXT COLLATE "C" NOT NULL,
    fingerprint  BYTEA NOT NULL,
    result       TEXT COLLATE "C" NOT NULL,
    created_at   TEXT COLLATE "C" NOT NULL,
    seq          BIGINT REFERENCES journal (seq),
    UNIQUE (actor, key)
);
CREATE INDEX idempotency_keys_seq ON idempotency_keys (seq);

-- Users (employees and partners' readers), their API tokens (stored only as
-- the SHA-256 of their secret) and, for the web pages, a password (argon2id
-- hash), the count of failed sign-ins and a lock.
CREATE TABLE users (
    name             TEXT COLLATE "C" PRIMARY KEY,
    role             TEXT COLLATE "C" NOT NULL,
    partner_id       TEXT COLLATE "C" REFERENCES partners (id),
    created_at       TEXT COLLATE "C" NOT NULL,
    password_hash    TEXT COLLATE "C",
    failed_sign_ins  INTEGER NOT NULL DEFAULT 0,
    locked_until     TEXT COLLATE "C",
    CHECK ((role = 'partner') = (partner_id IS NOT NULL))
);

CREATE TABLE tokens (
    id          TEXT COLLATE "C" PRIMARY KEY,
    user_name   TEXT COLLATE "C" NOT NULL REFERENCES users (name),
    hash        TEXT COLLATE "C" NOT NULL UNIQUE,
    created_by  TEXT COLLATE "C" NOT NULL,
    created_at  TEXT COLLATE "C" NOT NULL,
    revoked_at  TEXT COLLATE "C"
);
CREATE INDEX tokens_user ON tokens (user_name);

-- Web sessions, stored by the SHA-256 of their secret, with the
-- session_opened transaction that commits to each.
CREATE TABLE web_sessions (
    hash        TEXT COLLATE "C" PRIMARY KEY,
    user_name   TEXT COLLATE "C" NOT NULL REFERENCES users (name),
    csrf        TEXT COLLATE "C" NOT NULL,
    created_at  TEXT COLLATE "C" NOT NULL,
    last_seen   TEXT COLLATE "C" NOT NULL,
    expires_at  TEXT COLLATE "C" NOT NULL,
    seq         BIGINT REFERENCES journal (seq)
);
CREATE INDEX web_sessions_user ON web_sessions (user_name);

-- Outside parties that can bear a cost: insurers, housing corporations,
-- UWV, DUO, CJIB.
CREATE TABLE parties (
    id          TEXT COLLATE "C" PRIMARY KEY,
    name        TEXT COLLATE "C" NOT NULL,
    kind        TEXT COLLATE "C" NOT NULL,
    created_at  TEXT COLLATE "C" NOT NULL
);
CREATE UNIQUE INDEX parties_name ON parties (lower(name));

-- Every version of every payout's allocation. A correction sets the old
-- version's reversal_seq, replaced_at and reversal_note; its lines stay.
CREATE TABLE allocations (
    payout_id            TEXT COLLATE "C" NOT NULL REFERENCES payouts (id),
    version              INTEGER NOT NULL CHECK (version >= 1),
    pot_id               TEXT COLLATE "C" NOT NULL REFERENCES pots (id),
    allocated            BIGINT NOT NULL CHECK (allocated > 0),
    note                 TEXT COLLATE "C" NOT NULL,
    salt                 BYTEA NOT NULL,
    by_user              TEXT COLLATE "C" NOT NULL,
    role                 TEXT COLLATE "C" NOT NULL,
    at                   TEXT COLLATE "C" NOT NULL,
    seq                  BIGINT NOT NULL REFERENCES journal (seq),
    suggested_by         TEXT COLLATE "C" NOT NULL DEFAULT '',
    followed_suggestion  BOOLEAN NOT NULL DEFAULT FALSE,
    reversal_seq         BIGINT REFERENCES journal (seq),
    replaced_at          TEXT COLLATE "C",
    reversal_note        TEXT COLLATE "C",
    PRIMARY KEY (payout_id, version)
);
CREATE INDEX allocations_rule ON allocations (suggested_by);

CREATE TABLE allocation_lines (
    payout_id          TEXT COLLATE "C" NOT NULL,
    version            INTEGER NOT NULL,
    n                  INTEGER NOT NULL,
    target             TEXT COLLATE "C" NOT NULL CHECK (target IN ('wmo', 'jeugdwet', 'participatiewet', 'wgs', 'party', 'maatwerk')),
    taakveld           TEXT COLLATE "C" NOT NULL DEFAULT '',
    economic_category  TEXT COLLATE "C" NOT NULL DEFAULT '',
    party_id           TEXT COLLATE "C" REFERENCES parties (id),
    amount             BIGINT NOT NULL CHECK (amount > 0),
    receivable_id      TEXT COLLATE "C",
    PRIMARY KEY (payout_id, version, n),
    FOREIGN KEY (payout_id, version) REFERENCES allocations (payout_id, version)
);
CREATE INDEX allocation_lines_party ON allocation_lines (party_id) WHERE party_id IS NOT NULL;
CREATE TRIGGER allocation_lines_no_change BEFORE UPDATE OR DELETE ON allocation_lines FOR EACH ROW
    EXECUTE FUNCTION refuse_change('allocation lines are booked: correct the allocation with a new version');
CREATE TRIGGER allocation_lines_no_truncate BEFORE TRUNCATE ON allocation_lines FOR EACH STATEMENT
    EXECUTE FUNCTION refuse_change('allocation lines are booked: correct the allocation with a new version');

-- What parties owe. One per party line of an allocation. Its identity never
-- changes after it is booked; only its progress (settled, status) does.
CREATE TABLE receivables (
    id                  TEXT COLLATE "C" PRIMARY KEY,
    pot_id              TEXT COLLATE "C" NOT NULL REFERENCES pots (id),
    payout_id           TEXT COLLATE "C" NOT NULL REFERENCES payouts (id),
    party_id            TEXT COLLATE "C" NOT NULL REFERENCES parties (id),
    allocation_version  INTEGER NOT NULL,
    amount              BIGINT NOT NULL CHECK (amount > 0),
    settled             BIGINT NOT NULL DEFAULT 0 CHECK (settled >= 0 AND settled <= amount),
    status              TEXT COLLATE "C" NOT NULL CHECK (status IN ('open', 'settled', 'cancelled')),
    created_at          TEXT COLLATE "C" NOT NULL
);
CREATE INDEX receivables_pot ON receivables (pot_id, status);
CREATE INDEX receivables_payout ON receivables (payout_id);
CREATE INDEX receivables_party ON receivables (party_id);
CREATE TRIGGER receivables_identity BEFORE UPDATE OF id, pot_id, payout_id, party_id, allocation_version, amount, created_at ON receivables
    FOR EACH ROW EXECUTE FUNCTION refuse_change('a receivable is booked: correct its allocation instead');
CREATE TRIGGER receivables_no_delete BEFORE DELETE ON receivables FOR EACH ROW
    EXECUTE FUNCTION refuse_change('a receivable is booked: correct its allocation instead');
CREATE TRIGGER receivables_no_truncate BEFORE TRUNCATE ON receivables FOR EACH STATEMENT
    EXECUTE FUNCTION refuse_change('a receivable is booked: correct its allocation instead');

CREATE TABLE settlements (
    id             BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    receivable_id  TEXT COLLATE "C" NOT NULL REFERENCES receivables (id),
    amount         BIGINT NOT NULL CHECK (amount > 0),
    value_date     TEXT COLLATE "C" NOT NULL,
    reference      TEXT COLLATE "C" NOT NULL,
    by_user        TEXT COLLATE "C" NOT NULL,
    at             TEXT COLLATE "C" NOT NULL,
    seq            BIGINT NOT NULL REFERENCES journal (seq)
);
CREATE INDEX settlements_receivable ON settlements (receivable_id);
CREATE TRIGGER settlements_no_change BEFORE UPDATE OR DELETE ON settlements FOR EACH ROW
    EXECUTE FUNCTION refuse_change('settlements are booked: correct them with a new booking');
CREATE TRIGGER settlements_no_truncate BEFORE TRUNCATE ON settlements FOR EACH STATEMENT
    EXECUTE FUNCTION refuse_change('settlements are booked: correct them with a new booking');

-- Every version of every payout's evaluation.
CREATE TABLE evaluations (
    payout_id  TEXT COLLATE "C" NOT NULL REFERENCES payouts (id),
    version    INTEGER NOT NULL CHECK (version >= 1),
    outcome    TEXT COLLATE "C" NOT NULL CHECK (outcome IN ('effective', 'partial', 'regret')),
    regretted  BIGINT NOT NULL CHECK (regretted >= 0),
    note       TEXT COLLATE "C" NOT NULL,
    by_user    TEXT COLLATE "C" NOT NULL,
    role       TEXT COLLATE "C" NOT NULL,
    at         TEXT COLLATE "C" NOT NULL,
    seq        BIGINT NOT NULL REFERENCES journal (seq),
    PRIMARY KEY (payout_id, version)
);
CREATE TRIGGER evaluations_no_change BEFORE UPDATE OR DELETE ON evaluations FOR EACH ROW
    EXECUTE FUNCTION refuse_change('evaluations are kept: revise with a new version');
CREATE TRIGGER evaluations_no_truncate BEFORE TRUNCATE ON evaluations FOR EACH STATEMENT
    EXECUTE FUNCTION refuse_change('evaluations are kept: revise with a new version');

-- The Iv3 code list in use (seeded from the list in the binary) and the
-- history of its imports.
CREATE TABLE taakvelden (
    n           INTEGER PRIMARY KEY,
    code        TEXT COLLATE "C" NOT NULL,
    name        TEXT COLLATE "C" NOT NULL,
    laws        TEXT COLLATE "C" NOT NULL, -- joined with +
    valid_from  INTEGER NOT NULL,
    valid_to    INTEGER,
    status      TEXT COLLATE "C" NOT NULL
);
CREATE TABLE taakveld_imports (
    id           BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    digest       TEXT COLLATE "C" NOT NULL,
    rows         INTEGER NOT NULL,
    source       TEXT COLLATE "C" NOT NULL,
    imported_by  TEXT COLLATE "C" NOT NULL,
    imported_at  TEXT COLLATE "C" NOT NULL,
    seq          BIGINT REFERENCES journal (seq)
);

-- The suggestion rules, in order, each as its JSON.
CREATE TABLE allocation_rules (
    n     INTEGER PRIMARY KEY,
    id    TEXT COLLATE "C" NOT NULL UNIQUE,
    rule  TEXT COLLATE "C" NOT NULL
);

-- Policy signals taken up.
CREATE TABLE signal_uptakes (
    signal_id  TEXT COLLATE "C" PRIMARY KEY,
    note       TEXT COLLATE "C" NOT NULL,
    by_user    TEXT COLLATE "C" NOT NULL,
    role       TEXT COLLATE "C" NOT NULL,
    at         TEXT COLLATE "C" NOT NULL
);

-- Payment files (SEPA pain.001.001.09): a batch, the part each pot pays (with
-- the debtor account and the pot's name as they were, so the file can be
-- made again byte for byte), and its payouts. A payout is in at most one
-- batch: the primary key of payment_items. skipped_pots are the pots the
-- batch had to skip, so that a retry of the request gives the same answer.
CREATE TABLE payment_batches (
    id              TEXT COLLATE "C" PRIMARY KEY,
    created_at      TEXT COLLATE "C" NOT NULL,
    created_by      TEXT COLLATE "C" NOT NULL,
    execution_date  TEXT COLLATE "C" NOT NULL,
    payouts         INTEGER NOT NULL,
    amount          BIGINT NOT NULL CHECK (amount > 0),
    skipped_pots    TEXT COLLATE "C" NOT NULL DEFAULT ''
);

CREATE TABLE payment_groups (
    batch_id        TEXT COLLATE "C" NOT NULL REFERENCES payment_batches (id),
    pot_id          TEXT COLLATE "C" NOT NULL REFERENCES pots (id),
    debtor_name     TEXT COLLATE "C" NOT NULL,
    debtor_iban     TEXT COLLATE "C" NOT NULL,
    debtor_bic      TEXT COLLATE "C" NOT NULL,
    debtor_town     TEXT COLLATE "C" NOT NULL,
    debtor_country  TEXT COLLATE "C" NOT NULL,
    payouts         INTEGER NOT NULL,
    amount          BIGINT NOT NULL,
    seq             BIGINT NOT NULL REFERENCES journal (seq),
    pot_name        TEXT COLLATE "C",
    PRIMARY KEY (batch_id, pot_id)
);

CREATE TABLE payment_items (
    payout_id  TEXT COLLATE "C" PRIMARY KEY REFERENCES payouts (id),
    batch_id   TEXT COLLATE "C" NOT NULL REFERENCES payment_batches (id),
    n          INTEGER NOT NULL,
    amount     BIGINT NOT NULL CHECK (amount > 0)
);
CREATE INDEX payment_items_batch ON payment_items (batch_id, n);

CREATE TRIGGER payment_batches_no_change BEFORE UPDATE OR DELETE ON payment_batches FOR EACH ROW
    EXECUTE FUNCTION refuse_change('payment batches are booked: make a new batch');
CREATE TRIGGER payment_batches_no_truncate BEFORE TRUNCATE ON payment_batches FOR EACH STATEMENT
    EXECUTE FUNCTION refuse_change('payment batches are booked: make a new batch');
CREATE TRIGGER payment_groups_no_change BEFORE UPDATE OR DELETE ON payment_groups FOR EACH ROW
    EXECUTE FUNCTION refuse_change('payment batches are booked: make a new batch');
CREATE TRIGGER payment_groups_no_truncate BEFORE TRUNCATE ON payment_groups FOR EACH STATEMENT
    EXECUTE FUNCTION refuse_change('payment batches are booked: make a new batch');
CREATE TRIGGER payment_items_no_change BEFORE UPDATE OR DELETE ON payment_items FOR EACH ROW
    EXECUTE FUNCTION refuse_change('payment batches are booked: make a new batch');
CREATE TRIGGER payment_items_no_truncate BEFORE TRUNCATE ON payment_items FOR EACH STATEMENT
    EXECUTE FUNCTION refuse_change('payment batches are booked: make a new batch');

-- One row the readiness check (Store.Ready) rewrites through the writer, so
-- that "ready" means a write committed just now, on this database. It holds
-- no ledger data, governs nothing and is outside the journal.
CREATE TABLE ready_probe (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    probes  BIGINT NOT NULL,
    at      TEXT COLLATE "C" NOT NULL
);
