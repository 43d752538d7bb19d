-- When the coordinator's verification and disposition are due (3 working days by default).
ALTER TABLE reports ADD COLUMN verify_due_at TIMESTAMP;
