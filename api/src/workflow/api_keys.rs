//! Creating API keys (docs/INTEGRATION.md): for an account that may hold one, within its
//! subtree, the secret shown once.

use crate::auth::extract::KEY_PREFIX;
use crate::auth::tokens::{hash_secret, new_secret};
use crate::db::DbConn;
use crate::domain::policy;
use crate::error::ApiError;
use crate::store::{self, api_keys, institutions, users};
use crate::workflow::reports::path_of;
use diesel::OptionalExtension;
use lapor_types::integration::{CreatedApiKey, NewApiKey};

/// How many characters of a secret name its key in lists and logs: `lapor_` and 8 more (48
/// random bits: enough to tell keys apart, far too few to guess the rest).
const SHOWN: usize = KEY_PREFIX.len() + 8;

/// The furthest an expiry may lie ahead.
const MAX_VALID_DAYS: i64 = 3653;

/// Creates a key for `body.user_id`, by the admin `created_by`.
pub fn create(
    conn: &mut DbConn,
    created_by: i64,
    body: &NewApiKey,
) -> Result<CreatedApiKey, ApiError> {
    let account = users::get(conn, body.user_id)
        .optional()?
        .ok_or_else(|| ApiError::field("user_id", "unknown", "no such account"))?;
    if !account.active || !policy::may_hold_key(account.role) {
        return Err(ApiError::field(
            "user_id",
            "not_allowed",
            "keys are for active integrator, supervisor, liaison and coordinator accounts",
        ));
    }
    if let Some(id) = body.institution_id {
        let key_path = institutions::get(conn, id)?
            .ok_or_else(|| ApiError::field("institution_id", "unknown", "no such institution"))?
            .path;
        let account_path = path_of(conn, account.institution_id)?;
        if !policy::may_limit_key(account_path.as_deref(), &key_path) {
            return Err(ApiError::field(
                "institution_id",
                "not_allowed",
                "a key is limited within its account's own institution",
            ));
        }
    }
    let (expires_at, now) = (body.expires_at.map(|t| t.naive_utc()), store::now());
    if expires_at.is_some_and(|t| t <= now) {
        return Err(ApiError::field(
            "expires_at",
            "past",
            "must be in the future",
        ));
    }
    // Beyond it a date stops comparing as a date on SQLite (year 10000 is stored `+10000-…`).
    if expires_at.is_some_and(|t| t > now + chrono::Duration::days(MAX_VALID_DAYS)) {
        return Err(ApiError::field(
            "expires_at",
            "too_far",
            "at most ten years ahead; leave it out for a key that works until revoked",
        ));
    }
    let secret = format!("{KEY_PREFIX}{}", new_secret());
    let row = api_keys::insert(
        conn,
        &api_keys::NewApiKeyRow {
            user_id: account.id,
            name: &body.name,
            prefix: &secret[..SHOWN],
            secret_hash: &hash_secret(&secret),
            scopes: &body.scopes,
            institution_id: body.institution_id,
            expires_at,
            created_by,
        },
    )?;
    Ok(CreatedApiKey {
        key: row.to_wire(),
        secret,
    })
}
