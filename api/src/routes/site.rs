//! What a client needs to know of this deployment before anyone signs in.

use crate::state::AppState;
use actix_web::{get, web};
use lapor_types::Site;

/// The deployment's home region (where place pickers start) and time zone. No sign-in needed.
#[utoipa::path(tag = "operations", responses((status = 200, description = "This deployment", body = Site)))]
#[get("/site")]
pub async fn site(state: web::Data<AppState>) -> web::Json<Site> {
    web::Json(Site {
        home_region: state.config.home_region.clone(),
        time_zone: state.config.time_zone.name().to_owned(),
    })
}
