-- The SLA policy: the national defaults (built in: editable, not deletable), overridden per kind,
-- category and institution; the most specific rule wins.
CREATE TABLE sla_policies (
    id BIGSERIAL PRIMARY KEY,
    stage TEXT NOT NULL,
    kind TEXT,
    category_id BIGINT REFERENCES categories (id) ON DELETE CASCADE,
    institution_id BIGINT REFERENCES institutions (id) ON DELETE CASCADE,
    amount INTEGER NOT NULL CHECK (amount > 0),
    unit TEXT NOT NULL,
    built_in BOOLEAN NOT NULL DEFAULT FALSE,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX sla_policies_scope
    ON sla_policies (stage, COALESCE(kind, ''), COALESCE(category_id, 0), COALESCE(institution_id, 0));
INSERT INTO sla_policies (stage, kind, amount, unit, built_in, updated_at) VALUES
    ('verify', NULL, 3, 'working_days', TRUE, CURRENT_TIMESTAMP),
    ('first_response', NULL, 5, 'working_days', TRUE, CURRENT_TIMESTAMP),
    ('resolve', 'complaint', 14, 'working_days', TRUE, CURRENT_TIMESTAMP),
    ('resolve', 'aspiration', 5, 'working_days', TRUE, CURRENT_TIMESTAMP),
    ('resolve', 'information_request', 5, 'working_days', TRUE, CURRENT_TIMESTAMP),
    ('investigation', NULL, 60, 'working_days', TRUE, CURRENT_TIMESTAMP),
    ('feedback', NULL, 10, 'working_days', TRUE, CURRENT_TIMESTAMP);

ALTER TABLE reports ADD COLUMN needs_investigation BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE reports ADD COLUMN dispatched_at TIMESTAMP;
ALTER TABLE reports ADD COLUMN overdue_at TIMESTAMP;
CREATE INDEX reports_feedback_due_at ON reports (status, feedback_due_at);
ALTER TABLE dispositions ADD COLUMN responded_at TIMESTAMP;
ALTER TABLE dispositions ADD COLUMN overdue_at TIMESTAMP;
ALTER TABLE dispositions ADD COLUMN extended_at TIMESTAMP;
ALTER TABLE dispositions ADD COLUMN extension_reason TEXT;
CREATE INDEX dispositions_response_due_at ON dispositions (status, response_due_at);

-- What the SLA sweep has done: one row per report (and disposition), stage and level, so a
-- second run, or a second replica, does nothing again.
CREATE TABLE deadline_alerts (
    id BIGSERIAL PRIMARY KEY,
    report_id BIGINT NOT NULL REFERENCES reports (id),
    disposition_id BIGINT REFERENCES dispositions (id),
    stage TEXT NOT NULL,
    level TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX deadline_alerts_once
    ON deadline_alerts (report_id, COALESCE(disposition_id, 0), stage, level);

CREATE TABLE notifications (
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id),
    report_id BIGINT REFERENCES reports (id),
    kind TEXT NOT NULL,
    details TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    read_at TIMESTAMP
);
CREATE INDEX notifications_user ON notifications (user_id, id);
CREATE INDEX notifications_unread ON notifications (user_id, read_at);

-- Email waits here, written in the transaction of what it tells, until the job runner has
-- handed it to the SMTP server.
CREATE TABLE outbox_emails (
    id BIGSERIAL PRIMARY KEY,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP NOT NULL,
    sent_at TIMESTAMP,
    last_error TEXT
);
CREATE INDEX outbox_emails_due ON outbox_emails (sent_at, next_attempt_at);
