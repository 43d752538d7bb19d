//! The SLA sweep: flags passed deadlines and escalates them (an event in the timeline, and
//! notifications to the unit, the coordinators and the supervisors), warns of deadlines that are
//! near, and closes resolved reports whose reply window passed without an answer.
//!
//! The items are taken a batch at a time, each batch one transaction that first claims the
//! batch's reports (`db::claim_reports`) and then looks again: replicas sweeping at once share
//! the items, and a second run finds nothing left to do — the `deadline_alerts` row (or the
//! report's new status) is the proof it was done. Each item runs under its own savepoint, so one
//! that fails is left for the next round without undoing the others.

use crate::db::{self, DbConn};
use crate::error::ApiError;
use crate::jobs::JobError;
use crate::notify;
use crate::state::Site;
use crate::store::deadlines::{self as due, Due, Level};
use crate::store::reports::{self as store_reports, NewEvent, ReportChanges};
use crate::store::{self, institutions};
use crate::workflow::reports::transition;
use chrono::{Duration, NaiveDateTime};
use diesel::Connection;
use lapor_types::reports::EventKind;
use lapor_types::sla::SlaStage;
use serde_json::json;
use std::collections::HashSet;

/// How long before a deadline its warning goes out.
pub const WARNING: Duration = Duration::hours(24);

/// Items taken per query and transaction; the sweep queries again until none are left. A batch
/// holds its reports' locks (on SQLite, the write lock) while it runs: a few hundred
/// milliseconds at this size.
const BATCH: i64 = 100;

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

pub fn run(conn: &mut DbConn, site: Site) -> Result<Swept, JobError> {
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

/// The items `watch` finds at `level` now, after `after` in id order (`only`: these reports or
/// dispositions).
fn find(
    conn: &mut DbConn,
    (watch, level): (Watch, Level),
    after: i64,
    only: Option<&[i64]>,
    now: NaiveDateTime,
) -> Result<Vec<Due>, JobError> {
    let window = match level {
        Level::Passed => (None, now),
        Level::Approaching => (Some(now), now + WARNING),
    };
    Ok(match watch {
        Watch::Report(stage) => due::reports_due(conn, stage, level, window, after, only, BATCH)?,
        Watch::Response => due::responses_due(conn, level, window, after, only, BATCH)?,
    })
}

/// An item's id in the order a round walks them: its disposition's for a unit's response, its
/// report's otherwise.
fn id(item: &Due) -> i64 {
    item.disposition_id.unwrap_or(item.report_id)
}

/// Runs `act` on every item found, in id order, a batch per transaction under its reports'
/// claims, after finding the batch again there (another worker may have done some meanwhile).
/// Items another worker holds, and items that fail, are passed over until the next round.
/// Returns how many it did.
fn each(
    conn: &mut DbConn,
    watch: Watch,
    level: Level,
    act: impl Fn(&mut DbConn, &Due) -> Result<(), ApiError>,
) -> Result<usize, JobError> {
    let mut done = 0;
    let mut after = 0;
    loop {
        let now = store::now();
        let batch = find(conn, (watch, level), after, None, now)?;
        let Some(last) = batch.last() else {
            return Ok(done);
        };
        after = id(last);
        done += db::write_transaction(conn, |c| {
            let claimed: HashSet<i64> =
                db::claim_reports(c, &batch.iter().map(|i| i.report_id).collect::<Vec<_>>())?
                    .into_iter()
                    .collect();
            let mine: Vec<i64> = batch
                .iter()
                .filter(|i| claimed.contains(&i.report_id))
                .map(id)
                .collect();
            let still = find(c, (watch, level), 0, Some(&mine), now)?;
            let mut did = 0;
            for item in &still {
                match c.transaction(|c| act(c, item)).map_err(JobError::from) {
                    Ok(()) => did += 1,
                    // The database is away: the round ends, the next tick tries again.
                    Err(e @ JobError::Unavailable(_)) => return Err(e),
                    // One item that fails (say, the reporter answered at that moment) must not
                    // stop the rest; it is found again next round if it still applies.
                    Err(e) => log::warn!(
                        "sweep: {:?} of report {} left for the next round: {e}",
                        item.stage,
                        item.report_id,
                    ),
                }
            }
            Ok::<_, JobError>(did)
        })?;
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
            action: EventKind::DeadlinePassed,
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
    notify::tell(
        conn,
        site,
        &report,
        EventKind::DeadlineApproaching,
        &details,
        None,
    )
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
            EventKind::AutoClosed,
            json!({"reply_window_ended_at": item.due_at.and_utc()}),
        ),
        ReportChanges::default(),
    )
    .map(|_| ())
}
