//! Becoming a citizen of lapor, and getting back in: registration (confirmed by email when
//! lapor sends email) and a new password by an emailed link. Answers never tell whether an
//! address has an account (docs/SECURITY.md, "Accounts and sessions").

use crate::auth::tokens;
use crate::error::ApiError;
use crate::limits::{ClientAddr, Limit};
use crate::routes::created;
use crate::routes::extract::ValidJson;
use crate::state::AppState;
use crate::store::email_links::{self, Registration};
use crate::store::{self, outbox, users};
use crate::workflow::accounts::{
    Lifetimes, bad_credentials, begin_session, create_account, hash_password, replace_password,
    token_response,
};
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, post, web};
use lapor_types::auth::{
    ConfirmRegistration, EmailSent, PasswordReset, PasswordResetRequest, RegisterRequest,
    TokenResponse,
};
use lapor_types::problem::ErrorCode;
use lapor_types::users::{Role, User};

/// How long an emailed link works.
const REGISTRATION_LINK_HOURS: i64 = 24;
const RESET_LINK_HOURS: i64 = 1;

/// Creates a citizen account (role `reporter`). When lapor sends email, the answer is 202
/// whether or not the address has an account: a new one gets a link to confirm
/// (`POST /auth/register/confirm`), the owner of an existing one a note that someone tried.
/// Without email the account is created at once (201) and a taken address answers 409.
#[utoipa::path(
    tag = "auth",
    request_body = RegisterRequest,
    responses(
        (status = 201, description = "Account created (lapor sends no email)", body = User),
        (status = 202, description = "A link was emailed to the address (lapor sends email)", body = EmailSent),
        (status = 400, description = "Malformed JSON"),
        (status = 409, description = "The email is already registered (`email_taken`; only when lapor sends no email)"),
        (status = 422, description = "Invalid fields"),
        (status = 429, description = "Too many registrations from this address (`rate_limited`, with `Retry-After`)"),
        (status = 503, description = "Too many password checks at once (`busy`, with `Retry-After`)"),
    )
)]
#[post("/auth/register")]
pub async fn register(
    state: web::Data<AppState>,
    addr: ClientAddr,
    ValidJson(body): ValidJson<RegisterRequest>,
) -> Result<HttpResponse, ApiError> {
    let _counted = state.limits.take(Limit::Register, &addr.0).await?;
    let hash = hash_password(&state, body.password.clone()).await?;
    if !state.site().email {
        let user = state
            .tx(move |conn| {
                create_citizen(conn, &body.name, &body.email, body.phone.as_deref(), &hash)
            })
            .await?;
        return Ok(created(&user));
    }
    let sent_to = body.email.clone();
    let email = users::normalize_email(&body.email);
    let send = mail_allowed(&state, &email).await;
    let site = state.config.public_url.clone();
    state
        .tx(move |conn| {
            let token = tokens::new_secret();
            let (subject, text) = if users::email_taken(conn, &email)? {
                (
                    "[LAPOR] Pendaftaran dengan alamat Anda / A registration with your address",
                    format!(
                        "Seseorang (mungkin Anda) mencoba mendaftar di LAPOR dengan alamat ini, \
                         padahal alamat ini sudah punya akun. Masuk di {site}/masuk, atau minta \
                         kata sandi baru di {site}/sandi.\n\n\
                         Someone (perhaps you) tried to register with this address, which \
                         already has an account. Sign in at {site}/masuk, or ask for a new \
                         password at {site}/sandi.\n"
                    ),
                )
            } else {
                email_links::insert_registration(
                    conn,
                    &Registration {
                        token_hash: tokens::hash_secret(&token),
                        name: body.name.trim().to_owned(),
                        email: email.clone(),
                        phone: body.phone,
                        password_hash: hash,
                        expires_at: store::now() + chrono::Duration::hours(REGISTRATION_LINK_HOURS),
                    },
                )?;
                (
                    "[LAPOR] Konfirmasi pendaftaran / Confirm your registration",
                    format!(
                        "Buka tautan ini dalam {REGISTRATION_LINK_HOURS} jam dan masukkan kata \
                         sandi yang Anda pilih saat mendaftar:\n{site}/daftar/konfirmasi#{token}\n\
                         Jika Anda tidak mendaftar, abaikan email ini.\n\n\
                         Open this link within {REGISTRATION_LINK_HOURS} hours and enter the \
                         password you chose when registering. If you did not register, ignore \
                         this email.\n"
                    ),
                )
            };
            if send {
                outbox::insert(conn, &email, subject, &text)?;
            }
            Ok(())
        })
        .await?;
    Ok(HttpResponse::Accepted().json(EmailSent { sent_to }))
}

/// A citizen's account (role `reporter`), unless the email is taken (409 `email_taken`).
fn create_citizen(
    conn: &mut crate::db::DbConn,
    name: &str,
    email: &str,
    phone: Option<&str>,
    password_hash: &str,
) -> Result<users::UserRow, ApiError> {
    create_account(
        conn,
        &users::NewUserRow {
            name,
            email,
            phone,
            password_hash,
            role: Role::Reporter.as_str(),
            institution_id: None,
        },
    )
}

/// Whether one more link may be emailed to `email` now (`LAPOR_LIMIT_MAIL`). Past the limit
/// nothing is sent, but the caller is answered the same, so the limit tells nothing either.
async fn mail_allowed(state: &AppState, email: &str) -> bool {
    state.limits.take(Limit::Mail, email).await.is_ok()
}

fn invalid_link() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        ErrorCode::InvalidLink,
        "this link is unknown, used or expired; ask for a new one",
    )
}

/// Confirms a registration with the emailed link's token and the password chosen when
/// registering; creates the account and signs in. The link alone creates nothing: someone who
/// registered another person's address cannot have them confirm an account whose password the
/// registrant knows.
#[utoipa::path(
    tag = "auth",
    request_body = ConfirmRegistration,
    responses(
        (status = 200, description = "Account created and signed in", body = TokenResponse),
        (status = 400, description = "Malformed JSON"),
        (status = 401, description = "Not the password chosen when registering (`invalid_credentials`)"),
        (status = 404, description = "Unknown, used or expired link (`invalid_link`)"),
        (status = 409, description = "The address got an account meanwhile (`email_taken`)"),
        (status = 422, description = "Invalid fields"),
        (status = 429, description = "Too many attempts from this address (`rate_limited`, with `Retry-After`)"),
        (status = 503, description = "Too many password checks at once (`busy`, with `Retry-After`)"),
    )
)]
#[post("/auth/register/confirm")]
pub async fn confirm_registration(
    state: web::Data<AppState>,
    addr: ClientAddr,
    ValidJson(body): ValidJson<ConfirmRegistration>,
) -> Result<web::Json<TokenResponse>, ApiError> {
    let _counted = state.limits.take(Limit::Register, &addr.0).await?;
    let token_hash = tokens::hash_secret(&body.token);
    let pending = state
        .db(move |conn| Ok(email_links::registration(conn, &token_hash, store::now())?))
        .await?
        .ok_or_else(invalid_link)?;
    let hash = pending.password_hash.clone();
    let matches = state
        .hashing(move || crate::auth::password::verify(&body.password, &hash))
        .await?;
    if !matches {
        return Err(bad_credentials());
    }
    let lifetimes = Lifetimes::of(&state);
    let (user_id, session) = state
        .tx(move |conn| {
            let user = create_citizen(
                conn,
                &pending.name,
                &pending.email,
                pending.phone.as_deref(),
                &pending.password_hash,
            )?;
            email_links::forget_registrations(conn, &pending.email)?;
            Ok((user.id, begin_session(conn, user.id, lifetimes)?))
        })
        .await?;
    Ok(web::Json(token_response(&state, user_id, session)?))
}

/// Emails a link to choose a new password (valid one hour), if the address has an active
/// account; the answer is the same either way.
#[utoipa::path(
    tag = "auth",
    request_body = PasswordResetRequest,
    responses(
        (status = 202, description = "If the address has an account, a link was emailed to it", body = EmailSent),
        (status = 400, description = "Malformed JSON"),
        (status = 422, description = "Invalid fields"),
        (status = 429, description = "Too many requests from this address (`rate_limited`, with `Retry-After`)"),
        (status = 503, description = "lapor sends no email here (`no_email`): an admin sets a new password"),
    )
)]
#[post("/auth/password-reset")]
pub async fn request_password_reset(
    state: web::Data<AppState>,
    addr: ClientAddr,
    ValidJson(body): ValidJson<PasswordResetRequest>,
) -> Result<HttpResponse, ApiError> {
    if !state.site().email {
        return Err(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            ErrorCode::NoEmail,
            "this server sends no email: ask an administrator to set a new password",
        ));
    }
    let _counted = state.limits.take(Limit::Register, &addr.0).await?;
    let sent_to = body.email.clone();
    let email = users::normalize_email(&body.email);
    let send = mail_allowed(&state, &email).await;
    let site = state.config.public_url.clone();
    state
        .tx(move |conn| {
            let Some(user) = users::by_email(conn, &email)?.filter(|u| u.active && send) else {
                return Ok(());
            };
            let token = tokens::new_secret();
            let expires = store::now() + chrono::Duration::hours(RESET_LINK_HOURS);
            email_links::insert_reset(conn, &tokens::hash_secret(&token), user.id, expires)?;
            let text = format!(
                "Buka tautan ini dalam satu jam untuk memilih kata sandi baru:\n\
                 {site}/sandi/baru#{token}\n\
                 Jika Anda tidak memintanya, abaikan email ini; kata sandi Anda tetap.\n\n\
                 Open this link within an hour to choose a new password. If you did not ask \
                 for it, ignore this email; your password stays as it is.\n"
            );
            outbox::insert(
                conn,
                &email,
                "[LAPOR] Kata sandi baru / A new password",
                &text,
            )?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::Accepted().json(EmailSent { sent_to }))
}

/// Sets a new password with an emailed link's token (each link works once) and ends every
/// session of the account.
#[utoipa::path(
    tag = "auth",
    request_body = PasswordReset,
    responses(
        (status = 204, description = "The password is changed; every session has ended"),
        (status = 400, description = "Malformed JSON"),
        (status = 404, description = "Unknown, used or expired link (`invalid_link`)"),
        (status = 422, description = "Invalid fields (a new password of 8–128 characters)"),
        (status = 429, description = "Too many attempts from this address (`rate_limited`, with `Retry-After`)"),
        (status = 503, description = "Too many password checks at once (`busy`, with `Retry-After`)"),
    )
)]
#[post("/auth/password-reset/confirm")]
pub async fn reset_password(
    state: web::Data<AppState>,
    addr: ClientAddr,
    ValidJson(body): ValidJson<PasswordReset>,
) -> Result<HttpResponse, ApiError> {
    let _counted = state.limits.take(Limit::Register, &addr.0).await?;
    let hash = hash_password(&state, body.new_password).await?;
    let token_hash = tokens::hash_secret(&body.token);
    state
        .tx(move |conn| {
            let user = email_links::spend_reset(conn, &token_hash, store::now())?
                .filter(|id| users::get(conn, *id).is_ok_and(|u| u.active))
                .ok_or_else(invalid_link)?;
            replace_password(conn, user, hash)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
