use crate::db::DbConn;
use crate::db::schema::{dispositions, institutions, reports};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use lapor_types::reports::{Disposition, DispositionQuery, DispositionStatus, ReportStatus};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = dispositions)]
pub struct DispositionRow {
    pub id: i64,
    pub report_id: i64,
    pub institution_id: i64,
    pub parent_disposition_id: Option<i64>,
    pub instruction: String,
    pub due_at: Option<NaiveDateTime>,
    pub status: DispositionStatus,
    pub decline_reason: Option<String>,
    pub resolution: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub response_due_at: Option<NaiveDateTime>,
    pub responded_at: Option<NaiveDateTime>,
    pub overdue_at: Option<NaiveDateTime>,
    pub extended_at: Option<NaiveDateTime>,
    pub extension_reason: Option<String>,
}

impl DispositionRow {
    pub fn to_wire(&self) -> Disposition {
        Disposition {
            id: self.id,
            report_id: self.report_id,
            institution_id: self.institution_id,
            parent_disposition_id: self.parent_disposition_id,
            instruction: self.instruction.clone(),
            due_at: self.due_at.map(|t| t.and_utc()),
            response_due_at: self.response_due_at.map(|t| t.and_utc()),
            responded_at: self.responded_at.map(|t| t.and_utc()),
            overdue_at: self.overdue_at.map(|t| t.and_utc()),
            extended_at: self.extended_at.map(|t| t.and_utc()),
            extension_reason: self.extension_reason.clone(),
            status: self.status,
            decline_reason: self.decline_reason.clone(),
            resolution: self.resolution.clone(),
            created_at: self.created_at.and_utc(),
            updated_at: self.updated_at.and_utc(),
            report: None,
        }
    }
}

/// Statuses of dispositions that still count for their report.
pub const COUNTING: [&str; 3] = ["pending", "accepted", "completed"];

/// Statuses of dispositions the unit still has to act on.
pub const OPEN: [&str; 2] = ["pending", "accepted"];

pub struct NewDispositionRow<'a> {
    pub report_id: i64,
    pub institution_id: i64,
    pub parent_disposition_id: Option<i64>,
    pub instruction: &'a str,
    pub due_at: Option<NaiveDateTime>,
    pub response_due_at: Option<NaiveDateTime>,
    pub created_by: i64,
}

pub fn insert(conn: &mut DbConn, row: &NewDispositionRow) -> QueryResult<DispositionRow> {
    let now = super::now();
    let id: i64 = diesel::insert_into(dispositions::table)
        .values((
            dispositions::report_id.eq(row.report_id),
            dispositions::institution_id.eq(row.institution_id),
            dispositions::parent_disposition_id.eq(row.parent_disposition_id),
            dispositions::instruction.eq(row.instruction),
            dispositions::due_at.eq(row.due_at),
            dispositions::response_due_at.eq(row.response_due_at),
            dispositions::status.eq(DispositionStatus::Pending.as_str()),
            dispositions::created_by.eq(row.created_by),
            dispositions::created_at.eq(now),
            dispositions::updated_at.eq(now),
        ))
        .returning(dispositions::id)
        .get_result(conn)?;
    get(conn, id)?.ok_or(diesel::result::Error::NotFound)
}

pub fn get(conn: &mut DbConn, id: i64) -> QueryResult<Option<DispositionRow>> {
    dispositions::table
        .find(id)
        .select(DispositionRow::as_select())
        .first(conn)
        .optional()
}

pub fn of_report(conn: &mut DbConn, report_id: i64) -> QueryResult<Vec<DispositionRow>> {
    dispositions::table
        .filter(dispositions::report_id.eq(report_id))
        .order(dispositions::id)
        .select(DispositionRow::as_select())
        .load(conn)
}

#[derive(AsChangeset, Default)]
#[diesel(table_name = dispositions)]
pub struct DispositionChanges {
    pub status: Option<String>,
    pub decline_reason: Option<Option<String>>,
    pub resolution: Option<Option<String>>,
}

/// Changes a disposition if it is still in `from`; false when a concurrent change came first.
pub fn update_from(
    conn: &mut DbConn,
    id: i64,
    from: DispositionStatus,
    changes: &DispositionChanges,
) -> QueryResult<bool> {
    let changed = diesel::update(
        dispositions::table
            .find(id)
            .filter(dispositions::status.eq(from.as_str())),
    )
    .set((changes, dispositions::updated_at.eq(super::now())))
    .execute(conn)?;
    Ok(changed == 1)
}

/// Records the disposition's one extension (if it has none yet); false when it has.
pub fn extend(
    conn: &mut DbConn,
    id: i64,
    response_due_at: Option<NaiveDateTime>,
    reason: &str,
) -> QueryResult<bool> {
    let now = super::now();
    let changed = diesel::update(
        dispositions::table
            .find(id)
            .filter(dispositions::extended_at.is_null()),
    )
    .set((
        dispositions::response_due_at.eq(response_due_at),
        dispositions::extended_at.eq(Some(now)),
        dispositions::extension_reason.eq(Some(reason)),
        dispositions::updated_at.eq(now),
    ))
    .execute(conn)?;
    Ok(changed == 1)
}

/// A unit's first public response: stamps the report's open dispositions to institutions under
/// `within` (the responding liaison's unit) that have none yet.
pub fn mark_responded(conn: &mut DbConn, report_id: i64, within: &str) -> QueryResult<()> {
    let units = institutions::table
        .filter(institutions::path.like(format!("{within}%")))
        .select(institutions::id);
    diesel::update(
        dispositions::table
            .filter(dispositions::report_id.eq(report_id))
            .filter(dispositions::institution_id.eq_any(units))
            .filter(dispositions::status.eq_any(OPEN))
            .filter(dispositions::responded_at.is_null()),
    )
    .set(dispositions::responded_at.eq(Some(super::now())))
    .execute(conn)
    .map(|_| ())
}

/// The inbox: dispositions to institutions whose path starts with `within` (all when `None`),
/// newest first.
pub fn list(
    conn: &mut DbConn,
    within: Option<&str>,
    q: &DispositionQuery,
    before: Option<i64>,
    limit: i64,
) -> QueryResult<Vec<DispositionRow>> {
    let mut query = dispositions::table
        .select(DispositionRow::as_select())
        .into_boxed();
    if let Some(prefix) = within {
        let subtree = institutions::table
            .filter(institutions::path.like(format!("{prefix}%")))
            .select(institutions::id);
        query = query.filter(dispositions::institution_id.eq_any(subtree));
    }
    if let Some(status) = q.status {
        query = query.filter(dispositions::status.eq(status.as_str()));
    }
    if let Some(institution) = q.institution_id {
        query = query.filter(dispositions::institution_id.eq(institution));
    }
    if q.overdue == Some(true) {
        let now = super::now();
        let late = reports::table
            .filter(reports::status.eq_any([
                ReportStatus::Dispatched.as_str(),
                ReportStatus::InProgress.as_str(),
            ]))
            .filter(reports::resolve_due_at.lt(now))
            .select(reports::id);
        query = query.filter(dispositions::status.eq_any(OPEN)).filter(
            dispositions::responded_at
                .is_null()
                .and(dispositions::response_due_at.lt(now))
                .or(dispositions::report_id.eq_any(late)),
        );
    }
    if let Some(report) = q.report_id {
        query = query.filter(dispositions::report_id.eq(report));
    }
    if let Some(before) = before {
        query = query.filter(dispositions::id.lt(before));
    }
    query
        .order(dispositions::id.desc())
        .limit(limit + 1)
        .load(conn)
}
