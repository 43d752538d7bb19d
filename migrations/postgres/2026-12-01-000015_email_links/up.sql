-- Registrations waiting for their email to be confirmed (when lapor sends email): the account
-- is created only by whoever holds both the emailed link and the password chosen here.
CREATE TABLE registrations (
    token_hash TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    phone TEXT,
    password_hash TEXT NOT NULL,
    expires_at TIMESTAMP NOT NULL
);

-- Emailed links to choose a new password; each works once.
CREATE TABLE password_resets (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX password_resets_user_id ON password_resets (user_id);
