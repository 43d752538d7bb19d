//! Who hears of what. Every report event that someone should know about goes through
//! [`record`]: the event, the in-app notifications of the people it concerns and (with SMTP
//! configured) their queued emails are written in one transaction — the email leaves later, from
//! the outbox, never inside the request.
//!
//! Notifications carry the tracking id and what happened, never the report's text: an email
//! leaves our hands, and a confidential report's content must not.

use crate::db::DbConn;
use crate::error::ApiError;
use crate::state::Site;
use crate::store::reports::{self as store_reports, NewEvent, ReportRow};
use crate::store::{dispositions, institutions, notifications, outbox, users};
use lapor_types::reports::EventKind;
use lapor_types::users::Role;
use serde_json::{Value, json};

/// Writes `event` and tells whoever it concerns (never its actor).
pub fn record(conn: &mut DbConn, site: Site, event: &NewEvent) -> Result<(), ApiError> {
    store_reports::add_event(conn, event)?;
    let report = store_reports::get(conn, event.report_id)?;
    tell(
        conn,
        site,
        &report,
        event.action,
        &event.details,
        event.actor_id,
    )
}

/// Notifies the audience of `kind` (an event's action, or `deadline_approaching`) about `report`.
pub fn tell(
    conn: &mut DbConn,
    site: Site,
    report: &ReportRow,
    kind: EventKind,
    details: &Value,
    actor: Option<i64>,
) -> Result<(), ApiError> {
    let Some((id_text, en_text)) = describe(kind) else {
        return Ok(());
    };
    let audiences = audiences(kind, details);
    let mut people = Vec::new();
    for audience in &audiences {
        people.extend(members(conn, report, audience)?);
    }
    people.retain(|(id, _)| Some(*id) != actor);
    people.sort();
    people.dedup();
    // The citizen an integrator filed for has no inbox: only an email reaches them.
    let contact = if site.email
        && audiences.contains(&Audience::Reporter)
        && !crate::domain::policy::citizens_channel(report.channel)
    {
        store_reports::contacts(conn, &[report.id])?
            .remove(&report.id)
            .and_then(|c| c.email)
    } else {
        None
    };
    if people.is_empty() && contact.is_none() {
        return Ok(());
    }
    let mut shown = facts(details);
    shown["tracking_id"] = json!(report.tracking_id);
    shown["status"] = json!(report.status);
    let ids: Vec<i64> = people.iter().map(|(id, _)| *id).collect();
    notifications::insert_many(conn, &ids, report.id, kind, &shown)?;
    if site.email {
        let subject = format!("[LAPOR] {}: {id_text} / {en_text}", report.tracking_id);
        let body = format!(
            "Laporan {tracking}: {id_text}.\nReport {tracking}: {en_text}.\n\n\
             Buka LAPOR untuk rinciannya. / Open LAPOR for the details.\n",
            tracking = report.tracking_id
        );
        for email in people
            .iter()
            .map(|(_, email)| email)
            .chain(contact.as_ref())
        {
            outbox::insert(conn, email, &subject, &body)?;
        }
    }
    Ok(())
}

/// The facts of an event's details that may travel without its text: which institution and
/// disposition, which deadline stage and when (for notifications and the change feed).
pub fn facts(details: &Value) -> Value {
    let mut shown = json!({});
    for key in [
        "stage",
        "due_at",
        "institution",
        "institution_id",
        "disposition_id",
    ] {
        if let Some(value) = details.get(key) {
            shown[key] = value.clone();
        }
    }
    shown
}

/// The email that tells a citizen filed for by an integrator (who has no account to look in)
/// that their report arrived, with the tracking id that opens its public status page.
pub fn receipt(conn: &mut DbConn, email: &str, tracking_id: &str) -> Result<(), ApiError> {
    let subject = format!("[LAPOR] {tracking_id}: laporan diterima / report received");
    let body = format!(
        "Laporan Anda sudah kami terima. Nomor pelacakan: {tracking_id}.\n\
         Your report has been received. Tracking number: {tracking_id}.\n\n\
         Lacak di halaman Lacak Laporan situs LAPOR. / Track it on the LAPOR site's tracking page.\n"
    );
    outbox::insert(conn, email, &subject, &body)?;
    Ok(())
}

/// Tells a webhook's owner that lapor turned it off (`reason`: why, in both languages).
pub fn webhook_disabled(
    conn: &mut DbConn,
    email: &str,
    webhook_id: i64,
    url: &str,
    reason: (&str, &str),
) -> Result<(), ApiError> {
    let subject = format!("[LAPOR] Webhook {webhook_id} dimatikan / turned off");
    let body = format!(
        "Webhook {webhook_id} ({url}) dimatikan: {id_reason}. Perubahan tetap disimpan dan dikirim \
         setelah webhook diaktifkan lagi (PATCH active: true).\n\
         Webhook {webhook_id} ({url}) was turned off: {en_reason}. Changes are kept and sent once \
         it is turned on again (PATCH active: true).\n",
        id_reason = reason.0,
        en_reason = reason.1,
    );
    outbox::insert(conn, email, &subject, &body)?;
    Ok(())
}

/// The groups a notification of `kind` goes to.
#[derive(Debug, Clone, PartialEq)]
enum Audience {
    Reporter,
    /// Coordinators of the report's institution or an ancestor of it.
    Coordinators,
    Supervisors,
    /// Liaisons of these institutions.
    Units(Vec<i64>),
    /// Liaisons of the units the report is disposed to (pending, accepted or completed).
    HandlingUnits,
}

fn audiences(kind: EventKind, details: &Value) -> Vec<Audience> {
    use Audience::*;
    use EventKind as E;
    let unit = || details["institution_id"].as_i64().map(|id| Units(vec![id]));
    match kind {
        E::Verified
        | E::Held
        | E::Archived
        | E::FollowupResponse
        | E::FollowupInfoRequest
        | E::Resolved
        | E::AutoClosed
        | E::DeadlineExtended
        | E::InvestigationFlagged => vec![Reporter],
        E::Disposed => [Some(Reporter), unit()].into_iter().flatten().collect(),
        E::DispositionRecalled => unit().into_iter().collect(),
        E::DispositionDeclined | E::Returned => vec![Coordinators],
        E::FollowupReply | E::Disputed | E::NationalFollowup => {
            vec![HandlingUnits, Coordinators]
        }
        E::NationalStatus => vec![Coordinators],
        // A unit's response deadline is the unit's; resolution is every handling unit's;
        // verification is the coordinators'. Passed deadlines go up to the supervisors too.
        E::DeadlineApproaching | E::DeadlinePassed => {
            let handlers = match (unit(), details["stage"].as_str()) {
                (Some(unit), _) => unit,
                (None, Some("resolve")) => HandlingUnits,
                (None, _) => Coordinators,
            };
            let mut all = vec![handlers];
            if kind == E::DeadlinePassed {
                all.extend([Coordinators, Supervisors]);
            }
            all.dedup();
            all
        }
        // Seen on the timeline only: the actor's own doing, or nothing anyone must act on.
        E::Submitted
        | E::InvestigationCleared
        | E::DispositionAccepted
        | E::DispositionCompleted
        | E::FollowupNote
        | E::AttachmentAdded
        | E::Accepted => Vec::new(),
    }
}

/// What happened, in Indonesian and English, for email subjects and bodies (the web app words
/// in-app notifications itself, by `kind`); `None` for what nobody is told.
fn describe(kind: EventKind) -> Option<(&'static str, &'static str)> {
    use EventKind as E;
    Some(match kind {
        E::Verified => ("laporan diverifikasi", "report verified"),
        E::Held => ("petugas meminta informasi", "information requested"),
        E::Archived => ("laporan diarsipkan", "report archived"),
        E::Disposed => ("laporan didisposisikan", "report disposed"),
        E::FollowupResponse => ("ada tanggapan baru", "new response"),
        E::FollowupInfoRequest => ("petugas meminta informasi", "information requested"),
        E::Resolved => ("laporan selesai ditindaklanjuti", "report resolved"),
        E::AutoClosed => ("laporan ditutup otomatis", "report closed automatically"),
        E::DeadlineExtended => ("batas waktu diperpanjang", "deadline extended"),
        E::InvestigationFlagged => (
            "laporan memerlukan investigasi",
            "the report needs investigation",
        ),
        E::DispositionRecalled => ("disposisi ditarik", "disposition recalled"),
        E::DispositionDeclined => ("disposisi ditolak", "disposition declined"),
        E::Returned => ("laporan dikembalikan ke koordinator", "report returned"),
        E::FollowupReply => ("pelapor membalas", "the reporter replied"),
        E::Disputed => ("pelapor menyanggah penyelesaian", "the reporter disputed"),
        E::NationalFollowup => (
            "ada tindak lanjut di LAPOR! nasional",
            "a follow-up on the national LAPOR!",
        ),
        E::NationalStatus => (
            "status di LAPOR! nasional berubah",
            "the status changed on the national LAPOR!",
        ),
        E::DeadlineApproaching => ("batas waktu mendekat", "deadline approaching"),
        E::DeadlinePassed => ("batas waktu terlewati", "deadline passed"),
        E::Submitted
        | E::InvestigationCleared
        | E::DispositionAccepted
        | E::DispositionCompleted
        | E::FollowupNote
        | E::AttachmentAdded
        | E::Accepted => return None,
    })
}

/// The report's institution and its ancestors (from its path, `/1/5/`).
fn ancestors(conn: &mut DbConn, report: &ReportRow) -> Result<Vec<i64>, ApiError> {
    let Some(id) = report.institution_id else {
        return Ok(Vec::new());
    };
    Ok(institutions::get(conn, id)?
        .map(|i| i.path.split('/').filter_map(|p| p.parse().ok()).collect())
        .unwrap_or_default())
}

/// The active people of `audience` for `report`: (user id, email).
fn members(
    conn: &mut DbConn,
    report: &ReportRow,
    audience: &Audience,
) -> Result<Vec<(i64, String)>, ApiError> {
    Ok(match audience {
        Audience::Reporter => {
            let user = users::get(conn, report.reporter_id)?;
            if user.active {
                vec![(user.id, user.email)]
            } else {
                Vec::new()
            }
        }
        Audience::Coordinators => {
            let ids = ancestors(conn, report)?;
            notifications::members(conn, Role::Coordinator, &ids)?
        }
        Audience::Supervisors => {
            let ids = ancestors(conn, report)?;
            notifications::members(conn, Role::Supervisor, &ids)?
        }
        Audience::Units(ids) => notifications::members(conn, Role::Liaison, ids)?,
        Audience::HandlingUnits => {
            let open: Vec<i64> = dispositions::of_report(conn, report.id)?
                .iter()
                .filter(|d| crate::domain::lifecycle::counts(d.status))
                .map(|d| d.institution_id)
                .collect();
            notifications::members(conn, Role::Liaison, &open)?
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_notified_kind_has_words_and_an_audience() {
        let unit = json!({"institution_id": 4});
        // Words exactly for the kinds someone is told of.
        for &kind in EventKind::ALL {
            assert_eq!(
                describe(kind).is_some(),
                !audiences(kind, &unit).is_empty(),
                "{kind}"
            );
        }
        assert_eq!(describe(EventKind::AttachmentAdded), None);
        assert!(describe(EventKind::Disputed).is_some());
        assert_eq!(
            audiences(EventKind::DeadlinePassed, &json!({"stage": "verify"})),
            vec![Audience::Coordinators, Audience::Supervisors]
        );
        assert_eq!(
            audiences(EventKind::DeadlineApproaching, &unit),
            vec![Audience::Units(vec![4])]
        );
        assert_eq!(
            audiences(EventKind::DeadlinePassed, &json!({"stage": "resolve"})),
            vec![
                Audience::HandlingUnits,
                Audience::Coordinators,
                Audience::Supervisors
            ]
        );
    }
}
