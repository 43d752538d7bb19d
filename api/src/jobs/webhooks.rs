//! Sends webhook deliveries (docs/INTEGRATION.md, Webhooks): each round gathers the feed's new
//! changes into deliveries, then claims due ones a few at a time, sends them outside any
//! transaction — signed, 15 s at most, no redirects, only to allowed addresses — and records
//! each attempt. A crash between sending and recording sends that delivery again (same
//! `webhook-id`) rather than never.

use crate::domain::webhooks::{TIMEOUT, may_call, signature};
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::{self, webhooks::DeliveryRow};
use crate::workflow::webhooks::{self as flow, Outcome};
use chrono::Duration;
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use serde::Serialize;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

/// Deliveries sent at once (and claimed together).
const BATCH: i64 = 8;

/// Attempts one round makes at most, so gathering comes round again.
const PER_ROUND: usize = 400;

/// How long a claimed delivery is left to its sender: twice the timeout, so it never runs out
/// while the attempt can still be answered.
const LEASE: Duration = Duration::seconds(30);

/// What one round did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Dispatched {
    /// Deliveries made from new changes.
    pub gathered: usize,
    pub delivered: usize,
    pub failed: usize,
}

/// A claimed delivery, its webhook's URL and the secrets that sign it now.
type Outgoing = (DeliveryRow, String, Vec<String>);

/// The HTTP client of webhooks.
pub struct Dispatcher {
    client: reqwest::Client,
    allow_private: bool,
}

impl Dispatcher {
    pub fn new(allow_private: bool) -> reqwest::Result<Dispatcher> {
        let client = reqwest::Client::builder()
            .timeout(TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            .dns_resolver(Arc::new(Guard { allow_private }))
            .user_agent(concat!("lapor-webhooks/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(Dispatcher {
            client,
            allow_private,
        })
    }

    async fn send(&self, (delivery, url, secrets): &Outgoing) -> Outcome {
        let started = std::time::Instant::now();
        let elapsed = || i32::try_from(started.elapsed().as_millis()).unwrap_or(i32::MAX);
        let failed = |error: String| Outcome {
            status: None,
            latency_ms: elapsed(),
            error: Some(error),
            retry_after: None,
        };
        // Addresses written as such never reach the resolver: checked here.
        if let Err(e) = literal_allowed(url, self.allow_private) {
            return failed(e);
        }
        let id = delivery.change_id.to_string();
        // The receiver compares it with its own clock: the real time, whatever clock is in scope.
        let timestamp = chrono::Utc::now().timestamp();
        let secrets: Vec<&str> = secrets.iter().map(String::as_str).collect();
        let sent = self
            .client
            .post(url)
            .header("content-type", "application/json")
            .header("webhook-id", &id)
            .header("webhook-timestamp", timestamp.to_string())
            .header(
                "webhook-signature",
                signature(&secrets, &id, timestamp, &delivery.payload),
            )
            .body(delivery.payload.clone())
            .send()
            .await;
        match sent {
            Ok(answer) => {
                let status = answer.status();
                let retry_after = answer
                    .headers()
                    .get("retry-after")
                    .and_then(|v| v.to_str().ok())
                    .and_then(retry_after);
                // The body is not read: a receiver's answer is its status.
                Outcome {
                    status: Some(status.as_u16()),
                    latency_ms: elapsed(),
                    error: (!status.is_success()).then(|| format!("HTTP {status}")),
                    retry_after,
                }
            }
            Err(e) => failed(describe(&e)),
        }
    }
}

/// `Retry-After` as seconds or an HTTP date.
fn retry_after(value: &str) -> Option<Duration> {
    if let Ok(secs) = value.trim().parse::<i64>() {
        return Some(Duration::seconds(secs.clamp(0, 86_400)));
    }
    let at = chrono::DateTime::parse_from_rfc2822(value.trim()).ok()?;
    Some(at.with_timezone(&chrono::Utc) - chrono::Utc::now())
}

/// A transport error in a line, without the URL (the webhook's owner knows it).
fn describe(e: &reqwest::Error) -> String {
    let kind = if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "could not connect"
    } else {
        "request failed"
    };
    let mut cause = String::new();
    let mut source = std::error::Error::source(e);
    while let Some(inner) = source {
        cause = inner.to_string();
        source = inner.source();
    }
    let line = if cause.is_empty() {
        kind.to_owned()
    } else {
        format!("{kind}: {cause}")
    };
    line.chars().take(300).collect()
}

/// Resolves a webhook's host and refuses it when any of its addresses is one lapor may not
/// call, at the moment of connecting (a name that changes its address after it was checked
/// gains nothing).
struct Guard {
    allow_private: bool,
}

impl Resolve for Guard {
    fn resolve(&self, name: Name) -> Resolving {
        let allow_private = self.allow_private;
        Box::pin(async move {
            let addrs = resolve(name.as_str(), 0, allow_private).await?;
            Ok(Box::new(addrs.into_iter()) as Addrs)
        })
    }
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

async fn resolve(host: &str, port: u16, allow_private: bool) -> Result<Vec<SocketAddr>, BoxError> {
    let addrs: Vec<SocketAddr> = tokio::net::lookup_host((host, port)).await?.collect();
    if addrs.is_empty() {
        return Err(format!("{host} has no address").into());
    }
    if let Some(refused) = addrs.iter().find(|a| !may_call(a.ip(), allow_private)) {
        return Err(format!(
            "{host} resolves to {}, which webhooks may not call",
            refused.ip()
        )
        .into());
    }
    Ok(addrs)
}

/// Checks a URL written as an address (`http://10.0.0.1/`).
fn literal_allowed(url: &str, allow_private: bool) -> Result<(), String> {
    let parsed = reqwest::Url::parse(url).map_err(|e| format!("not a URL: {e}"))?;
    let ip = match parsed.host() {
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip),
        _ => return Ok(()),
    };
    if may_call(ip, allow_private) {
        Ok(())
    } else {
        Err(format!("{ip} is an address webhooks may not call"))
    }
}

/// Checks a webhook URL before it is stored: `http`/`https`, no credentials, a host that
/// resolves only to addresses lapor may call. 422 on `field` otherwise.
pub async fn check_url(field: &str, url: &str, allow_private: bool) -> Result<(), ApiError> {
    let refuse = |code: &str, message: String| Err(ApiError::field(field, code, message));
    let Ok(parsed) = reqwest::Url::parse(url.trim()) else {
        return refuse("invalid", "not an absolute http(s) URL".to_owned());
    };
    if !matches!(parsed.scheme(), "http" | "https") {
        return refuse("invalid", "only http and https URLs".to_owned());
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return refuse(
            "invalid",
            "no credentials in the URL: receivers verify the signature".to_owned(),
        );
    }
    if let Err(e) = literal_allowed(parsed.as_str(), allow_private) {
        return refuse("not_allowed", e);
    }
    let (Some(host), Some(port)) = (parsed.host_str(), parsed.port_or_known_default()) else {
        return refuse("invalid", "the URL has no host".to_owned());
    };
    if let Some(url::Host::Domain(domain)) = parsed.host()
        && let Err(e) = resolve(domain, port, allow_private).await
    {
        let code = if e.to_string().contains("may not call") {
            "not_allowed"
        } else {
            "unresolvable"
        };
        return refuse(code, format!("{host}: {e}"));
    }
    Ok(())
}

/// One round: gather, then send what is due until nothing is (or the round's share is spent).
pub async fn round(state: &AppState, dispatcher: &Dispatcher) -> Result<Dispatched, ApiError> {
    let mut done = Dispatched {
        gathered: state.db(flow::gather).await?,
        ..Dispatched::default()
    };
    while done.delivered + done.failed < PER_ROUND {
        let claimed = state
            .db(|conn| {
                let now = store::now();
                let claimed = store::webhooks::claim(conn, now, now + LEASE, BATCH)?;
                Ok(claimed
                    .into_iter()
                    .map(|(delivery, hook)| {
                        let secrets = hook.signing_secrets(now);
                        (delivery, hook.url, secrets)
                    })
                    .collect::<Vec<Outgoing>>())
            })
            .await?;
        if claimed.is_empty() {
            break;
        }
        let outcomes = futures_util::future::join_all(
            claimed.iter().map(|outgoing| dispatcher.send(outgoing)),
        )
        .await;
        for outcome in &outcomes {
            if outcome.delivered() {
                done.delivered += 1;
            } else {
                log::info!("webhook delivery failed: {:?}", outcome.error);
                done.failed += 1;
            }
        }
        let site = state.site();
        state
            .tx(move |conn| {
                for ((delivery, ..), outcome) in claimed.iter().zip(&outcomes) {
                    flow::record(conn, site, delivery, outcome)?;
                }
                Ok(())
            })
            .await?;
    }
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        assert_eq!(retry_after("120"), Some(Duration::seconds(120)));
        assert_eq!(retry_after(" 0 "), Some(Duration::zero()));
        assert_eq!(retry_after("999999999"), Some(Duration::days(1)));
        let later = (chrono::Utc::now() + Duration::hours(1)).to_rfc2822();
        let wait = retry_after(&later).unwrap();
        assert!(wait > Duration::minutes(59) && wait <= Duration::hours(1));
        assert_eq!(retry_after("soon"), None);
    }

    #[test]
    fn literal_addresses_are_checked_before_any_connection() {
        assert!(literal_allowed("http://169.254.169.254/latest/meta-data", true).is_err());
        assert!(literal_allowed("http://[::1]:8080/", false).is_err());
        assert!(literal_allowed("http://[::1]:8080/", true).is_ok());
        assert!(literal_allowed("http://127.0.0.1/", false).is_err());
        assert!(literal_allowed("https://93.184.216.34/hook", false).is_ok());
        assert!(literal_allowed("https://example.org/hook", false).is_ok());
    }
}
