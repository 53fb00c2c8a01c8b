-- The journal commits to everything that moves or authorises money (see
-- ledger/integrity.go). The migration's seed books the transaction that marks
-- where coverage began and a *_set transaction for every governed record as
-- it stands (ledger/sqlite/coverage.go).

-- The salted digest of a payee, in the transaction that booked the request.
ALTER TABLE journal ADD COLUMN payee_digest TEXT NOT NULL DEFAULT '';

-- A payee's own salt (erased with it), the transaction that committed to
-- the current payee, and the erasure that erased it.
ALTER TABLE payees ADD COLUMN salt BLOB;
ALTER TABLE payees ADD COLUMN seq INTEGER REFERENCES journal (seq);
ALTER TABLE payees ADD COLUMN erased_seq INTEGER REFERENCES journal (seq);
CREATE INDEX payees_erased ON payees (erased_seq) WHERE erased_seq IS NOT NULL;

-- A payee's payment reference (migration 24 says why). It came long after
-- this migration, but this migration's seed reads the payees with the
-- engine's current query, which reads it: a new ledger gets it here, and
-- migration 24 gives it to a ledger that passed this migration without it.
ALTER TABLE payees ADD COLUMN reference TEXT NOT NULL DEFAULT '';

-- When the bank settled or returned a payout (migration 25 says why), for
-- the same reason: this migration's seed reads the payouts with the
-- engine's current query.
ALTER TABLE payouts ADD COLUMN settle_seq INTEGER REFERENCES journal (seq);
ALTER TABLE payouts ADD COLUMN settled_on TEXT;
ALTER TABLE payouts ADD COLUMN return_seq INTEGER REFERENCES journal (seq);
ALTER TABLE payouts ADD COLUMN returned_on TEXT;
ALTER TABLE payouts ADD COLUMN return_reason TEXT;

-- The payouts that pay a returned payout again (migration 26 says why),
-- for the same reason: this migration's seed reads the payouts with the
-- engine's current query.
CREATE TABLE payout_reissues (
    payout_id     TEXT PRIMARY KEY REFERENCES payouts (id),
    reissue_of    TEXT NOT NULL UNIQUE REFERENCES payouts (id),
    reissued_by   TEXT NOT NULL,
    reissued_role TEXT NOT NULL
) STRICT;

-- A pot's escalation (migration 29 says why), for the same reason: this
-- migration's seed reads the pots with the engine's current query.
ALTER TABLE pots ADD COLUMN remind_after INTEGER NOT NULL DEFAULT 2 CHECK (remind_after BETWEEN 1 AND 59);
ALTER TABLE pots ADD COLUMN escalate_after INTEGER NOT NULL DEFAULT 5 CHECK (escalate_after BETWEEN 2 AND 60 AND escalate_after > remind_after);

-- A payment batch's pot name as it was: the file's remittance says it, and
-- a pot can be renamed.
ALTER TABLE payment_groups ADD COLUMN pot_name TEXT;

-- The answers_recorded transaction that commits to a stored answer.
ALTER TABLE idempotency_keys ADD COLUMN seq INTEGER REFERENCES journal (seq);
CREATE INDEX idempotency_keys_seq ON idempotency_keys (seq);

-- The session_opened transaction that commits to a web session.
ALTER TABLE web_sessions ADD COLUMN seq INTEGER REFERENCES journal (seq);

-- A payout's history by its id, so a payment run reads it from the journal
-- and not from the payouts table (which anyone with the file can edit).
-- Queries must repeat this exact kind list to use the index.
CREATE INDEX journal_payout_ref ON journal (ref)
    WHERE kind IN ('payout_held', 'payout_approved', 'payout_rejected', 'payout_reversed');

-- The transactions that commit to governed records, by kind and reference,
-- and the one that marks where coverage began. Same rule for queries.
CREATE INDEX journal_governed ON journal (kind, ref)
    WHERE kind IN ('coverage_began', 'pot_set', 'partner_set', 'party_set', 'pledge_set', 'category_set',
        'allocation_rules_set', 'user_set', 'token_set', 'signal_taken_up', 'taakvelden_imported');
