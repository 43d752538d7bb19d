use crate::db::DbConn;
use crate::db::schema::attachments;
use chrono::NaiveDateTime;
use diesel::prelude::*;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = attachments)]
pub struct AttachmentRow {
    pub id: i64,
    pub report_id: i64,
    pub uploader_id: i64,
    pub storage_name: String,
    pub original_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub created_at: NaiveDateTime,
}

pub struct NewAttachmentRow<'a> {
    pub report_id: i64,
    pub uploader_id: i64,
    pub storage_name: &'a str,
    pub original_name: &'a str,
    pub content_type: &'a str,
    pub size_bytes: i64,
}

pub fn insert(conn: &mut DbConn, row: &NewAttachmentRow) -> QueryResult<AttachmentRow> {
    let id: i64 = diesel::insert_into(attachments::table)
        .values((
            attachments::report_id.eq(row.report_id),
            attachments::uploader_id.eq(row.uploader_id),
            attachments::storage_name.eq(row.storage_name),
            attachments::original_name.eq(row.original_name),
            attachments::content_type.eq(row.content_type),
            attachments::size_bytes.eq(row.size_bytes),
            attachments::created_at.eq(super::now()),
        ))
        .returning(attachments::id)
        .get_result(conn)?;
    get(conn, id)?.ok_or(diesel::result::Error::NotFound)
}

pub fn get(conn: &mut DbConn, id: i64) -> QueryResult<Option<AttachmentRow>> {
    attachments::table
        .find(id)
        .select(AttachmentRow::as_select())
        .first(conn)
        .optional()
}

pub fn of_report(conn: &mut DbConn, report_id: i64) -> QueryResult<Vec<AttachmentRow>> {
    attachments::table
        .filter(attachments::report_id.eq(report_id))
        .order(attachments::id)
        .select(AttachmentRow::as_select())
        .load(conn)
}

/// Bytes `uploader_id` uploaded since `since`, and when the first of them came.
pub fn uploaded_since(
    conn: &mut DbConn,
    uploader_id: i64,
    since: NaiveDateTime,
) -> QueryResult<(u64, Option<NaiveDateTime>)> {
    let (bytes, first): (Option<i64>, Option<NaiveDateTime>) = attachments::table
        .filter(attachments::uploader_id.eq(uploader_id))
        .filter(attachments::created_at.gt(since))
        .select((total_bytes(), diesel::dsl::min(attachments::created_at)))
        .first(conn)?;
    Ok((bytes.map_or(0, |b| u64::try_from(b).unwrap_or(0)), first))
}

/// How many files a report holds, and their bytes.
pub fn held_by(conn: &mut DbConn, report_id: i64) -> QueryResult<(i64, u64)> {
    let (count, bytes): (i64, Option<i64>) = attachments::table
        .filter(attachments::report_id.eq(report_id))
        .select((diesel::dsl::count_star(), total_bytes()))
        .first(conn)?;
    Ok((count, bytes.map_or(0, |b| u64::try_from(b).unwrap_or(0))))
}

/// `SUM(size_bytes)` as a BIGINT (PostgreSQL's own sum of BIGINTs is NUMERIC).
fn total_bytes()
-> diesel::expression::SqlLiteral<diesel::sql_types::Nullable<diesel::sql_types::BigInt>> {
    diesel::dsl::sql("CAST(SUM(size_bytes) AS BIGINT)")
}
