//! Filing a report: by a citizen on the web or the app, or by an integrator for a citizen who
//! reached another channel; with an `Idempotency-Key`, a retry answers the report the first try
//! filed (docs/REPORTS.md).

use crate::auth::Viewer;
use crate::db::DbConn;
use crate::domain::deadlines::Subject;
use crate::domain::{policy, tracking};
use crate::error::ApiError;
use crate::limits::Rule;
use crate::state::Site;
use crate::store;
use crate::store::reports::{self as store_reports, NewEvent};
use crate::workflow::reports::{calendar, check_new_report, path_of, shown, visible};
use lapor_types::problem::ErrorCode;
use lapor_types::reports::{Channel, EventKind, NewReport, Report, ReportStatus};
use serde_json::json;
use sha2::{Digest, Sha256};

/// What filing gave: a new report, or the one an earlier request with the same key filed.
pub enum Filed {
    New(Report),
    Replayed(Report),
}

/// Files `body` as the viewer's report, within their filing quota (`limits`), unless `key`
/// names an earlier filing of the same body (a different body under that key is refused). Two
/// requests with one key at once: the loser's insert of the key fails with `already_exists`
/// after the winner committed, so running it again answers the winner's report.
pub fn file(
    conn: &mut DbConn,
    (site, limits): (Site, &[Rule]),
    viewer: &Viewer,
    body: &NewReport,
    key: Option<&str>,
) -> Result<Filed, ApiError> {
    let channel = body.channel.unwrap_or(Channel::Web);
    // Other channels are the integrators' (officers never file: `Filer`).
    if !policy::may_file_through(viewer, channel) {
        return Err(ApiError::field(
            "channel",
            "not_allowed",
            "citizens file on web or mobile",
        ));
    }
    let hash = hex::encode(Sha256::digest(serde_json::to_vec(body).unwrap_or_default()));
    if let Some(key) = key
        && let Some((first_hash, id)) = store_reports::idempotent(conn, viewer.id, key)?
    {
        if first_hash != hash {
            return Err(ApiError::new(
                actix_web::http::StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::IdempotencyKeyReused,
                "this Idempotency-Key was used for a different report",
            ));
        }
        // Through the viewer's scope: a key limited to an institution does not get back what
        // another key of its account filed elsewhere.
        let row = visible(conn, viewer, id)?;
        return Ok(Filed::Replayed(shown(conn, viewer, &row)?));
    }
    if body.on_behalf_of.is_some() && !policy::may_file_for_others(viewer, channel) {
        return Err(ApiError::field(
            "on_behalf_of",
            "not_allowed",
            "only integrators file for other citizens, through a channel other than web or mobile",
        ));
    }
    if let Some(email) = body.on_behalf_of.as_ref().and_then(|c| c.email.as_ref())
        && !validator::ValidateEmail::validate_email(email)
    {
        return Err(ApiError::field(
            "on_behalf_of.email",
            "email",
            "must be an email address",
        ));
    }
    let institution_id = check_new_report(conn, body)?;
    let path = path_of(conn, institution_id)?;
    if !policy::may_file_to(viewer, path.as_deref()) {
        return Err(ApiError::field(
            "institution_id",
            "not_allowed",
            "this integrator files only to institutions within its own",
        ));
    }
    let now = store::now();
    if policy::counts_filings(viewer) {
        crate::db::lock_row(conn, crate::db::Locked::User, viewer.id)?;
        crate::limits::check_quota(limits, now, 1, |since| {
            store_reports::filed_since(conn, viewer.id, since)
        })?;
    }
    let verify = store::sla::policy(conn)?
        .periods(
            Subject {
                kind: body.kind,
                category_id: body.category_id,
                institution_path: path.as_deref(),
            },
            false,
        )
        .verify;
    let verify_due_at = calendar(conn, site.time_zone)?
        .due(now.and_utc(), verify)
        .naive_utc();
    let row = store_reports::insert(
        conn,
        &store_reports::NewReportRow {
            tracking_id: &tracking::generate(),
            kind: body.kind.as_str(),
            title: body.title.trim(),
            body: body.body.trim(),
            incident_date: body.incident_date,
            region_code: &body.region_code,
            address: body.address.trim(),
            latitude: body.latitude,
            longitude: body.longitude,
            category_id: body.category_id,
            institution_id,
            reporter_id: viewer.id,
            anonymous: body.anonymous,
            confidential: body.confidential,
            public_photos: body.public_photos,
            channel: channel.as_str(),
            status: ReportStatus::Submitted.as_str(),
            version: 1,
            verify_due_at: Some(verify_due_at),
            created_at: now,
            updated_at: now,
        },
    )?;
    store_reports::add_event(
        conn,
        &NewEvent {
            report_id: row.id,
            actor_id: Some(viewer.id),
            action: EventKind::Submitted,
            from_status: None,
            to_status: Some(ReportStatus::Submitted),
            details: json!({"channel": channel.as_str()}),
        },
    )?;
    if let Some(contact) = &body.on_behalf_of {
        store_reports::add_contact(conn, row.id, contact)?;
        // The citizen hears their tracking id by email, as one who files on the web sees it.
        if let Some(email) = &contact.email
            && site.email
        {
            let email = crate::store::users::normalize_email(email);
            crate::notify::receipt(conn, &email, &row.tracking_id)?;
        }
    }
    if let Some(key) = key {
        store_reports::remember_idempotent(conn, viewer.id, key, &hash, row.id)?;
    }
    Ok(Filed::New(shown(conn, viewer, &row)?))
}
