//! The facts statistics are computed from, for the reports a scope and the list's filters
//! select: the reports in one query, then their feedback and dispositions by id, in chunks
//! (within every backend's limit on bound parameters).

use crate::db::DbConn;
use crate::db::schema::{dispositions, institutions, report_feedback, reports};
use crate::domain::policy::ReportScope;
use crate::domain::stats::{DispositionFact, ReportFact, TopicRow};
use crate::store::reports::filtered;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use lapor_types::reports::{DispositionStatus, ReportKind, ReportQuery, ReportStatus};
use std::collections::HashMap;

/// Ids per `IN (…)`: below SQLite's 32,766 bound parameters.
const CHUNK: usize = 10_000;

type ReportFactRow = (
    i64,
    String,
    String,
    Option<i64>,
    String,
    NaiveDateTime,
    Option<NaiveDateTime>,
    Option<NaiveDateTime>,
    Option<NaiveDateTime>,
    Option<NaiveDateTime>,
    Option<NaiveDateTime>,
    Option<NaiveDateTime>,
);

fn utc(t: Option<NaiveDateTime>) -> Option<chrono::DateTime<chrono::Utc>> {
    t.map(|t| t.and_utc())
}

pub fn report_facts(
    conn: &mut DbConn,
    scope: &ReportScope,
    q: &ReportQuery,
) -> QueryResult<Vec<ReportFact>> {
    let rows: Vec<ReportFactRow> = filtered(conn, scope, q, None)
        .select((
            reports::id,
            reports::status,
            reports::kind,
            reports::category_id,
            reports::region_code,
            reports::created_at,
            reports::verify_due_at,
            reports::dispatched_at,
            reports::first_response_at,
            reports::resolve_due_at,
            reports::resolved_at,
            reports::overdue_at,
        ))
        .load(conn)?;
    // The latest verdict per report carries its rating (feedback ids grow with time).
    let ids: Vec<i64> = rows.iter().map(|r| r.0).collect();
    let mut rating: HashMap<i64, i32> = HashMap::new();
    for chunk in ids.chunks(CHUNK) {
        let feedback: Vec<(i64, i32)> = report_feedback::table
            .filter(report_feedback::report_id.eq_any(chunk))
            .order(report_feedback::id)
            .select((report_feedback::report_id, report_feedback::rating))
            .load(conn)?;
        rating.extend(feedback);
    }
    Ok(rows
        .into_iter()
        .map(|r| ReportFact {
            id: r.0,
            status: ReportStatus::parse(&r.1).unwrap_or(ReportStatus::Submitted),
            kind: ReportKind::parse(&r.2).unwrap_or(ReportKind::Complaint),
            category_id: r.3,
            region_code: r.4,
            created_at: r.5.and_utc(),
            verify_due_at: utc(r.6),
            dispatched_at: utc(r.7),
            first_response_at: utc(r.8),
            resolve_due_at: utc(r.9),
            resolved_at: utc(r.10),
            overdue_at: utc(r.11),
            rating: rating.get(&r.0).copied(),
        })
        .collect())
}

type DispositionFactRow = (
    i64,
    i64,
    String,
    NaiveDateTime,
    Option<NaiveDateTime>,
    Option<NaiveDateTime>,
    Option<NaiveDateTime>,
);

/// The dispositions that count (pending, accepted, completed) of these reports.
pub fn disposition_facts(
    conn: &mut DbConn,
    reports: &[ReportFact],
) -> QueryResult<Vec<DispositionFact>> {
    let ids: Vec<i64> = reports.iter().map(|r| r.id).collect();
    let mut rows: Vec<DispositionFactRow> = Vec::new();
    for chunk in ids.chunks(CHUNK) {
        rows.extend(
            dispositions::table
                .filter(dispositions::report_id.eq_any(chunk))
                .filter(dispositions::status.eq_any(super::dispositions::COUNTING))
                .select((
                    dispositions::report_id,
                    dispositions::institution_id,
                    dispositions::status,
                    dispositions::created_at,
                    dispositions::response_due_at,
                    dispositions::responded_at,
                    dispositions::overdue_at,
                ))
                .load::<DispositionFactRow>(conn)?,
        );
    }
    Ok(rows
        .into_iter()
        .map(|d| DispositionFact {
            report_id: d.0,
            institution_id: d.1,
            status: DispositionStatus::parse(&d.2).unwrap_or(DispositionStatus::Pending),
            created_at: d.3.and_utc(),
            response_due_at: utc(d.4),
            responded_at: utc(d.5),
            overdue_at: utc(d.6),
        })
        .collect())
}

/// Region, category and title of the selected reports.
pub fn topic_rows(
    conn: &mut DbConn,
    scope: &ReportScope,
    q: &ReportQuery,
) -> QueryResult<Vec<TopicRow>> {
    filtered(conn, scope, q, None)
        .select((reports::region_code, reports::category_id, reports::title))
        .load(conn)
}

/// Institutions under `within` (all when `None`): id → name.
pub fn units(conn: &mut DbConn, within: Option<&str>) -> QueryResult<HashMap<i64, String>> {
    let mut query = institutions::table
        .select((institutions::id, institutions::name))
        .into_boxed();
    if let Some(prefix) = within {
        query = query.filter(institutions::path.like(format!("{prefix}%")));
    }
    Ok(query.load::<(i64, String)>(conn)?.into_iter().collect())
}
