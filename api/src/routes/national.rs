//! What people see of national sync (docs/NATIONAL.md).

use crate::auth::Viewer;
use crate::error::ApiError;
use crate::routes::extract::ValidPath;
use crate::state::AppState;
use crate::workflow::national as flow;
use actix_web::{get, web};
use lapor_types::integration::NationalLink;

#[utoipa::path(
    tag = "reports",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "Report id")),
    responses(
        (status = 200, description = "The national complaint the report is linked to", body = NationalLink),
        (status = 400, description = "The id is not a number"),
        (status = 401, description = "Not signed in"),
        (status = 404, description = "No such report in the caller's scope, or it is not linked"),
    )
)]
#[get("/reports/{id}/national")]
pub async fn get_report_national(
    state: web::Data<AppState>,
    viewer: Viewer,
    id: ValidPath<i64>,
) -> Result<web::Json<NationalLink>, ApiError> {
    let id = id.into_inner();
    state
        .db(move |conn| flow::link(conn, &viewer, id))
        .await
        .map(web::Json)
}
