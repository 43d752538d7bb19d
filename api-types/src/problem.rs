//! RFC 9457 problem details, the body of every error answer.

use serde::{Deserialize, Serialize};

wire_enum!(
    /// Every `code` an error answer can carry: clients branch on it (docs/API-CONVENTIONS.md says
    /// when each is given), never on `title` or `detail`.
    ErrorCode {
        ValidationFailed = "validation_failed",
        MalformedJson = "malformed_json",
        BadBody = "bad_body",
        BadMultipart = "bad_multipart",
        BadRequest = "bad_request",
        InvalidPath = "invalid_path",
        Unauthenticated = "unauthenticated",
        InvalidToken = "invalid_token",
        TokenExpired = "token_expired",
        InvalidCredentials = "invalid_credentials",
        InvalidRefreshToken = "invalid_refresh_token",
        RefreshTokenReused = "refresh_token_reused",
        Forbidden = "forbidden",
        InsufficientScope = "insufficient_scope",
        NotFound = "not_found",
        InvalidLink = "invalid_link",
        MethodNotAllowed = "method_not_allowed",
        EmailTaken = "email_taken",
        CodeTaken = "code_taken",
        NameTaken = "name_taken",
        HolidayExists = "holiday_exists",
        AlreadyDisposed = "already_disposed",
        AlreadySupported = "already_supported",
        AlreadyExists = "already_exists",
        AlreadyExtended = "already_extended",
        RotationPending = "rotation_pending",
        BuiltIn = "built_in",
        ConcurrentUpdate = "concurrent_update",
        IllegalTransition = "illegal_transition",
        VersionConflict = "version_conflict",
        NotVerified = "not_verified",
        ParentNotAccepted = "parent_not_accepted",
        ReportClosed = "report_closed",
        AttachmentQuota = "attachment_quota",
        IdempotencyKeyReused = "idempotency_key_reused",
        InvalidIdempotencyKey = "invalid_idempotency_key",
        InvalidIfMatch = "invalid_if_match",
        PayloadTooLarge = "payload_too_large",
        UnsupportedMediaType = "unsupported_media_type",
        RateLimited = "rate_limited",
        InternalError = "internal_error",
        DatabaseUnavailable = "database_unavailable",
        NoEmail = "no_email",
        Busy = "busy",
    }
);

/// An error answer (`application/problem+json`). `code` is stable and machine-readable; `title`
/// and `detail` are for people and may change.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Problem {
    /// A URI naming the problem type; `about:blank` for plain HTTP errors.
    #[serde(rename = "type")]
    pub type_: String,
    pub title: String,
    pub status: u16,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    pub code: ErrorCode,
    /// The request id also written to the server log, to quote when reporting a fault.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// For `illegal_transition`: the status the report (or disposition) is in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_status: Option<String>,
    /// Per-field problems, for `validation_failed`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

/// One problem with one field of the request.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// The field's path in the request, e.g. `email` or `parent_id`.
    pub field: String,
    /// Stable snake_case code, e.g. `required`, `length`, `email`, `unknown`, `invalid`.
    pub code: String,
    pub message: String,
    /// The rule's bounds, for `length` (characters) and `range`: what a client needs to say the
    /// rule in its own words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<i64>,
}
