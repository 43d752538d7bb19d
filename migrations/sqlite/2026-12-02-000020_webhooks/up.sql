-- Webhooks (docs/INTEGRATION.md): an endpoint follows the change feed from its own cursor
-- (cursor_xid, cursor_id) with its account's view; each change it wants becomes a delivery,
-- written in the same transaction that moves the cursor, so none is lost or made twice.
-- `kinds` is space-separated (empty: every kind). The secret signs deliveries, so it is kept
-- (never shown again after it is made); after a rotation the previous one signs too, for a day.
CREATE TABLE webhooks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    institution_id BIGINT REFERENCES institutions (id),
    url TEXT NOT NULL,
    kinds TEXT NOT NULL,
    active BOOLEAN NOT NULL,
    disabled_reason TEXT,
    secret TEXT NOT NULL,
    previous_secret TEXT,
    previous_secret_until TIMESTAMP,
    cursor_xid BIGINT NOT NULL,
    cursor_id BIGINT NOT NULL,
    failing_since TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX webhooks_user_id ON webhooks (user_id);

-- One change to send to one endpoint; pending while delivered_at is null.
CREATE TABLE webhook_deliveries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    webhook_id BIGINT NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    change_id BIGINT NOT NULL,
    report_id BIGINT NOT NULL,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    -- Failures without a Retry-After: the step of the retry schedule reached.
    backoff INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP NOT NULL,
    created_at TIMESTAMP NOT NULL,
    delivered_at TIMESTAMP,
    UNIQUE (webhook_id, change_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE delivered_at IS NULL;
-- Order per endpoint per report: a delivery waits while an earlier one of its report is pending.
CREATE INDEX webhook_deliveries_report ON webhook_deliveries (webhook_id, report_id, id) WHERE delivered_at IS NULL;
CREATE INDEX webhook_deliveries_listed ON webhook_deliveries (webhook_id, id);
CREATE INDEX webhook_deliveries_delivered ON webhook_deliveries (delivered_at);

-- Every attempt: the answer's status (none when there was no answer), how long it took, why it failed.
CREATE TABLE webhook_attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    delivery_id BIGINT NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
    attempted_at TIMESTAMP NOT NULL,
    status INTEGER,
    latency_ms INTEGER NOT NULL,
    error TEXT
);
CREATE INDEX webhook_attempts_delivery_id ON webhook_attempts (delivery_id, id);
