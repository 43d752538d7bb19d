-- A session is one sign-in: its refresh tokens share its id as their family, and its access
-- tokens carry the id (`sid`), so ending it (logout, a password change, deactivation) ends them
-- at once. A session also ends, whatever its refreshes, LAPOR_SESSION_MAX_AGE after it started.
CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    started_at TIMESTAMP NOT NULL,
    ended_at TIMESTAMP
);
CREATE INDEX sessions_user_id ON sessions (user_id);

-- The sign-ins of before keep working: one session per family still holding a live token.
INSERT INTO sessions (id, user_id, started_at)
SELECT family, MIN(user_id), MIN(created_at) FROM refresh_tokens
WHERE revoked_at IS NULL GROUP BY family;
