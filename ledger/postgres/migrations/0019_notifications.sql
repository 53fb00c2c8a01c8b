-- As SQLite's migration 28. Notifications (issue 16): who must act, told at once. A notification is
-- written in the same transaction as its event (an outbox): nothing is lost
-- between the event and the telling, and a mail sender delivers it later.
-- It holds no personal data: a payout's id, pot, amount and category, and
-- how long something waited; never a payee, IBAN, case reference or
-- weighing. Not journaled: it moves and authorises no money.
--
-- mail_state: none (the user gets no mail of it), pending, sent, failed
-- (after the last retry). mail_claim and mail_claim_until are the sender
-- (a server) that claimed it and until when, so that several servers on
-- one database never send one message twice.
CREATE TABLE notifications (
    id               TEXT COLLATE "C" PRIMARY KEY,
    user_name        TEXT COLLATE "C" NOT NULL,
    kind             TEXT COLLATE "C" NOT NULL,
    payout_id        TEXT COLLATE "C" NOT NULL DEFAULT '',
    pot_id           TEXT COLLATE "C" NOT NULL DEFAULT '',
    amount           BIGINT NOT NULL DEFAULT 0,
    category         TEXT COLLATE "C" NOT NULL DEFAULT '',
    detail           TEXT COLLATE "C" NOT NULL DEFAULT '',
    waited_days      INTEGER NOT NULL DEFAULT 0,
    created_at       TEXT COLLATE "C" NOT NULL,
    read_at          TEXT COLLATE "C",
    mail_state       TEXT COLLATE "C" NOT NULL DEFAULT 'none' CHECK (mail_state IN ('none', 'pending', 'sent', 'failed')),
    mail_attempts    INTEGER NOT NULL DEFAULT 0,
    mail_next_at     TEXT COLLATE "C",
    mail_error       TEXT COLLATE "C" NOT NULL DEFAULT '',
    mail_claim       TEXT COLLATE "C" NOT NULL DEFAULT '',
    mail_claim_until TEXT COLLATE "C",
    mail_sent_at     TEXT COLLATE "C"
);
CREATE INDEX notifications_user ON notifications (user_name, created_at, id);
CREATE INDEX notifications_unread ON notifications (user_name) WHERE read_at IS NULL;
CREATE INDEX notifications_outbox ON notifications (mail_next_at) WHERE mail_state = 'pending';
-- A reminder or escalation is sent once per payout, user and step.
CREATE UNIQUE INDEX notifications_once ON notifications (payout_id, user_name, kind)
    WHERE kind IN ('reminder', 'escalation', 'escalated', 'evaluation_due');

-- Each user's e-mail address and choice: every notification at once
-- (immediate) or one digest a day (digest). Personal data: kept out of
-- the journal.
ALTER TABLE users ADD COLUMN email TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN mail_mode TEXT COLLATE "C" NOT NULL DEFAULT 'immediate';
