CREATE TABLE reports (
    id BIGSERIAL PRIMARY KEY,
    tracking_id TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    incident_date DATE NOT NULL,
    region_code TEXT NOT NULL REFERENCES regions (code),
    address TEXT NOT NULL,
    latitude DOUBLE PRECISION,
    longitude DOUBLE PRECISION,
    category_id BIGINT REFERENCES categories (id),
    -- the institution responsible: the one the reporter named, else the category's default;
    -- NULL leaves it to the coordinators of the root institutions
    institution_id BIGINT REFERENCES institutions (id),
    reporter_id BIGINT NOT NULL REFERENCES users (id),
    anonymous BOOLEAN NOT NULL,
    confidential BOOLEAN NOT NULL,
    channel TEXT NOT NULL,
    status TEXT NOT NULL,
    version INTEGER NOT NULL,
    verified_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX reports_reporter_id ON reports (reporter_id, id);
CREATE INDEX reports_institution_id ON reports (institution_id, id);
CREATE INDEX reports_status ON reports (status, id);
CREATE INDEX reports_category_id ON reports (category_id, id);
CREATE INDEX reports_created_at ON reports (created_at);
-- region filters are code prefixes (LIKE '36.03.%')
CREATE INDEX reports_region_code ON reports (region_code text_pattern_ops);

-- Append-only timeline, written in the same transaction as the change it records.
CREATE TABLE report_events (
    id BIGSERIAL PRIMARY KEY,
    report_id BIGINT NOT NULL REFERENCES reports (id),
    actor_id BIGINT REFERENCES users (id),
    action TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT,
    details TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX report_events_report_id ON report_events (report_id, id);

-- Idempotency-Key of creates: the same key and body answer the first result again.
CREATE TABLE idempotency_keys (
    user_id BIGINT NOT NULL REFERENCES users (id),
    key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    resource_id BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, key)
);
