//! Body and query extractors that answer bad input with problem+json: 400 for malformed JSON,
//! 415 for another content type, 413 past the size limit, 422 with per-field errors for wrong
//! types, missing fields or failed validation.

use crate::auth::extract::Authenticating;
use crate::error::ApiError;
use crate::state::AppState;
use crate::workflow::Later;
use actix_web::{FromRequest, HttpMessage, HttpRequest, dev::Payload, web};
use futures_util::StreamExt;
use futures_util::future::LocalBoxFuture;
use lapor_types::problem::ErrorCode;
use serde::de::DeserializeOwned;
use validator::Validate;

/// A JSON body, deserialized and validated.
pub struct ValidJson<T>(pub T);

impl<T: DeserializeOwned + Validate + 'static> FromRequest for ValidJson<T> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<ValidJson<T>, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let limit = req
            .app_data::<web::Data<AppState>>()
            .map_or(64 * 1024, |s| s.config.max_json_bytes);
        let is_json = req
            .headers()
            .get(actix_web::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|mime| {
                let mime = mime.trim();
                mime.eq_ignore_ascii_case("application/json") || mime.ends_with("+json")
            });
        let declared_too_large = req
            .headers()
            .get(actix_web::http::header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<usize>().ok())
            .is_some_and(|len| len > limit);
        let mut payload = payload.take();
        let authenticating = req.extensions().get::<Authenticating>().cloned();
        Box::pin(async move {
            after_authentication(authenticating).await;
            if !is_json {
                return Err(ApiError::new(
                    actix_web::http::StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    ErrorCode::UnsupportedMediaType,
                    "send the body as application/json",
                ));
            }
            let too_large = || {
                ApiError::new(
                    actix_web::http::StatusCode::PAYLOAD_TOO_LARGE,
                    ErrorCode::PayloadTooLarge,
                    format!("the body may hold at most {limit} bytes"),
                )
            };
            if declared_too_large {
                return Err(too_large());
            }
            let mut body = web::BytesMut::new();
            while let Some(chunk) = payload.next().await {
                let chunk =
                    chunk.map_err(|e| ApiError::bad_request(ErrorCode::BadBody, e.to_string()))?;
                if body.len() + chunk.len() > limit {
                    return Err(too_large());
                }
                body.extend_from_slice(&chunk);
            }
            let value = parse_json::<T>(&body)?;
            value.validate()?;
            Ok(ValidJson(value))
        })
    }
}

/// A JSON body read and checked like `ValidJson`, whose refusal (400/413/415/422) the workflow
/// gives only when it opens the body (`workflow::Later`).
impl<T: DeserializeOwned + Validate + 'static> FromRequest for Later<T> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Later<T>, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let body = ValidJson::<T>::from_request(req, payload);
        Box::pin(async move { Ok(Later::from(body.await.map(|ValidJson(value)| value))) })
    }
}

/// Waits until the caller's authentication (an extractor before this one) has ended; its
/// refusal, if any, is then the answer.
async fn after_authentication(authenticating: Option<Authenticating>) {
    // Nothing is ever sent: `changed` ends when the authenticating side is dropped.
    if let Some(Authenticating(mut done)) = authenticating {
        let _ = done.changed().await;
    }
}

/// The path of the first string (or key) in `value` that holds a NUL character, which
/// PostgreSQL cannot store: refused on both databases alike.
fn nul_in(value: &serde_json::Value, at: &str) -> Option<String> {
    use serde_json::Value;
    let join = |key: &str| {
        if at.is_empty() {
            key.to_owned()
        } else {
            format!("{at}.{key}")
        }
    };
    match value {
        Value::String(s) if s.contains('\0') => Some(at.to_owned()),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, v)| nul_in(v, &format!("{at}[{i}]"))),
        Value::Object(fields) => fields.iter().find_map(|(k, v)| {
            if k.contains('\0') {
                Some(at.to_owned())
            } else {
                nul_in(v, &join(k))
            }
        }),
        _ => None,
    }
}

fn no_nul(field: &str) -> ApiError {
    ApiError::field(field, "invalid", "must not contain a NUL character")
}

/// Deserializes a JSON object, naming the field that is wrong.
pub fn parse_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    if let Ok(value) = serde_json::from_slice::<serde_json::Value>(body)
        && let Some(field) = nul_in(&value, "")
    {
        return Err(no_nul(&field));
    }
    let de = &mut serde_json::Deserializer::from_slice(body);
    let value = serde_path_to_error::deserialize(de).map_err(|e| {
        let field = e.path().to_string();
        let inner = e.into_inner();
        // serde_json reports some type errors (a number where an enum goes) as syntax errors,
        // so "malformed" means the body does not parse as JSON at all.
        let well_formed = serde_json::from_slice::<serde::de::IgnoredAny>(body).is_ok();
        if !well_formed {
            ApiError::bad_request(
                ErrorCode::MalformedJson,
                format!("the body is not valid JSON: {inner}"),
            )
        } else {
            ApiError::field(
                if field == "." { "" } else { &field },
                "invalid",
                strip_position(&inner.to_string()),
            )
        }
    })?;
    // serde also builds structs from arrays (`[]` would be an empty PATCH); bodies are objects.
    if body.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
        return Err(ApiError::field(
            "",
            "invalid",
            "the body must be a JSON object",
        ));
    }
    Ok(value)
}

/// serde_json appends " at line 1 column 9", which helps nobody once the field is named.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_owned(),
        None => message.to_owned(),
    }
}

/// Path parameters, parsed (400 `invalid_path` when they do not), answered after the caller's
/// authentication like the body and query.
pub struct ValidPath<T>(pub T);

impl<T> ValidPath<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> std::ops::Deref for ValidPath<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for ValidPath<T> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<ValidPath<T>, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        // A NUL cannot be stored or compared by PostgreSQL: refused alike on both databases.
        let nul = req
            .match_info()
            .iter()
            .any(|(_, v)| v.contains('\0') || v.to_ascii_lowercase().contains("%00"));
        let parsed = web::Path::<T>::extract(req)
            .into_inner()
            .map(|path| ValidPath(path.into_inner()))
            .map_err(|e| {
                ApiError::bad_request(ErrorCode::InvalidPath, format!("bad path parameter: {e}"))
            })
            .and_then(|path| {
                if nul {
                    Err(ApiError::bad_request(
                        ErrorCode::InvalidPath,
                        "a path parameter holds a NUL character",
                    ))
                } else {
                    Ok(path)
                }
            });
        let authenticating = req.extensions().get::<Authenticating>().cloned();
        Box::pin(async move {
            after_authentication(authenticating).await;
            parsed
        })
    }
}

/// Query parameters, deserialized and validated.
pub struct ValidQuery<T>(pub T);

impl<T: DeserializeOwned + Validate + 'static> FromRequest for ValidQuery<T> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<ValidQuery<T>, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let parsed = parse_query(req.query_string()).map(ValidQuery);
        let authenticating = req.extensions().get::<Authenticating>().cloned();
        Box::pin(async move {
            after_authentication(authenticating).await;
            parsed
        })
    }
}

pub fn parse_query<T: DeserializeOwned + Validate>(query: &str) -> Result<T, ApiError> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query).unwrap_or_default();
    if let Some((key, _)) = pairs
        .iter()
        .find(|(k, v)| k.contains('\0') || v.contains('\0'))
    {
        return Err(no_nul(key));
    }
    let value: T = serde_urlencoded::from_str(query)
        .map_err(|e| ApiError::field("query", "invalid", e.to_string()))?;
    value.validate()?;
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use lapor_types::reference::{InstitutionPatch, InstitutionQuery, NewInstitution};

    #[test]
    fn json_errors_name_the_field() {
        let err = parse_json::<NewInstitution>(br#"{"code":"X","name":5,"kind":"unit"}"#)
            .err()
            .unwrap();
        assert_eq!(err.status.as_u16(), 422);
        assert_eq!(err.errors[0].field, "name");
        assert!(!err.errors[0].message.contains("line 1"));

        let missing = parse_json::<NewInstitution>(br#"{"code":"X"}"#)
            .err()
            .unwrap();
        assert_eq!(missing.status.as_u16(), 422);
        assert!(missing.errors[0].message.contains("missing field"));

        let array = parse_json::<InstitutionPatch>(b" []").err().unwrap();
        assert_eq!(array.status.as_u16(), 422);

        let syntax = parse_json::<NewInstitution>(b"{\"code\":").err().unwrap();
        assert_eq!(syntax.status.as_u16(), 400);
        assert_eq!(syntax.code, ErrorCode::MalformedJson);

        let nul = parse_json::<NewInstitution>(br#"{"code":"X","name":"a\u0000b","kind":"unit"}"#)
            .err()
            .unwrap();
        assert_eq!(
            (nul.status.as_u16(), nul.errors[0].field.as_str()),
            (422, "name")
        );
    }

    #[test]
    fn queries_are_typed_and_validated() {
        let q: InstitutionQuery = parse_query("parent_id=3&limit=10").unwrap();
        assert_eq!(q.parent_id, Some(3));
        assert_eq!(
            parse_query::<InstitutionQuery>("limit=1000")
                .err()
                .unwrap()
                .errors[0]
                .field,
            "limit"
        );
        assert_eq!(
            parse_query::<InstitutionQuery>("parent_id=x")
                .err()
                .unwrap()
                .status
                .as_u16(),
            422
        );
        assert!(parse_query::<InstitutionQuery>("bogus=1").is_err());
        let nul = parse_query::<InstitutionQuery>("q=a%00b").err().unwrap();
        assert_eq!(
            (nul.status.as_u16(), nul.errors[0].field.as_str()),
            (422, "q")
        );
    }
}
