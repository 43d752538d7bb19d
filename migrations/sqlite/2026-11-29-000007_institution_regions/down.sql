DROP INDEX institutions_region_code;
ALTER TABLE institutions DROP COLUMN region_code;
