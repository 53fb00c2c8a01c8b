-- Each outside party's rotation load in each pot: how many payouts' current
-- allocations charge it (turns) and how much (borne, cents), kept in the
-- same transaction as the allocations it sums (sqlengine moveLoads); as
-- SQLite's migration 11.
CREATE TABLE party_loads (
    pot_id   TEXT COLLATE "C" NOT NULL REFERENCES pots (id),
    party_id TEXT COLLATE "C" NOT NULL REFERENCES parties (id),
    turns    BIGINT NOT NULL,
    borne    BIGINT NOT NULL,
    PRIMARY KEY (pot_id, party_id)
);

INSERT INTO party_loads (pot_id, party_id, turns, borne)
SELECT p.pot_id, l.party_id, COUNT(DISTINCT l.payout_id), COALESCE(SUM(l.amount), 0)
FROM allocation_lines l
JOIN payouts p ON p.id = l.payout_id AND p.allocation_version = l.version
WHERE l.party_id IS NOT NULL
GROUP BY p.pot_id, l.party_id;
