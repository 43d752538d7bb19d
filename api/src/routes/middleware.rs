//! One middleware for every request: a request id (taken from `X-Request-Id` when sane, else
//! generated), problem+json for every error answer (with that id), the error's internals logged
//! with it, and one log line per request.

use crate::error::{ApiError, PROBLEM_JSON};
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{CONTENT_TYPE, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{Error, HttpMessage};
use std::time::Instant;

pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The id of the current request, in the request's extensions.
#[derive(Clone, Debug)]
pub struct RequestId(pub String);

fn incoming_id(req: &ServiceRequest) -> Option<String> {
    let id = req.headers().get(REQUEST_ID)?.to_str().ok()?;
    let sane = (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    sane.then(|| id.to_owned())
}

pub async fn request_context(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let started = Instant::now();
    let id = incoming_id(&req).unwrap_or_else(|| uuid::Uuid::new_v4().simple().to_string());
    req.extensions_mut().insert(RequestId(id.clone()));
    let method = req.method().clone();
    let path = req.path().to_owned();

    let res = next.call(req).await?.map_into_boxed_body();
    let status = res.status();
    let mut res = if status.is_client_error() || status.is_server_error() {
        as_problem(res, &id)
    } else {
        res
    };
    if let Ok(value) = HeaderValue::from_str(&id) {
        res.headers_mut().insert(REQUEST_ID, value);
    }
    // The query string is left out: it may carry what people typed.
    log::info!(
        "{method} {path} {} {:.1}ms id={id}",
        res.status().as_u16(),
        started.elapsed().as_secs_f64() * 1000.0
    );
    Ok(res)
}

/// Rewrites an error answer as problem+json carrying the request id; logs server faults.
fn as_problem(res: ServiceResponse<BoxBody>, id: &str) -> ServiceResponse<BoxBody> {
    let status = res.status();
    let api_error = res
        .response()
        .error()
        .map(|e| match e.as_error::<ApiError>() {
            Some(api) => (
                ApiError {
                    detail: api.detail.clone(),
                    errors: api.errors.clone(),
                    internal: None,
                    ..*api
                },
                api.to_string(),
            ),
            None => (ApiError::from_status(status), e.to_string()),
        });
    let is_problem = res
        .headers()
        .get(CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(PROBLEM_JSON.as_bytes()));
    match api_error {
        Some((error, internal)) => {
            if error.status.is_server_error() {
                log::error!("id={id} {internal}");
            }
            res.into_response(error.response(Some(id.to_owned())))
        }
        // An error status actix answered by itself (e.g. 405 without a body).
        None if !is_problem => {
            res.into_response(ApiError::from_status(status).response(Some(id.to_owned())))
        }
        None => res,
    }
}
