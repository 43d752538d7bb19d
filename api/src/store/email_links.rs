//! What emailed links stand for: a registration waiting for its address to be confirmed, and a
//! request to choose a new password. Only the links' hashes are stored (`tokens::hash_secret`).

use crate::db::DbConn;
use crate::db::schema::{password_resets, registrations};
use chrono::NaiveDateTime;
use diesel::prelude::*;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = registrations)]
pub struct Registration {
    pub token_hash: String,
    pub name: String,
    pub email: String,
    pub phone: Option<String>,
    pub password_hash: String,
    pub expires_at: NaiveDateTime,
}

pub fn insert_registration(conn: &mut DbConn, row: &Registration) -> QueryResult<()> {
    diesel::insert_into(registrations::table)
        .values(row.clone())
        .execute(conn)
        .map(drop)
}

/// The registration of a link, unless it has expired.
pub fn registration(
    conn: &mut DbConn,
    token_hash: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<Registration>> {
    registrations::table
        .find(token_hash)
        .filter(registrations::expires_at.gt(now))
        .select(Registration::as_select())
        .first(conn)
        .optional()
}

/// Every pending registration of an address (one of them was just confirmed).
pub fn forget_registrations(conn: &mut DbConn, email: &str) -> QueryResult<()> {
    diesel::delete(registrations::table.filter(registrations::email.eq(email)))
        .execute(conn)
        .map(drop)
}

pub fn insert_reset(
    conn: &mut DbConn,
    token_hash: &str,
    user_id: i64,
    expires_at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(password_resets::table)
        .values((
            password_resets::token_hash.eq(token_hash),
            password_resets::user_id.eq(user_id),
            password_resets::expires_at.eq(expires_at),
        ))
        .execute(conn)
        .map(drop)
}

/// Spends a reset link: the account it is for, if the link is known and not expired. Every
/// other reset link of that account goes too.
pub fn spend_reset(
    conn: &mut DbConn,
    token_hash: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<i64>> {
    let user: Option<i64> = password_resets::table
        .find(token_hash)
        .filter(password_resets::expires_at.gt(now))
        .select(password_resets::user_id)
        .first(conn)
        .optional()?;
    if let Some(user) = user {
        diesel::delete(password_resets::table.filter(password_resets::user_id.eq(user)))
            .execute(conn)?;
    }
    Ok(user)
}

/// Removes links that have expired (the background jobs' round).
pub fn forget_expired(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<usize> {
    Ok(
        diesel::delete(registrations::table.filter(registrations::expires_at.le(now)))
            .execute(conn)?
            + diesel::delete(password_resets::table.filter(password_resets::expires_at.le(now)))
                .execute(conn)?,
    )
}
