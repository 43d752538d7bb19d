//! The tables of national sync (docs/NATIONAL.md): links between reports and national
//! complaints, the national masters, and how sync last went.

use crate::db::DbConn;
use crate::db::schema::{national_links, national_masters, national_sync_state};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use lapor_types::integration::{NationalLink, NationalOrigin};

/// A report linked to a national complaint.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = national_links)]
pub struct LinkRow {
    pub report_id: i64,
    pub complaint_id: Option<i64>,
    pub origin: String,
    pub status_name: Option<String>,
    pub followups_seen: i64,
    pub synced_at: Option<NaiveDateTime>,
    pub next_check_at: NaiveDateTime,
    pub quiet: i32,
}

/// Where a link came from (`NationalOrigin`).
pub const IMPORTED: &str = "imported";

impl LinkRow {
    pub fn to_wire(&self) -> NationalLink {
        NationalLink {
            complaint_id: self.complaint_id,
            origin: NationalOrigin::parse(&self.origin).unwrap_or(NationalOrigin::Imported),
            status_name: self.status_name.clone(),
            synced_at: self.synced_at.map(|t| t.and_utc()),
            next_check_at: self.next_check_at.and_utc(),
        }
    }
}

#[derive(Insertable)]
#[diesel(table_name = national_links)]
pub struct NewLink<'a> {
    pub report_id: i64,
    pub complaint_id: Option<i64>,
    pub origin: &'a str,
    pub status_name: Option<&'a str>,
    pub synced_at: Option<NaiveDateTime>,
    pub next_check_at: NaiveDateTime,
}

pub fn insert_link(conn: &mut DbConn, link: &NewLink) -> QueryResult<()> {
    diesel::insert_into(national_links::table)
        .values(link)
        .execute(conn)
        .map(|_| ())
}

/// Which of these complaints are linked already.
pub fn linked(conn: &mut DbConn, complaint_ids: &[i64]) -> QueryResult<Vec<i64>> {
    national_links::table
        .filter(national_links::complaint_id.eq_any(complaint_ids))
        .select(national_links::complaint_id.assume_not_null())
        .load(conn)
}

pub fn link(conn: &mut DbConn, report_id: i64) -> QueryResult<Option<LinkRow>> {
    national_links::table
        .find(report_id)
        .select(LinkRow::as_select())
        .first(conn)
        .optional()
}

/// The links whose check is due, soonest first.
pub fn due(conn: &mut DbConn, now: NaiveDateTime, limit: i64) -> QueryResult<Vec<LinkRow>> {
    national_links::table
        .filter(national_links::next_check_at.le(now))
        .filter(national_links::complaint_id.is_not_null())
        .order((national_links::next_check_at, national_links::report_id))
        .limit(limit)
        .select(LinkRow::as_select())
        .load(conn)
}

/// What a check found: the status then, the follow-ups taken up to, and when to look again.
pub struct Checked<'a> {
    pub status_name: Option<&'a str>,
    pub followups_seen: i64,
    pub synced_at: NaiveDateTime,
    pub next_check_at: NaiveDateTime,
    pub quiet: i32,
}

pub fn checked(conn: &mut DbConn, report_id: i64, c: &Checked) -> QueryResult<()> {
    diesel::update(national_links::table.find(report_id))
        .set((
            national_links::status_name.eq(c.status_name),
            national_links::followups_seen.eq(c.followups_seen),
            national_links::synced_at.eq(Some(c.synced_at)),
            national_links::next_check_at.eq(c.next_check_at),
            national_links::quiet.eq(c.quiet),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Masters: national institutions and follow-up templates.
pub const INSTITUTIONS: &str = "institution";
pub const TEMPLATES: &str = "template";

/// Replaces the masters of `kind` with `rows` (code, name).
pub fn replace_masters(
    conn: &mut DbConn,
    kind: &str,
    rows: &[(String, String)],
) -> QueryResult<()> {
    diesel::delete(national_masters::table.filter(national_masters::kind.eq(kind)))
        .execute(conn)?;
    // One by one (both databases): a few hundred rows once a day.
    for (code, name) in rows {
        diesel::insert_into(national_masters::table)
            .values((
                national_masters::kind.eq(kind),
                national_masters::code.eq(code),
                national_masters::name.eq(name),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The masters of `kind`, by name.
pub fn masters(conn: &mut DbConn, kind: &str) -> QueryResult<Vec<(String, String)>> {
    national_masters::table
        .filter(national_masters::kind.eq(kind))
        .order(national_masters::name)
        .select((national_masters::code, national_masters::name))
        .load(conn)
}

/// How sync last went.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = national_sync_state)]
pub struct StateRow {
    pub last_success_at: Option<NaiveDateTime>,
    pub last_error: Option<String>,
    pub last_error_at: Option<NaiveDateTime>,
    pub masters_at: Option<NaiveDateTime>,
}

pub fn state(conn: &mut DbConn) -> QueryResult<StateRow> {
    national_sync_state::table
        .find(1)
        .select(StateRow::as_select())
        .first(conn)
}

pub fn succeeded(conn: &mut DbConn, at: NaiveDateTime) -> QueryResult<()> {
    diesel::update(national_sync_state::table.find(1))
        .set(national_sync_state::last_success_at.eq(Some(at)))
        .execute(conn)
        .map(|_| ())
}

pub fn failed(conn: &mut DbConn, at: NaiveDateTime, error: &str) -> QueryResult<()> {
    diesel::update(national_sync_state::table.find(1))
        .set((
            national_sync_state::last_error.eq(Some(error)),
            national_sync_state::last_error_at.eq(Some(at)),
        ))
        .execute(conn)
        .map(|_| ())
}

pub fn masters_fetched(conn: &mut DbConn, at: NaiveDateTime) -> QueryResult<()> {
    diesel::update(national_sync_state::table.find(1))
        .set(national_sync_state::masters_at.eq(Some(at)))
        .execute(conn)
        .map(|_| ())
}
