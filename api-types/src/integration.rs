//! What integrators use: API keys, the change feed and webhooks (docs/INTEGRATION.md).

use crate::reports::{EventKind, ReportStatus};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use validator::{Validate, ValidationError};

wire_enum!(
    /// What an API key may be used for; within it, the account's role decides as for a signed-in
    /// user.
    ApiScope {
        /// Read reports, their timeline, thread, files, dispositions and statistics.
        ReportsRead = "reports:read",
        /// File reports and act on them (follow up, upload, give feedback; officers' actions for
        /// a staff account).
        ReportsWrite = "reports:write",
        /// Follow the change feed.
        ChangesRead = "changes:read",
        /// Manage the account's webhooks.
        WebhooksManage = "webhooks:manage",
    }
);

/// An API key as lists show it: never its secret.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiKey {
    pub id: i64,
    /// The account the key acts as.
    pub user_id: i64,
    pub name: String,
    /// The secret's first characters (`lapor_` and 8 more): how the key is recognised in lists
    /// and logs.
    pub prefix: String,
    pub scopes: Vec<ApiScope>,
    /// When set, the key sees and acts only within this institution's subtree.
    pub institution_id: Option<i64>,
    pub expires_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    /// Updated at most once a minute.
    pub last_used_at: Option<DateTime<Utc>>,
    /// A revoked key answers 401 at once.
    pub revoked_at: Option<DateTime<Utc>>,
}

/// Body of `POST /api-keys`.
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewApiKey {
    /// An integrator's, supervisor's, liaison's or coordinator's account (not an admin's, not a
    /// citizen's).
    pub user_id: i64,
    #[validate(
        length(min = 2, max = 120),
        custom(function = "crate::users::not_blank")
    )]
    pub name: String,
    /// At least one; each at most once.
    #[validate(custom(function = "validate_scopes"))]
    pub scopes: Vec<ApiScope>,
    /// Limits the key to this institution's subtree, which must lie within the account's own.
    #[serde(default)]
    pub institution_id: Option<i64>,
    /// In the future, within ten years; without it the key works until revoked.
    #[serde(default)]
    pub expires_at: Option<DateTime<Utc>>,
}

fn validate_scopes(scopes: &[ApiScope]) -> Result<(), ValidationError> {
    let distinct = scopes
        .iter()
        .enumerate()
        .all(|(i, s)| !scopes[..i].contains(s));
    if scopes.is_empty() || !distinct {
        return Err(ValidationError::new("scopes")
            .with_message("at least one scope, each at most once".into()));
    }
    Ok(())
}

/// Answer of `POST /api-keys`: the key and, this once, its secret.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedApiKey {
    #[serde(flatten)]
    pub key: ApiKey,
    /// `lapor_…`: send it as `Authorization: Bearer <secret>`. Only its hash is stored; it is
    /// never shown again.
    pub secret: String,
}

/// Query of `GET /api-keys`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct ApiKeyQuery {
    /// Only this account's keys.
    pub user_id: Option<i64>,
    pub cursor: Option<String>,
    /// 1–100, default 50.
    #[validate(range(min = 1, max = 100))]
    pub limit: Option<i64>,
}

/// One change of a report, as the change feed (`GET /changes`) and — with the same `id` —
/// webhooks carry it: no text, no names, only what changed.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Change {
    /// Stable and unique: a receiver deduplicates by it.
    pub id: i64,
    pub kind: EventKind,
    pub at: DateTime<Utc>,
    pub report_id: i64,
    pub tracking_id: String,
    /// The report's status once the change was written (a verified report stays `submitted`
    /// until its first disposition); `null` for kinds that record none.
    pub status: Option<ReportStatus>,
    /// The report's version once the change was written (what `If-Match` compares); `null`
    /// for changes recorded before lapor kept it.
    pub version: Option<i32>,
    /// Facts of some kinds: `institution_id`, `institution` (its name) and `disposition_id`
    /// (dispositions), `stage` and `due_at` (deadlines).
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub data: serde_json::Value,
}

/// A page of the change feed, oldest first.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangePage {
    pub items: Vec<Change>,
    /// Where to resume (`after`), always given: after the last change read, or where this page
    /// started when it read none.
    pub next_cursor: String,
    /// `true`: this read stopped at its limit, so read again at once (a page may hold fewer
    /// items than the limit, even none, when changes the caller may not see were passed over);
    /// `false`: caught up — poll again later.
    pub more: bool,
}

/// Query of `GET /changes`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct ChangeQuery {
    /// A `next_cursor` of this feed; without it, from the first change.
    #[validate(length(max = 60))]
    pub after: Option<String>,
    /// 1–500, default 100.
    #[validate(range(min = 1, max = 500))]
    pub limit: Option<i64>,
}

wire_enum!(
    /// Why lapor turned a webhook off by itself (the owner turns it on again with
    /// `PATCH {"active": true}`).
    WebhookDisabled {
        /// The receiver answered 410 Gone.
        Gone = "gone",
        /// Every attempt failed for three days.
        Failing = "failing",
    }
);

wire_enum!(
    /// How a report came to be linked to a national complaint.
    NationalOrigin {
        /// Imported: the national platform disposed the complaint to the regency.
        Imported = "imported",
        /// Sent up by a coordinator as not the regency's authority.
        SentUp = "sent_up",
    }
);

/// `GET /reports/{id}/national`: the national complaint a report is linked to (docs/NATIONAL.md).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NationalLink {
    /// The complaint's id on the national platform (`null` while a create is under way).
    pub complaint_id: Option<i64>,
    pub origin: NationalOrigin,
    /// The national status when last checked (`Terverifikasi`, `Dalam Proses`, `Selesai`, …).
    pub status_name: Option<String>,
    /// The last successful exchange with the national platform about it.
    pub synced_at: Option<DateTime<Utc>>,
    /// When it is checked next.
    pub next_check_at: DateTime<Utc>,
}

wire_enum!(
    /// Why an attempt failed, for a person reading the deliveries (the `error` beside it gives
    /// the technical detail).
    AttemptFailure {
        /// The receiver answered with a status other than 2xx.
        HttpStatus = "http_status",
        /// No answer within 15 s.
        TimedOut = "timed_out",
        /// No connection: the name did not resolve, or the address refused or was unreachable.
        Unreachable = "unreachable",
        /// The receiver's address is one lapor may not call (loopback, private, link-local,
        /// a platform's metadata address).
        RefusedAddress = "refused_address",
        /// The receiver's TLS certificate was refused (expired, self-signed, another name).
        Certificate = "certificate",
        /// Anything else on the way (a reset connection, a broken answer).
        Failed = "failed",
    }
);

/// A receiver of changes, as lists show it: never its secret.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Webhook {
    pub id: i64,
    /// The account whose view of the reports the webhook follows, as the change feed would
    /// for it.
    pub user_id: i64,
    /// The institution subtree it is limited to (an API key's limit, or the account's own).
    pub institution_id: Option<i64>,
    pub url: String,
    /// The kinds of change sent; empty: every kind.
    pub kinds: Vec<EventKind>,
    /// Only an active webhook is sent to; changes that happen while it is off are sent once it
    /// is on again (none is skipped).
    pub active: bool,
    /// Set when lapor turned it off.
    pub disabled_reason: Option<WebhookDisabled>,
    /// Since when every attempt has failed; `null` after a success.
    pub failing_since: Option<DateTime<Utc>>,
    /// After a rotation, until when the previous secret still signs too.
    pub previous_secret_expires_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Body of `POST /webhooks`.
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewWebhook {
    /// `http://` or `https://`, without credentials, reaching a public address (unless the
    /// operator allows private ones).
    #[validate(length(min = 1, max = 2000))]
    pub url: String,
    /// The kinds of change wanted, each at most once; empty or absent: every kind.
    #[serde(default)]
    #[validate(custom(function = "validate_kinds"))]
    pub kinds: Vec<EventKind>,
    /// Admins only: the account the webhook follows (one that may hold API keys). Anyone else
    /// makes webhooks for themselves.
    #[serde(default)]
    pub user_id: Option<i64>,
}

/// Body of `PATCH /webhooks/{id}`: what is given changes.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct WebhookChanges {
    #[validate(length(min = 1, max = 2000))]
    pub url: Option<String>,
    #[validate(custom(function = "validate_kinds"))]
    pub kinds: Option<Vec<EventKind>>,
    /// Turning it on again clears `disabled_reason` and `failing_since` and sends what waits at
    /// once.
    pub active: Option<bool>,
}

fn validate_kinds(kinds: &[EventKind]) -> Result<(), ValidationError> {
    let distinct = kinds
        .iter()
        .enumerate()
        .all(|(i, k)| !kinds[..i].contains(k));
    if !distinct || kinds.contains(&EventKind::DeadlineApproaching) {
        return Err(ValidationError::new("kinds").with_message(
            "each kind at most once, and not deadline_approaching (a notification, not a change)"
                .into(),
        ));
    }
    Ok(())
}

/// Answer of `POST /webhooks`: the webhook and, this once, its signing secret.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedWebhook {
    #[serde(flatten)]
    pub webhook: Webhook,
    /// `whsec_…` (Standard Webhooks): give it to the receiver's verifying library. Never shown
    /// again; rotate to get a new one.
    pub secret: String,
}

/// Answer of `POST /webhooks/{id}/rotate-secret`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RotatedSecret {
    /// The new `whsec_…`, shown this once.
    pub secret: String,
    /// Until then deliveries carry a second signature, by the previous secret.
    pub previous_secret_expires_at: DateTime<Utc>,
}

/// Query of `GET /webhooks`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct WebhookQuery {
    /// Admins: only this account's webhooks (others always see only their own).
    pub user_id: Option<i64>,
    pub cursor: Option<String>,
    /// 1–100, default 50.
    #[validate(range(min = 1, max = 100))]
    pub limit: Option<i64>,
}

/// One attempt to deliver a change.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookAttempt {
    pub at: DateTime<Utc>,
    /// The receiver's HTTP status; `null` when it gave none (refused, timed out, unreachable).
    pub status: Option<i32>,
    pub latency_ms: i32,
    /// Why it failed (`null` on success; on attempts before lapor kept it, too).
    pub failure: Option<AttemptFailure>,
    /// The failure's technical detail, in English (`null` on success).
    pub error: Option<String>,
}

/// One change sent (or to send) to one webhook.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookDelivery {
    pub id: i64,
    /// The change's id: the `webhook-id` header, and `data.id` of the body.
    pub change_id: i64,
    pub kind: EventKind,
    pub report_id: i64,
    pub created_at: DateTime<Utc>,
    /// `null` while pending.
    pub delivered_at: Option<DateTime<Utc>>,
    pub attempts: i32,
    /// When it is tried next (pending only).
    pub next_attempt_at: Option<DateTime<Utc>>,
    /// The latest attempts, newest first (at most 10).
    pub recent_attempts: Vec<WebhookAttempt>,
}

/// Query of `GET /webhooks/{id}/deliveries`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct DeliveryQuery {
    /// `true`: only those not yet delivered; `false`: only delivered ones.
    pub pending: Option<bool>,
    pub cursor: Option<String>,
    /// 1–100, default 50.
    #[validate(range(min = 1, max = 100))]
    pub limit: Option<i64>,
}

/// What a webhook receives: the body of each delivery (Standard Webhooks), with headers
/// `webhook-id` (the change's id), `webhook-timestamp` (seconds since the epoch, at sending)
/// and `webhook-signature` (`v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">`, two of them
/// for a day after a rotation).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookEvent {
    /// `report.` and the change's kind, e.g. `report.disposed`.
    #[serde(rename = "type")]
    pub event_type: String,
    /// When the change happened.
    pub timestamp: DateTime<Utc>,
    /// The change, exactly as the change feed shows it.
    pub data: Change,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_travel_by_their_names() {
        let json = serde_json::to_string(&ApiScope::ALL).unwrap();
        assert_eq!(
            json,
            r#"["reports:read","reports:write","changes:read","webhooks:manage"]"#
        );
        assert!(serde_json::from_str::<ApiScope>(r#""reports_read""#).is_err());
    }

    #[test]
    fn scopes_are_some_and_distinct() {
        assert!(validate_scopes(&[]).is_err());
        assert!(validate_scopes(&[ApiScope::ReportsRead, ApiScope::ReportsRead]).is_err());
        assert!(validate_scopes(&[ApiScope::ReportsRead, ApiScope::ChangesRead]).is_ok());
    }
}
