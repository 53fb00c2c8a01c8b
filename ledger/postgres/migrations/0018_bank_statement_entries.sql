-- As SQLite's migration 27: the entries each camt.053 statement delivered,
-- so that a statement is reconciled with its own entries.
CREATE TABLE bank_statement_entries (
    iban         TEXT COLLATE "C" NOT NULL,
    statement_id TEXT COLLATE "C" NOT NULL,
    entry_ref    TEXT COLLATE "C" NOT NULL,
    file_digest  TEXT COLLATE "C" NOT NULL REFERENCES bank_files (digest) DEFERRABLE INITIALLY DEFERRED,
    PRIMARY KEY (iban, statement_id, entry_ref)
);
CREATE INDEX bank_statement_entries_file ON bank_statement_entries (file_digest);
