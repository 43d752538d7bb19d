//! Accounts and their roles.

use serde::{Deserialize, Serialize};
use validator::{Validate, ValidationError};

wire_enum!(
    /// What an account may do (docs/SECURITY.md, "Who may do what").
    Role {
        Reporter = "reporter",
        Coordinator = "coordinator",
        Liaison = "liaison",
        Supervisor = "supervisor",
        Admin = "admin",
        Integrator = "integrator",
    }
);

impl Role {
    /// Coordinators and liaisons act for an institution and must belong to one.
    pub fn needs_institution(self) -> bool {
        matches!(self, Role::Coordinator | Role::Liaison)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct User {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub phone: Option<String>,
    pub role: Role,
    /// The institution an officer belongs to; `null` for citizens and national accounts.
    pub institution_id: Option<i64>,
    /// A deactivated account cannot sign in.
    pub active: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewUser {
    #[validate(
        length(min = 2, max = 120),
        custom(function = "crate::users::not_blank")
    )]
    pub name: String,
    #[validate(email, length(max = 254))]
    pub email: String,
    #[validate(custom(function = "validate_phone"))]
    #[serde(default)]
    pub phone: Option<String>,
    pub role: Role,
    #[serde(default)]
    pub institution_id: Option<i64>,
    #[validate(
        length(min = 8, max = 128),
        custom(function = "crate::users::validate_password")
    )]
    pub password: String,
}

/// Changes to an account; absent fields stay as they are.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UserPatch {
    #[validate(
        length(min = 2, max = 120),
        custom(function = "crate::users::not_blank")
    )]
    #[serde(default)]
    pub name: Option<String>,
    /// `null` removes the phone number. (Left out when unchanged: a client that sent `null`
    /// for "unchanged" would remove it.)
    #[validate(custom(function = "validate_phone"))]
    #[serde(
        default,
        deserialize_with = "crate::double_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub phone: Option<Option<String>>,
    #[serde(default)]
    pub role: Option<Role>,
    /// `null` detaches the account from its institution (left out when unchanged, as above: the
    /// admin screen's "deactivate" used to send `null` and was refused for every officer).
    #[serde(
        default,
        deserialize_with = "crate::double_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub institution_id: Option<Option<i64>>,
    #[serde(default)]
    pub active: Option<bool>,
    /// A new password; signs the account out everywhere.
    #[validate(
        length(min = 8, max = 128),
        custom(function = "crate::users::validate_password")
    )]
    #[serde(default)]
    pub password: Option<String>,
}

/// Query of `GET /users`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct UserQuery {
    pub role: Option<Role>,
    pub institution_id: Option<i64>,
    /// Part of the name or email, case-insensitive.
    #[validate(length(min = 1, max = 100))]
    pub q: Option<String>,
    pub cursor: Option<String>,
    /// 1–100, default 50.
    #[validate(range(min = 1, max = 100))]
    pub limit: Option<i64>,
}

/// An Indonesian phone number: digits with an optional leading `+`, 8–16 digits.
pub fn validate_phone(phone: &str) -> Result<(), ValidationError> {
    let digits = phone.strip_prefix('+').unwrap_or(phone);
    if (8..=16).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(ValidationError::new("phone")
            .with_message("must be 8–16 digits, optionally after +".into()))
    }
}

/// A password chosen: not only spaces (its length is the `length` rule's).
pub fn validate_password(password: &str) -> Result<(), ValidationError> {
    not_blank(password)
}

/// Text that is stored trimmed (a name): not only spaces.
pub fn not_blank(text: &str) -> Result<(), ValidationError> {
    if text.trim().is_empty() {
        Err(ValidationError::new("blank").with_message("must not be only spaces".into()))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A patch says only what changes: an unchanged unit or phone is left out, not `null`
    /// (which detaches or removes); a `null` sent still reads as detaching.
    #[test]
    fn patches_leave_out_what_is_unchanged() {
        let deactivate = UserPatch {
            active: Some(false),
            ..UserPatch::default()
        };
        let sent = serde_json::to_value(&deactivate).unwrap();
        assert!(
            sent.get("institution_id").is_none() && sent.get("phone").is_none(),
            "{sent}"
        );
        let detach: UserPatch = serde_json::from_str(r#"{"institution_id": null}"#).unwrap();
        assert_eq!(detach.institution_id, Some(None));
    }

    #[test]
    fn phone_numbers() {
        assert!(validate_phone("+6281234567890").is_ok());
        assert!(validate_phone("081234567").is_ok());
        assert!(validate_phone("0812-345").is_err());
        assert!(validate_phone("+").is_err());
        assert!(validate_phone("12345678901234567").is_err());
    }

    #[test]
    fn roles_round_trip_through_their_wire_names() {
        for &role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
            let json = serde_json::to_string(&role).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", role.as_str()));
        }
        assert_eq!(Role::parse("root"), None);
    }

    #[test]
    fn patch_tells_absent_from_null() {
        let absent: UserPatch = serde_json::from_str("{}").unwrap_or_default();
        assert_eq!(absent.phone, None);
        let cleared: UserPatch = serde_json::from_str(r#"{"phone":null}"#).unwrap_or_default();
        assert_eq!(cleared.phone, Some(None));
    }
}
