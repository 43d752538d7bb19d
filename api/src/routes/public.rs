use crate::auth::Citizen;
use crate::domain::policy::ReportScope;
use crate::error::ApiError;
use crate::routes::extract::{ValidPath, ValidQuery};
use crate::state::AppState;
use crate::store::attachments::{self as store_attachments};
use crate::store::reports as store_reports;
use crate::store::reports::ReportRow;
use crate::store::stats::{self as store_stats, Rolled};
use crate::store::{self, followups, regions};
use crate::workflow::attachments::{is_public, shown};
use crate::workflow::reports::public_report;
use actix_web::{HttpResponse, get, post, web};
use lapor_types::Page;
use lapor_types::problem::ErrorCode;
use lapor_types::reports::EventKind;
use lapor_types::reports::{
    FollowupKind, PublicAnswer, PublicReport, PublicReportPage, PublicReportQuery, ReportQuery,
    ReportStatus, Support,
};
use lapor_types::stats::{PublicStats, RegionTally};

/// The most districts `GET /public/stats` names.
const PUBLIC_DISTRICTS: usize = 30;

/// The public feed: verified, non-confidential reports, newest first. No sign-in needed;
/// anonymous reporters appear as anonymous, others by name only.
#[utoipa::path(
    tag = "public",
    params(PublicReportQuery),
    responses(
        (status = 200, description = "A page of public reports", body = Page<PublicReport>),
        (status = 422, description = "Invalid query"),
    )
)]
#[get("/public/reports")]
pub async fn list_public_reports(
    state: web::Data<AppState>,
    ValidQuery(q): ValidQuery<PublicReportQuery>,
) -> Result<web::Json<Page<PublicReport>>, ApiError> {
    let before = store::id_cursor(&q.cursor)?;
    let limit = q.limit.unwrap_or(20);
    let filters = ReportQuery {
        status: q.status,
        kind: q.kind,
        category_id: q.category_id,
        region: q.region,
        q: q.q,
        ..Default::default()
    };
    let items = state
        .db(move |conn| {
            let rows =
                store_reports::list(conn, &ReportScope::Public, &filters, None, before, limit)?;
            let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
            let named: Vec<i64> = rows
                .iter()
                .filter(|r| !r.anonymous)
                .map(|r| r.reporter_id)
                .collect();
            let counts = store_reports::support_counts(conn, &ids)?;
            let names = store_reports::reporters(conn, &named)?;
            Ok(rows
                .into_iter()
                .map(|r| {
                    let name = names.get(&r.reporter_id).map(|p| p.name.clone());
                    public(&r, name, counts.get(&r.id).copied().unwrap_or(0))
                })
                .collect::<Vec<_>>())
        })
        .await?;
    Ok(web::Json(store::page(items, limit, |r: &PublicReport| {
        r.id.to_string()
    })))
}

/// A citizen supports (dukung) a public report; once per citizen. Officers and supervisors
/// do not: the count is the public's signal.
#[utoipa::path(
    tag = "public",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "Report id")),
    responses(
        (status = 201, description = "Supported", body = Support),
        (status = 401, description = "Not signed in"),
        (status = 403, description = "Only citizens support reports"),
        (status = 404, description = "No such report in the public feed"),
        (status = 409, description = "Already supported by this user (`already_supported`)"),
    )
)]
#[post("/reports/{id}/supports")]
pub async fn support_report(
    state: web::Data<AppState>,
    Citizen(viewer): Citizen,
    id: ValidPath<i64>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let support = state
        .tx(move |conn| {
            store_reports::visible_report(conn, &ReportScope::Public, id)?
                .ok_or_else(ApiError::not_found)?;
            if !store_reports::support(conn, id, viewer.id)? {
                return Err(ApiError::conflict(
                    ErrorCode::AlreadySupported,
                    "you already support this report",
                ));
            }
            let count = store_reports::support_counts(conn, &[id])?
                .get(&id)
                .copied()
                .unwrap_or(0);
            Ok(Support {
                report_id: id,
                support_count: count,
            })
        })
        .await?;
    Ok(HttpResponse::Created().json(support))
}

/// A public report on the wire; the reporter's `name` only when the report is not anonymous.
fn public(r: &ReportRow, name: Option<String>, support_count: i64) -> PublicReport {
    let wire = r.to_wire(None);
    PublicReport {
        id: wire.id,
        tracking_id: wire.tracking_id,
        kind: wire.kind,
        title: wire.title,
        body: wire.body,
        region_code: wire.region_code,
        latitude: wire.latitude,
        longitude: wire.longitude,
        category_id: wire.category_id,
        institution_id: wire.institution_id,
        status: wire.status,
        created_at: wire.created_at,
        reporter_name: if r.anonymous { None } else { name },
        anonymous: r.anonymous,
        support_count,
    }
}

/// A public report's page: what was reported, where and when, the units' public responses
/// and resolutions, when the reporter disputed one, and its photos when the reporter allowed
/// them. No sign-in needed.
#[utoipa::path(
    tag = "public",
    params(("id" = i64, Path, description = "The report's id")),
    responses(
        (status = 200, description = "The public report", body = PublicReportPage),
        (status = 404, description = "No such public report (also a confidential, unverified or archived one)"),
    )
)]
#[get("/public/reports/{id}")]
pub async fn get_public_report(
    state: web::Data<AppState>,
    id: ValidPath<i64>,
) -> Result<web::Json<PublicReportPage>, ApiError> {
    let id = id.into_inner();
    let page = state
        .db(move |conn| {
            let r = public_report(conn, id)?;
            let name = store_reports::reporters(conn, &[r.reporter_id])?
                .remove(&r.reporter_id)
                .map(|p| p.name);
            let support = store_reports::support_counts(conn, &[r.id])?;
            let responses = followups::of_report(conn, id, false)?
                .into_iter()
                .filter(|f| f.kind == FollowupKind::Response)
                .map(|f| PublicAnswer {
                    body: f.body,
                    created_at: f.created_at.and_utc(),
                })
                .collect();
            let events = store_reports::events(conn, id)?;
            let disputes = events
                .iter()
                .filter(|e| e.action == EventKind::Disputed)
                .map(|e| e.created_at.and_utc())
                .collect();
            let resolutions = events
                .into_iter()
                .filter(|e| e.action == EventKind::DispositionCompleted)
                .filter_map(|e| {
                    let details: serde_json::Value = serde_json::from_str(&e.details).ok()?;
                    Some(PublicAnswer {
                        body: details["resolution"].as_str()?.to_owned(),
                        created_at: e.created_at.and_utc(),
                    })
                })
                .collect();
            let photos = if r.public_photos {
                store_attachments::of_report(conn, id)?
                    .iter()
                    .filter(|a| is_public(&r, a))
                    .map(|a| shown(false, &r, a))
                    .collect()
            } else {
                Vec::new()
            };
            Ok(PublicReportPage {
                report: public(&r, name, support.get(&r.id).copied().unwrap_or(0)),
                address: r.address.clone(),
                incident_date: r.incident_date,
                responses,
                resolutions,
                disputes,
                photos,
            })
        })
        .await?;
    Ok(web::Json(page))
}

/// The deployment's figures for everyone: reports received and resolved, the share resolved
/// on time, and the districts with most reports (at most 30, most first, named). From the
/// statistics rollup of all reports (docs/STATS.md), so one anonymous request costs a few rows;
/// 503 `busy` until the job runner has built it once.
#[utoipa::path(
    tag = "public",
    responses(
        (status = 200, description = "The figures", body = PublicStats),
        (status = 503, description = "The statistics are not counted yet (`busy`, with `Retry-After`)"),
    )
)]
#[get("/public/stats")]
pub async fn public_stats(state: web::Data<AppState>) -> Result<web::Json<PublicStats>, ApiError> {
    let cache = state.rollups.clone();
    let retry = u32::try_from(state.config.jobs_interval_secs).unwrap_or(60);
    let stats = state
        .db(move |conn| {
            let all = Rolled {
                key: ReportScope::All.rollup_key().unwrap_or_default(),
                from: None,
                to: None,
                kind: None,
                category_id: None,
            };
            let summary = store_stats::rolled(conn, &all, &cache)?
                .ok_or_else(|| ApiError::busy(retry))?
                .0
                .summary();
            let count = |status: ReportStatus| {
                summary
                    .by_status
                    .iter()
                    .find(|t| t.key == status.as_str())
                    .map_or(0, |t| t.count)
            };
            let mut districts = summary.by_region.clone();
            districts.sort_by(|a, b| b.count.cmp(&a.count).then(a.key.cmp(&b.key)));
            districts.truncate(PUBLIC_DISTRICTS);
            let by_district = districts
                .into_iter()
                .map(|t| {
                    let name = regions::get(conn, &t.key)?.map(|r| r.name);
                    Ok(RegionTally {
                        name: name.unwrap_or_else(|| t.key.clone()),
                        code: t.key,
                        count: t.count,
                    })
                })
                .collect::<Result<Vec<_>, ApiError>>()?;
            Ok(PublicStats {
                received: summary.total,
                resolved: count(ReportStatus::Resolved) + count(ReportStatus::Closed),
                resolved_on_time_rate: summary.on_time.resolve,
                by_district,
            })
        })
        .await?;
    Ok(web::Json(stats))
}
