-- The bank's answer (issue 15): its statements (camt.053), debit
-- notifications (camt.054) and payment status reports (pain.002) settle a
-- paid payout or return it.
--
-- When the bank settled or returned a payout: the transaction that booked
-- it, the bank's booking date, and a return's reason code. Migration 8
-- adds these columns to a new ledger (its seed reads the payouts with the
-- engine's current query); this migration's schema step (addBankColumns) adds
-- them to a ledger that passed migration 8 before, as SQLite has no ADD
-- COLUMN IF NOT EXISTS, and then admits the two new statuses, settled and
-- returned, to the payouts table's CHECK constraint (it says how).

-- A settled payout is owed an evaluation as a paid one is.
DROP INDEX payouts_owed;
CREATE INDEX payouts_owed ON payouts (requested_by, value_date, request_seq, eval_version, status)
    WHERE eval_version = 0 AND status IN ('approved', 'paid', 'settled');

-- Each file imported, by the SHA-256 of its bytes: the same file again
-- changes nothing.
CREATE TABLE bank_files (
    digest      TEXT PRIMARY KEY,
    kind        TEXT NOT NULL,
    message_id  TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    imported_by TEXT NOT NULL,
    summary     TEXT NOT NULL,
    seq         INTEGER NOT NULL REFERENCES journal (seq)
) STRICT;

-- Each statement, by its account and id, with the bank's booked balances.
CREATE TABLE bank_statements (
    iban          TEXT NOT NULL,
    statement_id  TEXT NOT NULL,
    file_digest   TEXT NOT NULL REFERENCES bank_files (digest) DEFERRABLE INITIALLY DEFERRED,
    from_date     TEXT,
    to_date       TEXT,
    opening       INTEGER,
    opening_date  TEXT,
    closing       INTEGER,
    closing_date  TEXT,
    PRIMARY KEY (iban, statement_id)
) STRICT;

-- Each entry of a statement or notification and each transaction of a
-- status report, by its account and reference, with what it did: an entry
-- seen again in another file is a duplicate and changes nothing.
CREATE TABLE bank_entries (
    iban            TEXT NOT NULL,
    entry_ref       TEXT NOT NULL,
    statement_id    TEXT NOT NULL,
    file_digest     TEXT NOT NULL REFERENCES bank_files (digest) DEFERRABLE INITIALLY DEFERRED,
    booking_date    TEXT,
    amount          INTEGER NOT NULL,
    debit           INTEGER NOT NULL,
    payment_info_id TEXT NOT NULL DEFAULT '',
    outcome         TEXT NOT NULL CHECK (outcome IN ('settled', 'returned', 'rejected', 'accepted', 'unmatched', 'credit', 'pending')),
    payout_id       TEXT REFERENCES payouts (id),
    reason          TEXT NOT NULL DEFAULT '',
    detail          TEXT NOT NULL DEFAULT '',
    detail_nl       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (iban, entry_ref)
) STRICT;
CREATE INDEX bank_entries_outcome ON bank_entries (outcome, booking_date);
CREATE INDEX bank_entries_payout ON bank_entries (payout_id) WHERE payout_id IS NOT NULL;
