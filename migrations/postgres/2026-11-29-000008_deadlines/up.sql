-- Stage deadlines and stage times (UTC), set when a stage starts or ends.
ALTER TABLE reports ADD COLUMN verify_due_at TIMESTAMP;
ALTER TABLE reports ADD COLUMN held_at TIMESTAMP;
ALTER TABLE reports ADD COLUMN resolve_due_at TIMESTAMP;
ALTER TABLE reports ADD COLUMN first_response_at TIMESTAMP;
ALTER TABLE reports ADD COLUMN resolved_at TIMESTAMP;
ALTER TABLE reports ADD COLUMN feedback_due_at TIMESTAMP;
ALTER TABLE reports ADD COLUMN closed_at TIMESTAMP;
ALTER TABLE dispositions ADD COLUMN response_due_at TIMESTAMP;
CREATE INDEX reports_verify_due_at ON reports (status, verify_due_at);
CREATE INDEX reports_resolve_due_at ON reports (status, resolve_due_at);
