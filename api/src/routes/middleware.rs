//! One middleware for every request: a request id (taken from `X-Request-Id` when sane, else
//! generated), problem+json for every error answer (with that id), the error's internals logged
//! with it, security headers on every answer, and one log line per request.

use crate::error::{ApiError, PROBLEM_JSON};
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{
    CONTENT_SECURITY_POLICY, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue, REFERRER_POLICY,
    STRICT_TRANSPORT_SECURITY, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
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

/// The web app's policy: its own scripts only (no inline ones), WebAssembly compiled from them
/// (`'wasm-unsafe-eval'`), inline style attributes (Leptos and the charts set them), previews of
/// files fetched with the token (`blob:`), the map tiles' origin (`LAPOR_MAP_TILES`), and no
/// framing.
pub fn app_csp(config: &crate::config::Config) -> HeaderValue {
    let tiles = crate::config::origin(&config.map_tiles).unwrap_or_default();
    let policy = format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
         style-src 'self' 'unsafe-inline'; img-src 'self' data: blob: {tiles}; \
         media-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'none'"
    );
    HeaderValue::from_str(&policy)
        .unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'"))
}

/// Swagger UI (`/docs/`) draws its icons as data: images and styles inline.
const DOCS_CSP: &str = "default-src 'self'; img-src 'self' data:; \
    style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/// Security headers on every answer (docs/SECURITY.md, Headers); HSTS only when lapor is
/// configured as served over HTTPS (`LAPOR_HTTPS`).
fn secure(headers: &mut HeaderMap, path: &str, https: bool, app_csp: HeaderValue) {
    let csp = if path.starts_with("/docs") {
        HeaderValue::from_static(DOCS_CSP)
    } else {
        app_csp
    };
    for (name, value) in [
        (X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (REFERRER_POLICY, "no-referrer"),
        (X_FRAME_OPTIONS, "DENY"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    headers.insert(CONTENT_SECURITY_POLICY, csp);
    if https {
        headers.insert(
            STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
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
    let (https, app_csp) = req
        .app_data::<actix_web::web::Data<crate::state::AppState>>()
        .map_or(
            (false, HeaderValue::from_static("default-src 'self'")),
            |state| (state.config.https, state.app_csp.clone()),
        );

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
    secure(res.headers_mut(), &path, https, app_csp);
    // The query string is left out: it may carry what people typed. A request made with an
    // API key names the key by its first characters.
    let key = res
        .request()
        .extensions()
        .get::<crate::auth::extract::KeyUsed>()
        .map(|k| format!(" key={}", k.0))
        .unwrap_or_default();
    log::info!(
        "{method} {path} {} {:.1}ms id={id}{key}",
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
