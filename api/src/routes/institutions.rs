use crate::auth::{Admin, Viewer};
use crate::db::DbConn;
use crate::error::ApiError;
use crate::routes::extract::{ValidJson, ValidPath, ValidQuery};
use crate::state::AppState;
use crate::store::{self, institutions};
use crate::workflow::Later;
use actix_web::{HttpResponse, get, patch, post, web};
use lapor_types::Page;
use lapor_types::problem::ErrorCode;
use lapor_types::reference::{Institution, InstitutionPatch, InstitutionQuery, NewInstitution};

fn code_taken() -> ApiError {
    ApiError::conflict(ErrorCode::CodeTaken, "another institution has this code")
}

/// 422 unless the region exists.
fn check_region(conn: &mut DbConn, code: Option<&str>) -> Result<(), ApiError> {
    match code {
        Some(code) if crate::store::regions::get(conn, code)?.is_none() => {
            Err(ApiError::field("region_code", "unknown", "no such region"))
        }
        _ => Ok(()),
    }
}

fn parent(conn: &mut DbConn, id: i64) -> Result<institutions::InstitutionRow, ApiError> {
    institutions::get(conn, id)?
        .ok_or_else(|| ApiError::field("parent_id", "unknown", "no such institution"))
}

/// The institution tree, one level or filtered, in id order.
#[utoipa::path(
    tag = "institutions",
    security(("bearer" = [])),
    params(InstitutionQuery),
    responses(
        (status = 200, description = "A page of institutions", body = Page<Institution>),
        (status = 401, description = "Not signed in"),
        (status = 422, description = "Invalid query"),
    )
)]
#[get("/institutions")]
pub async fn list_institutions(
    state: web::Data<AppState>,
    _viewer: Viewer,
    ValidQuery(q): ValidQuery<InstitutionQuery>,
) -> Result<web::Json<Page<Institution>>, ApiError> {
    let after = store::id_cursor(&q.cursor)?;
    let limit = q.limit.unwrap_or(store::DEFAULT_LIMIT);
    let rows = state
        .db(move |conn| Ok(institutions::list(conn, &q, after, limit)?))
        .await?;
    let items = rows
        .iter()
        .map(institutions::InstitutionRow::to_wire)
        .collect();
    Ok(web::Json(store::page(items, limit, |i: &Institution| {
        i.id.to_string()
    })))
}

/// Adds an institution (with the area it serves, if any): a root (national, or a regional government standing alone) or a child
/// that fits the tree (national → ministry/agency/regional government → unit → unit).
#[utoipa::path(
    tag = "institutions",
    security(("bearer" = [])),
    request_body = NewInstitution,
    responses(
        (status = 201, description = "Created", body = Institution),
        (status = 400, description = "Malformed JSON"),
        (status = 401, description = "Not signed in"),
        (status = 403, description = "Admins only"),
        (status = 409, description = "The code is taken (`code_taken`)"),
        (status = 422, description = "Invalid fields, unknown parent, or a kind that cannot hang there (`invalid_parent`)"),
    )
)]
#[post("/institutions")]
pub async fn create_institution(
    state: web::Data<AppState>,
    _admin: Admin,
    ValidJson(body): ValidJson<NewInstitution>,
) -> Result<HttpResponse, ApiError> {
    let row = state
        .tx(move |conn| {
            let parent = body.parent_id.map(|id| parent(conn, id)).transpose()?;
            if !body.kind.may_have_parent(parent.as_ref().map(|p| p.kind)) {
                return Err(ApiError::field(
                    "parent_id",
                    "invalid_parent",
                    "this kind of institution cannot hang under that parent",
                ));
            }
            check_region(conn, body.region_code.as_deref())?;
            if institutions::code_taken(conn, &body.code)? {
                return Err(code_taken());
            }
            Ok(institutions::insert(
                conn,
                &body.code,
                body.name.trim(),
                body.kind,
                parent.as_ref(),
                body.region_code.as_deref(),
            )?)
        })
        .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/institutions/{}", row.id)))
        .json(row.to_wire()))
}

/// One institution.
#[utoipa::path(
    tag = "institutions",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "Institution id")),
    responses(
        (status = 200, description = "The institution", body = Institution),
        (status = 400, description = "The id is not a number"),
        (status = 401, description = "Not signed in"),
        (status = 404, description = "No such institution"),
    )
)]
#[get("/institutions/{id}")]
pub async fn get_institution(
    state: web::Data<AppState>,
    _viewer: Viewer,
    id: ValidPath<i64>,
) -> Result<web::Json<Institution>, ApiError> {
    let id = id.into_inner();
    let row = state
        .db(move |conn| Ok(institutions::get(conn, id)?))
        .await?;
    row.map(|r| web::Json(r.to_wire()))
        .ok_or_else(ApiError::not_found)
}

/// Renames, recodes, (de)activates or moves an institution; a move takes its subtree along.
#[utoipa::path(
    tag = "institutions",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "Institution id")),
    request_body = InstitutionPatch,
    responses(
        (status = 200, description = "The changed institution", body = Institution),
        (status = 400, description = "Malformed JSON or id"),
        (status = 401, description = "Not signed in"),
        (status = 403, description = "Admins only"),
        (status = 404, description = "No such institution"),
        (status = 409, description = "The code is taken (`code_taken`)"),
        (status = 422, description = "Invalid fields, or a move under itself or where its kind cannot hang"),
    )
)]
#[patch("/institutions/{id}")]
pub async fn update_institution(
    state: web::Data<AppState>,
    _admin: Admin,
    id: ValidPath<i64>,
    body: Later<InstitutionPatch>,
) -> Result<web::Json<Institution>, ApiError> {
    let id = id.into_inner();
    let row = state
        .tx(move |conn| {
            let current = institutions::get(conn, id)?.ok_or_else(ApiError::not_found)?;
            let body = body.open()?;
            if let Some(code) = &body.code
                && *code != current.code
                && institutions::code_taken(conn, code)?
            {
                return Err(code_taken());
            }
            let moving_to = match body.parent_id {
                Some(p) if Some(p) != current.parent_id => Some(parent(conn, p)?),
                _ => None,
            };
            if let Some(new_parent) = &moving_to {
                if new_parent.path.starts_with(&current.path) {
                    return Err(ApiError::field(
                        "parent_id",
                        "cycle",
                        "an institution cannot move under itself",
                    ));
                }
                if !current.kind.may_have_parent(Some(new_parent.kind)) {
                    return Err(ApiError::field(
                        "parent_id",
                        "invalid_parent",
                        "this kind of institution cannot hang under that parent",
                    ));
                }
                institutions::move_subtree(
                    conn,
                    &current.path,
                    &format!("{}{id}/", new_parent.path),
                )?;
            }
            check_region(conn, body.region_code.clone().flatten().as_deref())?;
            let changes = institutions::InstitutionChanges {
                code: body.code,
                name: body.name.map(|n| n.trim().to_owned()),
                active: body.active,
                parent_id: moving_to.map(|p| Some(p.id)),
                region_code: body.region_code,
                updated_at: Some(store::now()),
            };
            institutions::update(conn, id, &changes)?;
            institutions::get(conn, id)?.ok_or_else(ApiError::not_found)
        })
        .await?;
    Ok(web::Json(row.to_wire()))
}
