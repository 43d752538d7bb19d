//! RFC 9457 problem details, the body of every error answer.

use serde::{Deserialize, Serialize};

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
    /// Stable snake_case code, e.g. `validation_failed`, `invalid_token`, `not_found`.
    pub code: String,
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
}
