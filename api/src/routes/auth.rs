use crate::auth::{Viewer, password, tokens};
use crate::error::ApiError;
use crate::limits::{ClientAddr, Limit};
use crate::routes::extract::ValidJson;
use crate::state::AppState;
use crate::store::{self, refresh_tokens, sessions, users};
use crate::workflow::accounts::{
    Lifetimes, bad_credentials, begin_session, issue_refresh_token, replace_password,
    token_response,
};
use actix_web::{HttpResponse, delete, get, post, web};
use lapor_types::auth::{LoginRequest, PasswordChange, RefreshRequest, TokenResponse};
use lapor_types::problem::ErrorCode;
use lapor_types::users::User;

/// Signs in with email and password.
#[utoipa::path(
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in", body = TokenResponse),
        (status = 400, description = "Malformed JSON"),
        (status = 401, description = "Wrong email or password, or a deactivated account (`invalid_credentials`)"),
        (status = 422, description = "Invalid fields"),
        (status = 429, description = "Too many failed sign-ins to this account from this address, or from this address at all (`rate_limited`, with `Retry-After`)"),
        (status = 503, description = "Too many password checks at once (`busy`, with `Retry-After`)"),
    )
)]
#[post("/auth/login")]
pub async fn login(
    state: web::Data<AppState>,
    addr: ClientAddr,
    ValidJson(body): ValidJson<LoginRequest>,
) -> Result<web::Json<TokenResponse>, ApiError> {
    // Failures count per address and per account and address, so a stranger slows down
    // guessing without locking the owner out; a sign-in that succeeds counts nothing.
    // The address as the account lookup reads it, so padding or case make no new counter.
    let account = format!("{}|{}", users::normalize_email(&body.email), addr.0);
    let from_address = state.limits.take(Limit::SignInAddress, &addr.0).await?;
    let to_account = match state.limits.take(Limit::SignIn, &account).await {
        Ok(taken) => taken,
        Err(e) => {
            state.limits.give_back(from_address).await;
            return Err(e);
        }
    };
    let email = body.email.clone();
    let checked = async {
        let user = state
            .db(move |conn| Ok(users::by_email(conn, &email)?))
            .await?;
        state
            .hashing(move || match user {
                Some(user)
                    if password::verify(&body.password, &user.password_hash) && user.active =>
                {
                    Some(user)
                }
                Some(_) => None,
                None => {
                    password::burn_time(&body.password);
                    None
                }
            })
            .await
    }
    .await;
    let user = match checked {
        Ok(Some(user)) => {
            state.limits.give_back(from_address).await;
            state.limits.give_back(to_account).await;
            state.limits.clear(Limit::SignIn, &account).await;
            user
        }
        Ok(None) => return Err(bad_credentials()),
        // Not checked (busy, the database away): not a failure of the caller's.
        Err(e) => {
            state.limits.give_back(from_address).await;
            state.limits.give_back(to_account).await;
            return Err(e);
        }
    };
    let lifetimes = Lifetimes::of(&state);
    let session = state
        .tx(move |conn| begin_session(conn, user.id, lifetimes))
        .await?;
    Ok(web::Json(token_response(&state, user.id, session)?))
}

fn invalid_refresh() -> ApiError {
    ApiError::unauthorized(
        ErrorCode::InvalidRefreshToken,
        "the refresh token is unknown, expired or revoked; sign in again",
    )
}

enum Refreshed {
    Rotated {
        user_id: i64,
        session: (String, String),
    },
    /// A spent token came back: its family was revoked (and that must be committed).
    Reused,
}

/// Exchanges a refresh token for a new pair. Each refresh token works once: presenting a spent
/// one ends the whole sign-in. No refresh goes past the session's maximum age.
#[utoipa::path(
    tag = "auth",
    request_body = RefreshRequest,
    responses(
        (status = 200, description = "A new access and refresh token", body = TokenResponse),
        (status = 400, description = "Malformed JSON"),
        (status = 401, description = "Unknown, expired or revoked token (`invalid_refresh_token`), or a spent one (`refresh_token_reused`)"),
        (status = 422, description = "Invalid fields"),
        (status = 429, description = "Too many refreshes from this address (`rate_limited`, with `Retry-After`)"),
    )
)]
#[post("/auth/refresh")]
pub async fn refresh(
    state: web::Data<AppState>,
    addr: ClientAddr,
    ValidJson(body): ValidJson<RefreshRequest>,
) -> Result<web::Json<TokenResponse>, ApiError> {
    let _counted = state.limits.take(Limit::Refresh, &addr.0).await?;
    let lifetimes = Lifetimes::of(&state);
    let outcome = state
        .tx(move |conn| {
            let hash = tokens::hash_secret(&body.refresh_token);
            let row = refresh_tokens::by_hash(conn, &hash)?.ok_or_else(invalid_refresh)?;
            let now = store::now();
            if row.revoked_at.is_some() || (row.used_at.is_none() && row.expires_at <= now) {
                return Err(invalid_refresh());
            }
            // `spend` is a conditional update, so of two concurrent uses exactly one wins.
            if row.used_at.is_some() || !refresh_tokens::spend(conn, row.id, now)? {
                sessions::end(conn, &row.family, now)?;
                return Ok(Refreshed::Reused);
            }
            let since = now - lifetimes.session;
            let started = sessions::live_since(conn, &row.family, row.user_id, since)?
                .ok_or_else(invalid_refresh)?;
            if !users::get(conn, row.user_id)?.active {
                return Err(invalid_refresh());
            }
            let token = issue_refresh_token(conn, row.user_id, &row.family, started, lifetimes)?;
            Ok(Refreshed::Rotated {
                user_id: row.user_id,
                session: (row.family, token),
            })
        })
        .await?;
    match outcome {
        Refreshed::Rotated { user_id, session } => {
            Ok(web::Json(token_response(&state, user_id, session)?))
        }
        Refreshed::Reused => Err(ApiError::unauthorized(
            ErrorCode::RefreshTokenReused,
            "this refresh token was already used; every session of this sign-in is now revoked",
        )),
    }
}

/// Signs out: ends the sign-in of the refresh token, its refresh and access tokens at once.
#[utoipa::path(
    tag = "auth",
    request_body = RefreshRequest,
    responses(
        (status = 204, description = "Signed out (also when the token was already invalid)"),
        (status = 400, description = "Malformed JSON"),
        (status = 422, description = "Invalid fields"),
    )
)]
#[post("/auth/logout")]
pub async fn logout(
    state: web::Data<AppState>,
    ValidJson(body): ValidJson<RefreshRequest>,
) -> Result<HttpResponse, ApiError> {
    state
        .tx(move |conn| {
            let hash = tokens::hash_secret(&body.refresh_token);
            if let Some(row) = refresh_tokens::by_hash(conn, &hash)? {
                sessions::end(conn, &row.family, store::now())?;
            }
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The signed-in account.
#[utoipa::path(
    tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The caller's account", body = User),
        (status = 401, description = "Missing, invalid or expired access token"),
    )
)]
#[get("/me")]
pub async fn me(state: web::Data<AppState>, viewer: Viewer) -> Result<web::Json<User>, ApiError> {
    let user = state
        .db(move |conn| Ok(users::get(conn, viewer.id)?))
        .await?;
    Ok(web::Json(user.to_wire()))
}

/// Changes the caller's own password, given the current one, and ends every session of the
/// account, this one included: sign in again with the new password.
#[utoipa::path(
    tag = "auth",
    security(("bearer" = [])),
    request_body = PasswordChange,
    responses(
        (status = 204, description = "Changed; every session has ended"),
        (status = 400, description = "Malformed JSON"),
        (status = 401, description = "Not signed in, or a wrong current password (`invalid_credentials`)"),
        (status = 422, description = "Invalid fields (a new password of 8–128 characters)"),
        (status = 503, description = "Too many password checks at once (`busy`, with `Retry-After`)"),
    )
)]
#[post("/me/password")]
pub async fn change_password(
    state: web::Data<AppState>,
    viewer: Viewer,
    ValidJson(body): ValidJson<PasswordChange>,
) -> Result<HttpResponse, ApiError> {
    let user = state
        .db(move |conn| Ok(users::get(conn, viewer.id)?))
        .await?;
    let hash = state
        .hashing(move || {
            password::verify(&body.current_password, &user.password_hash)
                .then(|| password::hash(&body.new_password))
        })
        .await?
        .ok_or_else(bad_credentials)?
        .map_err(ApiError::internal)?;
    state
        .tx(move |conn| replace_password(conn, viewer.id, hash))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Signs the caller out everywhere: every session of the account ends, this one included.
#[utoipa::path(
    tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Every session has ended"),
        (status = 401, description = "Not signed in"),
    )
)]
#[delete("/me/sessions")]
pub async fn end_sessions(
    state: web::Data<AppState>,
    viewer: Viewer,
) -> Result<HttpResponse, ApiError> {
    state
        .tx(move |conn| Ok(sessions::end_all(conn, viewer.id, store::now())?))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
