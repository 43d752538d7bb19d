//! Webhooks, their deliveries and every attempt (docs/INTEGRATION.md, Webhooks).

use crate::db::DbConn;
use crate::db::columns::Listed;
use crate::db::schema::{webhook_attempts, webhook_deliveries, webhooks};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use lapor_types::integration::{
    AttemptFailure, Webhook, WebhookAttempt, WebhookDelivery, WebhookDisabled,
};
use lapor_types::reports::EventKind;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = webhooks)]
pub struct WebhookRow {
    pub id: i64,
    pub user_id: i64,
    pub institution_id: Option<i64>,
    pub url: String,
    pub kinds: Listed<EventKind>,
    pub active: bool,
    pub disabled_reason: Option<String>,
    pub secret: String,
    pub previous_secret: Option<String>,
    pub previous_secret_until: Option<NaiveDateTime>,
    pub cursor_xid: i64,
    pub cursor_id: i64,
    pub failing_since: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl WebhookRow {
    pub fn to_wire(&self) -> Webhook {
        Webhook {
            id: self.id,
            user_id: self.user_id,
            institution_id: self.institution_id,
            url: self.url.clone(),
            kinds: self.kinds.0.clone(),
            active: self.active,
            disabled_reason: self
                .disabled_reason
                .as_deref()
                .and_then(WebhookDisabled::parse),
            failing_since: self.failing_since.map(|t| t.and_utc()),
            previous_secret_expires_at: self.previous_secret_until.map(|t| t.and_utc()),
            created_at: self.created_at.and_utc(),
            updated_at: self.updated_at.and_utc(),
        }
    }

    /// The secrets that sign a delivery at `now`: the current one, and the previous one during
    /// its day of grace.
    pub fn signing_secrets(&self, now: NaiveDateTime) -> Vec<String> {
        let previous = self
            .previous_secret
            .clone()
            .filter(|_| self.previous_secret_until.is_some_and(|until| until > now));
        std::iter::once(self.secret.clone())
            .chain(previous)
            .collect()
    }
}

/// A webhook to store, following the feed from `cursor`.
pub struct NewWebhookRow<'a> {
    pub user_id: i64,
    pub institution_id: Option<i64>,
    pub url: &'a str,
    pub kinds: &'a [EventKind],
    pub secret: &'a str,
    pub cursor: (i64, i64),
}

pub fn insert(conn: &mut DbConn, hook: &NewWebhookRow) -> QueryResult<WebhookRow> {
    let now = super::now();
    let id: i64 = diesel::insert_into(webhooks::table)
        .values((
            webhooks::user_id.eq(hook.user_id),
            webhooks::institution_id.eq(hook.institution_id),
            webhooks::url.eq(hook.url),
            webhooks::kinds.eq(Listed::to_text(hook.kinds)),
            webhooks::active.eq(true),
            webhooks::secret.eq(hook.secret),
            webhooks::cursor_xid.eq(hook.cursor.0),
            webhooks::cursor_id.eq(hook.cursor.1),
            webhooks::created_at.eq(now),
            webhooks::updated_at.eq(now),
        ))
        .returning(webhooks::id)
        .get_result(conn)?;
    webhooks::table
        .find(id)
        .select(WebhookRow::as_select())
        .first(conn)
}

pub fn get(conn: &mut DbConn, id: i64) -> QueryResult<Option<WebhookRow>> {
    webhooks::table
        .find(id)
        .select(WebhookRow::as_select())
        .first(conn)
        .optional()
}

/// Webhooks by id, optionally of one account, after the cursor `after`.
pub fn list(
    conn: &mut DbConn,
    user_id: Option<i64>,
    after: Option<i64>,
    limit: i64,
) -> QueryResult<Vec<WebhookRow>> {
    let mut query = webhooks::table.select(WebhookRow::as_select()).into_boxed();
    if let Some(user_id) = user_id {
        query = query.filter(webhooks::user_id.eq(user_id));
    }
    if let Some(after) = after {
        query = query.filter(webhooks::id.gt(after));
    }
    query.order(webhooks::id).limit(limit + 1).load(conn)
}

/// What `PATCH` changes (`None` keeps).
#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = webhooks)]
pub struct WebhookUpdate {
    pub url: Option<String>,
    pub kinds: Option<String>,
    pub active: Option<bool>,
    pub disabled_reason: Option<Option<String>>,
    pub failing_since: Option<Option<NaiveDateTime>>,
    pub updated_at: Option<NaiveDateTime>,
}

pub fn update(conn: &mut DbConn, id: i64, changes: &WebhookUpdate) -> QueryResult<()> {
    diesel::update(webhooks::table.find(id))
        .set(changes)
        .execute(conn)
        .map(|_| ())
}

/// Deletes a webhook and its deliveries.
pub fn delete(conn: &mut DbConn, id: i64) -> QueryResult<()> {
    let deliveries = webhook_deliveries::table
        .filter(webhook_deliveries::webhook_id.eq(id))
        .select(webhook_deliveries::id);
    diesel::delete(
        webhook_attempts::table.filter(webhook_attempts::delivery_id.eq_any(deliveries)),
    )
    .execute(conn)?;
    diesel::delete(webhook_deliveries::table.filter(webhook_deliveries::webhook_id.eq(id)))
        .execute(conn)?;
    diesel::delete(webhooks::table.find(id))
        .execute(conn)
        .map(|_| ())
}

/// How many webhooks an account has.
pub fn count_of(conn: &mut DbConn, user_id: i64) -> QueryResult<i64> {
    webhooks::table
        .filter(webhooks::user_id.eq(user_id))
        .count()
        .get_result(conn)
}

/// Replaces the secret; the old one keeps signing until `until`.
pub fn rotate(
    conn: &mut DbConn,
    hook: &WebhookRow,
    secret: &str,
    until: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(webhooks::table.find(hook.id))
        .set((
            webhooks::secret.eq(secret),
            webhooks::previous_secret.eq(&hook.secret),
            webhooks::previous_secret_until.eq(until),
            webhooks::updated_at.eq(super::now()),
        ))
        .execute(conn)
        .map(|_| ())
}

/// The webhooks changes are gathered for, with their place in the feed.
pub fn active_cursors(conn: &mut DbConn) -> QueryResult<Vec<(i64, (i64, i64))>> {
    let rows: Vec<(i64, i64, i64)> = webhooks::table
        .filter(webhooks::active.eq(true))
        .order(webhooks::id)
        .select((webhooks::id, webhooks::cursor_xid, webhooks::cursor_id))
        .load(conn)?;
    Ok(rows.into_iter().map(|(id, x, e)| (id, (x, e))).collect())
}

/// Moves a webhook's place in the change feed.
pub fn advance(conn: &mut DbConn, id: i64, (xid, event): (i64, i64)) -> QueryResult<()> {
    diesel::update(webhooks::table.find(id))
        .set((webhooks::cursor_xid.eq(xid), webhooks::cursor_id.eq(event)))
        .execute(conn)
        .map(|_| ())
}

/// A change to send to a webhook.
pub struct NewDelivery<'a> {
    pub webhook_id: i64,
    pub change_id: i64,
    pub report_id: i64,
    pub kind: EventKind,
    pub payload: &'a str,
}

pub fn insert_delivery(conn: &mut DbConn, d: &NewDelivery) -> QueryResult<()> {
    let now = super::now();
    diesel::insert_into(webhook_deliveries::table)
        .values((
            webhook_deliveries::webhook_id.eq(d.webhook_id),
            webhook_deliveries::change_id.eq(d.change_id),
            webhook_deliveries::report_id.eq(d.report_id),
            webhook_deliveries::kind.eq(d.kind.as_str()),
            webhook_deliveries::payload.eq(d.payload),
            webhook_deliveries::next_attempt_at.eq(now),
            webhook_deliveries::created_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = webhook_deliveries)]
pub struct DeliveryRow {
    pub id: i64,
    pub webhook_id: i64,
    pub change_id: i64,
    pub report_id: i64,
    pub kind: EventKind,
    pub payload: String,
    pub attempts: i32,
    pub backoff: i32,
    pub next_attempt_at: NaiveDateTime,
    pub created_at: NaiveDateTime,
    pub delivered_at: Option<NaiveDateTime>,
}

/// Takes the next due delivery of an active webhook not in `busy`, of an account not in `full`,
/// for one attempt: pushes its
/// next attempt to `until`, so no other worker takes it meanwhile and a crash mid-send only
/// delays it. A delivery is due only when no earlier one of its webhook and report is pending
/// (order per report). PostgreSQL skips rows another worker is taking; SQLite's writers take
/// turns.
pub fn claim(
    conn: &mut DbConn,
    now: NaiveDateTime,
    until: NaiveDateTime,
    busy: &[i64],
    full: &[i64],
) -> QueryResult<Option<(DeliveryRow, WebhookRow)>> {
    use diesel::sql_types::{BigInt, Timestamp};
    #[derive(QueryableByName)]
    struct Claimed {
        #[diesel(sql_type = BigInt)]
        id: i64,
    }
    let skip_locked = match conn {
        DbConn::Pg(_) => " FOR UPDATE OF d SKIP LOCKED",
        DbConn::Sqlite(_) => "",
    };
    // Our own ids, as numbers: nothing from outside is written into the statement.
    let not_in = |column: &str, ids: &[i64]| {
        if ids.is_empty() {
            return String::new();
        }
        let ids: Vec<String> = ids.iter().map(i64::to_string).collect();
        format!(" AND {column} NOT IN ({})", ids.join(", "))
    };
    let not_busy = not_in("d.webhook_id", busy) + &not_in("w.user_id", full);
    let p = |n| crate::db::placeholder(conn, n);
    let sql = format!(
        "UPDATE webhook_deliveries SET next_attempt_at = {until} WHERE id IN (\
           SELECT d.id FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id \
           WHERE d.delivered_at IS NULL AND d.next_attempt_at <= {now} AND w.active{not_busy} \
           AND NOT EXISTS (SELECT 1 FROM webhook_deliveries e WHERE e.webhook_id = d.webhook_id \
             AND e.report_id = d.report_id AND e.delivered_at IS NULL AND e.id < d.id) \
           ORDER BY d.next_attempt_at, d.id LIMIT 1{skip_locked}) \
         RETURNING id",
        until = p(1),
        now = p(2),
    );
    let claimed: Vec<Claimed> = diesel::sql_query(sql)
        .bind::<Timestamp, _>(until)
        .bind::<Timestamp, _>(now)
        .load(conn)?;
    let Some(id) = claimed.first().map(|c| c.id) else {
        return Ok(None);
    };
    webhook_deliveries::table
        .inner_join(webhooks::table)
        .filter(webhook_deliveries::id.eq(id))
        .select((DeliveryRow::as_select(), WebhookRow::as_select()))
        .first(conn)
        .optional()
}

/// How one attempt went.
pub struct AttemptRow<'a> {
    pub delivery_id: i64,
    pub at: NaiveDateTime,
    pub status: Option<i32>,
    pub latency_ms: i32,
    pub failure: Option<&'static str>,
    pub error: Option<&'a str>,
}

/// What an attempt leaves a delivery: delivered, or due again at a time — after a step of the
/// schedule (`backoff` goes on) or when the receiver asked.
pub enum Next {
    Delivered,
    Backoff(NaiveDateTime),
    Asked(NaiveDateTime),
}

/// Records an attempt. Nothing when the delivery is gone (its webhook was deleted while it was
/// being sent).
pub fn attempted(conn: &mut DbConn, attempt: &AttemptRow, next: Next) -> QueryResult<()> {
    use webhook_deliveries as d;
    let delivery = d::table.find(attempt.delivery_id);
    let attempts = d::attempts.eq(d::attempts + 1);
    let found = match next {
        Next::Delivered => diesel::update(delivery)
            .set((attempts, d::delivered_at.eq(attempt.at)))
            .execute(conn)?,
        Next::Backoff(at) => diesel::update(delivery)
            .set((
                attempts,
                d::backoff.eq(d::backoff + 1),
                d::next_attempt_at.eq(at),
            ))
            .execute(conn)?,
        Next::Asked(at) => diesel::update(delivery)
            .set((attempts, d::next_attempt_at.eq(at)))
            .execute(conn)?,
    };
    if found == 0 {
        return Ok(());
    }
    diesel::insert_into(webhook_attempts::table)
        .values((
            webhook_attempts::delivery_id.eq(attempt.delivery_id),
            webhook_attempts::attempted_at.eq(attempt.at),
            webhook_attempts::status.eq(attempt.status),
            webhook_attempts::latency_ms.eq(attempt.latency_ms),
            webhook_attempts::failure.eq(attempt.failure),
            webhook_attempts::error.eq(attempt.error),
        ))
        .execute(conn)
        .map(|_| ())
}

/// An attempt as read: its delivery, time, status, latency, failure and error.
type Attempt = (
    i64,
    NaiveDateTime,
    Option<i32>,
    i32,
    Option<String>,
    Option<String>,
);

/// A webhook's deliveries, newest first, after the cursor `before` (an id), each with its
/// latest attempts.
pub fn deliveries(
    conn: &mut DbConn,
    webhook_id: i64,
    pending: Option<bool>,
    before: Option<i64>,
    limit: i64,
) -> QueryResult<Vec<WebhookDelivery>> {
    let mut query = webhook_deliveries::table
        .filter(webhook_deliveries::webhook_id.eq(webhook_id))
        .select(DeliveryRow::as_select())
        .into_boxed();
    match pending {
        Some(true) => query = query.filter(webhook_deliveries::delivered_at.is_null()),
        Some(false) => query = query.filter(webhook_deliveries::delivered_at.is_not_null()),
        None => {}
    }
    if let Some(before) = before {
        query = query.filter(webhook_deliveries::id.lt(before));
    }
    let rows: Vec<DeliveryRow> = query
        .order(webhook_deliveries::id.desc())
        .limit(limit + 1)
        .load(conn)?;
    let ids: Vec<i64> = rows.iter().map(|d| d.id).collect();
    let mut attempts: Vec<Attempt> = webhook_attempts::table
        .filter(webhook_attempts::delivery_id.eq_any(&ids))
        .order(webhook_attempts::id.desc())
        .select((
            webhook_attempts::delivery_id,
            webhook_attempts::attempted_at,
            webhook_attempts::status,
            webhook_attempts::latency_ms,
            webhook_attempts::failure,
            webhook_attempts::error,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|d| {
            let recent_attempts = attempts
                .extract_if(.., |a| a.0 == d.id)
                .take(RECENT_ATTEMPTS)
                .map(
                    |(_, at, status, latency_ms, failure, error)| WebhookAttempt {
                        at: at.and_utc(),
                        status,
                        latency_ms,
                        failure: failure.as_deref().and_then(AttemptFailure::parse),
                        error,
                    },
                )
                .collect();
            WebhookDelivery {
                id: d.id,
                change_id: d.change_id,
                kind: d.kind,
                report_id: d.report_id,
                created_at: d.created_at.and_utc(),
                delivered_at: d.delivered_at.map(|t| t.and_utc()),
                attempts: d.attempts,
                next_attempt_at: d
                    .delivered_at
                    .is_none()
                    .then(|| d.next_attempt_at.and_utc()),
                recent_attempts,
            }
        })
        .collect())
}

/// Attempts shown with each delivery.
const RECENT_ATTEMPTS: usize = 10;

/// Sends a delivery again (delivered or not) at `now`; false when the webhook has no such
/// delivery.
pub fn redeliver(
    conn: &mut DbConn,
    webhook_id: i64,
    delivery_id: i64,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let found = diesel::update(
        webhook_deliveries::table
            .find(delivery_id)
            .filter(webhook_deliveries::webhook_id.eq(webhook_id)),
    )
    .set((
        webhook_deliveries::delivered_at.eq(None::<NaiveDateTime>),
        webhook_deliveries::next_attempt_at.eq(now),
    ))
    .execute(conn)?;
    Ok(found == 1)
}

/// Makes every pending delivery of a webhook due at `now` (it was turned on again).
pub fn due_now(conn: &mut DbConn, webhook_id: i64, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(
        webhook_deliveries::table
            .filter(webhook_deliveries::webhook_id.eq(webhook_id))
            .filter(webhook_deliveries::delivered_at.is_null()),
    )
    .set(webhook_deliveries::next_attempt_at.eq(now))
    .execute(conn)
    .map(|_| ())
}

/// Forgets deliveries delivered before `before`, with their attempts.
pub fn forget_delivered(conn: &mut DbConn, before: NaiveDateTime) -> QueryResult<usize> {
    let old = webhook_deliveries::table
        .filter(webhook_deliveries::delivered_at.lt(before))
        .select(webhook_deliveries::id);
    diesel::delete(webhook_attempts::table.filter(webhook_attempts::delivery_id.eq_any(old)))
        .execute(conn)?;
    diesel::delete(webhook_deliveries::table.filter(webhook_deliveries::delivered_at.lt(before)))
        .execute(conn)
}
