//! Statistics. Every figure covers exactly the reports the viewer may see (the report list's
//! scope) that pass the list's filters.

use crate::auth::Viewer;
use crate::domain::policy;
use crate::domain::stats::{self, DispositionFact, ReportFact};
use crate::error::ApiError;
use crate::routes::extract::ValidQuery;
use crate::state::AppState;
use crate::store::stats as store_stats;
use crate::{clock, db::DbConn};
use actix_web::{get, web};
use lapor_types::stats::{
    InstitutionStats, Interval, LeagueSort, RegionTopics, SortOrder, StatsQuery, StatsSummary,
    Trend,
};
use lapor_types::users::Role;

/// Waits for a turn to compute statistics (see `AppState::stats_permits`).
async fn turn(state: &AppState) -> Result<tokio::sync::OwnedSemaphorePermit, ApiError> {
    state
        .stats_permits
        .clone()
        .acquire_owned()
        .await
        .map_err(ApiError::internal)
}

/// The viewer's reports under the query's filters, and their dispositions.
fn facts(
    conn: &mut DbConn,
    viewer: &Viewer,
    q: &StatsQuery,
) -> Result<(Vec<ReportFact>, Vec<DispositionFact>), ApiError> {
    let reports = store_stats::report_facts(conn, &policy::report_scope(viewer), &q.filters())?;
    let dispositions = store_stats::disposition_facts(conn, &reports)?;
    Ok((reports, dispositions))
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
    )
)]
#[get("/stats/summary")]
pub async fn stats_summary(
    state: web::Data<AppState>,
    viewer: Viewer,
    ValidQuery(q): ValidQuery<StatsQuery>,
) -> Result<web::Json<StatsSummary>, ApiError> {
    let _turn = turn(&state).await?;
    let summary = state
        .db(move |conn| {
            let (reports, dispositions) = facts(conn, &viewer, &q)?;
            Ok(stats::summary(&reports, &dispositions, clock::now()))
        })
        .await?;
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
    )
)]
#[get("/stats/institutions")]
pub async fn stats_institutions(
    state: web::Data<AppState>,
    viewer: Viewer,
    ValidQuery(q): ValidQuery<StatsQuery>,
) -> Result<web::Json<Vec<InstitutionStats>>, ApiError> {
    let within = match (viewer.role, &viewer.institution_path) {
        (Role::Admin, _) => None,
        (Role::Coordinator | Role::Supervisor | Role::Liaison, Some(path)) => Some(path.clone()),
        _ => return Err(ApiError::forbidden("the league table is for officers")),
    };
    let sort = q.sort.unwrap_or(LeagueSort::Dispositions);
    let order = q.order.unwrap_or(SortOrder::Desc);
    let _turn = turn(&state).await?;
    let mut rows = state
        .db(move |conn| {
            let units = store_stats::units(conn, within.as_deref())?;
            let (reports, dispositions) = facts(conn, &viewer, &q)?;
            Ok(stats::league(&units, &reports, &dispositions, clock::now()))
        })
        .await?;
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
    let _turn = turn(&state).await?;
    let points = state
        .db(move |conn| {
            let reports =
                store_stats::report_facts(conn, &policy::report_scope(&viewer), &q.filters())?;
            Ok(stats::trend(&reports, interval, tz))
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
    )
)]
#[get("/stats/topics")]
pub async fn stats_topics(
    state: web::Data<AppState>,
    viewer: Viewer,
    ValidQuery(q): ValidQuery<StatsQuery>,
) -> Result<web::Json<Vec<RegionTopics>>, ApiError> {
    let top = q.top.unwrap_or(10);
    let _turn = turn(&state).await?;
    let topics = state
        .db(move |conn| {
            let rows = store_stats::topic_rows(conn, &policy::report_scope(&viewer), &q.filters())?;
            Ok(stats::topics(&rows, top))
        })
        .await?;
    Ok(web::Json(topics))
}
