use crate::auth::Citizen;
use crate::domain::policy::ReportScope;
use crate::error::ApiError;
use crate::routes::extract::{ValidPath, ValidQuery};
use crate::state::AppState;
use crate::store::{self, reports as store_reports};
use actix_web::{HttpResponse, get, post, web};
use lapor_types::Page;
use lapor_types::problem::ErrorCode;
use lapor_types::reports::{PublicReport, PublicReportQuery, ReportQuery, Support};

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
                    let wire = r.to_wire(None);
                    PublicReport {
                        id: wire.id,
                        tracking_id: wire.tracking_id,
                        kind: wire.kind,
                        title: wire.title,
                        body: wire.body,
                        region_code: wire.region_code,
                        category_id: wire.category_id,
                        institution_id: wire.institution_id,
                        status: wire.status,
                        created_at: wire.created_at,
                        reporter_name: if r.anonymous {
                            None
                        } else {
                            names.get(&r.reporter_id).map(|p| p.name.clone())
                        },
                        anonymous: r.anonymous,
                        support_count: counts.get(&r.id).copied().unwrap_or(0),
                    }
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
