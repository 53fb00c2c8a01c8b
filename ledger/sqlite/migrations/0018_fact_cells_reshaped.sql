-- The aggregates' cells changed shape: a signal's requesters in cells of
-- their own (signal_requester), the flagged payouts counted per pot
-- (flagged). They are built anew from the payouts when the ledger is next
-- opened.
DELETE FROM fact_cells;
INSERT INTO aggregate_rebuilds (name) VALUES ('payout_facts') ON CONFLICT (name) DO NOTHING;
