-- One row the readiness check (Store.Ready) rewrites through the writer, so
-- that "ready" means a write committed just now, on this file. It holds no
-- ledger data, governs nothing and is outside the journal: the row may be
-- rewritten any time, by any process that has the file open.
CREATE TABLE ready_probe (
	id     INTEGER PRIMARY KEY CHECK (id = 1),
	probes INTEGER NOT NULL,
	at     TEXT NOT NULL
) STRICT;
