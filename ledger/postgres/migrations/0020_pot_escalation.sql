-- As SQLite's migration 29. A pot's escalation (issue 16): how many Dutch
-- working days a request may wait for its decision before the people who
-- may decide it are reminded (remind_after) and before it goes up the
-- pot's ladder (escalate_after). Every pot had the defaults, 2 and 5,
-- before they could be set.
ALTER TABLE pots ADD COLUMN IF NOT EXISTS remind_after INTEGER NOT NULL DEFAULT 2 CHECK (remind_after BETWEEN 1 AND 59);
ALTER TABLE pots ADD COLUMN IF NOT EXISTS escalate_after INTEGER NOT NULL DEFAULT 5 CHECK (escalate_after BETWEEN 2 AND 60 AND escalate_after > remind_after);
