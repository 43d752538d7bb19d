//! Reports: intake, reading, tracking and the coordinator's first actions.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use validator::{Validate, ValidationError};

wire_enum!(
    /// complaint (pengaduan), aspiration (aspirasi), information_request (permintaan informasi).
    ReportKind {
        Complaint = "complaint",
        Aspiration = "aspiration",
        InformationRequest = "information_request",
    }
);

wire_enum!(
    /// How the report reached us.
    Channel {
        Web = "web",
        Mobile = "mobile",
        Sms = "sms",
        Whatsapp = "whatsapp",
        Phone = "phone",
        Email = "email",
        Social = "social",
        WalkIn = "walk_in",
        Api = "api",
        NationalSync = "national_sync",
    }
);

wire_enum!(
    /// Where a report stands (docs/REPORTS.md, "Lifecycle").
    ReportStatus {
        Submitted = "submitted",
        OnHold = "on_hold",
        Dispatched = "dispatched",
        InProgress = "in_progress",
        Resolved = "resolved",
        Closed = "closed",
        Archived = "archived",
    }
);

wire_enum!(
    /// Why a report was archived.
    ArchiveReason {
        NotPublicService = "not_public_service",
        TooGeneral = "too_general",
        Duplicate = "duplicate",
        Spam = "spam",
        Incomplete = "incomplete",
    }
);

/// A citizen's new report.
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
#[validate(schema(function = "validate_location"))]
pub struct NewReport {
    pub kind: ReportKind,
    #[validate(length(min = 10, max = 150))]
    pub title: String,
    #[validate(length(min = 30, max = 10000))]
    pub body: String,
    /// When it happened; not in the future.
    pub incident_date: NaiveDate,
    /// Kemendagri code of the district or village, e.g. `36.03.18` or `36.03.18.2001`.
    #[validate(length(min = 8, max = 13))]
    pub region_code: String,
    #[validate(length(min = 5, max = 500))]
    pub address: String,
    /// Degrees, with `longitude`; both or neither.
    #[validate(range(min = -90.0, max = 90.0))]
    #[serde(default)]
    pub latitude: Option<f64>,
    #[validate(range(min = -180.0, max = 180.0))]
    #[serde(default)]
    pub longitude: Option<f64>,
    #[serde(default)]
    pub category_id: Option<i64>,
    /// The institution the reporter addresses; when absent the coordinator chooses.
    #[serde(default)]
    pub institution_id: Option<i64>,
    /// Hide the reporter's identity from the public and from the units handling it.
    #[serde(default)]
    pub anonymous: bool,
    /// Hide the whole report from the public.
    #[serde(default)]
    pub confidential: bool,
    /// The reporter allows the photos they upload with the filing (before verification) on the
    /// report's public page (`GET /public/reports/{id}`) — only while the report itself is
    /// public; later photos and officers' files never show. Default `false`.
    #[serde(default)]
    pub public_photos: bool,
    /// Default `web`.
    #[serde(default)]
    pub channel: Option<Channel>,
    /// Integrators only: the citizen they file for (docs/INTEGRATION.md).
    #[validate(nested)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_behalf_of: Option<ReporterContact>,
}

fn validate_location(r: &NewReport) -> Result<(), ValidationError> {
    if r.latitude.is_some() == r.longitude.is_some() {
        Ok(())
    } else {
        Err(ValidationError::new("location")
            .with_message("give both latitude and longitude, or neither".into()))
    }
}

/// Who filed a report; only shown to viewers allowed to know.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Reporter {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub phone: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Report {
    pub id: i64,
    /// e.g. `LPR-7KQ2M-XH4TZ`: opens the public status page.
    pub tracking_id: String,
    pub kind: ReportKind,
    pub title: String,
    pub body: String,
    pub incident_date: NaiveDate,
    pub region_code: String,
    pub address: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub category_id: Option<i64>,
    pub institution_id: Option<i64>,
    pub anonymous: bool,
    pub confidential: bool,
    /// Its photos may show on its public page (the reporter's choice at filing).
    pub public_photos: bool,
    pub channel: Channel,
    pub status: ReportStatus,
    /// Send it back with every change; a stale one is refused (409 `version_conflict`).
    pub version: i32,
    pub verified_at: Option<DateTime<Utc>>,
    /// When verification and disposition by the coordinator are due (working days, holidays
    /// excluded, in the deployment's time zone).
    pub verify_due_at: Option<DateTime<Utc>>,
    /// The first disposition: the end of verification, the start of resolution.
    pub dispatched_at: Option<DateTime<Utc>>,
    /// When resolution is due: set at the first disposition by the SLA policy (national
    /// defaults: 14 working days for complaints, 5 for aspirations and information requests, 60
    /// for a report that needs investigation).
    pub resolve_due_at: Option<DateTime<Utc>>,
    /// Flagged by the coordinator: resolution takes the longer "investigation" period.
    pub needs_investigation: bool,
    /// When the SLA sweep first found one of its stages past due (kept once set: it counts
    /// against the report's handlers in statistics).
    pub overdue_at: Option<DateTime<Utc>>,
    /// The first public response of a unit.
    pub first_response_at: Option<DateTime<Utc>>,
    pub resolved_at: Option<DateTime<Utc>>,
    /// The end of the reporter's reply window after resolution (10 working days).
    pub feedback_due_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Present only for the reporter themself, coordinators and admins — never for an anonymous
    /// report seen by anyone else.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reporter: Option<Reporter>,
    /// The citizen an integrator filed for, shown under the same rule as `reporter` (who is
    /// then the integrator's account).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_behalf_of: Option<ReporterContact>,
}

/// A citizen who reached lapor through an integrator's channel (SMS, WhatsApp, a call centre, a
/// walk-in desk) and has no account: their name and how to reach them — an email address gets
/// the tracking id and the report's news.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
#[validate(schema(function = "validate_contact"))]
pub struct ReporterContact {
    #[validate(
        length(min = 2, max = 120),
        custom(function = "crate::users::not_blank")
    )]
    pub name: String,
    /// Checked as an email address by the server (the rule is not linked into the web app,
    /// which never sends this).
    #[validate(length(min = 3, max = 254))]
    #[serde(default)]
    pub email: Option<String>,
    #[validate(custom(function = "crate::users::validate_phone"))]
    #[serde(default)]
    pub phone: Option<String>,
}

fn validate_contact(contact: &ReporterContact) -> Result<(), ValidationError> {
    if contact.email.is_none() && contact.phone.is_none() {
        return Err(ValidationError::new("required")
            .with_message("an email address or a phone number to reach the citizen".into()));
    }
    Ok(())
}

/// Declares a query struct with the report list's filters, then its own fields — so the list,
/// the export and the statistics filter alike, and a new filter reaches them all.
macro_rules! with_report_filters {
    ($(#[$meta:meta])* pub struct $name:ident { $($own:tt)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
        #[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
        #[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            pub status: Option<$crate::reports::ReportStatus>,
            pub kind: Option<$crate::reports::ReportKind>,
            /// How it reached lapor (`web`, `mobile`, `sms`, …).
            pub channel: Option<$crate::reports::Channel>,
            pub category_id: Option<i64>,
            pub institution_id: Option<i64>,
            /// Region code prefix: `36.03` for all of Kabupaten Tangerang.
            #[validate(length(min = 2, max = 13))]
            pub region: Option<String>,
            /// Filed on or after this date.
            pub created_from: Option<chrono::NaiveDate>,
            /// Filed on or before this date.
            pub created_to: Option<chrono::NaiveDate>,
            /// Full-text search: every word must start a word of the title or body
            /// (case-insensitive; `jalan` finds `jalanan`); up to 8 words count.
            #[validate(
                length(min = 2, max = 100),
                custom(function = "crate::reports::has_words")
            )]
            pub q: Option<String>,
            $($own)*
        }
    };
}
pub(crate) use with_report_filters;

with_report_filters! {
    /// Query of `GET /reports`.
    pub struct ReportQuery {
        /// Only the caller's own reports.
        pub mine: Option<bool>,
        /// `true`: only reports past a deadline — verification (still `submitted`) or
        /// resolution (`dispatched`, `in_progress`).
        pub overdue: Option<bool>,
        /// `newest` (default) or `oldest` first — a verification queue works oldest first, which
        /// is also the order its deadlines fall due.
        pub order: Option<ListOrder>,
        pub cursor: Option<String>,
        /// 1–100, default 50.
        #[validate(range(min = 1, max = 100))]
        pub limit: Option<i64>,
    }
}

wire_enum!(
    /// The order of a list: by filing, newest or oldest first.
    ListOrder {
        Newest = "newest",
        Oldest = "oldest",
    }
);

pub(crate) fn has_words(q: &str) -> Result<(), ValidationError> {
    if q.chars().any(char::is_alphanumeric) {
        Ok(())
    } else {
        Err(ValidationError::new("no_words").with_message("search for at least one word".into()))
    }
}

/// The coordinator's check of a new report, with optional corrections (the original text is kept
/// in the timeline).
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct VerifyRequest {
    /// The `version` the coordinator saw (or send `If-Match: "<version>"`); a stale one is 409.
    #[serde(default)]
    pub version: Option<i32>,
    #[validate(length(min = 10, max = 150))]
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub kind: Option<ReportKind>,
    #[serde(default)]
    pub category_id: Option<i64>,
    /// `true` hides the reporter; `false` on an anonymous report is refused
    /// (`reporter_consent_needed`): only the reporter makes a report less private.
    #[serde(default)]
    pub anonymous: Option<bool>,
    /// `true` hides the report from the public; `false` on a confidential one is refused, as above.
    #[serde(default)]
    pub confidential: Option<bool>,
}

/// Put a report on hold with a question to the reporter.
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct HoldRequest {
    /// As in `VerifyRequest`.
    #[serde(default)]
    pub version: Option<i32>,
    #[validate(length(min = 5, max = 2000))]
    pub question: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
#[validate(schema(function = "validate_duplicate"))]
pub struct ArchiveRequest {
    /// As in `VerifyRequest`.
    #[serde(default)]
    pub version: Option<i32>,
    pub reason: ArchiveReason,
    #[validate(length(min = 3, max = 2000))]
    pub note: String,
    /// The original report's id, when the reason is `duplicate`.
    #[serde(default)]
    pub duplicate_of: Option<i64>,
}

fn validate_duplicate(r: &ArchiveRequest) -> Result<(), ValidationError> {
    if (r.reason == ArchiveReason::Duplicate) == r.duplicate_of.is_some() {
        Ok(())
    } else {
        Err(ValidationError::new("duplicate_of").with_message(
            "name the original (duplicate_of) exactly when the reason is duplicate".into(),
        ))
    }
}

wire_enum!(
    /// What happened to a report: a step of its timeline (`ReportEvent.action`), and what a
    /// notification is about (`Notification.kind`; `deadline_approaching` is only that).
    EventKind {
        Submitted = "submitted",
        Verified = "verified",
        Held = "held",
        Archived = "archived",
        InvestigationFlagged = "investigation_flagged",
        InvestigationCleared = "investigation_cleared",
        Disposed = "disposed",
        DispositionAccepted = "disposition_accepted",
        DispositionDeclined = "disposition_declined",
        DispositionCompleted = "disposition_completed",
        DispositionRecalled = "disposition_recalled",
        Returned = "returned",
        Resolved = "resolved",
        FollowupResponse = "followup_response",
        FollowupNote = "followup_note",
        FollowupInfoRequest = "followup_info_request",
        FollowupReply = "followup_reply",
        AttachmentAdded = "attachment_added",
        Accepted = "accepted",
        Disputed = "disputed",
        AutoClosed = "auto_closed",
        DeadlineApproaching = "deadline_approaching",
        DeadlinePassed = "deadline_passed",
        DeadlineExtended = "deadline_extended",
        /// A follow-up made on the national platform (by its admin or the reporter there),
        /// taken into the timeline; `details`: `complaint_id`, `followup_id`, `author`
        /// (`reporter`/`officer`), `content`.
        NationalFollowup = "national_followup",
        /// The national platform's status of the linked complaint changed; `details`:
        /// `complaint_id`, `from`, `to` (the national names).
        NationalStatus = "national_status",
    }
);

impl EventKind {
    /// The event of a follow-up of `kind` posted to the thread.
    pub fn of_followup(kind: FollowupKind) -> EventKind {
        match kind {
            FollowupKind::Response => EventKind::FollowupResponse,
            FollowupKind::Note => EventKind::FollowupNote,
            FollowupKind::InfoRequest => EventKind::FollowupInfoRequest,
            FollowupKind::Reply => EventKind::FollowupReply,
        }
    }
}

/// One step of a report's timeline.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportEvent {
    pub id: i64,
    pub action: EventKind,
    pub from_status: Option<ReportStatus>,
    pub to_status: Option<ReportStatus>,
    /// Who did it: a name for officers; `null` for the system, and for an anonymous reporter when
    /// the viewer may not know them.
    pub actor: Option<String>,
    /// Action-specific facts (e.g. the text before a correction, an archive reason).
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub details: serde_json::Value,
    pub created_at: DateTime<Utc>,
}

/// The public status page of a tracking id.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrackedReport {
    pub tracking_id: String,
    pub status: ReportStatus,
    /// `null` for confidential reports (which show only their status).
    pub kind: Option<ReportKind>,
    pub title: Option<String>,
    pub created_at: Option<DateTime<Utc>>,
    pub updated_at: Option<DateTime<Utc>>,
    /// Status changes, without names or internal details; empty for confidential reports.
    pub timeline: Vec<TrackedStep>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrackedStep {
    pub action: EventKind,
    pub status: Option<ReportStatus>,
    pub at: DateTime<Utc>,
}

wire_enum!(
    /// Where a disposition stands: `pending` (sent) → `accepted` → `completed`; `declined` by the
    /// unit or `recalled` by the coordinator end it.
    DispositionStatus {
        Pending = "pending",
        Accepted = "accepted",
        Declined = "declined",
        Completed = "completed",
        Recalled = "recalled",
    }
);

/// Routes a report to an institution (disposisi).
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewDisposition {
    pub institution_id: i64,
    #[validate(length(min = 5, max = 2000))]
    pub instruction: String,
    #[serde(default)]
    pub due_at: Option<DateTime<Utc>>,
    /// A unit's own disposition that this one divides among its sub-units.
    #[serde(default)]
    pub parent_disposition_id: Option<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Disposition {
    pub id: i64,
    pub report_id: i64,
    pub institution_id: i64,
    pub parent_disposition_id: Option<i64>,
    /// Empty in an inbox whose unit can no longer see the report (declined or recalled).
    pub instruction: String,
    pub due_at: Option<DateTime<Utc>>,
    /// When the unit's first response is due (national default: 5 working days).
    pub response_due_at: Option<DateTime<Utc>>,
    /// The unit's first public response.
    pub responded_at: Option<DateTime<Utc>>,
    /// When the SLA sweep found the response overdue.
    pub overdue_at: Option<DateTime<Utc>>,
    /// The one extension this disposition may have: when, and why.
    pub extended_at: Option<DateTime<Utc>>,
    pub extension_reason: Option<String>,
    pub status: DispositionStatus,
    pub decline_reason: Option<String>,
    pub resolution: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The report it routes, in a unit's inbox (`GET /dispositions`) only, and only while the
    /// caller may see the report.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report: Option<DisposedReport>,
}

/// What an inbox shows of a disposition's report.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DisposedReport {
    pub tracking_id: String,
    pub title: String,
    pub status: ReportStatus,
    pub resolve_due_at: Option<DateTime<Utc>>,
}

/// Query of `GET /dispositions`: a unit's inbox.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct DispositionQuery {
    pub status: Option<DispositionStatus>,
    /// One institution's dispositions (within the caller's subtree).
    pub institution_id: Option<i64>,
    /// Only the late ones: open dispositions past their response deadline unanswered, or whose
    /// report is past its resolution deadline — with `institution_id`, that unit's overdue list.
    pub overdue: Option<bool>,
    pub report_id: Option<i64>,
    pub cursor: Option<String>,
    /// 1–100, default 50.
    #[validate(range(min = 1, max = 100))]
    pub limit: Option<i64>,
}

/// "Not our authority" (bukan wewenang): the report goes back to the coordinator.
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DeclineRequest {
    #[validate(length(min = 5, max = 2000))]
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CompleteRequest {
    #[validate(length(min = 5, max = 5000))]
    pub resolution: String,
}

wire_enum!(
    /// `response` (public, from a unit), `note` (internal: officers only), `info_request` (a
    /// question to the reporter), `reply` (the reporter's).
    FollowupKind {
        Response = "response",
        Note = "note",
        InfoRequest = "info_request",
        Reply = "reply",
    }
);

#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewFollowup {
    pub kind: FollowupKind,
    #[validate(length(min = 2, max = 5000))]
    pub body: String,
}

/// One entry of a report's thread.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Followup {
    pub id: i64,
    pub report_id: i64,
    pub kind: FollowupKind,
    pub body: String,
    /// The author's name; `null` for an anonymous reporter when the viewer may not know them.
    pub author: Option<String>,
    pub created_at: DateTime<Utc>,
}

wire_enum!(
    /// The reporter's verdict on a resolution.
    Verdict {
        Accept = "accept",
        Dispute = "dispute",
    }
);

/// The reporter's verdict with a 1–5 satisfaction rating. A dispute says what is not resolved
/// (`comment`, at least 5 characters): the units act on it.
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
#[validate(schema(function = "validate_dispute"))]
pub struct FeedbackRequest {
    pub verdict: Verdict,
    #[validate(range(min = 1, max = 5))]
    pub rating: i32,
    #[validate(length(max = 2000))]
    #[serde(default)]
    pub comment: String,
}

/// The shortest reason a dispute may give.
pub const DISPUTE_REASON_MIN: usize = 5;

fn validate_dispute(r: &FeedbackRequest) -> Result<(), ValidationError> {
    if r.verdict == Verdict::Dispute && r.comment.trim().chars().count() < DISPUTE_REASON_MIN {
        Err(ValidationError::new("dispute_reason")
            .with_message("say in the comment what is not resolved (at least 5 characters)".into()))
    } else {
        Ok(())
    }
}

/// A file of a report (photo, PDF or video).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Attachment {
    pub id: i64,
    pub report_id: i64,
    /// The uploaded name — replaced by `attachment-<id>.<ext>` where it could tell an anonymous
    /// reporter's identity to a viewer who may not know it.
    pub file_name: String,
    /// Detected from the file's content.
    pub content_type: String,
    pub size_bytes: i64,
    pub created_at: DateTime<Utc>,
}

/// A report in the public feed: verified and not confidential.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicReport {
    pub id: i64,
    pub tracking_id: String,
    pub kind: ReportKind,
    pub title: String,
    pub body: String,
    pub region_code: String,
    /// Where the reporter pinned it, if they did.
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub category_id: Option<i64>,
    pub institution_id: Option<i64>,
    pub status: ReportStatus,
    pub created_at: DateTime<Utc>,
    /// The reporter's name, or `null` when the report is anonymous.
    pub reporter_name: Option<String>,
    pub anonymous: bool,
    pub support_count: i64,
}

/// Query of `GET /public/reports`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct PublicReportQuery {
    pub status: Option<ReportStatus>,
    pub kind: Option<ReportKind>,
    pub category_id: Option<i64>,
    /// Region code prefix, e.g. `36.03`.
    #[validate(length(min = 2, max = 13))]
    pub region: Option<String>,
    /// Full-text search, as in `GET /reports`.
    #[validate(length(min = 2, max = 100), custom(function = "has_words"))]
    pub q: Option<String>,
    pub cursor: Option<String>,
    /// 1–100, default 20.
    #[validate(range(min = 1, max = 100))]
    pub limit: Option<i64>,
}

/// A unit's public word on a public report: a response in its thread, or a resolution.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicAnswer {
    pub body: String,
    pub created_at: DateTime<Utc>,
}

/// `GET /public/reports/{id}`: a public report's page — what was reported, the units' public
/// responses and resolutions (never internal notes, questions or the reporter's replies), and
/// its photos when the reporter allowed them.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicReportPage {
    pub report: PublicReport,
    pub address: String,
    pub incident_date: NaiveDate,
    pub responses: Vec<PublicAnswer>,
    pub resolutions: Vec<PublicAnswer>,
    /// When the reporter said a resolution did not solve it (the report was reopened), oldest
    /// first; only the fact, never the reporter's words.
    pub disputes: Vec<DateTime<Utc>>,
    /// Photos only, each at `GET /public/attachments/{id}`; empty unless the reporter allowed.
    pub photos: Vec<Attachment>,
}

/// A report's support count after supporting it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Support {
    pub report_id: i64,
    pub support_count: i64,
}
