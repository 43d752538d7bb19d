//! Reference data: institutions, regions, categories, holidays.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use validator::{Validate, ValidationError};

/// Where an institution stands in the tree: national → ministry/agency or regional government →
/// unit (OPD) → sub-unit (also `unit`).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum InstitutionKind {
    National,
    Ministry,
    Agency,
    RegionalGovernment,
    Unit,
}

impl InstitutionKind {
    pub const ALL: [InstitutionKind; 5] = [
        InstitutionKind::National,
        InstitutionKind::Ministry,
        InstitutionKind::Agency,
        InstitutionKind::RegionalGovernment,
        InstitutionKind::Unit,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            InstitutionKind::National => "national",
            InstitutionKind::Ministry => "ministry",
            InstitutionKind::Agency => "agency",
            InstitutionKind::RegionalGovernment => "regional_government",
            InstitutionKind::Unit => "unit",
        }
    }

    pub fn parse(s: &str) -> Option<InstitutionKind> {
        InstitutionKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Whether an institution of this kind may hang under a parent of `parent` kind (`None`: a
    /// root). A regional installation may have its regional government as the root.
    pub fn may_have_parent(self, parent: Option<InstitutionKind>) -> bool {
        use InstitutionKind::*;
        matches!(
            (self, parent),
            (National, None)
                | (
                    Ministry | Agency | RegionalGovernment,
                    None | Some(National)
                )
                | (Unit, Some(Ministry | Agency | RegionalGovernment | Unit))
        )
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Institution {
    pub id: i64,
    /// Short unique code, e.g. `DINKES-TNG`.
    pub code: String,
    pub name: String,
    pub kind: InstitutionKind,
    pub parent_id: Option<i64>,
    /// An inactive institution receives no new dispositions.
    pub active: bool,
    /// The area it serves (Kemendagri code), e.g. `36.03`: reports from there that name no
    /// institution come to it.
    pub region_code: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewInstitution {
    #[validate(custom(function = "validate_code"))]
    pub code: String,
    #[validate(length(min = 2, max = 200))]
    pub name: String,
    pub kind: InstitutionKind,
    #[serde(default)]
    pub parent_id: Option<i64>,
    /// The area it serves, e.g. `36.03`.
    #[validate(length(min = 2, max = 13))]
    #[serde(default)]
    pub region_code: Option<String>,
}

/// Changes to an institution; absent fields stay as they are. Moving it (`parent_id`) moves its
/// whole subtree.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct InstitutionPatch {
    #[validate(custom(function = "validate_code"))]
    #[serde(default)]
    pub code: Option<String>,
    #[validate(length(min = 2, max = 200))]
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub active: Option<bool>,
    #[serde(default)]
    pub parent_id: Option<i64>,
    /// `null` clears the area.
    #[validate(length(min = 2, max = 13))]
    #[serde(default, deserialize_with = "crate::double_option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub region_code: Option<Option<String>>,
}

/// Query of `GET /institutions`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct InstitutionQuery {
    /// Only the direct children of this institution.
    pub parent_id: Option<i64>,
    pub kind: Option<InstitutionKind>,
    pub active: Option<bool>,
    /// Part of the name or code, case-insensitive.
    #[validate(length(min = 1, max = 100))]
    pub q: Option<String>,
    pub cursor: Option<String>,
    /// 1–100, default 50.
    #[validate(range(min = 1, max = 100))]
    pub limit: Option<i64>,
}

/// Administrative level of a region.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RegionLevel {
    Province,
    Regency,
    District,
    Village,
}

impl RegionLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            RegionLevel::Province => "province",
            RegionLevel::Regency => "regency",
            RegionLevel::District => "district",
            RegionLevel::Village => "village",
        }
    }

    /// The level follows from the shape of a Kemendagri code: `36`, `36.03`, `36.03.18`,
    /// `36.03.18.2001`.
    pub fn of_code(code: &str) -> Option<RegionLevel> {
        let parts: Vec<&str> = code.split('.').collect();
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        let ok = match parts.len() {
            1 => digits(parts[0], 2),
            2 => digits(parts[0], 2) && digits(parts[1], 2),
            3 => digits(parts[0], 2) && digits(parts[1], 2) && digits(parts[2], 2),
            4 => {
                digits(parts[0], 2)
                    && digits(parts[1], 2)
                    && digits(parts[2], 2)
                    && digits(parts[3], 4)
            }
            _ => false,
        };
        if !ok {
            return None;
        }
        [
            RegionLevel::Province,
            RegionLevel::Regency,
            RegionLevel::District,
            RegionLevel::Village,
        ]
        .get(parts.len() - 1)
        .copied()
    }
}

/// A region with its Kemendagri code.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Region {
    /// e.g. `36.03.18.2001`.
    pub code: String,
    pub name: String,
    pub level: RegionLevel,
    /// `null` for provinces.
    pub parent_code: Option<String>,
}

/// Query of `GET /regions`. Without `parent` and `q` it lists the provinces.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct RegionQuery {
    /// Only the direct children of this region, e.g. `36.03` for the districts of Kabupaten
    /// Tangerang.
    #[validate(length(min = 2, max = 13))]
    pub parent: Option<String>,
    /// Part of the name, case-insensitive.
    #[validate(length(min = 1, max = 100))]
    pub q: Option<String>,
    pub level: Option<RegionLevel>,
    pub cursor: Option<String>,
    /// 1–100, default 50.
    #[validate(range(min = 1, max = 100))]
    pub limit: Option<i64>,
}

/// A report category; `default_institution_id` is where reports of this category go when the
/// reporter names no institution.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Category {
    pub id: i64,
    pub name: String,
    pub parent_id: Option<i64>,
    pub default_institution_id: Option<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewCategory {
    #[validate(length(min = 2, max = 120))]
    pub name: String,
    #[serde(default)]
    pub parent_id: Option<i64>,
    #[serde(default)]
    pub default_institution_id: Option<i64>,
}

/// Changes to a category; absent fields stay as they are, `null` clears.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CategoryPatch {
    #[validate(length(min = 2, max = 120))]
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "crate::double_option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub parent_id: Option<Option<i64>>,
    #[serde(default, deserialize_with = "crate::double_option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub default_institution_id: Option<Option<i64>>,
}

/// Query of `GET /categories`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct CategoryQuery {
    /// Only the direct children of this category.
    pub parent_id: Option<i64>,
    pub cursor: Option<String>,
    /// 1–100, default 100.
    #[validate(range(min = 1, max = 100))]
    pub limit: Option<i64>,
}

/// A day off: a national holiday or declared collective leave (cuti bersama).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Holiday {
    pub date: NaiveDate,
    #[validate(length(min = 2, max = 120))]
    pub name: String,
}

/// Query of `GET /holidays`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct HolidayQuery {
    /// Only this calendar year.
    #[validate(range(min = 1900, max = 2999))]
    pub year: Option<i32>,
    pub cursor: Option<String>,
    /// 1–100, default 100.
    #[validate(range(min = 1, max = 100))]
    pub limit: Option<i64>,
}

/// Institution codes: 1–32 letters, digits, `.`, `_` or `-`.
pub fn validate_code(code: &str) -> Result<(), ValidationError> {
    if code.is_empty() {
        return Err(ValidationError::new("required").with_message("required".into()));
    }
    let ok = (1..=32).contains(&code.len())
        && code
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
    if ok {
        Ok(())
    } else {
        Err(ValidationError::new("code")
            .with_message("must be 1–32 letters, digits, '.', '_' or '-'".into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_levels_follow_the_code_shape() {
        assert_eq!(RegionLevel::of_code("36"), Some(RegionLevel::Province));
        assert_eq!(RegionLevel::of_code("36.03"), Some(RegionLevel::Regency));
        assert_eq!(
            RegionLevel::of_code("36.03.18"),
            Some(RegionLevel::District)
        );
        assert_eq!(
            RegionLevel::of_code("36.03.18.2001"),
            Some(RegionLevel::Village)
        );
        for bad in [
            "",
            "3",
            "36.3",
            "36.03.18.201",
            "36.03.18.2001.1",
            "ab.cd",
            "36..03",
        ] {
            assert_eq!(RegionLevel::of_code(bad), None, "{bad}");
        }
    }

    #[test]
    fn institution_tree_rules() {
        use InstitutionKind::*;
        assert!(National.may_have_parent(None));
        assert!(!National.may_have_parent(Some(National)));
        assert!(RegionalGovernment.may_have_parent(None));
        assert!(Ministry.may_have_parent(Some(National)));
        assert!(!Agency.may_have_parent(Some(Unit)));
        assert!(Unit.may_have_parent(Some(RegionalGovernment)));
        assert!(Unit.may_have_parent(Some(Unit)));
        assert!(!Unit.may_have_parent(None));
        assert!(!Unit.may_have_parent(Some(National)));
    }

    #[test]
    fn institution_codes() {
        assert!(validate_code("DINKES-TNG").is_ok());
        assert!(validate_code("36.03_pupr").is_ok());
        assert!(validate_code("").is_err());
        assert!(validate_code("with space").is_err());
        assert!(validate_code(&"X".repeat(33)).is_err());
    }
}
