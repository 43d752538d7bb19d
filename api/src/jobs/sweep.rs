//! The SLA sweep: flags passed deadlines and escalates them (an event in the timeline, and
//! notifications to the unit, the coordinators and the supervisors), warns of deadlines that are
//! near, and closes resolved reports whose reply window passed without an answer.
//!
//! Each item is its own transaction that first claims the report (`db::claim_report`) and then
//! looks again: replicas sweeping at once share the items, and a second run finds nothing left
//! to do — the `deadline_alerts` row (or the report's new status) is the proof it was done.

use crate::db::{self, DbConn};
use crate::error::ApiError;
use crate::notify;
use crate::routes::reports::transition;
use crate::state::Site;
use crate::store::deadlines::{self as due, Due, Level};
use crate::store::reports::{self as store_reports, NewEvent, ReportChanges};
use crate::store::{self, institutions};
use chrono::{Duration, NaiveDateTime};
use lapor_types::sla::SlaStage;
use serde_json::json;

/// How long before a deadline its warning goes out.
pub const WARNING: Duration = Duration::hours(24);

/// Items taken per query; the sweep queries again until none are left.
const BATCH: i64 = 200;

/// What one sweep did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Swept {
    pub passed: usize,
    pub approaching: usize,
    pub closed: usize,
}

/// What the sweep watches: a report's own deadline at a stage, or units' response deadlines.
#[derive(Debug, Clone, Copy)]
enum Watch {
    Report(SlaStage),
    Response,
}

/// The rounds of a sweep, in order: escalations, warnings, then auto-close.
const PLAN: [(Watch, Level); 6] = [
    (Watch::Report(SlaStage::Verify), Level::Passed),
    (Watch::Report(SlaStage::Resolve), Level::Passed),
    (Watch::Response, Level::Passed),
    (Watch::Report(SlaStage::Resolve), Level::Approaching),
    (Watch::Response, Level::Approaching),
    (Watch::Report(SlaStage::Feedback), Level::Passed),
];

pub fn run(conn: &mut DbConn, site: Site) -> Result<Swept, ApiError> {
    let mut swept = Swept::default();
    for (watch, level) in PLAN {
        type Act = fn(&mut DbConn, Site, &Due) -> Result<(), ApiError>;
        let (act, tally): (Act, &mut usize) = match (watch, level) {
            (Watch::Report(SlaStage::Feedback), _) => (auto_close, &mut swept.closed),
            (_, Level::Passed) => (escalate, &mut swept.passed),
            (_, Level::Approaching) => (warn, &mut swept.approaching),
        };
        *tally += each(conn, watch, level, |c, item| act(c, site, item))?;
    }
    Ok(swept)
}

/// The items `watch` finds at `level` now (`only`: one report or disposition id).
fn find(
    conn: &mut DbConn,
    (watch, level): (Watch, Level),
    only: Option<i64>,
    now: NaiveDateTime,
) -> Result<Vec<Due>, ApiError> {
    let window = match level {
        Level::Passed => (None, now),
        Level::Approaching => (Some(now), now + WARNING),
    };
    Ok(match watch {
        Watch::Report(stage) => due::reports_due(conn, stage, level, window, only, BATCH)?,
        Watch::Response => due::responses_due(conn, level, window, only, BATCH)?,
    })
}

/// Runs `act` on every item found, each in its own transaction under the report's claim, after
/// finding it again there (another worker may have done it meanwhile). Returns how many it did.
fn each(
    conn: &mut DbConn,
    watch: Watch,
    level: Level,
    act: impl Fn(&mut DbConn, &Due) -> Result<(), ApiError>,
) -> Result<usize, ApiError> {
    let mut done = 0;
    let mut skipped = std::collections::HashSet::new();
    loop {
        let now = store::now();
        let items: Vec<Due> = find(conn, (watch, level), None, now)?
            .into_iter()
            .filter(|i| !skipped.contains(&(i.report_id, i.disposition_id)))
            .collect();
        if items.is_empty() {
            return Ok(done);
        }
        for item in items {
            let only = item.disposition_id.unwrap_or(item.report_id);
            let did = db::write_transaction(conn, |c| {
                if !db::claim_report(c, item.report_id)? {
                    return Ok::<_, ApiError>(false);
                }
                let Some(item) = find(c, (watch, level), Some(only), now)?.pop() else {
                    return Ok(false);
                };
                act(c, &item)?;
                Ok(true)
            });
            match did {
                Ok(true) => done += 1,
                // Claimed by another worker, or done already: not ours this run.
                Ok(false) => {
                    skipped.insert((item.report_id, item.disposition_id));
                }
                // The database is away: the round ends, the next tick tries again.
                Err(e) if e.status == actix_web::http::StatusCode::SERVICE_UNAVAILABLE => {
                    return Err(e);
                }
                // One item that fails (say, the reporter answered at that moment) must not stop
                // the rest; it is found again next round if it still applies.
                Err(e) => {
                    log::warn!(
                        "sweep: {:?} of report {} left for the next round: {} {}",
                        item.stage,
                        item.report_id,
                        e.code,
                        e.internal.unwrap_or_default()
                    );
                    skipped.insert((item.report_id, item.disposition_id));
                }
            }
        }
    }
}

fn details(conn: &mut DbConn, item: &Due) -> Result<serde_json::Value, ApiError> {
    let mut details = json!({
        "stage": item.stage.as_str(),
        "due_at": item.due_at.and_utc(),
    });
    if let Some(id) = item.disposition_id {
        details["disposition_id"] = json!(id);
    }
    if let Some(id) = item.institution_id
        && let Some(unit) = institutions::get(conn, id)?
    {
        details["institution_id"] = json!(unit.id);
        details["institution"] = json!(unit.name);
    }
    Ok(details)
}

fn escalate(conn: &mut DbConn, site: Site, item: &Due) -> Result<(), ApiError> {
    due::insert_alert(conn, item, Level::Passed)?;
    due::flag_overdue(conn, item)?;
    let details = details(conn, item)?;
    notify::record(
        conn,
        site,
        &NewEvent {
            report_id: item.report_id,
            actor_id: None,
            action: "deadline_passed",
            from_status: None,
            to_status: None,
            details,
        },
    )
}

fn warn(conn: &mut DbConn, site: Site, item: &Due) -> Result<(), ApiError> {
    due::insert_alert(conn, item, Level::Approaching)?;
    let details = details(conn, item)?;
    let report = store_reports::get(conn, item.report_id)?;
    notify::tell(conn, site, &report, "deadline_approaching", &details, None)
}

fn auto_close(conn: &mut DbConn, site: Site, item: &Due) -> Result<(), ApiError> {
    let report = store_reports::get(conn, item.report_id)?;
    transition(
        conn,
        site,
        None,
        &report,
        crate::domain::lifecycle::Action::Close,
        (
            "auto_closed",
            json!({"reply_window_ended_at": item.due_at.and_utc()}),
        ),
        ReportChanges::default(),
    )
    .map(|_| ())
}
