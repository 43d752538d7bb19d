//! Registration, sign-in and session tokens.

use serde::{Deserialize, Serialize};
use validator::Validate;

/// A citizen creating an account (role `reporter`).
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RegisterRequest {
    #[validate(
        length(min = 2, max = 120),
        custom(function = "crate::users::not_blank")
    )]
    pub name: String,
    #[validate(email, length(max = 254))]
    pub email: String,
    #[validate(custom(function = "crate::users::validate_phone"))]
    #[serde(default)]
    pub phone: Option<String>,
    #[validate(
        length(min = 8, max = 128),
        custom(function = "crate::users::validate_password")
    )]
    pub password: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    #[validate(length(min = 1, max = 254))]
    pub email: String,
    #[validate(length(min = 1, max = 128))]
    pub password: String,
}

/// Body of `POST /me/password`: the current password, and the new one (8–128 characters).
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PasswordChange {
    #[validate(length(min = 1, max = 128))]
    pub current_password: String,
    #[validate(
        length(min = 8, max = 128),
        custom(function = "crate::users::validate_password")
    )]
    pub new_password: String,
}

/// Body of `POST /auth/refresh` and `POST /auth/logout`.
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    #[validate(length(min = 1, max = 200))]
    pub refresh_token: String,
}

/// A session: a short-lived access token (a JWT, sent as `Authorization: Bearer …`) and a
/// refresh token that can be exchanged once for a new pair.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenResponse {
    pub access_token: String,
    pub refresh_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Lifetime of the access token in seconds.
    pub expires_in: i64,
}

/// The answer (202) when lapor has emailed a link: to confirm a registration, or to choose a
/// new password. It is the same whether or not the address has an account.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EmailSent {
    pub sent_to: String,
}

/// Body of `POST /auth/register/confirm`: the emailed link's token and the password chosen when
/// registering (so that the link alone, or the password alone, creates no account).
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ConfirmRegistration {
    #[validate(length(min = 1, max = 200))]
    pub token: String,
    #[validate(length(min = 1, max = 128))]
    pub password: String,
}

/// Body of `POST /auth/password-reset`: the account's email.
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PasswordResetRequest {
    #[validate(email, length(max = 254))]
    pub email: String,
}

/// Body of `POST /auth/password-reset/confirm`: the emailed link's token and the new password.
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PasswordReset {
    #[validate(length(min = 1, max = 200))]
    pub token: String,
    #[validate(
        length(min = 8, max = 128),
        custom(function = "crate::users::validate_password")
    )]
    pub new_password: String,
}
