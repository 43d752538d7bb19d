DROP INDEX reports_search;
