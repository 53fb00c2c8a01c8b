-- As SQLite's migration 20: the legitimacy report's figures are cells of
-- the aggregates, built anew from the payouts, and its exceptions are read
-- a page at a time by pot, value date and request.
DELETE FROM fact_cells;
INSERT INTO aggregate_rebuilds (name) VALUES ('payout_facts') ON CONFLICT (name) DO NOTHING;
CREATE INDEX payouts_pot_value_date ON payouts (pot_id, value_date, request_seq);
