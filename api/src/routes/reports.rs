use crate::auth::{Coordinator, Filer, Viewer};
use crate::db::DbConn;
use crate::domain::{policy, tracking};
use crate::error::ApiError;
use crate::routes::extract::{ValidJson, ValidPath, ValidQuery};
use crate::state::AppState;
use crate::store::{self, reports as store_reports};
use crate::workflow::filing::{self, Filed};
use crate::workflow::reports::{reporter_known, shown, shown_all, visible};
use crate::workflow::{Later, coordination};
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use lapor_types::Page;
use lapor_types::problem::ErrorCode;
use lapor_types::reports::{
    ArchiveRequest, EventKind, HoldRequest, NewReport, Report, ReportEvent, ReportQuery,
    TrackedReport, TrackedStep, VerifyRequest,
};
use lapor_types::sla::InvestigationRequest;

/// The `If-Match` header as sent (read before the handler moves off the request).
fn if_match(req: &HttpRequest) -> Option<String> {
    req.headers()
        .get(actix_web::http::header::IF_MATCH)
        .map(|v| v.to_str().unwrap_or_default().to_owned())
}

fn idempotency_key(req: &HttpRequest) -> Result<Option<String>, ApiError> {
    let Some(value) = req.headers().get("Idempotency-Key") else {
        return Ok(None);
    };
    match value.to_str() {
        Ok(key) if (1..=100).contains(&key.len()) => Ok(Some(key.to_owned())),
        _ => Err(ApiError::bad_request(
            ErrorCode::InvalidIdempotencyKey,
            "Idempotency-Key must be 1–100 visible ASCII characters",
        )),
    }
}

/// Files a report. With an `Idempotency-Key` header a retry with the same key and body answers
/// the first report again (`Idempotent-Replayed: true`) instead of filing a second.
#[utoipa::path(
    tag = "reports",
    security(("bearer" = [])),
    request_body = NewReport,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe: 1–100 characters, unique per create")),
    responses(
        (status = 201, description = "Filed", body = Report),
        (status = 400, description = "Malformed JSON or Idempotency-Key"),
        (status = 401, description = "Not signed in"),
        (status = 403, description = "Only citizens (and integrators) file reports"),
        (status = 422, description = "Invalid fields (future incident date, unknown region …), or an Idempotency-Key reused with another body (`idempotency_key_reused`)"),
        (status = 429, description = "The citizen filed as many reports as `LAPOR_LIMIT_FILING` allows for now (`rate_limited`, with `Retry-After`)"),
    )
)]
#[post("/reports")]
pub async fn create_report(
    state: web::Data<AppState>,
    Filer(viewer): Filer,
    req: HttpRequest,
    ValidJson(body): ValidJson<NewReport>,
) -> Result<HttpResponse, ApiError> {
    let key = idempotency_key(&req)?;
    let (site, limits) = (state.site(), state.config.filing_limits.clone());
    let file = move |conn: &mut DbConn| {
        filing::file(conn, (site, &limits), &viewer, &body, key.as_deref())
    };
    let filed = match state.tx(file.clone()).await {
        // Two requests with one key at once: the loser runs again (`filing::file`).
        Err(e) if e.code == ErrorCode::AlreadyExists => state.tx(file).await?,
        other => other?,
    };
    Ok(match filed {
        Filed::New(report) => HttpResponse::Created()
            .insert_header(("Location", format!("/api/v1/reports/{}", report.id)))
            .json(report),
        Filed::Replayed(report) => HttpResponse::Created()
            .insert_header(("Location", format!("/api/v1/reports/{}", report.id)))
            .insert_header(("Idempotent-Replayed", "true"))
            .json(report),
    })
}

/// Reports the caller may see, newest first, with filters.
#[utoipa::path(
    tag = "reports",
    security(("bearer" = [])),
    params(ReportQuery),
    responses(
        (status = 200, description = "A page of reports", body = Page<Report>),
        (status = 401, description = "Not signed in"),
        (status = 422, description = "Invalid query"),
    )
)]
#[get("/reports")]
pub async fn list_reports(
    state: web::Data<AppState>,
    viewer: Viewer,
    ValidQuery(q): ValidQuery<ReportQuery>,
) -> Result<web::Json<Page<Report>>, ApiError> {
    let before = store::id_cursor(&q.cursor)?;
    let limit = q.limit.unwrap_or(store::DEFAULT_LIMIT);
    let items = state
        .db(move |conn| {
            let scope = policy::report_scope(&viewer);
            let mine = q.mine.unwrap_or(false).then_some(viewer.id);
            let rows = store_reports::list(conn, &scope, &q, mine, before, limit)?;
            shown_all(conn, &viewer, &rows)
        })
        .await?;
    Ok(web::Json(store::page(items, limit, |r: &Report| {
        r.id.to_string()
    })))
}

/// One report.
#[utoipa::path(
    tag = "reports",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "Report id")),
    responses(
        (status = 200, description = "The report", body = Report),
        (status = 400, description = "The id is not a number"),
        (status = 401, description = "Not signed in"),
        (status = 404, description = "No such report in the caller's scope"),
    )
)]
#[get("/reports/{id}")]
pub async fn get_report(
    state: web::Data<AppState>,
    viewer: Viewer,
    id: ValidPath<i64>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let report = state
        .db(move |conn| {
            let row = visible(conn, &viewer, id)?;
            shown(conn, &viewer, &row)
        })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", format!("\"{}\"", report.version)))
        .json(report))
}

/// The coordinator verifies a new (or held) report, correcting title, kind, category or the
/// privacy flags if needed; the original values are kept in the event.
#[utoipa::path(
    tag = "reports",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "Report id")),
    request_body = VerifyRequest,
    responses(
        (status = 200, description = "Verified", body = Report),
        (status = 400, description = "Malformed JSON or id"),
        (status = 401, description = "Not signed in"),
        (status = 403, description = "Only coordinators verify"),
        (status = 404, description = "No such report in the caller's scope"),
        (status = 409, description = "Stale `version` (`version_conflict`) or a status that cannot be verified (`illegal_transition`)"),
        (status = 422, description = "Invalid fields"),
    )
)]
#[post("/reports/{id}/verify")]
pub async fn verify_report(
    state: web::Data<AppState>,
    Coordinator(viewer): Coordinator,
    req: HttpRequest,
    id: ValidPath<i64>,
    body: Later<VerifyRequest>,
) -> Result<web::Json<Report>, ApiError> {
    let id = id.into_inner();
    let if_match = if_match(&req);
    let site = state.site();
    let report = state
        .tx(move |conn| coordination::verify(conn, site, &viewer, (id, if_match.as_deref()), body))
        .await?;
    Ok(web::Json(report))
}

/// The coordinator flags (or unflags) a report as needing investigation, with a reason:
/// resolution then takes the investigation period (national default 60 working days), counted
/// from the first disposition if there was one.
#[utoipa::path(
    tag = "reports",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "Report id")),
    request_body = InvestigationRequest,
    responses(
        (status = 200, description = "Flagged or unflagged", body = Report),
        (status = 400, description = "Malformed JSON or id"),
        (status = 401, description = "Not signed in"),
        (status = 403, description = "Only coordinators flag reports"),
        (status = 404, description = "No such report in the caller's scope"),
        (status = 409, description = "`version_conflict`, or the report is already resolved, closed or archived (`illegal_transition`)"),
        (status = 422, description = "Invalid fields"),
    )
)]
#[post("/reports/{id}/investigation")]
pub async fn flag_investigation(
    state: web::Data<AppState>,
    Coordinator(viewer): Coordinator,
    req: HttpRequest,
    id: ValidPath<i64>,
    body: Later<InvestigationRequest>,
) -> Result<web::Json<Report>, ApiError> {
    let id = id.into_inner();
    let if_match = if_match(&req);
    let site = state.site();
    let report = state
        .tx(move |conn| {
            coordination::flag_investigation(conn, site, &viewer, (id, if_match.as_deref()), body)
        })
        .await?;
    Ok(web::Json(report))
}

/// The coordinator puts a new report on hold with a question to the reporter.
#[utoipa::path(
    tag = "reports",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "Report id")),
    request_body = HoldRequest,
    responses(
        (status = 200, description = "On hold", body = Report),
        (status = 400, description = "Malformed JSON or id"),
        (status = 401, description = "Not signed in"),
        (status = 403, description = "Only coordinators hold reports"),
        (status = 404, description = "No such report in the caller's scope"),
        (status = 409, description = "`version_conflict` or `illegal_transition`"),
        (status = 422, description = "Invalid fields"),
    )
)]
#[post("/reports/{id}/hold")]
pub async fn hold_report(
    state: web::Data<AppState>,
    Coordinator(viewer): Coordinator,
    req: HttpRequest,
    id: ValidPath<i64>,
    body: Later<HoldRequest>,
) -> Result<web::Json<Report>, ApiError> {
    let id = id.into_inner();
    let if_match = if_match(&req);
    let site = state.site();
    let report = state
        .tx(move |conn| coordination::hold(conn, site, &viewer, (id, if_match.as_deref()), body))
        .await?;
    Ok(web::Json(report))
}

/// The coordinator archives a report that will not be handled, with a reason.
#[utoipa::path(
    tag = "reports",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "Report id")),
    request_body = ArchiveRequest,
    responses(
        (status = 200, description = "Archived", body = Report),
        (status = 400, description = "Malformed JSON or id"),
        (status = 401, description = "Not signed in"),
        (status = 403, description = "Only coordinators archive reports"),
        (status = 404, description = "No such report in the caller's scope"),
        (status = 409, description = "`version_conflict` or `illegal_transition`"),
        (status = 422, description = "Invalid fields, or `duplicate_of` missing, unknown or the report itself"),
    )
)]
#[post("/reports/{id}/archive")]
pub async fn archive_report(
    state: web::Data<AppState>,
    Coordinator(viewer): Coordinator,
    req: HttpRequest,
    id: ValidPath<i64>,
    body: Later<ArchiveRequest>,
) -> Result<web::Json<Report>, ApiError> {
    let id = id.into_inner();
    let if_match = if_match(&req);
    let site = state.site();
    let report = state
        .tx(move |conn| coordination::archive(conn, site, &viewer, (id, if_match.as_deref()), body))
        .await?;
    Ok(web::Json(report))
}

/// A report's timeline, oldest first.
#[utoipa::path(
    tag = "reports",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "Report id")),
    responses(
        (status = 200, description = "The events", body = Vec<ReportEvent>),
        (status = 400, description = "The id is not a number"),
        (status = 401, description = "Not signed in"),
        (status = 404, description = "No such report in the caller's scope"),
    )
)]
#[get("/reports/{id}/events")]
pub async fn list_report_events(
    state: web::Data<AppState>,
    viewer: Viewer,
    id: ValidPath<i64>,
) -> Result<web::Json<Vec<ReportEvent>>, ApiError> {
    let id = id.into_inner();
    let events = state
        .db(move |conn| {
            let row = visible(conn, &viewer, id)?;
            let hide_reporter = !reporter_known(conn, &viewer, &row)?;
            let notes = policy::sees_notes(&viewer);
            Ok(store_reports::events(conn, id)?
                .into_iter()
                .filter(|e| notes || e.action != EventKind::FollowupNote)
                .map(|e| ReportEvent {
                    id: e.id,
                    action: e.action,
                    from_status: e.from_status,
                    to_status: e.to_status,
                    actor: if hide_reporter && e.actor_id == Some(row.reporter_id) {
                        None
                    } else {
                        e.actor_name
                    },
                    details: serde_json::from_str(&e.details).unwrap_or_default(),
                    created_at: e.created_at.and_utc(),
                })
                .collect())
        })
        .await?;
    Ok(web::Json(events))
}

/// The public status page of a tracking id: no sign-in needed. A confidential report shows only
/// its status.
#[utoipa::path(
    tag = "reports",
    params(("tracking_id" = String, Path, description = "e.g. `LPR-7KQ2M-XH4TZ` (case, dashes and spaces are forgiven)")),
    responses(
        (status = 200, description = "Status and public timeline", body = TrackedReport),
        (status = 404, description = "No report has this tracking id"),
        (status = 429, description = "Too many lookups from this address (`rate_limited`, with `Retry-After`)"),
    )
)]
#[get("/track/{tracking_id}")]
pub async fn track_report(
    state: web::Data<AppState>,
    addr: crate::limits::ClientAddr,
    tracking_id: ValidPath<String>,
) -> Result<web::Json<TrackedReport>, ApiError> {
    // Tracking ids are the only key to this page: lookups are limited so they cannot be guessed.
    let _counted = state
        .limits
        .take(crate::limits::Limit::Track, &addr.0)
        .await?;
    let tracking_id = tracking::normalize(&tracking_id).ok_or_else(ApiError::not_found)?;
    let tracked = state
        .db(move |conn| {
            let row = store_reports::by_tracking_id(conn, &tracking_id)?
                .ok_or_else(ApiError::not_found)?;
            if row.confidential {
                return Ok(TrackedReport {
                    status: row.status,
                    tracking_id: row.tracking_id,
                    kind: None,
                    title: None,
                    created_at: None,
                    updated_at: None,
                    timeline: Vec::new(),
                });
            }
            let timeline = store_reports::events(conn, row.id)?
                .into_iter()
                .filter(|e| e.to_status.is_some())
                .map(|e| TrackedStep {
                    action: e.action,
                    status: e.to_status,
                    at: e.created_at.and_utc(),
                })
                .collect();
            let report = row.to_wire(None);
            Ok(TrackedReport {
                tracking_id: report.tracking_id,
                status: report.status,
                kind: Some(report.kind),
                title: Some(report.title),
                created_at: Some(report.created_at),
                updated_at: Some(report.updated_at),
                timeline,
            })
        })
        .await?;
    Ok(web::Json(tracked))
}
