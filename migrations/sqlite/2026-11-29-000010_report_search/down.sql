DROP TRIGGER reports_search_update;
DROP TRIGGER reports_search_delete;
DROP TRIGGER reports_search_insert;
DROP TABLE reports_search;
