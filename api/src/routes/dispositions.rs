use crate::auth::{Officer, Staff, Viewer};
use crate::domain::policy;
use crate::error::ApiError;
use crate::routes::extract::{ValidPath, ValidQuery};
use crate::state::AppState;
use crate::store::dispositions::{self as store_dispositions, DispositionRow};
use crate::store::{self, reports as store_reports};
use crate::workflow::Later;
use crate::workflow::dispositions::{self, Handling};
use crate::workflow::reports::visible;
use actix_web::{HttpResponse, get, post, web};
use lapor_types::Page;
use lapor_types::reports::{
    CompleteRequest, DeclineRequest, DisposedReport, Disposition, DispositionQuery, NewDisposition,
};
use lapor_types::sla::ExtensionRequest;
use std::collections::HashMap;

/// Routes a verified report to an institution. Coordinators dispose within their subtree;
/// a unit holding an accepted disposition may divide it among its own sub-units
/// (`parent_disposition_id`). Several dispositions may be active at once.
#[utoipa::path(
    tag = "dispositions",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "Report id")),
    request_body = NewDisposition,
    responses(
        (status = 201, description = "Disposed", body = Disposition),
        (status = 400, description = "Malformed JSON or id"),
        (status = 401, description = "Not signed in"),
        (status = 403, description = "Not the caller's to dispose (role, or an institution outside their subtree)"),
        (status = 404, description = "No such report in the caller's scope"),
        (status = 409, description = "Not verified yet (`not_verified`), already disposed there (`already_disposed`), parent not accepted (`parent_not_accepted`), or `illegal_transition`"),
        (status = 422, description = "Invalid fields, unknown institution or parent, a due date in the past"),
    )
)]
#[post("/reports/{id}/dispositions")]
pub async fn create_disposition(
    state: web::Data<AppState>,
    Officer(viewer): Officer,
    id: ValidPath<i64>,
    body: Later<NewDisposition>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let site = state.site();
    let disposition = state
        .tx(move |conn| dispositions::dispose(conn, site, &viewer, id, body))
        .await?;
    Ok(HttpResponse::Created()
        .insert_header((
            "Location",
            format!("/api/v1/dispositions/{}", disposition.id),
        ))
        .json(disposition))
}

/// The dispositions of one report.
#[utoipa::path(
    tag = "dispositions",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "Report id")),
    responses(
        (status = 200, description = "Its dispositions, oldest first", body = Vec<Disposition>),
        (status = 401, description = "Not signed in"),
        (status = 404, description = "No such report in the caller's scope"),
    )
)]
#[get("/reports/{id}/dispositions")]
pub async fn list_report_dispositions(
    state: web::Data<AppState>,
    viewer: Viewer,
    id: ValidPath<i64>,
) -> Result<web::Json<Vec<Disposition>>, ApiError> {
    let id = id.into_inner();
    let rows = state
        .db(move |conn| {
            visible(conn, &viewer, id)?;
            Ok(store_dispositions::of_report(conn, id)?)
        })
        .await?;
    Ok(web::Json(
        rows.iter().map(DispositionRow::to_wire).collect(),
    ))
}

/// A unit's inbox: dispositions to the caller's institution and its sub-units, newest first,
/// each with its report's tracking id, title, status and resolution deadline.
#[utoipa::path(
    tag = "dispositions",
    security(("bearer" = [])),
    params(DispositionQuery),
    responses(
        (status = 200, description = "A page of dispositions", body = Page<Disposition>),
        (status = 401, description = "Not signed in"),
        (status = 403, description = "Citizens have no inbox"),
        (status = 422, description = "Invalid query"),
    )
)]
#[get("/dispositions")]
pub async fn list_dispositions(
    state: web::Data<AppState>,
    Staff(viewer): Staff,
    ValidQuery(q): ValidQuery<DispositionQuery>,
) -> Result<web::Json<Page<Disposition>>, ApiError> {
    let within = policy::officer_subtree(&viewer)?;
    let before = store::id_cursor(&q.cursor)?;
    let limit = q.limit.unwrap_or(store::DEFAULT_LIMIT);
    let scope = policy::report_scope(&viewer);
    let items = state
        .db(move |conn| {
            let rows = store_dispositions::list(conn, within.as_deref(), &q, before, limit)?;
            let ids: Vec<i64> = rows.iter().map(|d| d.report_id).collect();
            let reports: HashMap<i64, DisposedReport> =
                store_reports::disposed(conn, &scope, &ids)?
                    .into_iter()
                    .collect();
            Ok(rows.iter().map(|row| in_inbox(row, &reports)).collect())
        })
        .await?;
    Ok(web::Json(store::page(items, limit, |d: &Disposition| {
        d.id.to_string()
    })))
}

/// A disposition as an inbox shows it, with its report when the viewer may see that: a unit
/// that declined or lost a disposition by recall sees neither the report nor the instruction.
fn in_inbox(row: &DispositionRow, reports: &HashMap<i64, DisposedReport>) -> Disposition {
    let wire = row.to_wire();
    match reports.get(&row.report_id) {
        Some(report) => Disposition {
            report: Some(report.clone()),
            ..wire
        },
        None => Disposition {
            instruction: String::new(),
            ..wire
        },
    }
}

/// The unit takes the disposition on.
#[utoipa::path(
    tag = "dispositions",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "Disposition id")),
    responses(
        (status = 200, description = "Accepted", body = Disposition),
        (status = 401, description = "Not signed in"),
        (status = 403, description = "Not the caller's unit"),
        (status = 404, description = "No such disposition in the caller's scope"),
        (status = 409, description = "Not pending (`illegal_transition`)"),
    )
)]
#[post("/dispositions/{id}/accept")]
pub async fn accept_disposition(
    state: web::Data<AppState>,
    viewer: Viewer,
    id: ValidPath<i64>,
) -> Result<web::Json<Disposition>, ApiError> {
    let id = id.into_inner();
    let site = state.site();
    let d = state
        .tx(move |conn| dispositions::handle(conn, site, &viewer, id, Handling::Accept))
        .await?;
    Ok(web::Json(d))
}

/// "Not our authority": the unit returns the disposition with a reason. When no disposition of
/// the report remains, the report goes back to the coordinator (status `submitted`).
#[utoipa::path(
    tag = "dispositions",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "Disposition id")),
    request_body = DeclineRequest,
    responses(
        (status = 200, description = "Declined", body = Disposition),
        (status = 400, description = "Malformed JSON or id"),
        (status = 401, description = "Not signed in"),
        (status = 403, description = "Not the caller's unit"),
        (status = 404, description = "No such disposition in the caller's scope"),
        (status = 409, description = "Already completed, declined or recalled (`illegal_transition`)"),
        (status = 422, description = "Invalid fields"),
    )
)]
#[post("/dispositions/{id}/decline")]
pub async fn decline_disposition(
    state: web::Data<AppState>,
    Officer(viewer): Officer,
    id: ValidPath<i64>,
    body: Later<DeclineRequest>,
) -> Result<web::Json<Disposition>, ApiError> {
    let id = id.into_inner();
    let site = state.site();
    let d = state
        .tx(move |conn| dispositions::handle(conn, site, &viewer, id, Handling::Decline(body)))
        .await?;
    Ok(web::Json(d))
}

/// The unit reports its work done. When every disposition that counts is complete, the report
/// is `resolved` and waits for the reporter's verdict.
#[utoipa::path(
    tag = "dispositions",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "Disposition id")),
    request_body = CompleteRequest,
    responses(
        (status = 200, description = "Completed", body = Disposition),
        (status = 400, description = "Malformed JSON or id"),
        (status = 401, description = "Not signed in"),
        (status = 403, description = "Not the caller's unit"),
        (status = 404, description = "No such disposition in the caller's scope"),
        (status = 409, description = "Not accepted (`illegal_transition`)"),
        (status = 422, description = "Invalid fields"),
    )
)]
#[post("/dispositions/{id}/complete")]
pub async fn complete_disposition(
    state: web::Data<AppState>,
    Officer(viewer): Officer,
    id: ValidPath<i64>,
    body: Later<CompleteRequest>,
) -> Result<web::Json<Disposition>, ApiError> {
    let id = id.into_inner();
    let site = state.site();
    let d = state
        .tx(move |conn| dispositions::handle(conn, site, &viewer, id, Handling::Complete(body)))
        .await?;
    Ok(web::Json(d))
}

/// The coordinator (or, for a sub-disposition, the dividing unit) takes a disposition back,
/// e.g. to re-route it (pengalihan).
#[utoipa::path(
    tag = "dispositions",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "Disposition id")),
    responses(
        (status = 200, description = "Recalled", body = Disposition),
        (status = 401, description = "Not signed in"),
        (status = 403, description = "Not the caller's to recall"),
        (status = 404, description = "No such disposition in the caller's scope"),
        (status = 409, description = "Already completed, declined or recalled (`illegal_transition`)"),
    )
)]
#[post("/dispositions/{id}/recall")]
pub async fn recall_disposition(
    state: web::Data<AppState>,
    viewer: Viewer,
    id: ValidPath<i64>,
) -> Result<web::Json<Disposition>, ApiError> {
    let id = id.into_inner();
    let site = state.site();
    let d = state
        .tx(move |conn| dispositions::handle(conn, site, &viewer, id, Handling::Recall))
        .await?;
    Ok(web::Json(d))
}

/// The one extension a disposition may have, with a reason, by its unit or the coordinator: the
/// unit's response deadline (while unanswered) and the report's resolution deadline move on by
/// `working_days`; the reporter is told, and the timeline shows why.
#[utoipa::path(
    tag = "dispositions",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "Disposition id")),
    request_body = ExtensionRequest,
    responses(
        (status = 200, description = "Extended", body = Disposition),
        (status = 400, description = "Malformed JSON or id"),
        (status = 401, description = "Not signed in"),
        (status = 403, description = "Neither the caller's unit nor a coordinator of the report"),
        (status = 404, description = "No such disposition in the caller's scope"),
        (status = 409, description = "Extended before (`already_extended`), no longer open (`illegal_transition`), or a concurrent change (`version_conflict`)"),
        (status = 422, description = "Invalid fields"),
    )
)]
#[post("/dispositions/{id}/extension")]
pub async fn extend_disposition(
    state: web::Data<AppState>,
    Officer(viewer): Officer,
    id: ValidPath<i64>,
    body: Later<ExtensionRequest>,
) -> Result<web::Json<Disposition>, ApiError> {
    let id = id.into_inner();
    let site = state.site();
    let d = state
        .tx(move |conn| dispositions::extend(conn, site, &viewer, id, body))
        .await?;
    Ok(web::Json(d))
}
