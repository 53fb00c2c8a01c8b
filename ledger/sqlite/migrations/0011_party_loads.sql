-- Each outside party's rotation load in each pot: how many payouts' current
-- allocations charge it (turns) and how much (borne, cents). It is kept in
-- the same transaction as the allocations it sums (sqlengine moveLoads), so
-- suggesting an allocation no longer sums every allocation line of the
-- pot; Verify recomputes it from the allocations and names a difference.
CREATE TABLE party_loads (
	pot_id   TEXT NOT NULL REFERENCES pots (id),
	party_id TEXT NOT NULL REFERENCES parties (id),
	turns    INTEGER NOT NULL,
	borne    INTEGER NOT NULL,
	PRIMARY KEY (pot_id, party_id)
) STRICT, WITHOUT ROWID;

INSERT INTO party_loads (pot_id, party_id, turns, borne)
SELECT p.pot_id, l.party_id, COUNT(DISTINCT l.payout_id), COALESCE(SUM(l.amount), 0)
FROM allocation_lines l
JOIN payouts p ON p.id = l.payout_id AND p.allocation_version = l.version
WHERE l.party_id IS NOT NULL
GROUP BY p.pot_id, l.party_id;
