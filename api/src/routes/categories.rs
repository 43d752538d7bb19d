use crate::auth::Admin;
use crate::db::DbConn;
use crate::error::ApiError;
use crate::routes::extract::{ValidJson, ValidPath, ValidQuery};
use crate::state::AppState;
use crate::store::{self, categories, institutions};
use crate::workflow::Later;
use actix_web::{HttpResponse, get, patch, post, web};
use lapor_types::Page;
use lapor_types::problem::ErrorCode;
use lapor_types::reference::{Category, CategoryPatch, CategoryQuery, NewCategory};

/// 422 unless the referenced category and institution exist.
fn check_references(
    conn: &mut DbConn,
    parent_id: Option<i64>,
    default_institution_id: Option<i64>,
) -> Result<(), ApiError> {
    if let Some(p) = parent_id
        && categories::get(conn, p)?.is_none()
    {
        return Err(ApiError::field("parent_id", "unknown", "no such category"));
    }
    if let Some(i) = default_institution_id
        && institutions::get(conn, i)?.is_none()
    {
        return Err(ApiError::field(
            "default_institution_id",
            "unknown",
            "no such institution",
        ));
    }
    Ok(())
}

fn name_taken() -> ApiError {
    ApiError::conflict(
        ErrorCode::NameTaken,
        "a category with this name exists at this level",
    )
}

/// Report categories, in id order. Public.
#[utoipa::path(
    tag = "categories",
    params(CategoryQuery),
    responses(
        (status = 200, description = "A page of categories", body = Page<Category>),
        (status = 422, description = "Invalid query"),
    )
)]
#[get("/categories")]
pub async fn list_categories(
    state: web::Data<AppState>,
    ValidQuery(q): ValidQuery<CategoryQuery>,
) -> Result<web::Json<Page<Category>>, ApiError> {
    let after = store::id_cursor(&q.cursor)?;
    let limit = q.limit.unwrap_or(100);
    let rows = state
        .db(move |conn| Ok(categories::list(conn, &q, after, limit)?))
        .await?;
    let items = rows.iter().map(categories::CategoryRow::to_wire).collect();
    Ok(web::Json(store::page(items, limit, |c: &Category| {
        c.id.to_string()
    })))
}

/// Adds a category.
#[utoipa::path(
    tag = "categories",
    security(("bearer" = [])),
    request_body = NewCategory,
    responses(
        (status = 201, description = "Created", body = Category),
        (status = 400, description = "Malformed JSON"),
        (status = 401, description = "Not signed in"),
        (status = 403, description = "Admins only"),
        (status = 409, description = "A sibling has this name (`name_taken`)"),
        (status = 422, description = "Invalid fields or unknown references"),
    )
)]
#[post("/categories")]
pub async fn create_category(
    state: web::Data<AppState>,
    _admin: Admin,
    ValidJson(body): ValidJson<NewCategory>,
) -> Result<HttpResponse, ApiError> {
    let row = state
        .tx(move |conn| {
            check_references(conn, body.parent_id, body.default_institution_id)?;
            let name = body.name.trim();
            if categories::name_taken(conn, name, body.parent_id, None)? {
                return Err(name_taken());
            }
            Ok(categories::insert(
                conn,
                name,
                body.parent_id,
                body.default_institution_id,
            )?)
        })
        .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/categories/{}", row.id)))
        .json(row.to_wire()))
}

/// One category. Public.
#[utoipa::path(
    tag = "categories",
    params(("id" = i64, Path, description = "Category id")),
    responses(
        (status = 200, description = "The category", body = Category),
        (status = 400, description = "The id is not a number"),
        (status = 404, description = "No such category"),
    )
)]
#[get("/categories/{id}")]
pub async fn get_category(
    state: web::Data<AppState>,
    id: ValidPath<i64>,
) -> Result<web::Json<Category>, ApiError> {
    let id = id.into_inner();
    let row = state.db(move |conn| Ok(categories::get(conn, id)?)).await?;
    row.map(|r| web::Json(r.to_wire()))
        .ok_or_else(ApiError::not_found)
}

/// Renames, moves or re-maps a category; `null` clears the parent or default institution.
#[utoipa::path(
    tag = "categories",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "Category id")),
    request_body = CategoryPatch,
    responses(
        (status = 200, description = "The changed category", body = Category),
        (status = 400, description = "Malformed JSON or id"),
        (status = 401, description = "Not signed in"),
        (status = 403, description = "Admins only"),
        (status = 404, description = "No such category"),
        (status = 409, description = "A sibling has this name (`name_taken`)"),
        (status = 422, description = "Invalid fields, unknown references, or a move under itself"),
    )
)]
#[patch("/categories/{id}")]
pub async fn update_category(
    state: web::Data<AppState>,
    _admin: Admin,
    id: ValidPath<i64>,
    body: Later<CategoryPatch>,
) -> Result<web::Json<Category>, ApiError> {
    let id = id.into_inner();
    let row = state
        .tx(move |conn| {
            let current = categories::get(conn, id)?.ok_or_else(ApiError::not_found)?;
            let body = body.open()?;
            let parent_id = body.parent_id.unwrap_or(current.parent_id);
            check_references(conn, parent_id, body.default_institution_id.flatten())?;
            if let Some(p) = parent_id
                && (p == id || categories::ancestors(conn, p)?.contains(&id))
            {
                return Err(ApiError::field(
                    "parent_id",
                    "cycle",
                    "a category cannot move under itself",
                ));
            }
            let name = body
                .name
                .as_deref()
                .map_or(current.name.as_str(), str::trim);
            if categories::name_taken(conn, name, parent_id, Some(id))? {
                return Err(name_taken());
            }
            let changes = categories::CategoryChanges {
                name: Some(name.to_owned()),
                parent_id: body.parent_id,
                default_institution_id: body.default_institution_id,
            };
            categories::update(conn, id, &changes)?;
            categories::get(conn, id)?.ok_or_else(ApiError::not_found)
        })
        .await?;
    Ok(web::Json(row.to_wire()))
}
