DROP INDEX report_events_created_at;
DROP TABLE stats_rollup_scopes;
DROP TABLE stats_rollup;
