-- PostgreSQL stores its search vector (same migration there); FTS5 (migration 10) already keeps
-- its own index: nothing to do here.
SELECT 1;
