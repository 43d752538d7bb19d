use crate::db::DbConn;
use crate::db::schema::{followups, report_feedback, users};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use lapor_types::reports::FollowupKind;

#[derive(Debug, Queryable)]
pub struct FollowupRow {
    pub id: i64,
    pub report_id: i64,
    pub author_id: i64,
    pub author_name: String,
    pub kind: FollowupKind,
    pub body: String,
    pub created_at: NaiveDateTime,
}

pub fn insert(
    conn: &mut DbConn,
    report_id: i64,
    author_id: i64,
    kind: &str,
    body: &str,
) -> QueryResult<i64> {
    diesel::insert_into(followups::table)
        .values((
            followups::report_id.eq(report_id),
            followups::author_id.eq(author_id),
            followups::kind.eq(kind),
            followups::body.eq(body),
            followups::created_at.eq(super::now()),
        ))
        .returning(followups::id)
        .get_result(conn)
}

/// The thread, oldest first; `with_notes` includes internal notes.
pub fn of_report(
    conn: &mut DbConn,
    report_id: i64,
    with_notes: bool,
) -> QueryResult<Vec<FollowupRow>> {
    let mut query = followups::table
        .inner_join(users::table)
        .filter(followups::report_id.eq(report_id))
        .select((
            followups::id,
            followups::report_id,
            followups::author_id,
            users::name,
            followups::kind,
            followups::body,
            followups::created_at,
        ))
        .into_boxed();
    if !with_notes {
        query = query.filter(followups::kind.ne("note"));
    }
    query.order(followups::id).load(conn)
}

pub fn add_feedback(
    conn: &mut DbConn,
    report_id: i64,
    verdict: &str,
    rating: i32,
    comment: &str,
) -> QueryResult<()> {
    diesel::insert_into(report_feedback::table)
        .values((
            report_feedback::report_id.eq(report_id),
            report_feedback::verdict.eq(verdict),
            report_feedback::rating.eq(rating),
            report_feedback::comment.eq(comment),
            report_feedback::created_at.eq(super::now()),
        ))
        .execute(conn)
        .map(|_| ())
}
