-- As SQLite's migration 22: the flagged list holds the waiting requests
-- stuck too long as well; the aggregates are built anew from the payouts.
DELETE FROM fact_cells;
INSERT INTO aggregate_rebuilds (name) VALUES ('payout_facts') ON CONFLICT (name) DO NOTHING;
