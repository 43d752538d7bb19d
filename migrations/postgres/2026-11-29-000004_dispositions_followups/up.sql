CREATE TABLE dispositions (
    id BIGSERIAL PRIMARY KEY,
    report_id BIGINT NOT NULL REFERENCES reports (id),
    institution_id BIGINT NOT NULL REFERENCES institutions (id),
    parent_disposition_id BIGINT REFERENCES dispositions (id),
    instruction TEXT NOT NULL,
    due_at TIMESTAMP,
    status TEXT NOT NULL,
    decline_reason TEXT,
    resolution TEXT,
    created_by BIGINT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX dispositions_report_id ON dispositions (report_id);
CREATE INDEX dispositions_institution_status ON dispositions (institution_id, status, id);

CREATE TABLE followups (
    id BIGSERIAL PRIMARY KEY,
    report_id BIGINT NOT NULL REFERENCES reports (id),
    author_id BIGINT NOT NULL REFERENCES users (id),
    kind TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX followups_report_id ON followups (report_id, id);

CREATE TABLE report_feedback (
    id BIGSERIAL PRIMARY KEY,
    report_id BIGINT NOT NULL REFERENCES reports (id),
    verdict TEXT NOT NULL,
    rating INTEGER NOT NULL,
    comment TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX report_feedback_report_id ON report_feedback (report_id);
