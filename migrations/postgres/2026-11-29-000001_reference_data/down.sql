DROP TABLE holidays;
DROP TABLE categories;
DROP TABLE regions;
DROP TABLE institutions;
