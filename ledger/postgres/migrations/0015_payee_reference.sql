-- As SQLite's migration 24: a payee's own reference for the payment, kept
-- and erased with the payee; every payee before it has none. A database
-- made by this release has it from migration 1, whose seed reads the
-- payees with the engine's current query.
ALTER TABLE payees ADD COLUMN IF NOT EXISTS reference TEXT COLLATE "C" NOT NULL DEFAULT '';
