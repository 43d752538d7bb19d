//! National sync's work in the database (docs/NATIONAL.md): a national complaint imported as a
//! report, once; what a check finds on the national side taken into the report's timeline, each
//! follow-up once; the masters kept.

use crate::auth::Viewer;
use crate::auth::extract::acting_as;
use crate::db::{self, DbConn, Locked};
use crate::domain::national::{self as map, Complaint, Followup, Status};
use crate::domain::policy;
use crate::error::ApiError;
use crate::limits::Rule;
use crate::notify;
use crate::state::Site;
use crate::store;
use crate::store::national::{self as links, Checked, IMPORTED, LinkRow, NewLink};
use crate::store::reports::NewEvent;
use crate::workflow::filing::{self, Filed};
use crate::workflow::reports::visible;
use chrono::{Duration, NaiveDateTime};
use lapor_types::integration::NationalLink;
use lapor_types::problem::ErrorCode;
use lapor_types::reports::{Channel, EventKind, NewReport, ReporterContact};
use serde_json::json;
use validator::Validate;

/// The integrator account (`LAPOR_NATIONAL_ACCOUNT`) imported complaints are filed by.
pub fn account(conn: &mut DbConn, email: &str) -> Result<Viewer, ApiError> {
    let unusable = || {
        ApiError::internal(format!(
            "LAPOR_NATIONAL_ACCOUNT ({email}) is not an active integrator account"
        ))
    };
    let user = store::users::by_email(conn, email)?.ok_or_else(unusable)?;
    let account = store::users::with_institution(conn, user.id)?.ok_or_else(unusable)?;
    acting_as(account, None, None)
        .filter(|v| policy::may_import_national(v.role))
        .ok_or_else(unusable)
}

/// What importing a complaint did.
#[derive(Debug, PartialEq, Eq)]
pub enum Imported {
    /// A new report, by its id.
    New(i64),
    /// The complaint had been imported already (by an earlier round, or another replica now).
    Known,
}

/// Files `complaint` as a report of `viewer` (channel `national_sync`) and links the two, in one
/// transaction: the link's unique complaint id makes a second import fail whole, so a complaint
/// is one report whatever the retries and replicas. Its reporter's anonymity and secrecy become
/// the report's `anonymous` and `confidential`; an anonymous reporter's name is never kept.
pub fn import(
    conn: &mut DbConn,
    site: Site,
    viewer: &Viewer,
    complaint: &Complaint,
    fallback_region: &str,
) -> Result<Imported, ApiError> {
    let region = match complaint.location.as_deref() {
        Some(code) if known_place(conn, code)? => code.to_owned(),
        _ => fallback_region.to_owned(),
    };
    let body = as_report(complaint, region);
    body.validate()?;
    let filed = db::write_transaction(conn, |conn| {
        if !links::linked(conn, &[complaint.id])?.is_empty() {
            return Ok(Imported::Known);
        }
        let no_quota: &[Rule] = &[];
        let (Filed::New(report) | Filed::Replayed(report)) =
            filing::file(conn, (site, no_quota), viewer, &body, None)?;
        // Kept as an integrator's citizen is, for the coordinators — without the email or
        // phone an integrator must give: the national platform is how they are reached.
        if let Some(contact) = reporter(complaint) {
            store::reports::add_contact(conn, report.id, &contact)?;
        }
        links::insert_link(
            conn,
            &NewLink {
                report_id: report.id,
                complaint_id: Some(complaint.id),
                origin: IMPORTED,
                status_name: complaint.status.map(Status::name),
                synced_at: Some(store::now()),
                // Checked at once: follow-ups made before it was imported join the timeline.
                next_check_at: store::now(),
            },
        )?;
        Ok::<_, ApiError>(Imported::New(report.id))
    });
    match filed {
        Err(e) if e.code == ErrorCode::AlreadyExists => Ok(Imported::Known),
        other => other,
    }
}

/// Whether lapor knows `code` as a district or village (a report's place).
fn known_place(conn: &mut DbConn, code: &str) -> Result<bool, ApiError> {
    use lapor_types::reference::RegionLevel;
    Ok(store::regions::get(conn, code)?.is_some()
        && matches!(
            RegionLevel::of_code(code),
            Some(RegionLevel::District | RegionLevel::Village)
        ))
}

/// The report a complaint becomes: its words within lapor's bounds, with where it came from.
fn as_report(c: &Complaint, region_code: String) -> NewReport {
    let from = format!(
        "\n\n— Diterima dari SP4N-LAPOR! nasional, pengaduan {}.",
        c.id
    );
    let title = match c.title.trim().chars().count() {
        0..10 => format!("{} (LAPOR! {})", c.title.trim(), c.id),
        10..=150 => c.title.trim().to_owned(),
        _ => c.title.trim().chars().take(149).collect::<String>() + "…",
    };
    let room = 10_000 - from.chars().count();
    let body = c.content.trim().chars().take(room).collect::<String>() + &from;
    let today = store::now()
        .and_utc()
        .with_timezone(&map::ZONE)
        .date_naive();
    let incident_date = c
        .incident_date
        .unwrap_or_else(|| c.created_at.with_timezone(&map::ZONE).date_naive())
        .min(today);
    NewReport {
        kind: c.kind,
        title,
        body,
        incident_date,
        region_code,
        address: "Tidak disebutkan (dari LAPOR! nasional)".to_owned(),
        latitude: None,
        longitude: None,
        category_id: None,
        institution_id: None,
        anonymous: c.anonymous,
        confidential: c.secret,
        public_photos: false,
        channel: Some(Channel::NationalSync),
        on_behalf_of: None,
    }
}

/// The reporter as the national side names them (never an anonymous one: it does not).
fn reporter(c: &Complaint) -> Option<ReporterContact> {
    c.reporter_name
        .as_deref()
        .map(str::trim)
        .filter(|n| (2..=120).contains(&n.chars().count()))
        .map(|name| ReporterContact {
            name: name.to_owned(),
            email: None,
            phone: None,
        })
}

/// Takes what a check of `link` found into the report's timeline, in one transaction: each
/// national follow-up newer than those taken (except lapor's own, from `own_institution`) and a
/// change of status, each an event its audience hears of. Nothing new: the next check comes
/// later (`map::next_check`). Returns the events written.
pub fn take_news(
    conn: &mut DbConn,
    site: Site,
    link: &LinkRow,
    status: Option<Status>,
    followups: &[Followup],
    own_institution: i64,
) -> Result<usize, ApiError> {
    db::write_transaction(conn, |conn| {
        db::lock_row(conn, Locked::Report, link.report_id)?;
        // Another replica may have taken them meanwhile: its watermark counts.
        let Some(now_link) = links::link(conn, link.report_id)? else {
            return Ok(0);
        };
        let complaint_id = now_link.complaint_id;
        let mut events = Vec::new();
        let mut seen = now_link.followups_seen;
        let mut news: Vec<&Followup> = followups.iter().filter(|f| f.id > seen).collect();
        news.sort_by_key(|f| f.id);
        for f in news {
            seen = f.id;
            if f.institution_id == Some(own_institution) {
                continue;
            }
            let author = match f.author {
                map::Author::Reporter => "reporter",
                map::Author::Officer => "officer",
            };
            events.push((
                EventKind::NationalFollowup,
                json!({"complaint_id": complaint_id, "followup_id": f.id,
                       "author": author, "content": f.content}),
            ));
        }
        let name = status.map(Status::name);
        if let (Some(to), Some(from)) = (name, now_link.status_name.as_deref())
            && to != from
        {
            events.push((
                EventKind::NationalStatus,
                json!({"complaint_id": complaint_id, "from": from, "to": to}),
            ));
        }
        for (action, details) in &events {
            notify::record(
                conn,
                site,
                &NewEvent {
                    report_id: link.report_id,
                    actor_id: None,
                    action: *action,
                    from_status: None,
                    to_status: None,
                    details: details.clone(),
                },
            )?;
        }
        let now = store::now();
        let quiet = if events.is_empty() {
            now_link.quiet.saturating_add(1)
        } else {
            0
        };
        links::checked(
            conn,
            link.report_id,
            &Checked {
                status_name: name.or(now_link.status_name.as_deref()),
                followups_seen: seen,
                synced_at: now,
                next_check_at: now + map::next_check(quiet),
                quiet,
            },
        )?;
        Ok(events.len())
    })
}

/// The national complaint report `id` is linked to, for whoever may see the report (404 when
/// they may not, or it is not linked).
pub fn link(conn: &mut DbConn, viewer: &Viewer, id: i64) -> Result<NationalLink, ApiError> {
    visible(conn, viewer, id)?;
    links::link(conn, id)?
        .map(|l| l.to_wire())
        .ok_or_else(ApiError::not_found)
}

/// Keeps the national institutions and templates as fetched.
pub fn keep_masters(
    conn: &mut DbConn,
    institutions: &[map::Master],
    templates: &[map::Master],
    at: NaiveDateTime,
) -> Result<(), ApiError> {
    let rows = |m: &[map::Master]| -> Vec<(String, String)> {
        m.iter().map(|m| (m.key.clone(), m.name.clone())).collect()
    };
    db::write_transaction(conn, |conn| {
        links::replace_masters(conn, links::INSTITUTIONS, &rows(institutions))?;
        links::replace_masters(conn, links::TEMPLATES, &rows(templates))?;
        links::masters_fetched(conn, at)?;
        Ok::<_, ApiError>(())
    })
}

/// How long the masters are kept before they are fetched again.
pub const MASTERS_FOR: Duration = Duration::days(1);
