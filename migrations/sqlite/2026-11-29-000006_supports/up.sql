-- "Dukung": one support per user and report.
CREATE TABLE supports (
    report_id BIGINT NOT NULL REFERENCES reports (id),
    user_id BIGINT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (report_id, user_id)
);
-- The public feed: verified, non-confidential reports, newest first.
CREATE INDEX reports_public ON reports (confidential, verified_at, id);
