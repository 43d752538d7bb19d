//! Who may do what, as pure functions of the caller and the target (no I/O), so every rule is
//! unit-tested here and handlers only ask.

use crate::auth::Viewer;
use crate::error::ApiError;
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

#[cfg(test)]
mod tests {
    use super::*;

    fn viewer(role: Role, path: Option<&str>) -> Viewer {
        Viewer {
            id: 1,
            role,
            institution_id: path.map(|_| 5),
            institution_path: path.map(str::to_owned),
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
    fn officers_need_an_institution_and_citizens_have_none() {
        assert!(check_role_institution(Role::Liaison, None).is_err());
        assert!(check_role_institution(Role::Liaison, Some(1)).is_ok());
        assert!(check_role_institution(Role::Reporter, Some(1)).is_err());
        assert!(check_role_institution(Role::Supervisor, None).is_ok());
    }
}
