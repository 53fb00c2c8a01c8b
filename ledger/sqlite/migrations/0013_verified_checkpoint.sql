-- Where the last verification that found the journal whole got to, so that
-- the next one can continue from there instead of reading the whole history
-- again (ledger.VerifiedCheckpoint, Service.Verify with Incremental): the
-- journal's sequence number and hash it reached, when it ran, whether it
-- read everything, and every account's running balance at that transaction
-- (verified_balances), from which the next run carries on.
--
-- This is a convenience, not a witness: anyone who can write the file can
-- change these rows as they can change any other. A verification that
-- continues from here first checks that the journal still holds this hash
-- at this place; a full verification (ontschot verify --full) never reads
-- these rows at all. A run that finds the journal does not fit deletes
-- them, so the next run is a full one. Nothing here is ledger data: a copy
-- of the ledger leaves these tables behind (sqlengine.NotCopied).
CREATE TABLE verified_checkpoint (
	id            INTEGER PRIMARY KEY CHECK (id = 1),
	seq           INTEGER NOT NULL CHECK (seq >= 0),
	hash          TEXT NOT NULL,
	full_run      INTEGER NOT NULL,
	started_at    TEXT NOT NULL,
	finished_at   TEXT NOT NULL,
	last_full_seq INTEGER NOT NULL,
	last_full_at  TEXT
) STRICT;

CREATE TABLE verified_balances (
	account TEXT PRIMARY KEY,
	balance INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
