//! In-app notifications, and the people they go to.

use crate::db::DbConn;
use crate::db::schema::{notifications, users};
use diesel::prelude::*;
use lapor_types::notifications::Notification;
use lapor_types::reports::EventKind;
use lapor_types::users::Role;

type Row = (
    i64,
    EventKind,
    Option<i64>,
    String,
    chrono::NaiveDateTime,
    Option<chrono::NaiveDateTime>,
);

fn to_wire((id, kind, report_id, details, created_at, read_at): Row) -> Notification {
    Notification {
        id,
        kind,
        report_id,
        details: serde_json::from_str(&details).unwrap_or_default(),
        created_at: created_at.and_utc(),
        read_at: read_at.map(|t| t.and_utc()),
    }
}

pub fn insert_many(
    conn: &mut DbConn,
    user_ids: &[i64],
    report_id: i64,
    kind: EventKind,
    details: &serde_json::Value,
) -> QueryResult<()> {
    let now = super::now();
    let details = details.to_string();
    // One statement per person: diesel's multi-backend connection has no batch insert (a
    // notification goes to a handful of people).
    for user in user_ids {
        diesel::insert_into(notifications::table)
            .values((
                notifications::user_id.eq(*user),
                notifications::report_id.eq(Some(report_id)),
                notifications::kind.eq(kind.as_str()),
                notifications::details.eq(details.as_str()),
                notifications::created_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// A user's notifications, newest first, after the cursor (the last id seen).
pub fn list(
    conn: &mut DbConn,
    user_id: i64,
    unread_only: bool,
    before: Option<i64>,
    limit: i64,
) -> QueryResult<Vec<Notification>> {
    let mut query = notifications::table
        .filter(notifications::user_id.eq(user_id))
        .select((
            notifications::id,
            notifications::kind,
            notifications::report_id,
            notifications::details,
            notifications::created_at,
            notifications::read_at,
        ))
        .into_boxed();
    if unread_only {
        query = query.filter(notifications::read_at.is_null());
    }
    if let Some(before) = before {
        query = query.filter(notifications::id.lt(before));
    }
    Ok(query
        .order(notifications::id.desc())
        .limit(limit + 1)
        .load::<Row>(conn)?
        .into_iter()
        .map(to_wire)
        .collect())
}

pub fn unread(conn: &mut DbConn, user_id: i64) -> QueryResult<i64> {
    notifications::table
        .filter(notifications::user_id.eq(user_id))
        .filter(notifications::read_at.is_null())
        .count()
        .get_result(conn)
}

/// Marks the user's unread notifications read: one (`id`) or all; returns how many changed.
pub fn mark_read(conn: &mut DbConn, user_id: i64, id: Option<i64>) -> QueryResult<i64> {
    let unread = notifications::table
        .filter(notifications::user_id.eq(user_id))
        .filter(notifications::read_at.is_null());
    let read = notifications::read_at.eq(Some(super::now()));
    let changed = match id {
        Some(id) => diesel::update(unread.filter(notifications::id.eq(id)))
            .set(read)
            .execute(conn)?,
        None => diesel::update(unread).set(read).execute(conn)?,
    };
    Ok(i64::try_from(changed).unwrap_or(i64::MAX))
}

pub fn exists(conn: &mut DbConn, user_id: i64, id: i64) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        notifications::table
            .filter(notifications::id.eq(id))
            .filter(notifications::user_id.eq(user_id)),
    ))
    .get_result(conn)
}

/// Active users with `role` in any of `institutions`: (id, email).
pub fn members(
    conn: &mut DbConn,
    role: Role,
    institutions: &[i64],
) -> QueryResult<Vec<(i64, String)>> {
    users::table
        .filter(users::role.eq(role.as_str()))
        .filter(users::active.eq(true))
        .filter(users::institution_id.eq_any(institutions))
        .select((users::id, users::email))
        .load(conn)
}
