-- As SQLite's migration 19: the pot's index of the aggregates' list holds
-- the lists read by pot, the case's index only the signals.
DROP INDEX fact_index_pot;
DROP INDEX fact_index_case;
CREATE INDEX fact_index_pot ON fact_index (kind, pot_id, day, at, payout_id) WHERE kind IN ('queue', 'flagged', 'waiting');
CREATE INDEX fact_index_case ON fact_index (key, case_hash, day) WHERE kind = 'signal';
