-- The pots a payment batch had to skip (approved payouts, no debtor
-- account), kept so that a retry of the request gives the same answer.
ALTER TABLE payment_batches ADD COLUMN skipped_pots TEXT NOT NULL DEFAULT '';
