//! Sessions: one per sign-in, its refresh tokens a family of the same id (see the `sessions`
//! migration). Ending a session revokes its refresh tokens and, through `sid`, its access tokens.

use crate::db::DbConn;
use crate::db::schema::{refresh_tokens, sessions};
use chrono::NaiveDateTime;
use diesel::prelude::*;

pub fn start(conn: &mut DbConn, id: &str, user_id: i64, at: NaiveDateTime) -> QueryResult<()> {
    diesel::insert_into(sessions::table)
        .values((
            sessions::id.eq(id),
            sessions::user_id.eq(user_id),
            sessions::started_at.eq(at),
        ))
        .execute(conn)
        .map(|_| ())
}

/// When the session of `user_id` started, if it has not ended and started after `since`.
pub fn live_since(
    conn: &mut DbConn,
    id: &str,
    user_id: i64,
    since: NaiveDateTime,
) -> QueryResult<Option<NaiveDateTime>> {
    sessions::table
        .filter(sessions::id.eq(id))
        .filter(sessions::user_id.eq(user_id))
        .filter(sessions::ended_at.is_null())
        .filter(sessions::started_at.gt(since))
        .select(sessions::started_at)
        .first(conn)
        .optional()
}

/// Ends a session and revokes its refresh tokens.
pub fn end(conn: &mut DbConn, id: &str, at: NaiveDateTime) -> QueryResult<()> {
    diesel::update(
        sessions::table
            .find(id)
            .filter(sessions::ended_at.is_null()),
    )
    .set(sessions::ended_at.eq(at))
    .execute(conn)?;
    diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::family.eq(id))
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::revoked_at.eq(at))
    .execute(conn)
    .map(|_| ())
}

/// Ends every session of a user (a new password, deactivation, "sign out everywhere").
pub fn end_all(conn: &mut DbConn, user_id: i64, at: NaiveDateTime) -> QueryResult<()> {
    diesel::update(
        sessions::table
            .filter(sessions::user_id.eq(user_id))
            .filter(sessions::ended_at.is_null()),
    )
    .set(sessions::ended_at.eq(at))
    .execute(conn)?;
    diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::user_id.eq(user_id))
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::revoked_at.eq(at))
    .execute(conn)
    .map(|_| ())
}
