-- Payment files (SEPA pain.001.001.09) and the statements' queries.

-- The account each pot pays from. NULL until finance configures it.
ALTER TABLE pots ADD COLUMN debtor_name TEXT;
ALTER TABLE pots ADD COLUMN debtor_iban TEXT;
ALTER TABLE pots ADD COLUMN debtor_bic TEXT;
ALTER TABLE pots ADD COLUMN debtor_town TEXT;
ALTER TABLE pots ADD COLUMN debtor_country TEXT;

-- Statements sum a pot's postings over a quarter by value date.
CREATE INDEX journal_pot_date ON journal (pot_id, value_date);

-- A payment batch, the part each pot pays (with the debtor account as it
-- was, so the file can be made again byte for byte), and its payouts. A
-- payout is in at most one batch: the primary key of payment_items.
CREATE TABLE payment_batches (
    id              TEXT PRIMARY KEY,
    created_at      TEXT NOT NULL,
    created_by      TEXT NOT NULL,
    execution_date  TEXT NOT NULL,
    payouts         INTEGER NOT NULL,
    amount          INTEGER NOT NULL CHECK (amount > 0)
) STRICT;

CREATE TABLE payment_groups (
    batch_id        TEXT NOT NULL REFERENCES payment_batches (id),
    pot_id          TEXT NOT NULL REFERENCES pots (id),
    debtor_name     TEXT NOT NULL,
    debtor_iban     TEXT NOT NULL,
    debtor_bic      TEXT NOT NULL,
    debtor_town     TEXT NOT NULL,
    debtor_country  TEXT NOT NULL,
    payouts         INTEGER NOT NULL,
    amount          INTEGER NOT NULL,
    seq             INTEGER NOT NULL REFERENCES journal (seq),
    PRIMARY KEY (batch_id, pot_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE payment_items (
    payout_id  TEXT PRIMARY KEY REFERENCES payouts (id),
    batch_id   TEXT NOT NULL REFERENCES payment_batches (id),
    n          INTEGER NOT NULL,
    amount     INTEGER NOT NULL CHECK (amount > 0)
) STRICT, WITHOUT ROWID;
CREATE INDEX payment_items_batch ON payment_items (batch_id, n);

CREATE TRIGGER payment_batches_no_update BEFORE UPDATE ON payment_batches
BEGIN SELECT RAISE(ABORT, 'payment batches are booked: make a new batch'); END;
CREATE TRIGGER payment_batches_no_delete BEFORE DELETE ON payment_batches
BEGIN SELECT RAISE(ABORT, 'payment batches are booked: make a new batch'); END;
CREATE TRIGGER payment_groups_no_update BEFORE UPDATE ON payment_groups
BEGIN SELECT RAISE(ABORT, 'payment batches are booked: make a new batch'); END;
CREATE TRIGGER payment_groups_no_delete BEFORE DELETE ON payment_groups
BEGIN SELECT RAISE(ABORT, 'payment batches are booked: make a new batch'); END;
CREATE TRIGGER payment_items_no_update BEFORE UPDATE ON payment_items
BEGIN SELECT RAISE(ABORT, 'payment batches are booked: make a new batch'); END;
CREATE TRIGGER payment_items_no_delete BEFORE DELETE ON payment_items
BEGIN SELECT RAISE(ABORT, 'payment batches are booked: make a new batch'); END;
