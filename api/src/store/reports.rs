use crate::db::schema::{
    dispositions, idempotency_keys, institutions, report_contacts, report_events, reports,
    supports, users,
};
use crate::db::{DbConn, MultiBackend, search_words, text_search};
use crate::domain::deadlines::Stages;
use crate::domain::policy::ReportScope;
use crate::store::users::normalize_email;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use lapor_types::reports::{
    Channel, DisposedReport, EventKind, ListOrder, Report, ReportKind, ReportQuery, ReportStatus,
    Reporter, ReporterContact,
};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = reports)]
pub struct ReportRow {
    pub id: i64,
    pub tracking_id: String,
    pub kind: ReportKind,
    pub title: String,
    pub body: String,
    pub incident_date: NaiveDate,
    pub region_code: String,
    pub address: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub category_id: Option<i64>,
    pub institution_id: Option<i64>,
    pub reporter_id: i64,
    pub anonymous: bool,
    pub confidential: bool,
    pub channel: Channel,
    pub status: ReportStatus,
    pub version: i32,
    pub verified_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub verify_due_at: Option<NaiveDateTime>,
    pub held_at: Option<NaiveDateTime>,
    pub resolve_due_at: Option<NaiveDateTime>,
    pub first_response_at: Option<NaiveDateTime>,
    pub resolved_at: Option<NaiveDateTime>,
    pub feedback_due_at: Option<NaiveDateTime>,
    pub closed_at: Option<NaiveDateTime>,
    pub needs_investigation: bool,
    pub dispatched_at: Option<NaiveDateTime>,
    pub overdue_at: Option<NaiveDateTime>,
    pub public_photos: bool,
}

impl ReportRow {
    pub fn stages(&self) -> Stages {
        let utc = |t: Option<NaiveDateTime>| t.map(|t| t.and_utc());
        Stages {
            verify_due_at: utc(self.verify_due_at),
            held_at: utc(self.held_at),
            dispatched_at: utc(self.dispatched_at),
            resolve_due_at: utc(self.resolve_due_at),
            first_response_at: utc(self.first_response_at),
            resolved_at: utc(self.resolved_at),
            feedback_due_at: utc(self.feedback_due_at),
            closed_at: utc(self.closed_at),
        }
    }

    /// The wire form; `reporter` only when the caller decided the viewer may know.
    /// The report as the wire shows it, with who filed it where the viewer may know (for whom:
    /// `workflow::reports::shown_all` adds it).
    pub fn to_wire(&self, reporter: Option<Reporter>) -> Report {
        Report {
            id: self.id,
            tracking_id: self.tracking_id.clone(),
            kind: self.kind,
            title: self.title.clone(),
            body: self.body.clone(),
            incident_date: self.incident_date,
            region_code: self.region_code.clone(),
            address: self.address.clone(),
            latitude: self.latitude,
            longitude: self.longitude,
            category_id: self.category_id,
            institution_id: self.institution_id,
            anonymous: self.anonymous,
            confidential: self.confidential,
            public_photos: self.public_photos,
            channel: self.channel,
            status: self.status,
            version: self.version,
            verified_at: self.verified_at.map(|t| t.and_utc()),
            verify_due_at: self.verify_due_at.map(|t| t.and_utc()),
            dispatched_at: self.dispatched_at.map(|t| t.and_utc()),
            resolve_due_at: self.resolve_due_at.map(|t| t.and_utc()),
            needs_investigation: self.needs_investigation,
            overdue_at: self.overdue_at.map(|t| t.and_utc()),
            first_response_at: self.first_response_at.map(|t| t.and_utc()),
            resolved_at: self.resolved_at.map(|t| t.and_utc()),
            feedback_due_at: self.feedback_due_at.map(|t| t.and_utc()),
            closed_at: self.closed_at.map(|t| t.and_utc()),
            created_at: self.created_at.and_utc(),
            updated_at: self.updated_at.and_utc(),
            reporter,
            on_behalf_of: None,
        }
    }
}

#[derive(Insertable)]
#[diesel(table_name = reports)]
pub struct NewReportRow<'a> {
    pub tracking_id: &'a str,
    pub kind: &'a str,
    pub title: &'a str,
    pub body: &'a str,
    pub incident_date: NaiveDate,
    pub region_code: &'a str,
    pub address: &'a str,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub category_id: Option<i64>,
    pub institution_id: Option<i64>,
    pub reporter_id: i64,
    pub anonymous: bool,
    pub confidential: bool,
    pub public_photos: bool,
    pub channel: &'a str,
    pub status: &'a str,
    pub version: i32,
    pub verify_due_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConn, row: &NewReportRow) -> QueryResult<ReportRow> {
    let id: i64 = diesel::insert_into(reports::table)
        .values(row)
        .returning(reports::id)
        .get_result(conn)?;
    get(conn, id)
}

pub fn get(conn: &mut DbConn, id: i64) -> QueryResult<ReportRow> {
    reports::table
        .find(id)
        .select(ReportRow::as_select())
        .first(conn)
}

/// Reports `reporter_id` filed since `since`, and when the first of them was.
pub fn filed_since(
    conn: &mut DbConn,
    reporter_id: i64,
    since: NaiveDateTime,
) -> QueryResult<(u64, Option<NaiveDateTime>)> {
    let (count, first): (i64, Option<NaiveDateTime>) = reports::table
        .filter(reports::reporter_id.eq(reporter_id))
        .filter(reports::created_at.gt(since))
        .select((
            diesel::dsl::count_star(),
            diesel::dsl::min(reports::created_at),
        ))
        .first(conn)?;
    Ok((u64::try_from(count).unwrap_or(0), first))
}

pub fn by_tracking_id(conn: &mut DbConn, tracking_id: &str) -> QueryResult<Option<ReportRow>> {
    reports::table
        .filter(reports::tracking_id.eq(tracking_id))
        .select(ReportRow::as_select())
        .first(conn)
        .optional()
}

/// A filter on `reports` for "what this viewer may see".
pub(crate) type Visible = Box<
    dyn BoxableExpression<
            reports::table,
            crate::db::MultiBackend,
            SqlType = diesel::sql_types::Nullable<diesel::sql_types::Bool>,
        >,
>;

/// Ids of the institutions whose path starts with `prefix` (as a subquery).
macro_rules! subtree {
    ($prefix:expr) => {
        institutions::table
            .filter(institutions::path.like(format!("{}%", $prefix)))
            .select(institutions::id)
    };
}

/// Whether the report has a disposition that counts to an institution under `prefix`. A
/// correlated `EXISTS` (by `dispositions.report_id`, indexed), not `id IN (…)`: the latter makes
/// PostgreSQL hash every disposition of the subtree on each query — seconds at a million
/// reports (see docs/PERFORMANCE.md). Diesel's multi-backend cannot box it, hence a macro.
macro_rules! disposed_into {
    ($prefix:expr) => {
        diesel::dsl::exists(
            dispositions::table
                .filter(dispositions::report_id.eq(reports::id))
                .filter(dispositions::institution_id.eq_any(subtree!($prefix)))
                .filter(dispositions::status.eq_any(super::dispositions::COUNTING)),
        )
    };
}

pub(crate) fn visible(scope: &ReportScope) -> Visible {
    use diesel::dsl::sql;
    use diesel::sql_types::{Bool, Nullable};
    match scope {
        ReportScope::All => Box::new(sql::<Nullable<Bool>>("1 = 1")),
        ReportScope::Own(user) => Box::new(reports::reporter_id.eq(*user).nullable()),
        ReportScope::OwnWithin { reporter, prefix } => Box::new(
            reports::reporter_id
                .eq(*reporter)
                .and(
                    reports::institution_id
                        .eq_any(subtree!(prefix).select(institutions::id.nullable())),
                )
                .nullable(),
        ),
        ReportScope::Subtree {
            prefix,
            unaddressed,
        } => {
            let addressed = reports::institution_id
                .eq_any(subtree!(prefix).select(institutions::id.nullable()));
            let within = addressed.or(disposed_into!(prefix));
            if *unaddressed {
                Box::new(within.or(reports::institution_id.is_null()).nullable())
            } else {
                Box::new(within.nullable())
            }
        }
        ReportScope::Disposed { prefix } => Box::new(disposed_into!(prefix).nullable()),
        ReportScope::Nothing => Box::new(sql::<Nullable<Bool>>("1 = 0")),
        ReportScope::Public => Box::new(
            reports::verified_at
                .is_not_null()
                .and(reports::confidential.eq(false))
                .and(reports::status.ne(ReportStatus::Archived.as_str()))
                .nullable(),
        ),
    }
}

/// The report, if the scope covers it.
pub fn visible_report(
    conn: &mut DbConn,
    scope: &ReportScope,
    id: i64,
) -> QueryResult<Option<ReportRow>> {
    reports::table
        .filter(reports::id.eq(id))
        .filter(visible(scope))
        .select(ReportRow::as_select())
        .first(conn)
        .optional()
}

/// Reports in `scope` that pass the list's filters (`mine`: only this reporter's), unordered —
/// the one place the list, the export and the statistics take their reports from.
/// One batch of the export: the filtered reports in scope, newest first, below id `before`.
pub fn export_batch(
    conn: &mut DbConn,
    scope: &ReportScope,
    q: &ReportQuery,
    mine: Option<i64>,
    before: Option<i64>,
    limit: i64,
) -> QueryResult<Vec<ReportRow>> {
    let mut query = filtered(conn, scope, q, mine)
        .select(ReportRow::as_select())
        .order(reports::id.desc())
        .limit(limit);
    if let Some(id) = before {
        query = query.filter(reports::id.lt(id));
    }
    query.load(conn)
}

pub fn filtered<'a>(
    conn: &DbConn,
    scope: &ReportScope,
    q: &ReportQuery,
    mine: Option<i64>,
) -> reports::BoxedQuery<'a, MultiBackend> {
    let mut query = reports::table.filter(visible(scope)).into_boxed();
    if let Some(me) = mine {
        query = query.filter(reports::reporter_id.eq(me));
    }
    if let Some(status) = q.status {
        query = query.filter(reports::status.eq(status.as_str()));
    }
    if let Some(kind) = q.kind {
        query = query.filter(reports::kind.eq(kind.as_str()));
    }
    if let Some(channel) = q.channel {
        query = query.filter(reports::channel.eq(channel.as_str()));
    }
    if let Some(category) = q.category_id {
        query = query.filter(reports::category_id.eq(category));
    }
    if let Some(institution) = q.institution_id {
        query = query.filter(reports::institution_id.eq(institution));
    }
    if let Some(region) = &q.region {
        // A whole code or its descendants: `36.03` matches `36.03` and `36.03.…`, not `36.031`.
        query = query.filter(
            reports::region_code
                .eq(region.clone())
                .or(reports::region_code.like(format!("{}.%", region.replace(['%', '_'], "")))),
        );
    }
    if let Some(from) = q.created_from {
        query = query.filter(reports::created_at.ge(from.and_hms_opt(0, 0, 0).unwrap_or_default()));
    }
    if let Some(to) = q.created_to.and_then(|d| d.succ_opt()) {
        query = query.filter(reports::created_at.lt(to.and_hms_opt(0, 0, 0).unwrap_or_default()));
    }
    if let Some(text) = &q.q {
        query = query.filter(text_search(conn, &search_words(text)));
    }
    if q.overdue == Some(true) {
        let now = super::now();
        query = query.filter(
            reports::status
                .eq(ReportStatus::Submitted.as_str())
                .and(reports::verify_due_at.lt(now))
                .or(reports::status
                    .eq_any([
                        ReportStatus::Dispatched.as_str(),
                        ReportStatus::InProgress.as_str(),
                    ])
                    .and(reports::resolve_due_at.lt(now))),
        );
    }
    query
}

/// In the query's order (newest first unless asked); `after` is the cursor (the last id seen).
pub fn list(
    conn: &mut DbConn,
    scope: &ReportScope,
    q: &ReportQuery,
    mine: Option<i64>,
    after: Option<i64>,
    limit: i64,
) -> QueryResult<Vec<ReportRow>> {
    let oldest = q.order == Some(ListOrder::Oldest);
    let mut query = filtered(conn, scope, q, mine).select(ReportRow::as_select());
    if let Some(after) = after {
        query = if oldest {
            query.filter(reports::id.gt(after))
        } else {
            query.filter(reports::id.lt(after))
        };
    }
    query = if oldest {
        query.order(reports::id.asc())
    } else {
        query.order(reports::id.desc())
    };
    query.limit(limit + 1).load(conn)
}

/// The inbox's view of some reports, by id.
pub fn disposed(
    conn: &mut DbConn,
    scope: &ReportScope,
    ids: &[i64],
) -> QueryResult<Vec<(i64, DisposedReport)>> {
    let rows: Vec<(i64, String, String, ReportStatus, Option<NaiveDateTime>)> = reports::table
        .filter(reports::id.eq_any(ids))
        .filter(visible(scope))
        .select((
            reports::id,
            reports::tracking_id,
            reports::title,
            reports::status,
            reports::resolve_due_at,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, tracking_id, title, status, due)| {
            let report = DisposedReport {
                tracking_id,
                title,
                status,
                resolve_due_at: due.map(|t| t.and_utc()),
            };
            (id, report)
        })
        .collect())
}

#[derive(AsChangeset, Default)]
#[diesel(table_name = reports)]
pub struct ReportChanges {
    pub kind: Option<String>,
    pub title: Option<String>,
    pub category_id: Option<Option<i64>>,
    pub anonymous: Option<bool>,
    pub confidential: Option<bool>,
    pub status: Option<String>,
    pub verified_at: Option<Option<NaiveDateTime>>,
    pub verify_due_at: Option<Option<NaiveDateTime>>,
    pub held_at: Option<Option<NaiveDateTime>>,
    pub dispatched_at: Option<Option<NaiveDateTime>>,
    pub resolve_due_at: Option<Option<NaiveDateTime>>,
    pub first_response_at: Option<Option<NaiveDateTime>>,
    pub resolved_at: Option<Option<NaiveDateTime>>,
    pub feedback_due_at: Option<Option<NaiveDateTime>>,
    pub closed_at: Option<Option<NaiveDateTime>>,
    pub needs_investigation: Option<bool>,
}

impl ReportChanges {
    /// Writes every stage time (they are few, and writing all keeps this obvious).
    pub fn with_stages(self, s: &Stages) -> ReportChanges {
        let naive = |t: Option<chrono::DateTime<chrono::Utc>>| Some(t.map(|t| t.naive_utc()));
        ReportChanges {
            verify_due_at: naive(s.verify_due_at),
            held_at: naive(s.held_at),
            dispatched_at: naive(s.dispatched_at),
            resolve_due_at: naive(s.resolve_due_at),
            first_response_at: naive(s.first_response_at),
            resolved_at: naive(s.resolved_at),
            feedback_due_at: naive(s.feedback_due_at),
            closed_at: naive(s.closed_at),
            ..self
        }
    }
}

/// Applies `changes` if the report is still at `version`, bumping it; false when another write
/// came first.
pub fn update_versioned(
    conn: &mut DbConn,
    id: i64,
    version: i32,
    changes: &ReportChanges,
) -> QueryResult<bool> {
    let changed = diesel::update(reports::table.find(id).filter(reports::version.eq(version)))
        .set((
            changes,
            reports::version.eq(version + 1),
            reports::updated_at.eq(super::now()),
        ))
        .execute(conn)?;
    Ok(changed == 1)
}

pub struct NewEvent {
    pub report_id: i64,
    pub actor_id: Option<i64>,
    pub action: EventKind,
    pub from_status: Option<ReportStatus>,
    pub to_status: Option<ReportStatus>,
    pub details: serde_json::Value,
}

/// Records an event with the report's version as it stands in this transaction (after the
/// change it records: callers write the report first).
pub fn add_event(conn: &mut DbConn, event: &NewEvent) -> QueryResult<()> {
    use diesel::sql_types::{BigInt, Nullable, Text, Timestamp};
    reports::table
        .filter(reports::id.eq(event.report_id))
        .select((
            reports::id,
            event.actor_id.into_sql::<Nullable<BigInt>>(),
            event.action.as_str().into_sql::<Text>(),
            event
                .from_status
                .map(|s| s.as_str())
                .into_sql::<Nullable<Text>>(),
            event
                .to_status
                .map(|s| s.as_str())
                .into_sql::<Nullable<Text>>(),
            event.details.to_string().into_sql::<Text>(),
            super::now().into_sql::<Timestamp>(),
            reports::version.nullable(),
        ))
        .insert_into(report_events::table)
        .into_columns((
            report_events::report_id,
            report_events::actor_id,
            report_events::action,
            report_events::from_status,
            report_events::to_status,
            report_events::details,
            report_events::created_at,
            report_events::version,
        ))
        .execute(conn)
        .map(|_| ())
}

#[derive(Debug, Queryable)]
pub struct EventRow {
    pub id: i64,
    pub actor_id: Option<i64>,
    pub actor_name: Option<String>,
    pub action: EventKind,
    pub from_status: Option<ReportStatus>,
    pub to_status: Option<ReportStatus>,
    pub details: String,
    pub created_at: NaiveDateTime,
}

pub fn events(conn: &mut DbConn, report_id: i64) -> QueryResult<Vec<EventRow>> {
    report_events::table
        .left_join(users::table)
        .filter(report_events::report_id.eq(report_id))
        .order(report_events::id)
        .select((
            report_events::id,
            report_events::actor_id,
            users::name.nullable(),
            report_events::action,
            report_events::from_status,
            report_events::to_status,
            report_events::details,
            report_events::created_at,
        ))
        .load(conn)
}

/// The reporters among `ids`, by user id, in one query.
pub fn reporters(
    conn: &mut DbConn,
    ids: &[i64],
) -> QueryResult<std::collections::HashMap<i64, Reporter>> {
    Ok(users::table
        .filter(users::id.eq_any(ids))
        .select((users::id, users::name, users::email, users::phone))
        .load::<(i64, String, String, Option<String>)>(conn)?
        .into_iter()
        .map(|(id, name, email, phone)| {
            (
                id,
                Reporter {
                    id,
                    name,
                    email,
                    phone,
                },
            )
        })
        .collect())
}

/// Stores the citizen an integrator filed report `report_id` for.
pub fn add_contact(
    conn: &mut DbConn,
    report_id: i64,
    contact: &ReporterContact,
) -> QueryResult<()> {
    diesel::insert_into(report_contacts::table)
        .values((
            report_contacts::report_id.eq(report_id),
            report_contacts::name.eq(contact.name.trim()),
            report_contacts::email.eq(contact.email.as_deref().map(normalize_email)),
            report_contacts::phone.eq(&contact.phone),
        ))
        .execute(conn)
        .map(|_| ())
}

/// The citizens integrators filed these reports for, by report id.
pub fn contacts(
    conn: &mut DbConn,
    report_ids: &[i64],
) -> QueryResult<std::collections::HashMap<i64, ReporterContact>> {
    Ok(report_contacts::table
        .filter(report_contacts::report_id.eq_any(report_ids))
        .select((
            report_contacts::report_id,
            report_contacts::name,
            report_contacts::email,
            report_contacts::phone,
        ))
        .load::<(i64, String, Option<String>, Option<String>)>(conn)?
        .into_iter()
        .map(|(id, name, email, phone)| (id, ReporterContact { name, email, phone }))
        .collect())
}

/// The report an earlier request with this key created, and that request's body hash.
pub fn idempotent(
    conn: &mut DbConn,
    user_id: i64,
    key: &str,
) -> QueryResult<Option<(String, i64)>> {
    idempotency_keys::table
        .find((user_id, key))
        .select((
            idempotency_keys::request_hash,
            idempotency_keys::resource_id,
        ))
        .first(conn)
        .optional()
}

pub fn remember_idempotent(
    conn: &mut DbConn,
    user_id: i64,
    key: &str,
    request_hash: &str,
    resource_id: i64,
) -> QueryResult<()> {
    diesel::insert_into(idempotency_keys::table)
        .values((
            idempotency_keys::user_id.eq(user_id),
            idempotency_keys::key.eq(key),
            idempotency_keys::request_hash.eq(request_hash),
            idempotency_keys::resource_id.eq(resource_id),
            idempotency_keys::created_at.eq(super::now()),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Support counts of reports, by report id (absent: none).
pub fn support_counts(
    conn: &mut DbConn,
    ids: &[i64],
) -> QueryResult<std::collections::HashMap<i64, i64>> {
    Ok(supports::table
        .filter(supports::report_id.eq_any(ids))
        .group_by(supports::report_id)
        .select((supports::report_id, diesel::dsl::count_star()))
        .load::<(i64, i64)>(conn)?
        .into_iter()
        .collect())
}

/// Records a support; false when this user already supported the report.
pub fn support(conn: &mut DbConn, report_id: i64, user_id: i64) -> QueryResult<bool> {
    let exists: bool = diesel::select(diesel::dsl::exists(
        supports::table.find((report_id, user_id)),
    ))
    .get_result(conn)?;
    if exists {
        return Ok(false);
    }
    diesel::insert_into(supports::table)
        .values((
            supports::report_id.eq(report_id),
            supports::user_id.eq(user_id),
            supports::created_at.eq(super::now()),
        ))
        .execute(conn)?;
    Ok(true)
}
