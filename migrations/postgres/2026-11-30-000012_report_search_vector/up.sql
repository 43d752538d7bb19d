-- The search vector stored, not computed per row: a newest-first search walks the reports by id
-- and tests each against the query, and recomputing `to_tsvector` for each made that 3× slower
-- (docs/PERFORMANCE.md). Rewrites the table once (about 80 s for a million reports).
ALTER TABLE reports ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (to_tsvector('simple', title || ' ' || body)) STORED;
CREATE INDEX reports_search_vector ON reports USING GIN (search_vector);
DROP INDEX reports_search;
