//! API keys, managed by admins (docs/INTEGRATION.md).

use crate::auth::Admin;
use crate::error::ApiError;
use crate::routes::extract::{ValidJson, ValidPath, ValidQuery};
use crate::state::AppState;
use crate::store::{self, api_keys};
use crate::workflow;
use actix_web::{HttpResponse, delete, get, post, web};
use lapor_types::Page;
use lapor_types::integration::{ApiKey, ApiKeyQuery, CreatedApiKey, NewApiKey};

/// Creates a key for an integrator's or a staff account. The answer carries the secret this
/// once; only its hash is kept.
#[utoipa::path(
    tag = "integration",
    security(("bearer" = [])),
    request_body = NewApiKey,
    responses(
        (status = 201, description = "Created; `secret` is shown only now", body = CreatedApiKey),
        (status = 400, description = "Malformed JSON"),
        (status = 401, description = "Not signed in"),
        (status = 403, description = "Admins only (and never with an API key)"),
        (status = 422, description = "Invalid fields: an unknown account or one that may not hold keys, an institution outside the account's, a past expiry"),
    )
)]
#[post("/api-keys")]
pub async fn create_api_key(
    state: web::Data<AppState>,
    Admin(admin): Admin,
    ValidJson(body): ValidJson<NewApiKey>,
) -> Result<HttpResponse, ApiError> {
    let created = state
        .tx(move |conn| workflow::api_keys::create(conn, admin.id, &body))
        .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/api-keys/{}", created.key.id)))
        .insert_header(("Cache-Control", "no-store"))
        .json(created))
}

/// Every key, revoked ones included (with `revoked_at`), oldest first; never a secret.
#[utoipa::path(
    tag = "integration",
    security(("bearer" = [])),
    params(ApiKeyQuery),
    responses(
        (status = 200, description = "A page of keys", body = Page<ApiKey>),
        (status = 401, description = "Not signed in"),
        (status = 403, description = "Admins only"),
        (status = 422, description = "Invalid query"),
    )
)]
#[get("/api-keys")]
pub async fn list_api_keys(
    state: web::Data<AppState>,
    _admin: Admin,
    ValidQuery(q): ValidQuery<ApiKeyQuery>,
) -> Result<web::Json<Page<ApiKey>>, ApiError> {
    let after = store::id_cursor(&q.cursor)?;
    let limit = q.limit.unwrap_or(store::DEFAULT_LIMIT);
    let rows = state
        .db(move |conn| Ok(api_keys::list(conn, q.user_id, after, limit)?))
        .await?;
    let keys: Vec<ApiKey> = rows.iter().map(api_keys::ApiKeyRow::to_wire).collect();
    Ok(web::Json(store::page(keys, limit, |k| k.id.to_string())))
}

/// Revokes a key: from now on it answers 401. Revoking it again changes nothing.
#[utoipa::path(
    tag = "integration",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The key's id")),
    responses(
        (status = 204, description = "Revoked"),
        (status = 400, description = "Not an id"),
        (status = 401, description = "Not signed in"),
        (status = 403, description = "Admins only"),
        (status = 404, description = "No such key"),
    )
)]
#[delete("/api-keys/{id}")]
pub async fn revoke_api_key(
    state: web::Data<AppState>,
    _admin: Admin,
    id: ValidPath<i64>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let found = state
        .db(move |conn| Ok(api_keys::revoke(conn, id, store::now())?))
        .await?;
    if found {
        Ok(HttpResponse::NoContent().finish())
    } else {
        Err(ApiError::not_found())
    }
}
