-- As SQLite's migration 18: the aggregates' cells changed shape and are
-- built anew from the payouts.
DELETE FROM fact_cells;
INSERT INTO aggregate_rebuilds (name) VALUES ('payout_facts') ON CONFLICT (name) DO NOTHING;
