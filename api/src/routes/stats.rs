//! Statistics. Every figure covers exactly the reports the viewer may see (the report list's
//! scope) that pass the list's filters.

use crate::auth::{Staff, Viewer};
use crate::clock;
use crate::domain::policy::{self, ReportScope};
use crate::domain::stats::{self, TopicCounts, TrendCounts};
use crate::error::ApiError;
use crate::limits::Entered;
use crate::routes::extract::ValidQuery;
use crate::state::AppState;
use crate::store::stats::{self as store_stats, Rolled, Sums};
use actix_web::{get, web};
use chrono::Datelike;
use lapor_types::reports::ReportQuery;
use lapor_types::stats::{
    InstitutionStats, Interval, LeagueSort, RegionTopics, SortOrder, StatsQuery, StatsSummary,
    Trend,
};
use std::sync::Arc;
use tokio::sync::OwnedSemaphorePermit;

/// Waits for a turn to compute statistics (see `AppState::stats_permits`); a caller who already
/// has `STATS_PER_CALLER` running or waiting is refused (429), so the queue is everyone's.
async fn turn(state: &AppState, caller: i64) -> Result<(Entered, OwnedSemaphorePermit), ApiError> {
    let entered = state
        .stats_callers
        .enter(caller)
        .ok_or_else(|| ApiError::rate_limited(1))?;
    let permit = state
        .stats_permits
        .clone()
        .acquire_owned()
        .await
        .map_err(ApiError::internal)?;
    Ok((entered, permit))
}

/// The rollup question for the scope and filters, if a rollup can answer: a wide scope (an
/// admin's, a coordinator's or supervisor's), filtered by whole months of filing, kind and
/// category only. Everything else is counted from the reports themselves.
fn rollup_for(scope: &ReportScope, q: &ReportQuery) -> Option<Rolled> {
    let whole_months = q.created_from.is_none_or(|d| d.day() == 1)
        && q.created_to
            .is_none_or(|d| d.succ_opt().is_some_and(|next| next.day() == 1));
    let other_filters = q.status.is_some()
        || q.channel.is_some()
        || q.institution_id.is_some()
        || q.region.is_some()
        || q.q.is_some();
    if !whole_months || other_filters {
        return None;
    }
    Some(Rolled {
        key: scope.rollup_key()?,
        from: q.created_from,
        to: q.created_to.and_then(|d| d.with_day(1)),
        kind: q.kind,
        category_id: q.category_id,
    })
}

/// The figures of the viewer's reports under the query's filters: the rollup's when it can
/// answer (a few rows, at once), else counted from the reports in turn.
async fn figures(state: &AppState, viewer: &Viewer, q: &StatsQuery) -> Result<Sums, ApiError> {
    let (scope, filters) = (policy::report_scope(viewer), q.filters());
    if let Some(question) = rollup_for(&scope, &filters) {
        let cache = state.rollups.clone();
        let sums = state
            .db(move |conn| Ok(store_stats::rolled(conn, &question, &cache)?))
            .await?;
        if let Some(sums) = sums {
            return Ok(sums);
        }
    }
    let _turn = turn(state, viewer.id).await?;
    state
        .db(move |conn| {
            let sums = store_stats::live_figures(conn, &scope, &filters, clock::now())?;
            Ok(Arc::new(sums))
        })
        .await
}

/// Counts by status, kind, category, district and unit; follow-up, finish and overdue rates;
/// on-time rate per stage; median and p90 times to first response and resolution; ratings.
#[utoipa::path(
    tag = "stats",
    security(("bearer" = [])),
    params(StatsQuery),
    responses(
        (status = 200, description = "The figures", body = StatsSummary),
        (status = 401, description = "Not signed in"),
        (status = 422, description = "Invalid query"),
        (status = 429, description = "The caller already has four statistics being counted (`rate_limited`, with `Retry-After`)"),
    )
)]
#[get("/stats/summary")]
pub async fn stats_summary(
    state: web::Data<AppState>,
    viewer: Viewer,
    ValidQuery(q): ValidQuery<StatsQuery>,
) -> Result<web::Json<StatsSummary>, ApiError> {
    let summary = figures(&state, &viewer, &q).await?.0.summary();
    Ok(web::Json(summary))
}

/// The league table: one row per unit in the caller's subtree that received dispositions of
/// the selected reports, sorted by `sort` (nulls last).
#[utoipa::path(
    tag = "stats",
    security(("bearer" = [])),
    params(StatsQuery),
    responses(
        (status = 200, description = "One row per unit", body = Vec<InstitutionStats>),
        (status = 401, description = "Not signed in"),
        (status = 403, description = "Officers only"),
        (status = 422, description = "Invalid query"),
        (status = 429, description = "The caller already has four statistics being counted (`rate_limited`, with `Retry-After`)"),
    )
)]
#[get("/stats/institutions")]
pub async fn stats_institutions(
    state: web::Data<AppState>,
    Staff(viewer): Staff,
    ValidQuery(q): ValidQuery<StatsQuery>,
) -> Result<web::Json<Vec<InstitutionStats>>, ApiError> {
    let within = policy::officer_subtree(&viewer)?;
    let sort = q.sort.unwrap_or(LeagueSort::Dispositions);
    let order = q.order.unwrap_or(SortOrder::Desc);
    let sums = figures(&state, &viewer, &q).await?;
    let names = state
        .db(move |conn| Ok(store_stats::units(conn, within.as_deref())?))
        .await?;
    let mut rows = stats::league(&names, &sums.1);
    let key = |r: &InstitutionStats| -> Option<f64> {
        match sort {
            LeagueSort::Dispositions => Some(r.dispositions as f64),
            LeagueSort::RespondedRate => r.responded_rate,
            LeagueSort::OnTimeRate => r.on_time_rate,
            LeagueSort::CompletedRate => r.completed_rate,
            LeagueSort::OverdueRate => r.overdue_rate,
            LeagueSort::MedianResponseHours => r.first_response.median_hours,
            LeagueSort::Rating => r.rating.average,
        }
    };
    rows.sort_by(|a, b| match (key(a), key(b)) {
        (Some(x), Some(y)) => match order {
            SortOrder::Asc => x.total_cmp(&y),
            SortOrder::Desc => y.total_cmp(&x),
        }
        .then(a.name.cmp(&b.name)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.name.cmp(&b.name),
    });
    Ok(web::Json(rows))
}

/// Filed, finished and overdue reports per week or month (the deployment's time zone).
#[utoipa::path(
    tag = "stats",
    security(("bearer" = [])),
    params(StatsQuery),
    responses(
        (status = 200, description = "The series", body = Trend),
        (status = 401, description = "Not signed in"),
        (status = 422, description = "Invalid query"),
        (status = 429, description = "The caller already has four statistics being counted (`rate_limited`, with `Retry-After`)"),
    )
)]
#[get("/stats/trend")]
pub async fn stats_trend(
    state: web::Data<AppState>,
    viewer: Viewer,
    ValidQuery(q): ValidQuery<StatsQuery>,
) -> Result<web::Json<Trend>, ApiError> {
    let interval = q.interval.unwrap_or(Interval::Week);
    let tz = state.config.time_zone;
    let _turn = turn(&state, viewer.id).await?;
    let points = state
        .db(move |conn| {
            let mut counts = TrendCounts::default();
            store_stats::each_report_chunk(
                conn,
                &policy::report_scope(&viewer),
                &q.filters(),
                |_, reports| {
                    counts.add(&reports, interval, tz);
                    Ok(())
                },
            )?;
            Ok(counts.points(interval))
        })
        .await?;
    Ok(web::Json(Trend { interval, points }))
}

/// Per district (the busiest 100), the most frequent categories and title words — the input
/// for policy recommendations.
#[utoipa::path(
    tag = "stats",
    security(("bearer" = [])),
    params(StatsQuery),
    responses(
        (status = 200, description = "Per district", body = Vec<RegionTopics>),
        (status = 401, description = "Not signed in"),
        (status = 422, description = "Invalid query"),
        (status = 429, description = "The caller already has four statistics being counted (`rate_limited`, with `Retry-After`)"),
    )
)]
#[get("/stats/topics")]
pub async fn stats_topics(
    state: web::Data<AppState>,
    viewer: Viewer,
    ValidQuery(q): ValidQuery<StatsQuery>,
) -> Result<web::Json<Vec<RegionTopics>>, ApiError> {
    let top = q.top.unwrap_or(10);
    let _turn = turn(&state, viewer.id).await?;
    let topics = state
        .db(move |conn| {
            let mut counts = TopicCounts::default();
            store_stats::each_topic_chunk(
                conn,
                &policy::report_scope(&viewer),
                &q.filters(),
                |rows| counts.add(&rows),
            )?;
            Ok(counts.topics(top))
        })
        .await?;
    Ok(web::Json(topics))
}
