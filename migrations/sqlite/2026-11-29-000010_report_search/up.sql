-- Full-text search over title and body: an FTS5 index over the reports table, kept in step by
-- triggers. unicode61 folds case; accents are kept, as PostgreSQL's `simple` configuration keeps
-- them.
CREATE VIRTUAL TABLE reports_search USING fts5(
    title, body, content = 'reports', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 0'
);
INSERT INTO reports_search (reports_search) VALUES ('rebuild');
CREATE TRIGGER reports_search_insert AFTER INSERT ON reports BEGIN
    INSERT INTO reports_search (rowid, title, body) VALUES (new.id, new.title, new.body);
END;
CREATE TRIGGER reports_search_delete AFTER DELETE ON reports BEGIN
    INSERT INTO reports_search (reports_search, rowid, title, body)
        VALUES ('delete', old.id, old.title, old.body);
END;
CREATE TRIGGER reports_search_update AFTER UPDATE OF title, body ON reports BEGIN
    INSERT INTO reports_search (reports_search, rowid, title, body)
        VALUES ('delete', old.id, old.title, old.body);
    INSERT INTO reports_search (rowid, title, body) VALUES (new.id, new.title, new.body);
END;
