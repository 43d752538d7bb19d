ALTER TABLE reports DROP COLUMN verify_due_at;
