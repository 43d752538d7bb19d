-- Rate-limit counters (LAPOR_RATE_LIMIT_STORE=database): one fixed window per key.
CREATE TABLE rate_limits (
    key TEXT PRIMARY KEY,
    hits BIGINT NOT NULL,
    resets_at TIMESTAMP NOT NULL
);

-- What one account uploaded in the last day (LAPOR_LIMIT_UPLOAD_BYTES).
CREATE INDEX attachments_uploader ON attachments (uploader_id, created_at);
