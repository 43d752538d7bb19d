use crate::auth::{Viewer, password, tokens};
use crate::db::DbConn;
use crate::error::ApiError;
use crate::routes::extract::ValidJson;
use crate::state::AppState;
use crate::store::{self, refresh_tokens, users};
use actix_web::{HttpResponse, get, post, web};
use lapor_types::auth::{LoginRequest, RefreshRequest, RegisterRequest, TokenResponse};
use lapor_types::users::{Role, User};

/// Creates a citizen account (role `reporter`). Sign in afterwards with `POST /auth/login`.
#[utoipa::path(
    tag = "auth",
    request_body = RegisterRequest,
    responses(
        (status = 201, description = "Account created", body = User),
        (status = 400, description = "Malformed JSON"),
        (status = 409, description = "The email is already registered (`email_taken`)"),
        (status = 422, description = "Invalid fields"),
    )
)]
#[post("/auth/register")]
pub async fn register(
    state: web::Data<AppState>,
    ValidJson(body): ValidJson<RegisterRequest>,
) -> Result<HttpResponse, ApiError> {
    let hash = hash_password(body.password.clone()).await?;
    let user = state
        .tx(move |conn| {
            create_account(
                conn,
                &users::NewUserRow {
                    name: &body.name,
                    email: &body.email,
                    phone: body.phone.as_deref(),
                    password_hash: &hash,
                    role: Role::Reporter.as_str(),
                    institution_id: None,
                },
            )
        })
        .await?;
    Ok(created(&user))
}

/// argon2id off the async threads (it takes tens of milliseconds on purpose).
pub async fn hash_password(password: String) -> Result<String, ApiError> {
    web::block(move || password::hash(&password))
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
            "email_taken",
            "an account with this email already exists",
        ));
    }
    Ok(users::insert(conn, row)?)
}

/// 201 with the account and its `Location`.
pub fn created(user: &users::UserRow) -> HttpResponse {
    HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/users/{}", user.id)))
        .json(user.to_wire())
}

fn bad_credentials() -> ApiError {
    ApiError::unauthorized("invalid_credentials", "wrong email or password")
}

/// Signs in with email and password.
#[utoipa::path(
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in", body = TokenResponse),
        (status = 400, description = "Malformed JSON"),
        (status = 401, description = "Wrong email or password, or a deactivated account (`invalid_credentials`)"),
        (status = 422, description = "Invalid fields"),
    )
)]
#[post("/auth/login")]
pub async fn login(
    state: web::Data<AppState>,
    ValidJson(body): ValidJson<LoginRequest>,
) -> Result<web::Json<TokenResponse>, ApiError> {
    let email = body.email.clone();
    let user = state
        .db(move |conn| Ok(users::by_email(conn, &email)?))
        .await?;
    let user = web::block(move || match user {
        Some(user) if password::verify(&body.password, &user.password_hash) && user.active => {
            Some(user)
        }
        Some(_) => None,
        None => {
            password::burn_time(&body.password);
            None
        }
    })
    .await?
    .ok_or_else(bad_credentials)?;
    let ttl = state.config.refresh_token_ttl_secs;
    let refresh_token = state
        .tx(move |conn| start_session(conn, user.id, None, ttl))
        .await?;
    Ok(web::Json(token_response(&state, user.id, refresh_token)?))
}

/// Stores a new refresh token (a new family for a new sign-in) and returns it.
fn start_session(
    conn: &mut DbConn,
    user_id: i64,
    family: Option<String>,
    ttl_secs: i64,
) -> Result<String, ApiError> {
    let token = tokens::new_refresh_token();
    let family = family.unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    let expires = store::now() + chrono::Duration::seconds(ttl_secs);
    refresh_tokens::insert(
        conn,
        user_id,
        &family,
        &tokens::hash_refresh_token(&token),
        expires,
    )?;
    Ok(token)
}

fn token_response(
    state: &AppState,
    user_id: i64,
    refresh_token: String,
) -> Result<TokenResponse, ApiError> {
    Ok(TokenResponse {
        access_token: state.jwt.issue(user_id)?,
        refresh_token,
        token_type: "Bearer".into(),
        expires_in: state.jwt.access_ttl_secs,
    })
}

fn invalid_refresh() -> ApiError {
    ApiError::unauthorized(
        "invalid_refresh_token",
        "the refresh token is unknown, expired or revoked; sign in again",
    )
}

enum Refreshed {
    Rotated {
        user_id: i64,
        token: String,
    },
    /// A spent token came back: its family was revoked (and that must be committed).
    Reused,
}

/// Exchanges a refresh token for a new pair. Each refresh token works once: presenting a spent
/// one signs out every session that descends from the same sign-in.
#[utoipa::path(
    tag = "auth",
    request_body = RefreshRequest,
    responses(
        (status = 200, description = "A new access and refresh token", body = TokenResponse),
        (status = 400, description = "Malformed JSON"),
        (status = 401, description = "Unknown, expired or revoked token (`invalid_refresh_token`), or a spent one (`refresh_token_reused`)"),
        (status = 422, description = "Invalid fields"),
    )
)]
#[post("/auth/refresh")]
pub async fn refresh(
    state: web::Data<AppState>,
    ValidJson(body): ValidJson<RefreshRequest>,
) -> Result<web::Json<TokenResponse>, ApiError> {
    let ttl = state.config.refresh_token_ttl_secs;
    let outcome = state
        .tx(move |conn| {
            let hash = tokens::hash_refresh_token(&body.refresh_token);
            let row = refresh_tokens::by_hash(conn, &hash)?.ok_or_else(invalid_refresh)?;
            let now = store::now();
            if row.revoked_at.is_some() || (row.used_at.is_none() && row.expires_at <= now) {
                return Err(invalid_refresh());
            }
            // `spend` is a conditional update, so of two concurrent uses exactly one wins.
            if row.used_at.is_some() || !refresh_tokens::spend(conn, row.id, now)? {
                refresh_tokens::revoke_family(conn, &row.family, now)?;
                return Ok(Refreshed::Reused);
            }
            if !users::get(conn, row.user_id)?.active {
                return Err(invalid_refresh());
            }
            let token = start_session(conn, row.user_id, Some(row.family), ttl)?;
            Ok(Refreshed::Rotated {
                user_id: row.user_id,
                token,
            })
        })
        .await?;
    match outcome {
        Refreshed::Rotated { user_id, token } => {
            Ok(web::Json(token_response(&state, user_id, token)?))
        }
        Refreshed::Reused => Err(ApiError::unauthorized(
            "refresh_token_reused",
            "this refresh token was already used; every session of this sign-in is now revoked",
        )),
    }
}

/// Signs out: revokes the refresh token and every token of its sign-in. Access tokens already
/// issued stay valid until they expire (minutes).
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
            let hash = tokens::hash_refresh_token(&body.refresh_token);
            if let Some(row) = refresh_tokens::by_hash(conn, &hash)? {
                refresh_tokens::revoke_family(conn, &row.family, store::now())?;
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
