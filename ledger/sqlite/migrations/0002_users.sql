-- Users (employees and partners' readers) and their API tokens. A token is
-- stored only as the SHA-256 of its secret.

CREATE TABLE users (
    name        TEXT PRIMARY KEY,
    role        TEXT NOT NULL,
    partner_id  TEXT REFERENCES partners (id),
    created_at  TEXT NOT NULL,
    CHECK ((role = 'partner') = (partner_id IS NOT NULL))
) STRICT, WITHOUT ROWID;

CREATE TABLE tokens (
    id          TEXT PRIMARY KEY,
    user_name   TEXT NOT NULL REFERENCES users (name),
    hash        TEXT NOT NULL UNIQUE,
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    revoked_at  TEXT
) STRICT;
CREATE INDEX tokens_user ON tokens (user_name);
