//! The signed-in user's notifications. Each user sees only their own.

use crate::auth::Viewer;
use crate::error::ApiError;
use crate::routes::extract::{ValidPath, ValidQuery};
use crate::state::AppState;
use crate::store::{self, notifications};
use actix_web::{get, post, web};
use lapor_types::Page;
use lapor_types::notifications::{MarkedRead, Notification, NotificationQuery, UnreadCount};

/// The caller's notifications, newest first.
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    params(NotificationQuery),
    responses(
        (status = 200, description = "A page of notifications", body = Page<Notification>),
        (status = 401, description = "Not signed in"),
        (status = 422, description = "Invalid query"),
    )
)]
#[get("/notifications")]
pub async fn list_notifications(
    state: web::Data<AppState>,
    viewer: Viewer,
    ValidQuery(q): ValidQuery<NotificationQuery>,
) -> Result<web::Json<Page<Notification>>, ApiError> {
    let before = store::id_cursor(&q.cursor)?;
    let limit = q.limit.unwrap_or(store::DEFAULT_LIMIT);
    let unread = q.unread.unwrap_or(false);
    let items = state
        .db(move |conn| Ok(notifications::list(conn, viewer.id, unread, before, limit)?))
        .await?;
    Ok(web::Json(store::page(items, limit, |n: &Notification| {
        n.id.to_string()
    })))
}

/// How many of the caller's notifications are unread (for the bell's badge).
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The count", body = UnreadCount),
        (status = 401, description = "Not signed in"),
    )
)]
#[get("/notifications/unread-count")]
pub async fn unread_count(
    state: web::Data<AppState>,
    viewer: Viewer,
) -> Result<web::Json<UnreadCount>, ApiError> {
    let unread = state
        .db(move |conn| Ok(notifications::unread(conn, viewer.id)?))
        .await?;
    Ok(web::Json(UnreadCount { unread }))
}

/// Marks one notification read (again is fine: `marked` is then 0).
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "Notification id")),
    responses(
        (status = 200, description = "Marked", body = MarkedRead),
        (status = 400, description = "Not a number"),
        (status = 401, description = "Not signed in"),
        (status = 404, description = "No such notification of the caller's"),
    )
)]
#[post("/notifications/{id}/read")]
pub async fn mark_notification_read(
    state: web::Data<AppState>,
    viewer: Viewer,
    id: ValidPath<i64>,
) -> Result<web::Json<MarkedRead>, ApiError> {
    let id = id.into_inner();
    let marked = state
        .tx(move |conn| {
            if !notifications::exists(conn, viewer.id, id)? {
                return Err(ApiError::not_found());
            }
            Ok(notifications::mark_read(conn, viewer.id, Some(id))?)
        })
        .await?;
    Ok(web::Json(MarkedRead { marked }))
}

/// Marks all the caller's notifications read.
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Marked", body = MarkedRead),
        (status = 401, description = "Not signed in"),
    )
)]
#[post("/notifications/read-all")]
pub async fn mark_all_notifications_read(
    state: web::Data<AppState>,
    viewer: Viewer,
) -> Result<web::Json<MarkedRead>, ApiError> {
    let marked = state
        .tx(move |conn| Ok(notifications::mark_read(conn, viewer.id, None)?))
        .await?;
    Ok(web::Json(MarkedRead { marked }))
}
