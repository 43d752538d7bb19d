//! lapor: public-service complaint management. `app` builds the HTTP service, `openapi` its
//! spec; both come from the one route list in `routes`.

pub mod auth;
pub mod clock;
pub mod config;
pub mod db;
pub mod domain;
pub mod error;
pub mod import;
pub mod jobs;
pub mod limits;
pub mod notify;
pub mod routes;
pub mod seed;
pub mod state;
pub mod store;
pub mod workflow;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::{App, web};
use utoipa::OpenApi;
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::SwaggerUi;

pub const OPENAPI_PATH: &str = "/api/v1/openapi.json";

/// The whole HTTP service over `state`.
pub fn app(
    state: web::Data<state::AppState>,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    // Swagger UI and the spec go first: the `/api/v1` scope would otherwise claim the spec's path.
    App::new()
        .service(SwaggerUi::new("/docs/{_:.*}").url(OPENAPI_PATH, openapi()))
        .service(web::redirect("/docs", "/docs/"))
        .into_utoipa_app()
        .configure(routes::configure)
        .into_app()
        .app_data(state)
        .default_service(web::to(routes::web::web_app))
        .wrap(actix_web::middleware::from_fn(
            routes::middleware::request_context,
        ))
}

/// The OpenAPI document of `app`.
pub fn openapi() -> utoipa::openapi::OpenApi {
    use utoipa::Modify;
    let (_, mut spec) = App::new()
        .into_utoipa_app()
        .openapi(routes::ApiDoc::openapi())
        .configure(routes::configure)
        .split_for_parts();
    routes::CommonAnswers.modify(&mut spec);
    routes::ProblemBodies.modify(&mut spec);
    routes::Webhooks.modify(&mut spec);
    spec
}
