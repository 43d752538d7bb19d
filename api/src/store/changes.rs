//! The change feed (docs/INTEGRATION.md): report events in (xid, id) order, as far as the
//! horizon allows, within the viewer's scope.

use crate::db::DbConn;
use crate::db::schema::{report_events, reports};
use crate::domain::policy::ReportScope;
use chrono::NaiveDateTime;
use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool};
use lapor_types::integration::Change;
use lapor_types::reports::{EventKind, ReportStatus};
use std::collections::HashMap;

#[derive(Debug, Queryable)]
pub struct ChangeRow {
    pub id: i64,
    pub xid: i64,
    pub report_id: i64,
    pub action: EventKind,
    pub to_status: Option<ReportStatus>,
    pub details: String,
    pub created_at: NaiveDateTime,
    pub version: Option<i32>,
}

impl ChangeRow {
    /// The change as the feed and webhooks show it: facts, never text.
    pub fn to_wire(self, tracking_id: String) -> Change {
        Change {
            id: self.id,
            kind: self.action,
            at: self.created_at.and_utc(),
            report_id: self.report_id,
            tracking_id,
            status: self.to_status,
            version: self.version,
            data: crate::notify::facts(&serde_json::from_str(&self.details).unwrap_or_default()),
        }
    }
}

/// What one read of the feed found.
pub struct Scanned {
    /// The changes the scope covers, each with its report's tracking id.
    pub changes: Vec<(ChangeRow, String)>,
    /// The position of the last change read, covered or not (where the next read starts).
    pub last: Option<(i64, i64)>,
    /// Whether the read stopped at its limit (more may follow at once).
    pub more: bool,
}

/// A row comparison, so the (xid, id) index serves it on both databases.
fn past(
    (xid, id): (i64, i64),
) -> Box<dyn BoxableExpression<report_events::table, crate::db::MultiBackend, SqlType = Bool>> {
    Box::new(
        sql::<Bool>("(report_events.xid, report_events.id) > (")
            .bind::<BigInt, _>(xid)
            .sql(", ")
            .bind::<BigInt, _>(id)
            .sql(")"),
    )
}

/// Whether any change lies after `position` and below `horizon` (whoever may see it).
pub fn any_after(
    conn: &mut DbConn,
    position: (i64, i64),
    horizon: Option<i64>,
) -> QueryResult<bool> {
    let mut query = report_events::table
        .filter(past(position))
        .select(report_events::id)
        .into_boxed();
    if let Some(horizon) = horizon {
        query = query.filter(report_events::xid.lt(horizon));
    }
    Ok(query.first::<i64>(conn).optional()?.is_some())
}

/// Reads up to `limit` changes after the position `after` (xid, id) and below `horizon` (an
/// xid; none: no bound), keeping those of the reports `scope` covers, and internal notes only
/// when `notes`. A citizen's or an integrator's own reports are chosen in the query itself;
/// wider scopes cover most changes and are checked on the page read.
pub fn after(
    conn: &mut DbConn,
    scope: &ReportScope,
    notes: bool,
    from: (i64, i64),
    horizon: Option<i64>,
    limit: i64,
) -> QueryResult<Scanned> {
    let mut query = report_events::table
        .filter(past(from))
        .select((
            report_events::id,
            report_events::xid,
            report_events::report_id,
            report_events::action,
            report_events::to_status,
            report_events::details,
            report_events::created_at,
            report_events::version,
        ))
        .into_boxed();
    if let ReportScope::Own(reporter) | ReportScope::OwnWithin { reporter, .. } = scope {
        let own = reports::table
            .filter(reports::reporter_id.eq(*reporter))
            .select(reports::id);
        query = query.filter(report_events::report_id.eq_any(own));
    }
    if let Some(horizon) = horizon {
        query = query.filter(report_events::xid.lt(horizon));
    }
    if !notes {
        query = query.filter(report_events::action.ne(EventKind::FollowupNote.as_str()));
    }
    let rows: Vec<ChangeRow> = query
        .order((report_events::xid, report_events::id))
        .limit(limit)
        .load(conn)?;
    let more = rows.len() as i64 == limit;
    let last = rows.last().map(|r| (r.xid, r.id));
    let ids: Vec<i64> = rows.iter().map(|r| r.report_id).collect();
    let covered: HashMap<i64, String> = reports::table
        .filter(super::reports::visible(scope))
        .filter(reports::id.eq_any(&ids))
        .select((reports::id, reports::tracking_id))
        .load::<(i64, String)>(conn)?
        .into_iter()
        .collect();
    let changes = rows
        .into_iter()
        .filter_map(|r| {
            let tracking = covered.get(&r.report_id).cloned()?;
            Some((r, tracking))
        })
        .collect();
    Ok(Scanned {
        changes,
        last,
        more,
    })
}
