//! Who may do what, as pure functions of the caller and the target (no I/O), so every rule is
//! unit-tested here and handlers only ask.

use crate::auth::Viewer;
use crate::error::ApiError;
use actix_web::http::Method;
use chrono::NaiveDateTime;
use lapor_types::integration::ApiScope;
use lapor_types::problem::ErrorCode;
use lapor_types::reference::InstitutionKind;
use lapor_types::reports::Channel;
use lapor_types::users::Role;

/// Whether `viewer` may create an account with `role` in the institution at `institution_path`:
/// admins any; coordinators the coordinators and liaisons of their own subtree.
pub fn may_create_account(viewer: &Viewer, role: Role, institution_path: Option<&str>) -> bool {
    match viewer.role {
        Role::Admin => true,
        Role::Coordinator => {
            matches!(role, Role::Coordinator | Role::Liaison)
                && institution_path.is_some_and(|p| viewer.covers(p))
        }
        _ => false,
    }
}

/// Whether `viewer` may change (rename, move, deactivate) an existing account with `role` at
/// `institution_path`: admins any; coordinators the liaisons of their subtree and the
/// coordinators of institutions *below* their own — never a peer or a superior, whose account
/// they could otherwise take over.
pub fn may_manage(viewer: &Viewer, role: Role, institution_path: Option<&str>) -> bool {
    match (viewer.role, role) {
        (Role::Admin, _) => true,
        (Role::Coordinator, Role::Liaison) => institution_path.is_some_and(|p| viewer.covers(p)),
        (Role::Coordinator, Role::Coordinator) => institution_path
            .is_some_and(|p| viewer.covers(p) && viewer.institution_path.as_deref() != Some(p)),
        _ => false,
    }
}

/// Setting another account's password is the admins' alone (a coordinator who could would sign
/// in as that officer); everyone changes their own through `POST /me/password`.
pub fn may_set_password(viewer: &Viewer) -> Result<(), ApiError> {
    match viewer.role {
        Role::Admin => Ok(()),
        _ => Err(ApiError::forbidden(
            "only admins set another account's password; its owner changes it themself",
        )),
    }
}

/// Officers belong to an institution; citizens to none.
pub fn check_role_institution(role: Role, institution_id: Option<i64>) -> Result<(), ApiError> {
    if role.needs_institution() && institution_id.is_none() {
        return Err(ApiError::field(
            "institution_id",
            "required",
            "coordinators and liaisons belong to an institution",
        ));
    }
    if role == Role::Reporter && institution_id.is_some() {
        return Err(ApiError::field(
            "institution_id",
            "not_allowed",
            "citizens do not belong to an institution",
        ));
    }
    Ok(())
}

/// Which reports a viewer may read.
#[derive(Debug, Clone, PartialEq)]
pub enum ReportScope {
    /// Admins.
    All,
    /// Coordinators and supervisors: reports of institutions whose path starts with this
    /// prefix, or disposed into it; a national institution's scope also takes the reports that
    /// found no institution (none named, none by category, none serving their region).
    Subtree { prefix: String, unaddressed: bool },
    /// Reporters and integrators: the reports they filed.
    Own(i64),
    /// An integrator limited to an institution (by its account or its API key): the reports it
    /// filed that are addressed within that subtree.
    OwnWithin { reporter: i64, prefix: String },
    /// Liaisons: reports with a disposition (not declined or recalled) to an institution whose
    /// path starts with this prefix — their unit and its sub-units.
    Disposed { prefix: String },
    /// Officers without an institution.
    Nothing,
    /// Everyone, signed in or not: the public feed — verified, not confidential, not archived.
    Public,
}

impl ReportScope {
    /// The name of the scope's statistics rollup: only the wide scopes have one (a citizen's
    /// or a unit's reports are few enough to count as they are).
    pub fn rollup_key(&self) -> Option<String> {
        match self {
            ReportScope::All => Some("all".to_owned()),
            ReportScope::Subtree {
                prefix,
                unaddressed,
            } => Some(format!("{prefix}{}", if *unaddressed { "+" } else { "" })),
            _ => None,
        }
    }

    /// The scope a rollup key names.
    pub fn of_rollup_key(key: &str) -> ReportScope {
        match key {
            "all" => ReportScope::All,
            _ => ReportScope::Subtree {
                prefix: key.trim_end_matches('+').to_owned(),
                unaddressed: key.ends_with('+'),
            },
        }
    }
}

pub fn report_scope(viewer: &Viewer) -> ReportScope {
    match (viewer.role, &viewer.institution_path) {
        (Role::Admin, _) => ReportScope::All,
        (Role::Coordinator | Role::Supervisor, Some(path)) => ReportScope::Subtree {
            unaddressed: viewer.institution_kind == Some(InstitutionKind::National),
            prefix: path.clone(),
        },
        (Role::Integrator, Some(path)) => ReportScope::OwnWithin {
            reporter: viewer.id,
            prefix: path.clone(),
        },
        (Role::Reporter | Role::Integrator, _) => ReportScope::Own(viewer.id),
        (Role::Liaison, Some(path)) => ReportScope::Disposed {
            prefix: path.clone(),
        },
        _ => ReportScope::Nothing,
    }
}

/// Whether the viewer may know who filed a report: the reporter themself, and for an anonymous
/// report only the coordinators of its own institution (`coordinates_report`) and admins — not
/// the units it is disposed to, their coordinators, or supervisors.
pub fn may_see_reporter(
    viewer: &Viewer,
    reporter_id: i64,
    anonymous: bool,
    report_institution: Option<&str>,
) -> bool {
    !anonymous || viewer.id == reporter_id || coordinates_report(viewer, report_institution)
}

/// A coordinator correcting a report at verification may make it more private, never less: an
/// anonymous or confidential report stays so unless its reporter gives that up themself.
pub fn check_privacy_correction(
    (anonymous, confidential): (bool, bool),
    (to_anonymous, to_confidential): (Option<bool>, Option<bool>),
) -> Result<(), ApiError> {
    for (field, was, to) in [
        ("anonymous", anonymous, to_anonymous),
        ("confidential", confidential, to_confidential),
    ] {
        if was && to == Some(false) {
            return Err(ApiError::field(
                field,
                "reporter_consent_needed",
                "only the reporter makes their report less private",
            ));
        }
    }
    Ok(())
}

/// Officers who work on a report they can see: coordinators, admins and (routed) liaisons —
/// not supervisors, who only read.
pub fn may_follow_up(viewer: &Viewer) -> Result<(), ApiError> {
    if matches!(viewer.role, Role::Admin | Role::Coordinator | Role::Liaison) {
        Ok(())
    } else {
        Err(ApiError::forbidden(
            "only officers handling the report do this",
        ))
    }
}

/// Whether the viewer coordinates a report whose own institution is at `report_institution`:
/// admins, and coordinators whose subtree covers that institution (for a report that found none,
/// the national coordinators). A coordinator who sees the report only through a disposition to
/// their unit does not.
pub fn coordinates_report(viewer: &Viewer, report_institution: Option<&str>) -> bool {
    match viewer.role {
        Role::Admin => true,
        Role::Coordinator => match report_institution {
            Some(path) => viewer.covers(path),
            None => viewer.institution_kind == Some(InstitutionKind::National),
        },
        _ => false,
    }
}

/// Verifying, holding, archiving, disposing and flagging a report are the work of its own
/// coordinators (`coordinates_report`).
pub fn may_coordinate(viewer: &Viewer, report_institution: Option<&str>) -> Result<(), ApiError> {
    match viewer.role {
        _ if coordinates_report(viewer, report_institution) => Ok(()),
        Role::Coordinator => Err(ApiError::forbidden(
            "only the coordinators of the report's own institution do this",
        )),
        _ => Err(ApiError::forbidden("only coordinators do this")),
    }
}

/// Recalling a disposition or extending its deadline as a coordinator: the report's own
/// coordinators, or a coordinator whose subtree covers the disposition's unit.
pub fn coordinates_disposition(
    viewer: &Viewer,
    unit: &str,
    report_institution: Option<&str>,
) -> bool {
    coordinates_report(viewer, report_institution)
        || (viewer.role == Role::Coordinator && viewer.covers(unit))
}

/// The institution subtree an officer's inbox and league table cover: all of it for admins
/// (`None`), their institution's subtree for coordinators, supervisors and liaisons; refused for
/// anyone else (and for an officer without an institution).
pub fn officer_subtree(viewer: &Viewer) -> Result<Option<String>, ApiError> {
    match (viewer.role, &viewer.institution_path) {
        (Role::Admin, _) => Ok(None),
        (Role::Coordinator | Role::Supervisor | Role::Liaison, Some(path)) => {
            Ok(Some(path.clone()))
        }
        _ => Err(ApiError::forbidden(
            "only officers of an institution see this",
        )),
    }
}

/// The accounts a user manager sees: every one for admins (`None`), their subtree's for
/// coordinators — none for a coordinator without an institution (`"-"` starts no path).
pub fn account_subtree(viewer: &Viewer) -> Option<String> {
    match viewer.role {
        Role::Admin => None,
        _ => Some(
            viewer
                .institution_path
                .clone()
                .unwrap_or_else(|| "-".into()),
        ),
    }
}

/// Internal notes are for the officers handling a report: coordinators, admins, liaisons — not
/// supervisors, reporters or integrators.
pub fn sees_notes(viewer: &Viewer) -> bool {
    matches!(viewer.role, Role::Admin | Role::Coordinator | Role::Liaison)
}

/// Whether the viewer may send a disposition to the institution at `path` — or divide its own
/// among the sub-units of the unit at `path`: admins anywhere, others within their subtree.
pub fn may_dispose_within(viewer: &Viewer, path: &str) -> bool {
    viewer.role == Role::Admin || viewer.covers(path)
}

/// Accepting, declining and completing a disposition to the unit at `unit`: admins, and the
/// liaisons of that unit or of a unit above it.
pub fn handles_disposition(viewer: &Viewer, unit: &str) -> bool {
    viewer.role == Role::Admin || (viewer.role == Role::Liaison && viewer.covers(unit))
}

/// Extending a disposition's deadline: those who coordinate it (`coordinates_disposition`) and
/// those who handle it (`handles_disposition`).
pub fn may_extend(viewer: &Viewer, unit: &str, report_institution: Option<&str>) -> bool {
    coordinates_disposition(viewer, unit, report_institution) || handles_disposition(viewer, unit)
}

/// Recalling a disposition: those who coordinate it, and for a sub-disposition the liaisons of
/// the unit that divided its own (`dividing_unit`).
pub fn may_recall(
    viewer: &Viewer,
    unit: &str,
    report_institution: Option<&str>,
    dividing_unit: Option<&str>,
) -> bool {
    coordinates_disposition(viewer, unit, report_institution)
        || dividing_unit.is_some_and(|u| viewer.role == Role::Liaison && viewer.covers(u))
}

/// The units a public response answers for: a liaison's own subtree (its dispositions there
/// count as responded); nobody's for other roles.
pub fn responding_unit(viewer: &Viewer) -> Option<&str> {
    match viewer.role {
        Role::Liaison => viewer.institution_path.as_deref(),
        _ => None,
    }
}

/// Citizens file on the web or the mobile app; the other channels (SMS, WhatsApp, phone, walk-in,
/// email, national) are the integrators'.
pub fn may_file_through(viewer: &Viewer, channel: Channel) -> bool {
    viewer.role != Role::Reporter || citizens_channel(channel)
}

/// The citizens' own channels: the web and the mobile app.
pub fn citizens_channel(channel: Channel) -> bool {
    matches!(channel, Channel::Web | Channel::Mobile)
}

/// Whether the caller's filings count against the filing quota (`LAPOR_LIMIT_FILING`): a
/// citizen's do; an integrator's carry many citizens' reports.
pub fn counts_filings(viewer: &Viewer) -> bool {
    viewer.role == Role::Reporter
}

/// An integrator limited to an institution (through its account or its API key) files only
/// reports addressed within that subtree; everyone else may address any institution.
pub fn may_file_to(viewer: &Viewer, institution_path: Option<&str>) -> bool {
    match (viewer.role, &viewer.institution_path) {
        (Role::Integrator, Some(_)) => institution_path.is_some_and(|p| viewer.covers(p)),
        _ => true,
    }
}

/// Integrators file for the citizens who reached them by another channel than the citizens'
/// own, naming them (`on_behalf_of`); citizens file for themselves.
pub fn may_file_for_others(viewer: &Viewer, channel: Channel) -> bool {
    viewer.role == Role::Integrator && !citizens_channel(channel)
}

/// Which accounts may hold API keys: integrators, and the staff who read or work on reports
/// (supervisors, liaisons, coordinators). Not admins — a leaked admin key would be the whole
/// installation — and not citizens, who sign in.
pub fn may_hold_key(role: Role) -> bool {
    matches!(
        role,
        Role::Integrator | Role::Supervisor | Role::Liaison | Role::Coordinator
    )
}

/// Which account national sync files imported complaints as (`LAPOR_NATIONAL_ACCOUNT`): an
/// integrator, as for any citizen reached through another system — never staff, whose filings
/// would carry their institution's view, nor a citizen.
pub fn may_import_national(role: Role) -> bool {
    role == Role::Integrator
}

/// Whether a key of an account at `account_path` may be limited to the institution at
/// `key_path`: within the account's own subtree (an integrator belongs to none: any).
pub fn may_limit_key(account_path: Option<&str>, key_path: &str) -> bool {
    account_path.is_none_or(|mine| key_path.starts_with(mine))
}

/// Whether `viewer` may see and change a webhook that follows the account `owner` within the
/// institution at `hook_path` (none: unlimited): an admin (who sets webhooks up for
/// integrators), or the owner acting within it — a key limited to an institution manages only
/// the webhooks limited within that institution, never the account's wider ones. Never a
/// sibling unit's officer, and never another integrator.
pub fn may_manage_webhook(viewer: &Viewer, owner: i64, hook_path: Option<&str>) -> bool {
    let within = match viewer.institution_path.as_deref() {
        Some(mine) => hook_path.is_some_and(|path| path.starts_with(mine)),
        None => true,
    };
    manages_all_webhooks(viewer) || (viewer.id == owner && within)
}

/// Admins see and manage every account's webhooks; anyone else only their own.
pub fn manages_all_webhooks(viewer: &Viewer) -> bool {
    viewer.role == Role::Admin
}

/// Whether `viewer` may make a webhook that follows the account `owner` (of role
/// `owner_role`): an account that may hold keys makes its own; an admin makes them for such
/// accounts (not for itself: it would follow every report).
pub fn may_add_webhook(viewer: &Viewer, owner: i64, owner_role: Role) -> bool {
    may_hold_key(owner_role) && (viewer.id == owner || manages_all_webhooks(viewer))
}

/// What an API key needs to call a route (by its pattern as matched, e.g.
/// `/api/v1/reports/{id}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyAccess {
    /// Reference data and `GET /me`: any key.
    Any,
    Needs(ApiScope),
    /// Accounts, sessions, notifications, settings and API keys themselves: people only.
    Never,
}

pub fn key_access(method: &Method, pattern: &str) -> KeyAccess {
    let resource = pattern
        .strip_prefix("/api/v1/")
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_default();
    let read = method == Method::GET;
    match resource {
        "reports" | "dispositions" | "attachments" | "stats" if read => {
            KeyAccess::Needs(ApiScope::ReportsRead)
        }
        "reports" | "dispositions" | "attachments" => KeyAccess::Needs(ApiScope::ReportsWrite),
        "changes" => KeyAccess::Needs(ApiScope::ChangesRead),
        "webhooks" => KeyAccess::Needs(ApiScope::WebhooksManage),
        "categories" | "institutions" | "regions" | "holidays" | "sla-policies" if read => {
            KeyAccess::Any
        }
        "me" if read && pattern == "/api/v1/me" => KeyAccess::Any,
        _ => KeyAccess::Never,
    }
}

/// Whether a key with `scopes` may call the route: 403 `insufficient_scope` when not.
pub fn key_may(scopes: &[ApiScope], method: &Method, pattern: &str) -> Result<(), ApiError> {
    let refused = |detail: String| {
        ApiError::new(
            actix_web::http::StatusCode::FORBIDDEN,
            ErrorCode::InsufficientScope,
            detail,
        )
    };
    match key_access(method, pattern) {
        KeyAccess::Any => Ok(()),
        KeyAccess::Needs(scope) if scopes.contains(&scope) => Ok(()),
        KeyAccess::Needs(scope) => Err(refused(format!("this API key lacks the scope {scope}"))),
        KeyAccess::Never => Err(refused(
            "API keys cannot do this; sign in as a person".to_owned(),
        )),
    }
}

/// A file a public report's page shows: a photo its reporter uploaded themself before the report
/// was verified (with the filing the `public_photos` consent was given for), only when they gave
/// it. Officers' files and photos sent later with a reply (which may be private) never show.
pub fn photo_is_public(
    (reporter_id, public_photos, verified_at): (i64, bool, Option<NaiveDateTime>),
    (uploader_id, uploaded_at, content_type): (i64, NaiveDateTime, &str),
) -> bool {
    public_photos
        && uploader_id == reporter_id
        && content_type.starts_with("image/")
        && verified_at.is_some_and(|verified| uploaded_at <= verified)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_reach_only_what_their_scopes_name() {
        let read = [ApiScope::ReportsRead];
        for (method, pattern) in [
            (Method::GET, "/api/v1/reports"),
            (Method::GET, "/api/v1/reports/{id}/events"),
            (Method::GET, "/api/v1/dispositions"),
            (Method::GET, "/api/v1/stats/summary"),
            (Method::GET, "/api/v1/categories"),
            (Method::GET, "/api/v1/me"),
        ] {
            assert!(
                key_may(&read, &method, pattern).is_ok(),
                "{method} {pattern}"
            );
        }
        for (method, pattern) in [
            (Method::POST, "/api/v1/reports"),
            (Method::POST, "/api/v1/reports/{id}/followups"),
            (Method::POST, "/api/v1/dispositions/{id}/accept"),
            (Method::GET, "/api/v1/changes"),
            (Method::GET, "/api/v1/webhooks"),
            (Method::GET, "/api/v1/api-keys"),
            (Method::GET, "/api/v1/users"),
            (Method::GET, "/api/v1/notifications"),
            (Method::POST, "/api/v1/me/password"),
            (Method::DELETE, "/api/v1/me/sessions"),
            (Method::POST, "/api/v1/auth/logout"),
            (Method::POST, "/api/v1/categories"),
            (Method::DELETE, "/api/v1/holidays/{date}"),
        ] {
            let refused = key_may(&read, &method, pattern).unwrap_err();
            assert_eq!(
                refused.code,
                ErrorCode::InsufficientScope,
                "{method} {pattern}"
            );
        }
        let write = [ApiScope::ReportsWrite];
        assert!(key_may(&write, &Method::POST, "/api/v1/reports").is_ok());
        assert!(key_may(&write, &Method::GET, "/api/v1/reports").is_err());
        assert!(key_may(&[ApiScope::ChangesRead], &Method::GET, "/api/v1/changes").is_ok());
        let manage = [ApiScope::WebhooksManage];
        assert!(key_may(&manage, &Method::PATCH, "/api/v1/webhooks/{id}").is_ok());
        assert_eq!(
            key_access(&Method::GET, "/api/v1/api-keys"),
            KeyAccess::Never,
            "no scope reaches the keys themselves"
        );
    }

    #[test]
    fn only_an_integrator_files_national_imports() {
        assert!(may_import_national(Role::Integrator));
        for role in [
            Role::Admin,
            Role::Coordinator,
            Role::Liaison,
            Role::Supervisor,
            Role::Reporter,
        ] {
            assert!(!may_import_national(role), "{role:?}");
        }
    }

    #[test]
    fn keys_are_for_integrators_and_staff_within_their_subtree() {
        assert!(may_hold_key(Role::Integrator) && may_hold_key(Role::Supervisor));
        assert!(may_hold_key(Role::Liaison) && may_hold_key(Role::Coordinator));
        assert!(!may_hold_key(Role::Admin) && !may_hold_key(Role::Reporter));
        assert!(may_limit_key(Some("/1/5/"), "/1/5/9/"));
        assert!(may_limit_key(Some("/1/5/"), "/1/5/"));
        assert!(!may_limit_key(Some("/1/5/"), "/1/6/"), "a sibling unit");
        assert!(!may_limit_key(Some("/1/5/"), "/1/"), "a superior");
        assert!(
            may_limit_key(None, "/1/6/"),
            "an integrator belongs to no institution"
        );
    }

    #[test]
    fn a_limited_integrator_files_within_its_subtree() {
        let limited = viewer(Role::Integrator, Some("/1/5/"));
        assert!(may_file_to(&limited, Some("/1/5/9/")));
        assert!(!may_file_to(&limited, Some("/1/6/")), "a sibling unit");
        assert!(
            !may_file_to(&limited, None),
            "left to the coordinator: anywhere"
        );
        let free = viewer(Role::Integrator, None);
        assert!(may_file_to(&free, None) && may_file_to(&free, Some("/1/6/")));
        let citizen = viewer(Role::Reporter, None);
        assert!(may_file_to(&citizen, None));
        assert_eq!(
            report_scope(&limited),
            ReportScope::OwnWithin {
                reporter: 1,
                prefix: "/1/5/".into()
            },
            "and reads within it"
        );
        assert_eq!(report_scope(&free), ReportScope::Own(1));
        assert!(may_file_for_others(&free, Channel::Whatsapp));
        assert!(
            !may_file_for_others(&free, Channel::Web),
            "the citizens' own channel"
        );
        assert!(!may_file_for_others(&citizen, Channel::Sms));
        for officer in [
            Role::Coordinator,
            Role::Liaison,
            Role::Supervisor,
            Role::Admin,
        ] {
            assert!(!may_file_for_others(
                &viewer(officer, Some("/1/5/")),
                Channel::Sms
            ));
        }
    }

    #[test]
    fn webhooks_are_their_owners_and_admins_only() {
        let liaison = viewer(Role::Liaison, Some("/1/5/"));
        let own = Some("/1/5/");
        assert!(may_manage_webhook(&liaison, liaison.id, own));
        let sibling = Viewer {
            id: 2,
            institution_path: Some("/1/6/".into()),
            ..liaison.clone()
        };
        assert!(
            !may_manage_webhook(&sibling, liaison.id, own),
            "a sibling unit"
        );
        let coordinator = Viewer {
            id: 3,
            ..viewer(Role::Coordinator, Some("/1/"))
        };
        assert!(
            !may_manage_webhook(&coordinator, liaison.id, own),
            "not even the unit's coordinator"
        );
        let admin = Viewer {
            id: 4,
            ..viewer(Role::Admin, None)
        };
        assert!(may_manage_webhook(&admin, liaison.id, own));
        // An integrator's key limited to a unit manages only the webhooks limited within it.
        let integrator = Viewer {
            id: 8,
            ..viewer(Role::Integrator, None)
        };
        assert!(may_manage_webhook(&integrator, 8, None));
        assert!(may_manage_webhook(&integrator, 8, own));
        let limited = Viewer {
            id: 8,
            ..viewer(Role::Integrator, Some("/1/5/"))
        };
        assert!(
            !may_manage_webhook(&limited, 8, None),
            "not the account's wider one"
        );
        assert!(
            !may_manage_webhook(&limited, 8, Some("/1/")),
            "nor one above it"
        );
        assert!(may_manage_webhook(&limited, 8, Some("/1/5/9/")));
        assert!(may_add_webhook(&admin, liaison.id, Role::Liaison));
        assert!(
            !may_add_webhook(&admin, admin.id, Role::Admin),
            "not for itself"
        );
        assert!(
            !may_add_webhook(&admin, 9, Role::Reporter),
            "nor for a citizen"
        );
        assert!(may_add_webhook(&liaison, liaison.id, Role::Liaison));
        assert!(
            !may_add_webhook(&liaison, 7, Role::Integrator),
            "not for another"
        );
        let citizen = viewer(Role::Reporter, None);
        assert!(!may_add_webhook(&citizen, citizen.id, Role::Reporter));
    }

    fn viewer(role: Role, path: Option<&str>) -> Viewer {
        Viewer {
            id: 1,
            role,
            institution_id: path.map(|_| 5),
            institution_path: path.map(str::to_owned),
            institution_kind: path.map(|p| {
                if p == "/1/" {
                    InstitutionKind::National
                } else {
                    InstitutionKind::Unit
                }
            }),
        }
    }

    #[test]
    fn who_manages_whom() {
        let admin = viewer(Role::Admin, None);
        let coord = viewer(Role::Coordinator, Some("/1/5/"));
        let liaison = viewer(Role::Liaison, Some("/1/5/"));
        assert!(may_create_account(&admin, Role::Admin, None));
        assert!(may_create_account(&coord, Role::Liaison, Some("/1/5/9/")));
        assert!(may_create_account(&coord, Role::Coordinator, Some("/1/5/")));
        assert!(!may_create_account(&coord, Role::Liaison, Some("/1/6/")));
        assert!(!may_create_account(&coord, Role::Admin, Some("/1/5/")));
        assert!(!may_create_account(&coord, Role::Supervisor, Some("/1/5/")));
        assert!(!may_create_account(&coord, Role::Reporter, None));
        assert!(!may_create_account(&liaison, Role::Liaison, Some("/1/5/")));

        assert!(may_manage(&admin, Role::Coordinator, Some("/1/5/")));
        assert!(may_manage(&coord, Role::Liaison, Some("/1/5/")));
        assert!(
            may_manage(&coord, Role::Coordinator, Some("/1/5/9/")),
            "a sub-unit's"
        );
        assert!(
            !may_manage(&coord, Role::Coordinator, Some("/1/5/")),
            "a peer"
        );
        assert!(
            !may_manage(&coord, Role::Coordinator, Some("/1/")),
            "a superior"
        );
        assert!(
            !may_manage(&coord, Role::Liaison, Some("/1/6/")),
            "a sibling's"
        );
        assert!(!may_manage(&coord, Role::Supervisor, Some("/1/5/")));
        assert!(!may_manage(&liaison, Role::Liaison, Some("/1/5/")));

        assert!(may_set_password(&admin).is_ok());
        assert!(may_set_password(&coord).is_err());
    }

    #[test]
    fn only_a_reports_own_coordinators_coordinate_it() {
        let regency = viewer(Role::Coordinator, Some("/1/5/"));
        let health = viewer(Role::Coordinator, Some("/1/5/7/"));
        let national = viewer(Role::Coordinator, Some("/1/"));
        let liaison = viewer(Role::Liaison, Some("/1/5/"));
        assert!(coordinates_report(&regency, Some("/1/5/")));
        assert!(coordinates_report(&national, Some("/1/5/")));
        assert!(
            !coordinates_report(&health, Some("/1/5/")),
            "a sub-unit's coordinator"
        );
        assert!(!coordinates_report(&liaison, Some("/1/5/")));
        assert!(coordinates_report(&viewer(Role::Admin, None), None));
        assert!(coordinates_report(&national, None), "unaddressed reports");
        assert!(!coordinates_report(&regency, None));
        assert!(may_coordinate(&health, Some("/1/5/")).is_err());
        assert!(may_coordinate(&regency, Some("/1/5/")).is_ok());
    }

    #[test]
    fn a_sibling_units_coordinator_cannot_touch_another_units_disposition() {
        let health = viewer(Role::Coordinator, Some("/1/5/7/"));
        let regency = viewer(Role::Coordinator, Some("/1/5/"));
        // The public works unit's disposition of a report of the regency.
        assert!(!coordinates_disposition(&health, "/1/5/8/", Some("/1/5/")));
        assert!(coordinates_disposition(&regency, "/1/5/8/", Some("/1/5/")));
        assert!(
            coordinates_disposition(&health, "/1/5/7/", Some("/1/5/")),
            "its own unit's"
        );
        let liaison = viewer(Role::Liaison, Some("/1/5/7/"));
        assert!(!coordinates_disposition(&liaison, "/1/5/7/", Some("/1/5/")));
    }

    #[test]
    fn report_scopes() {
        assert_eq!(report_scope(&viewer(Role::Admin, None)), ReportScope::All);
        assert_eq!(
            report_scope(&viewer(Role::Coordinator, Some("/1/"))),
            ReportScope::Subtree {
                prefix: "/1/".into(),
                unaddressed: true
            }
        );
        assert_eq!(
            report_scope(&viewer(Role::Supervisor, Some("/1/5/"))),
            ReportScope::Subtree {
                prefix: "/1/5/".into(),
                unaddressed: false
            }
        );
        assert_eq!(
            report_scope(&viewer(Role::Reporter, None)),
            ReportScope::Own(1)
        );
        assert_eq!(
            report_scope(&viewer(Role::Liaison, Some("/1/5/"))),
            ReportScope::Disposed {
                prefix: "/1/5/".into()
            }
        );
        assert_eq!(
            report_scope(&viewer(Role::Liaison, None)),
            ReportScope::Nothing
        );
        assert_eq!(
            report_scope(&viewer(Role::Coordinator, None)),
            ReportScope::Nothing
        );
    }

    #[test]
    fn anonymous_reporters_are_known_only_to_themselves_and_their_coordinators() {
        let liaison = viewer(Role::Liaison, Some("/1/5/"));
        let supervisor = viewer(Role::Supervisor, Some("/1/"));
        let regency = Some("/1/5/");
        assert!(!may_see_reporter(&liaison, 9, true, regency));
        assert!(!may_see_reporter(&supervisor, 9, true, regency));
        assert!(may_see_reporter(&liaison, 9, false, regency));
        assert!(may_see_reporter(
            &viewer(Role::Coordinator, Some("/1/")),
            9,
            true,
            regency
        ));
        assert!(
            !may_see_reporter(
                &viewer(Role::Coordinator, Some("/1/5/7/")),
                9,
                true,
                regency
            ),
            "the coordinator of a unit the report is disposed to"
        );
        assert!(
            may_see_reporter(&viewer(Role::Reporter, None), 1, true, regency),
            "their own"
        );
        assert!(!may_see_reporter(
            &viewer(Role::Reporter, None),
            9,
            true,
            regency
        ));
    }

    #[test]
    fn coordinators_make_reports_more_private_never_less() {
        assert!(check_privacy_correction((false, false), (Some(true), Some(true))).is_ok());
        assert!(check_privacy_correction((true, true), (Some(true), None)).is_ok());
        let public = check_privacy_correction((true, false), (Some(false), None)).unwrap_err();
        assert_eq!(public.errors[0].field, "anonymous");
        assert!(check_privacy_correction((false, true), (None, Some(false))).is_err());
    }

    #[test]
    fn officers_need_an_institution_and_citizens_have_none() {
        assert!(check_role_institution(Role::Liaison, None).is_err());
        assert!(check_role_institution(Role::Liaison, Some(1)).is_ok());
        assert!(check_role_institution(Role::Reporter, Some(1)).is_err());
        assert!(check_role_institution(Role::Supervisor, None).is_ok());
    }

    #[test]
    fn which_photos_are_public() {
        let at = |h| {
            chrono::NaiveDate::from_ymd_opt(2026, 12, 1)
                .and_then(|d| d.and_hms_opt(h, 0, 0))
                .expect("a valid time")
        };
        let report = (7, true, Some(at(10)));
        assert!(photo_is_public(report, (7, at(9), "image/jpeg")));
        assert!(
            !photo_is_public((7, false, Some(at(10))), (7, at(9), "image/jpeg")),
            "without consent"
        );
        assert!(
            !photo_is_public(report, (8, at(9), "image/jpeg")),
            "an officer's"
        );
        assert!(
            !photo_is_public(report, (7, at(11), "image/jpeg")),
            "sent with a reply after verification"
        );
        assert!(
            !photo_is_public(report, (7, at(9), "application/pdf")),
            "not a photo"
        );
        assert!(
            !photo_is_public((7, true, None), (7, at(9), "image/jpeg")),
            "not verified"
        );
    }

    #[test]
    fn officers_see_their_subtree() {
        assert_eq!(officer_subtree(&viewer(Role::Admin, None)).ok(), Some(None));
        for role in [Role::Coordinator, Role::Supervisor, Role::Liaison] {
            assert_eq!(
                officer_subtree(&viewer(role, Some("/1/5/"))).ok(),
                Some(Some("/1/5/".into()))
            );
            assert!(officer_subtree(&viewer(role, None)).is_err(), "{role:?}");
        }
        for role in [Role::Reporter, Role::Integrator] {
            assert!(
                officer_subtree(&viewer(role, Some("/1/5/"))).is_err(),
                "{role:?}"
            );
        }
        assert_eq!(account_subtree(&viewer(Role::Admin, None)), None);
        assert_eq!(
            account_subtree(&viewer(Role::Coordinator, Some("/1/5/"))),
            Some("/1/5/".into())
        );
        assert_eq!(
            account_subtree(&viewer(Role::Coordinator, None)),
            Some("-".into()),
            "no institution: nobody"
        );
    }

    #[test]
    fn who_reads_internal_notes() {
        for role in [Role::Admin, Role::Coordinator, Role::Liaison] {
            assert!(sees_notes(&viewer(role, Some("/1/5/"))), "{role:?}");
        }
        for role in [Role::Supervisor, Role::Reporter, Role::Integrator] {
            assert!(!sees_notes(&viewer(role, Some("/1/5/"))), "{role:?}");
        }
    }

    #[test]
    fn who_handles_a_disposition() {
        let works = viewer(Role::Liaison, Some("/1/5/8/"));
        let health = viewer(Role::Liaison, Some("/1/5/7/"));
        let roads = "/1/5/8/12/";
        assert!(handles_disposition(&works, "/1/5/8/"));
        assert!(handles_disposition(&works, roads), "a unit below its own");
        assert!(!handles_disposition(&health, "/1/5/8/"), "a sibling unit");
        assert!(
            !handles_disposition(&viewer(Role::Liaison, Some(roads)), "/1/5/8/"),
            "the unit above"
        );
        assert!(handles_disposition(&viewer(Role::Admin, None), "/1/5/8/"));
        for role in [Role::Coordinator, Role::Supervisor, Role::Reporter] {
            assert!(
                !handles_disposition(&viewer(role, Some("/1/5/8/")), "/1/5/8/"),
                "{role:?}"
            );
        }
        // Disposing and dividing: within one's own subtree.
        assert!(may_dispose_within(&works, roads));
        assert!(!may_dispose_within(&health, roads), "a sibling's sub-unit");
        assert!(may_dispose_within(&viewer(Role::Admin, None), roads));
    }

    #[test]
    fn who_extends_and_recalls() {
        let works = viewer(Role::Liaison, Some("/1/5/8/"));
        let health = viewer(Role::Liaison, Some("/1/5/7/"));
        let regency = viewer(Role::Coordinator, Some("/1/5/"));
        assert!(may_extend(&works, "/1/5/8/", Some("/1/5/")));
        assert!(
            !may_extend(&health, "/1/5/8/", Some("/1/5/")),
            "a sibling unit"
        );
        assert!(may_extend(&regency, "/1/5/8/", Some("/1/5/")));
        assert!(!may_extend(
            &viewer(Role::Supervisor, Some("/1/5/")),
            "/1/5/8/",
            Some("/1/5/")
        ));
        // A sub-disposition of public works to its roads unit.
        assert!(may_recall(
            &works,
            "/1/5/8/12/",
            Some("/1/5/"),
            Some("/1/5/8/")
        ));
        assert!(!may_recall(
            &health,
            "/1/5/8/12/",
            Some("/1/5/"),
            Some("/1/5/8/")
        ));
        assert!(
            !may_recall(&works, "/1/5/8/", Some("/1/5/"), None),
            "its own, undivided"
        );
        assert!(may_recall(&regency, "/1/5/8/", Some("/1/5/"), None));
    }

    #[test]
    fn filing_channels_and_quotas() {
        let citizen = viewer(Role::Reporter, None);
        let integrator = viewer(Role::Integrator, None);
        assert!(
            may_file_through(&citizen, Channel::Web) && may_file_through(&citizen, Channel::Mobile)
        );
        assert!(!may_file_through(&citizen, Channel::Sms));
        assert!(may_file_through(&integrator, Channel::Sms));
        assert!(counts_filings(&citizen) && !counts_filings(&integrator));
        assert_eq!(
            responding_unit(&viewer(Role::Liaison, Some("/1/5/8/"))),
            Some("/1/5/8/")
        );
        assert_eq!(
            responding_unit(&viewer(Role::Coordinator, Some("/1/5/"))),
            None
        );
    }

    /// Every "may X do Y" about a role is a function here: no other module compares roles
    /// (the request extractors of `auth/extract.rs` only name the roles each one admits).
    #[test]
    fn no_role_check_lives_outside_the_policy() {
        fn sources(dir: &std::path::Path, found: &mut Vec<std::path::PathBuf>) {
            for entry in std::fs::read_dir(dir).expect("the source tree").flatten() {
                let path = entry.path();
                if path.is_dir() {
                    sources(&path, found);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    found.push(path);
                }
            }
        }
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        sources(&root, &mut files);
        let allowed = [root.join("domain/policy.rs"), root.join("auth/extract.rs")];
        let checks = [
            ".role ==",
            ".role !=",
            "matches!(viewer.role",
            "match viewer.role",
            "match (viewer.role",
        ];
        let mut found = Vec::new();
        for file in files.iter().filter(|f| !allowed.contains(f)) {
            let text = std::fs::read_to_string(file).expect("a source file");
            for (n, line) in text.lines().enumerate() {
                let code = line.split("//").next().unwrap_or_default();
                if checks.iter().any(|c| code.contains(c)) {
                    found.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
                }
            }
        }
        assert!(
            files.len() > 50,
            "the walk found the sources: {}",
            files.len()
        );
        assert!(
            found.is_empty(),
            "role checks outside domain/policy.rs:\n{}",
            found.join("\n")
        );
    }
}
