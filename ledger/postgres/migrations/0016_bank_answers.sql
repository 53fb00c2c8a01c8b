-- As SQLite's migration 25: the bank's answer settles or returns a paid
-- payout. Two statuses more, when and why, a settled payout owed an
-- evaluation as a paid one, and the files, statements and entries
-- imported.
ALTER TABLE payouts DROP CONSTRAINT IF EXISTS payouts_status_check;
ALTER TABLE payouts ADD CONSTRAINT payouts_status_check
    CHECK (status IN ('pending_approval', 'approved', 'rejected', 'reversed', 'paid', 'settled', 'returned'));
ALTER TABLE payouts ADD COLUMN IF NOT EXISTS settle_seq BIGINT REFERENCES journal (seq);
ALTER TABLE payouts ADD COLUMN IF NOT EXISTS settled_on TEXT COLLATE "C";
ALTER TABLE payouts ADD COLUMN IF NOT EXISTS return_seq BIGINT REFERENCES journal (seq);
ALTER TABLE payouts ADD COLUMN IF NOT EXISTS returned_on TEXT COLLATE "C";
ALTER TABLE payouts ADD COLUMN IF NOT EXISTS return_reason TEXT COLLATE "C";

DROP INDEX IF EXISTS payouts_owed;
CREATE INDEX payouts_owed ON payouts (requested_by, value_date, request_seq)
    WHERE eval_version = 0 AND status IN ('approved', 'paid', 'settled');

CREATE TABLE bank_files (
    digest      TEXT COLLATE "C" PRIMARY KEY,
    kind        TEXT COLLATE "C" NOT NULL,
    message_id  TEXT COLLATE "C" NOT NULL,
    imported_at TEXT COLLATE "C" NOT NULL,
    imported_by TEXT COLLATE "C" NOT NULL,
    summary     TEXT COLLATE "C" NOT NULL,
    seq         BIGINT NOT NULL REFERENCES journal (seq)
);

CREATE TABLE bank_statements (
    iban          TEXT COLLATE "C" NOT NULL,
    statement_id  TEXT COLLATE "C" NOT NULL,
    file_digest   TEXT COLLATE "C" NOT NULL REFERENCES bank_files (digest) DEFERRABLE INITIALLY DEFERRED,
    from_date     TEXT COLLATE "C",
    to_date       TEXT COLLATE "C",
    opening       BIGINT,
    opening_date  TEXT COLLATE "C",
    closing       BIGINT,
    closing_date  TEXT COLLATE "C",
    PRIMARY KEY (iban, statement_id)
);

CREATE TABLE bank_entries (
    iban            TEXT COLLATE "C" NOT NULL,
    entry_ref       TEXT COLLATE "C" NOT NULL,
    statement_id    TEXT COLLATE "C" NOT NULL,
    file_digest     TEXT COLLATE "C" NOT NULL REFERENCES bank_files (digest) DEFERRABLE INITIALLY DEFERRED,
    booking_date    TEXT COLLATE "C",
    amount          BIGINT NOT NULL,
    debit           INTEGER NOT NULL,
    payment_info_id TEXT COLLATE "C" NOT NULL DEFAULT '',
    outcome         TEXT COLLATE "C" NOT NULL CHECK (outcome IN ('settled', 'returned', 'rejected', 'accepted', 'unmatched', 'credit', 'pending')),
    payout_id       TEXT COLLATE "C" REFERENCES payouts (id),
    reason          TEXT COLLATE "C" NOT NULL DEFAULT '',
    detail          TEXT COLLATE "C" NOT NULL DEFAULT '',
    detail_nl       TEXT COLLATE "C" NOT NULL DEFAULT '',
    PRIMARY KEY (iban, entry_ref)
);
CREATE INDEX bank_entries_outcome ON bank_entries (outcome, booking_date);
CREATE INDEX bank_entries_payout ON bank_entries (payout_id) WHERE payout_id IS NOT NULL;
