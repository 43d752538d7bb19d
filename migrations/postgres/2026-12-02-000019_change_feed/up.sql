-- The change feed's position (docs/INTEGRATION.md): each event records the transaction that
-- wrote it, and the feed serves (xid, id) order only below the oldest transaction still
-- running, so an event committed late can never land behind a reader's cursor. Existing events
-- all take this migration's transaction, in id order.
ALTER TABLE report_events
    ADD COLUMN xid BIGINT NOT NULL DEFAULT (pg_current_xact_id()::text::bigint);
CREATE INDEX report_events_position ON report_events (xid, id);
-- The report's version once the change was written (the feed's `version`); null for events
-- written before this column.
ALTER TABLE report_events ADD COLUMN version INTEGER;
