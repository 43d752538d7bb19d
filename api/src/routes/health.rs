use crate::error::ApiError;
use crate::state::AppState;
use actix_web::{get, web};
use lapor_types::Health;

/// The process is up.
#[utoipa::path(tag = "operations", responses((status = 200, description = "Up", body = Health)))]
#[get("/healthz")]
pub async fn healthz() -> web::Json<Health> {
    web::Json(Health {
        status: "ok".into(),
    })
}

/// The database answers; 503 while it does not.
#[utoipa::path(
    tag = "operations",
    responses(
        (status = 200, description = "Ready to serve", body = Health),
        (status = 503, description = "The database cannot be reached"),
    )
)]
#[get("/readyz")]
pub async fn readyz(state: web::Data<AppState>) -> Result<web::Json<Health>, ApiError> {
    state
        .db(|conn| crate::db::ping(conn).map_err(ApiError::unavailable))
        .await?;
    Ok(web::Json(Health {
        status: "ok".into(),
    }))
}
