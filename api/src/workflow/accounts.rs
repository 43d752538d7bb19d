//! Accounts and sessions: creating an account, hashing and replacing a password, starting a
//! session and answering its tokens — for sign-in, registration and account management alike.

use crate::auth::{password, tokens};
use crate::db::DbConn;
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::{self, refresh_tokens, sessions, users};
use lapor_types::auth::TokenResponse;
use lapor_types::problem::ErrorCode;

/// argon2id on the hashers (tens of milliseconds and 19 MiB each, on purpose).
pub async fn hash_password(state: &AppState, password: String) -> Result<String, ApiError> {
    state
        .hashing(move || password::hash(&password))
        .await?
        .map_err(ApiError::internal)
}

/// Inserts an account unless its email is taken (409 `email_taken`).
pub fn create_account(
    conn: &mut DbConn,
    row: &users::NewUserRow,
) -> Result<users::UserRow, ApiError> {
    if users::email_taken(conn, row.email)? {
        return Err(ApiError::conflict(
            ErrorCode::EmailTaken,
            "an account with this email already exists",
        ));
    }
    Ok(users::insert(conn, row)?)
}

pub fn bad_credentials() -> ApiError {
    ApiError::unauthorized(ErrorCode::InvalidCredentials, "wrong email or password")
}

/// Starts a session of `user_id`: its id and first refresh token.
pub fn begin_session(
    conn: &mut DbConn,
    user_id: i64,
    lifetimes: Lifetimes,
) -> Result<(String, String), ApiError> {
    let id = uuid::Uuid::new_v4().to_string();
    let now = store::now();
    sessions::start(conn, &id, user_id, now)?;
    let token = issue_refresh_token(conn, user_id, &id, now, lifetimes)?;
    Ok((id, token))
}

/// How long refresh tokens and sessions live (`LAPOR_REFRESH_TOKEN_TTL`,
/// `LAPOR_SESSION_MAX_AGE`).
#[derive(Clone, Copy)]
pub struct Lifetimes {
    refresh: chrono::Duration,
    pub session: chrono::Duration,
}

impl Lifetimes {
    pub fn of(state: &AppState) -> Lifetimes {
        Lifetimes {
            refresh: chrono::Duration::seconds(state.config.refresh_token_ttl_secs),
            session: chrono::Duration::seconds(state.config.session_max_age_secs),
        }
    }
}

/// Stores a new refresh token of a session, expiring after the refresh lifetime but never
/// after the session's own end (`LAPOR_SESSION_MAX_AGE` after it started).
pub fn issue_refresh_token(
    conn: &mut DbConn,
    user_id: i64,
    session: &str,
    started_at: chrono::NaiveDateTime,
    lifetimes: Lifetimes,
) -> Result<String, ApiError> {
    let token = tokens::new_secret();
    let expires = (store::now() + lifetimes.refresh).min(started_at + lifetimes.session);
    refresh_tokens::insert(
        conn,
        user_id,
        session,
        &tokens::hash_secret(&token),
        expires,
    )?;
    Ok(token)
}

pub fn token_response(
    state: &AppState,
    user_id: i64,
    (session, refresh_token): (String, String),
) -> Result<TokenResponse, ApiError> {
    Ok(TokenResponse {
        access_token: state.jwt.issue(user_id, &session)?,
        refresh_token,
        token_type: "Bearer".into(),
        expires_in: state.jwt.access_ttl_secs,
    })
}

/// Sets an account's new password (hashed) and ends every session of it.
pub fn replace_password(conn: &mut DbConn, user_id: i64, hash: String) -> Result<(), ApiError> {
    let now = store::now();
    let changes = users::UserChanges {
        password_hash: Some(hash),
        updated_at: Some(now),
        ..Default::default()
    };
    users::update(conn, user_id, &changes)?;
    Ok(sessions::end_all(conn, user_id, now)?)
}
