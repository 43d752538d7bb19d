//! The change feed (docs/INTEGRATION.md): every change of the reports the caller may see,
//! oldest first, resumable, never skipping one.

use crate::auth::Viewer;
use crate::domain::policy;
use crate::error::ApiError;
use crate::routes::extract::ValidQuery;
use crate::state::AppState;
use crate::{db, store};
use actix_web::{get, web};
use lapor_types::integration::{ChangePage, ChangeQuery};

/// A position of the feed as its cursor shows it: `xid.id`.
fn position(cursor: &Option<String>) -> Result<(i64, i64), ApiError> {
    let Some(cursor) = cursor else {
        return Ok((-1, 0));
    };
    cursor
        .split_once('.')
        .and_then(|(xid, id)| Some((xid.parse().ok()?, id.parse().ok()?)))
        .filter(|&(xid, id): &(i64, i64)| xid >= -1 && id >= 0)
        .ok_or_else(|| ApiError::field("after", "invalid", "not a cursor this feed gave"))
}

/// The changes after `after`, oldest first: filed, verified, held, archived, disposed,
/// accepted, declined, completed, recalled, followed up (internal notes only for those who see
/// them), resolved, closed, reopened, deadlines approaching and passed, extended. A change
/// appears only once every change before it in the feed's order has committed or rolled back.
#[utoipa::path(
    tag = "integration",
    security(("bearer" = [])),
    params(ChangeQuery),
    responses(
        (status = 200, description = "A page of changes and where to resume", body = ChangePage),
        (status = 401, description = "Not signed in"),
        (status = 403, description = "An API key without `changes:read`"),
        (status = 422, description = "Invalid query (`after` not a cursor of this feed)"),
    )
)]
#[get("/changes")]
pub async fn list_changes(
    state: web::Data<AppState>,
    viewer: Viewer,
    ValidQuery(q): ValidQuery<ChangeQuery>,
) -> Result<web::Json<ChangePage>, ApiError> {
    let from = position(&q.after)?;
    let limit = q.limit.unwrap_or(100);
    let scanned = state
        .db(move |conn| {
            let horizon = db::feed_horizon(conn)?;
            let scope = policy::report_scope(&viewer);
            let notes = policy::sees_notes(&viewer);
            Ok(store::changes::after(
                conn, &scope, notes, from, horizon, limit,
            )?)
        })
        .await?;
    let (xid, id) = scanned.last.unwrap_or(from);
    let items = scanned
        .changes
        .into_iter()
        .map(|(row, tracking_id)| row.to_wire(tracking_id))
        .collect();
    Ok(web::Json(ChangePage {
        items,
        next_cursor: format!("{xid}.{id}"),
        more: scanned.more,
    }))
}
