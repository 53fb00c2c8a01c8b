-- The aggregates' flagged list now holds the waiting requests that were
-- stuck too long before the request as well (ledger.IndexFlagged), so a
-- pot's timeliness lists its oldest flags from two short reads. Built
-- anew from the payouts when the ledger is next opened; a ledger that
-- reached migration 21 before this change would otherwise lack those
-- entries, and verification would rightly say so.
DELETE FROM fact_cells;
INSERT INTO aggregate_rebuilds (name) VALUES ('payout_facts') ON CONFLICT (name) DO NOTHING;
