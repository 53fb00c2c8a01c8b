-- Each entry of the aggregates' list was written into four B-trees. The
-- pot's index serves the lists read by pot (the queue, the flagged and the
-- waiting requests), the case's index only the signals: each now holds
-- only those, so a payout's signal entries cost one index less to keep.
-- Queries repeat the condition as written here.
DROP INDEX fact_index_pot;
DROP INDEX fact_index_case;
CREATE INDEX fact_index_pot ON fact_index (kind, pot_id, day, at, payout_id) WHERE kind IN ('queue', 'flagged', 'waiting');
CREATE INDEX fact_index_case ON fact_index (key, case_hash, day) WHERE kind = 'signal';
