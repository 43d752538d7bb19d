ALTER TABLE webhook_attempts DROP COLUMN failure;
