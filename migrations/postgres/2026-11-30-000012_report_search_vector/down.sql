CREATE INDEX reports_search ON reports USING GIN (to_tsvector('simple', title || ' ' || body));
DROP INDEX reports_search_vector;
ALTER TABLE reports DROP COLUMN search_vector;
