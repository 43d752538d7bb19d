//! Every error answer is RFC 9457 `application/problem+json` with a stable `code`. Handlers return
//! `ApiError`; the request middleware (`routes::middleware`) adds the request id and logs faults.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use lapor_types::problem::{ErrorCode, FieldError, Problem};

pub const PROBLEM_JSON: &str = "application/problem+json";

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: ErrorCode,
    pub detail: Option<String>,
    pub errors: Vec<FieldError>,
    /// For `illegal_transition`: the status that forbade it.
    pub current_status: Option<&'static str>,
    /// What went wrong inside; logged with the request id, never sent.
    pub internal: Option<String>,
    /// Seconds to wait before trying again (`Retry-After`), for 429 and 503.
    pub retry_after: Option<u32>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: ErrorCode, detail: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code,
            detail: Some(detail.into()),
            errors: Vec::new(),
            current_status: None,
            internal: None,
            retry_after: None,
        }
    }

    pub fn bad_request(code: ErrorCode, detail: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, code, detail)
    }

    pub fn unauthorized(code: ErrorCode, detail: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::UNAUTHORIZED, code, detail)
    }

    pub fn forbidden(detail: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::FORBIDDEN, ErrorCode::Forbidden, detail)
    }

    pub fn not_found() -> ApiError {
        ApiError::new(
            StatusCode::NOT_FOUND,
            ErrorCode::NotFound,
            "no such resource",
        )
    }

    pub fn conflict(code: ErrorCode, detail: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::CONFLICT, code, detail)
    }

    /// 422 with per-field problems.
    pub fn validation(errors: Vec<FieldError>) -> ApiError {
        ApiError {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            code: ErrorCode::ValidationFailed,
            detail: Some("the request has invalid fields; see errors".into()),
            errors,
            current_status: None,
            internal: None,
            retry_after: None,
        }
    }

    /// 409 `illegal_transition`, naming the status that forbids the action.
    pub fn illegal_transition(current_status: &'static str, what: &str) -> ApiError {
        ApiError {
            current_status: Some(current_status),
            ..ApiError::conflict(
                ErrorCode::IllegalTransition,
                format!("the {what} is {current_status}; that cannot be done now"),
            )
        }
    }

    /// 422 for one field.
    pub fn field(field: &str, code: &str, message: impl Into<String>) -> ApiError {
        ApiError::validation(vec![FieldError {
            field: field.into(),
            code: code.into(),
            message: message.into(),
            min: None,
            max: None,
        }])
    }

    pub fn unavailable(internal: impl std::fmt::Display) -> ApiError {
        ApiError {
            internal: Some(internal.to_string()),
            ..ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                ErrorCode::DatabaseUnavailable,
                "the database cannot be reached; try again shortly",
            )
        }
    }

    /// 503 `busy`: more of this work at once than the server takes; `Retry-After` says when to
    /// come back.
    pub fn busy(retry_after: u32) -> ApiError {
        ApiError {
            retry_after: Some(retry_after),
            ..ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                ErrorCode::Busy,
                "the server is busy with many requests of this kind; try again shortly",
            )
        }
    }

    /// 429 `rate_limited`: too many of these from this client or account (docs/SECURITY.md,
    /// "Limits"); `Retry-After` says when the window ends.
    pub fn rate_limited(retry_after: u64) -> ApiError {
        ApiError {
            retry_after: Some(u32::try_from(retry_after.max(1)).unwrap_or(u32::MAX)),
            ..ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                ErrorCode::RateLimited,
                "too many attempts; wait for the time Retry-After gives, then try again",
            )
        }
    }

    pub fn internal(internal: impl std::fmt::Display) -> ApiError {
        ApiError {
            internal: Some(internal.to_string()),
            ..ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                ErrorCode::InternalError,
                "an unexpected error occurred; quote the request id when reporting it",
            )
        }
    }

    /// A problem for an error response actix produced itself (unknown method, …).
    pub fn from_status(status: StatusCode) -> ApiError {
        let code = match status {
            StatusCode::NOT_FOUND => ErrorCode::NotFound,
            StatusCode::METHOD_NOT_ALLOWED => ErrorCode::MethodNotAllowed,
            StatusCode::PAYLOAD_TOO_LARGE => ErrorCode::PayloadTooLarge,
            StatusCode::UNSUPPORTED_MEDIA_TYPE => ErrorCode::UnsupportedMediaType,
            StatusCode::UNAUTHORIZED => ErrorCode::Unauthenticated,
            StatusCode::FORBIDDEN => ErrorCode::Forbidden,
            s if s.is_server_error() => ErrorCode::InternalError,
            _ => ErrorCode::BadRequest,
        };
        ApiError {
            status,
            code,
            detail: None,
            errors: Vec::new(),
            current_status: None,
            internal: None,
            retry_after: None,
        }
    }

    pub fn problem(&self, request_id: Option<String>) -> Problem {
        Problem {
            type_: "about:blank".into(),
            title: self.status.canonical_reason().unwrap_or("Error").to_owned(),
            status: self.status.as_u16(),
            detail: self.detail.clone(),
            code: self.code,
            request_id,
            current_status: self.current_status.map(str::to_owned),
            errors: self.errors.clone(),
        }
    }

    pub fn response(&self, request_id: Option<String>) -> HttpResponse {
        let mut builder = HttpResponse::build(self.status);
        builder.content_type(PROBLEM_JSON);
        if self.status == StatusCode::UNAUTHORIZED {
            builder.insert_header(("WWW-Authenticate", "Bearer"));
        }
        if let Some(seconds) = self.retry_after {
            builder.insert_header(("Retry-After", seconds.to_string()));
        }
        builder.json(self.problem(request_id))
    }
}

impl std::error::Error for ApiError {}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.status.as_u16(), self.code)?;
        if let Some(internal) = &self.internal {
            write!(f, ": {internal}")?;
        }
        Ok(())
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    fn error_response(&self) -> HttpResponse {
        self.response(None)
    }
}

impl From<validator::ValidationErrors> for ApiError {
    fn from(errors: validator::ValidationErrors) -> ApiError {
        let mut fields = Vec::new();
        flatten(&errors, None, &mut fields);
        fields.sort_by(|a, b| a.field.cmp(&b.field));
        ApiError::validation(fields)
    }
}

/// The field errors of `errors`, nested objects' named `parent.field` (an object's own rule
/// by the parent's name), lists' `parent[i].field`.
fn flatten(errors: &validator::ValidationErrors, parent: Option<&str>, out: &mut Vec<FieldError>) {
    use validator::ValidationErrorsKind as Kind;
    for (field, kind) in errors.errors() {
        let name = match (parent, field.as_ref()) {
            (Some(parent), "__all__") => parent.to_owned(),
            (Some(parent), field) => format!("{parent}.{field}"),
            (None, field) => field.to_owned(),
        };
        match kind {
            Kind::Field(errs) => out.extend(errs.iter().map(|e| {
                FieldError {
                    field: name.clone(),
                    code: e.code.to_string(),
                    message: e
                        .message
                        .as_ref()
                        .map(|m| m.to_string())
                        .unwrap_or_else(|| describe(e)),
                    min: bound(e, "min"),
                    max: bound(e, "max"),
                }
            })),
            Kind::Struct(nested) => flatten(nested, Some(&name), out),
            Kind::List(items) => {
                for (i, nested) in items {
                    flatten(nested, Some(&format!("{name}[{i}]")), out);
                }
            }
        }
    }
}

/// A numeric parameter of a validator check (`length`, `range`).
fn bound(e: &validator::ValidationError, name: &str) -> Option<i64> {
    e.params.get(name).and_then(|v| v.as_i64())
}

/// A readable message for validator's built-in checks.
fn describe(e: &validator::ValidationError) -> String {
    let param = |name: &str| e.params.get(name).map(|v| v.to_string());
    match e.code.as_ref() {
        "length" => match (param("min"), param("max")) {
            (Some(min), Some(max)) => format!("length must be between {min} and {max}"),
            (Some(min), None) => format!("length must be at least {min}"),
            (None, Some(max)) => format!("length must be at most {max}"),
            _ => "invalid length".into(),
        },
        "range" => match (param("min"), param("max")) {
            (Some(min), Some(max)) => format!("must be between {min} and {max}"),
            _ => "out of range".into(),
        },
        "email" => "must be an email address".into(),
        other => format!("invalid ({other})"),
    }
}

impl From<diesel::result::Error> for ApiError {
    fn from(e: diesel::result::Error) -> ApiError {
        use diesel::result::{DatabaseErrorKind, Error};
        match e {
            Error::NotFound => ApiError::not_found(),
            Error::DatabaseError(DatabaseErrorKind::ClosedConnection, info)
            | Error::DatabaseError(DatabaseErrorKind::UnableToSendCommand, info) => {
                ApiError::unavailable(info.message())
            }
            Error::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => ApiError::conflict(
                ErrorCode::AlreadyExists,
                "a record with the same unique value already exists",
            ),
            Error::DatabaseError(DatabaseErrorKind::SerializationFailure, _) => ApiError::conflict(
                ErrorCode::ConcurrentUpdate,
                "a concurrent change won; try again",
            ),
            // SQLite's writer lock not granted within the busy timeout: busy, not broken.
            Error::DatabaseError(_, info) if info.message().contains("database is locked") => {
                ApiError::unavailable(info.message())
            }
            other => ApiError::internal(other),
        }
    }
}

impl From<diesel::r2d2::PoolError> for ApiError {
    fn from(e: diesel::r2d2::PoolError) -> ApiError {
        ApiError::unavailable(e)
    }
}

impl From<actix_web::error::BlockingError> for ApiError {
    fn from(e: actix_web::error::BlockingError) -> ApiError {
        ApiError::internal(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use validator::Validate;

    #[derive(Validate)]
    struct Form {
        #[validate(length(min = 2, max = 5))]
        name: String,
        #[validate(email)]
        email: String,
    }

    #[test]
    fn validation_errors_name_each_field() {
        let form = Form {
            name: "x".into(),
            email: "nope".into(),
        };
        let err = ApiError::from(form.validate().unwrap_err());
        assert_eq!(err.status, StatusCode::UNPROCESSABLE_ENTITY);
        let p = serde_json::to_value(err.problem(Some("r1".into()))).unwrap();
        assert_eq!(p["code"], "validation_failed");
        assert_eq!(p["status"], 422);
        assert_eq!(p["request_id"], "r1");
        assert_eq!(p["errors"][0]["field"], "email");
        assert_eq!(p["errors"][0]["code"], "email");
        assert_eq!(p["errors"][1]["field"], "name");
        assert_eq!(p["errors"][1]["message"], "length must be between 2 and 5");
        assert_eq!(
            (p["errors"][1]["min"].clone(), p["errors"][1]["max"].clone()),
            (json!(2), json!(5))
        );
        assert!(p["errors"][0].get("min").is_none(), "{p}");
    }

    #[test]
    fn internal_details_are_not_sent() {
        let err = ApiError::internal("disk on fire at /var/lib/secret");
        let body = serde_json::to_string(&err.problem(None)).unwrap();
        assert!(!body.contains("disk on fire"));
        assert!(err.to_string().contains("disk on fire"));
        assert_eq!(err.code, ErrorCode::InternalError);
    }

    #[test]
    fn database_errors_map_to_statuses() {
        assert_eq!(
            ApiError::from(diesel::result::Error::NotFound).status,
            StatusCode::NOT_FOUND
        );
        let broken = diesel::result::Error::BrokenTransactionManager;
        assert_eq!(
            ApiError::from(broken).status,
            StatusCode::INTERNAL_SERVER_ERROR
        );
    }
}
