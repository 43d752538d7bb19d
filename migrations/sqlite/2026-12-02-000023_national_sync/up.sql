-- Sync with the national SP4N-LAPOR! platform (docs/NATIONAL.md).

-- A report linked to a national complaint: imported from it ('imported') or sent up to it
-- ('sent_up').
-- The complaint id is unique: a complaint is one report, whatever the retries and replicas.
CREATE TABLE national_links (
    report_id BIGINT PRIMARY KEY REFERENCES reports (id),
    complaint_id BIGINT UNIQUE,
    origin TEXT NOT NULL,
    -- The national status last seen, and the highest national follow-up id taken into the
    -- report's timeline (each is taken once).
    status_name TEXT,
    followups_seen BIGINT NOT NULL DEFAULT 0,
    synced_at TIMESTAMP,
    -- Polling: the next check, and how many checks in a row found nothing new (the interval
    -- grows with it and starts again at the first news).
    next_check_at TIMESTAMP NOT NULL,
    quiet INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX national_links_next_check_at ON national_links (next_check_at);

-- The national institutions and follow-up templates, as last fetched.
CREATE TABLE national_masters (
    kind TEXT NOT NULL,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (kind, code)
);

-- One row: how sync last went, for the admins and the next round.
CREATE TABLE national_sync_state (
    id INTEGER PRIMARY KEY,
    last_success_at TIMESTAMP,
    last_error TEXT,
    last_error_at TIMESTAMP,
    masters_at TIMESTAMP
);
INSERT INTO national_sync_state (id) VALUES (1);
