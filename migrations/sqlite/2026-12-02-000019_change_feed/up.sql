-- The change feed's position (docs/INTEGRATION.md). SQLite writers take turns (BEGIN
-- IMMEDIATE), so id order is commit order: xid stays 0 and the feed follows ids.
ALTER TABLE report_events ADD COLUMN xid BIGINT NOT NULL DEFAULT 0;
CREATE INDEX report_events_position ON report_events (xid, id);
-- The report's version once the change was written (the feed's `version`); null for events
-- written before this column.
ALTER TABLE report_events ADD COLUMN version INTEGER;
