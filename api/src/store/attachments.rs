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
