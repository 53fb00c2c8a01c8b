-- The aggregates of payout facts (ledger/aggregates.go): sums per kind, pot,
-- key, day and sub-key (fact_cells), and the payouts of each list the pages
-- show (fact_index), kept by the Service in the same transaction as the
-- booking that changes a payout, so regret, timeliness, signals and the
-- queue cost what a pot's year or a queue holds, not the whole ledger.
-- Verify recomputes them from the payouts. aggregate_rebuilds holds a row
-- while they must still be built from the payouts: the Service builds them
-- when it opens a ledger that has one (this upgrade, a new ledger).
CREATE TABLE fact_cells (
	kind    TEXT NOT NULL,
	pot_id  TEXT NOT NULL,
	key     TEXT NOT NULL,
	day     TEXT NOT NULL,
	sub     TEXT NOT NULL,
	n       INTEGER NOT NULL,
	a       INTEGER NOT NULL,
	b       INTEGER NOT NULL,
	c       INTEGER NOT NULL,
	d       INTEGER NOT NULL,
	PRIMARY KEY (kind, pot_id, key, day, sub)
) STRICT, WITHOUT ROWID;
CREATE INDEX fact_cells_day ON fact_cells (kind, day);

CREATE TABLE fact_index (
	kind       TEXT NOT NULL,
	key        TEXT NOT NULL,
	payout_id  TEXT NOT NULL REFERENCES payouts (id),
	pot_id     TEXT NOT NULL,
	day        TEXT NOT NULL,
	sub        TEXT NOT NULL,
	case_ref   TEXT NOT NULL,
	label      TEXT NOT NULL,
	amount     INTEGER NOT NULL,
	PRIMARY KEY (kind, key, payout_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX fact_index_day ON fact_index (kind, key, day, sub, payout_id);
CREATE INDEX fact_index_pot ON fact_index (kind, pot_id, day, sub, payout_id);
CREATE INDEX fact_index_case ON fact_index (kind, key, case_ref, day);

CREATE TABLE aggregate_rebuilds (
	name TEXT PRIMARY KEY
) STRICT;
INSERT INTO aggregate_rebuilds (name) VALUES ('payout_facts');
