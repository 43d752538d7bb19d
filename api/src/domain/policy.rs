//! Who may do what, as pure functions of the caller and the target (no I/O), so every rule is
//! unit-tested here and handlers only ask.

use crate::auth::Viewer;
use crate::error::ApiError;
use lapor_types::reference::InstitutionKind;
use lapor_types::users::Role;

/// Whether `viewer` may manage an account with `role` in the institution at `institution_path`:
/// admins any; coordinators the coordinators and liaisons of their own subtree.
pub fn may_manage(viewer: &Viewer, role: Role, institution_path: Option<&str>) -> bool {
    match viewer.role {
        Role::Admin => true,
        Role::Coordinator => {
            matches!(role, Role::Coordinator | Role::Liaison)
                && institution_path.is_some_and(|p| viewer.covers(p))
        }
        _ => false,
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
        (Role::Reporter | Role::Integrator, _) => ReportScope::Own(viewer.id),
        (Role::Liaison, Some(path)) => ReportScope::Disposed {
            prefix: path.clone(),
        },
        _ => ReportScope::Nothing,
    }
}

/// Whether the viewer may know who filed a report: the reporter themself, coordinators and
/// admins always; everyone else only when the report is not anonymous.
pub fn may_see_reporter(viewer: &Viewer, reporter_id: i64, anonymous: bool) -> bool {
    viewer.id == reporter_id || matches!(viewer.role, Role::Admin | Role::Coordinator) || !anonymous
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

/// Verifying, holding, archiving and disposing are the coordinators' (and admins') work.
pub fn may_coordinate(viewer: &Viewer) -> Result<(), ApiError> {
    if matches!(viewer.role, Role::Admin | Role::Coordinator) {
        Ok(())
    } else {
        Err(ApiError::forbidden("only coordinators do this"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!(may_manage(&admin, Role::Admin, None));
        assert!(may_manage(&coord, Role::Liaison, Some("/1/5/9/")));
        assert!(may_manage(&coord, Role::Coordinator, Some("/1/5/")));
        assert!(!may_manage(&coord, Role::Liaison, Some("/1/6/")));
        assert!(!may_manage(&coord, Role::Admin, Some("/1/5/")));
        assert!(!may_manage(&coord, Role::Supervisor, Some("/1/5/")));
        assert!(!may_manage(&coord, Role::Reporter, None));
        assert!(!may_manage(&liaison, Role::Liaison, Some("/1/5/")));
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
    fn anonymous_reporters_are_known_only_to_themselves_and_coordinators() {
        let liaison = viewer(Role::Liaison, Some("/1/5/"));
        let supervisor = viewer(Role::Supervisor, Some("/1/"));
        assert!(!may_see_reporter(&liaison, 9, true));
        assert!(!may_see_reporter(&supervisor, 9, true));
        assert!(may_see_reporter(&liaison, 9, false));
        assert!(may_see_reporter(
            &viewer(Role::Coordinator, Some("/1/")),
            9,
            true
        ));
        assert!(
            may_see_reporter(&viewer(Role::Reporter, None), 1, true),
            "their own"
        );
        assert!(!may_see_reporter(&viewer(Role::Reporter, None), 9, true));
    }

    #[test]
    fn officers_need_an_institution_and_citizens_have_none() {
        assert!(check_role_institution(Role::Liaison, None).is_err());
        assert!(check_role_institution(Role::Liaison, Some(1)).is_ok());
        assert!(check_role_institution(Role::Reporter, Some(1)).is_err());
        assert!(check_role_institution(Role::Supervisor, None).is_ok());
    }
}
