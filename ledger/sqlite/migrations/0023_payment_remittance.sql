-- The wording of a payment file's remittances (ledger.PaymentBatch.
-- Remittance), kept with the batch so that its file made again is the one
-- the bank was sent. Every batch before this one was written in the first
-- wording.
ALTER TABLE payment_batches ADD COLUMN remittance INTEGER NOT NULL DEFAULT 1;
