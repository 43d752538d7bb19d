use crate::auth::{Filer, Viewer};
use crate::domain::lifecycle::{Action, DispositionAction, next_disposition};
use crate::domain::policy;
use crate::error::ApiError;
use crate::notify;
use crate::routes::extract::{LaterJson, ValidPath};
use crate::state::AppState;
use crate::store::dispositions::{self as store_dispositions, DispositionChanges};
use crate::store::followups;
use crate::store::reports::{self as store_reports, NewEvent, ReportChanges};
use crate::workflow::reports::{reporter_known, shown, transition, visible};
use actix_web::{HttpResponse, get, post, web};
use lapor_types::problem::ErrorCode;
use lapor_types::reports::EventKind;
use lapor_types::reports::{
    DispositionStatus, FeedbackRequest, Followup, FollowupKind, NewFollowup, Report, ReportStatus,
    Verdict,
};
use serde_json::json;

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
    body: LaterJson<NewFollowup>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let site = state.site();
    let followup = state
        .tx(move |conn| {
            let report = visible(conn, &viewer, id)?;
            // Neither the reporter nor an officer of it: refused whatever the body says.
            if viewer.id != report.reporter_id {
                policy::may_follow_up(&viewer)?;
            }
            let body = body.open()?;
            if body.kind == FollowupKind::Reply {
                if viewer.id != report.reporter_id {
                    return Err(ApiError::forbidden("only the reporter replies"));
                }
            } else {
                policy::may_follow_up(&viewer)?;
            }
            let status = report.status;
            if matches!(status, ReportStatus::Closed | ReportStatus::Archived) {
                return Err(ApiError::conflict(
                    ErrorCode::ReportClosed,
                    "the report is closed",
                ));
            }
            let text = body.body.trim();
            let followup_id = followups::insert(conn, id, viewer.id, body.kind.as_str(), text)?;
            let event = EventKind::of_followup(body.kind);
            let details = json!({"followup_id": followup_id, "kind": body.kind.as_str()});
            let moves = match (body.kind, status) {
                (FollowupKind::Response, ReportStatus::Dispatched) => Some(Action::FirstResponse),
                (FollowupKind::Reply, ReportStatus::OnHold) => Some(Action::ReporterReply),
                _ => None,
            };
            match moves {
                Some(action) => {
                    transition(
                        conn,
                        site,
                        Some(viewer.id),
                        &report,
                        action,
                        (event, details),
                        ReportChanges::default(),
                    )?;
                }
                None => notify::record(
                    conn,
                    site,
                    &NewEvent {
                        report_id: id,
                        actor_id: Some(viewer.id),
                        action: event,
                        from_status: None,
                        to_status: None,
                        details,
                    },
                )?,
            }
            if body.kind == FollowupKind::Response
                && let Some(unit) = policy::responding_unit(&viewer)
            {
                store_dispositions::mark_responded(conn, id, unit)?;
            }
            let author = crate::store::users::get(conn, viewer.id)?.name;
            Ok(Followup {
                id: followup_id,
                report_id: id,
                kind: body.kind,
                body: text.to_owned(),
                author: Some(author),
                created_at: crate::clock::now(),
            })
        })
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
            Ok(followups::of_report(conn, id, policy::sees_notes(&viewer))?
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
                .collect())
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
    body: LaterJson<FeedbackRequest>,
) -> Result<web::Json<Report>, ApiError> {
    let id = id.into_inner();
    let site = state.site();
    let report = state
        .tx(move |conn| {
            let report = visible(conn, &viewer, id)?;
            if viewer.id != report.reporter_id {
                return Err(ApiError::forbidden("only the reporter gives feedback"));
            }
            let body = body.open()?;
            let comment = body.comment.trim();
            let details = json!({"rating": body.rating, "comment": comment});
            let (action, event) = match body.verdict {
                Verdict::Accept => (Action::Close, EventKind::Accepted),
                Verdict::Dispute => (Action::Dispute, EventKind::Disputed),
            };
            transition(
                conn,
                site,
                Some(viewer.id),
                &report,
                action,
                (event, details),
                ReportChanges::default(),
            )?;
            if body.verdict == Verdict::Dispute {
                for d in store_dispositions::of_report(conn, id)? {
                    if let Ok(to) = next_disposition(d.status, DispositionAction::Reopen) {
                        let changes = DispositionChanges {
                            status: Some(to.as_str().to_owned()),
                            ..Default::default()
                        };
                        store_dispositions::update_from(
                            conn,
                            d.id,
                            DispositionStatus::Completed,
                            &changes,
                        )?;
                    }
                }
            }
            followups::add_feedback(conn, id, body.verdict.as_str(), body.rating, comment)?;
            let row = store_reports::get(conn, id)?;
            shown(conn, &viewer, &row)
        })
        .await?;
    Ok(web::Json(report))
}
