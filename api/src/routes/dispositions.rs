use crate::auth::{Officer, Staff, Viewer};
use crate::db::DbConn;
use crate::domain::deadlines::Subject;
use crate::domain::lifecycle::{self, Action, DispositionAction};
use crate::domain::policy;
use crate::domain::sla::Period;
use crate::error::ApiError;
use crate::routes::extract::{LaterJson, ValidPath, ValidQuery};
use crate::state::AppState;
use crate::state::Site;
use crate::store::dispositions::{self as store_dispositions, DispositionChanges, DispositionRow};
use crate::store::institutions::InstitutionRow;
use crate::store::reports::{self as store_reports, NewEvent, ReportChanges, ReportRow};
use crate::store::{self, institutions};
use crate::workflow::reports::{calendar, illegal, path_of, transition, visible};
use crate::{clock, notify};
use actix_web::{HttpResponse, get, post, web};
use lapor_types::Page;
use lapor_types::problem::ErrorCode;
use lapor_types::reports::EventKind;
use lapor_types::reports::{
    CompleteRequest, DeclineRequest, DisposedReport, Disposition, DispositionQuery,
    DispositionStatus, NewDisposition,
};
use lapor_types::sla::ExtensionRequest;
use serde_json::json;
use std::collections::HashMap;

fn institution(conn: &mut DbConn, id: i64) -> Result<institutions::InstitutionRow, ApiError> {
    institutions::get(conn, id)?
        .filter(|i| i.active)
        .ok_or_else(|| ApiError::field("institution_id", "unknown", "no such active institution"))
}

/// Routes a verified report to an institution. Coordinators dispose within their subtree;
/// a unit holding an accepted disposition may divide it among its own sub-units
/// (`parent_disposition_id`). Several dispositions may be active at once.
#[utoipa::path(
    tag = "dispositions",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "Report id")),
    request_body = NewDisposition,
    responses(
        (status = 201, description = "Disposed", body = Disposition),
        (status = 400, description = "Malformed JSON or id"),
        (status = 401, description = "Not signed in"),
        (status = 403, description = "Not the caller's to dispose (role, or an institution outside their subtree)"),
        (status = 404, description = "No such report in the caller's scope"),
        (status = 409, description = "Not verified yet (`not_verified`), already disposed there (`already_disposed`), parent not accepted (`parent_not_accepted`), or `illegal_transition`"),
        (status = 422, description = "Invalid fields, unknown institution or parent, a due date in the past"),
    )
)]
#[post("/reports/{id}/dispositions")]
pub async fn create_disposition(
    state: web::Data<AppState>,
    Officer(viewer): Officer,
    id: ValidPath<i64>,
    body: LaterJson<NewDisposition>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let site = state.site();
    let disposition = state
        .tx(move |conn| {
            let report = visible(conn, &viewer, id)?;
            let body = body.open()?;
            // Who may dispose at all comes before what they asked for.
            match body.parent_disposition_id {
                None => policy::may_coordinate(
                    &viewer,
                    path_of(conn, report.institution_id)?.as_deref(),
                )?,
                Some(_) => policy::may_follow_up(&viewer)?,
            }
            let target = institution(conn, body.institution_id)?;
            match body.parent_disposition_id {
                None => {
                    if !policy::may_dispose_within(&viewer, &target.path) {
                        return Err(ApiError::forbidden(
                            "coordinators dispose to institutions of their own subtree",
                        ));
                    }
                }
                Some(parent_id) => {
                    let parent = store_dispositions::get(conn, parent_id)?
                        .filter(|p| p.report_id == id)
                        .ok_or_else(|| {
                            ApiError::field(
                                "parent_disposition_id",
                                "unknown",
                                "no such disposition of this report",
                            )
                        })?;
                    let unit = institution(conn, parent.institution_id)?;
                    if !policy::may_dispose_within(&viewer, &unit.path) {
                        return Err(ApiError::forbidden(
                            "only the disposed unit divides its disposition",
                        ));
                    }
                    if parent.status != DispositionStatus::Accepted {
                        return Err(ApiError::conflict(
                            ErrorCode::ParentNotAccepted,
                            "accept the disposition before dividing it",
                        ));
                    }
                    if target.path == unit.path || !target.path.starts_with(&unit.path) {
                        return Err(ApiError::field(
                            "institution_id",
                            "not_sub_unit",
                            "a unit disposes only to its own sub-units",
                        ));
                    }
                }
            }
            if report.verified_at.is_none() {
                return Err(ApiError::conflict(
                    ErrorCode::NotVerified,
                    "verify the report before disposing it",
                ));
            }
            lifecycle::next(report.status, Action::Dispatch).map_err(illegal)?;
            if body.due_at.is_some_and(|due| due <= clock::now()) {
                return Err(ApiError::field("due_at", "past", "the due date has passed"));
            }
            let taken = store_dispositions::of_report(conn, id)?
                .iter()
                .any(|d| d.institution_id == target.id && lifecycle::counts(d.status));
            if taken {
                return Err(ApiError::conflict(
                    ErrorCode::AlreadyDisposed,
                    "the report is already disposed to this institution",
                ));
            }
            let first_response = store::sla::policy(conn)?.first_response(Subject {
                kind: report.kind,
                category_id: report.category_id,
                institution_path: Some(&target.path),
            });
            let response_due_at = calendar(conn, site.time_zone)?
                .due(clock::now(), first_response)
                .naive_utc();
            let row = store_dispositions::insert(
                conn,
                &store_dispositions::NewDispositionRow {
                    report_id: id,
                    institution_id: target.id,
                    parent_disposition_id: body.parent_disposition_id,
                    instruction: body.instruction.trim(),
                    due_at: body.due_at.map(|d| d.naive_utc()),
                    response_due_at: Some(response_due_at),
                    created_by: viewer.id,
                },
            )?;
            let details = json!({
                "disposition_id": row.id,
                "institution_id": target.id,
                "institution": target.name,
                "instruction": row.instruction,
            });
            transition(
                conn,
                site,
                Some(viewer.id),
                &report,
                Action::Dispatch,
                (EventKind::Disposed, details),
                ReportChanges::default(),
            )?;
            Ok(row.to_wire())
        })
        .await?;
    Ok(HttpResponse::Created()
        .insert_header((
            "Location",
            format!("/api/v1/dispositions/{}", disposition.id),
        ))
        .json(disposition))
}

/// The dispositions of one report.
#[utoipa::path(
    tag = "dispositions",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "Report id")),
    responses(
        (status = 200, description = "Its dispositions, oldest first", body = Vec<Disposition>),
        (status = 401, description = "Not signed in"),
        (status = 404, description = "No such report in the caller's scope"),
    )
)]
#[get("/reports/{id}/dispositions")]
pub async fn list_report_dispositions(
    state: web::Data<AppState>,
    viewer: Viewer,
    id: ValidPath<i64>,
) -> Result<web::Json<Vec<Disposition>>, ApiError> {
    let id = id.into_inner();
    let rows = state
        .db(move |conn| {
            visible(conn, &viewer, id)?;
            Ok(store_dispositions::of_report(conn, id)?)
        })
        .await?;
    Ok(web::Json(
        rows.iter().map(DispositionRow::to_wire).collect(),
    ))
}

/// A unit's inbox: dispositions to the caller's institution and its sub-units, newest first,
/// each with its report's tracking id, title, status and resolution deadline.
#[utoipa::path(
    tag = "dispositions",
    security(("bearer" = [])),
    params(DispositionQuery),
    responses(
        (status = 200, description = "A page of dispositions", body = Page<Disposition>),
        (status = 401, description = "Not signed in"),
        (status = 403, description = "Citizens have no inbox"),
        (status = 422, description = "Invalid query"),
    )
)]
#[get("/dispositions")]
pub async fn list_dispositions(
    state: web::Data<AppState>,
    Staff(viewer): Staff,
    ValidQuery(q): ValidQuery<DispositionQuery>,
) -> Result<web::Json<Page<Disposition>>, ApiError> {
    let within = policy::officer_subtree(&viewer)?;
    let before = store::id_cursor(&q.cursor)?;
    let limit = q.limit.unwrap_or(store::DEFAULT_LIMIT);
    let scope = policy::report_scope(&viewer);
    let items = state
        .db(move |conn| {
            let rows = store_dispositions::list(conn, within.as_deref(), &q, before, limit)?;
            let ids: Vec<i64> = rows.iter().map(|d| d.report_id).collect();
            let reports: HashMap<i64, DisposedReport> =
                store_reports::disposed(conn, &scope, &ids)?
                    .into_iter()
                    .collect();
            Ok(rows.iter().map(|row| in_inbox(row, &reports)).collect())
        })
        .await?;
    Ok(web::Json(store::page(items, limit, |d: &Disposition| {
        d.id.to_string()
    })))
}

/// A disposition as an inbox shows it, with its report when the viewer may see that: a unit
/// that declined or lost a disposition by recall sees neither the report nor the instruction.
fn in_inbox(row: &DispositionRow, reports: &HashMap<i64, DisposedReport>) -> Disposition {
    let wire = row.to_wire();
    match reports.get(&row.report_id) {
        Some(report) => Disposition {
            report: Some(report.clone()),
            ..wire
        },
        None => Disposition {
            instruction: String::new(),
            ..wire
        },
    }
}

/// A disposition, its report (if the viewer may see it: 404 otherwise) and its unit.
fn handled(
    conn: &mut DbConn,
    viewer: &Viewer,
    id: i64,
) -> Result<(DispositionRow, ReportRow, InstitutionRow), ApiError> {
    let disposition = store_dispositions::get(conn, id)?.ok_or_else(ApiError::not_found)?;
    let report = visible(conn, viewer, disposition.report_id)?;
    let unit =
        institutions::get(conn, disposition.institution_id)?.ok_or_else(ApiError::not_found)?;
    Ok((disposition, report, unit))
}

fn stale() -> ApiError {
    ApiError::conflict(
        ErrorCode::VersionConflict,
        "the disposition changed meanwhile; reload",
    )
}

/// The disposition, its report and unit, when the viewer may apply `action` to it: 404 outside
/// their scope, 403 when it is not theirs to handle.
fn may_handle(
    conn: &mut DbConn,
    viewer: &Viewer,
    id: i64,
    action: DispositionAction,
) -> Result<(DispositionRow, ReportRow, InstitutionRow), ApiError> {
    let (disposition, report, unit) = handled(conn, viewer, id)?;
    let allowed = match action {
        DispositionAction::Recall => {
            let parent_unit = match disposition.parent_disposition_id {
                Some(p) => store_dispositions::get(conn, p)?
                    .and_then(|p| institutions::get(conn, p.institution_id).ok().flatten()),
                None => None,
            };
            policy::may_recall(
                viewer,
                &unit.path,
                path_of(conn, report.institution_id)?.as_deref(),
                parent_unit.as_ref().map(|u| u.path.as_str()),
            )
        }
        _ => policy::handles_disposition(viewer, &unit.path),
    };
    if !allowed {
        return Err(ApiError::forbidden(
            "this disposition is not yours to handle",
        ));
    }
    Ok((disposition, report, unit))
}

/// Applies `action` to a disposition the viewer may handle (`may_handle`), records it, and
/// moves the report when its dispositions say so (all complete: resolved; none left: back to
/// the coordinator).
fn act(
    conn: &mut DbConn,
    site: Site,
    viewer: &Viewer,
    (disposition, report, unit): (DispositionRow, ReportRow, InstitutionRow),
    action: DispositionAction,
    event: (EventKind, serde_json::Value),
    changes: DispositionChanges,
) -> Result<Disposition, ApiError> {
    let id = disposition.id;
    let from = disposition.status;
    let to = lifecycle::next_disposition(from, action)
        .map_err(|current| ApiError::illegal_transition(current.as_str(), "disposition"))?;
    let changes = DispositionChanges {
        status: Some(to.as_str().to_owned()),
        ..changes
    };
    if !store_dispositions::update_from(conn, id, from, &changes)? {
        return Err(stale());
    }
    let mut details = event.1;
    details["disposition_id"] = json!(id);
    details["institution_id"] = json!(unit.id);
    details["institution"] = json!(unit.name);
    notify::record(
        conn,
        site,
        &NewEvent {
            report_id: report.id,
            actor_id: Some(viewer.id),
            action: event.0,
            from_status: None,
            to_status: None,
            details,
        },
    )?;
    let statuses: Vec<DispositionStatus> = store_dispositions::of_report(conn, report.id)?
        .iter()
        .map(|d| d.status)
        .collect();
    if action != DispositionAction::Accept
        && let Some(next) = lifecycle::after_dispositions(&statuses)
    {
        let name = if next == Action::Resolve {
            EventKind::Resolved
        } else {
            EventKind::Returned
        };
        let report = store_reports::get(conn, report.id)?;
        transition(
            conn,
            site,
            None,
            &report,
            next,
            (name, json!({})),
            ReportChanges::default(),
        )?;
    }
    Ok(store_dispositions::get(conn, id)?
        .ok_or_else(ApiError::not_found)?
        .to_wire())
}

/// The unit takes the disposition on.
#[utoipa::path(
    tag = "dispositions",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "Disposition id")),
    responses(
        (status = 200, description = "Accepted", body = Disposition),
        (status = 401, description = "Not signed in"),
        (status = 403, description = "Not the caller's unit"),
        (status = 404, description = "No such disposition in the caller's scope"),
        (status = 409, description = "Not pending (`illegal_transition`)"),
    )
)]
#[post("/dispositions/{id}/accept")]
pub async fn accept_disposition(
    state: web::Data<AppState>,
    viewer: Viewer,
    id: ValidPath<i64>,
) -> Result<web::Json<Disposition>, ApiError> {
    let id = id.into_inner();
    let site = state.site();
    let d = state
        .tx(move |conn| {
            let handled = may_handle(conn, &viewer, id, DispositionAction::Accept)?;
            act(
                conn,
                site,
                &viewer,
                handled,
                DispositionAction::Accept,
                (EventKind::DispositionAccepted, json!({})),
                DispositionChanges::default(),
            )
        })
        .await?;
    Ok(web::Json(d))
}

/// "Not our authority": the unit returns the disposition with a reason. When no disposition of
/// the report remains, the report goes back to the coordinator (status `submitted`).
#[utoipa::path(
    tag = "dispositions",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "Disposition id")),
    request_body = DeclineRequest,
    responses(
        (status = 200, description = "Declined", body = Disposition),
        (status = 400, description = "Malformed JSON or id"),
        (status = 401, description = "Not signed in"),
        (status = 403, description = "Not the caller's unit"),
        (status = 404, description = "No such disposition in the caller's scope"),
        (status = 409, description = "Already completed, declined or recalled (`illegal_transition`)"),
        (status = 422, description = "Invalid fields"),
    )
)]
#[post("/dispositions/{id}/decline")]
pub async fn decline_disposition(
    state: web::Data<AppState>,
    Officer(viewer): Officer,
    id: ValidPath<i64>,
    body: LaterJson<DeclineRequest>,
) -> Result<web::Json<Disposition>, ApiError> {
    let id = id.into_inner();
    let site = state.site();
    let d = state
        .tx(move |conn| {
            let handled = may_handle(conn, &viewer, id, DispositionAction::Decline)?;
            let body = body.open()?;
            let reason = body.reason.trim().to_owned();
            let changes = DispositionChanges {
                decline_reason: Some(Some(reason.clone())),
                ..Default::default()
            };
            act(
                conn,
                site,
                &viewer,
                handled,
                DispositionAction::Decline,
                (EventKind::DispositionDeclined, json!({"reason": reason})),
                changes,
            )
        })
        .await?;
    Ok(web::Json(d))
}

/// The unit reports its work done. When every disposition that counts is complete, the report
/// is `resolved` and waits for the reporter's verdict.
#[utoipa::path(
    tag = "dispositions",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "Disposition id")),
    request_body = CompleteRequest,
    responses(
        (status = 200, description = "Completed", body = Disposition),
        (status = 400, description = "Malformed JSON or id"),
        (status = 401, description = "Not signed in"),
        (status = 403, description = "Not the caller's unit"),
        (status = 404, description = "No such disposition in the caller's scope"),
        (status = 409, description = "Not accepted (`illegal_transition`)"),
        (status = 422, description = "Invalid fields"),
    )
)]
#[post("/dispositions/{id}/complete")]
pub async fn complete_disposition(
    state: web::Data<AppState>,
    Officer(viewer): Officer,
    id: ValidPath<i64>,
    body: LaterJson<CompleteRequest>,
) -> Result<web::Json<Disposition>, ApiError> {
    let id = id.into_inner();
    let site = state.site();
    let d = state
        .tx(move |conn| {
            let handled = may_handle(conn, &viewer, id, DispositionAction::Complete)?;
            let body = body.open()?;
            let resolution = body.resolution.trim().to_owned();
            let changes = DispositionChanges {
                resolution: Some(Some(resolution.clone())),
                ..Default::default()
            };
            act(
                conn,
                site,
                &viewer,
                handled,
                DispositionAction::Complete,
                (
                    EventKind::DispositionCompleted,
                    json!({"resolution": resolution}),
                ),
                changes,
            )
        })
        .await?;
    Ok(web::Json(d))
}

/// The coordinator (or, for a sub-disposition, the dividing unit) takes a disposition back,
/// e.g. to re-route it (pengalihan).
#[utoipa::path(
    tag = "dispositions",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "Disposition id")),
    responses(
        (status = 200, description = "Recalled", body = Disposition),
        (status = 401, description = "Not signed in"),
        (status = 403, description = "Not the caller's to recall"),
        (status = 404, description = "No such disposition in the caller's scope"),
        (status = 409, description = "Already completed, declined or recalled (`illegal_transition`)"),
    )
)]
#[post("/dispositions/{id}/recall")]
pub async fn recall_disposition(
    state: web::Data<AppState>,
    viewer: Viewer,
    id: ValidPath<i64>,
) -> Result<web::Json<Disposition>, ApiError> {
    let id = id.into_inner();
    let site = state.site();
    let d = state
        .tx(move |conn| {
            let handled = may_handle(conn, &viewer, id, DispositionAction::Recall)?;
            act(
                conn,
                site,
                &viewer,
                handled,
                DispositionAction::Recall,
                (EventKind::DispositionRecalled, json!({})),
                DispositionChanges::default(),
            )
        })
        .await?;
    Ok(web::Json(d))
}

/// The one extension a disposition may have, with a reason, by its unit or the coordinator: the
/// unit's response deadline (while unanswered) and the report's resolution deadline move on by
/// `working_days`; the reporter is told, and the timeline shows why.
#[utoipa::path(
    tag = "dispositions",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "Disposition id")),
    request_body = ExtensionRequest,
    responses(
        (status = 200, description = "Extended", body = Disposition),
        (status = 400, description = "Malformed JSON or id"),
        (status = 401, description = "Not signed in"),
        (status = 403, description = "Neither the caller's unit nor a coordinator of the report"),
        (status = 404, description = "No such disposition in the caller's scope"),
        (status = 409, description = "Extended before (`already_extended`), no longer open (`illegal_transition`), or a concurrent change (`version_conflict`)"),
        (status = 422, description = "Invalid fields"),
    )
)]
#[post("/dispositions/{id}/extension")]
pub async fn extend_disposition(
    state: web::Data<AppState>,
    Officer(viewer): Officer,
    id: ValidPath<i64>,
    body: LaterJson<ExtensionRequest>,
) -> Result<web::Json<Disposition>, ApiError> {
    let id = id.into_inner();
    let site = state.site();
    let d = state
        .tx(move |conn| {
            let (disposition, report, unit) = handled(conn, &viewer, id)?;
            let report_institution = path_of(conn, report.institution_id)?;
            let allowed = policy::may_extend(&viewer, &unit.path, report_institution.as_deref());
            if !allowed {
                return Err(ApiError::forbidden(
                    "extensions are for the disposition's unit or the coordinator",
                ));
            }
            let body = body.open()?;
            if !matches!(
                disposition.status,
                DispositionStatus::Pending | DispositionStatus::Accepted
            ) {
                return Err(ApiError::illegal_transition(
                    disposition.status.as_str(),
                    "disposition",
                ));
            }
            if disposition.extended_at.is_some() {
                return Err(ApiError::conflict(
                    ErrorCode::AlreadyExtended,
                    "a disposition is extended once",
                ));
            }
            let calendar = calendar(conn, site.time_zone)?;
            let by = Period::WorkingDays(body.working_days);
            let later = |t: Option<chrono::NaiveDateTime>| {
                t.map(|t| calendar.extend(t.and_utc(), by).naive_utc())
            };
            let response_due_at = match disposition.responded_at {
                None => later(disposition.response_due_at),
                Some(_) => disposition.response_due_at,
            };
            let resolve_due_at = later(report.resolve_due_at);
            let reason = body.reason.trim().to_owned();
            if !store_dispositions::extend(conn, id, response_due_at, &reason)? {
                return Err(stale());
            }
            let changes = ReportChanges {
                resolve_due_at: Some(resolve_due_at),
                ..Default::default()
            };
            if !store_reports::update_versioned(conn, report.id, report.version, &changes)? {
                return Err(ApiError::conflict(
                    ErrorCode::VersionConflict,
                    "the report changed meanwhile; reload",
                ));
            }
            notify::record(
                conn,
                site,
                &NewEvent {
                    report_id: report.id,
                    actor_id: Some(viewer.id),
                    action: EventKind::DeadlineExtended,
                    from_status: None,
                    to_status: None,
                    details: json!({
                        "disposition_id": id,
                        "institution_id": unit.id,
                        "institution": unit.name,
                        "working_days": body.working_days,
                        "reason": reason,
                        "response_due_at": response_due_at.map(|t| t.and_utc()),
                        "resolve_due_at": resolve_due_at.map(|t| t.and_utc()),
                    }),
                },
            )?;
            Ok(store_dispositions::get(conn, id)?
                .ok_or_else(ApiError::not_found)?
                .to_wire())
        })
        .await?;
    Ok(web::Json(d))
}
