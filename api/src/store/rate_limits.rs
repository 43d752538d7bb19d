//! Fixed-window counters of the database rate-limit store (`limits::DatabaseBackend`).

use crate::db::schema::rate_limits;
use crate::db::{DbConn, MultiBackend, placeholder};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text, Timestamp};

#[derive(QueryableByName)]
struct Window {
    #[diesel(sql_type = BigInt)]
    hits: i64,
    #[diesel(sql_type = Timestamp)]
    resets_at: NaiveDateTime,
}

/// Counts a hit on `key` in one statement, starting a new window (ending at `resets_at`) when
/// the last one is over; answers the hits in the window and when it ends.
pub fn hit(
    conn: &mut DbConn,
    key: &str,
    now: NaiveDateTime,
    resets_at: NaiveDateTime,
) -> QueryResult<(u64, NaiveDateTime)> {
    let p = |n| placeholder(conn, n);
    let sql = format!(
        "INSERT INTO rate_limits (key, hits, resets_at) VALUES ({}, 1, {})
         ON CONFLICT (key) DO UPDATE SET
           hits = CASE WHEN rate_limits.resets_at > {now} THEN rate_limits.hits + 1 ELSE 1 END,
           resets_at = CASE WHEN rate_limits.resets_at > {now2}
                       THEN rate_limits.resets_at ELSE excluded.resets_at END
         RETURNING hits, resets_at",
        p(1),
        p(2),
        now = p(3),
        now2 = p(4),
    );
    let window: Window = diesel::sql_query(sql)
        .into_boxed::<MultiBackend>()
        .bind::<Text, _>(key)
        .bind::<Timestamp, _>(resets_at)
        .bind::<Timestamp, _>(now)
        .bind::<Timestamp, _>(now)
        .get_result(conn)?;
    Ok((u64::try_from(window.hits).unwrap_or(0), window.resets_at))
}

/// Uncounts one hit.
pub fn unhit(conn: &mut DbConn, key: &str) -> QueryResult<()> {
    diesel::update(rate_limits::table.filter(rate_limits::key.eq(key).and(rate_limits::hits.gt(0))))
        .set(rate_limits::hits.eq(rate_limits::hits - 1))
        .execute(conn)
        .map(drop)
}

pub fn forget(conn: &mut DbConn, key: &str) -> QueryResult<()> {
    diesel::delete(rate_limits::table.find(key))
        .execute(conn)
        .map(drop)
}

/// Removes the counters whose window is over (the background jobs' round).
pub fn forget_expired(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(rate_limits::table.filter(rate_limits::resets_at.le(now))).execute(conn)
}
