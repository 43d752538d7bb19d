//! Webhooks (docs/INTEGRATION.md, Webhooks): who may make and change them, how changes of the
//! feed become deliveries, and what an attempt's outcome does.

use crate::auth::Viewer;
use crate::auth::extract::acting_as;
use crate::db::{self, DbConn, Locked};
use crate::domain::policy;
use crate::domain::webhooks::{GIVE_UP_AFTER, ROTATION_GRACE, asked_delay, backoff, new_secret};
use crate::error::ApiError;
use crate::notify;
use crate::state::Site;
use crate::store::users::UserRow;
use crate::store::webhooks::{
    self as hooks, AttemptRow, DeliveryRow, NewDelivery, NewWebhookRow, Next, WebhookRow,
    WebhookUpdate,
};
use crate::store::{self, changes, institutions, users};
use chrono::Duration;
use diesel::prelude::*;
use lapor_types::integration::{
    AttemptFailure, CreatedWebhook, NewWebhook, RotatedSecret, WebhookChanges, WebhookDisabled,
    WebhookEvent,
};
use lapor_types::problem::ErrorCode;

/// Changes one webhook takes from the feed in one transaction.
const GATHER_BATCH: i64 = 500;

/// Webhooks one account may have: enough for a system's environments, few enough that one
/// account cannot multiply lapor's outgoing requests.
pub const MAX_PER_ACCOUNT: i64 = 10;

/// The webhook `id` if `viewer` may manage it; 404 otherwise (another's webhook is not
/// revealed).
pub fn managed(conn: &mut DbConn, viewer: &Viewer, id: i64) -> Result<WebhookRow, ApiError> {
    let hook = hooks::get(conn, id)?.ok_or_else(ApiError::not_found)?;
    if may_manage(conn, viewer, &hook)? {
        Ok(hook)
    } else {
        Err(ApiError::not_found())
    }
}

fn may_manage(conn: &mut DbConn, viewer: &Viewer, hook: &WebhookRow) -> Result<bool, ApiError> {
    let path = match hook.institution_id {
        Some(institution) => institutions::get(conn, institution)?.map(|i| i.path),
        None => None,
    };
    Ok(policy::may_manage_webhook(
        viewer,
        hook.user_id,
        path.as_deref(),
    ))
}

/// The webhooks `viewer` may manage (of the account `user_id`, for admins), by id after
/// `after`: `limit` and one more, to tell whether a page follows.
pub fn list(
    conn: &mut DbConn,
    viewer: &Viewer,
    user_id: Option<i64>,
    after: Option<i64>,
    limit: i64,
) -> Result<Vec<WebhookRow>, ApiError> {
    // Admins manage every webhook: no institution to look up for each.
    if policy::manages_all_webhooks(viewer) {
        return Ok(hooks::list(conn, user_id, after, limit)?);
    }
    let mut shown = Vec::new();
    for hook in hooks::list(conn, Some(viewer.id), after, limit)? {
        if may_manage(conn, viewer, &hook)? {
            shown.push(hook);
        }
    }
    Ok(shown)
}

/// The account a new webhook of `viewer`'s would follow (`user_id`: admins only), if the
/// viewer may make one for it: asked before anything else about the request (its URL) is.
pub fn owner_for(
    conn: &mut DbConn,
    viewer: &Viewer,
    user_id: Option<i64>,
) -> Result<UserRow, ApiError> {
    let owner = user_id.unwrap_or(viewer.id);
    if owner != viewer.id && !policy::manages_all_webhooks(viewer) {
        return Err(ApiError::forbidden(
            "only admins make webhooks for other accounts",
        ));
    }
    let account = users::get(conn, owner)
        .optional()?
        .filter(|a| a.active)
        .ok_or_else(|| ApiError::field("user_id", "unknown", "no such active account"))?;
    if policy::may_add_webhook(viewer, owner, account.role) {
        Ok(account)
    } else if owner != viewer.id {
        Err(ApiError::field(
            "user_id",
            "not_allowed",
            "webhooks follow integrator, supervisor, liaison and coordinator accounts",
        ))
    } else {
        Err(ApiError::forbidden(
            "webhooks are for integrator, supervisor, liaison and coordinator accounts",
        ))
    }
}

/// Makes a webhook for `body.user_id` (admins) or the caller, following the feed from now on.
/// The URL has been checked by the caller (`jobs::webhooks::check_url`).
pub fn create(
    conn: &mut DbConn,
    viewer: &Viewer,
    body: &NewWebhook,
) -> Result<CreatedWebhook, ApiError> {
    let account = owner_for(conn, viewer, body.user_id)?;
    let owner = account.id;
    if hooks::count_of(conn, owner)? >= MAX_PER_ACCOUNT {
        return Err(ApiError::field(
            "user_id",
            "too_many",
            format!("an account has at most {MAX_PER_ACCOUNT} webhooks; delete one first"),
        ));
    }
    // Made through a key limited to an institution, the webhook keeps that limit.
    let institution_id = if owner == viewer.id {
        viewer.institution_id
    } else {
        account.institution_id
    };
    let (secret, cursor) = (new_secret(), feed_end(conn)?);
    let row = hooks::insert(
        conn,
        &NewWebhookRow {
            user_id: owner,
            institution_id,
            url: body.url.trim(),
            kinds: &body.kinds,
            secret: &secret,
            cursor,
        },
    )?;
    Ok(CreatedWebhook {
        webhook: row.to_wire(),
        secret,
    })
}

/// The position after every change committed so far: where a new webhook starts. On
/// PostgreSQL every transaction below the horizon has ended, and every later one is at or
/// above it; on SQLite, ids are commit order.
fn feed_end(conn: &mut DbConn) -> Result<(i64, i64), ApiError> {
    use crate::db::schema::report_events;
    if let Some(horizon) = db::feed_horizon(conn)? {
        return Ok((horizon - 1, i64::MAX));
    }
    let last: Option<i64> = report_events::table
        .select(diesel::dsl::max(report_events::id))
        .first(conn)?;
    Ok((0, last.unwrap_or(0)))
}

/// Applies a `PATCH`. Turning a webhook on again clears why it was off and makes what waits
/// due at once.
pub fn update(
    conn: &mut DbConn,
    hook: &WebhookRow,
    body: &WebhookChanges,
) -> Result<WebhookRow, ApiError> {
    let now = store::now();
    let resumed = body.active == Some(true) && !hook.active;
    let changes = WebhookUpdate {
        url: body.url.as_deref().map(|u| u.trim().to_owned()),
        kinds: body
            .kinds
            .as_deref()
            .map(crate::db::columns::Listed::to_text),
        active: body.active,
        disabled_reason: body.active.map(|_| None),
        failing_since: resumed.then_some(None),
        updated_at: Some(now),
    };
    hooks::update(conn, hook.id, &changes)?;
    if resumed {
        hooks::due_now(conn, hook.id, now)?;
    }
    hooks::get(conn, hook.id)?.ok_or_else(ApiError::not_found)
}

/// A new secret; the previous one keeps signing for a day, so receivers can switch without
/// losing a delivery.
pub fn rotate(conn: &mut DbConn, hook: &WebhookRow) -> Result<RotatedSecret, ApiError> {
    let now = store::now();
    // A second rotation within the day would end the first one's grace at once, breaking a
    // receiver that has not switched yet.
    if let Some(until) = hook.previous_secret_until.filter(|until| *until > now) {
        return Err(ApiError::conflict(
            ErrorCode::RotationPending,
            format!(
                "the previous secret still signs until {}; rotate again after that",
                until.and_utc().to_rfc3339()
            ),
        ));
    }
    let secret = new_secret();
    let until = now + ROTATION_GRACE;
    hooks::rotate(conn, hook, &secret, until)?;
    Ok(RotatedSecret {
        secret,
        previous_secret_expires_at: until.and_utc(),
    })
}

/// Turns the feed's changes into deliveries for every active webhook; returns how many were
/// made. Each webhook's batch and its cursor move in one transaction, with the webhook's row
/// held, so a change becomes a delivery exactly once however many replicas gather at once.
pub fn gather(conn: &mut DbConn) -> Result<usize, ApiError> {
    let mut made = 0;
    let horizon = db::feed_horizon(conn)?;
    for (id, cursor) in hooks::active_cursors(conn)? {
        // Most rounds find nothing new: a read, not a write transaction, says so.
        if changes::any_after(conn, cursor, horizon)? {
            made += db::write_transaction(conn, |conn| gather_one(conn, id))?;
        }
    }
    Ok(made)
}

fn gather_one(conn: &mut DbConn, id: i64) -> Result<usize, ApiError> {
    if !db::try_lock_row(conn, Locked::Webhook, id)? {
        return Ok(0);
    }
    let Some(hook) = hooks::get(conn, id)?.filter(|h| h.active) else {
        return Ok(0);
    };
    // An owner no longer able to follow (deactivated, moved out of the institution): the
    // webhook waits, its cursor kept, until the account can again.
    let Some(viewer) = owner_view(conn, &hook)? else {
        return Ok(0);
    };
    let horizon = db::feed_horizon(conn)?;
    let scope = policy::report_scope(&viewer);
    let notes = policy::sees_notes(&viewer);
    let from = (hook.cursor_xid, hook.cursor_id);
    let scanned = changes::after(conn, &scope, notes, from, horizon, GATHER_BATCH)?;
    let mut made = 0;
    for (row, tracking_id) in scanned.changes {
        if !hook.kinds.0.is_empty() && !hook.kinds.0.contains(&row.action) {
            continue;
        }
        let (kind, report_id, change_id) = (row.action, row.report_id, row.id);
        let change = row.to_wire(tracking_id);
        let event = WebhookEvent {
            event_type: format!("report.{kind}"),
            timestamp: change.at,
            data: change,
        };
        let payload = serde_json::to_string(&event).map_err(ApiError::internal)?;
        hooks::insert_delivery(
            conn,
            &NewDelivery {
                webhook_id: hook.id,
                change_id,
                report_id,
                kind,
                payload: &payload,
            },
        )?;
        made += 1;
    }
    if let Some(last) = scanned.last {
        hooks::advance(conn, hook.id, last)?;
    }
    Ok(made)
}

/// The viewer a webhook's owner is, within the webhook's institution.
fn owner_view(conn: &mut DbConn, hook: &WebhookRow) -> Result<Option<Viewer>, ApiError> {
    let Some(account) = users::with_institution(conn, hook.user_id)? else {
        return Ok(None);
    };
    let limit = match hook.institution_id {
        Some(id) => institutions::get(conn, id)?,
        None => None,
    };
    Ok(acting_as(account, hook.institution_id, limit))
}

/// How one attempt went: the receiver's status (none when it gave no answer), the time it took,
/// why it failed, and when it asked to be tried again.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub status: Option<u16>,
    pub latency_ms: i32,
    pub failure: Option<AttemptFailure>,
    pub error: Option<String>,
    pub retry_after: Option<Duration>,
}

impl Outcome {
    pub fn delivered(&self) -> bool {
        self.status.is_some_and(|s| (200..300).contains(&s))
    }
}

/// Records an attempt. A success ends the delivery and the webhook's failing spell; a failure
/// schedules the next try; a 410 or three days of failures turn the webhook off, and its owner
/// is told (by email, when lapor sends email).
pub fn record(
    conn: &mut DbConn,
    site: Site,
    delivery: &DeliveryRow,
    outcome: &Outcome,
) -> Result<(), ApiError> {
    use crate::db::schema::webhooks as w;
    let now = store::now();
    let attempt = AttemptRow {
        delivery_id: delivery.id,
        at: now,
        status: outcome.status.map(i32::from),
        latency_ms: outcome.latency_ms,
        failure: outcome.failure.map(AttemptFailure::as_str),
        error: outcome.error.as_deref(),
    };
    let hook = w::table.find(delivery.webhook_id);
    if outcome.delivered() {
        hooks::attempted(conn, &attempt, Next::Delivered)?;
        diesel::update(hook.filter(w::failing_since.is_not_null()))
            .set(w::failing_since.eq(None::<chrono::NaiveDateTime>))
            .execute(conn)?;
        return Ok(());
    }
    let next = match outcome.retry_after {
        Some(wait) => Next::Asked(now + asked_delay(wait)),
        None => {
            let jitter = 0.9 + rand::random::<f64>() * 0.2;
            Next::Backoff(now + backoff(delivery.backoff + 1, jitter))
        }
    };
    hooks::attempted(conn, &attempt, next)?;
    diesel::update(hook.filter(w::failing_since.is_null()))
        .set(w::failing_since.eq(now))
        .execute(conn)?;
    let since: Option<chrono::NaiveDateTime> = hook
        .select(w::failing_since)
        .first(conn)
        .optional()?
        .flatten();
    let reason = if outcome.status == Some(410) {
        WebhookDisabled::Gone
    } else if since.is_some_and(|since| now - since >= GIVE_UP_AFTER) {
        WebhookDisabled::Failing
    } else {
        return Ok(());
    };
    let turned_off = diesel::update(hook.filter(w::active.eq(true)))
        .set((
            w::active.eq(false),
            w::disabled_reason.eq(reason.as_str()),
            w::updated_at.eq(now),
        ))
        .execute(conn)?;
    if turned_off == 1 {
        disabled(conn, site, delivery.webhook_id, reason)?;
    }
    Ok(())
}

fn disabled(
    conn: &mut DbConn,
    site: Site,
    id: i64,
    reason: WebhookDisabled,
) -> Result<(), ApiError> {
    let Some(hook) = hooks::get(conn, id)? else {
        return Ok(());
    };
    log::warn!("webhook {id} turned off: {reason}");
    if !site.email {
        return Ok(());
    }
    let owner = users::get(conn, hook.user_id)?;
    let why = match reason {
        WebhookDisabled::Gone => (
            "penerima menjawab 410 Gone",
            "the receiver answered 410 Gone",
        ),
        WebhookDisabled::Failing => (
            "semua pengiriman gagal selama tiga hari",
            "every delivery failed for three days",
        ),
    };
    notify::webhook_disabled(conn, &owner.email, id, &hook.url, why)
}
