//! The report's thread (officers' responses and notes, questions to the reporter, the reporter's
//! replies) and the reporter's verdict (docs/REPORTS.md).

use crate::auth::Viewer;
use crate::db::DbConn;
use crate::domain::lifecycle::{Action, DispositionAction, next_disposition};
use crate::domain::policy;
use crate::error::ApiError;
use crate::notify;
use crate::state::Site;
use crate::store::dispositions::{self as store_dispositions, DispositionChanges};
use crate::store::followups;
use crate::store::reports::{self as store_reports, NewEvent, ReportChanges};
use crate::workflow::Later;
use crate::workflow::reports::{shown, transition, visible};
use lapor_types::problem::ErrorCode;
use lapor_types::reports::{
    DispositionStatus, EventKind, FeedbackRequest, Followup, FollowupKind, NewFollowup, Report,
    ReportStatus, Verdict,
};
use serde_json::json;

/// Adds to a report's thread: an officer's public `response` (the first one moves a dispatched
/// report to `in_progress`), an internal `note`, an `info_request` to the reporter, or the
/// reporter's `reply` (which brings a held report back to the coordinator).
pub fn follow_up(
    conn: &mut DbConn,
    site: Site,
    viewer: &Viewer,
    id: i64,
    body: Later<NewFollowup>,
) -> Result<Followup, ApiError> {
    let report = visible(conn, viewer, id)?;
    // Neither the reporter nor an officer of it: refused whatever the body says.
    if viewer.id != report.reporter_id {
        policy::may_follow_up(viewer)?;
    }
    let body = body.open()?;
    if body.kind == FollowupKind::Reply {
        if viewer.id != report.reporter_id {
            return Err(ApiError::forbidden("only the reporter replies"));
        }
    } else {
        policy::may_follow_up(viewer)?;
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
        && let Some(unit) = policy::responding_unit(viewer)
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
}

/// The reporter's verdict on a resolved report, with a 1–5 rating: `accept` closes it;
/// `dispute` sends it back to `in_progress` and reopens the completed dispositions.
pub fn give_feedback(
    conn: &mut DbConn,
    site: Site,
    viewer: &Viewer,
    id: i64,
    body: Later<FeedbackRequest>,
) -> Result<Report, ApiError> {
    let report = visible(conn, viewer, id)?;
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
    shown(conn, viewer, &row)
}
