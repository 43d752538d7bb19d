-- Files of a report. The file lives under LAPOR_ATTACHMENTS_DIR as `storage_name` (generated);
-- `content_type` comes from the file's bytes, not from the client.
CREATE TABLE attachments (
    id BIGSERIAL PRIMARY KEY,
    report_id BIGINT NOT NULL REFERENCES reports (id),
    uploader_id BIGINT NOT NULL REFERENCES users (id),
    storage_name TEXT NOT NULL UNIQUE,
    original_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX attachments_report_id ON attachments (report_id, id);
