//! The facts statistics are computed from — the reports a scope and the list's filters select,
//! a chunk at a time with their ratings and dispositions, so memory is one chunk's whatever the
//! count — and the rollups the job runner keeps of them.

use crate::db::DbConn;
use crate::db::MultiBackend;
use crate::db::schema::{
    dispositions, institutions, report_events, report_feedback, reports, stats_rollup,
    stats_rollup_scopes, users,
};
use crate::domain::policy::ReportScope;
use crate::domain::stats::{
    self, DispositionFact, Figures, ReportFact, TopicRow, Units, add_units,
};
use crate::store::reports::filtered;
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use lapor_types::reference::InstitutionKind;
use lapor_types::reports::{DispositionStatus, ReportKind, ReportQuery, ReportStatus};
use lapor_types::users::Role;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Reports per chunk; also below SQLite's 32,766 bound parameters in `IN (…)`.
const CHUNK: usize = 10_000;

type ReportFactRow = (
    i64,
    ReportStatus,
    ReportKind,
    Option<i64>,
    String,
    NaiveDateTime,
    Option<NaiveDateTime>,
    Option<NaiveDateTime>,
    Option<NaiveDateTime>,
    Option<NaiveDateTime>,
    Option<NaiveDateTime>,
    Option<NaiveDateTime>,
    Option<NaiveDateTime>,
);

fn utc(t: Option<NaiveDateTime>) -> Option<DateTime<Utc>> {
    t.map(|t| t.and_utc())
}

/// The selected reports after `after`, by id, one chunk.
fn page<'a>(
    conn: &DbConn,
    scope: &ReportScope,
    q: &ReportQuery,
    after: i64,
) -> reports::BoxedQuery<'a, MultiBackend> {
    filtered(conn, scope, q, None)
        .filter(reports::id.gt(after))
        .order(reports::id)
        .limit(CHUNK as i64)
}

/// Loads chunk after chunk (`load` given the last id seen) and hands each to `each`.
fn by_chunks<T>(
    conn: &mut DbConn,
    mut load: impl FnMut(&mut DbConn, i64) -> QueryResult<Vec<T>>,
    id: fn(&T) -> i64,
    mut each: impl FnMut(&mut DbConn, Vec<T>) -> QueryResult<()>,
) -> QueryResult<()> {
    let mut after = 0;
    loop {
        let rows = load(conn, after)?;
        let full = rows.len() == CHUNK;
        let Some(last) = rows.last() else {
            return Ok(());
        };
        after = id(last);
        each(conn, rows)?;
        if !full {
            return Ok(());
        }
    }
}

/// The selected reports' facts, a chunk at a time.
pub fn each_report_chunk(
    conn: &mut DbConn,
    scope: &ReportScope,
    q: &ReportQuery,
    each: impl FnMut(&mut DbConn, Vec<ReportFact>) -> QueryResult<()>,
) -> QueryResult<()> {
    by_chunks(
        conn,
        |conn, after| {
            let rows: Vec<ReportFactRow> = page(conn, scope, q, after)
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
                    reports::verified_at,
                ))
                .load(conn)?;
            with_ratings(conn, rows)
        },
        |r| r.id,
        each,
    )
}

fn with_ratings(conn: &mut DbConn, rows: Vec<ReportFactRow>) -> QueryResult<Vec<ReportFact>> {
    // The latest verdict per report carries its rating (feedback ids grow with time).
    let ids: Vec<i64> = rows.iter().map(|r| r.0).collect();
    let rating: HashMap<i64, i32> = report_feedback::table
        .filter(report_feedback::report_id.eq_any(&ids))
        .order(report_feedback::id)
        .select((report_feedback::report_id, report_feedback::rating))
        .load::<(i64, i32)>(conn)?
        .into_iter()
        .collect();
    Ok(rows
        .into_iter()
        .map(|r| ReportFact {
            id: r.0,
            status: r.1,
            kind: r.2,
            category_id: r.3,
            region_code: r.4,
            created_at: r.5.and_utc(),
            verify_due_at: utc(r.6),
            dispatched_at: utc(r.7),
            first_response_at: utc(r.8),
            resolve_due_at: utc(r.9),
            resolved_at: utc(r.10),
            overdue_at: utc(r.11),
            verified: r.12.is_some(),
            rating: rating.get(&r.0).copied(),
        })
        .collect())
}

type DispositionFactRow = (
    i64,
    i64,
    DispositionStatus,
    NaiveDateTime,
    Option<NaiveDateTime>,
    Option<NaiveDateTime>,
    Option<NaiveDateTime>,
);

/// The dispositions that count (pending, accepted, completed) of one chunk of reports.
pub fn dispositions_of(
    conn: &mut DbConn,
    reports: &[ReportFact],
) -> QueryResult<Vec<DispositionFact>> {
    let ids: Vec<i64> = reports.iter().map(|r| r.id).collect();
    let rows: Vec<DispositionFactRow> = dispositions::table
        .filter(dispositions::report_id.eq_any(&ids))
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
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|d| DispositionFact {
            report_id: d.0,
            institution_id: d.1,
            status: d.2,
            created_at: d.3.and_utc(),
            response_due_at: utc(d.4),
            responded_at: utc(d.5),
            overdue_at: utc(d.6),
        })
        .collect())
}

/// The figures of the selected reports, counted from the reports themselves.
pub fn live_figures(
    conn: &mut DbConn,
    scope: &ReportScope,
    q: &ReportQuery,
    now: DateTime<Utc>,
) -> QueryResult<(Figures, Units)> {
    let mut figures = Figures::default();
    let mut units = Units::default();
    each_report_chunk(conn, scope, q, |conn, reports| {
        let dispositions = dispositions_of(conn, &reports)?;
        figures.add(&Figures::of(&reports, &dispositions, now));
        add_units(&mut units, &stats::units(&reports, &dispositions, now));
        Ok(())
    })?;
    Ok((figures, units))
}

/// Region, category and title of the selected reports, a chunk at a time.
pub fn each_topic_chunk(
    conn: &mut DbConn,
    scope: &ReportScope,
    q: &ReportQuery,
    mut each: impl FnMut(Vec<TopicRow>),
) -> QueryResult<()> {
    by_chunks(
        conn,
        |conn, after| {
            page(conn, scope, q, after)
                .select((
                    reports::id,
                    reports::region_code,
                    reports::category_id,
                    reports::title,
                ))
                .load::<(i64, String, Option<i64>, String)>(conn)
        },
        |r| r.0,
        |_, rows| {
            each(rows.into_iter().map(|r| (r.1, r.2, r.3)).collect());
            Ok(())
        },
    )
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

/// What a rollup answers for: a scope's months, optionally of one kind and one category.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Rolled {
    pub key: String,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub kind: Option<ReportKind>,
    pub category_id: Option<i64>,
}

/// A rollup's sums: the figures, and per unit.
pub type Sums = Arc<(Figures, Units)>;

/// Sums already read, with the round they are of: a dashboard asks the same questions again
/// and again between two rounds, and then each is one primary-key lookup.
#[derive(Default)]
pub struct RollupCache(Mutex<HashMap<Rolled, (i64, Sums)>>);

/// Questions remembered at most; past it the cache starts again.
const CACHED: usize = 1024;

impl RollupCache {
    fn get(&self, r: &Rolled, round: i64) -> Option<Sums> {
        let cache = self.0.lock().ok()?;
        let (at, sums) = cache.get(r)?;
        (*at == round).then(|| sums.clone())
    }

    fn put(&self, r: &Rolled, round: i64, sums: Sums) {
        if let Ok(mut cache) = self.0.lock() {
            if cache.len() >= CACHED {
                cache.clear();
            }
            cache.insert(r.clone(), (round, sums));
        }
    }
}

fn parsed<T: serde::de::DeserializeOwned>(json: &str) -> QueryResult<T> {
    serde_json::from_str(json).map_err(|e| diesel::result::Error::DeserializationError(e.into()))
}

/// The sums of the rollup's rows for `r`; `None` when the scope's rollup is not built yet.
pub fn rolled(conn: &mut DbConn, r: &Rolled, cache: &RollupCache) -> QueryResult<Option<Sums>> {
    let Some((_, round)) = rollup_state(conn, &r.key)? else {
        return Ok(None);
    };
    if let Some(sums) = cache.get(r, round) {
        return Ok(Some(sums));
    }
    let mut query = stats_rollup::table
        .filter(stats_rollup::scope.eq(r.key.clone()))
        .select((stats_rollup::figures, stats_rollup::units))
        .into_boxed();
    if let Some(from) = r.from {
        query = query.filter(stats_rollup::month.ge(from));
    }
    if let Some(to) = r.to {
        query = query.filter(stats_rollup::month.le(to));
    }
    if let Some(kind) = r.kind {
        query = query.filter(stats_rollup::kind.eq(kind.as_str()));
    }
    if let Some(category) = r.category_id {
        query = query.filter(stats_rollup::category.eq(category.to_string()));
    }
    let (mut figures, mut units) = (Figures::default(), Units::default());
    for (f, u) in query.load::<(String, String)>(conn)? {
        figures.add(&parsed(&f)?);
        add_units(&mut units, &parsed(&u)?);
    }
    let sums = Arc::new((figures, units));
    cache.put(r, round, sums.clone());
    Ok(Some(sums))
}

/// The scopes that get a rollup: everything (admins), and the subtree of every institution
/// with an active coordinator or supervisor.
pub fn rollup_scopes(conn: &mut DbConn) -> QueryResult<Vec<ReportScope>> {
    let subtrees: Vec<(String, String)> = users::table
        .inner_join(institutions::table)
        .filter(users::active.eq(true))
        .filter(users::role.eq_any([Role::Coordinator.as_str(), Role::Supervisor.as_str()]))
        .select((institutions::path, institutions::kind))
        .distinct()
        .load(conn)?;
    Ok(std::iter::once(ReportScope::All)
        .chain(
            subtrees
                .into_iter()
                .map(|(prefix, kind)| ReportScope::Subtree {
                    unaddressed: kind == InstitutionKind::National.as_str(),
                    prefix,
                }),
        )
        .collect())
}

/// When the scope's rollup was last brought up to date, and how many rounds it has had;
/// `None` when it is not built.
pub fn rollup_state(conn: &mut DbConn, key: &str) -> QueryResult<Option<(NaiveDateTime, i64)>> {
    stats_rollup_scopes::table
        .find(key)
        .select((
            stats_rollup_scopes::refreshed_at,
            stats_rollup_scopes::rounds,
        ))
        .first(conn)
        .optional()
}

/// Records a round of the scope's rollup, begun at `at`.
pub fn set_rollup_refreshed_at(conn: &mut DbConn, key: &str, at: NaiveDateTime) -> QueryResult<()> {
    let updated = diesel::update(stats_rollup_scopes::table.find(key))
        .set((
            stats_rollup_scopes::refreshed_at.eq(at),
            stats_rollup_scopes::rounds.eq(stats_rollup_scopes::rounds + 1),
        ))
        .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(stats_rollup_scopes::table)
            .values((
                stats_rollup_scopes::scope.eq(key),
                stats_rollup_scopes::refreshed_at.eq(at),
                stats_rollup_scopes::rounds.eq(1),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The filing times of the reports with an event since `since` (their months need counting
/// again).
pub fn changed_since(conn: &mut DbConn, since: NaiveDateTime) -> QueryResult<Vec<NaiveDateTime>> {
    reports::table
        .filter(
            reports::id.eq_any(
                report_events::table
                    .filter(report_events::created_at.ge(since))
                    .select(report_events::report_id),
            ),
        )
        .select(reports::created_at)
        .load(conn)
}

/// The first and last filing times.
pub fn filing_span(
    conn: &mut DbConn,
) -> QueryResult<(Option<NaiveDateTime>, Option<NaiveDateTime>)> {
    reports::table
        .select((
            diesel::dsl::min(reports::created_at),
            diesel::dsl::max(reports::created_at),
        ))
        .first(conn)
}

/// One rollup row: a month's figures of one kind and category.
pub struct RollupRow {
    pub kind: String,
    pub category: String,
    pub figures: Figures,
    pub units: Units,
}

/// Replaces the scope's rows for `month` with `rows`.
pub fn replace_rollup_month(
    conn: &mut DbConn,
    key: &str,
    month: NaiveDate,
    rows: &[RollupRow],
) -> QueryResult<()> {
    diesel::delete(
        stats_rollup::table
            .filter(stats_rollup::scope.eq(key))
            .filter(stats_rollup::month.eq(month)),
    )
    .execute(conn)?;
    let json = |v: serde_json::Result<String>| {
        v.map_err(|e| diesel::result::Error::SerializationError(e.into()))
    };
    for row in rows {
        diesel::insert_into(stats_rollup::table)
            .values((
                stats_rollup::scope.eq(key),
                stats_rollup::month.eq(month),
                stats_rollup::kind.eq(&row.kind),
                stats_rollup::category.eq(&row.category),
                stats_rollup::figures.eq(json(serde_json::to_string(&row.figures))?),
                stats_rollup::units.eq(json(serde_json::to_string(&row.units))?),
            ))
            .execute(conn)?;
    }
    Ok(())
}
