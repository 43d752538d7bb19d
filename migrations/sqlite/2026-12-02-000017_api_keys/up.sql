-- API keys: an integrator's (or a staff account's) machine credential. Only the SHA-256 of the
-- secret is stored; `prefix` (its first 14 characters) names the key in lists and logs. Scopes
-- are space-separated (docs/INTEGRATION.md). A revoked key keeps its row, for the record.
CREATE TABLE api_keys (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    prefix TEXT NOT NULL,
    secret_hash TEXT NOT NULL UNIQUE,
    scopes TEXT NOT NULL,
    institution_id BIGINT REFERENCES institutions (id),
    expires_at TIMESTAMP,
    created_by BIGINT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP,
    revoked_at TIMESTAMP
);
CREATE INDEX api_keys_user_id ON api_keys (user_id);
