//! What a client needs to know of this deployment before anyone signs in.

use crate::state::AppState;
use actix_web::{get, web};
use lapor_types::{MapSettings, Site};

/// The deployment's home region (where place pickers start), time zone and maps. No sign-in
/// needed.
#[utoipa::path(tag = "operations", responses((status = 200, description = "This deployment", body = Site)))]
#[get("/site")]
pub async fn site(state: web::Data<AppState>) -> web::Json<Site> {
    web::Json(Site {
        home_region: state.config.home_region.clone(),
        time_zone: state.config.time_zone.name().to_owned(),
        map: MapSettings {
            tiles: state.config.map_tiles.clone(),
            attribution: state.config.map_attribution.clone(),
            latitude: state.config.map_center.latitude,
            longitude: state.config.map_center.longitude,
            zoom: state.config.map_center.zoom,
        },
    })
}
