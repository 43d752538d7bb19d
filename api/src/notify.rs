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
    kind: &str,
    details: &Value,
    actor: Option<i64>,
) -> Result<(), ApiError> {
    let Some((id_text, en_text)) = describe(kind) else {
        return Ok(());
    };
    let mut people = Vec::new();
    for audience in audiences(kind, details) {
        people.extend(members(conn, report, audience)?);
    }
    people.retain(|(id, _)| Some(*id) != actor);
    people.sort();
    people.dedup();
    if people.is_empty() {
        return Ok(());
    }
    let mut shown = json!({"tracking_id": report.tracking_id, "status": report.status});
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
    let ids: Vec<i64> = people.iter().map(|(id, _)| *id).collect();
    notifications::insert_many(conn, &ids, report.id, kind, &shown)?;
    if site.email {
        let subject = format!("[LAPOR] {}: {id_text} / {en_text}", report.tracking_id);
        let body = format!(
            "Laporan {tracking}: {id_text}.\nReport {tracking}: {en_text}.\n\n\
             Buka LAPOR untuk rinciannya. / Open LAPOR for the details.\n",
            tracking = report.tracking_id
        );
        for (_, email) in &people {
            outbox::insert(conn, email, &subject, &body)?;
        }
    }
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

fn audiences(kind: &str, details: &Value) -> Vec<Audience> {
    use Audience::*;
    let unit = || details["institution_id"].as_i64().map(|id| Units(vec![id]));
    match kind {
        "verified"
        | "held"
        | "archived"
        | "followup_response"
        | "followup_info_request"
        | "resolved"
        | "auto_closed"
        | "deadline_extended"
        | "investigation_flagged" => vec![Reporter],
        "disposed" => [Some(Reporter), unit()].into_iter().flatten().collect(),
        "disposition_recalled" => unit().into_iter().collect(),
        "disposition_declined" | "returned" => vec![Coordinators],
        "followup_reply" | "disputed" => vec![HandlingUnits, Coordinators],
        // A unit's response deadline is the unit's; resolution is every handling unit's;
        // verification is the coordinators'. Passed deadlines go up to the supervisors too.
        "deadline_approaching" | "deadline_passed" => {
            let handlers = match (unit(), details["stage"].as_str()) {
                (Some(unit), _) => unit,
                (None, Some("resolve")) => HandlingUnits,
                (None, _) => Coordinators,
            };
            let mut all = vec![handlers];
            if kind == "deadline_passed" {
                all.extend([Coordinators, Supervisors]);
            }
            all.dedup();
            all
        }
        _ => Vec::new(),
    }
}

/// What happened, in Indonesian and English, for email subjects and bodies (the web app words
/// in-app notifications itself, by `kind`).
fn describe(kind: &str) -> Option<(&'static str, &'static str)> {
    Some(match kind {
        "verified" => ("laporan diverifikasi", "report verified"),
        "held" => ("petugas meminta informasi", "information requested"),
        "archived" => ("laporan diarsipkan", "report archived"),
        "disposed" => ("laporan didisposisikan", "report disposed"),
        "followup_response" => ("ada tanggapan baru", "new response"),
        "followup_info_request" => ("petugas meminta informasi", "information requested"),
        "resolved" => ("laporan selesai ditindaklanjuti", "report resolved"),
        "auto_closed" => ("laporan ditutup otomatis", "report closed automatically"),
        "deadline_extended" => ("batas waktu diperpanjang", "deadline extended"),
        "investigation_flagged" => (
            "laporan memerlukan investigasi",
            "the report needs investigation",
        ),
        "disposition_recalled" => ("disposisi ditarik", "disposition recalled"),
        "disposition_declined" => ("disposisi ditolak", "disposition declined"),
        "returned" => ("laporan dikembalikan ke koordinator", "report returned"),
        "followup_reply" => ("pelapor membalas", "the reporter replied"),
        "disputed" => ("pelapor menyanggah penyelesaian", "the reporter disputed"),
        "deadline_approaching" => ("batas waktu mendekat", "deadline approaching"),
        "deadline_passed" => ("batas waktu terlewati", "deadline passed"),
        _ => return None,
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
    audience: Audience,
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
        Audience::Units(ids) => notifications::members(conn, Role::Liaison, &ids)?,
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
        for kind in [
            "verified",
            "held",
            "archived",
            "disposed",
            "followup_response",
            "followup_info_request",
            "resolved",
            "auto_closed",
            "deadline_extended",
            "investigation_flagged",
            "disposition_recalled",
            "disposition_declined",
            "returned",
            "followup_reply",
            "disputed",
            "deadline_approaching",
            "deadline_passed",
        ] {
            assert!(describe(kind).is_some(), "{kind}");
            assert!(!audiences(kind, &unit).is_empty(), "{kind}");
        }
        assert_eq!(describe("attachment_added"), None);
        assert_eq!(
            audiences("deadline_passed", &json!({"stage": "verify"})),
            vec![Audience::Coordinators, Audience::Supervisors]
        );
        assert_eq!(
            audiences("deadline_approaching", &unit),
            vec![Audience::Units(vec![4])]
        );
        assert_eq!(
            audiences("deadline_passed", &json!({"stage": "resolve"})),
            vec![
                Audience::HandlingUnits,
                Audience::Coordinators,
                Audience::Supervisors
            ]
        );
    }
}
