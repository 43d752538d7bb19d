//! The web app: the files of `LAPOR_WEB_DIR` (`frontend/dist`) at `/`, and its `index.html` for
//! any other page path, which the app routes itself (`/lacak/LPR-…` opened from a link or
//! reloaded). Paths under `/api/`, other methods, and missing files (a name with an extension)
//! stay 404 problems, as they are without a web app.

use crate::error::ApiError;
use crate::state::AppState;
use actix_files::NamedFile;
use actix_web::http::{Method, StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use lapor_types::problem::ErrorCode;
use std::path::{Path, PathBuf};

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

/// The app's default service: a file of the web app, its index, or 404.
pub async fn web_app(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let path = req.path();
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
