//! The web app: the files of `LAPOR_WEB_DIR` (`frontend/dist`) at `/`, and its `index.html` for
//! any other page path, which the app routes itself (`/lacak/LPR-…` opened from a link or
//! reloaded). An API route asked with a method it does not answer is 405 with `Allow`; other
//! paths under `/api/`, other methods, and missing files (a name with an extension) stay 404
//! problems, as they are without a web app.

use crate::error::ApiError;
use crate::state::AppState;
use actix_files::NamedFile;
use actix_web::http::{Method, StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, ResponseError, web};
use lapor_types::problem::ErrorCode;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, ErrorCode::NotFound, "no such route")
}

/// `path` under `dir`, or `None` when it would leave it (or names a hidden file).
fn within(dir: &Path, path: &str) -> Option<PathBuf> {
    let mut file = dir.to_path_buf();
    for part in path.split('/').filter(|p| !p.is_empty()) {
        if part.starts_with('.') || part.contains('\\') {
            return None;
        }
        file.push(part);
    }
    Some(file)
}

/// The API's routes, from its spec: each path's segments (`{…}` for a parameter) and the
/// methods it answers.
fn routes() -> &'static [(Vec<String>, Vec<Method>)] {
    static ROUTES: OnceLock<Vec<(Vec<String>, Vec<Method>)>> = OnceLock::new();
    ROUTES.get_or_init(|| {
        crate::openapi()
            .paths
            .paths
            .into_iter()
            .map(|(path, item)| {
                let methods = [
                    (Method::GET, item.get.is_some()),
                    (Method::POST, item.post.is_some()),
                    (Method::PUT, item.put.is_some()),
                    (Method::PATCH, item.patch.is_some()),
                    (Method::DELETE, item.delete.is_some()),
                ];
                (
                    path.split('/').map(str::to_owned).collect(),
                    methods.into_iter().filter(|m| m.1).map(|m| m.0).collect(),
                )
            })
            .collect()
    })
}

/// 405 with `Allow` when `path` is an API route that answers other methods than `method`.
fn wrong_method(method: &Method, path: &str) -> Option<HttpResponse> {
    let parts: Vec<&str> = path.split('/').collect();
    let (_, allowed) = routes().iter().find(|(route, _)| {
        route.len() == parts.len()
            && route
                .iter()
                .zip(&parts)
                .all(|(r, p)| r == p || (r.starts_with('{') && r.ends_with('}') && !p.is_empty()))
    })?;
    if allowed.contains(method) {
        return None;
    }
    let names: Vec<&str> = allowed.iter().map(Method::as_str).collect();
    let mut resp = ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        ErrorCode::MethodNotAllowed,
        format!("this route answers {}", names.join(", ")),
    )
    .error_response();
    if let Ok(value) = header::HeaderValue::from_str(&names.join(", ")) {
        resp.headers_mut().insert(header::ALLOW, value);
    }
    Some(resp)
}

/// The app's default service: 405 for an API route asked with another method, a file of the
/// web app, its index, or 404.
pub async fn web_app(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let path = req.path();
    if let Some(refused) = wrong_method(req.method(), path) {
        return Ok(refused);
    }
    let dir = &state.config.web_dir;
    let index = dir.join("index.html");
    let page = matches!(*req.method(), Method::GET | Method::HEAD)
        && path != "/api"
        && !path.starts_with("/api/");
    if !page || !index.is_file() {
        return Err(not_found());
    }
    let file = within(dir, path).ok_or_else(not_found)?;
    let (file, is_index) = if file.is_file() {
        let is_index = file == index;
        (file, is_index)
    } else if Path::new(path).extension().is_some() {
        return Err(not_found());
    } else {
        (index, true)
    };
    let mut resp = NamedFile::open_async(&file)
        .await
        .map_err(ApiError::internal)?
        .into_response(&req);
    if is_index {
        // A new build must reach the browser at once: the index names the app's files.
        resp.headers_mut().insert(
            header::CACHE_CONTROL,
            header::HeaderValue::from_static("no-cache"),
        );
    }
    Ok(resp)
}
