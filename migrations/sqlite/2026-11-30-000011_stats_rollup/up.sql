-- Statistics rollups, kept by the job runner: per scope (`all`, or an institution path for a
-- coordinator's subtree), month of filing, kind and category, the figures of those reports as
-- JSON sums (`domain::stats::Figures`, and per unit `Units`) that add up across rows.
CREATE TABLE stats_rollup (
    scope TEXT NOT NULL,
    month DATE NOT NULL,
    kind TEXT NOT NULL,
    category TEXT NOT NULL,
    figures TEXT NOT NULL,
    units TEXT NOT NULL,
    PRIMARY KEY (scope, month, kind, category)
);

-- When each scope's rollup was last brought up to date, and how many rounds it has had (what
-- readers' caches check); a scope without a row is not built.
CREATE TABLE stats_rollup_scopes (
    scope TEXT PRIMARY KEY,
    refreshed_at TIMESTAMP NOT NULL,
    rounds BIGINT NOT NULL
);

-- The rollup finds what changed since its last round by the events.
CREATE INDEX report_events_created_at ON report_events (created_at);
