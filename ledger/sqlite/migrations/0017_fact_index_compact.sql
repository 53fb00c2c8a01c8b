-- The list of the aggregates (migration 12) kept each signal's rule in full
-- in every entry and its indexes, with the case reference and the request
-- instant as text: about 3 KB per payout. Signals are now kept under their
-- short id (ledger.SignalID), cases under a hash of the reference
-- (ledger.CaseHash: the reference itself is no longer copied), and the
-- request instant as Unix nanoseconds; the rule's words are read from the
-- payout when a signal is shown. The cells of signals change their keys
-- with it, so the aggregates are built anew from the payouts.
DROP TABLE fact_index;
CREATE TABLE fact_index (
	kind       TEXT NOT NULL,
	key        TEXT NOT NULL,
	payout_id  TEXT NOT NULL REFERENCES payouts (id),
	pot_id     TEXT NOT NULL,
	day        TEXT NOT NULL,
	at         INTEGER NOT NULL,
	case_hash  INTEGER NOT NULL,
	amount     INTEGER NOT NULL,
	PRIMARY KEY (kind, key, payout_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX fact_index_day ON fact_index (kind, key, day, at, payout_id);
CREATE INDEX fact_index_pot ON fact_index (kind, pot_id, day, at, payout_id);
CREATE INDEX fact_index_case ON fact_index (kind, key, case_hash, day);

-- A signal's cells are read by their key over a window of days.
CREATE INDEX fact_cells_key ON fact_cells (kind, key, day);

DELETE FROM fact_cells;
INSERT INTO aggregate_rebuilds (name) VALUES ('payout_facts') ON CONFLICT (name) DO NOTHING;
