DROP TABLE rate_limits;
DROP INDEX attachments_uploader;
