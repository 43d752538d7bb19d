//! What the SLA sweep looks for, and its record of what it has done (`deadline_alerts`: one row
//! per report, disposition, stage and level, so nothing is done twice).

use crate::db::DbConn;
use crate::db::schema::{deadline_alerts, dispositions, reports};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use lapor_types::reports::ReportStatus;
use lapor_types::sla::SlaStage;

/// A stage deadline the sweep acts on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Due {
    pub report_id: i64,
    pub disposition_id: Option<i64>,
    pub institution_id: Option<i64>,
    pub stage: SlaStage,
    pub due_at: NaiveDateTime,
}

/// `passed` (the deadline is behind us) or `approaching` (it falls within the warning window).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Level {
    Approaching,
    Passed,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Approaching => "approaching",
            Level::Passed => "passed",
        }
    }
}

/// Report statuses in which a stage's clock runs.
fn running(stage: SlaStage) -> Vec<&'static str> {
    match stage {
        SlaStage::Verify => vec![ReportStatus::Submitted.as_str()],
        SlaStage::Feedback => vec![ReportStatus::Resolved.as_str()],
        _ => vec![
            ReportStatus::Dispatched.as_str(),
            ReportStatus::InProgress.as_str(),
        ],
    }
}

/// Report-level deadlines (`verify`, `resolve`, `feedback`) due in `[from, until)` and not yet
/// alerted at `level` (`feedback` is never alerted: it closes the report), in id order from
/// `after` on (a round walks them so, each query starting where the last stopped instead of
/// stepping again over what is done); `only` narrows to some reports, to check again under their
/// locks.
pub fn reports_due(
    conn: &mut DbConn,
    stage: SlaStage,
    level: Level,
    (from, until): (Option<NaiveDateTime>, NaiveDateTime),
    after: i64,
    only: Option<&[i64]>,
    limit: i64,
) -> QueryResult<Vec<Due>> {
    // Asked per candidate, `(SELECT id … LIMIT 1) IS NULL`, which the unique index answers
    // whatever the planner believes of the table. As `NOT IN (…)` or `NOT EXISTS (…)` it became
    // a scan of every alert for every candidate once the planner's figures were stale — as in a
    // backlog, where one round adds thousands of alerts (docs/PERFORMANCE.md).
    let alerted = deadline_alerts::table
        .filter(deadline_alerts::report_id.eq(reports::id))
        .filter(deadline_alerts::disposition_id.is_null())
        .filter(deadline_alerts::stage.eq(stage.as_str()))
        .filter(deadline_alerts::level.eq(level.as_str()))
        .select(deadline_alerts::id)
        .limit(1)
        .single_value();
    // Each stage has its own column (and type), hence a macro rather than a variable.
    macro_rules! due {
        ($col:expr) => {{
            let mut query = reports::table
                .filter(reports::status.eq_any(running(stage)))
                .filter($col.lt(until))
                .filter(reports::id.gt(after))
                .filter(alerted.is_null())
                .select((reports::id, $col))
                .into_boxed();
            if let Some(from) = from {
                query = query.filter($col.ge(from));
            }
            if let Some(ids) = only {
                query = query.filter(reports::id.eq_any(ids));
            }
            query.order(reports::id).limit(limit).load(conn)?
        }};
    }
    let rows: Vec<(i64, Option<NaiveDateTime>)> = match stage {
        SlaStage::Verify => due!(reports::verify_due_at),
        SlaStage::Feedback => due!(reports::feedback_due_at),
        _ => due!(reports::resolve_due_at),
    };
    Ok(rows
        .into_iter()
        .filter_map(|(report_id, due)| {
            Some(Due {
                report_id,
                disposition_id: None,
                institution_id: None,
                stage,
                due_at: due?,
            })
        })
        .collect())
}

/// Unanswered open dispositions whose first response is due in `[from, until)`, not yet alerted
/// at `level`, in id order from `after` on (as `reports_due`).
pub fn responses_due(
    conn: &mut DbConn,
    level: Level,
    (from, until): (Option<NaiveDateTime>, NaiveDateTime),
    after: i64,
    only: Option<&[i64]>,
    limit: i64,
) -> QueryResult<Vec<Due>> {
    let alerted = deadline_alerts::table
        .filter(deadline_alerts::report_id.eq(dispositions::report_id))
        .filter(deadline_alerts::disposition_id.eq(dispositions::id.nullable()))
        .filter(deadline_alerts::stage.eq(SlaStage::FirstResponse.as_str()))
        .filter(deadline_alerts::level.eq(level.as_str()))
        .select(deadline_alerts::id)
        .limit(1)
        .single_value();
    let mut query = dispositions::table
        .filter(dispositions::status.eq_any(super::dispositions::OPEN))
        .filter(dispositions::responded_at.is_null())
        .filter(dispositions::response_due_at.lt(until))
        .filter(dispositions::id.gt(after))
        .filter(alerted.is_null())
        .select((
            dispositions::id,
            dispositions::report_id,
            dispositions::institution_id,
            dispositions::response_due_at,
        ))
        .into_boxed();
    if let Some(from) = from {
        query = query.filter(dispositions::response_due_at.ge(from));
    }
    if let Some(ids) = only {
        query = query.filter(dispositions::id.eq_any(ids));
    }
    let rows: Vec<(i64, i64, i64, Option<NaiveDateTime>)> =
        query.order(dispositions::id).limit(limit).load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, report_id, institution_id, due)| {
            Some(Due {
                report_id,
                disposition_id: Some(id),
                institution_id: Some(institution_id),
                stage: SlaStage::FirstResponse,
                due_at: due?,
            })
        })
        .collect())
}

pub fn insert_alert(conn: &mut DbConn, due: &Due, level: Level) -> QueryResult<()> {
    diesel::insert_into(deadline_alerts::table)
        .values((
            deadline_alerts::report_id.eq(due.report_id),
            deadline_alerts::disposition_id.eq(due.disposition_id),
            deadline_alerts::stage.eq(due.stage.as_str()),
            deadline_alerts::level.eq(level.as_str()),
            deadline_alerts::created_at.eq(super::now()),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Flags the report (and disposition) overdue; a flag once set stays (it is history).
pub fn flag_overdue(conn: &mut DbConn, due: &Due) -> QueryResult<()> {
    let now = Some(super::now());
    diesel::update(
        reports::table
            .find(due.report_id)
            .filter(reports::overdue_at.is_null()),
    )
    .set(reports::overdue_at.eq(now))
    .execute(conn)?;
    if let Some(id) = due.disposition_id {
        diesel::update(dispositions::table.find(id))
            .set(dispositions::overdue_at.eq(now))
            .execute(conn)?;
    }
    Ok(())
}
