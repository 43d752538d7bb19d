//! The single list of routes. The router is the source of the OpenAPI spec: each handler's
//! `#[utoipa::path]` describes it, and `utoipa-actix-web` collects them as they are mounted.

pub mod api_keys;
pub mod attachments;
pub mod auth;
pub mod categories;
pub mod changes;
pub mod dispositions;
pub mod export;
pub mod extract;
pub mod followups;
pub mod health;
pub mod holidays;
pub mod institutions;
pub mod middleware;
pub mod national;
pub mod notifications;
pub mod public;
pub mod regions;
pub mod registration;
pub mod reports;
pub mod site;
pub mod sla;
pub mod stats;
pub mod users;
pub mod web;
pub mod webhooks;

use crate::error::PROBLEM_JSON;
use actix_web::HttpResponse;
use lapor_types::integration::WebhookEvent;
use lapor_types::problem::{FieldError, Problem};
use lapor_types::reports::ListOrder;
use lapor_types::stats::{Interval, LeagueSort, SortOrder};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, OpenApi as Spec, Ref};
use utoipa::{Modify, OpenApi};
use utoipa_actix_web::{scope, service_config::ServiceConfig};

/// 201 with the account and its `Location`.
pub fn created(user: &crate::store::users::UserRow) -> HttpResponse {
    HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/users/{}", user.id)))
        .json(user.to_wire())
}

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(health::healthz)
        .service(health::readyz)
        .service(
            scope::scope("/api/v1")
                .service(site::site)
                .service(registration::register)
                .service(registration::confirm_registration)
                .service(registration::request_password_reset)
                .service(registration::reset_password)
                .service(auth::login)
                .service(auth::refresh)
                .service(auth::logout)
                .service(auth::me)
                .service(auth::change_password)
                .service(auth::end_sessions)
                .service(users::list_users)
                .service(users::create_user)
                .service(users::get_user)
                .service(users::update_user)
                .service(api_keys::create_api_key)
                .service(api_keys::list_api_keys)
                .service(api_keys::revoke_api_key)
                .service(changes::list_changes)
                .service(webhooks::create_webhook)
                .service(webhooks::list_webhooks)
                .service(webhooks::get_webhook)
                .service(webhooks::update_webhook)
                .service(webhooks::delete_webhook)
                .service(webhooks::rotate_webhook_secret)
                .service(webhooks::list_webhook_deliveries)
                .service(webhooks::redeliver_webhook_delivery)
                .service(institutions::list_institutions)
                .service(institutions::create_institution)
                .service(institutions::get_institution)
                .service(institutions::update_institution)
                .service(regions::list_regions)
                .service(regions::get_region)
                .service(categories::list_categories)
                .service(categories::create_category)
                .service(categories::get_category)
                .service(categories::update_category)
                .service(holidays::list_holidays)
                .service(holidays::create_holiday)
                .service(holidays::delete_holiday)
                .service(sla::list_sla_policies)
                .service(sla::create_sla_policy)
                .service(sla::update_sla_policy)
                .service(sla::delete_sla_policy)
                .service(reports::create_report)
                .service(reports::list_reports)
                // Before `/reports/{id}`, which would take `export.csv` for a (bad) id.
                .service(export::export_reports)
                .service(reports::get_report)
                .service(reports::verify_report)
                .service(reports::hold_report)
                .service(reports::archive_report)
                .service(reports::flag_investigation)
                .service(reports::list_report_events)
                .service(national::get_report_national)
                .service(reports::track_report)
                .service(dispositions::create_disposition)
                .service(dispositions::list_report_dispositions)
                .service(dispositions::list_dispositions)
                .service(dispositions::accept_disposition)
                .service(dispositions::decline_disposition)
                .service(dispositions::complete_disposition)
                .service(dispositions::recall_disposition)
                .service(dispositions::extend_disposition)
                .service(followups::create_followup)
                .service(followups::list_followups)
                .service(followups::give_feedback)
                .service(attachments::upload_attachment)
                .service(attachments::list_attachments)
                .service(attachments::download_attachment)
                .service(public::list_public_reports)
                .service(public::get_public_report)
                .service(attachments::get_public_photo)
                .service(public::public_stats)
                .service(public::support_report)
                .service(stats::stats_summary)
                .service(stats::stats_institutions)
                .service(stats::stats_trend)
                .service(stats::stats_topics)
                .service(notifications::list_notifications)
                .service(notifications::unread_count)
                .service(notifications::mark_all_notifications_read)
                .service(notifications::mark_notification_read),
        );
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "lapor API",
        description = "Public-service complaint management (SP4N-LAPOR! model). Errors are RFC 9457 \
                       `application/problem+json` with a stable `code`. Lists answer \
                       `{items, next_cursor}`; pass `next_cursor` back as `cursor`.",
        license(name = "AGPL-3.0-or-later", identifier = "AGPL-3.0-or-later")
    ),
    // Enums only query parameters name are not collected from the handlers.
    components(schemas(
        Problem, FieldError, LeagueSort, SortOrder, Interval, ListOrder, WebhookEvent
    )),
    modifiers(&BearerAuth),
    tags(
        (name = "auth", description = "Accounts and sessions"),
        (name = "users", description = "Account administration"),
        (name = "integration", description = "API keys, the change feed and webhooks, for integrators"),
        (name = "institutions", description = "The institution tree"),
        (name = "regions", description = "Kemendagri regions"),
        (name = "categories", description = "Report categories"),
        (name = "holidays", description = "Days off for deadline arithmetic"),
        (name = "reports", description = "Reports: intake, tracking, lifecycle"),
        (name = "dispositions", description = "Routing reports to the units that act"),
        (name = "followups", description = "The thread of a report and the reporter's verdict"),
        (name = "public", description = "The public feed and supports"),
        (name = "sla", description = "The SLA policy deadlines are computed by"),
        (name = "notifications", description = "The signed-in user's notifications"),
        (name = "stats", description = "Statistics, scoped to what the caller may see"),
        (name = "operations", description = "Health checks"),
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, spec: &mut Spec) {
        let components = spec.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some("Access token from POST /api/v1/auth/login"))
                    .build(),
            ),
        );
    }
}

/// The requests lapor makes to webhooks (OpenAPI 3.1 `webhooks`, which utoipa does not model:
/// added as a top-level member of the finished spec).
pub struct Webhooks;

impl Modify for Webhooks {
    fn modify(&self, spec: &mut Spec) {
        let header = |name: &str, description: &str| {
            serde_json::json!({
                "name": name, "in": "header", "required": true,
                "description": description, "schema": {"type": "string"}
            })
        };
        let change = serde_json::json!({
            "post": {
                "summary": "A change of a report the webhook's account may see",
                "description": "Sent to each active webhook that wants the change's kind, at least once, in order per report, signed as Standard Webhooks 1.0 specifies (docs/INTEGRATION.md). Any 2xx answer within 15 s delivers it; anything else is tried again (immediately, 5 s, 5 min, 30 min, 2 h, 5 h, then every 10 h, or when `Retry-After` says); 410 turns the webhook off, as do three days of failures.",
                "parameters": [
                    header("webhook-id", "The change's id (`data.id`): the same on every attempt; deduplicate by it."),
                    header("webhook-timestamp", "Seconds since the epoch when this attempt was signed; reject old ones (5 minutes is usual)."),
                    header("webhook-signature", "`v1,` and the base64 HMAC-SHA256, by the secret's base64-decoded bytes after `whsec_`, of `{webhook-id}.{webhook-timestamp}.{body}`; for a day after a rotation a second, space-separated, by the previous secret."),
                ],
                "requestBody": {
                    "required": true,
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/WebhookEvent"}}}
                },
                "responses": {
                    "2XX": {"description": "Received"},
                    "410": {"description": "Gone: lapor turns the webhook off"},
                    "default": {"description": "Not received: tried again later"}
                }
            }
        });
        let extensions = spec.extensions.get_or_insert_with(Default::default);
        extensions.insert(
            "webhooks".to_owned(),
            serde_json::json!({ "reportChange": change }),
        );
    }
}

/// The answers every operation of a kind can give, whatever its handler says: a path parameter
/// that does not parse (400 `invalid_path`), a JSON body of another type or too large (415, 413),
/// and a database that is away (503). Applied to the finished spec, before `ProblemBodies`.
pub struct CommonAnswers;

impl CommonAnswers {
    fn add(op: &mut utoipa::openapi::path::Operation, status: &str, description: &str) {
        use utoipa::openapi::RefOr;
        match op.responses.responses.get_mut(status) {
            Some(RefOr::T(response)) if !response.description.contains(description) => {
                response.description = format!("{}; or {description}", response.description);
            }
            Some(_) => {}
            None => {
                let mut first = description.chars();
                let sentence: String = first
                    .next()
                    .map(|c| c.to_uppercase().chain(first).collect())
                    .unwrap_or_default();
                op.responses.responses.insert(
                    status.to_owned(),
                    RefOr::T(utoipa::openapi::Response::new(sentence)),
                );
            }
        }
    }
}

impl Modify for CommonAnswers {
    fn modify(&self, spec: &mut Spec) {
        for (path, item) in spec.paths.paths.iter_mut() {
            let operations = [
                &mut item.get,
                &mut item.post,
                &mut item.put,
                &mut item.patch,
                &mut item.delete,
            ];
            for op in operations.into_iter().flatten() {
                // Anything but a plain string (an id, a date) can fail to parse.
                let typed_path = op.parameters.iter().flatten().any(|p| {
                    p.parameter_in == utoipa::openapi::path::ParameterIn::Path
                        && serde_json::to_value(&p.schema)
                            .is_ok_and(|s| s["type"] != "string" || s.get("format").is_some())
                });
                if typed_path {
                    Self::add(
                        op,
                        "400",
                        "a path parameter of the wrong type or out of range (`invalid_path`)",
                    );
                }
                let json_body = op
                    .request_body
                    .as_ref()
                    .is_some_and(|b| b.content.contains_key("application/json"));
                if json_body {
                    Self::add(
                        op,
                        "413",
                        "the body is larger than `LAPOR_MAX_JSON_BYTES` (`payload_too_large`)",
                    );
                    Self::add(
                        op,
                        "415",
                        "the body is not `application/json` (`unsupported_media_type`)",
                    );
                }
                if path.as_str() != "/healthz" {
                    Self::add(
                        op,
                        "503",
                        "the database is unavailable (`database_unavailable`)",
                    );
                }
            }
        }
    }
}

/// Every error answer carries a problem+json body; handlers only name status and meaning.
/// Applied to the finished spec (paths are collected after `ApiDoc`'s own modifiers run).
pub struct ProblemBodies;

impl Modify for ProblemBodies {
    fn modify(&self, spec: &mut Spec) {
        let problem = ContentBuilder::new()
            .schema(Some(Ref::from_schema_name("Problem")))
            .build();
        for item in spec.paths.paths.values_mut() {
            let operations = [
                &mut item.get,
                &mut item.post,
                &mut item.put,
                &mut item.patch,
                &mut item.delete,
            ];
            for op in operations.into_iter().flatten() {
                for (status, response) in op.responses.responses.iter_mut() {
                    let is_error = status.starts_with('4') || status.starts_with('5');
                    if let utoipa::openapi::RefOr::T(response) = response
                        && is_error
                    {
                        response
                            .content
                            .insert(PROBLEM_JSON.to_owned(), problem.clone());
                    }
                }
            }
        }
    }
}
