//! The SLA policy: the rules deadlines are computed by. Everyone signed in may read them (a
//! citizen may ask how long a stage takes); admins change them. A change applies to stages that
//! start afterwards; running deadlines keep theirs.

use crate::auth::{Admin, Viewer};
use crate::error::ApiError;
use crate::routes::extract::{ValidJson, ValidPath};
use crate::state::AppState;
use crate::store::sla::PolicyRow;
use crate::store::{categories, institutions, sla};
use crate::workflow::Later;
use actix_web::{HttpResponse, delete, get, patch, post, web};
use lapor_types::problem::ErrorCode;
use lapor_types::sla::{NewSlaPolicy, SlaPolicy, SlaPolicyUpdate, SlaStage};

/// Every rule, by stage.
#[utoipa::path(
    tag = "sla",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The rules", body = Vec<SlaPolicy>),
        (status = 401, description = "Not signed in"),
    )
)]
#[get("/sla-policies")]
pub async fn list_sla_policies(
    state: web::Data<AppState>,
    _viewer: Viewer,
) -> Result<web::Json<Vec<SlaPolicy>>, ApiError> {
    let rows = state.db(|conn| Ok(sla::list(conn)?)).await?;
    Ok(web::Json(rows.iter().map(PolicyRow::to_wire).collect()))
}

/// Adds a rule for a kind, a category and/or an institution (its subtree).
#[utoipa::path(
    tag = "sla",
    security(("bearer" = [])),
    request_body = NewSlaPolicy,
    responses(
        (status = 201, description = "Added", body = SlaPolicy),
        (status = 400, description = "Malformed JSON"),
        (status = 401, description = "Not signed in"),
        (status = 403, description = "Admins only"),
        (status = 409, description = "A rule with the same stage and scope exists (`already_exists`)"),
        (status = 422, description = "Invalid fields, an unknown category or institution, or a category rule on a stage other than resolve/investigation"),
    )
)]
#[post("/sla-policies")]
pub async fn create_sla_policy(
    state: web::Data<AppState>,
    _admin: Admin,
    ValidJson(body): ValidJson<NewSlaPolicy>,
) -> Result<HttpResponse, ApiError> {
    let row = state
        .tx(move |conn| {
            if let Some(id) = body.category_id {
                if !matches!(body.stage, SlaStage::Resolve | SlaStage::Investigation) {
                    return Err(ApiError::field(
                        "category_id",
                        "not_for_stage",
                        "categories set resolution periods only",
                    ));
                }
                if categories::get(conn, id)?.is_none() {
                    return Err(ApiError::field(
                        "category_id",
                        "unknown",
                        "no such category",
                    ));
                }
            }
            if let Some(id) = body.institution_id
                && institutions::get(conn, id)?.is_none()
            {
                return Err(ApiError::field(
                    "institution_id",
                    "unknown",
                    "no such institution",
                ));
            }
            Ok(sla::insert(conn, &body)?)
        })
        .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/sla-policies/{}", row.id)))
        .json(row.to_wire()))
}

/// Changes a rule's period.
#[utoipa::path(
    tag = "sla",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "Rule id")),
    request_body = SlaPolicyUpdate,
    responses(
        (status = 200, description = "Changed", body = SlaPolicy),
        (status = 400, description = "Malformed JSON or id"),
        (status = 401, description = "Not signed in"),
        (status = 403, description = "Admins only"),
        (status = 404, description = "No such rule"),
        (status = 422, description = "Invalid fields"),
    )
)]
#[patch("/sla-policies/{id}")]
pub async fn update_sla_policy(
    state: web::Data<AppState>,
    _admin: Admin,
    id: ValidPath<i64>,
    body: Later<SlaPolicyUpdate>,
) -> Result<web::Json<SlaPolicy>, ApiError> {
    let id = id.into_inner();
    let row = state
        .tx(move |conn| {
            sla::get(conn, id)?.ok_or_else(ApiError::not_found)?;
            let body = body.open()?;
            if !sla::set_period(conn, id, body.amount, body.unit)? {
                return Err(ApiError::not_found());
            }
            sla::get(conn, id)?.ok_or_else(ApiError::not_found)
        })
        .await?;
    Ok(web::Json(row.to_wire()))
}

/// Removes a rule; the national defaults (built in) can only be changed.
#[utoipa::path(
    tag = "sla",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "Rule id")),
    responses(
        (status = 204, description = "Removed"),
        (status = 400, description = "Not a number"),
        (status = 401, description = "Not signed in"),
        (status = 403, description = "Admins only"),
        (status = 404, description = "No such rule"),
        (status = 409, description = "A built-in rule (`built_in`)"),
    )
)]
#[delete("/sla-policies/{id}")]
pub async fn delete_sla_policy(
    state: web::Data<AppState>,
    _admin: Admin,
    id: ValidPath<i64>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    state
        .tx(move |conn| {
            let rule = sla::get(conn, id)?.ok_or_else(ApiError::not_found)?;
            if rule.built_in {
                return Err(ApiError::conflict(
                    ErrorCode::BuiltIn,
                    "the national defaults can be changed, not removed",
                ));
            }
            Ok(sla::delete(conn, id)?)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
