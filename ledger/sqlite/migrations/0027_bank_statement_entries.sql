-- The entries each camt.053 statement delivered (issue 15), those seen
-- before in a debit notification (camt.054) or another file included: a
-- statement is reconciled with its own entries, not with every entry of
-- its account booked in its days (another statement of the same days, a
-- notification the statement never confirmed). file_digest is the import
-- that recorded the delivery, whose record commits to it.
CREATE TABLE bank_statement_entries (
    iban         TEXT NOT NULL,
    statement_id TEXT NOT NULL,
    entry_ref    TEXT NOT NULL,
    file_digest  TEXT NOT NULL REFERENCES bank_files (digest) DEFERRABLE INITIALLY DEFERRED,
    PRIMARY KEY (iban, statement_id, entry_ref)
) STRICT, WITHOUT ROWID;
CREATE INDEX bank_statement_entries_file ON bank_statement_entries (file_digest);
