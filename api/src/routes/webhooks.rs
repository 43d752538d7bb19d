//! Webhooks (docs/INTEGRATION.md, Webhooks): an account's receivers of its changes, their
//! deliveries and attempts. With an API key: scope `webhooks:manage`.

use crate::auth::Viewer;
use crate::error::ApiError;
use crate::jobs::webhooks::check_url;
use crate::routes::extract::{ValidPath, ValidQuery};
use crate::state::AppState;
use crate::store::{self, webhooks as hooks};
use crate::workflow::{Later, webhooks as flow};
use actix_web::{HttpResponse, delete, get, patch, post, web};
use lapor_types::Page;
use lapor_types::integration::{
    CreatedWebhook, DeliveryQuery, NewWebhook, RotatedSecret, Webhook, WebhookChanges,
    WebhookDelivery, WebhookQuery,
};

/// Makes a webhook: from now on every change its account may see (of the kinds asked for) is
/// sent to `url`, signed with the secret answered this once.
#[utoipa::path(
    tag = "integration",
    security(("bearer" = [])),
    request_body = NewWebhook,
    responses(
        (status = 201, description = "Made; `secret` is shown only now", body = CreatedWebhook),
        (status = 400, description = "Malformed JSON"),
        (status = 401, description = "Not signed in"),
        (status = 403, description = "Not an account that may have webhooks, another account's without being an admin, or an API key without `webhooks:manage`"),
        (status = 422, description = "Invalid fields: a URL that is not http(s), carries credentials, does not resolve or reaches an address webhooks may not call (`url`: `invalid`, `unresolvable`, `not_allowed`); a repeated kind (`kinds`); an unknown account, one that may not have webhooks, or one with 10 already (`user_id`: `unknown`, `not_allowed`, `too_many`)"),
    )
)]
#[post("/webhooks")]
pub async fn create_webhook(
    state: web::Data<AppState>,
    viewer: Viewer,
    body: Later<NewWebhook>,
) -> Result<HttpResponse, ApiError> {
    // Who first: nobody may probe lapor's name lookups without being allowed to make one.
    let body = body.open();
    let (seen, user_id) = (viewer.clone(), body.as_ref().ok().and_then(|b| b.user_id));
    state
        .db(move |conn| flow::owner_for(conn, &seen, user_id).map(|_| ()))
        .await?;
    let mut body = body?;
    body.url = check_url("url", &body.url, state.config.webhook_allow_private).await?;
    let created = state
        .tx(move |conn| flow::create(conn, &viewer, &body))
        .await?;
    Ok(HttpResponse::Created()
        .insert_header((
            "Location",
            format!("/api/v1/webhooks/{}", created.webhook.id),
        ))
        .insert_header(("Cache-Control", "no-store"))
        .json(created))
}

/// The caller's webhooks (an admin's: everyone's, or one account's with `user_id`), oldest
/// first; never a secret.
#[utoipa::path(
    tag = "integration",
    security(("bearer" = [])),
    params(WebhookQuery),
    responses(
        (status = 200, description = "A page of webhooks", body = Page<Webhook>),
        (status = 401, description = "Not signed in"),
        (status = 403, description = "An API key without `webhooks:manage`"),
        (status = 422, description = "Invalid query"),
    )
)]
#[get("/webhooks")]
pub async fn list_webhooks(
    state: web::Data<AppState>,
    viewer: Viewer,
    ValidQuery(q): ValidQuery<WebhookQuery>,
) -> Result<web::Json<Page<Webhook>>, ApiError> {
    let after = store::id_cursor(&q.cursor)?;
    let limit = q.limit.unwrap_or(store::DEFAULT_LIMIT);
    let rows = state
        .db(move |conn| flow::list(conn, &viewer, q.user_id, after, limit))
        .await?;
    let items: Vec<Webhook> = rows.iter().map(hooks::WebhookRow::to_wire).collect();
    Ok(web::Json(store::page(items, limit, |h| h.id.to_string())))
}

/// One webhook.
#[utoipa::path(
    tag = "integration",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The webhook's id")),
    responses(
        (status = 200, description = "The webhook", body = Webhook),
        (status = 401, description = "Not signed in"),
        (status = 403, description = "An API key without `webhooks:manage`"),
        (status = 404, description = "No such webhook, or not yours"),
    )
)]
#[get("/webhooks/{id}")]
pub async fn get_webhook(
    state: web::Data<AppState>,
    viewer: Viewer,
    id: ValidPath<i64>,
) -> Result<web::Json<Webhook>, ApiError> {
    let id = id.into_inner();
    let hook = state
        .db(move |conn| flow::managed(conn, &viewer, id))
        .await?;
    Ok(web::Json(hook.to_wire()))
}

/// Changes the URL, the kinds, or turns the webhook off or on (on again: what waited is sent
/// at once, nothing skipped).
#[utoipa::path(
    tag = "integration",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The webhook's id")),
    request_body = WebhookChanges,
    responses(
        (status = 200, description = "Changed", body = Webhook),
        (status = 400, description = "Malformed JSON"),
        (status = 401, description = "Not signed in"),
        (status = 403, description = "An API key without `webhooks:manage`"),
        (status = 404, description = "No such webhook, or not yours"),
        (status = 422, description = "Invalid fields (as for making one)"),
    )
)]
#[patch("/webhooks/{id}")]
pub async fn update_webhook(
    state: web::Data<AppState>,
    viewer: Viewer,
    id: ValidPath<i64>,
    body: Later<WebhookChanges>,
) -> Result<web::Json<Webhook>, ApiError> {
    let id = id.into_inner();
    let seen = viewer.clone();
    state.db(move |conn| flow::managed(conn, &seen, id)).await?;
    let mut body = body.open()?;
    if let Some(url) = &body.url {
        body.url = Some(check_url("url", url, state.config.webhook_allow_private).await?);
    }
    let hook = state
        .tx(move |conn| {
            let hook = flow::managed(conn, &viewer, id)?;
            flow::update(conn, &hook, &body)
        })
        .await?;
    Ok(web::Json(hook.to_wire()))
}

/// Deletes a webhook and its deliveries: nothing more is sent to it.
#[utoipa::path(
    tag = "integration",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The webhook's id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, description = "Not signed in"),
        (status = 403, description = "An API key without `webhooks:manage`"),
        (status = 404, description = "No such webhook, or not yours"),
    )
)]
#[delete("/webhooks/{id}")]
pub async fn delete_webhook(
    state: web::Data<AppState>,
    viewer: Viewer,
    id: ValidPath<i64>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    state
        .tx(move |conn| {
            let hook = flow::managed(conn, &viewer, id)?;
            Ok(hooks::delete(conn, hook.id)?)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A new signing secret, shown this once; for a day deliveries carry a second signature by the
/// previous one, so the receiver can switch without missing any.
#[utoipa::path(
    tag = "integration",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The webhook's id")),
    responses(
        (status = 200, description = "The new secret", body = RotatedSecret),
        (status = 401, description = "Not signed in"),
        (status = 403, description = "An API key without `webhooks:manage`"),
        (status = 404, description = "No such webhook, or not yours"),
        (status = 409, description = "The last rotation's day of grace has not ended (`rotation_pending`)"),
    )
)]
#[post("/webhooks/{id}/rotate-secret")]
pub async fn rotate_webhook_secret(
    state: web::Data<AppState>,
    viewer: Viewer,
    id: ValidPath<i64>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let rotated = state
        .tx(move |conn| {
            let hook = flow::managed(conn, &viewer, id)?;
            flow::rotate(conn, &hook)
        })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(rotated))
}

/// A webhook's deliveries, newest first, each with its latest attempts (status, time taken,
/// error). Delivered ones are kept 30 days.
#[utoipa::path(
    tag = "integration",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The webhook's id"), DeliveryQuery),
    responses(
        (status = 200, description = "A page of deliveries", body = Page<WebhookDelivery>),
        (status = 401, description = "Not signed in"),
        (status = 403, description = "An API key without `webhooks:manage`"),
        (status = 404, description = "No such webhook, or not yours"),
        (status = 422, description = "Invalid query"),
    )
)]
#[get("/webhooks/{id}/deliveries")]
pub async fn list_webhook_deliveries(
    state: web::Data<AppState>,
    viewer: Viewer,
    id: ValidPath<i64>,
    ValidQuery(q): ValidQuery<DeliveryQuery>,
) -> Result<web::Json<Page<WebhookDelivery>>, ApiError> {
    let id = id.into_inner();
    let before = store::id_cursor(&q.cursor)?;
    let limit = q.limit.unwrap_or(store::DEFAULT_LIMIT);
    let items = state
        .db(move |conn| {
            let hook = flow::managed(conn, &viewer, id)?;
            Ok(hooks::deliveries(conn, hook.id, q.pending, before, limit)?)
        })
        .await?;
    Ok(web::Json(store::page(items, limit, |d| d.id.to_string())))
}

/// Sends a delivery again, delivered or not, with the same `webhook-id` (as soon as the
/// webhook is active and earlier deliveries of the same report are through).
#[utoipa::path(
    tag = "integration",
    security(("bearer" = [])),
    params(
        ("id" = i64, Path, description = "The webhook's id"),
        ("delivery_id" = i64, Path, description = "The delivery's id"),
    ),
    responses(
        (status = 202, description = "Due again"),
        (status = 401, description = "Not signed in"),
        (status = 403, description = "An API key without `webhooks:manage`"),
        (status = 404, description = "No such webhook or delivery, or not yours"),
    )
)]
#[post("/webhooks/{id}/deliveries/{delivery_id}/redeliver")]
pub async fn redeliver_webhook_delivery(
    state: web::Data<AppState>,
    viewer: Viewer,
    ids: ValidPath<(i64, i64)>,
) -> Result<HttpResponse, ApiError> {
    let (id, delivery_id) = ids.into_inner();
    state
        .tx(move |conn| {
            let hook = flow::managed(conn, &viewer, id)?;
            if hooks::redeliver(conn, hook.id, delivery_id, store::now())? {
                Ok(())
            } else {
                Err(ApiError::not_found())
            }
        })
        .await?;
    Ok(HttpResponse::Accepted().finish())
}
