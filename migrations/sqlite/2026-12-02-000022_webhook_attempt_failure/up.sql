-- Why an attempt failed, as a kind a person reads in their language (AttemptFailure);
-- `error` keeps the technical detail.
ALTER TABLE webhook_attempts ADD COLUMN failure TEXT;
