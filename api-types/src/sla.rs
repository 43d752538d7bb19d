//! The SLA policy (docs/DEADLINES.md), the "needs investigation" flag and extensions.

use crate::reports::ReportKind;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use validator::Validate;

wire_enum!(
    /// What a rule times: verification and disposition by the coordinator, a unit's first
    /// response, resolution, resolution of a report that needs investigation, and the
    /// reporter's reply window after resolution.
    SlaStage {
        Verify = "verify",
        FirstResponse = "first_response",
        Resolve = "resolve",
        Investigation = "investigation",
        Feedback = "feedback",
    }
);

wire_enum!(
    /// Working days (Mon–Fri minus holidays, each ending at midnight), working hours (08:00–16:00
    /// on working days) or plain hours (e.g. "2 × 24 hours").
    SlaUnit {
        WorkingDays = "working_days",
        WorkingHours = "working_hours",
        Hours = "hours",
    }
);

/// One rule. A stage's period is the most specific rule's: one naming the category beats one
/// naming the institution (or an ancestor of it; the nearest wins), which beats one naming only
/// the kind, which beats the stage's default.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SlaPolicy {
    pub id: i64,
    pub stage: SlaStage,
    pub kind: Option<ReportKind>,
    pub category_id: Option<i64>,
    pub institution_id: Option<i64>,
    pub amount: i32,
    pub unit: SlaUnit,
    /// The national defaults: editable, not deletable.
    pub built_in: bool,
    pub updated_at: DateTime<Utc>,
}

/// A new rule (admins).
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewSlaPolicy {
    pub stage: SlaStage,
    #[serde(default)]
    pub kind: Option<ReportKind>,
    #[serde(default)]
    pub category_id: Option<i64>,
    #[serde(default)]
    pub institution_id: Option<i64>,
    #[validate(range(min = 1, max = 365))]
    pub amount: i32,
    pub unit: SlaUnit,
}

/// A rule's new period (admins).
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SlaPolicyUpdate {
    #[validate(range(min = 1, max = 365))]
    pub amount: i32,
    pub unit: SlaUnit,
}

/// The coordinator's "needs investigation" flag: resolution then takes the investigation period
/// (national default 60 working days), counted from the first disposition.
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct InvestigationRequest {
    /// As in `VerifyRequest`.
    #[serde(default)]
    pub version: Option<i32>,
    pub needs_investigation: bool,
    #[validate(length(min = 5, max = 2000))]
    pub reason: String,
}

/// The one extension of a disposition: its response deadline and the report's resolution
/// deadline move on by `working_days`.
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ExtensionRequest {
    #[validate(range(min = 1, max = 30))]
    pub working_days: u32,
    #[validate(length(min = 5, max = 2000))]
    pub reason: String,
}
