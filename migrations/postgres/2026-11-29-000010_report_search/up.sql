-- Full-text search over title and body: the `simple` configuration (lower-cases, no stemming,
-- no stop words), which suits Indonesian better than any stemmer PostgreSQL ships.
CREATE INDEX reports_search ON reports USING GIN (to_tsvector('simple', title || ' ' || body));
