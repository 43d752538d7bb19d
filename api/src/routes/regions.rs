use crate::error::ApiError;
use crate::routes::extract::{ValidPath, ValidQuery};
use crate::state::AppState;
use crate::store::{self, regions};
use actix_web::{get, web};
use lapor_types::Page;
use lapor_types::reference::{Region, RegionQuery};

/// Regions by Kemendagri code: the children of `parent`, a name search, or the provinces. Public.
#[utoipa::path(
    tag = "regions",
    params(RegionQuery),
    responses(
        (status = 200, description = "A page of regions in code order", body = Page<Region>),
        (status = 422, description = "Invalid query"),
    )
)]
#[get("/regions")]
pub async fn list_regions(
    state: web::Data<AppState>,
    ValidQuery(q): ValidQuery<RegionQuery>,
) -> Result<web::Json<Page<Region>>, ApiError> {
    let limit = q.limit.unwrap_or(store::DEFAULT_LIMIT);
    let rows = state
        .db(move |conn| Ok(regions::list(conn, &q, q.cursor.as_deref(), limit)?))
        .await?;
    let items = rows.iter().map(regions::RegionRow::to_wire).collect();
    Ok(web::Json(store::page(items, limit, |r: &Region| {
        r.code.clone()
    })))
}

/// One region. Public.
#[utoipa::path(
    tag = "regions",
    params(("code" = String, Path, description = "Kemendagri code, e.g. `36.03.18`")),
    responses(
        (status = 200, description = "The region", body = Region),
        (status = 404, description = "No such region"),
    )
)]
#[get("/regions/{code}")]
pub async fn get_region(
    state: web::Data<AppState>,
    code: ValidPath<String>,
) -> Result<web::Json<Region>, ApiError> {
    let code = code.into_inner();
    let row = state.db(move |conn| Ok(regions::get(conn, &code)?)).await?;
    row.map(|r| web::Json(r.to_wire()))
        .ok_or_else(ApiError::not_found)
}
