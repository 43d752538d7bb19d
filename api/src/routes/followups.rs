use crate::auth::{Filer, Viewer};
use crate::domain::policy;
use crate::error::ApiError;
use crate::routes::extract::ValidPath;
use crate::state::AppState;
use crate::store::followups as store_followups;
use crate::workflow::Later;
use crate::workflow::followups;
use crate::workflow::reports::{reporter_known, visible};
use actix_web::{HttpResponse, get, post, web};
use lapor_types::reports::{FeedbackRequest, Followup, NewFollowup, Report};

/// Adds to a report's thread: an officer's public `response` (the first one moves a dispatched
/// report to `in_progress`), an internal `note`, an `info_request` to the reporter, or the
/// reporter's `reply` (which brings a held report back to the coordinator).
#[utoipa::path(
    tag = "followups",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "Report id")),
    request_body = NewFollowup,
    responses(
        (status = 201, description = "Added", body = Followup),
        (status = 400, description = "Malformed JSON or id"),
        (status = 401, description = "Not signed in"),
        (status = 403, description = "Replies are the reporter's; the rest the handling officers'"),
        (status = 404, description = "No such report in the caller's scope"),
        (status = 409, description = "The report is closed or archived (`report_closed`)"),
        (status = 422, description = "Invalid fields"),
    )
)]
#[post("/reports/{id}/followups")]
pub async fn create_followup(
    state: web::Data<AppState>,
    viewer: Viewer,
    id: ValidPath<i64>,
    body: Later<NewFollowup>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let site = state.site();
    let followup = state
        .tx(move |conn| followups::follow_up(conn, site, &viewer, id, body))
        .await?;
    Ok(HttpResponse::Created().json(followup))
}

/// A report's thread, oldest first; internal notes only for the handling officers.
#[utoipa::path(
    tag = "followups",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "Report id")),
    responses(
        (status = 200, description = "The thread", body = Vec<Followup>),
        (status = 401, description = "Not signed in"),
        (status = 404, description = "No such report in the caller's scope"),
    )
)]
#[get("/reports/{id}/followups")]
pub async fn list_followups(
    state: web::Data<AppState>,
    viewer: Viewer,
    id: ValidPath<i64>,
) -> Result<web::Json<Vec<Followup>>, ApiError> {
    let id = id.into_inner();
    let thread = state
        .db(move |conn| {
            let report = visible(conn, &viewer, id)?;
            let hide_reporter = !reporter_known(conn, &viewer, &report)?;
            Ok(
                store_followups::of_report(conn, id, policy::sees_notes(&viewer))?
                    .into_iter()
                    .map(|f| Followup {
                        id: f.id,
                        report_id: f.report_id,
                        kind: f.kind,
                        body: f.body,
                        author: (!(hide_reporter && f.author_id == report.reporter_id))
                            .then_some(f.author_name),
                        created_at: f.created_at.and_utc(),
                    })
                    .collect(),
            )
        })
        .await?;
    Ok(web::Json(thread))
}

/// The reporter's verdict on a resolved report, with a 1–5 rating: `accept` closes it;
/// `dispute` sends it back to `in_progress` and reopens the completed dispositions.
#[utoipa::path(
    tag = "followups",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "Report id")),
    request_body = FeedbackRequest,
    responses(
        (status = 200, description = "Recorded", body = Report),
        (status = 400, description = "Malformed JSON or id"),
        (status = 401, description = "Not signed in"),
        (status = 403, description = "Only the reporter gives feedback"),
        (status = 404, description = "No such report in the caller's scope"),
        (status = 409, description = "The report is not resolved (`illegal_transition`)"),
        (status = 422, description = "Invalid fields (rating 1–5; a dispute whose comment does not say what is unresolved: field code `dispute_reason`)"),
    )
)]
#[post("/reports/{id}/feedback")]
pub async fn give_feedback(
    state: web::Data<AppState>,
    Filer(viewer): Filer,
    id: ValidPath<i64>,
    body: Later<FeedbackRequest>,
) -> Result<web::Json<Report>, ApiError> {
    let id = id.into_inner();
    let site = state.site();
    let report = state
        .tx(move |conn| followups::give_feedback(conn, site, &viewer, id, body))
        .await?;
    Ok(web::Json(report))
}
