//! The coordinator's work on a report: verify (correcting what the reporter got wrong), hold
//! with a question, archive, flag for investigation (docs/REPORTS.md). Each is checked against
//! the version the caller saw, when they said (`version` in the body or `If-Match`).

use crate::auth::Viewer;
use crate::db::DbConn;
use crate::domain::lifecycle::{self, Action};
use crate::domain::policy;
use crate::error::ApiError;
use crate::notify;
use crate::state::Site;
use crate::store::reports::{self as store_reports, NewEvent, ReportChanges, ReportRow};
use crate::store::{self, categories};
use crate::workflow::Later;
use crate::workflow::reports::{
    calendar, illegal, path_of, periods, shown, stale, transition, visible,
};
use lapor_types::problem::ErrorCode;
use lapor_types::reports::{
    ArchiveRequest, EventKind, HoldRequest, Report, ReportStatus, VerifyRequest,
};
use lapor_types::sla::InvestigationRequest;
use serde_json::json;

/// The version a write expects: the body's, else `If-Match`'s.
fn expected_version(if_match: Option<&str>, body: Option<i32>) -> Result<Option<i32>, ApiError> {
    if body.is_some() {
        return Ok(body);
    }
    let Some(value) = if_match else {
        return Ok(None);
    };
    value
        .trim()
        .trim_start_matches("W/")
        .trim_matches('"')
        .parse()
        .map(Some)
        .map_err(|_| {
            ApiError::bad_request(
                ErrorCode::InvalidIfMatch,
                "If-Match must be a report version, e.g. \"3\"",
            )
        })
}

/// A report the caller coordinates: 404 outside their scope, 403 when they only see it.
fn coordinated(conn: &mut DbConn, viewer: &Viewer, id: i64) -> Result<ReportRow, ApiError> {
    let row = visible(conn, viewer, id)?;
    policy::may_coordinate(viewer, path_of(conn, row.institution_id)?.as_deref())?;
    Ok(row)
}

/// A coordinator's action on a report they coordinate (`coordinated`), at the `version` the
/// caller saw (if they said).
fn act(
    conn: &mut DbConn,
    site: Site,
    viewer: &Viewer,
    (row, version): (&ReportRow, Option<i32>),
    action: Action,
    event: (EventKind, serde_json::Value),
    changes: ReportChanges,
) -> Result<Report, ApiError> {
    lifecycle::next(row.status, action).map_err(illegal)?;
    if version.is_some_and(|v| v != row.version) {
        return Err(stale());
    }
    transition(conn, site, Some(viewer.id), row, action, event, changes)?;
    let row = store_reports::get(conn, row.id)?;
    shown(conn, viewer, &row)
}

/// The coordinator verifies a new (or held) report, correcting title, kind, category or the
/// privacy flags if needed; the original values are kept in the event.
pub fn verify(
    conn: &mut DbConn,
    site: Site,
    viewer: &Viewer,
    (id, if_match): (i64, Option<&str>),
    body: Later<VerifyRequest>,
) -> Result<Report, ApiError> {
    let row = coordinated(conn, viewer, id)?;
    let body = body.open()?;
    let version = expected_version(if_match, body.version)?;
    if let Some(c) = body.category_id
        && categories::get(conn, c)?.is_none()
    {
        return Err(ApiError::field(
            "category_id",
            "unknown",
            "no such category",
        ));
    }
    policy::check_privacy_correction(
        (row.anonymous, row.confidential),
        (body.anonymous, body.confidential),
    )?;
    let mut corrected = serde_json::Map::new();
    let mut note = |field: &str, before: serde_json::Value, after: serde_json::Value| {
        if before != after {
            corrected.insert(field.to_owned(), json!({"before": before, "after": after}));
        }
    };
    if let Some(t) = &body.title {
        note("title", json!(row.title), json!(t.trim()));
    }
    if let Some(k) = body.kind {
        note("kind", json!(row.kind), json!(k.as_str()));
    }
    if let Some(c) = body.category_id {
        note("category_id", json!(row.category_id), json!(c));
    }
    if let Some(a) = body.anonymous {
        note("anonymous", json!(row.anonymous), json!(a));
    }
    if let Some(c) = body.confidential {
        note("confidential", json!(row.confidential), json!(c));
    }
    let details = json!({"corrected": corrected});
    act(
        conn,
        site,
        viewer,
        (&row, version),
        Action::Verify,
        (EventKind::Verified, details),
        ReportChanges {
            kind: body.kind.map(|k| k.as_str().to_owned()),
            title: body.title.as_deref().map(|t| t.trim().to_owned()),
            category_id: body.category_id.map(Some),
            anonymous: body.anonymous,
            confidential: body.confidential,
            verified_at: Some(Some(store::now())),
            ..Default::default()
        },
    )
}

/// The coordinator flags (or unflags) a report as needing investigation, with a reason:
/// resolution then takes the investigation period, counted from the first disposition if there
/// was one.
pub fn flag_investigation(
    conn: &mut DbConn,
    site: Site,
    viewer: &Viewer,
    (id, if_match): (i64, Option<&str>),
    body: Later<InvestigationRequest>,
) -> Result<Report, ApiError> {
    let row = coordinated(conn, viewer, id)?;
    let body = body.open()?;
    let version = expected_version(if_match, body.version)?;
    let status = row.status;
    if matches!(
        status,
        ReportStatus::Resolved | ReportStatus::Closed | ReportStatus::Archived
    ) {
        return Err(ApiError::illegal_transition(status.as_str(), "report"));
    }
    if version.is_some_and(|v| v != row.version) {
        return Err(stale());
    }
    let flagged = ReportRow {
        needs_investigation: body.needs_investigation,
        ..row.clone()
    };
    let resolve_due_at = match row.dispatched_at {
        Some(start) => Some(Some(
            calendar(conn, site.time_zone)?
                .due(start.and_utc(), periods(conn, &flagged)?.resolve)
                .naive_utc(),
        )),
        None => None,
    };
    let changes = ReportChanges {
        needs_investigation: Some(body.needs_investigation),
        resolve_due_at,
        ..Default::default()
    };
    if !store_reports::update_versioned(conn, id, row.version, &changes)? {
        return Err(stale());
    }
    let action = if body.needs_investigation {
        EventKind::InvestigationFlagged
    } else {
        EventKind::InvestigationCleared
    };
    let row = store_reports::get(conn, id)?;
    notify::record(
        conn,
        site,
        &NewEvent {
            report_id: id,
            actor_id: Some(viewer.id),
            action,
            from_status: None,
            to_status: None,
            details: json!({
                "reason": body.reason.trim(),
                "resolve_due_at": row.resolve_due_at.map(|t| t.and_utc()),
            }),
        },
    )?;
    shown(conn, viewer, &row)
}

/// The coordinator puts a new report on hold with a question to the reporter.
pub fn hold(
    conn: &mut DbConn,
    site: Site,
    viewer: &Viewer,
    (id, if_match): (i64, Option<&str>),
    body: Later<HoldRequest>,
) -> Result<Report, ApiError> {
    let row = coordinated(conn, viewer, id)?;
    let body = body.open()?;
    let version = expected_version(if_match, body.version)?;
    let details = json!({"question": body.question.trim()});
    act(
        conn,
        site,
        viewer,
        (&row, version),
        Action::Hold,
        (EventKind::Held, details),
        ReportChanges::default(),
    )
}

/// The coordinator archives a report that will not be handled, with a reason (a duplicate
/// names its original).
pub fn archive(
    conn: &mut DbConn,
    site: Site,
    viewer: &Viewer,
    (id, if_match): (i64, Option<&str>),
    body: Later<ArchiveRequest>,
) -> Result<Report, ApiError> {
    let row = coordinated(conn, viewer, id)?;
    let body = body.open()?;
    let version = expected_version(if_match, body.version)?;
    let original = match body.duplicate_of {
        Some(of) if of == id => {
            return Err(ApiError::field(
                "duplicate_of",
                "self",
                "a report is no duplicate of itself",
            ));
        }
        Some(of) => Some(
            store_reports::visible_report(conn, &policy::report_scope(viewer), of)?
                .ok_or_else(|| ApiError::field("duplicate_of", "unknown", "no such report"))?
                .tracking_id,
        ),
        None => None,
    };
    let details = json!({
        "reason": body.reason.as_str(),
        "note": body.note.trim(),
        "duplicate_of": original,
    });
    act(
        conn,
        site,
        viewer,
        (&row, version),
        Action::Archive,
        (EventKind::Archived, details),
        ReportChanges::default(),
    )
}
