ALTER TABLE report_events DROP COLUMN version;
DROP INDEX report_events_position;
ALTER TABLE report_events DROP COLUMN xid;
