-- The area an institution serves (e.g. 36.03 for Pemerintah Kabupaten Tangerang): a report that
-- names no institution, and whose category has none, goes to the most specific active
-- institution whose area contains the report's region ("no wrong door").
ALTER TABLE institutions ADD COLUMN region_code TEXT REFERENCES regions (code);
CREATE INDEX institutions_region_code ON institutions (region_code);
