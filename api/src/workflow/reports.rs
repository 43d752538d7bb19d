//! The report workflow: what filing, coordinating and moving a report do, in the caller's
//! transaction, for the HTTP handlers, the background jobs and (next) the integrations alike.
//! Each use case takes a connection, the caller and what they asked, and answers the result or
//! the refusal (docs/ARCHITECTURE.md, "Layout").

use crate::auth::Viewer;
use crate::db::DbConn;
use crate::domain::deadlines::{self, Periods, Subject};
use crate::domain::lifecycle::{self, Action};
use crate::domain::policy::{self, ReportScope};
use crate::domain::sla;
use crate::error::ApiError;
use crate::state::Site;
use crate::store::reports::{self as store_reports, NewEvent, ReportChanges, ReportRow};
use crate::store::{self, categories, institutions, regions};
use crate::{clock, notify};
use chrono::Duration;
use chrono_tz::Tz;
use lapor_types::problem::ErrorCode;
use lapor_types::reference::RegionLevel;
use lapor_types::reports::{EventKind, NewReport, Report, ReportStatus};
use std::collections::HashMap;

/// This deployment's SLA calendar: its time zone and the holidays of the past year on (enough
/// for any pause or extension still running).
pub fn calendar(conn: &mut DbConn, tz: Tz) -> Result<sla::Calendar, ApiError> {
    let from = (clock::now() - Duration::days(366)).date_naive();
    Ok(sla::Calendar::new(
        tz,
        store::holidays::dates_from(conn, from)?,
    ))
}

/// The path of an institution (for matching SLA rules and asking who coordinates a report).
pub fn path_of(conn: &mut DbConn, id: Option<i64>) -> Result<Option<String>, ApiError> {
    Ok(match id {
        Some(id) => institutions::get(conn, id)?.map(|i| i.path),
        None => None,
    })
}

/// How long this report's stages take under the SLA policy.
pub fn periods(conn: &mut DbConn, row: &ReportRow) -> Result<Periods, ApiError> {
    let path = path_of(conn, row.institution_id)?;
    Ok(store::sla::policy(conn)?.periods(
        Subject {
            kind: row.kind,
            category_id: row.category_id,
            institution_path: path.as_deref(),
        },
        row.needs_investigation,
    ))
}

/// Whether the viewer may know who filed `row` (`policy::may_see_reporter`).
pub fn reporter_known(
    conn: &mut DbConn,
    viewer: &Viewer,
    row: &ReportRow,
) -> Result<bool, ApiError> {
    let institution = match row.anonymous {
        true => path_of(conn, row.institution_id)?,
        false => None,
    };
    Ok(policy::may_see_reporter(
        viewer,
        row.reporter_id,
        row.anonymous,
        institution.as_deref(),
    ))
}

/// Reports as this viewer may see them: the reporter's identity only where allowed, loaded for
/// the whole page in one query; each anonymous report's institution is looked up once a page.
pub fn shown_all(
    conn: &mut DbConn,
    viewer: &Viewer,
    rows: &[ReportRow],
) -> Result<Vec<Report>, ApiError> {
    let mut paths: HashMap<i64, Option<String>> = HashMap::new();
    let mut known = Vec::with_capacity(rows.len());
    for row in rows {
        let institution = match (row.anonymous, row.institution_id) {
            (true, Some(id)) => match paths.get(&id) {
                Some(path) => path.clone(),
                None => {
                    let path = path_of(conn, Some(id))?;
                    paths.insert(id, path.clone());
                    path
                }
            },
            _ => None,
        };
        known.push(policy::may_see_reporter(
            viewer,
            row.reporter_id,
            row.anonymous,
            institution.as_deref(),
        ));
    }
    let ids: Vec<i64> = rows
        .iter()
        .zip(&known)
        .filter(|(_, k)| **k)
        .map(|(r, _)| r.reporter_id)
        .collect();
    let reporters = store_reports::reporters(conn, &ids)?;
    // Only reports an integrator may have filed are looked up: a page of the citizens' own
    // costs no query more.
    let filed_for: Vec<i64> = rows
        .iter()
        .zip(&known)
        .filter(|(r, k)| **k && !policy::citizens_channel(r.channel))
        .map(|(r, _)| r.id)
        .collect();
    let mut contacts = if filed_for.is_empty() {
        HashMap::new()
    } else {
        store_reports::contacts(conn, &filed_for)?
    };
    Ok(rows
        .iter()
        .zip(known)
        .map(|(r, known)| {
            let reporter = known
                .then(|| reporters.get(&r.reporter_id).cloned())
                .flatten();
            Report {
                on_behalf_of: contacts.remove(&r.id),
                ..r.to_wire(reporter)
            }
        })
        .collect())
}

/// One report as this viewer may see it.
pub fn shown(conn: &mut DbConn, viewer: &Viewer, row: &ReportRow) -> Result<Report, ApiError> {
    shown_all(conn, viewer, std::slice::from_ref(row))?
        .pop()
        .ok_or_else(|| ApiError::internal("a shown report vanished"))
}

/// The report if the viewer's scope covers it; 404 otherwise (confidential or not, its
/// existence is not disclosed).
pub fn visible(conn: &mut DbConn, viewer: &Viewer, id: i64) -> Result<ReportRow, ApiError> {
    store_reports::visible_report(conn, &policy::report_scope(viewer), id)?
        .ok_or_else(ApiError::not_found)
}

pub fn illegal(e: lifecycle::Illegal) -> ApiError {
    ApiError::illegal_transition(e.status.as_str(), "report")
}

pub fn stale() -> ApiError {
    ApiError::conflict(
        ErrorCode::VersionConflict,
        "the report changed since you loaded it; reload and try again",
    )
}

/// Checks what the field validators cannot (the date, that references exist) and picks the
/// responsible institution: the one named, else the category's default, else the institution
/// serving the report's region (none: it waits for the national coordinators and admins).
pub fn check_new_report(conn: &mut DbConn, body: &NewReport) -> Result<Option<i64>, ApiError> {
    // Not after today anywhere on Earth (UTC+14), so no time zone rejects a same-day report.
    if body.incident_date > (clock::now() + Duration::hours(14)).date_naive() {
        return Err(ApiError::field(
            "incident_date",
            "future",
            "the incident date is in the future",
        ));
    }
    let region = regions::get(conn, &body.region_code)?
        .ok_or_else(|| ApiError::field("region_code", "unknown", "no such region"))?;
    if !matches!(
        RegionLevel::of_code(&region.code),
        Some(RegionLevel::District | RegionLevel::Village)
    ) {
        return Err(ApiError::field(
            "region_code",
            "level",
            "give a district or village",
        ));
    }
    let category = match body.category_id {
        Some(id) => Some(
            categories::get(conn, id)?
                .ok_or_else(|| ApiError::field("category_id", "unknown", "no such category"))?,
        ),
        None => None,
    };
    match body.institution_id {
        Some(id) => match institutions::get(conn, id)? {
            Some(i) if i.active => Ok(Some(i.id)),
            _ => Err(ApiError::field(
                "institution_id",
                "unknown",
                "no such active institution",
            )),
        },
        None => match category.and_then(|c| c.default_institution_id) {
            Some(id) => Ok(Some(id)),
            None => Ok(institutions::serving(conn, &region.code)?.map(|i| i.id)),
        },
    }
}

/// Moves a report by `action` (bumping its version) and records the event, in the caller's
/// transaction; returns the new status.
pub fn transition(
    conn: &mut DbConn,
    site: Site,
    actor_id: Option<i64>,
    row: &ReportRow,
    action: Action,
    event: (EventKind, serde_json::Value),
    mut changes: ReportChanges,
) -> Result<ReportStatus, ApiError> {
    let from = row.status;
    let to = lifecycle::next(from, action).map_err(illegal)?;
    let stages = deadlines::after(
        &row.stages(),
        action,
        from,
        &periods(conn, row)?,
        clock::now(),
        &calendar(conn, site.time_zone)?,
    );
    changes = changes.with_stages(&stages);
    changes.status = Some(to.as_str().to_owned());
    if !store_reports::update_versioned(conn, row.id, row.version, &changes)? {
        return Err(stale());
    }
    notify::record(
        conn,
        site,
        &NewEvent {
            report_id: row.id,
            actor_id,
            action: event.0,
            from_status: Some(from),
            to_status: Some(to),
            details: event.1,
        },
    )?;
    Ok(to)
}

/// A public report (verified, not confidential, not archived) or 404, as for any report out of
/// the caller's sight.
pub fn public_report(conn: &mut DbConn, id: i64) -> Result<ReportRow, ApiError> {
    store_reports::visible_report(conn, &ReportScope::Public, id)?.ok_or_else(ApiError::not_found)
}
