-- The legitimacy report counted its figures by reading every payout of the
-- period. They are now cells of the aggregates per pot and value date
-- (legitimacy, legitimacy_waiting), built anew from the payouts when the
-- ledger is next opened; its list of exceptions is read a page at a time
-- in order of value date, then request, from this index by pot (the index
-- payouts_value_date serves every pot: SQLite ends each index in the
-- rowid, request_seq).
DELETE FROM fact_cells;
INSERT INTO aggregate_rebuilds (name) VALUES ('payout_facts') ON CONFLICT (name) DO NOTHING;
CREATE INDEX payouts_pot_value_date ON payouts (pot_id, value_date);
