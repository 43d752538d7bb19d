//! Dispositions: routing a verified report to the units that act on it, and what those units
//! (or the coordinator) then do with each (docs/REPORTS.md).

use crate::auth::Viewer;
use crate::db::DbConn;
use crate::domain::deadlines::Subject;
use crate::domain::lifecycle::{self, Action, DispositionAction};
use crate::domain::policy;
use crate::domain::sla::Period;
use crate::error::ApiError;
use crate::state::Site;
use crate::store::dispositions::{self as store_dispositions, DispositionChanges, DispositionRow};
use crate::store::institutions::{self, InstitutionRow};
use crate::store::reports::{self as store_reports, NewEvent, ReportChanges, ReportRow};
use crate::workflow::Later;
use crate::workflow::reports::{calendar, illegal, path_of, transition, visible};
use crate::{clock, notify, store};
use lapor_types::problem::ErrorCode;
use lapor_types::reports::{
    CompleteRequest, DeclineRequest, Disposition, DispositionStatus, EventKind, NewDisposition,
};
use lapor_types::sla::ExtensionRequest;
use serde_json::json;

fn institution(conn: &mut DbConn, id: i64) -> Result<InstitutionRow, ApiError> {
    institutions::get(conn, id)?
        .filter(|i| i.active)
        .ok_or_else(|| ApiError::field("institution_id", "unknown", "no such active institution"))
}

/// Routes a verified report to an institution. Coordinators dispose within their subtree;
/// a unit holding an accepted disposition may divide it among its own sub-units
/// (`parent_disposition_id`).
pub fn dispose(
    conn: &mut DbConn,
    site: Site,
    viewer: &Viewer,
    report_id: i64,
    body: Later<NewDisposition>,
) -> Result<Disposition, ApiError> {
    let report = visible(conn, viewer, report_id)?;
    let body = body.open()?;
    // Who may dispose at all comes before what they asked for.
    match body.parent_disposition_id {
        None => policy::may_coordinate(viewer, path_of(conn, report.institution_id)?.as_deref())?,
        Some(_) => policy::may_follow_up(viewer)?,
    }
    let target = institution(conn, body.institution_id)?;
    match body.parent_disposition_id {
        None => {
            if !policy::may_dispose_within(viewer, &target.path) {
                return Err(ApiError::forbidden(
                    "coordinators dispose to institutions of their own subtree",
                ));
            }
        }
        Some(parent_id) => {
            let parent = store_dispositions::get(conn, parent_id)?
                .filter(|p| p.report_id == report_id)
                .ok_or_else(|| {
                    ApiError::field(
                        "parent_disposition_id",
                        "unknown",
                        "no such disposition of this report",
                    )
                })?;
            let unit = institution(conn, parent.institution_id)?;
            if !policy::may_dispose_within(viewer, &unit.path) {
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
    let taken = store_dispositions::of_report(conn, report_id)?
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
            report_id,
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

/// What a unit (or, for a recall, whoever disposed) does to a disposition.
pub enum Handling {
    Accept,
    /// "Not our authority", with a reason.
    Decline(Later<DeclineRequest>),
    /// The work is done, with the resolution.
    Complete(Later<CompleteRequest>),
    Recall,
}

impl Handling {
    fn action(&self) -> DispositionAction {
        match self {
            Handling::Accept => DispositionAction::Accept,
            Handling::Decline(_) => DispositionAction::Decline,
            Handling::Complete(_) => DispositionAction::Complete,
            Handling::Recall => DispositionAction::Recall,
        }
    }
}

/// Applies `handling` to the disposition `id` when the viewer may (`may_handle`), records it,
/// and moves the report when its dispositions say so (all complete: resolved; none left: back
/// to the coordinator).
pub fn handle(
    conn: &mut DbConn,
    site: Site,
    viewer: &Viewer,
    id: i64,
    handling: Handling,
) -> Result<Disposition, ApiError> {
    let action = handling.action();
    let (disposition, report, unit) = may_handle(conn, viewer, id, action)?;
    let (event, details, changes) = match handling {
        Handling::Accept => (
            EventKind::DispositionAccepted,
            json!({}),
            Default::default(),
        ),
        Handling::Recall => (
            EventKind::DispositionRecalled,
            json!({}),
            Default::default(),
        ),
        Handling::Decline(body) => {
            let reason = body.open()?.reason.trim().to_owned();
            (
                EventKind::DispositionDeclined,
                json!({"reason": reason}),
                DispositionChanges {
                    decline_reason: Some(Some(reason)),
                    ..Default::default()
                },
            )
        }
        Handling::Complete(body) => {
            let resolution = body.open()?.resolution.trim().to_owned();
            (
                EventKind::DispositionCompleted,
                json!({"resolution": resolution}),
                DispositionChanges {
                    resolution: Some(Some(resolution)),
                    ..Default::default()
                },
            )
        }
    };
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
    let mut details = details;
    details["disposition_id"] = json!(id);
    details["institution_id"] = json!(unit.id);
    details["institution"] = json!(unit.name);
    notify::record(
        conn,
        site,
        &NewEvent {
            report_id: report.id,
            actor_id: Some(viewer.id),
            action: event,
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

/// The one extension a disposition may have, with a reason, by its unit or the coordinator: the
/// unit's response deadline (while unanswered) and the report's resolution deadline move on by
/// `working_days`; the reporter is told, and the timeline shows why.
pub fn extend(
    conn: &mut DbConn,
    site: Site,
    viewer: &Viewer,
    id: i64,
    body: Later<ExtensionRequest>,
) -> Result<Disposition, ApiError> {
    let (disposition, report, unit) = handled(conn, viewer, id)?;
    let report_institution = path_of(conn, report.institution_id)?;
    let allowed = policy::may_extend(viewer, &unit.path, report_institution.as_deref());
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
    let later =
        |t: Option<chrono::NaiveDateTime>| t.map(|t| calendar.extend(t.and_utc(), by).naive_utc());
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
}
