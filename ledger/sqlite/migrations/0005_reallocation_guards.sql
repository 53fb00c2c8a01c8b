-- Guards on the reallocation records. A receivable's identity (its pot,
-- payout, party, allocation and amount) never changes after it is booked;
-- only its progress (settled, status) does, and Verify checks that against
-- the settlements and the allocations. Why an allocation was withdrawn or
-- corrected is kept with it, and the journal commits to it.

CREATE TRIGGER receivables_identity BEFORE UPDATE OF id, pot_id, payout_id, party_id, allocation_version, amount, created_at ON receivables
BEGIN SELECT RAISE(ABORT, 'a receivable is booked: correct its allocation instead'); END;
CREATE TRIGGER receivables_no_delete BEFORE DELETE ON receivables
BEGIN SELECT RAISE(ABORT, 'a receivable is booked: correct its allocation instead'); END;

ALTER TABLE allocations ADD COLUMN reversal_note TEXT;
