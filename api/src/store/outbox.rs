//! Email waiting to be sent. Rows are written in the transaction of what they tell; the job
//! runner leases a batch, sends it outside any transaction, and marks each row sent or failed.

use crate::db::DbConn;
use crate::db::schema::outbox_emails;
use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

/// How long a leased email is left to its sender before another may try it.
pub const LEASE: Duration = Duration::minutes(5);

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = outbox_emails)]
pub struct Email {
    pub id: i64,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub attempts: i32,
}

pub fn insert(conn: &mut DbConn, recipient: &str, subject: &str, body: &str) -> QueryResult<()> {
    let now = super::now();
    diesel::insert_into(outbox_emails::table)
        .values((
            outbox_emails::recipient.eq(recipient),
            outbox_emails::subject.eq(subject),
            outbox_emails::body.eq(body),
            outbox_emails::created_at.eq(now),
            outbox_emails::next_attempt_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Unsent email whose next attempt is due, oldest first.
pub fn due(conn: &mut DbConn, now: NaiveDateTime, limit: i64) -> QueryResult<Vec<i64>> {
    outbox_emails::table
        .filter(outbox_emails::sent_at.is_null())
        .filter(outbox_emails::next_attempt_at.le(now))
        .order(outbox_emails::id)
        .select(outbox_emails::id)
        .limit(limit)
        .load(conn)
}

/// Takes the email for one send if it is still due (the caller holds its row lock): pushes its
/// next attempt a lease away, so a crash mid-send only delays it.
pub fn lease(conn: &mut DbConn, id: i64, now: NaiveDateTime) -> QueryResult<Option<Email>> {
    let taken = diesel::update(
        outbox_emails::table
            .find(id)
            .filter(outbox_emails::sent_at.is_null())
            .filter(outbox_emails::next_attempt_at.le(now)),
    )
    .set(outbox_emails::next_attempt_at.eq(now + LEASE))
    .execute(conn)?;
    if taken == 0 {
        return Ok(None);
    }
    outbox_emails::table
        .find(id)
        .select(Email::as_select())
        .first(conn)
        .optional()
}

/// Marks an email sent and forgets its text: a sent body (an emailed link's token, a report's
/// tracking id) has no use left in the database, where a backup or a replica would keep it.
pub fn mark_sent(conn: &mut DbConn, id: i64) -> QueryResult<()> {
    diesel::update(outbox_emails::table.find(id))
        .set((
            outbox_emails::body.eq(""),
            outbox_emails::sent_at.eq(Some(super::now())),
            outbox_emails::attempts.eq(outbox_emails::attempts + 1),
            outbox_emails::last_error.eq(None::<String>),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Records a failed attempt; the next one waits longer each time (1, 2, 4 … minutes, at most a
/// day), and nothing is ever dropped.
pub fn mark_failed(conn: &mut DbConn, email: &Email, error: &str) -> QueryResult<()> {
    let backoff = Duration::minutes(1i64 << email.attempts.clamp(0, 10)).min(Duration::days(1));
    diesel::update(outbox_emails::table.find(email.id))
        .set((
            outbox_emails::attempts.eq(email.attempts + 1),
            outbox_emails::next_attempt_at.eq(super::now() + backoff),
            outbox_emails::last_error.eq(Some(error.chars().take(500).collect::<String>())),
        ))
        .execute(conn)
        .map(|_| ())
}
