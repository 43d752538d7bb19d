-- The rollups' figures now keep how many submitted reports are verified and wait for their
-- disposition (`awaiting_disposition`); rows counted before lack it. Forget them: the job
-- runner's next round counts every month again (a scope without its row is not built, and
-- summaries count from the reports until it is).
DELETE FROM stats_rollup;
DELETE FROM stats_rollup_scopes;
