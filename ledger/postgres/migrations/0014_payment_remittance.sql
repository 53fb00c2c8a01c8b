-- As SQLite's migration 23: the wording of a payment file's remittances,
-- kept with the batch; every batch before it has the first wording.
ALTER TABLE payment_batches ADD COLUMN remittance INTEGER NOT NULL DEFAULT 1;
