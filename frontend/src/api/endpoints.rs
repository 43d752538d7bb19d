//! One function per endpoint the app calls, typed by the wire types of `lapor-types`: what it
//! sends, what it answers. Lists answer a `List` (awaited, its first page); a list the pages
//! filter takes its query struct of `lapor-types`, so a page sets filters by name and type, never
//! by a string.

use super::{
    Failure, List, delete, get, object_url, patch, post, post_no_content, query_string, upload, url,
};
use lapor_types::Site;
use lapor_types::auth::{
    ConfirmRegistration, EmailSent, LoginRequest, PasswordReset, PasswordResetRequest,
    RefreshRequest, RegisterRequest, TokenResponse,
};
use lapor_types::integration::{
    ApiKey, CreatedApiKey, CreatedWebhook, NationalLink, NewApiKey, NewWebhook, RotatedSecret,
    Webhook, WebhookChanges, WebhookDelivery,
};
use lapor_types::notifications::{MarkedRead, Notification, NotificationQuery, UnreadCount};
use lapor_types::reference::{
    Category, CategoryPatch, Holiday, HolidayQuery, Institution, InstitutionPatch, NewCategory,
    NewInstitution, Region, RegionQuery,
};
use lapor_types::reports::{
    ArchiveRequest, Attachment, CompleteRequest, DeclineRequest, Disposition, DispositionQuery,
    FeedbackRequest, Followup, HoldRequest, NewDisposition, NewFollowup, NewReport, PublicReport,
    PublicReportPage, PublicReportQuery, Report, ReportEvent, ReportQuery, Support, TrackedReport,
    VerifyRequest,
};
use lapor_types::stats::{InstitutionStats, PublicStats, StatsQuery, StatsSummary, Trend};
use lapor_types::users::{NewUser, User, UserPatch};

/// The query of a list the pages show whole (categories, institutions, accounts): a deployment
/// has fewer than a page of 100.
#[derive(serde::Serialize)]
struct Whole {
    limit: i64,
}

const WHOLE: Whole = Whole { limit: 100 };

// Signing in and out.

pub async fn login(body: LoginRequest) -> Result<TokenResponse, Failure> {
    post("/auth/login", &body).await
}

/// Revokes the refresh token server-side.
pub async fn logout(body: RefreshRequest) -> Result<(), Failure> {
    post_no_content("/auth/logout", &body).await
}

/// What registering answers: that a link to confirm it was emailed, or the account made at once
/// (a deployment that sends no email; signing in then loads it).
#[derive(serde::Deserialize)]
#[serde(untagged)]
pub enum Registered {
    Sent(EmailSent),
    Created(serde::de::IgnoredAny),
}

pub async fn register(body: RegisterRequest) -> Result<Registered, Failure> {
    post("/auth/register", &body).await
}

pub async fn confirm_registration(body: ConfirmRegistration) -> Result<TokenResponse, Failure> {
    post("/auth/register/confirm", &body).await
}

pub async fn request_password_reset(body: PasswordResetRequest) -> Result<EmailSent, Failure> {
    post("/auth/password-reset", &body).await
}

pub async fn reset_password(body: PasswordReset) -> Result<(), Failure> {
    post_no_content("/auth/password-reset/confirm", &body).await
}

/// The signed-in user.
pub async fn me() -> Result<User, Failure> {
    get("/me").await
}

// The deployment and its reference data.

pub async fn site() -> Result<Site, Failure> {
    get("/site").await
}

pub async fn public_stats() -> Result<PublicStats, Failure> {
    get("/public/stats").await
}

pub fn regions(query: RegionQuery) -> List<Region> {
    List::new("/regions", &query)
}

pub async fn region(code: &str) -> Result<Region, Failure> {
    get(&format!("/regions/{code}")).await
}

pub fn categories() -> List<Category> {
    List::new("/categories", &WHOLE)
}

pub async fn category(id: i64) -> Result<Category, Failure> {
    get(&format!("/categories/{id}")).await
}

pub async fn add_category(body: NewCategory) -> Result<Category, Failure> {
    post("/categories", &body).await
}

pub async fn change_category(id: i64, body: CategoryPatch) -> Result<Category, Failure> {
    patch(&format!("/categories/{id}"), &body).await
}

/// The institution tree.
pub fn institutions() -> List<Institution> {
    List::new("/institutions", &WHOLE)
}

pub async fn add_institution(body: NewInstitution) -> Result<Institution, Failure> {
    post("/institutions", &body).await
}

pub async fn change_institution(id: i64, body: InstitutionPatch) -> Result<Institution, Failure> {
    patch(&format!("/institutions/{id}"), &body).await
}

pub fn holidays(query: HolidayQuery) -> List<Holiday> {
    List::new("/holidays", &query)
}

pub async fn add_holiday(body: Holiday) -> Result<Holiday, Failure> {
    post("/holidays", &body).await
}

pub async fn remove_holiday(date: chrono::NaiveDate) -> Result<(), Failure> {
    delete(&format!("/holidays/{date}")).await
}

// Accounts.

pub fn users() -> List<User> {
    List::new("/users", &WHOLE)
}

pub async fn add_user(body: NewUser) -> Result<User, Failure> {
    post("/users", &body).await
}

// API keys.

pub fn api_keys() -> List<ApiKey> {
    List::new("/api-keys", &WHOLE)
}

pub async fn add_api_key(body: NewApiKey) -> Result<CreatedApiKey, Failure> {
    post("/api-keys", &body).await
}

pub async fn revoke_api_key(id: i64) -> Result<(), Failure> {
    delete(&format!("/api-keys/{id}")).await
}

// Webhooks.

pub fn webhooks() -> List<Webhook> {
    List::new("/webhooks", &WHOLE)
}

pub async fn add_webhook(body: NewWebhook) -> Result<CreatedWebhook, Failure> {
    post("/webhooks", &body).await
}

pub async fn change_webhook(id: i64, body: WebhookChanges) -> Result<Webhook, Failure> {
    patch(&format!("/webhooks/{id}"), &body).await
}

pub async fn rotate_webhook_secret(id: i64) -> Result<RotatedSecret, Failure> {
    post(&format!("/webhooks/{id}/rotate-secret"), &()).await
}

pub async fn delete_webhook(id: i64) -> Result<(), Failure> {
    delete(&format!("/webhooks/{id}")).await
}

pub fn webhook_deliveries(id: i64) -> List<WebhookDelivery> {
    List::new(&format!("/webhooks/{id}/deliveries"), &WHOLE)
}

pub async fn redeliver(id: i64, delivery: i64) -> Result<(), Failure> {
    post_no_content(
        &format!("/webhooks/{id}/deliveries/{delivery}/redeliver"),
        &(),
    )
    .await
}

pub async fn change_user(id: i64, body: UserPatch) -> Result<User, Failure> {
    patch(&format!("/users/{id}"), &body).await
}

// Reports and what happens to them.

pub fn reports(query: ReportQuery) -> List<Report> {
    List::new("/reports", &query)
}

pub async fn report(id: i64) -> Result<Report, Failure> {
    get(&format!("/reports/{id}")).await
}

pub async fn file_report(body: NewReport) -> Result<Report, Failure> {
    post("/reports", &body).await
}

pub async fn events(report: i64) -> Result<Vec<ReportEvent>, Failure> {
    get(&format!("/reports/{report}/events")).await
}

/// The national complaint a report is linked to (docs/NATIONAL.md).
pub async fn report_national(report: i64) -> Result<NationalLink, Failure> {
    get(&format!("/reports/{report}/national")).await
}

pub async fn attachments(report: i64) -> Result<Vec<Attachment>, Failure> {
    get(&format!("/reports/{report}/attachments")).await
}

/// Sends `file` to the report's attachments.
pub async fn attach(report: i64, file: &web_sys::File) -> Result<Attachment, Failure> {
    upload(&format!("/reports/{report}/attachments"), file).await
}

/// An attachment as an object URL the page can show; revoke it when done.
pub async fn attachment_url(file: &Attachment) -> Result<String, Failure> {
    object_url(&format!("/attachments/{}", file.id), &file.content_type).await
}

pub async fn verify(report: i64, body: VerifyRequest) -> Result<Report, Failure> {
    post(&format!("/reports/{report}/verify"), &body).await
}

pub async fn hold(report: i64, body: HoldRequest) -> Result<Report, Failure> {
    post(&format!("/reports/{report}/hold"), &body).await
}

pub async fn archive(report: i64, body: ArchiveRequest) -> Result<Report, Failure> {
    post(&format!("/reports/{report}/archive"), &body).await
}

pub async fn feedback(report: i64, body: FeedbackRequest) -> Result<Report, Failure> {
    post(&format!("/reports/{report}/feedback"), &body).await
}

pub async fn followups(report: i64) -> Result<Vec<Followup>, Failure> {
    get(&format!("/reports/{report}/followups")).await
}

pub async fn add_followup(report: i64, body: NewFollowup) -> Result<Followup, Failure> {
    post(&format!("/reports/{report}/followups"), &body).await
}

/// The signed-in user's support of a public report.
pub async fn support(report: i64) -> Result<Support, Failure> {
    post(&format!("/reports/{report}/supports"), &()).await
}

// Dispositions.

/// Where a report was sent.
pub async fn report_dispositions(report: i64) -> Result<Vec<Disposition>, Failure> {
    get(&format!("/reports/{report}/dispositions")).await
}

/// Sends a report to an institution.
pub async fn dispose(report: i64, body: NewDisposition) -> Result<Disposition, Failure> {
    post(&format!("/reports/{report}/dispositions"), &body).await
}

/// A unit's inbox.
pub fn dispositions(query: DispositionQuery) -> List<Disposition> {
    List::new("/dispositions", &query)
}

pub async fn accept(disposition: i64) -> Result<Disposition, Failure> {
    post(&format!("/dispositions/{disposition}/accept"), &()).await
}

pub async fn decline(disposition: i64, body: DeclineRequest) -> Result<Disposition, Failure> {
    post(&format!("/dispositions/{disposition}/decline"), &body).await
}

pub async fn complete(disposition: i64, body: CompleteRequest) -> Result<Disposition, Failure> {
    post(&format!("/dispositions/{disposition}/complete"), &body).await
}

// Notifications.

pub fn notifications(query: NotificationQuery) -> List<Notification> {
    List::new("/notifications", &query)
}

pub async fn unread_count() -> Result<UnreadCount, Failure> {
    get("/notifications/unread-count").await
}

pub async fn mark_read(notification: i64) -> Result<MarkedRead, Failure> {
    post(&format!("/notifications/{notification}/read"), &()).await
}

pub async fn mark_all_read() -> Result<MarkedRead, Failure> {
    post("/notifications/read-all", &()).await
}

// What anyone may see.

pub fn public_reports(query: PublicReportQuery) -> List<PublicReport> {
    List::new("/public/reports", &query)
}

pub async fn public_report(id: i64) -> Result<PublicReportPage, Failure> {
    get(&format!("/public/reports/{id}")).await
}

/// Where the browser loads a public report's photo itself (`<img src>`; no token needed).
pub fn public_photo(id: i64) -> String {
    url(&format!("/public/attachments/{id}"))
}

pub async fn track(tracking_id: &str) -> Result<TrackedReport, Failure> {
    get(&format!("/track/{tracking_id}")).await
}

// Statistics.

pub async fn stats_summary() -> Result<StatsSummary, Failure> {
    get("/stats/summary").await
}

/// The units' league table.
pub async fn stats_institutions() -> Result<Vec<InstitutionStats>, Failure> {
    get("/stats/institutions").await
}

pub async fn stats_trend(query: StatsQuery) -> Result<Trend, Failure> {
    get(&format!("/stats/trend{}", query_string(&query))).await
}
