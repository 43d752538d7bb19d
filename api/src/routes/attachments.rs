use crate::auth::Viewer;
use crate::domain::{filetype, policy, scrub};
use crate::error::ApiError;
use crate::routes::extract::ValidPath;
use crate::state::AppState;
use crate::store::attachments::{self as store_attachments, AttachmentRow};
use crate::store::reports::{self as store_reports, NewEvent};
use crate::workflow::attachments::{is_public, shown};
use crate::workflow::reports::{public_report, reporter_known, visible};
use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, Responder, get, post, web};
use futures_util::StreamExt;
use lapor_types::problem::ErrorCode;
use lapor_types::reports::EventKind;
use lapor_types::reports::{Attachment, ReportStatus};
use serde_json::json;
use std::io::Write;

/// The form of an upload: one file in the field `file`.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)] // describes the multipart body for the spec; the handler reads the stream
pub struct AttachmentUpload {
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
}

/// A file name safe to store and echo: its last path part, printable, at most 200 characters.
fn clean_name(name: Option<&str>) -> String {
    let base = name
        .and_then(|n| n.rsplit(['/', '\\']).next())
        .unwrap_or_default();
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control() && *c != '"')
        .take(200)
        .collect();
    if cleaned.trim().is_empty() {
        "file".into()
    } else {
        cleaned
    }
}

/// How much a report and an uploader may still store (docs/SECURITY.md, "Limits").
#[derive(Clone)]
struct Quotas {
    per_report: i64,
    report_bytes: u64,
    uploads: Vec<crate::limits::Rule>,
}

impl Quotas {
    fn of(state: &AppState) -> Quotas {
        Quotas {
            per_report: state.config.max_report_attachments,
            report_bytes: state.config.max_report_attachment_bytes,
            uploads: state.config.upload_limits.clone(),
        }
    }

    /// Whether `adding` more bytes fit: 409 `attachment_quota` when the report is full, 429
    /// `rate_limited` when the uploader has stored their day's worth.
    fn check(
        &self,
        conn: &mut crate::db::DbConn,
        report_id: i64,
        uploader_id: i64,
        adding: u64,
    ) -> Result<(), ApiError> {
        let (files, bytes) = store_attachments::held_by(conn, report_id)?;
        if files >= self.per_report || bytes.saturating_add(adding) > self.report_bytes {
            return Err(ApiError::conflict(
                ErrorCode::AttachmentQuota,
                format!(
                    "a report holds at most {} files and {} bytes in all",
                    self.per_report, self.report_bytes
                ),
            ));
        }
        crate::limits::check_quota(&self.uploads, crate::store::now(), adding, |since| {
            store_attachments::uploaded_since(conn, uploader_id, since)
        })
    }
}

fn too_large(limit: u64) -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        ErrorCode::PayloadTooLarge,
        format!("an attachment may hold at most {limit} bytes"),
    )
}

/// Attaches a photo, PDF or video to a report (multipart, field `file`). The type is read from
/// the file's bytes; the size is limited by `LAPOR_MAX_ATTACHMENT_BYTES`. Photos are stored
/// without their metadata (EXIF, GPS, XMP, comments; docs/SECURITY.md), PDFs and videos as sent.
#[utoipa::path(
    tag = "reports",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "Report id")),
    request_body(content = inline(AttachmentUpload), content_type = "multipart/form-data"),
    responses(
        (status = 201, description = "Stored", body = Attachment),
        (status = 400, description = "Not a multipart form with a `file` field"),
        (status = 401, description = "Not signed in"),
        (status = 403, description = "Only the reporter and the handling officers attach files"),
        (status = 404, description = "No such report in the caller's scope"),
        (status = 409, description = "The report is closed or archived (`report_closed`), or holds as many files or bytes as it may (`attachment_quota`)"),
        (status = 413, description = "Larger than the limit"),
        (status = 415, description = "Not a photo, PDF or video, or a photo that cannot be read (`unsupported_media_type`)"),
        (status = 429, description = "The caller uploaded as many bytes as `LAPOR_LIMIT_UPLOAD_BYTES` allows for now (`rate_limited`, with `Retry-After`)"),
    )
)]
#[post("/reports/{id}/attachments")]
pub async fn upload_attachment(
    state: web::Data<AppState>,
    viewer: Viewer,
    id: ValidPath<i64>,
    mut form: Multipart,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let check = viewer.clone();
    let quotas = Quotas::of(&state);
    let room = quotas.clone();
    let report = state
        .db(move |conn| {
            let report = visible(conn, &check, id)?;
            if check.id != report.reporter_id {
                policy::may_follow_up(&check)?;
            }
            if matches!(report.status, ReportStatus::Closed | ReportStatus::Archived) {
                return Err(ApiError::conflict(
                    ErrorCode::ReportClosed,
                    "the report is closed",
                ));
            }
            room.check(conn, id, check.id, 1)?;
            Ok(report)
        })
        .await?;

    let limit = state.config.max_attachment_bytes;
    let dir = state.config.attachments_dir.clone();
    let storage_name = uuid::Uuid::new_v4().simple().to_string();
    let path = dir.join(&storage_name);
    let mut field = loop {
        match form.next().await {
            Some(Ok(field)) if field.name() == Some("file") => break field,
            Some(Ok(_)) => continue,
            Some(Err(e)) => {
                return Err(ApiError::bad_request(
                    ErrorCode::BadMultipart,
                    e.to_string(),
                ));
            }
            None => {
                return Err(ApiError::field(
                    "file",
                    "required",
                    "send the file in the field `file`",
                ));
            }
        }
    };
    let original_name = clean_name(field.content_disposition().and_then(|cd| cd.get_filename()));

    // Stream to disk, checking the type on the first bytes and the size as it grows; whatever
    // goes wrong removes the partial file.
    let result: Result<(String, u64), ApiError> = async {
        web::block({
            let dir = dir.clone();
            move || std::fs::create_dir_all(dir)
        })
        .await?
        .map_err(ApiError::internal)?;
        let mut file = web::block({
            let path = path.clone();
            move || std::fs::File::create(path)
        })
        .await?
        .map_err(ApiError::internal)?;
        let mut head: Vec<u8> = Vec::new();
        let mut content_type = None;
        let mut size: u64 = 0;
        while let Some(chunk) = field.next().await {
            let chunk =
                chunk.map_err(|e| ApiError::bad_request(ErrorCode::BadMultipart, e.to_string()))?;
            size += chunk.len() as u64;
            if size > limit {
                return Err(too_large(limit));
            }
            if content_type.is_none() && head.len() < 16 {
                head.extend_from_slice(&chunk[..chunk.len().min(16 - head.len())]);
                if head.len() >= 16 {
                    content_type = Some(filetype::sniff(&head).ok_or_else(unsupported)?);
                }
            }
            file.write_all(&chunk).map_err(ApiError::internal)?;
        }
        let content_type = match content_type {
            Some(ct) => ct,
            None => filetype::sniff(&head).ok_or_else(unsupported)?,
        };
        // Chunks go to the page cache as they come; the slow parts, rewriting a photo without
        // its metadata and fsync, run off the async threads.
        let path = path.clone();
        let size = web::block(move || keep(file, &path, content_type, size)).await??;
        Ok((content_type.to_owned(), size))
    }
    .await;
    let (content_type, size) = match result {
        Ok(ok) => ok,
        Err(e) => {
            let _ = std::fs::remove_file(&path);
            return Err(e);
        }
    };

    let stored = storage_name.clone();
    let saved = state
        .tx(move |conn| {
            // Again with the size, now known, and after any upload running at the same time.
            crate::db::lock_row(conn, crate::db::Locked::User, viewer.id)?;
            crate::db::lock_row(conn, crate::db::Locked::Report, id)?;
            quotas.check(conn, id, viewer.id, size)?;
            let row = store_attachments::insert(
                conn,
                &store_attachments::NewAttachmentRow {
                    report_id: id,
                    uploader_id: viewer.id,
                    storage_name: &stored,
                    original_name: &original_name,
                    content_type: &content_type,
                    size_bytes: i64::try_from(size).unwrap_or(i64::MAX),
                },
            )?;
            store_reports::add_event(
                conn,
                &NewEvent {
                    report_id: id,
                    actor_id: Some(viewer.id),
                    action: EventKind::AttachmentAdded,
                    from_status: None,
                    to_status: None,
                    details: json!({"attachment_id": row.id, "content_type": row.content_type, "size_bytes": row.size_bytes}),
                },
            )?;
            Ok(shown(reporter_known(conn, &viewer, &report)?, &report, &row))
        })
        .await;
    match saved {
        Ok(attachment) => Ok(HttpResponse::Created()
            .insert_header(("Location", format!("/api/v1/attachments/{}", attachment.id)))
            .json(attachment)),
        Err(e) => {
            let _ = std::fs::remove_file(&path);
            Err(e)
        }
    }
}

/// Makes the stored file durable, photos first rewritten without their metadata
/// (`domain::scrub`); answers the stored size.
fn keep(
    file: std::fs::File,
    path: &std::path::Path,
    content_type: &str,
    size: u64,
) -> Result<u64, ApiError> {
    if !scrub::is_photo(content_type) {
        file.sync_all().map_err(ApiError::internal)?;
        return Ok(size);
    }
    drop(file);
    let bytes = std::fs::read(path).map_err(ApiError::internal)?;
    let clean = match scrub::scrub(content_type, bytes.into()) {
        Ok(clean) => clean,
        Err(scrub::Unreadable) => {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                ErrorCode::UnsupportedMediaType,
                format!("the file starts like {content_type} but cannot be read as one"),
            ));
        }
    };
    let mut file = std::fs::File::create(path).map_err(ApiError::internal)?;
    file.write_all(&clean)
        .and_then(|()| file.sync_all())
        .map_err(ApiError::internal)?;
    Ok(clean.len() as u64)
}

fn unsupported() -> ApiError {
    ApiError::new(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ErrorCode::UnsupportedMediaType,
        "attach photos (JPEG, PNG, GIF, WebP), PDF documents or videos (MP4, MOV, WebM)",
    )
}

/// The attachments of a report.
#[utoipa::path(
    tag = "reports",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "Report id")),
    responses(
        (status = 200, description = "Its attachments", body = Vec<Attachment>),
        (status = 401, description = "Not signed in"),
        (status = 404, description = "No such report in the caller's scope"),
    )
)]
#[get("/reports/{id}/attachments")]
pub async fn list_attachments(
    state: web::Data<AppState>,
    viewer: Viewer,
    id: ValidPath<i64>,
) -> Result<web::Json<Vec<Attachment>>, ApiError> {
    let id = id.into_inner();
    let list = state
        .db(move |conn| {
            let report = visible(conn, &viewer, id)?;
            let known = reporter_known(conn, &viewer, &report)?;
            Ok(store_attachments::of_report(conn, id)?
                .iter()
                .map(|a| shown(known, &report, a))
                .collect())
        })
        .await?;
    Ok(web::Json(list))
}

/// An attachment's file, with the same access rules as its report.
#[utoipa::path(
    tag = "reports",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "Attachment id")),
    responses(
        (status = 200, description = "The file, as its detected content type", content_type = "application/octet-stream"),
        (status = 401, description = "Not signed in"),
        (status = 404, description = "No such attachment in the caller's scope"),
    )
)]
#[get("/attachments/{id}")]
pub async fn download_attachment(
    state: web::Data<AppState>,
    viewer: Viewer,
    req: HttpRequest,
    id: ValidPath<i64>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let (attachment, shown) = state
        .db(move |conn| {
            let a = store_attachments::get(conn, id)?.ok_or_else(ApiError::not_found)?;
            let report = visible(conn, &viewer, a.report_id)?;
            let shown = shown(reporter_known(conn, &viewer, &report)?, &report, &a);
            Ok((a, shown))
        })
        .await?;
    send_file(&state, &req, &attachment, shown).await
}

/// A stored file as a download named and typed as `shown` says, never sniffed as another type.
pub(crate) async fn send_file(
    state: &AppState,
    req: &HttpRequest,
    attachment: &AttachmentRow,
    shown: Attachment,
) -> Result<HttpResponse, ApiError> {
    let id = attachment.id;
    let path = state.config.attachments_dir.join(&attachment.storage_name);
    let file = actix_files::NamedFile::open_async(&path)
        .await
        .map_err(|e| ApiError::internal(format!("attachment {id}: {e}")))?;
    let mime: actix_web::mime::Mime = shown
        .content_type
        .parse()
        .unwrap_or(actix_web::mime::APPLICATION_OCTET_STREAM);
    let disposition = actix_web::http::header::ContentDisposition {
        disposition: actix_web::http::header::DispositionType::Attachment,
        parameters: vec![actix_web::http::header::DispositionParam::Filename(
            shown.file_name,
        )],
    };
    let mut res = file
        .set_content_type(mime)
        .set_content_disposition(disposition)
        .respond_to(req)
        .map_into_boxed_body();
    res.headers_mut().insert(
        actix_web::http::header::X_CONTENT_TYPE_OPTIONS,
        actix_web::http::header::HeaderValue::from_static("nosniff"),
    );
    Ok(res)
}

/// A photo of a public report whose reporter allowed its photos on the public page; 404
/// otherwise (as for any file out of sight). No sign-in needed.
#[utoipa::path(
    tag = "public",
    params(("id" = i64, Path, description = "The photo's id")),
    responses(
        (status = 200, description = "The photo (metadata scrubbed at upload)", content_type = "image/*"),
        (status = 404, description = "No such public photo"),
    )
)]
#[get("/public/attachments/{id}")]
pub async fn get_public_photo(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: ValidPath<i64>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let (attachment, report) = state
        .db(move |conn| {
            let a = store_attachments::get(conn, id)?.ok_or_else(ApiError::not_found)?;
            let report = public_report(conn, a.report_id)?;
            if !is_public(&report, &a) {
                return Err(ApiError::not_found());
            }
            Ok((a, report))
        })
        .await?;
    let shown = shown(false, &report, &attachment);
    send_file(&state, &req, &attachment, shown).await
}
