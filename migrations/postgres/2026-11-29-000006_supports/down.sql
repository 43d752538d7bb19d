DROP INDEX reports_public;
DROP TABLE supports;
