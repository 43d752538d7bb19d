DROP TABLE national_sync_state;
DROP TABLE national_masters;
DROP TABLE national_links;
